"""iCalendar (.ics) output: one event's parts, a registration's parts, or a whole list.

Every part is one VEVENT with a stable UID (``event-<pk>-part-<pk>@<host>``), so calendars
update an entry instead of adding a second one when the feed or an e-mail is opened again.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent


def uid_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def part_uid(part) -> str:
    return f"event-{part.event_id}-part-{part.pk}@{uid_host()}"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Healthy Cities of the Czech Republic//portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property has no known type: as vText it is escaped like SUMMARY (line breaks,
    # commas, semicolons), otherwise a line break in the name breaks the file.
    calendar.add("x-wr-calname", vText(name))
    return calendar


def _entry(part, *, base_url: str, online_url: str = "", method_cancel: bool = False):
    event = part.event
    entry = CalendarEvent()
    entry.add("uid", part_uid(part))
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", part.start)
    entry.add("dtend", part.end)
    title = event.title if part.title == event.title else f"{event.title} – {part.title}"
    entry.add("summary", title)
    url = base_url.rstrip("/") + event.get_absolute_url()
    description = [event.summary, "", url]
    if online_url:
        description += ["", online_url]
    entry.add("description", "\n".join(description))
    entry.add("url", url)
    location = online_url or event.place
    if location:
        entry.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        entry.add("geo", (float(event.latitude), float(event.longitude)))
    cancelled = method_cancel or event.is_cancelled
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("last-modified", event.updated_at)
    return entry


def calendar_for_parts(parts, *, name: str, base_url: str, online_urls=None) -> bytes:
    """A calendar with one entry per part; ``online_urls`` maps part pk → a link to include
    (only for confirmed registrants)."""
    calendar = _calendar(name)
    online_urls = online_urls or {}
    for part in parts:
        calendar.add_component(
            _entry(part, base_url=base_url, online_url=online_urls.get(part.pk, ""))
        )
    return calendar.to_ical()
