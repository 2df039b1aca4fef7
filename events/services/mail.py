"""E-mails to registrants, in the language they registered in.

The services queue a job when their transaction commits (:func:`notify_later`); the worker
renders the message from the committed state and queues it for sending (``network_portal.mail``).
A message that fails to render is retried like one that fails to send, and a job that keeps
failing stays in the queue's admin list as failed, with its error – nothing is lost silently.
A burst of changes to one registration gives one message (``debounce``): the job waits a
moment, and the message shows the state when it is written.

Each message tells the person their true state (confirmed, on the waiting list and where,
waiting for approval and by whom), links to the event and to their private page; confirmations
and reminders carry an .ics file with the parts the person holds a place in (and, for online
parts they are confirmed for, the online link – only ever sent to the registered address).
"""

from __future__ import annotations

import contextlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from events.ics import calendar_for_parts
from events.links import (
    address_url,
    base_url,
    download_url,
    manage_url,
    offer_url,
    verification_url,
)
from events.models import Certificate, Registration, RegistrationPart
from network_portal.addresses import same_address
from network_portal.mail import MAIL_QUEUE, MAIL_RETRY, mail_queue

logger = logging.getLogger(__name__)

Status = RegistrationPart.Status

# How long a change waits before it is told, so that a burst of changes gives one message.
CHANGE_MAIL_DELAY_SECONDS = 60


def registration_calendar(registration: Registration, rows) -> bytes:
    """The person's parts with a place (confirmed first-hand: with the online link)."""
    holding = [row for row in rows if row.holds_place]
    online = {
        row.part_id: row.part.online_url
        for row in holding
        if row.status == Status.CONFIRMED and row.part.online_url
    }
    return calendar_for_parts(
        [row.part for row in holding],
        name=registration.event.title,
        base_url=base_url(),
        online_urls=online,
    )


def state(rows) -> str:
    """One word for the person's active places: ``confirmed``, ``waiting``, ``pending``,
    ``offered``, ``mixed`` or ``none``."""
    states = {row.status for row in rows if row.is_active}
    if not states:
        return "none"
    if len(states) == 1:
        return next(iter(states))
    return "mixed"


def subject_for(state_: str) -> str:
    """The subject of a registration's message by its state (call in the person's language)."""
    return {
        "confirmed": gettext("Registration confirmed"),
        "waiting": gettext("You are on the waiting list"),
        "pending": gettext("Registration waiting for approval"),
        "offered": gettext("A place has become free for you"),
        "mixed": gettext("Registration: some parts confirmed, others not yet"),
        "none": gettext("You have no places left"),
    }[state_]


def _rows(registration: Registration):
    return list(registration.parts.for_page())


def _registered_by(registration: Registration) -> str:
    """Who registered the person, when it was somebody else (a coordinator or staff)."""
    user = registration.created_by
    if user is None or same_address(user.email, registration.email):
        return ""
    return user.get_full_name() or user.email


def _send(
    registration: Registration,
    *,
    template: str,
    subject: str = "",
    context: dict | None = None,
    calendar: bool = False,
) -> None:
    with translation.override(registration.language):
        rows = _rows(registration)
        event = registration.event
        state_ = state(rows)
        full_context = {
            "registration": registration,
            "event": event,
            "rows": rows,
            "state": state_,
            "active_rows": [row for row in rows if row.is_active],
            "registered_by": _registered_by(registration),
            "offer_hours": event.offer_hours,
            "event_url": base_url() + event.get_absolute_url(),
            "manage_url": manage_url(registration),
            **(context or {}),
        }
        body = render_to_string(f"events/email/{template}.txt", full_context).strip()
        attachments = []
        if calendar and any(row.holds_place for row in rows):
            attachments.append(
                (
                    f"event-{event.pk}.ics",
                    registration_calendar(registration, rows),
                    "text/calendar",
                )
            )
        mail_queue(
            to=registration.email,
            subject=f"{subject or subject_for(state_)} – {event.title}",
            body=body,
            attachments=attachments,
            reply_to=event.contact_email or None,
        )


# --- the job --------------------------------------------------------------------------------
def notify_later(kind: str, *, debounce: bool = False, **ids) -> None:
    """Queue the job that writes message ``kind`` (call after the commit)."""
    task = notify
    if debounce:
        delay = getattr(settings, "EVENTS_CHANGE_MAIL_DELAY_SECONDS", CHANGE_MAIL_DELAY_SECONDS)
        task = notify.configure(
            schedule_in={"seconds": delay},
            queueing_lock=f"events-notify-{kind}-{ids['registration']}",
        )
    # When a message about this registration is already waiting, it will show this change too.
    with contextlib.suppress(AlreadyEnqueued):
        task.defer(kind=kind, **ids)


