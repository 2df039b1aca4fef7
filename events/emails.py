"""E-mails to registrants, in the language they registered in, queued on commit.

Each message links to the event page and to the person's private manage page; confirmations
and reminders carry an .ics file with the parts the person holds a place in (and, for online
parts they are confirmed for, the online link – nobody else ever gets it).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from events.ics import calendar_for_parts
from events.models import Registration, RegistrationPart
from events.tokens import registration_token
from network_portal.mail import mail_queue

Status = RegistrationPart.Status


def base_url() -> str:
    return settings.SITE_URL.rstrip("/")


def manage_url(registration: Registration) -> str:
    return base_url() + reverse("events:manage", kwargs={"token": registration_token(registration)})


def offer_url(row: RegistrationPart) -> str:
    return base_url() + reverse(
        "events:offer", kwargs={"token": registration_token(row.registration), "pk": row.pk}
    )


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


def _rows(registration: Registration):
    return list(
        registration.parts.select_related("part__event").order_by("part__start", "part__pk")
    )


def _send(
    registration: Registration,
    *,
    template: str,
    subject: str,
    context: dict | None = None,
    calendar: bool = False,
) -> None:
    with translation.override(registration.language):
        rows = _rows(registration)
        event = registration.event
        full_context = {
            "registration": registration,
            "event": event,
            "rows": rows,
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
            subject=f"{subject} – {event.title}",
            body=body,
            attachments=attachments,
            reply_to=event.contact_email or None,
        )


def registration_received(registration: Registration) -> None:
    with translation.override(registration.language):
        subject = gettext("Your registration")
    _send(registration, template="registration", subject=subject, calendar=True)


def registration_changed(registration: Registration) -> None:
    with translation.override(registration.language):
        subject = gettext("Your registration has changed")
    _send(registration, template="registration", subject=subject, calendar=True)


def registration_cancelled(registration: Registration, part_ids) -> None:
    with translation.override(registration.language):
        subject = gettext("Registration cancelled")
    _send(
        registration,
        template="cancelled",
        subject=subject,
        context={"cancelled_ids": set(part_ids)},
        calendar=True,
    )


def registration_decided(row: RegistrationPart) -> None:
    registration = row.registration
    with translation.override(registration.language):
        if row.status == Status.CONFIRMED:
            subject = gettext("Your registration was approved")
        else:
            subject = gettext("Your registration was not approved")
    _send(
        registration,
        template="decided",
        subject=subject,
        context={"row": row},
        calendar=row.status == Status.CONFIRMED,
    )


def offer_made(row: RegistrationPart) -> None:
    registration = row.registration
    with translation.override(registration.language):
        subject = gettext("A place has become free for you")
        url = offer_url(row)
    _send(registration, template="offer", subject=subject, context={"row": row, "offer_url": url})


def offer_expired(row: RegistrationPart) -> None:
    registration = row.registration
    with translation.override(registration.language):
        subject = gettext("Your offer has expired")
    _send(registration, template="offer_expired", subject=subject, context={"row": row})


def reminder(row: RegistrationPart) -> None:
    registration = row.registration
    with translation.override(registration.language):
        subject = gettext("Reminder: %(part)s") % {"part": row.part.title}
    _send(
        registration,
        template="reminder",
        subject=subject,
        context={"row": row, "online_url": row.part.online_url},
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


def certificate_issued(certificate) -> None:
    """The certificate's download link (a secret of its own) and its verification page."""
    from events.certificates import download_url, verification_url

    registration = certificate.registration
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
