"""After the day: attendance at the door, certificates of accredited training, the
registrants' own data, and how long their personal data are kept.

Attendance is recorded per part by staff holding ``events.check_in``. A walk-in is registered
on the spot under the part's lock with the same capacity and quota counts as any registration;
staff may exceed them only with a reason, which is stored with the attendance.

Certificates (``events.add_certificate``) are issued for the accredited parts a person attended,
rendered once as PDF (:mod:`events.certificates`) and stored; issuing again for an event skips
everybody whose certificate would read the same and supersedes the certificate of anybody whose
data changed (a corrected name, another part attended).

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
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events import emails
from events.models import (
    ACTIVE,
    HOLDING,
    Attendance,
    Certificate,
    Event,
    EventPart,
    ExportLog,
    Registration,
    RegistrationPart,
)
from events.services import _check_quota, _counts, _lock_parts
from events.tokens import new_nonce
from members.models import Member

Status = RegistrationPart.Status

ERRORS = {
    "cancelled": _("This event has been cancelled."),
    "not_registered": _("This person has no confirmed place in this part."),
    "full": _(
        "This part is full. To let the person in anyway, give the reason for exceeding the "
        "capacity."
    ),
    "quota": _(
        "%(member)s has used all its places in this part. To let the person in anyway, give "
        "the reason."
    ),
    "already": _("%(email)s already has a confirmed place: find the person in the list."),
    "no_accredited": _("This event has no accredited part."),
}
ANONYMOUS_DOMAIN = "anonymised.invalid"


def _error(code: str, field: str | None = None, **params) -> ValidationError:
    message = ERRORS[code] % params if params else ERRORS[code]
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _require(user, permission: str) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(permission):
        raise PermissionDenied


def _notify(send, *args, **kwargs) -> None:
    transaction.on_commit(partial(send, *args, **kwargs))


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


# --- attendance -----------------------------------------------------------------------------
@dataclass
class PartCounts:
    registered: int
    present: int
    walk_ins: int

    @property
    def no_show(self) -> int:
        return max(self.registered - self.present, 0)


def part_counts(part: EventPart) -> PartCounts:
    """Confirmed places, people present and walk-ins of ``part`` (one query)."""
    present = Attendance.objects.filter(
        part=OuterRef("part"), registration=OuterRef("registration"), present=True
    )
    counts = RegistrationPart.objects.filter(part=part, status=Status.CONFIRMED).aggregate(
        registered=Count("pk"),
        present=Count("pk", filter=Exists(present)),
        walk_ins=Count("pk", filter=Exists(present.filter(walk_in=True))),
    )
    return PartCounts(**counts)


def check_in_rows(part: EventPart, query: str = ""):
    """The confirmed places of ``part`` with ``present`` annotated, filtered by a name or
    organisation (accents ignored), in name order."""
    rows = (
        RegistrationPart.objects.filter(part=part, status=Status.CONFIRMED)
        .select_related("registration__member")
        .annotate(
            present=Exists(
                Attendance.objects.filter(
                    part=OuterRef("part"), registration=OuterRef("registration"), present=True
                )
            )
        )
        .order_by("registration__name", "pk")
    )
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(registration__name__unaccent__icontains=word)
            | Q(registration__organisation__unaccent__icontains=word)
            | Q(registration__member__name__unaccent__icontains=word)
        )
    return rows


@transaction.atomic
def attendance_mark(
    *, part: EventPart, registration_id: int, present: bool, user, now: datetime | None = None
) -> Attendance:
    """Record that a person with a confirmed place in ``part`` is present (or undo it)."""
    _require(user, "events.check_in")
    part = _lock_parts([part.pk])[part.pk]
    if part.event.is_cancelled:
        raise _error("cancelled")
    if not RegistrationPart.objects.filter(
        part=part, registration_id=registration_id, status=Status.CONFIRMED
    ).exists():
        raise _error("not_registered")
    attendance, _created = Attendance.objects.update_or_create(
        part=part,
        registration_id=registration_id,
        defaults={"present": present, "recorded_by": user, "recorded_at": now or timezone.now()},
    )
    return attendance


@transaction.atomic
def walk_in_register(
    *,
    part: EventPart,
    name: str,
    email: str,
    organisation: str = "",
    member: Member | None = None,
    language: str = "cs",
    override_reason: str = "",
    user,
    now: datetime | None = None,
) -> Registration:
    """Register a person who came to the door and record them present. The capacity and the
    member's quota are counted under the part's lock as for any registration; staff may
    exceed them with a reason, which is kept with the attendance. A person already on the
    waiting list (or offered or waiting for approval) gets their place confirmed."""
    _require(user, "events.check_in")
    now = now or timezone.now()
    override_reason = override_reason.strip()
    part = _lock_parts([part.pk])[part.pk]
    if part.event.is_cancelled:
        raise _error("cancelled")
    email = email.strip()
    existing = (
        RegistrationPart.objects.select_for_update(of=("self",))
        .filter(part=part, status__in=ACTIVE)
        .alias(email_lower=Lower("email"))
        .filter(email_lower=email.lower())
        .select_related("registration")
        .first()
    )
    if existing is not None and existing.status == Status.CONFIRMED:
        raise _error("already", field="email", email=email)
    needs_place = existing is None or existing.status not in HOLDING
    exceeded = False
    if needs_place:
        taken, _waiting = _counts(part)
        if part.capacity is not None and taken >= part.capacity:
            if not override_reason:
                raise _error("full", field="override_reason")
            exceeded = True
        if existing is None:
            try:
                _check_quota(part, member, 1)
            except ValidationError:
                if not override_reason:
                    raise _error("quota", field="override_reason", member=member.name) from None
                exceeded = True
    if existing is None:
        registration = Registration.objects.create(
            event=part.event,
            name=name.strip(),
            email=email,
            organisation=organisation.strip(),
            member=member,
            language=language,
            token_nonce=new_nonce(),
            created_by=user,
        )
        RegistrationPart.objects.create(
            registration=registration, part=part, email=email.lower(), status=Status.CONFIRMED
        )
    else:
        registration = existing.registration
        existing.status = Status.CONFIRMED
        existing.offer_expires_at = None
        existing.save(update_fields=["status", "offer_expires_at", "updated_at"])
    Attendance.objects.update_or_create(
        part=part,
        registration=registration,
        defaults={
            "present": True,
            "walk_in": True,
            "override_reason": override_reason if exceeded else "",
            "recorded_by": user,
            "recorded_at": now,
        },
    )
    _notify(emails.registration_received, registration)
    return registration


# --- exports ------------------------------------------------------------------------------
EXPORT_COLUMNS = [
    ("part", _("part of the event")),
    ("date", _("date")),
    ("name", _("name")),
    ("organisation", _("organisation")),
    ("member", _("member municipality")),
    ("present", _("present")),
    ("walk_in", _("walk-in")),
    ("override_reason", _("reason for exceeding the capacity")),
]


def attendance_rows(event: Event, part: EventPart | None = None):
    """One row per confirmed place of the event (or part): who, and whether present."""
    rows = (
        RegistrationPart.objects.filter(part__event=event, status=Status.CONFIRMED)
        .select_related("registration__member", "part")
        .order_by("part__start", "part__pk", "registration__name", "pk")
    )
    if part is not None:
        rows = rows.filter(part=part)
    attendance = {
        (item.registration_id, item.part_id): item
        for item in Attendance.objects.filter(part__event=event)
    }
    anonymous = str(_("(anonymised)"))
    for row in rows:
        item = attendance.get((row.registration_id, row.part_id))
        registration = row.registration
        yield {
            "part": row.part.title,
            "date": timezone.localtime(row.part.start).date().isoformat(),
            "name": registration.name or anonymous,
            "organisation": registration.organisation,
            "member": registration.member.name if registration.member else "",
            "present": bool(item and item.present),
            "walk_in": bool(item and item.walk_in),
            "override_reason": item.override_reason if item else "",
        }


def export_log(*, user, event: Event | None, part: EventPart | None, export_format: str, rows: int):
    """Record an export of registrants' data (who, when, which event, how many rows); the
    caller has checked the permission."""
    return ExportLog.objects.create(
        user=user,
        user_email=user.email,
        event=event,
        part=part,
        event_title=event.title if event else "",
        export_format=export_format[:10],
        rows=rows,
    )


# --- certificates ---------------------------------------------------------------------------
def _certificate_content(registration: Registration, attended: list[EventPart]) -> dict:
    """What a certificate for ``registration`` would say, in its language."""
    from events.certificates import part_entry

    with translation.override(registration.language):
        entries = [part_entry(part) for part in attended]
        event = registration.event
        return {
            "name": registration.name,
            "event_title": event.title,
            "event_date": timezone.localtime(event.start).date(),
            "programme": "; ".join(dict.fromkeys(part.accredited_programme for part in attended)),
            "accreditation_number": ", ".join(
                dict.fromkeys(part.accreditation_number for part in attended)
            ),
            "hours": sum(part.accredited_hours or 0 for part in attended),
            "parts": entries,
            "language": registration.language,
        }


def _same(certificate: Certificate | None, content: dict) -> bool:
    if certificate is None:
        return False
    return all(
        getattr(certificate, key) == value
        for key, value in content.items()
        if key not in ("event_date",)
    )


@transaction.atomic
def certificates_issue(*, event: Event, user, now: datetime | None = None) -> int:
    """Issue certificates to everybody present in an accredited part of ``event``; each gets
    an e-mail with a download link. Returns how many were issued (unchanged ones are
    skipped, changed ones superseded)."""
    from events.certificates import render_pdf

    _require(user, "events.add_certificate")
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.accredited_data_removed_at:
        return 0
    parts = [part for part in event.parts.all() if part.is_accredited]
    if not parts:
        raise _error("no_accredited")
    attended: dict[int, list[EventPart]] = {}
    for item in (
        Attendance.objects.present()
        .filter(part__in=parts)
        .exclude(registration__email__endswith="@" + ANONYMOUS_DOMAIN)
        .order_by("part__start", "part__pk")
    ):
        attended.setdefault(item.registration_id, []).append(
            next(part for part in parts if part.pk == item.part_id)
        )
    registrations = Registration.objects.select_related("event").in_bulk(list(attended))
    current = {
        certificate.registration_id: certificate
        for certificate in Certificate.objects.current().filter(
            event=event, registration_id__in=list(attended)
        )
    }
    issued = 0
    for registration_id in sorted(attended):
        registration = registrations[registration_id]
        registration.event = event
        content = _certificate_content(registration, attended[registration_id])
        previous = current.get(registration_id)
        if _same(previous, content):
            continue
        certificate = Certificate(
            event=event,
            registration=registration,
            issued_at=now,
            issued_by=user,
            supersedes=previous,
            **content,
        )
        certificate.code, certificate.download_key = _new_keys()
        certificate.pdf = render_pdf(certificate)
        certificate.save()
        _notify(emails.certificate_issued, certificate)
        issued += 1
    return issued


def _new_keys() -> tuple[str, str]:
    from events.records import new_certificate_code, new_download_key

    return new_certificate_code(), new_download_key()


# --- the registrant's own data ------------------------------------------------------------------
def same_person(registration: Registration):
    """Every registration made with ``registration``'s e-mail address (the same person)."""
    return (
        Registration.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=registration.email.lower())
        .exclude(email__endswith="@" + ANONYMOUS_DOMAIN)
    )


def registration_data(registration: Registration) -> list[dict]:
    """Everything the portal holds about the person's registrations (same e-mail address),
    ready for JSON: nothing about anybody else (not who registered them)."""
    registrations = (
        same_person(registration)
        .select_related("event", "member")
        .prefetch_related("parts__part", "attendances__part", "certificates")
        .order_by("created_at", "pk")
    )
    data = []
    for item in registrations:
        data.append(
            {
                "event": item.event.title,
                "event_start": item.event.start.isoformat(),
                "event_url": emails.base_url() + item.event.get_absolute_url(),
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
    from events.services import registration_cancel

    now = now or timezone.now()
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
