"""The one engine behind every filtered list: filters with counts, stable GET parameters,
and streamed CSV and JSON of exactly that list.

A section describes its list as a :class:`FilteredList` subclass: the records it starts from,
how search words match and rank, how it sorts, and its :class:`Filter` objects. Everything else
is shared: the query string is parsed the same way everywhere (a bad value is dropped, never an
error; NUL characters, overlong values and floods of values are ignored), the count next to a
filter value is the size the list would have with that value chosen (every *other* filter
applied), and the page, its feeds and its exports all build the list from the same query
string, so they always hold the same records.

Within one filter the chosen values are alternatives (any of them); different filters must all
hold.

Counting each filter's values with every other filter applied is one query per filter when
the filters live in link tables. A list over a denormalised search table, with each filter's
values in the row (an array or a plain column), can count them all in one scan of the
matching rows instead, with the counts over the whole table kept aside:
:func:`count_in_one_pass` (the good-practice list uses it through
:meth:`FilteredList.counts_for` and :meth:`FilteredList.count_hint`).

Queries that need a planner hint (a full-text search, see ``goodpractice.listing``) run
inside :meth:`FilteredList.plan`, which the engine applies itself wherever it evaluates the
list (:meth:`page`, :meth:`preview`, :meth:`iterate`), so no call site has to remember it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict, StreamingHttpResponse
from django.utils.translation import get_language, ngettext_lazy
from django.views.generic import ListView

from network_portal.exports import spreadsheet_row

MAX_QUERY_LENGTH = 1000
MAX_VALUES = 30
MAX_VALUE_LENGTH = 80
EXPORT_CHUNK = 1000


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    remove_query: str = ""


@dataclass
class Facet:
    """A filter as the page shows it: its values with their counts."""

    name: str
    label: str
    options: list[Option] = field(default_factory=list)
    all_label: str = ""
    # "checkboxes" (any of several values) or "select" (one value, with an "all" choice).
    widget: str = "checkboxes"

    @property
    def selected_options(self) -> list[Option]:
        return [option for option in self.options if option.selected]

    @property
    def visible_options(self) -> list[Option]:
        """The values worth offering: those that give a result, and those already chosen."""
        return [option for option in self.options if option.count or option.selected]


class Filter:
    """One filter of a list: which values are valid, how they restrict it, what they count.

    ``lookup`` turns the chosen values into a ``Q`` (default ``<field>__in``); ``count_by`` is
    the field counted per value (default ``field``); ``choices`` gives the values and labels
    to offer (a callable, so vocabularies are read when the page is drawn). A many-to-many
    filter counts over its link table: pass ``through`` (the link model's manager), the link's
    field to the listed record and the key to count by. ``hide_empty`` leaves out values that
    would give an empty list, unless chosen.
    """

    def __init__(
        self,
        name: str,
        label: str,
        *,
        field: str | None = None,
        choices: Callable[[], Iterable[tuple[str, str]]] | None = None,
        lookup: Callable[[list[str]], Q] | None = None,
        count_by: str | None = None,
        through: Callable[[], QuerySet] | None = None,
        through_field: str = "",
        valid: Callable[[str], bool] | None = None,
        multiple: bool = True,
        hide_empty: bool = False,
        distinct: bool = False,
        all_label: str = "",
        widget: str | None = None,
    ):
        self.name = name
        self.label = label
        self.field = field or name
        self.choices = choices
        self.lookup = lookup
        self.count_by = count_by or self.field
        self.through = through
        self.through_field = through_field
        self.valid = valid
        self.multiple = multiple
        self.hide_empty = hide_empty
        self.distinct = distinct
        self.all_label = all_label
        self.widget = widget or ("checkboxes" if multiple else "select")

    def parse(self, values: list[str]) -> list[str]:
        cleaned = [
            value[:MAX_VALUE_LENGTH]
            for value in values[: MAX_VALUES * 2]
            if value and "\x00" not in value and (self.valid is None or self.valid(value))
        ]
        cleaned = list(dict.fromkeys(cleaned))[:MAX_VALUES]
        return cleaned if self.multiple else cleaned[:1]

    def q(self, values: list[str], listing: FilteredList) -> Q:
        if self.lookup is not None:
            return self.lookup(values)
        return Q(**{f"{self.field}__in": values})

    def counts(self, listing: FilteredList) -> dict[str, int]:
        """How many records each value would give, with every other filter applied."""
        matching = listing.filtered(without=self.name)
        if self.through is not None:
            rows = (
                self.through()
                .filter(**{f"{self.through_field}__in": matching.values("pk")})
                .values(self.count_by)
                .annotate(n=Count(f"{self.through_field}_id", distinct=self.distinct))
            )
        else:
            rows = matching.values(self.count_by).annotate(n=Count("pk"))
        return {str(row[self.count_by]): row["n"] for row in rows.order_by()}

    def facet(self, listing: FilteredList) -> Facet:
        counts = listing.counts_for(self)
        chosen = listing.selected.get(self.name, [])
        options = [
            Option(str(value), str(label), counts.get(str(value), 0), str(value) in chosen)
            for value, label in (self.choices() if self.choices else [])
        ]
        if self.hide_empty:
            options = [option for option in options if option.count or option.selected]
        return Facet(
            self.name, str(self.label), options, all_label=str(self.all_label), widget=self.widget
        )


class FilteredList:
    """A list of records described by a query string. Subclasses set ``filters``, ``sorts``
    and ``default_sort`` and implement :meth:`base` (and :meth:`match`/:meth:`order` when the
    list can be searched or sorted)."""

    filters: ClassVar[tuple[Filter, ...]] = ()
    sorts: ClassVar[dict[str, Any]] = {}
    default_sort: ClassVar[str] = ""
    # What a count of this list's records reads as: ngettext_lazy(..., "count"), so that each
    # language picks its plural form ("1 akce", "5 akcí").
    count_phrase: ClassVar[Any] = ngettext_lazy("%(count)s record", "%(count)s records", "count")

    def __init__(self, params: QueryDict, language: str | None = None):
        self.language = language or get_language() or "cs"
        self.q = (params.get("q") or "").replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
        self.selected: dict[str, list[str]] = {}
        for list_filter in self.filters:
            values = list_filter.parse(params.getlist(list_filter.name))
            if values:
                self.selected[list_filter.name] = values
        sort = params.get("sort") or ""
        self.sort = sort if sort in self.available_sorts() else self.implied_sort()

    @classmethod
    def from_words(cls, words: str, language: str | None = None) -> FilteredList:
        params = QueryDict(mutable=True)
        params["q"] = words
        return cls(params, language)

    # --- what a subclass describes ----------------------------------------------------
    def base(self) -> QuerySet:
        raise NotImplementedError

    @property
    def searching(self) -> bool:
        return bool(self.q)

    def match(self, queryset: QuerySet) -> QuerySet:
        """Restrict ``queryset`` to the search words (only called when searching)."""
        return queryset

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def available_sorts(self) -> dict[str, Any]:
        return self.sorts

    def implied_sort(self) -> str:
        return self.default_sort

    @contextmanager
    def plan(self):
        """The context the list's queries run in (a planner hint, for instance)."""
        yield

    def counts_for(self, list_filter: Filter) -> dict[str, int]:
        """The counts next to ``list_filter``'s values (a list that counts every filter at
        once answers from that)."""
        return list_filter.counts(self)

    def count_hint(self) -> int | None:
        """The number of results when the list already knows it (no count query then)."""
        return None

    # --- the list ---------------------------------------------------------------------
    def filtered(self, *, without: str | None = None) -> QuerySet:
        """The records matching the search and every filter except ``without``."""
        queryset = self.base()
        if self.searching:
            queryset = self.match(queryset)
        for list_filter in self.filters:
            values = self.selected.get(list_filter.name)
            if values and list_filter.name != without:
                queryset = queryset.filter(list_filter.q(values, self))
        return queryset

    def results(self) -> QuerySet:
        return self.order(self.filtered())

    def facets(self) -> list[Facet]:
        """Every filter with its values and counts: a fixed number of queries."""
        facets = [list_filter.facet(self) for list_filter in self.filters]
        for facet in facets:
            for option in facet.selected_options:
                option.remove_query = self.without(facet.name, option.value)
        return facets

    def page(self, queryset: QuerySet, number, size: int) -> Page:
        """One page of ``queryset`` (the results with the joins the page needs), evaluated
        in the list's plan; a page number that is not a number or is out of range shows the
        nearest page."""
        with self.plan():
            paginator = Paginator(queryset, size)
            known = self.count_hint()
            if known is not None:
                paginator.count = known
            page = paginator.get_page(number)
            page.object_list = list(page.object_list)
        return page

    def preview(self, queryset: QuerySet, limit: int) -> tuple[list, int]:
        """The first ``limit`` records of ``queryset`` and the number of all of them."""
        with self.plan():
            known = self.count_hint()
            total = queryset.count() if known is None else known
            return (list(queryset[:limit]) if total else []), total

    def fetch(self, queryset: QuerySet) -> list:
        """``queryset`` (a slice of the results, say) evaluated inside the list's plan."""
        with self.plan():
            return list(queryset)

    def iterate(self, queryset: QuerySet) -> Iterator:
        """Every record of ``queryset``, fetched in chunks inside the list's plan."""
        with self.plan():
            yield from queryset.iterator(EXPORT_CHUNK)

    # --- URLs -------------------------------------------------------------------------
    def params(self, *, sort: bool = True) -> QueryDict:
        """The query string of this list (without the page), in a stable order."""
        query = QueryDict(mutable=True)
        if self.q:
            query["q"] = self.q
        for list_filter in self.filters:
            if list_filter.name in self.selected:
                query.setlist(list_filter.name, self.selected[list_filter.name])
        if sort and self.sort != self.implied_sort():
            query["sort"] = self.sort
        return query

    def without(self, name: str, value: str) -> str:
        """The query string of this list with one chosen value removed."""
        query = self.params()
        query.setlist(name, [v for v in query.getlist(name) if v != value])
        return query.urlencode()

    @property
    def query_string(self) -> str:
        return self.params().urlencode()

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.selected)