@app.task(name="events_notify", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def notify(*, kind: str, registration: int, **ids) -> None:
    """Write message ``kind`` about ``registration`` (gone: nothing to say)."""
    instance = (
        Registration.objects.select_related("event", "member", "created_by")
        .filter(pk=registration)
        .first()
    )
    if instance is None:
        return
    WRITERS[kind](instance, **ids)


def address_mail_later(kind: str, *, email: str, language: str, event_id: int | None = None):
    """Queue the job that writes a message to an address (its links, "already registered")."""
    address_notify.defer(kind=kind, email=email, language=language, event_id=event_id)


@app.task(name="events_address_notify", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def address_notify(*, kind: str, email: str, language: str, event_id: int | None = None):
    if kind == "links":
        links_send(email, language=language)
    elif kind == "already_registered" and event_id is not None:
        already_registered(email, event_id=event_id, language=language)


def _row(registration: Registration, pk: int) -> RegistrationPart | None:
    return registration.parts.select_related("part__event").filter(pk=pk).first()


def _user(pk):
    return get_user_model().objects.filter(pk=pk).first() if pk else None


def registration_received(registration: Registration) -> None:
    _send(registration, template="registration", calendar=True)


def registration_changed(registration: Registration) -> None:
    _send(registration, template="registration", context={"changed": True}, calendar=True)


def registration_cancelled(registration: Registration, parts=()) -> None:
    with translation.override(registration.language):
        subject = gettext("Registration cancelled")
    _send(
        registration,
        template="cancelled",
        subject=subject,
        context={"cancelled_ids": set(parts)},
        calendar=True,
    )


def registration_decided(registration: Registration, row: int, user: int | None = None) -> None:
    row_ = _row(registration, row)
    if row_ is None:
        return
    with translation.override(registration.language):
        if row_.status in (Status.CONFIRMED, Status.WAITING, Status.OFFERED):
            subject = gettext("Your registration was approved")
        else:
            subject = gettext("Your registration was not approved")
    _send(
        registration,
        template="decided",
        subject=subject,
        context={"row": row_, "decided_by": _user(user)},
        calendar=row_.status == Status.CONFIRMED,
    )


def member_confirmed(registration: Registration, user: int | None = None) -> None:
    with translation.override(registration.language):
        subject = gettext("Your member municipality was confirmed")
    _send(
        registration,
        template="member_confirmed",
        subject=subject,
        context={"decided_by": _user(user)},
        calendar=True,
    )


def member_rejected(registration: Registration, member: str = "") -> None:
    with translation.override(registration.language):
        subject = gettext("Your member municipality was not confirmed")
    _send(
        registration,
        template="member_rejected",
        subject=subject,
        context={"member_name": member},
        calendar=True,
    )


def offer_made(registration: Registration, row: int) -> None:
    row_ = _row(registration, row)
    if row_ is None or row_.status != Status.OFFERED:
        return  # claimed, declined or expired before the message was written
    with translation.override(registration.language):
        subject = gettext("A place has become free for you")
        url = offer_url(row_)
    _send(registration, template="offer", subject=subject, context={"row": row_, "offer_url": url})


def offer_expired(registration: Registration, row: int) -> None:
    row_ = _row(registration, row)
    if row_ is None:
        return
    with translation.override(registration.language):
        subject = gettext("Your offer has expired")
    _send(registration, template="offer_expired", subject=subject, context={"row": row_})


def reminder(registration: Registration, row: int) -> None:
    row_ = _row(registration, row)
    if row_ is None or row_.status != Status.CONFIRMED:
        return
    with translation.override(registration.language):
        subject = gettext("Reminder: %(part)s") % {"part": row_.part.title}
    _send(
        registration,
        template="reminder",
        subject=subject,
        context={"row": row_, "online_url": row_.part.online_url},
        calendar=True,
    )


def event_cancelled(registration: Registration, *, message: str = "") -> None:
    with translation.override(registration.language):
        subject = gettext("The event has been cancelled")
        rows = _rows(registration)
        attachments = [
            (
                f"event-{registration.event.pk}.ics",
                calendar_for_parts(
                    [row.part for row in rows],
                    name=registration.event.title,
                    base_url=base_url(),
                ),
                "text/calendar",
            )
        ]
        body = render_to_string(
            "events/email/event_cancelled.txt",
            {
                "registration": registration,
                "event": registration.event,
                "message": message,
                "event_url": base_url() + registration.event.get_absolute_url(),
            },
        ).strip()
        mail_queue(
            to=registration.email,
            subject=f"{subject} – {registration.event.title}",
            body=body,
            attachments=attachments,
        )


def staff_message(registration: Registration, *, subject: str, body: str) -> None:
    _send(registration, template="message", subject=subject, context={"message": body})


def certificate_issued(registration: Registration, certificate: int) -> None:
    """The certificate's download link (a secret of its own) and its verification page."""
    certificate = Certificate.objects.filter(pk=certificate, registration=registration).first()
    if certificate is None:
        return
    with translation.override(certificate.language):
        subject = gettext("Your certificate of attendance")
        body = render_to_string(
            "events/email/certificate.txt",
            {
                "certificate": certificate,
                "registration": registration,
                "download_url": download_url(certificate),
                "verification_url": verification_url(certificate),
                "manage_url": manage_url(registration),
            },
        ).strip()
        mail_queue(
            to=registration.email,
            subject=f"{subject} – {certificate.event_title}",
            body=body,
            reply_to=registration.event.contact_email or None,
        )


def colleagues_registered(registration: Registration, registrations=(), user: int | None = None):
    """The coordinator's copy: whom they registered and each one's state (no private links:
    the coordinator manages them on the member's registrations page)."""
    coordinator = _user(user)
    if coordinator is None:
        return
    people = list(
        Registration.objects.filter(pk__in=registrations)
        .select_related("event", "member")
        .order_by("pk")
    )
    language = registration.language
    with translation.override(language):
        body = render_to_string(
            "events/email/colleagues.txt",
            {
                "coordinator": coordinator,
                "event": registration.event,
                "member": registration.member,
                "people": [(person, _rows(person)) for person in people],
                "event_url": base_url() + registration.event.get_absolute_url(),
                "member_url": base_url() + reverse("events:member-registrations"),
            },
        ).strip()
        subject = gettext("You registered colleagues")
        mail_queue(
            to=coordinator.email,
            subject=f"{subject} – {registration.event.title}",
            body=body,
        )


def already_registered(email: str, *, event_id: int, language: str) -> None:
    """Somebody registered an address that already has a place at the event: the address
    gets its own links (the form told the visitor only to check the mailbox)."""
    registrations = list(
        Registration.objects.of_address(email)
        .filter(event_id=event_id)
        .active()
        .select_related("event")
        .order_by("pk")
    )
    if not registrations:
        return
    with translation.override(language):
        body = render_to_string(
            "events/email/already_registered.txt",
            {
                "event": registrations[0].event,
                "links": [manage_url(registration) for registration in registrations],
                "address_url": address_url(email),
            },
        ).strip()
        subject = gettext("You are already registered")
        mail_queue(
            to=registrations[0].email,
            subject=f"{subject} – {registrations[0].event.title}",
            body=body,
        )


def links_send(email: str, *, language: str) -> bool:
    """Send an address the links to its registrations of events that have not ended, and a
    link to all its registrations and data; nothing when it has none. Returns whether a
    message was queued."""
    from django.utils import timezone

    registrations = list(
        Registration.objects.of_address(email)
        .exclude(email__endswith="@anonymised.invalid")
        .select_related("event")
        .order_by("event__start", "pk")
    )
    if not registrations:
        return False
    now = timezone.now()
    with translation.override(language):
        body = render_to_string(
            "events/email/links.txt",
            {
                "links": [
                    (registration, manage_url(registration))
                    for registration in registrations
                    if registration.event.end >= now
                ],
                "address_url": address_url(email),
            },
        ).strip()
        mail_queue(
            to=registrations[0].email,
            subject=gettext("Your registrations for the network's events"),
            body=body,
        )
    return True


WRITERS = {
    "received": registration_received,
    "changed": registration_changed,
    "cancelled": registration_cancelled,
    "decided": registration_decided,
    "member_confirmed": member_confirmed,
    "member_rejected": member_rejected,
    "offer_made": offer_made,
    "offer_expired": offer_expired,
    "reminder": reminder,
    "event_cancelled": event_cancelled,
    "staff_message": staff_message,
    "certificate": certificate_issued,
    "colleagues": colleagues_registered,
}
