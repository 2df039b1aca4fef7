"""The public list of events and its filters with counts, from the GET parameters.

One :class:`EventSearch` describes a list; the page, its iCal and RSS feeds and its CSV/JSON
twins all build it from the same query string, so they always hold the same events. Within a
filter the chosen values are alternatives; different filters must all hold. The count next to
a value is the number of events the list would have with that value chosen, i.e. counted
with every *other* filter applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import QueryDict
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventPart
from members.models import Member

FACETS = ["kind", "region", "host", "mode", "open", "month"]
FACET_LABELS = {
    "kind": _("Kind of event"),
    "region": _("Region"),
    "host": _("Host member"),
    "mode": _("Online or in person"),
    "open": _("Registration"),
    "month": _("Month"),
    "year": _("Year"),
}
MODES = {"online": _("online"), "in-person": _("in person")}
MONTH_PATTERN = re.compile(r"^\d{4}-\d{2}$")
MAX_VALUES = 30
MAX_HOSTS_SHOWN = 40


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def selected_options(self):
        return [option for option in self.options if option.selected]


def list_queryset(queryset: QuerySet) -> QuerySet:
    """The joins every list of events needs (cards, feeds, exports)."""
    return queryset.select_related("region").prefetch_related(
        Prefetch("hosts", queryset=Member.objects.only("pk", "name", "slug").order_by("name")),
        Prefetch("parts", queryset=EventPart.objects.with_counts().order_by("start", "pk")),
    )


class EventSearch:
    def __init__(self, params: QueryDict, now: datetime | None = None):
        self.now = now or timezone.now()
        self.past = params.get("when") == "past"
        self.selected: dict[str, list[str]] = {}
        for name in [*FACETS, "year"]:
            values = [v[:80] for v in params.getlist(name) if v and "\x00" not in v][:MAX_VALUES]
            if name == "month":
                values = [v for v in values if MONTH_PATTERN.match(v) and 1 <= int(v[5:]) <= 12]
            if name == "year":
                values = [v for v in values if v.isdigit() and len(v) == 4]
            if name == "mode":
                values = [v for v in values if v in MODES]
            if name == "open":
                values = ["1"] if "1" in values else []
            if name == "kind":
                values = [v for v in values if v in Event.Kind.values]
            if values:
                self.selected[name] = list(dict.fromkeys(values))
        if not self.past:
            self.selected.pop("year", None)

    @property
    def is_filtered(self) -> bool:
        return bool(self.selected)

    def params(self) -> QueryDict:
        query = QueryDict(mutable=True)
        if self.past:
            query["when"] = "past"
        for name, values in self.selected.items():
            query.setlist(name, values)
        return query

    # --- the queryset -------------------------------------------------------------------
    def base(self) -> QuerySet:
        events = Event.objects.published()
        return events.past(self.now) if self.past else events.upcoming(self.now)

    def _apply(self, events: QuerySet, name: str, values: list[str]) -> QuerySet:
        if name == "kind":
            return events.filter(kind__in=values)
        if name == "region":
            return events.filter(region__nuts3__in=values)
        if name == "host":
            return events.filter(
                pk__in=Event.hosts.through.objects.filter(member__slug__in=values).values(
                    "event_id"
                )
            )
        if name == "mode":
            if len(values) == 2:
                return events
            return events.filter(is_online=values[0] == "online")
        if name == "open":
            return events.filter(pk__in=Event.objects.open_for_registration(self.now).values("pk"))
        if name == "month":
            condition = Q()
            for value in values:
                condition |= Q(start__year=int(value[:4]), start__month=int(value[5:]))
            return events.filter(condition)
        if name == "year":
            return events.filter(start__year__in=[int(value) for value in values])
        return events

    def filtered(self, *, without: str | None = None) -> QuerySet:
        events = self.base()
        for name, values in self.selected.items():
            if name != without:
                events = self._apply(events, name, values)
        return events

    def results(self) -> QuerySet:
        order = ["-start", "-pk"] if self.past else ["start", "pk"]
        return self.filtered().order_by(*order)

    # --- the counts ---------------------------------------------------------------------
    def _options(self, name, rows, labels=None) -> list[Option]:
        chosen = set(self.selected.get(name, []))
        options = []
        for value, count in rows:
            value = str(value)
            label = labels(value) if labels else value
            options.append(Option(value, str(label), count, value in chosen))
        return options

    def facets(self) -> list[Facet]:
        facets = []
        names = [*FACETS, "year"] if self.past else FACETS
        for name in names:
            if name == "open" and self.past:
                continue
            events = self.filtered(without=name)
            facet = Facet(name, str(FACET_LABELS[name]))
            facet.options = getattr(self, f"_count_{name}")(events)
            facets.append(facet)
        return facets

    def _count_kind(self, events):
        rows = events.order_by().values_list("kind").annotate(count=Count("pk"))
        labels = dict(Event.Kind.choices)
        counted = dict(rows)
        return self._options(
            "kind",
            [(value, counted[value]) for value in Event.Kind.values if value in counted],
            lambda value: labels[value],
        )

    def _count_region(self, events):
        rows = (
            events.filter(region__isnull=False)
            .order_by()
            .values_list("region__nuts3", "region__name")
            .annotate(count=Count("pk"))
            .order_by("region__name")
        )
        names = {nuts3: name for nuts3, name, _count in rows}
        return self._options("region", [(nuts3, count) for nuts3, _name, count in rows], names.get)

    def _count_host(self, events):
        rows = list(
            Event.hosts.through.objects.filter(event__in=events.order_by().values("pk"))
            .values_list("member__slug", "member__name")
            .annotate(count=Count("event_id"))
            .order_by("-count", "member__name")[:MAX_HOSTS_SHOWN]
        )
        rows.sort(key=lambda row: row[1])
        names = {slug: name for slug, name, _count in rows}
        return self._options("host", [(slug, count) for slug, _name, count in rows], names.get)

    def _count_mode(self, events):
        counted = dict(events.order_by().values_list("is_online").annotate(count=Count("pk")))
        rows = [
            (value, counted[online])
            for value, online in (("online", True), ("in-person", False))
            if online in counted
        ]
        return self._options("mode", rows, lambda value: MODES[value])

    def _count_open(self, events):
        count = events.filter(
            pk__in=Event.objects.open_for_registration(self.now).values("pk")
        ).count()
        return self._options("open", [("1", count)] if count else [], lambda v: _("open now"))

    def _count_month(self, events):
        rows = (
            events.annotate(month=TruncMonth("start"))
            .order_by()
            .values_list("month")
            .annotate(count=Count("pk"))
            .order_by("-month" if self.past else "month")
        )
        options = [(f"{month:%Y-%m}", count) for month, count in rows if month][:24]
        return self._options(
            "month",
            options,
            lambda value: f"{MONTHS[int(value[5:])]} {value[:4]}",
        )

    def _count_year(self, events):
        rows = (
            events.annotate(year=ExtractYear("start"))
            .order_by()
            .values_list("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return self._options("year", list(rows))