class FilteredListView(ListView):
    """A section's list page on the engine: ``listing_class`` parses the query string; the
    template gets the page, ``listing``, its ``facets``, ``sorts`` and ``query`` (the query
    string without the page, for pagination, feeds and exports)."""

    listing_class: type[FilteredList]

    def get(self, request, *args, **kwargs):
        self.listing = self.listing_class(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.with_joins(self.listing.results())

    def with_joins(self, queryset: QuerySet) -> QuerySet:
        """The ``select_related``/``prefetch_related`` the page's cards need."""
        return queryset

    def paginate_queryset(self, queryset, page_size):
        page = self.listing.page(queryset, self.request.GET.get("page"), page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            listing=self.listing,
            facets=self.listing.facets(),
            sorts=self.listing.available_sorts().items(),
            query=self.listing.query_string,
        )
        return context


# --- counting every filter in one pass -----------------------------------------------------
@dataclass(frozen=True)
class ChosenKeys:
    """A chosen filter on a denormalised table with one integer per filter value in a
    ``keys`` array (``facet × span + value``): a row passes when it holds any of ``keys``."""

    facet: int
    keys: list[int]


def count_in_one_pass(
    candidates: QuerySet,
    *,
    span: int,
    chosen: list[ChosenKeys],
    searching: bool,
    totals: QuerySet | None = None,
    all_rows_key: int = -1,
    bounds: bool = False,
    once_per_row: int | None = None,
) -> tuple[int, dict[int, int]]:
    """The number of rows passing every chosen filter, and for every key the number of rows
    holding it among those passing every *other* filter, in one query.

    ``candidates`` selects the ``keys`` of the rows that can count anywhere (those matching
    the search and failing at most one filter, see :func:`rows_failing_at_most_one`). They are
    read once into a materialised CTE with a bit per chosen filter that fails; one ``unnest``
    of the rows that fail none counts every facet at once, and a row failing exactly one
    filter counts only for that filter's values. ``totals`` (rows of ``key``, ``count`` over
    the whole table, ``all_rows_key`` for the number of rows) answers what needs no reading of
    the rows: without a search, a facet none of whose *other* filters is chosen counts over
    every row, and so does the unfiltered list.

    With ``bounds``, ``candidates`` also select ``bounds``: the keys are stored facet by facet
    and facet *f*'s keys are ``keys[bounds[f + 1]:bounds[f + 2] - 1]``. A row failing one
    filter then unnests only that facet's few keys instead of all of them (with one filter
    and broad words, that is every matching row).

    ``once_per_row`` names a facet of which every row holds exactly one key: with nothing
    chosen, the number of rows is the sum of its counts, so the rows are read by one plain
    ``unnest`` without the materialised CTE (half the time for a broad search alone).
    """
    if not chosen and searching and once_per_row is not None:
        sql, candidate_params = candidates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT k, count(*) FROM (SELECT unnest(keys) AS k "  # noqa: S608
                f"FROM ({sql}) AS c) AS s GROUP BY k",
                candidate_params,
            )
            by_key = dict(cursor.fetchall())
        low, high = once_per_row * span, (once_per_row + 1) * span
        return sum(n for key, n in by_key.items() if low <= key < high), by_key
    facets_from_totals = set()
    if not searching and totals is not None:
        if not chosen:
            facets_from_totals = {"all"}
        elif len(chosen) == 1:
            facets_from_totals = {chosen[0].facet}
    parts, params = [], []
    if facets_from_totals != {"all"}:
        fails = " + ".join(
            f"(CASE WHEN keys && %s::int[] THEN 0 ELSE {1 << number} END)"
            for number in range(len(chosen))
        )
        sql, candidate_params = candidates.query.sql_with_params()
        params += [item.keys for item in chosen] + list(candidate_params)
        parts.append(
            f"WITH matched AS MATERIALIZED (SELECT keys, {'bounds, ' if bounds else ''}"  # noqa: S608
            f"{fails or '0'} AS fails FROM ({sql}) AS c) "
            "SELECT -1 AS key, count(*) FROM matched WHERE fails = 0 "
            # unnest() in the select list (one ProjectSet) rather than a lateral join (a
            # function scan per row): about a third faster over thousands of rows.
            "UNION ALL SELECT k, count(*) FROM "
            "(SELECT unnest(keys) AS k FROM matched WHERE fails = 0) AS passing WHERE true"
            + "".join(
                f" AND NOT (k >= {facet * span} AND k < {(facet + 1) * span})"
                for facet in facets_from_totals
            )
            + " GROUP BY k"
        )
        if chosen and (searching or len(chosen) > 1):
            which = " ".join(
                f"WHEN {1 << number} THEN {item.facet}" for number, item in enumerate(chosen)
            )
            if bounds:
                # Slices of one facet each; a NULL slice (no such facet) unnests to nothing.
                parts.append(
                    "SELECT k, count(*) FROM (SELECT unnest(keys[bounds[f + 1]:bounds[f + 2] - 1]) "  # noqa: S608
                    f"AS k FROM (SELECT keys, bounds, CASE fails {which} END AS f FROM matched "
                    "WHERE fails <> 0) AS failing) AS sliced GROUP BY k"
                )
            else:
                parts.append(
                    "SELECT k, count(*) FROM (SELECT unnest(keys) AS k, fails FROM matched "  # noqa: S608
                    f"WHERE fails <> 0) AS failing WHERE k >= 0 AND k / {span} = "
                    f"(CASE fails {which} END) GROUP BY k"
                )
    if facets_from_totals:
        sql, total_params = totals.values_list("key", "count").order_by().query.sql_with_params()
        if facets_from_totals != {"all"}:
            facet = next(iter(facets_from_totals))
            sql = (
                f"SELECT * FROM ({sql}) AS t WHERE t.key >= {facet * span} "  # noqa: S608
                f"AND t.key < {(facet + 1) * span}"
            )
        parts.append(f"SELECT * FROM ({sql}) AS totals")  # noqa: S608
        params += list(total_params)
    counts: dict[int, int] = {}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for key, count in cursor.fetchall():
            if key == all_rows_key or key == -1:
                total = count
            else:
                counts[key] = counts.get(key, 0) + count
    return total, counts


def rows_failing_at_most_one(conditions: list[Q]) -> Q:
    """The rows that pass every condition but one at most, as an OR of ANDs, so that the
    planner can combine the indexes of the conditions (with one condition: all rows)."""
    if len(conditions) < 2:
        return Q()
    either = Q()
    for skipped in range(len(conditions)):
        both = Q()
        for number, condition in enumerate(conditions):
            if number != skipped:
                both &= condition
        either |= both
    return either


# --- open data ---------------------------------------------------------------------------
class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable[dict], columns: list[str], filename: str) -> StreamingHttpResponse:
    """``rows`` streamed as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs
    read the diacritics); list values are joined with "; ", and every cell is neutralised
    against formula injection (``network_portal.exports``)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow(columns)
        for row in rows:
            yield writer.writerow(
                spreadsheet_row(
                    [
                        "; ".join(map(str, value)) if isinstance(value, list) else value
                        for value in (row.get(column) for column in columns)
                    ]
                )
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(
    rows: Iterable[dict], filename: str, *, key: str | None = None, count: int | None = None
) -> StreamingHttpResponse:
    """``rows`` streamed as a JSON array, or as ``{"count": n, key: [...]}`` when ``key`` is
    given."""

    def chunks():
        if key is not None:
            yield f'{{"count": {int(count or 0)}, {json.dumps(key)}: ['
        else:
            yield "["
        for number, row in enumerate(rows):
            yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
        yield "]}" if key is not None else "]"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
