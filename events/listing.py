"""The public list of events, on the shared list engine (``network_portal.listing``).

Upcoming events by default (soonest first); ``when=past`` lists the past ones (latest first)
with a year filter. The page, its iCal and RSS feeds and its CSV/JSON twins all build the list
from the same query string.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import QueryDict
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from events import cachescopes
from events.models import Event, EventPart, RegistrationPart
from members.models import Member, Region
from network_portal.listing import Facet, Filter, FilteredList, Option

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MODES = {"online": _("online"), "in-person": _("in person")}


def upcoming_events(now: datetime) -> QuerySet:
    """The public events not ended at ``now``, with a bound on their start that changes
    nothing (the earliest start among them) but lets PostgreSQL read them from the start's
    index: without it, it walks that index from the oldest event through every past one (at
    20,000 events, 15,000 rows and 60-80 ms for a page of 20; 3 ms with the bound, taken from
    the ``event_end_covering`` index alone)."""
    events = Event.objects.published().upcoming(now)
    # start + 0: the minimum over the covering index, not along the start's index again.
    shifted = ExpressionWrapper(F("start") + timedelta(0), output_field=DateTimeField())
    earliest = (
        events.order_by()
        .annotate(every=Value(1))
        .values("every")
        .annotate(first=Min(shifted))
        .values("first")
    )
    return events.filter(start__gte=Subquery(earliest))


def list_queryset(queryset: QuerySet, *, parts: bool = True) -> QuerySet:
    """The joins every list of events needs (cards, feeds, exports); without the parts and
    their places taken (``parts_with_places``) when the caller fetches those itself."""
    queryset = queryset.select_related("region").prefetch_related(
        Prefetch("hosts", queryset=Member.objects.only("pk", "name", "slug").order_by("name"))
    )
    return queryset.prefetch_related(parts_with_places()) if parts else queryset


def parts_with_places() -> Prefetch:
    """Each event's parts in order, with the places taken and waiting in each."""
    return Prefetch("parts", queryset=EventPart.objects.with_counts().order_by("start", "pk"))


def with_places(events: list) -> list:
    """``events`` with their parts and the places taken, read for these events only, so that
    a registration for another event leaves the page cached (events.cachescopes)."""
    with cachescopes.reading_places(event.pk for event in events):
        prefetch_related_objects(events, parts_with_places())
    return events


def attending_members(event) -> list:
    """The members whose confirmed registrations for ``event`` may be shown (the organisation
    agreed, the member confirmed), by name: read from this event's registrations only
    (events.cachescopes)."""
    with cachescopes.reading_places([event.pk]):
        return list(
            Member.objects.filter(
                event_registrations__event=event,
                event_registrations__show_organisation=True,
                event_registrations__member_confirmed_at__isnull=False,
                event_registrations__parts__status=RegistrationPart.Status.CONFIRMED,
            )
            .distinct()
            .only("pk", "name", "slug")
            .order_by("name")
        )


def _host_labels(slugs):
    """The names of the hosts offered (the busiest and the chosen), in the members' order:
    rows, not model instances, and not the 2,000 members who host some event."""
    if not slugs:
        return []
    return list(
        Member.objects.filter(
            Exists(Event.hosts.through.objects.filter(member=OuterRef("pk"))), slug__in=slugs
        ).values_list("slug", "name")
    )


class ModeFilter(Filter):
    def q(self, values, listing):
        if len(values) == 2:
            return Q()
        return Q(is_online=values[0] == "online")

    def counts(self, listing):
        rows = listing.filtered(without=self.name).order_by().values_list("is_online")
        return self.named(dict(rows.annotate(n=Count("pk"))))

    @staticmethod
    def named(counted):
        return {"online": counted.get(True, 0), "in-person": counted.get(False, 0)}


class OpenFilter(Filter):
    def q(self, values, listing):
        parts = EventPart.objects.filter(event=OuterRef("pk")).window_open(listing.now)
        return Q(status=Event.Status.PUBLISHED) & Q(Exists(parts))

    def condition(self, listing):
        return self.q(["1"], listing)

    def facet(self, listing) -> Facet:
        count = listing.grouped_count(self)
        if count is None:
            count = listing.filtered(without=self.name).filter(self.condition(listing)).count()
        option = Option("1", str(_("open now")), count, self.name in listing.selected)
        return Facet(self.name, str(self.label), [option] if count or option.selected else [])


class PeriodFilter(Filter):
    """Months (``2026-03``) or years (``2019``), counted from the events' start."""

    def __init__(self, name, label, *, unit, **options):
        super().__init__(name, label, **options)
        self.unit = unit

    def q(self, values, listing):
        condition = Q()
        for value in values:
            if self.unit == "month":
                condition |= Q(start__year=int(value[:4]), start__month=int(value[5:]))
            else:
                condition |= Q(start__year=int(value))
        return condition

    def expression(self):
        return TruncMonth("start") if self.unit == "month" else ExtractYear("start")

    def facet(self, listing) -> Facet:
        rows = listing.grouped_counts().get(self.name)
        if rows is None:
            rows = (
                listing.filtered(without=self.name)
                .annotate(period=self.expression())
                .order_by()
                .values_list("period")
                .annotate(n=Count("pk"))
            )
        rows = sorted(rows, key=lambda row: row[0], reverse=listing.past)
        chosen = listing.selected.get(self.name, [])
        options = []
        for period_value, count in rows:
            if self.unit == "month":
                value = f"{period_value:%Y-%m}"
                label = f"{MONTHS[period_value.month]} {period_value.year}"
            else:
                value = label = str(int(period_value))
            options.append(Option(value, str(label), count, value in chosen))
        present = {option.value for option in options}
        options += [Option(value, value, 0, True) for value in chosen if value not in present]
        return Facet(self.name, str(self.label), options[:36])


