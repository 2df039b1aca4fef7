"""What the events' pages share: which events a visitor sees, the parts open for
registration, a service's errors on a form, the client's key for rate limits, and the staff's
event pages' permission check."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from events.models import Event, EventPart
from network_portal.clients import rate_limit_key


def visible_events(user):
    """Published and cancelled events; drafts too for staff who may edit events (preview)."""
    if user.is_authenticated and user.has_perm("events.change_event"):
        return Event.objects.all()
    return Event.objects.published()


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


PERMISSION = "events.check_in"


def staff_event(request, slug, permission=PERMISSION) -> Event:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(
        Event.objects.prefetch_related(
            Prefetch("parts", queryset=EventPart.objects.order_by("start", "position", "pk"))
        ),
        slug=slug,
    )
