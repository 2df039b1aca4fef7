"""What a visitor looks for about an event, worked out from rows the page already holds."""

from dataclasses import dataclass
from urllib.parse import quote

from django import template
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from events.models import Event
from network_portal.templatetags.portal import date_range, datetime_range

register = template.Library()
KIND_LABELS = dict(Event.Kind.choices)


@dataclass
class Availability:
    """Registration for the event as a whole: ``state`` is ``open``, ``full`` (waiting list),
    ``not-open`` (opens at ``opens_at``) or ``closed``; ``places_left`` counts the free places
    of the open parts (``None`` when one of them is unlimited)."""

    state: str
    places_left: int | None = None
    opens_at: object = None
    closes_at: object = None


@register.simple_tag
def event_availability(event, now=None):
    """The event's registration state from its parts (prefetched with ``with_counts()``);
    ``None`` for a past or cancelled event, or one without parts."""
    now = now or timezone.now()
    parts = list(event.parts.all())
    if not parts or event.is_cancelled or event.end < now:
        return None
    for part in parts:
        part.event = event
    states = {part: part.registration_state(now) for part in parts}
    open_parts = [part for part, state in states.items() if state == "open"]
    if open_parts:
        lefts = [part.places_left for part in open_parts]
        return Availability(
            "open",
            None if None in lefts else sum(lefts),
            closes_at=min(part.closes_at for part in open_parts),
        )
    if "full" in states.values():
        full = [part for part, state in states.items() if state == "full"]
        return Availability("full", 0, closes_at=min(part.closes_at for part in full))
    waiting = [part for part, state in states.items() if state == "not-open"]
    if waiting:
        return Availability(
            "not-open", opens_at=min(part.registration_opens_at for part in waiting)
        )
    return Availability("closed")


@register.filter
def event_when(event):
    """When an event takes place, as its card says it: "6.–7. 1. 2027, from 9:00" over
    several days, "6. 1. 2027, 9:00–12:30" within one (a filter: the cards of a list are
    drawn many times a page)."""
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    if start.date() == end.date():
        return datetime_range(event.start, event.end)
    since = gettext("from %(time)s") % {"time": conditional_escape(formats.time_format(start))}
    return mark_safe(f"{conditional_escape(date_range(event.start, event.end))}, {since}")  # noqa: S308


@register.filter
def kind_label(event):
    """The event's kind in words (``get_kind_display`` without its per-call hashing)."""
    return str(KIND_LABELS.get(event.kind, event.kind))


@register.filter
def names(records):
    """The records' names, escaped, separated by commas: "Brno, Kolín"."""
    return mark_safe(", ".join(conditional_escape(record.name) for record in records))  # noqa: S308


@register.simple_tag
def registration_deadline(parts):
    """The last moment anyone can still register for some part: its closing time, or its
    start when it has none (``None`` without parts)."""
    return max((part.closes_at for part in parts), default=None)


@register.filter
def map_url(event):
    """A link to the venue on OpenStreetMap: its coordinates when known, otherwise a search
    for its address; empty for an event without a place."""

    if event.latitude is not None and event.longitude is not None:
        lat, lon = event.latitude, event.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    address = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if not address or (event.is_online and not event.venue_address):
        return ""
    return f"https://www.openstreetmap.org/search?query={quote(address)}"
