"""The one engine behind every filtered list: filters with counts, stable GET parameters,
and streamed CSV and JSON of exactly that list.

A section describes its list as a :class:`FilteredList` subclass: the records it starts from,
how it sorts, and its :class:`Filter` objects. Search words match the records' stored search
vectors (``search_cs``/``search_en``, see ``network_portal.search``) unless the list says
otherwise in :meth:`FilteredList.match`. Everything else
is shared: the query string is parsed the same way everywhere (a bad value is dropped, never an
error; NUL characters, overlong values and floods of values are ignored), the count next to a
filter value is the size the list would have with that value chosen (every *other* filter
applied), and the page, its feeds and its exports all build the list from the same query
string, so they always hold the same records.

Within one filter the chosen values are alternatives (any of them); different filters must all
hold.

Counting each filter's values with every other filter applied is one query per filter when
the filters live in link tables. A list that counts them another way (good practice, over its
denormalised search rows: ``goodpractice.listing``) answers through
:meth:`FilteredList.counts_for` and :meth:`FilteredList.known_count`.

The number of results and the facets (counts and labels) of one query string are worked out
once and shared by every process until a write to a table they read or the section's next
scheduled change (:meth:`FilteredList.summary`, ``network_portal.pagecache.shared``): a
logged-in visitor's page is never cached whole, and paging through a list asks for the same
counts again.

Queries that need a planner hint (a full-text search, see ``goodpractice.listing``) run
inside :meth:`FilteredList.plan`, which the engine applies itself wherever it evaluates the
list (:meth:`page`, :meth:`preview`, :meth:`iterate`), so no call site has to remember it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import get_language, ngettext_lazy
from django.views.generic import ListView

from network_portal import pagecache, search
from network_portal.ratelimit import retry_after, visitor_over_limit

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
    # The count in words for screen readers ("5 příkladů"), filled by FilteredList.facets.
    counted: str = ""


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
    field to the listed record and the key to count by (which also restricts the list, unless
    ``lookup`` is given); ``Filter.linked`` builds one from a many-to-many relation.
    ``hide_empty`` leaves out values that would give an empty list, unless chosen; ``limit``
    offers only that many values, those with the most records (and the chosen ones), in the
    vocabulary's order. A long vocabulary with ``hide_empty`` can give ``labels`` instead of
    ``choices``: a callable that labels only the values asked for (those counted and chosen),
    in the vocabulary's order, so that the page reads a few dozen labels rather than thousands.
    """

    def __init__(
        self,
        name: str,
        label: str,
        *,
        field: str | None = None,
        choices: Callable[[], Iterable[tuple[str, str]]] | None = None,
        labels: Callable[[list[str]], Iterable[tuple[str, str]]] | None = None,
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
        limit: int | None = None,
    ):
        self.name = name
        self.label = label
        self.field = field or name
        self.choices = choices
        self.labels = labels
        if labels is not None and not hide_empty:
            raise ValueError("labels need hide_empty: values without records are not offered")
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
        self.limit = limit

    def parse(self, values: list[str]) -> list[str]:
        cleaned = [
            value[:MAX_VALUE_LENGTH]
            for value in values[: MAX_VALUES * 2]
            if value and "\x00" not in value and (self.valid is None or self.valid(value))
        ]
        cleaned = list(dict.fromkeys(cleaned))[:MAX_VALUES]
        return cleaned if self.multiple else cleaned[:1]

    @classmethod
    def linked(cls, name: str, label: str, relation, **options) -> Filter:
        """A filter by the slugs of the records a many-to-many ``relation`` links to (e.g.
        ``Article.topics``), counted over its link table."""
        m2m = relation.field
        return cls(
            name,
            label,
            through=lambda: m2m.remote_field.through.objects,
            through_field=m2m.m2m_field_name(),
            count_by=f"{m2m.m2m_reverse_field_name()}__slug",
            hide_empty=True,
            **options,
        )

    def q(self, values: list[str], listing: FilteredList) -> Q:
        if self.lookup is not None:
            return self.lookup(values)
        if self.through is not None:  # a link row to one of the chosen values
            links = self.through().filter(
                **{self.through_field: OuterRef("pk"), f"{self.count_by}__in": values}
            )
            return Q(Exists(links))
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
        rows = rows.order_by()
        if self.limit is None:
            return {str(row[self.count_by]): row["n"] for row in rows}
        # Only the values ``offered`` can offer: the chosen ones (ranked first), then the
        # others down to the limit-th count, ties included (a rank). The database still counts
        # every value; the process reads a few dozen rows, not one per member hosting an event.
        # (Raw SQL around the ORM's: Django cannot rank the rows of a grouped query by a
        # condition.)
        sql, params = rows.query.sql_with_params()
        chosen = listing.selected.get(self.name, [])
        database = connections[rows.db]
        value = database.ops.quote_name(self.count_by)
        with database.cursor() as cursor:
            cursor.execute(
                f"SELECT {value}, n FROM (SELECT {value}, n, RANK() OVER "  # noqa: S608
                f"(ORDER BY {value}::text = ANY(%s::text[]) DESC, n DESC) AS place "
                f"FROM ({sql}) AS counted) AS ranked WHERE place <= %s",
                [chosen, *params, self.limit + len(chosen)],
            )
            return {str(found): count for found, count in cursor.fetchall()}

    def offered(self, counts: dict[str, int], chosen: list[str]) -> list[str]:
        """The values that can be offered with these counts (for ``labels``): the chosen ones
        and those with records, down to the ``limit``-th count (ties included, so that the
        vocabulary's order decides them as with ``choices``)."""
        counted = [value for value, count in counts.items() if count]
        if self.limit is not None and len(counted) > self.limit:
            threshold = sorted((counts[value] for value in counted), reverse=True)[self.limit - 1]
            counted = [value for value in counted if counts[value] >= threshold]
        return list(dict.fromkeys([*chosen, *counted]))

    def facet(self, listing: FilteredList) -> Facet:
        counts = listing.counts_for(self)
        chosen = listing.selected.get(self.name, [])
        if self.labels is not None:
            vocabulary = self.labels(self.offered(counts, chosen))
        else:
            vocabulary = self.choices() if self.choices else []
        options = [
            Option(str(value), str(label), counts.get(str(value), 0), str(value) in chosen)
            for value, label in vocabulary
        ]
        if self.hide_empty:
            options = [option for option in options if option.count or option.selected]
        if self.limit is not None and len(options) > self.limit:
            most = sorted(options, key=lambda option: -option.count)[: self.limit]
            kept = {option.value for option in most}
            options = [option for option in options if option.value in kept or option.selected]
        return Facet(
            self.name, str(self.label), options, all_label=str(self.all_label), widget=self.widget
        )


