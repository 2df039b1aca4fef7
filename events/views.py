from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext
from django.views.generic import DetailView, ListView

from events.ics import calendar_for_parts
from events.listing import EventSearch, list_queryset
from events.models import Event, EventPart, RegistrationPart
from members.models import Member
from network_portal.clients import rate_limit_key
from network_portal.feeds import CleanRssFeed
from network_portal.listing import csv_response, json_response

PAGE_SIZE = 20
FEED_SIZE = 100
Status = RegistrationPart.Status


def visible_events(user):
    """Published and cancelled events; drafts too for staff who may edit events (preview)."""
    if user.is_authenticated and user.has_perm("events.change_event"):
        return Event.objects.all()
    return Event.objects.published()


# --- the list and its feeds --------------------------------------------------------------
class EventListView(ListView):
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.search = EventSearch(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return list_queryset(self.search.results())

    def paginate_queryset(self, queryset, page_size):
        page = self.search.page(queryset, self.request.GET.get("page"), page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.search.params().urlencode()
        feed_url = self.request.build_absolute_uri(reverse("events:feed-ical"))
        context.update(
            search=self.search,
            facets=self.search.facets(),
            query=query,
            webcal_url="webcal://" + feed_url.split("://", 1)[1] + (f"?{query}" if query else ""),
        )
        return context


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


EXPORT_COLUMNS = [
    "url",
    "title",
    "kind",
    "status",
    "start",
    "end",
    "online",
    "venue",
    "address",
    "region",
    "hosts",
    "organiser",
    "summary",
]


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


def export_csv(request):
    """The filtered list (all of it, in the list's order) as CSV, safe to open in a
    spreadsheet (the list engine neutralises formulas)."""
    return csv_response(_export_rows(request), EXPORT_COLUMNS, "events.csv")


def export_json(request):
    """The filtered list (all of it, in the list's order) as a JSON array."""
    return json_response(_export_rows(request), "events.json")


# --- the event page -----------------------------------------------------------------------
def _event_queryset(user):
    return (
        visible_events(user)
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "hosts",
                queryset=Member.objects.select_related("region").order_by("name"),
            ),
            Prefetch("parts", queryset=EventPart.objects.with_counts().order_by("start", "pk")),
        )
    )


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return _event_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        now = timezone.now()
        parts = list(event.parts.all())
        for part in parts:
            part.event = event
            part.state = part.registration_state(now)
        context.update(
            parts=parts,
            can_register=any(part.state in ("open", "full") for part in parts),
            attending=list(
                Member.objects.filter(
                    event_registrations__event=event,
                    event_registrations__show_organisation=True,
                    event_registrations__member_confirmed_at__isnull=False,
                    event_registrations__parts__status=Status.CONFIRMED,
                )
                .distinct()
                .only("pk", "name", "slug")
                .order_by("name")
            ),
            show_czech_notice=get_language() == "en" and not event.has_english,
        )
        return context


def event_calendar(request, slug):
    event = get_object_or_404(_event_queryset(request.user), slug=slug)
    parts = list(event.parts.all())
    for part in parts:
        part.event = event
    body = calendar_for_parts(parts, name=event.title, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug[:80]}.ics"'
    return response


# --- shared by the registration pages ------------------------------------------------------
def open_parts(event, now=None):
    """The parts one can register for now (open or full with a waiting list)."""
    now = now or timezone.now()
    parts = list(event.parts.all())
    for part in parts:
        part.event = event
        part.state = part.registration_state(now)
    return [part for part in parts if part.state in ("open", "full")]


def add_errors(form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the form: next to its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def registration_queryset(user):
    """Events for the registration pages, with their parts and the places taken."""
    return visible_events(user).prefetch_related(
        Prefetch("parts", queryset=EventPart.objects.with_counts().order_by("start", "pk"))
    )


def client_address(request) -> str:
    """The key of the visitor's address for rate limits: behind the trusted proxies, the
    address they name; an IPv6 /64 as one client (``network_portal.clients``)."""
    return rate_limit_key(request)
