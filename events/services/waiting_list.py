"""The waiting list: freed places offered to the next in the queue, and the offers' ends.

When a place frees, :func:`offer_next_locked` offers it to the first in the queue for
``event.offer_hours`` (never past the close of registration or the start of the part). An
offer ends exactly once – claimed, declined or expired – each of which is decided with the
row locked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from events.models import (
    Event,
    EventPart,
    RegistrationPart,
)
from events.services.places import lock_parts, notify_on_commit, place_counts, service_error

Status = RegistrationPart.Status


def _offers_allowed(part: EventPart, now: datetime) -> bool:
    return (
        part.event.status == Event.Status.PUBLISHED
        and now < part.closes_at
        and not (part.registration_opens_at and now < part.registration_opens_at)
    )


def offer_next_locked(part: EventPart, *, now: datetime) -> list[RegistrationPart]:
    """Offer every free place of ``part`` (locked by the caller) to the next in the queue."""
    if part.capacity is None or not _offers_allowed(part, now):
        return []
    taken, waiting = place_counts(part)
    free = part.capacity - taken
    if free <= 0 or not waiting:
        return []
    expires = min(now + timedelta(hours=part.event.offer_hours), part.closes_at)
    offered = list(
        RegistrationPart.objects.select_for_update()
        .filter(part=part, status=Status.WAITING)
        .queue_order()[:free]
    )
    for row in offered:
        row.status = Status.OFFERED
        row.offer_expires_at = expires
        row.save(update_fields=["status", "offer_expires_at", "updated_at"])
        notify_on_commit("offer_made", registration=row.registration_id, row=row.pk)
    return offered


@transaction.atomic
def offer_next(*, part: EventPart, now: datetime | None = None) -> list[RegistrationPart]:
    """Offer the free places of ``part`` to the first people on its waiting list."""
    locked = lock_parts([part.pk])[part.pk]
    return offer_next_locked(locked, now=now or timezone.now())


def _locked_offer(row_pk: int) -> tuple[EventPart, RegistrationPart]:
    part_id = RegistrationPart.objects.values_list("part_id", flat=True).get(pk=row_pk)
    part = lock_parts([part_id])[part_id]
    return part, RegistrationPart.objects.select_for_update().get(pk=row_pk)


def offer_error(row: RegistrationPart) -> ValidationError:
    """Why an offer can no longer be claimed or declined (claimed, declined, expired...)."""
    code = {
        Status.CONFIRMED: "offer_claimed",
        Status.PENDING: "offer_claimed",
        Status.DECLINED: "offer_declined",
        Status.EXPIRED: "offer_expired",
    }.get(row.status, "offer_gone")
    return service_error(code)


def _expire_locked(part: EventPart, row: RegistrationPart, now: datetime) -> None:
    row.status = Status.EXPIRED
    row.save(update_fields=["status", "updated_at"])
    notify_on_commit("offer_expired", registration=row.registration_id, row=row.pk)
    offer_next_locked(part, now=now)


def offer_claim(*, row: RegistrationPart, now: datetime | None = None) -> RegistrationPart:
    """The person accepts an offered place: confirmed (an entry joins the waiting list only
    once approved, so an offer needs no approval). A late claim expires the offer, passes the
    place on, and is refused."""
    now = now or timezone.now()
    # The expiry must be committed even though the claim is refused: no outer atomic.
    with transaction.atomic():
        part, row = _locked_offer(row.pk)
        if row.status != Status.OFFERED:
            raise offer_error(row)
        late = row.offer_expires_at <= now
        if late:
            _expire_locked(part, row, now)
        else:
            row.status = Status.CONFIRMED
            row.offer_expires_at = None
            row.save(update_fields=["status", "offer_expires_at", "updated_at"])
            notify_on_commit("changed", registration=row.registration_id)
    if late:
        raise service_error("offer_expired")
    return row


@transaction.atomic
def offer_decline(*, row: RegistrationPart, now: datetime | None = None) -> RegistrationPart:
    """The person turns an offer down; the place passes on at once."""
    now = now or timezone.now()
    part, row = _locked_offer(row.pk)
    if row.status != Status.OFFERED:
        raise offer_error(row)
    row.status = Status.DECLINED
    row.offer_expires_at = None
    row.save(update_fields=["status", "offer_expires_at", "updated_at"])
    offer_next_locked(part, now=now)
    return row


def offers_expire(*, now: datetime | None = None) -> int:
    """End every offer whose time is up and pass its place on (the periodic job). Each part
    in its own transaction, each offer re-checked under the lock."""
    now = now or timezone.now()
    expired = 0
    part_ids = sorted(
        set(RegistrationPart.objects.offers_due(now).values_list("part_id", flat=True))
    )
    for part_id in part_ids:
        with transaction.atomic():
            part = lock_parts([part_id]).get(part_id)
            if part is None:
                continue
            due = list(
                RegistrationPart.objects.select_for_update()
                .offers_due(now)
                .filter(part=part)
                .order_by("pk")
            )
            for row in due:
                row.status = Status.EXPIRED
                row.save(update_fields=["status", "updated_at"])
                notify_on_commit("offer_expired", registration=row.registration_id, row=row.pk)
            expired += len(due)
            offer_next_locked(part, now=now)
    return expired
