from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from events import services
from events.emails import base_url
from events.forms import ChangePartsForm, ColleaguesForm, RegistrationForm
from events.ics import calendar_for_parts
from events.listing import EventSearch, list_queryset
from events.models import Event, EventPart, Registration, RegistrationPart
from events.tokens import registration_pk, token_matches
from members.models import Member
from network_portal.feeds import CleanRssFeed
from network_portal.listing import csv_response, json_response
from network_portal.ratelimit import rate_limit_exceeded

PAGE_SIZE = 20
FEED_SIZE = 100
RATE_LIMITS = {
    "ip": (20, timedelta(hours=1)),
    "email": (5, timedelta(hours=1)),
}
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
        return f"{prefix}{item.title} ({item.start:%d. %m. %Y})"

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
            "attachments",
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


# --- registration --------------------------------------------------------------------------
def _open_parts(event, now=None):
    """The parts one can register for now (open or full with a waiting list)."""
    now = now or timezone.now()
    parts = list(event.parts.all())
    for part in parts:
        part.event = event
        part.state = part.registration_state(now)
    return [part for part in parts if part.state in ("open", "full")]


def _client_ip(request) -> str:
    """The visitor's address as the login lockout sees it (the proxy settings of axes)."""
    return get_client_ip_address(request) or ""


def _rate_limited(request, email: str) -> bool:
    limits = getattr(settings, "EVENTS_REGISTRATION_RATE_LIMITS", RATE_LIMITS)
    limit, period = limits["ip"]
    by_ip = rate_limit_exceeded(
        scope="events-register-ip", key=_client_ip(request), limit=limit, period=period
    )
    limit, period = limits["email"]
    by_email = rate_limit_exceeded(
        scope="events-register-email", key=email.lower(), limit=limit, period=period
    )
    return by_ip or by_email


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _registration_closed_page(request, event):
    return render(request, "events/registration_closed.html", {"event": event}, status=200)


def _registration_queryset(user):
    return visible_events(user).prefetch_related(
        Prefetch("parts", queryset=EventPart.objects.with_counts().order_by("start", "pk"))
    )


def register(request, slug):
    event = get_object_or_404(_registration_queryset(request.user), slug=slug)
    parts = _open_parts(event)
    if not parts:
        return _registration_closed_page(request, event)
    initial = {"parts": [part.pk for part in parts]} if len(parts) == 1 else {}
    form = RegistrationForm(request.POST or None, parts=parts, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form.is_spam:
            # Pretend to succeed: a robot learns nothing.
            messages.success(request, _("Thank you. Check your e-mail for the confirmation."))
            return redirect(event.get_absolute_url())
        if _rate_limited(request, data["email"]):
            form.add_error(
                None,
                _(
                    "Too many registrations were sent from here or for this e-mail address. "
                    "Please try again in an hour."
                ),
            )
        else:
            try:
                registration = services.registration_create(
                    event=event,
                    parts=list(data["parts"]),
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    member=data["member"],
                    position=data["position"],
                    needs=data["needs"],
                    show_organisation=data["show_organisation"],
                    language=get_language(),
                    user=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you, you are registered. We have sent you an e-mail with the "
                        "details and a link to this page, where you can change or cancel "
                        "your registration."
                    ),
                )
                return redirect(_manage_url(registration))
    return render(
        request,
        "events/registration_form.html",
        {"event": event, "form": form, "parts": parts},
    )


@login_required
def register_colleagues(request, slug):
    """A coordinator registers colleagues of their own member (within its quota)."""
    members = list(Member.objects.editable_by(request.user).order_by("name"))
    if not members:
        raise PermissionDenied
    event = get_object_or_404(_registration_queryset(request.user), slug=slug)
    parts = _open_parts(event)
    if not parts:
        return _registration_closed_page(request, event)
    form = ColleaguesForm(
        request.POST or None,
        parts=parts,
        members=Member.objects.filter(pk__in=[member.pk for member in members]).order_by("name"),
    )
    if request.method == "POST" and form.is_valid() and not form.is_spam:
        data = form.cleaned_data
        try:
            registrations = services.registration_create_group(
                event=event,
                parts=list(data["parts"]),
                people=form.people(),
                member=data["member"],
                organisation=data["member"].name,
                show_organisation=data["show_organisation"],
                language=get_language(),
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Registered: %(count)d. Each colleague gets an e-mail with their own link "
                    "to manage the registration."
                )
                % {"count": len(registrations)},
            )
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/registration_colleagues.html",
        {"event": event, "form": form, "parts": parts},
    )


