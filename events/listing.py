"""The public list of events, on the shared list engine (``network_portal.listing``).

Upcoming events by default (soonest first); ``when=past`` lists the past ones (latest first)
with a year filter. The page, its iCal and RSS feeds and its CSV/JSON twins all build the list
from the same query string.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import QueryDict
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from events.models import Event, EventPart
from members.models import Member, Region
from network_portal.listing import Facet, Filter, FilteredList, Option

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MODES = {"online": _("online"), "in-person": _("in person")}


def list_queryset(queryset: QuerySet) -> QuerySet:
    """The joins every list of events needs (cards, feeds, exports)."""
    return queryset.select_related("region").prefetch_related(
        Prefetch("hosts", queryset=Member.objects.only("pk", "name", "slug").order_by("name")),
        Prefetch("parts", queryset=EventPart.objects.with_counts().order_by("start", "pk")),
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
        counted = dict(rows.annotate(n=Count("pk")))
        return {"online": counted.get(True, 0), "in-person": counted.get(False, 0)}


class OpenFilter(Filter):
    def q(self, values, listing):
        parts = EventPart.objects.filter(event=OuterRef("pk")).window_open(listing.now)
        return Q(status=Event.Status.PUBLISHED) & Q(Exists(parts))

    def facet(self, listing) -> Facet:
        count = listing.filtered(without=self.name).filter(self.q(["1"], listing)).count()
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

    def facet(self, listing) -> Facet:
        period = TruncMonth("start") if self.unit == "month" else ExtractYear("start")
        rows = (
            listing.filtered(without=self.name)
            .annotate(period=period)
            .order_by()
            .values_list("period")
            .annotate(n=Count("pk"))
            .order_by("-period" if listing.past else "period")
        )
        chosen = listing.selected.get(self.name, [])
        options = []
        for period_value, count in rows:
            if self.unit == "month":
                value = f"{period_value:%Y-%m}"
                label = f"{MONTHS[period_value.month]} {period_value.year}"
            else:
                value = label = str(period_value)
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
HOST = Filter(
    "host",
    _("Host member"),
    labels=_host_labels,
    lookup=lambda values: Q(
        Exists(Event.hosts.through.objects.filter(event=OuterRef("pk"), member__slug__in=values))
    ),
    through=lambda: Event.hosts.through.objects,
    through_field="event",
    count_by="member__slug",
    hide_empty=True,
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
        events = Event.objects.published()
        return events.past(self.now) if self.past else events.upcoming(self.now)

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*(["-start", "-pk"] if self.past else ["start", "pk"]))

    def params(self, *, sort: bool = True) -> QueryDict:
        query = super().params(sort=sort)
        if self.past:
            query["when"] = "past"
        return query

    @property
    def selected_filters(self):
        return self.selected
