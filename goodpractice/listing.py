"""The public list of examples: search, filters with counts, sorting – from the GET parameters.

:class:`PracticeSearch` describes the list for the shared engine (``network_portal.listing``):
the page, its feeds and its CSV/JSON twins all build it from the same query string. What is
particular to good practice lives here: the Czech/English full-text match and ranking, the
highlighted snippets, the year filter over a period of years, and the planner hint that a
full-text search needs (applied by the engine wherever the list is evaluated).
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest, NullIf
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from goodpractice import search
from goodpractice.models import (
    CZECH_SEARCH_CONFIG,
    ENGLISH_SEARCH_CONFIG,
    Country,
    Goal,
    Method,
    Practice,
    TargetGroup,
    Topic,
)
from members.models import Member, Region
from network_portal.listing import Facet, Filter, FilteredList, Option

# Markers around highlighted words in snippets: control characters, which stored text no
# longer contains (network_portal.text) and which are removed from the source text before
# ts_headline all the same, for rows stored earlier. The template filter escapes everything,
# then turns only these into <mark>.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"

SORTS = {
    "relevance": _("relevance"),
    "newest": _("newest"),
    "title": _("title"),
}


def _through(relation):
    return getattr(Practice, relation).through.objects


@contextmanager
def text_search_plan(searching: bool):
    """Run the queries of a searched list with the GIN index first.

    PostgreSQL does not count the cost of de-TOASTing each row's search vector, so for broad
    words on the (narrow) table it prefers a sequential scan or a join that tests the match
    row by row (a nested loop over a filter's rows): 100–280 ms instead of 10–40 ms at 50,000
    examples. Inside one transaction, ``SET LOCAL`` makes it start from the GIN index and hash
    the joins; the settings end with the transaction.
    """
    if not searching:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            # One statement, so the hint costs one query.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_nestloop = off")
        yield


def _linked(name, label, relation, key, *, choices, lookup_key=None, **options) -> Filter:
    """A filter over a many-to-many relation, matched and counted on its link table."""
    lookup_key = lookup_key or key

    def lookup(values):
        links = _through(relation).filter(practice=OuterRef("pk"), **{f"{lookup_key}__in": values})
        return Q(Exists(links))

    return Filter(
        name,
        label,
        choices=choices,
        lookup=lookup,
        through=lambda: _through(relation),
        through_field="practice",
        count_by=key,
        **options,
    )


def _terms(model):
    return lambda: [(term.slug, term.name) for term in model.objects.all()]


class YearFilter(Filter):
    """Examples running in a year: one running 2019–2021 counts in each of those years."""

    def q(self, values, listing):
        # With a search, "+ 0" keeps the planner off the year index: for broad words it
        # would otherwise start from the years and test each row's (TOASTed) search vector,
        # 80–150 ms instead of 30–50 ms at 50,000 examples (see benchmark_search).
        year_from = F("year_from") + 0 if listing.searching else F("year_from")
        condition = Q()
        for value in values:
            year = int(value)
            condition |= Q(LessThanOrEqual(year_from, year)) & (
                Q(year_to__gte=year) | Q(year_to__isnull=True, year_from=year)
            )
        return condition

    def facet(self, listing) -> Facet:
        sql, params = (
            listing.filtered(without=self.name)
            .values("year_from", "year_to")
            .query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT y, count(*) FROM (" + sql + ") AS p "  # noqa: S608 - Django's own SQL
                "CROSS JOIN LATERAL generate_series(p.year_from, "
                "LEAST(COALESCE(p.year_to, p.year_from), p.year_from + 50)) AS y "
                "GROUP BY y ORDER BY y DESC",
                params,
            )
            rows = cursor.fetchall()
        chosen = listing.selected.get(self.name, [])
        options = [Option(str(year), str(year), count, str(year) in chosen) for year, count in rows]
        present = {option.value for option in options}
        options += [Option(year, year, 0, True) for year in chosen if year not in present]
        return Facet(self.name, str(self.label), options)


class VerifiedFilter(Filter):
    def facet(self, listing) -> Facet:
        count = listing.filtered(without=self.name).filter(verified=True).count()
        option = Option("1", str(_("verified examples only")), count, self.name in listing.selected)
        return Facet(self.name, str(self.label), [option], widget=self.widget)


def _is_number(value: str) -> bool:
    return value.isdigit() and len(value) <= 4


class PracticeSearch(FilteredList):
    filters = (
        Filter(
            "topic", _("Topic"), field="topic__slug", choices=_terms(Topic), count_by="topic__slug"
        ),
        _linked(
            "group",
            _("Target group"),
            "target_groups",
            "targetgroup__slug",
            choices=_terms(TargetGroup),
        ),
        _linked("method", _("Method"), "methods", "method__slug", choices=_terms(Method)),
        _linked(
            "goal",
            _("Sustainable development goal"),
            "goals",
            "goal__number",
            choices=lambda: [(str(goal.number), str(goal)) for goal in Goal.objects.all()],
            valid=_is_number,
        ),
        _linked(
            "region",
            _("Region"),
            "members",
            "member__region__nuts3",
            choices=lambda: [(region.nuts3, region.name) for region in Region.objects.all()],
            distinct=True,
        ),
        _linked(
            "kind",
            _("Kind of member"),
            "members",
            "member__kind",
            choices=lambda: Member.Kind.choices,
            distinct=True,
            hide_empty=True,
        ),
        Filter("country", _("Country"), choices=lambda: Country.choices, hide_empty=True),
        YearFilter("year", _("Year"), valid=_is_number),
        VerifiedFilter(
            "verified",
            _("Verified by the network"),
            lookup=lambda values: Q(verified=True),
            valid=lambda value: value == "1",
            multiple=False,
            widget="checkboxes",
        ),
    )
    sorts = SORTS

    @cached_property
    def terms(self):
        return search.build(self.q)

    @property
    def searching(self) -> bool:
        return bool(self.terms)

    def available_sorts(self):
        if self.searching:
            return SORTS
        return {key: label for key, label in SORTS.items() if key != "relevance"}

    def implied_sort(self) -> str:
        return "relevance" if self.searching else "newest"

    def plan(self):
        return text_search_plan(self.searching)

    @property
    def english(self) -> bool:
        return self.language == "en"

    def best(self, limit: int) -> tuple[list[Practice], int]:
        """The best ``limit`` examples with the number of all, for the site search."""
        queryset = (
            self.results()
            .select_related("topic")
            .prefetch_related(Prefetch("members", queryset=Member.objects.select_related("region")))
        )
        return super().preview(queryset, limit)

    # --- the queryset -------------------------------------------------------------------
    def base(self) -> QuerySet:
        return Practice.objects.published()

    def _czech_query(self):
        return SearchQuery(self.terms.czech, search_type="raw", config=CZECH_SEARCH_CONFIG)

    def _english_query(self):
        return SearchQuery(self.terms.english, search_type="raw", config=ENGLISH_SEARCH_CONFIG)

    def match(self, queryset):
        """Czech pages search the Czech text; English pages the English text (stemmed) and
        the Czech text too, so that Czech-only examples and Czech names are found."""
        czech = Q(search_cs=self._czech_query())
        if self.english:
            return queryset.filter(Q(search_en=self._english_query()) | czech)
        return queryset.filter(czech)

    def _rank(self):
        czech = SearchRank(F("rank_cs"), self._czech_query())
        if self.english:
            return Greatest(SearchRank(F("rank_en"), self._english_query()), czech)
        return czech

    def _headline(self, summary, body, query, config):
        text = Func(
            Concat(
                Coalesce(F(summary), Value(""), output_field=TextField()),
                Value(" "),
                Coalesce(F(body), Value(""), output_field=TextField()),
                output_field=TextField(),
            ),
            Value(HIGHLIGHT_START + HIGHLIGHT_STOP),
            Value(""),
            function="translate",
            output_field=TextField(),
        )
        return SearchHeadline(
            text,
            query,
            config=config,
            start_sel=HIGHLIGHT_START,
            stop_sel=HIGHLIGHT_STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )

    def _snippet(self):
        czech = self._headline("summary_cs", "body_cs", self._czech_query(), CZECH_SEARCH_CONFIG)
        if not self.english:
            return czech
        english = self._headline(
            "summary_en", "body_en", self._english_query(), ENGLISH_SEARCH_CONFIG
        )
        return Case(When(Q(summary_en="") | Q(summary_en=None), then=czech), default=english)

    def _title_order(self):
        if self.english:
            return Coalesce(
                NullIf(F("title_en"), Value("")), F("title_cs"), output_field=CharField()
            )
        return F("title_cs")

    def order(self, queryset) -> QuerySet:
        """Sorted, with rank and highlighted snippet when searching."""
        if self.searching:
            queryset = queryset.annotate(rank=self._rank(), snippet=self._snippet())
        if self.sort == "relevance":
            return queryset.order_by("-rank", "-published_at", "-pk")
        if self.sort == "title":
            return queryset.order_by(self._title_order().asc(), "pk")
        return queryset.order_by("-published_at", "-pk")