def _manage_url(registration):
    from events.tokens import registration_token

    return reverse("events:manage", kwargs={"token": registration_token(registration)})


def _registration_or_404(token) -> Registration:
    """The registration the manage link stands for; any other link is a 404."""
    pk = registration_pk(token)
    if pk is None:
        raise Http404
    registration = Registration.objects.select_related("event", "member").filter(pk=pk).first()
    if registration is None or not token_matches(registration, token):
        raise Http404
    return registration


def _rows(registration):
    return list(
        registration.parts.select_related("part").order_by("part__start", "part__pk", "-pk")
    )


# A person's own page behind a secret link: never in a shared cache (ours or a proxy's).
@never_cache
def manage(request, token):
    """The person's private page: see the registration, change parts, cancel, download."""
    registration = _registration_or_404(token)
    event = registration.event
    rows = _rows(registration)
    active = [row for row in rows if row.is_active]
    latest = {}
    for row in rows:
        latest.setdefault(row.part_id, row)
    parts = list(event.parts.all().order_by("start", "pk"))
    now = timezone.now()
    for part in parts:
        part.event = event
    choosable = [
        part
        for part in parts
        if part.registration_state(now) in ("open", "full")
        or any(row.part_id == part.pk for row in active)
    ]
    form = ChangePartsForm(
        request.POST if request.POST.get("action") == "change" else None,
        parts=choosable,
        initial={"parts": [row.part_id for row in active]},
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.registration_cancel(registration=registration)
                messages.success(request, _("Your registration is cancelled."))
                return redirect(request.path)
            if request.POST.get("action") == "change" and form.is_valid():
                services.registration_change_parts(
                    registration=registration, parts=list(form.cleaned_data["parts"])
                )
                messages.success(request, _("Your registration was changed."))
                return redirect(request.path)
        except ValidationError as error:
            _add_errors(form, error)
    return render(
        request,
        "events/registration_manage.html",
        {
            "registration": registration,
            "event": event,
            "rows": [latest[part.pk] for part in parts if part.pk in latest],
            "active": active,
            "form": form,
            "token": token,
            "certificates": list(registration.certificates.current().exclude(pdf=b"").defer("pdf")),
        },
    )


@never_cache
def manage_calendar(request, token):
    """The person's parts as .ics (with the online link of confirmed online parts)."""
    from events.emails import registration_calendar

    registration = _registration_or_404(token)
    rows = list(registration.parts.select_related("part__event").filter(status__in=("confirmed",)))
    body = registration_calendar(registration, rows) if rows else b""
    if not body:
        body = calendar_for_parts([], name=registration.event.title, base_url=base_url())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug[:80]}.ics"'
    return response


@never_cache
def offer(request, token, pk):
    """Accept or decline an offered place. GET only shows the offer (mail scanners open
    links); the decision is a POST."""
    registration = _registration_or_404(token)
    row = get_object_or_404(
        RegistrationPart.objects.select_related("part__event"), pk=pk, registration=registration
    )
    problem = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "claim":
                services.offer_claim(row=row)
                messages.success(request, _("The place is yours."))
            elif request.POST.get("action") == "decline":
                services.offer_decline(row=row)
                messages.success(
                    request, _("You declined the place; it passes to the next person.")
                )
            return redirect(_manage_url(registration))
        except ValidationError as error:
            problem = " ".join(error.messages)
            row.refresh_from_db()
    elif row.status != Status.OFFERED:
        problem = services.offer_error(row).messages[0]
    elif row.offer_expires_at <= timezone.now():
        problem = services.ERRORS["offer_expired"]
    return render(
        request,
        "events/offer.html",
        {
            "registration": registration,
            "event": row.part.event,
            "row": row,
            "problem": problem,
            "token": token,
        },
        status=200,
    )
