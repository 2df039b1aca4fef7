"""The public list of examples: search, filters with counts, sorting – from the GET parameters.

:class:`PracticeSearch` describes the list for the shared engine (``network_portal.listing``):
the page, its feeds and its CSV/JSON twins all build it from the same query string. What is
particular to good practice lives here: the list reads the narrow search rows
(``PracticeSearchRow``, kept by ``goodpractice.indexing``) with the lemmatized Czech/English
match and ranking, counts all nine filters in one statement over the matching rows
(:meth:`PracticeSearch._count`, which also gives the paginator its count), and draws
highlighted snippets from the examples' own text.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from goodpractice import blocks, indexing
from goodpractice.indexing import ALL_ROWS, FACET_SPAN, FACETS, code
from goodpractice.models import (
    Country,
    Goal,
    Method,
    Practice,
    PracticeFacetTotal,
    PracticeSearchRow,
    PracticeSearchText,
    TargetGroup,
    Topic,
)
from members.models import Member, Region
from network_portal import pagecache, search
from network_portal.listing import (
    Facet,
    Filter,
    FilteredList,
    Option,
)
from network_portal.search import CZECH_SEARCH_CONFIG, ENGLISH_SEARCH_CONFIG

SORTS = {
    "relevance": _("relevance"),
    "newest": _("newest"),
    "title": _("title"),
}


@contextmanager
def list_plan(searching: bool):
    """Run the list's queries without JIT compilation, in one transaction.

    The list's statements are short, and PostgreSQL's JIT would spend longer compiling the
    counting query than running it; parallel workers only add start-up time to statements
    this short. With search words, PostgreSQL does not count the cost of reading each row's
    out-of-line document, so for broad words it would scan the text rows and test them one by
    one instead of starting from the GIN index (figures: README, Benchmarks). ``SET LOCAL``
    ends with the transaction.
    """
    settings = "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0"
    if searching:
        settings += "; SET LOCAL enable_seqscan = off"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(settings)  # one statement: the plan costs one query
        yield


class RowFilter(Filter):
    """A filter held in the ``keys`` of the search rows (``PracticeSearchRow``): a row
    passes when it holds the key of any chosen value. ``vocabulary`` names the list's
    mapping from the values in the address (slugs, numbers, codes) to the value in the key
    (an id, a year, a position), with the labels to show."""

    def __init__(self, name, label, *, vocabulary, **options):
        super().__init__(name, label, **options)
        self.vocabulary = vocabulary
        self.number = FACETS.index(name)

    def stored(self, values, listing) -> list[int]:
        mapping = listing.vocabulary(self.vocabulary)
        return [mapping[value][0] for value in values if value in mapping]

    def keys(self, values, listing) -> list[int]:
        return [self.number * FACET_SPAN + value for value in self.stored(values, listing)]

    def q(self, values, listing):
        return Q(row__keys__overlap=self.keys(values, listing))

    def facet(self, listing) -> Facet:
        counts = listing.counts_for(self)
        chosen = listing.selected.get(self.name, [])
        options = [
            Option(value, str(label), counts.get(stored, 0), value in chosen)
            for value, (stored, label) in listing.vocabulary(self.vocabulary).items()
        ]
        if self.hide_empty:
            options = [option for option in options if option.count or option.selected]
        return Facet(self.name, str(self.label), options, widget=self.widget)


class YearFilter(RowFilter):
    """Examples running in a year: one running 2019–2021 counts in each of those years (the
    rows hold every year of the period)."""

    def stored(self, values, listing):
        return [int(value) for value in values]

    def facet(self, listing) -> Facet:
        counts = listing.counts_for(self)
        chosen = listing.selected.get(self.name, [])
        options = [
            Option(str(year), str(year), counts[year], str(year) in chosen)
            for year in sorted(counts, reverse=True)
        ]
        present = {option.value for option in options}
        options += [Option(year, year, 0, True) for year in chosen if year not in present]
        return Facet(self.name, str(self.label), options)


class VerifiedFilter(RowFilter):
    def stored(self, values, listing):
        return [1]

    def facet(self, listing) -> Facet:
        count = listing.counts_for(self).get(1, 0)
        option = Option("1", str(_("verified examples only")), count, self.name in listing.selected)
        return Facet(self.name, str(self.label), [option], widget=self.widget)


def _read_vocabularies() -> dict[str, dict[str, tuple]]:
    """Each filter's values in the address → (what the rows store, label), in the active
    language."""

    def terms(model):
        return {term.slug: (term.pk, term.name) for term in model.objects.all()}

    def choices(name, pairs):
        return {value: (code(name, value), str(label)) for value, label in pairs}

    return {
        "topic": terms(Topic),
        "group": terms(TargetGroup),
        "method": terms(Method),
        "goal": {str(goal.number): (goal.pk, str(goal)) for goal in Goal.objects.all()},
        "region": {region.nuts3: (region.pk, region.name) for region in Region.objects.all()},
        "kind": choices("kind", Member.Kind.choices),
        "country": choices("country", Country.choices),
    }


def _is_number(value: str) -> bool:
    return value.isdigit() and len(value) <= 4


class PracticeSearch(FilteredList):
    """The examples on the search rows: filters, counts and sorting read only the narrow
    ``PracticeSearchRow`` table of the page's language (joined to the examples for the page
    itself), and every count of the page comes from one query (:meth:`counts_for`)."""

    count_phrase = ngettext_lazy("%(count)s example", "%(count)s examples", "count")

    filters = (
        RowFilter("topic", _("Topic"), vocabulary="topic"),
        RowFilter("group", _("Target group"), vocabulary="group"),
        RowFilter("method", _("Method"), vocabulary="method"),
        RowFilter("goal", _("Sustainable development goal"), vocabulary="goal", valid=_is_number),
        RowFilter("region", _("Region"), vocabulary="region"),
        RowFilter("kind", _("Kind of member"), vocabulary="kind", hide_empty=True),
        RowFilter("country", _("Country"), vocabulary="country", hide_empty=True),
        YearFilter("year", _("Year"), vocabulary="", valid=_is_number),
        VerifiedFilter(
            "verified",
            _("Verified by the network"),
            vocabulary="",
            valid=lambda value: value == "1",
            multiple=False,
            widget="checkboxes",
        ),
    )
    sorts = SORTS

    def available_sorts(self):
        if self.searching:
            return SORTS
        return {key: label for key, label in SORTS.items() if key != "relevance"}

    def implied_sort(self) -> str:
        return "relevance" if self.searching else "newest"

    @contextmanager
    def plan(self):
        # Re-entrant: the page's count runs inside the page's plan.
        if getattr(self, "_planned", False):
            yield
            return
        self._planned = True
        try:
            with list_plan(self.searching):
                yield
        finally:
            self._planned = False

    @property
    def english(self) -> bool:
        return self.language == "en"

    @cached_property
    def _vocabularies(self) -> dict[str, dict[str, tuple]]:
        """Shared by every process until a write to a vocabulary (``pagecache.shared``): the
        list's first visitor after an example was saved reads the counts and the page again,
        not the five vocabularies."""
        return pagecache.shared("goodpractice-vocabularies", _read_vocabularies)

    def vocabulary(self, name: str) -> dict[str, tuple]:
        """Value in the address → (what the rows store, label), in the vocabulary's order."""
        return self._vocabularies[name]

    @cached_property
    def _one_pass(self) -> tuple[int, dict[str, dict[int, int]]]:
        """The number of results and every facet's counts: one statement (:meth:`_count`),
        shared by every process until the next write (``pagecache.shared``): the pages of
        logged-in visitors are not cached whole, and a visitor paging or re-sorting a search
        asks for the same counts again."""
        return pagecache.shared(
            "goodpractice-counts",
            self._count,
            self.language,
            self.params(sort=False).urlencode(),
        )

    def _count(self) -> tuple[int, dict[str, dict[int, int]]]:
        """One statement: the keys of the rows passing every chosen filter (the number of
        results and every facet not chosen), and for each chosen filter the keys of the rows
        passing every *other* filter (its own facet's counts). A part over every row (no
        words, no other filter) reads the kept totals instead of the rows. Broad words with
        no filter or several are added up from the blocks' parts instead, where they can be
        (:meth:`_in_blocks`)."""
        window = self._window_wanted
        if self._in_blocks(window[1] if window else 0):
            counted = self._count_in_blocks(window)
            if counted is not None:
                return counted
        chosen = self._chosen
        # The page of the ranked list that page() is about to show comes with the counts when
        # the statement reads every matching row anyway: several filters, or broad words.
        ranked = (
            self.searching
            and window is not None
            and (len(chosen) > 1 or (not chosen and self._words_are_broad))
        )
        if self.searching and len(chosen) > 1:
            sql, params = self._parts_of_one_match(chosen, ranked=ranked)
        else:
            sql, params = self._parts(chosen, ranked=ranked)
        with self.plan(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if ranked:
            page = sorted((count, key) for part, key, count in found if part == RANKED_PART)
            self._ranked_with_counts = (window, [pk for _n, pk in page])
        return self._tally((part, key, count) for part, key, count in found if part >= 0)

    @cached_property
    def _chosen(self) -> dict[str, list[int]]:
        """The chosen filters' keys, by filter."""
        return {
            list_filter.name: list_filter.keys(self.selected[list_filter.name], self)
            for list_filter in self.filters
            if list_filter.name in self.selected
        }

    def _tally(self, counted) -> tuple[int, dict[str, dict[int, int]]]:
        """The number of results and every facet's counts from the counting parts' (part,
        key, count): part 0 (every filter) gives the number and the facets not chosen, the
        part of each chosen filter its own facet."""
        facets = [None, *self._chosen]
        counts: dict[str, dict[int, int]] = {name: {} for name in FACETS}
        total = 0
        for part, key, count in counted:
            name = FACETS[key // FACET_SPAN] if key != ALL_ROWS else None
            if part == 0 and name is None:
                total = count
            elif name == facets[part] or (part == 0 and name not in self._chosen):
                counts[name][key % FACET_SPAN] = count
        return total, counts

    def _in_blocks(self, top: int) -> bool:
        """Whether the list is counted and ranked block by block (``goodpractice.blocks``):
        broad words with no filter or several, where parts are shared, down to rank ``top``
        (the first pages)."""
        return (
            self.searching
            and len(self.selected) != 1
            and top <= blocks.HEAD
            and pagecache.sharing_enabled()
            and self._words_are_broad
        )

    def _from_blocks(self, top: int):
        """The number of results, every facet's counts and ranks 0–``top``, added up from the
        blocks' parts, of which only those written since they were kept are read again
        (``None`` while writes keep landing between the statements)."""
        chosen = self._chosen
        with self.plan():
            try:
                if not chosen:
                    found, ranked = blocks.counted_and_ranked(
                        self._matching_rows(ranked=True),
                        PracticeSearchRow.objects.filter(language=self.language)
                        .order_by()
                        .values("practice_id", "keys"),
                        PracticeFacetTotal.objects.filter(language=self.language),
                        top,
                    )
                    counted = ((0, key, count) for key, count in found.items())
                else:
                    rows, counting = self._one_match(chosen, ranked=True)
                    size = indexing.SEARCH_BLOCK
                    found, ranked = blocks.counted_by_parts(
                        rows, [_counting_part(*part, block=size) for part in counting], top
                    )
                    counted = ((part, key, count) for (part, key), count in found.items())
            except blocks.Moving:
                return None
        return (*self._tally(counted), ranked)

    def _count_in_blocks(self, window) -> tuple[int, dict[str, dict[int, int]]] | None:
        """The counts, and the wanted page of the ranked list, from the blocks' parts."""
        found = self._from_blocks(window[1] if window else 0)
        if found is None:
            return None
        total, counts, ranked = found
        if window is not None:
            self._ranked_with_counts = (window, ranked[window[0] :])
        return total, counts

    def _parts(self, chosen: dict[str, list[int]], *, ranked: bool) -> tuple[str, list]:
        """Each part reads its own rows: a search with one filter or none, or filters alone
        (where the index of keys hands over each part's rows at little cost). The part of
        broad words alone counts the rows they miss (:meth:`_counted_from_the_rest`); with
        ``ranked`` (no filter) the page's ranks come from the same matching rows."""
        parts, params = [], []
        matching = None
        for part, facet in enumerate([None, *chosen]):
            others = [Q(keys__overlap=keys) for name, keys in chosen.items() if name != facet]
            if self.searching and not others and self._words_are_broad:
                matching = self._matching_rows(ranked=ranked)
                sql, part_params = self._counted_from_the_rest(part, facet)
                parts.append(sql)
                params += part_params
                continue
            if self.searching:
                rows = PracticeSearchText.objects.filter(*others, document=self._query())
            elif others:
                rows = PracticeSearchRow.objects.filter(*others)
            else:  # every row: the totals
                rows = PracticeFacetTotal.objects.values_list("key", "count")
            rows = rows.filter(language=self.language).order_by()
            if rows.model is PracticeFacetTotal:
                sql, part_params = rows.query.sql_with_params()
                parts.append(f"SELECT {part}, * FROM ({sql}) AS t")  # noqa: S608
            else:
                sql, part_params = rows.values("keys").query.sql_with_params()
                parts.append(_counting_part(part, facet, f"({sql}) AS c"))
            params += part_params
        if ranked:
            parts.append(_ranked_part("matching", self._window_wanted))
        statement = " UNION ALL ".join(parts)
        if matching is None:
            return statement, params
        matching_sql, matching_params = matching.query.sql_with_params()
        # Materialized: the rest and the page read the one match.
        return (
            f"WITH matching AS MATERIALIZED ({matching_sql}) {statement}",
            [*matching_params, *params],
        )

    def _matching_rows(self, *, ranked: bool) -> QuerySet:
        """The rows matching the words (``matching`` of the counting statement): their
        examples, and with ``ranked`` their dates and ranks as :meth:`_ranked_ids` ranks."""
        query = self._query()
        rows = PracticeSearchText.objects.filter(language=self.language, document=query)
        columns = ["practice_id"]
        if ranked:
            rows = rows.annotate(rank=SearchRank(F("ranking"), query))
            columns += ["published_at", "rank"]
        return rows.order_by().values(*columns)

    # The share of a language's rows above which words count as broad: at 50,000 examples,
    # words in 60 % take 76 ms either way, in 67 % (city) 93 → 64, in 92 % 103 → 48.
    BROAD_SHARE = 0.6

    @cached_property
    def _words_are_broad(self) -> bool:
        """Whether the words match more than ``BROAD_SHARE`` of the language's rows, by the
        planner's estimate from the statistics of that language's words (migration 0012; the
        column's own statistics mix both languages, and an English word found only in English
        rows came out at half its share). Until ANALYZE has gathered them the planner's
        default is low, and the rows found are counted. The estimate is of the exact words:
        the prefixes find at least the rows they find, and the planner's guess for a prefix
        goes far too low when the statistics hold few words (a small table); for whole words
        it is close (at 50,000 examples ``mesto`` 43,250 estimated, 43,337 found by
        ``mesto:*``; ``citi | city`` on English pages 31,066 and 31,583). Two EXPLAINs, no
        rows read."""
        rows = PracticeSearchText.objects.order_by().values("pk")
        # The expression of the language's statistics (migration 0012), so the planner
        # estimates the words on that language's documents alone.
        documents = Case(
            When(language=self.language, then=F("document")), output_field=SearchVectorField()
        )
        matching = rows.alias(documents=documents).filter(documents=self._query(exact=True))
        every = rows.filter(language=self.language)
        return _estimate(matching) > self.BROAD_SHARE * _estimate(every)

    def _counted_from_the_rest(self, part: int, facet: str | None) -> tuple[str, list]:
        """The counts of the rows matching the words (and no filter) as the kept totals less
        the counts of the rows the words do *not* match (those without a row in the
        statement's ``matching``, :meth:`_matching_rows`): for words found in most
        examples, the few rows without them are counted instead of the many with them
        (``město`` at 50,000 examples: 3,661 rows, not 43,337; 105 → 50 ms)."""
        # The ORM cannot name the statement's CTE: whether a row matched is raw SQL.
        row = PracticeSearchRow._meta.db_table
        matched = RawSQL(  # noqa: S611 - a table name, no input
            "EXISTS (SELECT 1 FROM matching "  # noqa: S608
            f'WHERE matching.practice_id = "{row}".practice_id)',
            [],
            output_field=BooleanField(),
        )
        rest = (
            PracticeSearchRow.objects.filter(language=self.language)
            .alias(matched=matched)
            .filter(matched=False)
            .order_by()
            .values("keys")
        )
        rest_sql, rest_params = rest.query.sql_with_params()
        totals = PracticeFacetTotal.objects.filter(language=self.language)
        if facet is not None:
            low = FACETS.index(facet) * FACET_SPAN
            totals = totals.filter(key__gte=low, key__lt=low + FACET_SPAN)
        totals_sql, totals_params = (
            totals.order_by().values_list("key", "count").query.sql_with_params()
        )
        counted = _counting_part(part, facet, f"({rest_sql}) AS c")
        sql = (
            f"SELECT {part}, t.key, t.count - coalesce(r.count, 0) "  # noqa: S608
            f"FROM ({totals_sql}) AS t LEFT JOIN ({counted}) AS r ON r.k = t.key "
            "WHERE t.count > coalesce(r.count, 0)"
        )
        return sql, [*totals_params, *rest_params]

    def _parts_of_one_match(
        self, chosen: dict[str, list[int]], *, ranked: bool
    ) -> tuple[str, list]:
        """A search with several filters: the words are looked up in the index once.

        Looking up the words is most of a part's time (broad words with prefixes: 7 ms a part
        at 50,000 examples, README, Benchmarks), and every part needs the rows matching them.
        So the rows matching the words and passing *any* chosen filter are read once, each
        with a flag per filter, and every part counts those of them that pass its filters.
        With ``ranked`` (page() wants a page of the ranked list), the rows passing every
        filter are ranked in the same statement too (part ``RANKED_PART``), so the page needs
        no query of its own."""
        rows, counting = self._one_match(chosen, ranked=ranked)
        sql, params = rows.query.sql_with_params()
        parts = [_counting_part(*part) for part in counting]
        if ranked:
            parts.append(_ranked_part("matching WHERE rank IS NOT NULL", self._window_wanted))
        # Materialized: every part reads the one match.
        return f"WITH matching AS MATERIALIZED ({sql}) " + " UNION ALL ".join(parts), params

    def _one_match(self, chosen: dict[str, list[int]], *, ranked: bool):
        """The rows matching the words and passing any chosen filter, each with a flag per
        filter (``passes_0``…) and with ``ranked`` a rank where it passes every filter; and
        each part's ``_counting_part`` arguments over them (the statement's ``matching``)."""
        flags = {
            f"passes_{number}": ExpressionWrapper(Q(keys__overlap=keys), BooleanField())
            for number, keys in enumerate(chosen.values())
        }
        names = dict(zip(chosen, flags, strict=True))
        any_chosen = sorted({key for keys in chosen.values() for key in keys})
        query = self._query()
        rows = (
            PracticeSearchText.objects.filter(
                language=self.language, document=query, keys__overlap=any_chosen
            )
            .order_by()
            .annotate(**flags)
        )
        columns = ["keys", *flags]
        if ranked:
            # The rows of the ranked list: those passing every filter, ranked as _ranked_ids
            # ranks them.
            every = Q()
            for keys in chosen.values():
                every &= Q(keys__overlap=keys)
            rank = Case(When(every, then=SearchRank(F("ranking"), query)), default=None)
            rows = rows.annotate(rank=rank)
            columns += ["practice_id", "published_at", "rank"]
        counting = []
        for part, facet in enumerate([None, *chosen]):
            passing = " AND ".join(flag for name, flag in names.items() if name != facet)
            counting.append((part, facet, f"matching WHERE {passing}"))
        return rows.values(*columns), counting

    def counts_for(self, list_filter) -> dict[str, int]:
        return self._one_pass[1][list_filter.name]

    def known_count(self) -> int | None:
        return self._one_pass[0]

    def best(self, limit: int) -> tuple[list[Practice], int]:
        """The best ``limit`` examples with the number of all, for the site search: ranked on
        the text rows like the list's pages (``_ranked_ids``)."""
        queryset = (
            self.results()
            .select_related("topic")
            # The cards show only the members' names (not descriptions and search vectors).
            .prefetch_related(Prefetch("members", queryset=Member.objects.only("name")))
        )
        with self.plan():
            if not self.searching:
                return list(queryset[:limit]), queryset.count()
            ids, total = self._ranked_ids(0, limit, counted=True)
            return self._records(queryset, ids), total

    # --- the ranked page ------------------------------------------------------------------
    # The page of the ranked list that page() is about to show, while it asks for the counts:
    # a search with several filters, or broad words alone, ranks it in the counting statement
    # (_parts_of_one_match, _parts), which keeps the ids here (this visitor's, not shared with
    # the counts).
    _window_wanted: tuple[int, int] | None = None
    _ranked_with_counts: tuple[tuple[int, int], list[int]] | None = None

    @property
    def _ranked_apart(self) -> bool:
        return self.searching and self.sort == "relevance"

    def ranked_window(self, queryset: QuerySet, bottom: int, top: int) -> list[Practice]:
        """Records ``bottom``–``top`` of the ranked list: chosen and ordered on the text rows
        alone (match, filters, rank, date), then only those few read from ``queryset``.

        Ranking the examples themselves joins every match to its example before sorting; for
        words found in half the examples that is tens of thousands of joined rows for a page
        of twenty. On the text rows, the index of words and filter keys hands over only the
        rows matching both."""
        ids, _total = self._ranked_ids(bottom, top)
        return self._records(queryset, ids)

    def _ranked_ids(self, bottom: int, top: int, *, counted: bool = False):
        """The ids of ranks ``bottom``–``top``, and with ``counted`` the number of all matches
        (0 when there is none)."""
        if not counted and self._ranked_with_counts is not None:
            (wanted_bottom, wanted_top), ids = self._ranked_with_counts
            if wanted_bottom == bottom and top <= wanted_top:
                return ids[: top - bottom], None
        found = self._from_blocks(top) if self._in_blocks(top) else None
        if found is not None:
            total, _counts, ids = found
            return ids[bottom:top], (total if counted else None)
        query = self._query()
        chosen = Q()
        for list_filter in self.filters:
            if list_filter.name in self.selected:
                keys = list_filter.keys(self.selected[list_filter.name], self)
                chosen &= Q(keys__overlap=keys)
        texts = PracticeSearchText.objects.filter(chosen, language=self.language, document=query)
        # With filters the candidates seldom fill the page, and ranking all of them after
        # the candidates cost more than ranking all at once (figures: README, Benchmarks).
        ids = None if chosen else self._ranked_on_candidates(texts, query, top)
        if ids is not None:
            return ids[bottom:top], (texts.count() if counted else None)
        texts = texts.annotate(rank=SearchRank(F("ranking"), query)).order_by(
            "-rank", "-published_at", "-practice_id"
        )
        if not counted:
            return list(texts.values_list("practice_id", flat=True)[bottom:top]), None
        rows = list(
            texts.annotate(total=Window(Count("pk"))).values_list("practice_id", "total")[
                bottom:top
            ]
        )
        return [pk for pk, _total in rows], (rows[0][1] if rows else 0)

    def _ranked_on_candidates(self, texts: QuerySet, query, top: int) -> list[int] | None:
        """The first ``top`` ids of the ranked list from the rows that can rank above the
        others, or ``None`` when fewer than ``top`` of them do.

        ``ts_rank`` gives every row in which the query finds nothing to weigh the same floor
        (0 for one word; 1e-20 for several, as ranking ANDed words only weighs *pairs* of
        query terms found near each other). So every row ranked above the floor holds, in
        its title and summary (``ranking``), one query term (one word) or two different ones
        (several words); the index of ``ranking`` finds those candidates, and when at least
        ``top`` of them rank above the floor, they are exactly the head of the ranked list:
        all other rows are at the floor or below and follow them. For broad words this ranks
        the rows with the words in the title or summary, not every row with them anywhere.
        The floor is asked of PostgreSQL with the same query (a vector that
        holds no query term), so a query whose shape differs from the assumption (a word
        PostgreSQL drops) falls back to ranking everything. On English pages each word is an
        English and a Czech term, which often find the same word, so the pairs admit many
        rows with one word in the title; the one index of words and title (see the model)
        keeps those that lack the other words out before any row is read."""
        if top <= 0:
            return []
        terms = self._terms_as_queries()
        if len(terms) > 12:
            return None
        if len(self.terms.czech) == 1:
            candidates = query
        else:
            candidates = None
            for number, first in enumerate(terms):
                for second in terms[number + 1 :]:
                    pair = first & second
                    candidates = pair if candidates is None else candidates | pair
        if candidates is None:
            return None
        floor = SearchRank(Cast(Value("'~':1"), output_field=SearchVectorField()), query)
        rows = list(
            texts.filter(ranking=candidates)
            .annotate(rank=SearchRank(F("ranking"), query), floor=floor)
            .filter(rank__gt=F("floor"))
            .order_by("-rank", "-published_at", "-practice_id")
            .values_list("practice_id", "floor")[:top]
        )
        several_words = len(self.terms.czech) > 1
        if len(rows) < top or (several_words and rows[0][1] == 0):
            return None
        return [pk for pk, _floor in rows]

    def _terms_as_queries(self) -> list[SearchQuery]:
        """Every alternative of every word as a query of its own (the terms ts_rank weighs)."""
        found = []
        for czech, english in zip(self.terms.czech, self.terms.english, strict=True):
            found += [
                SearchQuery(alternative, search_type="raw", config=CZECH_SEARCH_CONFIG)
                for alternative in czech.split(" | ")
            ]
            if self.english:
                found.append(SearchQuery(english, search_type="raw", config=ENGLISH_SEARCH_CONFIG))
        return found

    @staticmethod
    def _records(queryset: QuerySet, ids: list[int]) -> list[Practice]:
        records = {record.pk: record for record in queryset.filter(pk__in=ids)}
        return [records[pk] for pk in ids if pk in records]

    def page(self, queryset, number, size):
        if not self._ranked_apart:
            return super().page(queryset, number, size)
        with self.plan():
            paginator = _RankedPaginator(queryset, size, listing=self)
            self._window_wanted = _window(number, size)
            try:
                paginator.count = self.known_count()
            finally:
                self._window_wanted = None
            page = paginator.get_page(number)
            page.object_list = list(page.object_list)
        return page

    # --- the queryset -------------------------------------------------------------------
    def base(self) -> QuerySet:
        # One join to this language's search row (only published examples have rows), and
        # to its text when searching.
        queryset = Practice.objects.annotate(
            row=FilteredRelation("search_rows", condition=Q(search_rows__language=self.language))
        )
        if self.searching:
            queryset = queryset.annotate(
                text=FilteredRelation(
                    "search_texts", condition=Q(search_texts__language=self.language)
                )
            )
        return queryset

    def filtered(self, *, without: str | None = None) -> QuerySet:
        """As the engine's, but in one ``filter()``: each call would join the search rows
        again."""
        condition = Q(row__isnull=False)
        if self.searching:
            condition &= Q(text__document=self._query())
        for list_filter in self.filters:
            values = self.selected.get(list_filter.name)
            if values and list_filter.name != without:
                condition &= list_filter.q(values, self)
        return self.base().filter(condition)

    def _query(self, *, exact: bool = False):
        """The words as a tsquery against the lemmatized rows: on English pages each word may
        match the English text (lemma, then Snowball) or the Czech text. The Czech words are
        prefixes; ``exact`` drops that (a query finding fewer rows, for estimates)."""
        combined = None
        for czech, english in zip(self.terms.czech, self.terms.english, strict=True):
            if exact:
                czech = czech.replace(":*", "")
            word = SearchQuery(czech, search_type="raw", config=CZECH_SEARCH_CONFIG)
            if self.english:
                word = SearchQuery(english, search_type="raw", config=ENGLISH_SEARCH_CONFIG) | word
            combined = word if combined is None else combined & word
        return combined

    def match(self, queryset):
        return queryset.filter(text__document=self._query())

    def _rank(self):
        return SearchRank(F("text__ranking"), self._query())

    def _snippet(self):
        return search.snippet(
            self.terms,
            self.q,
            self.language,
            cs=("summary_cs", "body_cs"),
            en=("summary_en", "body_en"),
        )

    def order(self, queryset) -> QuerySet:
        """Sorted, with rank and highlighted snippet when searching."""
        if self.searching:
            queryset = queryset.annotate(rank=self._rank(), snippet=self._snippet())
        if self.sort == "relevance":
            return queryset.order_by("-rank", "-row__published_at", "-pk")
        if self.sort == "title":
            return queryset.order_by("row__title", "pk")
        return queryset.order_by("-row__published_at", "-row__practice_id")


# The counting statement's part that carries a page of the ranked list (key: the example,
# count: its rank).
RANKED_PART = -2


def _window(number, size: int) -> tuple[int, int] | None:
    """Ranks ``bottom``–``top`` of page ``number`` (as the address gives it), or ``None`` when
    the paginator will have to correct the number."""
    if number in (None, ""):
        number = 1
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    if number < 1 or number > 10_000:  # no list has that many pages (nor a bigint that many)
        return None
    return (number - 1) * size, number * size


def _estimate(queryset: QuerySet) -> float:
    """The planner's estimate of the rows ``queryset`` gives (EXPLAIN: nothing is read)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()  # psycopg loads the JSON
    return plan[0]["Plan"]["Plan Rows"]


def _counting_part(part: int, facet: str | None, rows: str, *, block: int = 0) -> str:
    """SQL counting the keys of ``rows`` (a FROM clause with ``keys``) for ``part``: every key
    and the number of rows (``ALL_ROWS``), or for a chosen filter's part only its own facet's
    keys. With ``block`` (a block size, ``goodpractice.blocks``), by block: ``b``, ``part``,
    ``k``, ``n``."""
    keys, own = f"keys || {ALL_ROWS}", ""
    if facet is not None:
        low = FACETS.index(facet) * FACET_SPAN
        keys, own = "keys", f"WHERE k >= {low} AND k < {low + FACET_SPAN} "
    if block:
        return (
            f"SELECT b, {part} AS part, k, count(*) AS n FROM (SELECT practice_id / {block} "  # noqa: S608
            f"AS b, unnest({keys}) AS k FROM {rows}) AS s {own}GROUP BY b, k"
        )
    return (
        f"SELECT {part}, k, count(*) FROM (SELECT unnest({keys}) AS k "  # noqa: S608
        f"FROM {rows}) AS s {own}GROUP BY k"
    )


def _ranked_part(rows: str, window: tuple[int, int]) -> str:
    """SQL of the counting statement's ``RANKED_PART``: the examples of ranks ``window`` of
    ``rows`` (a FROM clause with ``practice_id``, ``published_at`` and ``rank``), ordered as
    :meth:`PracticeSearch._ranked_ids` orders them, each with its position."""
    bottom, top = window
    order = "rank DESC, published_at DESC, practice_id DESC"
    return (
        f"SELECT {RANKED_PART}, practice_id, n FROM (SELECT practice_id, "  # noqa: S608
        f"row_number() OVER (ORDER BY {order}) AS n FROM (SELECT * FROM {rows} "
        f"ORDER BY {order} LIMIT {top}) AS head) AS ranked WHERE n > {bottom}"
    )


class _RankedPaginator(Paginator):
    """Pages of the ranked list, each chosen by :meth:`PracticeSearch.ranked_window`."""

    def __init__(self, object_list, per_page, *, listing):
        super().__init__(object_list, per_page)
        self.listing = listing

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        window = self.listing.ranked_window(self.object_list, bottom, top)
        return self._get_page(window, number, self)
