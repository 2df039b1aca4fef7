"""The events in other formats: the iCalendar and RSS feeds of the filtered list, its CSV and
JSON exports, and one event's calendar file."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from events.ics import calendar_for_parts
from events.listing import EventSearch, list_queryset
from events.views.shared import visible_events
from network_portal import exports
from network_portal.feeds import CleanRssFeed

FEED_SIZE = 100


def _feed_events(request):
    search = EventSearch(request.GET)
    return search, search.fetch(list_queryset(search.results())[:FEED_SIZE])


def feed_ical(request):
    """The filtered list as a calendar to subscribe to (one entry per part)."""
    _search, events = _feed_events(request)
    parts = [part for event in events for part in event.parts.all()]
    for event in events:
        for part in event.parts.all():
            part.event = event
    body = calendar_for_parts(
        parts, name=gettext("Healthy Cities – events"), base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


class EventRssFeed(Feed):
    """The filtered list (the list's query string applies) as RSS."""

    feed_type = CleanRssFeed

    def get_object(self, request):
        return EventSearch(request.GET)

    def title(self, obj):
        return gettext("Healthy Cities – events")

    def link(self, obj):
        query = obj.params().urlencode()
        return reverse("events:list") + (f"?{query}" if query else "")

    def description(self, obj):
        return gettext("Seminars, schools and meetings of the Czech Healthy Cities Network.")

    def items(self, obj):
        return obj.fetch(list_queryset(obj.results())[:FEED_SIZE])

    def item_title(self, item):
        prefix = f"{gettext('Cancelled')}: " if item.is_cancelled else ""
        day = formats.date_format(timezone.localtime(item.start), "DATE_FORMAT")
        return f"{prefix}{item.title} ({day})"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]


OPEN_DATA = exports.OpenData(
    "events",
    "Events of the Healthy Cities Network",
    {
        "url": exports.URL,
        "title": exports.TEXT,
        "kind": exports.TEXT,
        "status": exports.TEXT,
        "start": exports.TEXT,
        "end": exports.TEXT,
        "online": exports.BOOLEAN,
        "venue": exports.OPTIONAL_TEXT,
        "address": exports.TEXT,
        "region": exports.TEXT,
        "hosts": exports.TEXT_LIST,
        "organiser": exports.OPTIONAL_TEXT,
        "summary": exports.TEXT,
    },
)


def _export_rows(request):
    search = EventSearch(request.GET)
    for event in search.iterate(list_queryset(search.results())):
        row = {
            "url": request.build_absolute_uri(event.get_absolute_url()),
            "title": event.title,
            "kind": event.kind,
            "status": event.status,
            "start": event.start.isoformat(),
            "end": event.end.isoformat(),
            "online": event.is_online,
            "venue": event.venue_name,
            "address": event.venue_address,
            "region": event.region.name if event.region else "",
            "hosts": [member.name for member in event.hosts.all()],
            "organiser": event.organiser,
            "summary": event.summary,
        }
        yield row


@exports.limited_download
def export_csv(request):
    """The filtered list (all of it, in the list's order) as CSV, safe to open in a
    spreadsheet (the list engine neutralises formulas)."""
    return OPEN_DATA.csv(_export_rows(request))


@exports.limited_download
def export_json(request):
    """The filtered list (all of it, in the list's order) as a JSON array (``?format=schema``:
    its JSON schema)."""
    return OPEN_DATA.json(request, _export_rows(request))


def event_calendar(request, slug):
    event = get_object_or_404(visible_events(request.user), slug=slug)
    parts = list(event.parts.order_by("start", "pk"))
    for part in parts:
        part.event = event
    body = calendar_for_parts(parts, name=event.title, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug[:80]}.ics"'
    return response
