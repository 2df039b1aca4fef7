"""The events section: upcoming events on the home page, the events a member hosts on its
profile, events in the site search."""

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from events import cachescopes
from events.listing import EventSearch, list_queryset, upcoming_events, with_places
from events.models import Event, EventPart
from events.sitemaps import sitemaps
from members.models import Member
from network_portal.sections import Block, Link, SearchResults, Section

HOME_COUNT = 3
PROFILE_COUNT = 10
ATTENDED_COUNT = 30


def home(request):
    upcoming = list(
        upcoming_events(timezone.now())
        .select_related("region")
        .prefetch_related(Prefetch("hosts", queryset=Member.objects.only("pk", "name")))
        .order_by("start", "pk")[:HOME_COUNT]
    )
    if not upcoming:
        return None
    return Block("events/includes/_home_upcoming.html", {"events": upcoming}, home_order=10)


def next_change(now):
    """The next moment an event of the public pages starts or ends, or one of its parts starts,
    ends, or opens or closes its registration: the first value after ``now`` of each column,
    each read from its index (worked out again after every write to the events)."""
    events = Event.objects.published()
    parts = EventPart.objects.filter(event__in=events)
    moments = [
        queryset.filter(**{f"{name}__gt": now}).order_by(name).values_list(name, flat=True).first()
        for queryset, names in (
            (events, ("start", "end")),
            (parts, ("start", "end", "registration_opens_at", "registration_closes_at")),
        )
        for name in names
    ]
    return min((moment for moment in moments if moment), default=None)


def _attended(request, member) -> list:
    """For staff who see attendance: the events people of ``member`` attended, with how many
    people (one query, plus the user's permissions once per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("events.check_in"):
        return []
    present = Q(
        parts__attendances__present=True,
        parts__attendances__registration__member=member,
    )
    return list(
        Event.objects.filter(present)
        .annotate(people=Count("parts__attendances__registration", filter=present, distinct=True))
        .only("slug", "title", "title_cs", "title_en", "start", "end", "status", "kind")
        .order_by("-start", "-pk")[:ATTENDED_COUNT]
    )


def related(request, record):
    """The latest events a member hosts, for its profile (one query): upcoming, then past; for
    staff also the events its people attended (one more query)."""
    if record._meta.label != "members.Member":
        return None
    attended = _attended(request, record)
    now = timezone.now()
    hosted = (
        Event.objects.published()
        .filter(hosts=record)
        .only("slug", "title", "title_cs", "title_en", "start", "end", "status", "kind")
    )
    with cachescopes.reading_hosted(record.pk):
        latest = list(hosted.order_by("-start", "-pk")[:PROFILE_COUNT])
    upcoming = [event for event in reversed(latest) if event.end >= now]
    past = [event for event in latest if event.end < now]
    if not upcoming and not past and not attended:
        return None
    return Block(
        "events/includes/_member_events.html",
        {"upcoming": upcoming, "past": past, "member": record, "attended": attended},
    )


def search(request, query: str, limit: int) -> SearchResults:
    upcoming = EventSearch.from_words(query)
    items, total = upcoming.preview(list_queryset(upcoming.results(), parts=False), limit)
    with_places(items)
    return SearchResults(
        items=items,
        total=total,
        template="events/includes/_search_result.html",
        more_url=f"{reverse('events:list')}?{upcoming.params().urlencode()}",
        more_phrase=ngettext_lazy(
            "Show the %(counter)s upcoming event found",
            "Show all %(counter)s upcoming events found",
            "counter",
        ),
        empty_label=gettext("No upcoming event matches these words."),
        list_class="event-cards",
    )


def account_links(request):
    """Everybody's own registrations; a coordinator's member's registrations (network staff
    keep registrations in the administration)."""
    links = [Link(gettext("My registrations"), reverse("events:mine"))]
    if not request.user.has_perm("events.change_registration"):
        links.append(
            Link(gettext("Our member's registrations"), reverse("events:member-registrations"))
        )
    return links


def record_links(request, record):
    """The attendance pages of an event, for those who check people in."""
    if record._meta.label != "events.Event" or not request.user.has_perm("events.check_in"):
        return []
    return [Link(gettext("Attendance"), reverse("events:attendance", kwargs={"slug": record.slug}))]


section = Section(
    name="events",
    label=_("Events"),
    description=_(
        "Seminars, webinars, the Healthy Cities School, meetings of regions and study trips – "
        "with registration."
    ),
    list_url_name="events:list",
    path=_("events/"),
    urls="events.urls",
    order=30,
    home=home,
    related=related,
    search=search,
    account_links=account_links,
    record_links=record_links,
    sitemaps=sitemaps,
    next_change=next_change,
)
