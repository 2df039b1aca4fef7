"""The registrants' own data and how long the portal keeps them.

A registration's private link shows what the portal holds about that registration and lets
the person delete it. Everything held about an address – every registration made with it –
is shown (:func:`registrations_data`) and deleted (:func:`address_delete`) only behind a link
that was sent to that address (``events.links.address_url``), i.e. to whoever reads it.

Retention: :func:`personal_data_expire` (a daily job) anonymises the registrations of events
that ended ``EVENTS_RETENTION_MONTHS`` ago: names, e-mail addresses, organisations, positions,
needs and reasons are removed, the manage link dies, the rows and their states stay (so every
count stays). People who attended an accredited part keep their name (and certificate) until
``EVENTS_ACCREDITED_RETENTION_MONTHS`` after the event (at the latest of the two periods);
afterwards the certificate keeps its code, event and date but loses the name and the PDF, and
its verification page says so. The portal keeps no phone numbers of registrants. The admin's
change log entries of these rows lose their text too.
"""

from __future__ import annotations

import calendar
from datetime import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from events.links import base_url
from events.models import (
    ACTIVE,
    Attendance,
    Certificate,
    Event,
    Registration,
    RegistrationPart,
)
from events.services.registration import registration_cancel
from events.tokens import new_nonce

ANONYMOUS_DOMAIN = "anonymised.invalid"


# --- periods --------------------------------------------------------------------------------
def months_later(moment: datetime, months: int) -> datetime:
    """``moment`` plus ``months`` calendar months (the last day of a shorter month)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def personal_data_until(event: Event) -> datetime:
    """When the registrants' personal data of ``event`` are anonymised."""
    return months_later(event.end, settings.EVENTS_RETENTION_MONTHS)


def accredited_data_until(event: Event) -> datetime:
    """When the names and certificates of the accredited parts' attendees go."""
    return months_later(
        event.end,
        max(settings.EVENTS_RETENTION_MONTHS, settings.EVENTS_ACCREDITED_RETENTION_MONTHS),
    )


# --- the registrant's own data ------------------------------------------------------------------
def of_address(email: str):
    """Every registration made with ``email`` that still holds personal data."""
    return Registration.objects.of_address(email).exclude(email__endswith="@" + ANONYMOUS_DOMAIN)


def registrations_data(registrations) -> list[dict]:
    """Everything the portal holds about ``registrations`` (a queryset), ready for JSON:
    nothing about anybody else (not who registered them)."""
    registrations = (
        registrations.select_related("event", "member")
        .prefetch_related("parts__part", "attendances__part", "certificates")
        .order_by("created_at", "pk")
    )
    data = []
    for item in registrations:
        data.append(
            {
                "event": item.event.title,
                "event_start": item.event.start.isoformat(),
                "event_url": base_url() + item.event.get_absolute_url(),
                "name": item.name,
                "email": item.email,
                "organisation": item.organisation,
                "member": item.member.name if item.member else None,
                "position": item.position,
                "needs": item.needs,
                "organisation_may_be_shown": item.show_organisation,
                "language": item.language,
                "registered_at": item.created_at.isoformat(),
                "registered_by_someone_else": item.created_by_id is not None,
                "parts": [
                    {
                        "part": row.part.title,
                        "start": row.part.start.isoformat(),
                        "end": row.part.end.isoformat(),
                        "status": row.status,
                        "offer_expires_at": row.offer_expires_at.isoformat()
                        if row.offer_expires_at
                        else None,
                        "reminded_at": row.reminded_at.isoformat() if row.reminded_at else None,
                        "registered_at": row.created_at.isoformat(),
                    }
                    for row in sorted(item.parts.all(), key=lambda row: (row.part.start, row.pk))
                ],
                "attendance": [
                    {
                        "part": attendance.part.title,
                        "present": attendance.present,
                        "walk_in": attendance.walk_in,
                        "recorded_at": attendance.recorded_at.isoformat(),
                    }
                    for attendance in item.attendances.all()
                ],
                "certificates": [
                    {
                        "code": certificate.code,
                        "issued_at": certificate.issued_at.isoformat(),
                        "name": certificate.name,
                        "hours": certificate.hours,
                        "accreditation_number": certificate.accreditation_number,
                        "superseded": certificate.pk in _superseded_ids(item),
                    }
                    for certificate in item.certificates.all()
                ],
                "personal_data_kept_until": personal_data_until(item.event).date().isoformat(),
            }
        )
    return data


def _superseded_ids(registration: Registration) -> set[int]:
    return {
        certificate.supersedes_id
        for certificate in registration.certificates.all()
        if certificate.supersedes_id
    }


