"""Approval of entries in parts for members or coordinators, and the confirmation of a
member that somebody other than its coordinator named (a "member claim").

Only the member's coordinator or staff who manage registrations decide
(:func:`~events.services.places.may_vouch`).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from events.models import (
    ACTIVE,
    Registration,
    RegistrationPart,
)
from events.services.places import (
    check_quota,
    lock_parts,
    may_vouch,
    new_status,
    notify_on_commit,
    service_error,
)
from events.services.waiting_list import offer_next_locked

Status = RegistrationPart.Status


def _require_vouch(user, registration: Registration) -> None:
    if not may_vouch(user, registration.member):
        raise PermissionDenied


def _decide(*, row: RegistrationPart, user, approve: bool, now: datetime | None) -> None:
    now = now or timezone.now()
    _require_vouch(user, row.registration)
    part = lock_parts([row.part_id])[row.part_id]
    row = RegistrationPart.objects.select_for_update().select_related("registration").get(pk=row.pk)
    if row.status != Status.PENDING:
        raise service_error("not_pending")
    if approve:
        registration = row.registration
        if registration.member_confirmed:
            check_quota(part, registration.member, 1)
        row.status = new_status(part, approved=True)
    else:
        row.status = Status.DECLINED
    row.save(update_fields=["status", "updated_at"])
    notify_on_commit("decided", registration=row.registration_id, row=row.pk, user=user.pk)


@transaction.atomic
def registration_approve(*, row: RegistrationPart, user, now: datetime | None = None) -> None:
    """The member's coordinator or staff approve an entry that waited for approval: it gets a
    place, or joins the waiting list when the part is full; the person is told."""
    _decide(row=row, user=user, approve=True, now=now)


@transaction.atomic
def registration_decline(*, row: RegistrationPart, user, now: datetime | None = None) -> None:
    """The member's coordinator or staff decline an entry that waited for approval; the
    person is told."""
    _decide(row=row, user=user, approve=False, now=now)


@transaction.atomic
def member_claim_confirm(
    *, registration: Registration, user, now: datetime | None = None
) -> Registration:
    """The member's coordinator (or staff) confirms that the person comes from the member:
    from now on the registration uses the member's quota and may be listed publicly, and its
    entries waiting for approval are approved (a place, or the waiting list). All or nothing:
    refused when the member's quota has no room."""
    now = now or timezone.now()
    _require_vouch(user, registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.member_claimed:
        raise service_error("not_claimed")
    rows = list(
        RegistrationPart.objects.filter(registration=registration, status__in=ACTIVE).order_by("pk")
    )
    locked = lock_parts(row.part_id for row in rows)
    for row in rows:
        check_quota(locked[row.part_id], registration.member, 1)
    registration.member_confirmed_at = now
    registration.member_confirmed_by = user
    registration.save(update_fields=["member_confirmed_at", "member_confirmed_by", "updated_at"])
    for row in RegistrationPart.objects.select_for_update().filter(
        pk__in=[row.pk for row in rows], status=Status.PENDING
    ):
        row.status = new_status(locked[row.part_id], approved=True)
        row.save(update_fields=["status", "updated_at"])
    notify_on_commit("member_confirmed", registration=registration.pk, user=user.pk)
    return registration


@transaction.atomic
def member_claim_reject(
    *, registration: Registration, user, now: datetime | None = None
) -> Registration:
    """The member's coordinator (or staff) says the person does not come from the member: the
    member is removed from the registration and its entries in parts for members or
    coordinators are declined (their places in parts open to anyone stay)."""
    now = now or timezone.now()
    _require_vouch(user, registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.member_claimed:
        raise service_error("not_claimed")
    member_name = registration.member.name
    rows = list(
        RegistrationPart.objects.filter(registration=registration, status__in=ACTIVE)
        .select_related("part")
        .order_by("pk")
    )
    locked = lock_parts(row.part_id for row in rows if row.part.needs_member)
    registration.member = None
    registration.show_organisation = False
    registration.save(update_fields=["member", "show_organisation", "updated_at"])
    for row in RegistrationPart.objects.select_for_update().filter(
        pk__in=[row.pk for row in rows if row.part_id in locked]
    ):
        row.status = Status.DECLINED
        row.offer_expires_at = None
        row.save(update_fields=["status", "offer_expires_at", "updated_at"])
        offer_next_locked(locked[row.part_id], now=now)
    notify_on_commit("member_rejected", registration=registration.pk, member=member_name)
    return registration
