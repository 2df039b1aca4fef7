"""Staff's changes to an event as a whole: a part's capacity, cancelling the event, a
message to its registrants; and the reminders job.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    ACTIVE,
    Event,
    EventPart,
    Registration,
    RegistrationPart,
)
from events.services.places import lock_parts, notify_on_commit, require_permission
from events.services.waiting_list import offer_next_locked

Status = RegistrationPart.Status


@transaction.atomic
def part_capacity_change(
    *, part: EventPart, capacity: int | None, user, now: datetime | None = None
) -> EventPart:
    """Staff change a part's capacity; new places go to the waiting list at once. Lowering it
    takes nobody's place away: only new registrations wait."""
    require_permission(user, "events.change_eventpart")
    if capacity is not None and capacity < 0:
        raise ValidationError(_("The capacity cannot be negative."))
    part = lock_parts([part.pk])[part.pk]
    part.capacity = capacity
    part.save(update_fields=["capacity"])
    offer_next_locked(part, now=now or timezone.now())
    return part


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed registrants of parts that start soon (the periodic job); each place
    is reminded once."""
    now = now or timezone.now()
    sent = 0
    due_ids = list(RegistrationPart.objects.reminders_due(now).values_list("pk", flat=True))
    for pk in due_ids:
        with transaction.atomic():
            row = (
                RegistrationPart.objects.select_for_update(of=("self",))
                .reminders_due(now)
                .filter(pk=pk)
                .select_related("registration", "part__event")
                .first()
            )
            if row is None:
                continue
            row.reminded_at = now
            row.save(update_fields=["reminded_at", "updated_at"])
            notify_on_commit("reminder", registration=row.registration_id, row=row.pk)
            sent += 1
    return sent


@transaction.atomic
def event_cancel(*, event: Event, user, message: str = "") -> Event:
    """Staff cancel an event: it stays visible, marked; every active place is cancelled and
    each registrant is told (with a calendar update)."""
    require_permission(user, "events.change_event")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        return event
    lock_parts(event.parts.values_list("pk", flat=True))
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    rows = RegistrationPart.objects.filter(part__event=event, status__in=ACTIVE)
    registration_ids = set(rows.values_list("registration_id", flat=True))
    rows.update(status=Status.CANCELLED, offer_expires_at=None, updated_at=timezone.now())
    for registration_id in sorted(registration_ids):
        notify_on_commit("event_cancelled", registration=registration_id, message=message)
    return event


def event_message_send(*, event: Event, user, subject: str, body: str) -> int:
    """Staff write to everybody with an active registration for ``event``; returns how many
    messages were queued."""
    require_permission(user, "events.change_event")
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Write a subject and a message."))
    registrations = Registration.objects.filter(event=event).active().values_list("pk", flat=True)
    count = 0
    with transaction.atomic():
        for registration_id in registrations:
            notify_on_commit(
                "staff_message",
                registration=registration_id,
                subject=subject.strip(),
                body=body.strip(),
            )
            count += 1
    return count