def first_and_count(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first ``limit`` records of ``queryset`` and the number of all of them: one query
    when they are no more than ``limit``, a count besides when there are more."""
    found = list(queryset[: limit + 1])
    if len(found) <= limit:
        return found, len(found)
    return found[:limit], queryset.count()


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
        self.terms = search.build_lemmatized(self.q)
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
        """Whether the words typed hold anything to search for (not only punctuation)."""
        return bool(self.terms)

    def match(self, queryset: QuerySet) -> QuerySet:
        """Restrict ``queryset`` to the search words (only called when searching): the
        records' stored vectors, in the page's language and in Czech."""
        return queryset.filter(search.matches(self.terms, self.language))

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

    def known_count(self) -> int | None:
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
        """Every filter with its values and counts."""
        return self.summary[1]

    def count(self) -> int:
        """The number of results."""
        return self.summary[0]

    @cached_property
    def summary(self) -> tuple[int, list[Facet]]:
        """The number of results and the facets, shared until a write to a table they read
        (see the module's docstring). The key is the whole query string but the page: the
        facets' links to remove a value keep the sort."""
        return pagecache.shared(
            "list-summary",
            self._summarise,
            f"{type(self).__module__}.{type(self).__qualname__}",
            self.language,
            self.params().urlencode(),
        )

    def _summarise(self) -> tuple[int, list[Facet]]:
        facets = self._facets()
        count = self.known_count()  # a list counting its filters at once knows it by now
        if count is None:
            with self.plan():
                count = self.filtered().count()
        return count, facets

    def _facets(self) -> list[Facet]:
        """Every filter with its values and counts: a fixed number of queries."""
        facets = [list_filter.facet(self) for list_filter in self.filters]
        # One plural lookup per distinct count, not one per value: a facet can offer hundreds.
        phrases: dict[int, str] = {}
        for facet in facets:
            for option in facet.options:
                if option.count not in phrases:
                    phrases[option.count] = self.count_phrase % {"count": option.count}
                option.counted = phrases[option.count]
                if option.selected:
                    option.remove_query = self.without(facet.name, option.value)
        return facets

    def page(self, queryset: QuerySet, number, size: int) -> Page:
        """One page of ``queryset`` (the results with the joins the page needs), evaluated
        in the list's plan; a page number that is not a number or is out of range shows the
        nearest page."""
        with self.plan():
            paginator = Paginator(queryset, size)
            paginator.count = self.count()
            page = paginator.get_page(number)
            page.object_list = list(page.object_list)
        return page

    def preview(self, queryset: QuerySet, limit: int) -> tuple[list, int]:
        """The first ``limit`` records of ``queryset`` and the number of all of them (counted
        only when there are more than ``limit``)."""
        with self.plan():
            known = self.known_count()
            if known is not None:
                return (list(queryset[:limit]) if known else []), known
            return first_and_count(queryset, limit)

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
        # Everything between the page's header and its footer (the search, the count, the
        # filters, the results, the pages) depends on the address alone: it is drawn once and
        # shared by every visitor, logged in or not, until a write to a table that the view
        # or the drawing read ({% shared_body %} in base_list.html; the header's and footer's
        # reads do not count). A visitor who meets it drawn runs no query of the list.
        self.body_part = part = pagecache.Part(
            "list-body",
            request.get_host(),
            request.path,
            self.listing.query_string,
            request.GET.get("page", ""),
        )
        if part.found:
            return self.response_class(
                request=request,
                template=[self.template_name],
                context={
                    "view": self,
                    "listing": self.listing,
                    "query": self.listing.query_string,
                    "shared_body": part.value,
                },
                using=self.template_engine,
            )
        # Searches with words that reach the view are limited per visitor (across sections:
        # ratelimit.VISITOR_LIMITS); a page every visitor shares, above, costs nothing.
        wait = visitor_over_limit(request, "list-search") if self.listing.q else None
        if wait:
            return retry_after(self._too_many_searches(request), wait)
        with part.recording():
            response = super().get(request, *args, **kwargs)
        response.render()
        if "html" in self.shared_body:  # a template without {% shared_body %} keeps nothing
            part.keep(self.shared_body)
        return response

    def _too_many_searches(self, request):
        """429 with the words in the box and the chosen filters kept (nothing typed is lost),
        searching nothing."""
        kept = [
            (name, value)
            for name, values in self.listing.params().lists()
            if name != "q"
            for value in values
        ]
        return render(
            request, "list_too_many.html", {"listing": self.listing, "kept": kept}, status=429
        )

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
        # Filled with the drawn body by {% shared_body %}; the page's title needs the number.
        self.shared_body = {"page_number": context["page_obj"].number}
        context.update(shared_body=self.shared_body, shared_body_part=self.body_part)
        return context
