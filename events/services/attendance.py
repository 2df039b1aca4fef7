"""Attendance at the door and its exports.

Attendance is recorded per part by staff holding ``events.check_in``. A walk-in is registered
on the spot under the part's lock with the same capacity and quota counts as any registration;
staff may exceed them only with a reason, which is stored with the attendance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    ACTIVE,
    HOLDING,
    Attendance,
    Event,
    EventPart,
    ExportLog,
    Registration,
    RegistrationPart,
)
from events.services.places import (
    check_quota,
    lock_parts,
    notify_on_commit,
    place_counts,
    require_permission,
)
from events.tokens import new_nonce
from members.models import Member
from network_portal.addresses import normalise_email

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
}


def _error(code: str, field: str | None = None, **params) -> ValidationError:
    message = ERRORS[code] % params if params else ERRORS[code]
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


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
    require_permission(user, "events.check_in")
    part = lock_parts([part.pk])[part.pk]
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
    require_permission(user, "events.check_in")
    now = now or timezone.now()
    override_reason = override_reason.strip()
    part = lock_parts([part.pk])[part.pk]
    if part.event.is_cancelled:
        raise _error("cancelled")
    email = normalise_email(email)
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
        taken, _waiting = place_counts(part)
        if part.capacity is not None and taken >= part.capacity:
            if not override_reason:
                raise _error("full", field="override_reason")
            exceeded = True
        if existing is None:
            try:
                check_quota(part, member, 1)
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
            member_confirmed_at=now if member is not None else None,
            member_confirmed_by=user if member is not None else None,
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
    notify_on_commit("received", registration=registration.pk)
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
