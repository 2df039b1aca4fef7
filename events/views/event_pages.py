"""The public event pages: the filtered list and an event's page."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

from events.listing import (
    EventSearch,
    attending_members,
    list_queryset,
    with_places,
)
from events.views.shared import (
    visible_events,
)
from members.models import Member
from network_portal.listing import FilteredListView
from network_portal.records import RecordView

PAGE_SIZE = 20


class EventListView(FilteredListView):
    listing_class = EventSearch
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = PAGE_SIZE

    def with_joins(self, queryset):
        return list_queryset(queryset, parts=False)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, events, other_pages = super().paginate_queryset(queryset, page_size)
        page.object_list = events = with_places(list(events))
        return paginator, page, events, other_pages

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = context["query"]
        feed_url = self.request.build_absolute_uri(reverse("events:feed-ical"))
        context["webcal_url"] = (
            "webcal://" + feed_url.split("://", 1)[1] + (f"?{query}" if query else "")
        )
        return context


class EventDetailView(RecordView):
    template_name = "events/event_detail.html"
    context_object_name = "event"
    body_lookups = (
        # The hosts' names: not their descriptions (network_portal.pagecolumns).
        Prefetch("hosts", queryset=Member.objects.only("name", "slug").order_by("name")),
    )

    def get_queryset(self):
        return visible_events(self.request.user).select_related("region")

    @cached_property
    def coordinates(self) -> bool:
        """Whether the visitor coordinates a member: the body offers to register colleagues."""
        user = self.request.user
        return user.is_authenticated and user.coordinated_members.exists()

    def body_vary(self):
        return (*super().body_vary(), self.coordinates)

    def body_context(self):
        event = self.object
        now = timezone.now()
        # Both read this event's registrations only: a registration for another event leaves
        # the page cached (events.cachescopes).
        with_places([event])
        attending = attending_members(event)
        parts = list(event.parts.all())
        for part in parts:
            part.event = event
            part.state = part.registration_state(now)
        return {
            "parts": parts,
            "can_register": any(part.state in ("open", "full") for part in parts),
            "coordinates": self.coordinates,
            "attending": attending,
            "show_czech_notice": get_language() == "en" and not event.has_english,
        }
