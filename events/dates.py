"""The event's days are the days of its parts: an event saved as 15–17 March whose parts run
on 15–16 March showed "15.–17. 3." publicly without a word. One check, used by the event's
form with its parts inline and by a part saved alone (``EventPart.clean``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def check_event_days(*, start: datetime, end: datetime, spans: Iterable[tuple]) -> None:
    """Refuse an event running ``start``–``end`` whose parts run ``spans`` (pairs of start
    and end) on other days, naming both ranges. No parts, nothing to check."""
    spans = list(spans)
    if not spans or start is None or end is None:
        return
    first = timezone.localdate(min(part_start for part_start, _end in spans))
    last = timezone.localdate(max(part_end for _start, part_end in spans))
    days = (timezone.localdate(start), timezone.localdate(end))
    if days != (first, last):
        raise ValidationError(
            gettext(
                "The event runs %(event)s but its parts run %(parts)s: make the event's "
                "start and end the days of its first and last part."
            )
            % {"event": _day_span(*days), "parts": _day_span(first, last)},
            code="event_dates",
        )


def _day_span(first: date, last: date) -> str:
    if first == last:
        return date_format(first)
    return f"{date_format(first)} – {date_format(last)}"
