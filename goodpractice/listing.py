"""The public list of examples: search, filters with counts, sorting – from the GET parameters.

One :class:`PracticeSearch` describes a list (the page, its feeds and its CSV/JSON twins all
build it from the same query string, so they always hold the same examples). Within one
filter the chosen values are alternatives (any of them); different filters must all hold.
The count shown next to a value is the number of examples the list would have with that
value added, i.e. counted with every *other* filter applied.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest, NullIf
from django.db.models.lookups import LessThanOrEqual
from django.http import QueryDict
from django.utils.translation import get_language
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
FACETS = ["topic", "group", "method", "goal", "region", "kind", "country", "year", "verified"]
FACET_LABELS = {
    "topic": _("Topic"),
    "group": _("Target group"),
    "method": _("Method"),
    "goal": _("Sustainable development goal"),
    "region": _("Region"),
    "kind": _("Kind of member"),
    "country": _("Country"),
    "year": _("Year"),
    "verified": _("Verified by the network"),
}
MAX_QUERY_LENGTH = 1000
# Filters on a many-to-many relation: the relation and the lookup on its through table.
LINKED_FILTERS = {
    "group": ("target_groups", "targetgroup__slug__in"),
    "method": ("methods", "method__slug__in"),
    "goal": ("goals", "goal__number__in"),
    "region": ("members", "member__region__nuts3__in"),
    "kind": ("members", "member__kind__in"),
}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    remove_query: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def selected_options(self):
        return [option for option in self.options if option.selected]


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


class PracticeSearch:
    def __init__(self, params: QueryDict, language: str | None = None):
        self.language = language or get_language() or "cs"
        self.q = (params.get("q") or "")[:MAX_QUERY_LENGTH].strip()
        self.terms = search.build(self.q)
        self.selected: dict[str, list[str]] = {}
        for name in FACETS:
            # PostgreSQL refuses NUL characters in text: such a value cannot match anything.
            values = [value[:80] for value in params.getlist(name) if value and "\x00" not in value]
            values = values[:30]
            if name in ("goal", "year"):
                values = [value for value in values if value.isdigit() and len(value) <= 4]
            if name == "verified":
                values = ["1"] if "1" in values else []
            if values:
                self.selected[name] = list(dict.fromkeys(values))
        sort = params.get("sort") or ""
        if sort not in SORTS or (sort == "relevance" and not self.terms):
            sort = "relevance" if self.terms else "newest"
        self.sort = sort

    # --- the queryset -------------------------------------------------------------------
    @property
    def english(self) -> bool:
        return self.language == "en"

    def _czech_query(self):
        return SearchQuery(self.terms.czech, search_type="raw", config=CZECH_SEARCH_CONFIG)

    def _english_query(self):
        return SearchQuery(self.terms.english, search_type="raw", config=ENGLISH_SEARCH_CONFIG)

    def _match(self) -> Q:
        """Czech pages search the Czech text; English pages the English text (stemmed) and
        the Czech text too, so that Czech-only examples and Czech names are found."""
        czech = Q(search_cs=self._czech_query())
        if self.english:
            return Q(search_en=self._english_query()) | czech
        return czech

    def _filter_q(self, name: str, values: list[str]) -> Q:
        if name == "topic":
            return Q(topic__slug__in=values)
        if name in LINKED_FILTERS:
            relation, lookup = LINKED_FILTERS[name]
            return Q(Exists(_through(relation).filter(practice=OuterRef("pk"), **{lookup: values})))
        if name == "country":
            return Q(country__in=values)
        if name == "year":
            # With a search, "+ 0" keeps the planner off the year index: for broad words it
            # would otherwise start from the years and test each row's (TOASTed) search vector,
            # 80–150 ms instead of 30–50 ms at 50,000 examples (see benchmark_search).
            year_from = F("year_from") + 0 if self.terms else F("year_from")
            condition = Q()
            for value in values:
                year = int(value)
                condition |= Q(LessThanOrEqual(year_from, year)) & (
                    Q(year_to__gte=year) | Q(year_to__isnull=True, year_from=year)
                )
            return condition
        if name == "verified":
            return Q(verified=True)
        raise ValueError(name)

    def filtered(self, *, without: str | None = None) -> QuerySet:
        """Published examples matching the search and every filter except ``without``."""
        queryset = Practice.objects.published()
        if self.terms:
            queryset = queryset.filter(self._match())
        for name, values in self.selected.items():
            if name != without:
                queryset = queryset.filter(self._filter_q(name, values))
        return queryset

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

    def results(self) -> QuerySet:
        """The list itself, sorted, with rank and highlighted snippet when searching."""
        queryset = self.filtered()
        if self.terms:
            queryset = queryset.annotate(rank=self._rank(), snippet=self._snippet())
        if self.sort == "relevance":
            return queryset.order_by("-rank", "-published_at", "-pk")
        if self.sort == "title":
            return queryset.order_by(self._title_order().asc(), "pk")
        return queryset.order_by("-published_at", "-pk")

    # --- the counts ---------------------------------------------------------------------
    def facets(self) -> list[Facet]:
        """Every filter with its values and counts: a fixed number of queries."""
        facets = []
        facets.append(
            self._facet_from_terms(
                "topic",
                Topic.objects.all(),
                self._counts(self.filtered(without="topic").values("topic__slug"), "topic__slug"),
            )
        )
        for name, relation, model, key in (
            ("group", "target_groups", TargetGroup, "targetgroup__slug"),
            ("method", "methods", Method, "method__slug"),
        ):
            counts = self._counts(
                _through(relation)
                .filter(practice__in=self.filtered(without=name).values("pk"))
                .values(key),
                key,
                through=True,
            )
            facets.append(self._facet_from_terms(name, model.objects.all(), counts))
        goal_counts = self._counts(
            _through("goals")
            .filter(practice__in=self.filtered(without="goal").values("pk"))
            .values("goal__number"),
            "goal__number",
            through=True,
        )
        facets.append(
            Facet(
                "goal",
                FACET_LABELS["goal"],
                [
                    Option(
                        str(goal.number),
                        str(goal),
                        goal_counts.get(goal.number, 0),
                        str(goal.number) in self.selected.get("goal", []),
                    )
                    for goal in Goal.objects.all()
                ],
            )
        )
        region_counts = self._counts(
            _through("members")
            .filter(practice__in=self.filtered(without="region").values("pk"))
            .values("member__region__nuts3"),
            "member__region__nuts3",
            through=True,
            distinct=True,
        )
        facets.append(
            Facet(
                "region",
                FACET_LABELS["region"],
                [
                    Option(
                        region.nuts3,
                        region.name,
                        region_counts.get(region.nuts3, 0),
                        region.nuts3 in self.selected.get("region", []),
                    )
                    for region in Region.objects.all()
                ],
            )
        )
        kind_counts = self._counts(
            _through("members")
            .filter(practice__in=self.filtered(without="kind").values("pk"))
            .values("member__kind"),
            "member__kind",
            through=True,
            distinct=True,
        )
        facets.append(self._facet_from_choices("kind", Member.Kind.choices, kind_counts))
        country_counts = self._counts(self.filtered(without="country").values("country"), "country")
        facets.append(self._facet_from_choices("country", Country.choices, country_counts))
        facets.append(self._year_facet())
        verified = self.filtered(without="verified").filter(verified=True).count()
        facets.append(
            Facet(
                "verified",
                FACET_LABELS["verified"],
                [
                    Option(
                        "1",
                        str(_("verified examples only")),
                        verified,
                        "verified" in self.selected,
                    )
                ],
            )
        )
        for facet in facets:
            for option in facet.selected_options:
                option.remove_query = self.without(facet.name, option.value)
        return facets

    @staticmethod
    def _counts(values_queryset, key, *, through=False, distinct=False) -> dict:
        counted = values_queryset.annotate(
            n=Count("practice_id" if through else "pk", distinct=distinct)
        )
        return {row[key]: row["n"] for row in counted.order_by()}

    def _facet_from_terms(self, name, terms, counts) -> Facet:
        chosen = self.selected.get(name, [])
        return Facet(
            name,
            FACET_LABELS[name],
            [
                Option(term.slug, term.name, counts.get(term.slug, 0), term.slug in chosen)
                for term in terms
            ],
        )

    def _facet_from_choices(self, name, choices, counts) -> Facet:
        chosen = self.selected.get(name, [])
        options = [
            Option(value, str(label), counts.get(value, 0), value in chosen)
            for value, label in choices
        ]
        # Only the values that occur (or are chosen): a long list of zeros helps nobody.
        return Facet(
            name,
            FACET_LABELS[name],
            [option for option in options if option.count or option.selected],
        )

    def _year_facet(self) -> Facet:
        """Counts per year; an example running 2019–2021 counts in each of those years."""
        sql, params = (
            self.filtered(without="year").values("year_from", "year_to").query.sql_with_params()
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
        chosen = self.selected.get("year", [])
        options = [Option(str(year), str(year), count, str(year) in chosen) for year, count in rows]
        present = {option.value for option in options}
        options += [Option(year, year, 0, True) for year in chosen if year not in present]
        return Facet("year", FACET_LABELS["year"], options)

    # --- URLs ---------------------------------------------------------------------------
    def params(self, *, sort=True) -> QueryDict:
        """The query string of this list (without the page)."""
        query = QueryDict(mutable=True)
        if self.q:
            query["q"] = self.q
        for name, values in self.selected.items():
            query.setlist(name, values)
        if sort and self.sort != ("relevance" if self.terms else "newest"):
            query["sort"] = self.sort
        return query

    def without(self, name: str, value: str) -> str:
        """The query string of this list with one chosen value removed."""
        query = self.params()
        query.setlist(name, [v for v in query.getlist(name) if v != value])
        return query.urlencode()

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.selected)