KIND = Filter("kind", _("Kind of event"), choices=lambda: Event.Kind.choices, hide_empty=True)
REGION = Filter(
    "region",
    _("Region"),
    field="region__nuts3",
    choices=lambda: Region.objects.values_list("nuts3", "name"),
    hide_empty=True,
)
HOST = Filter.linked(
    "host",
    _("Host member"),
    Event.hosts,
    labels=_host_labels,
    # Nearly every member hosts some event: the busiest hosts, not 2,000 checkboxes.
    limit=30,
)
MODE = ModeFilter(
    "mode",
    _("Online or in person"),
    choices=lambda: MODES.items(),
    valid=lambda value: value in MODES,
    hide_empty=True,
)
OPEN = OpenFilter("open", _("Registration"), valid=lambda value: value == "1", multiple=False)
MONTH = PeriodFilter(
    "month", _("Month"), unit="month", valid=lambda value: bool(MONTH_PATTERN.match(value))
)
YEAR = PeriodFilter(
    "year", _("Year"), unit="year", valid=lambda value: value.isdigit() and len(value) == 4
)


class EventSearch(FilteredList):
    """The events' list: search words, filters with counts, upcoming or past."""

    count_phrase = ngettext_lazy("%(count)s event", "%(count)s events", "count")

    def __init__(self, params: QueryDict, language: str | None = None, now: datetime | None = None):
        self.past = params.get("when") == "past"
        self.now = now or timezone.now()
        super().__init__(params, language)

    @property
    def filters(self):
        if self.past:
            return (KIND, REGION, HOST, MODE, YEAR, MONTH)
        return (KIND, REGION, HOST, MODE, OPEN, MONTH)

    def base(self) -> QuerySet:
        if self.past:
            return Event.objects.published().past(self.now)
        return upcoming_events(self.now)

    def order(self, queryset: QuerySet) -> QuerySet:
        start = F("start")
        if self.searching:
            # The same order through an expression the start's index cannot give: PostgreSQL
            # otherwise walks that index from the oldest event (15,000 past events to find a
            # page of upcoming ones at 20,000) instead of taking the few events matching the
            # words from the text index and sorting them.
            start = ExpressionWrapper(start + timedelta(0), output_field=DateTimeField())
        if self.past:
            return queryset.order_by(start.desc(), "-pk")
        return queryset.order_by(start.asc(), "pk")

    def params(self, *, sort: bool = True) -> QueryDict:
        query = super().params(sort=sort)
        if self.past:
            query["when"] = "past"
        return query

    @property
    def selected_filters(self):
        return self.selected

    # --- counting the filters at once ---------------------------------------------------
    # Each filter not chosen counts over the same events (the list itself): its kinds,
    # regions, modes and periods, the list's size and the events open now come from one scan
    # of the events (GROUPING SETS), not one query each. A chosen filter counts over the
    # list without it, on its own. The hosts count over their link table.

    def counts_for(self, list_filter):
        counts = self.grouped_counts().get(list_filter.name)
        if counts is None:
            return super().counts_for(list_filter)
        if list_filter is MODE:
            return ModeFilter.named(dict(counts))
        return {str(value): count for value, count in counts if value is not None}

    def grouped_count(self, list_filter) -> int | None:
        """The count of a one-value filter (open now) from the grouped query, if it ran."""
        return self.grouped_counts().get(list_filter.name)

    def known_count(self) -> int | None:
        """The list's size, once the filters are counted (the grouped query counts it too)."""
        if "_grouped" not in self.__dict__:
            return None
        return self._grouped.get("")

    def grouped_counts(self) -> dict:
        return self._grouped

    @cached_property
    def _grouped(self) -> dict:
        columns = {
            KIND.name: "kind",
            REGION.name: "region__nuts3",
            MODE.name: "is_online",
        }
        for period in (MONTH, YEAR):
            if period in self.filters:
                columns[period.name] = period.name
        columns = {name: field for name, field in columns.items() if name not in self.selected}
        if not columns:
            return {}  # every such filter chosen: each counts on its own
        # Every column an annotation named c0, c1... (Django orders the columns its own way).
        names = [f"c{index}" for index in range(len(columns))]
        periods = {MONTH.name: MONTH, YEAR.name: YEAR}
        annotations = {
            alias: periods[name].expression() if name in periods else F(field)
            for alias, (name, field) in zip(names, columns.items(), strict=True)
        }
        with_open = OPEN in self.filters and OPEN.name not in self.selected
        if with_open:
            annotations["open_now"] = ExpressionWrapper(
                OPEN.condition(self), output_field=BooleanField()
            )
        rows = self.filtered().order_by().annotate(**annotations).values_list(*annotations)
        inner, params = rows.query.sql_with_params()
        outer_columns = ", ".join(names)
        sets = ", ".join(f"({name})" for name in names)
        opened = ", COUNT(*) FILTER (WHERE open_now)" if with_open else ""
        # Only this code's column names around Django's own SQL (with its parameters).
        select = f"SELECT {outer_columns}, GROUPING({outer_columns}), COUNT(*){opened}"
        sql = f"{select} FROM ({inner}) AS listed "
        sql += f"GROUP BY GROUPING SETS ({sets}, ())"
        grouped: dict = {name: [] for name in columns}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                values, (grouping, count) = row[: len(names)], row[len(names) : len(names) + 2]
                if grouping == (1 << len(names)) - 1:  # the grand total
                    grouped[""] = count
                    if with_open:
                        grouped[OPEN.name] = row[-1]
                    continue
                for index, name in enumerate(columns):
                    if not grouping & (1 << (len(names) - 1 - index)):
                        grouped[name].append((values[index], count))
        return grouped