def _anonymise(registrations, *, keep_name: bool, now: datetime) -> int:
    """Remove the personal data of ``registrations`` (a queryset); the rows, their states and
    attendance stay. ``keep_name`` keeps the name (accredited attendance)."""
    ids = list(registrations.values_list("pk", flat=True))
    if not ids:
        return 0
    for registration in Registration.objects.select_for_update().filter(pk__in=ids):
        registration.email = f"{registration.pk}@{ANONYMOUS_DOMAIN}"
        registration.organisation = ""
        registration.position = ""
        registration.needs = ""
        registration.show_organisation = False
        registration.token_nonce = new_nonce()
        if not keep_name:
            registration.name = ""
        registration.save()
    for row in RegistrationPart.objects.select_for_update().filter(registration_id__in=ids):
        row.email = f"{row.pk}@{ANONYMOUS_DOMAIN}"
        row.save(update_fields=["email", "updated_at"])
    Attendance.objects.filter(registration_id__in=ids).update(override_reason="")
    if not keep_name:
        Certificate.objects.filter(registration_id__in=ids, name_removed_at__isnull=True).update(
            name="", pdf=b"", name_removed_at=now
        )
    _forget_log_entries(Registration, ids)
    _forget_log_entries(
        RegistrationPart,
        RegistrationPart.objects.filter(registration_id__in=ids).values_list("pk", flat=True),
    )
    return len(ids)


def _forget_log_entries(model, ids) -> None:
    """The admin's change log names the object (a registration's name and e-mail)."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr="–", change_message="")


@transaction.atomic
def registration_delete(*, registration: Registration, now: datetime | None = None) -> bool:
    """The person deletes their registration. Before the event it is cancelled (the places
    pass to the waiting list) and deleted; once the event has begun it is anonymised instead,
    so the attendance stays as an anonymous record and any certificate as a record without
    the name. Returns True when the registration was deleted outright."""
    now = now or timezone.now()
    # The registration first, then its parts: the order every change of a registration takes.
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    upcoming = [
        row.part
        for row in registration.parts.select_related("part").filter(
            status__in=ACTIVE, part__start__gt=now
        )
    ]
    if upcoming:
        registration_cancel(registration=registration, parts=upcoming, notify=False, now=now)
    if registration.event.start > now and not registration.attendances.exists():
        _forget_log_entries(Registration, [registration.pk])
        _forget_log_entries(RegistrationPart, registration.parts.values_list("pk", flat=True))
        registration.delete()
        return True
    _anonymise(Registration.objects.filter(pk=registration.pk), keep_name=False, now=now)
    return False


def address_delete(*, email: str, now: datetime | None = None) -> int:
    """Delete (or, for events that have begun, anonymise) every registration made with
    ``email``; each in its own transaction. Returns how many registrations were handled."""
    handled = 0
    for registration in list(of_address(email).order_by("pk")):
        registration_delete(registration=registration, now=now)
        handled += 1
    return handled


# --- retention ------------------------------------------------------------------------------
def _months_ago(now: datetime, months: int) -> datetime:
    return months_later(now, -months)


def personal_data_expire(*, now: datetime | None = None) -> int:
    """Anonymise the registrants of events past their retention periods (the daily job);
    each event in its own transaction, safe to run again. Returns how many events changed."""
    now = now or timezone.now()
    personal_cutoff = _months_ago(now, settings.EVENTS_RETENTION_MONTHS)
    accredited_cutoff = _months_ago(
        now, max(settings.EVENTS_RETENTION_MONTHS, settings.EVENTS_ACCREDITED_RETENTION_MONTHS)
    )
    due = Event.objects.filter(
        Q(end__lt=personal_cutoff, personal_data_removed_at__isnull=True)
        | Q(end__lt=accredited_cutoff, accredited_data_removed_at__isnull=True)
    ).values_list("pk", flat=True)
    changed = 0
    for pk in list(due.order_by("pk")):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=pk)
            registrations = Registration.objects.filter(event=event)
            accredited_too = event.end < accredited_cutoff
            if accredited_too:
                _anonymise(registrations, keep_name=False, now=now)
                event.accredited_data_removed_at = now
                event.personal_data_removed_at = event.personal_data_removed_at or now
            elif event.personal_data_removed_at is None:
                accredited = (
                    Attendance.objects.present().accredited().filter(registration=OuterRef("pk"))
                )
                _anonymise(registrations.filter(~Exists(accredited)), keep_name=False, now=now)
                _anonymise(registrations.filter(Exists(accredited)), keep_name=True, now=now)
                event.personal_data_removed_at = now
            else:
                continue
            event.save(update_fields=["personal_data_removed_at", "accredited_data_removed_at"])
            changed += 1
    return changed
