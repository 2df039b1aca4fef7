"""Registering people for parts of an event, changing and cancelling their parts, and
moving a person to another part.

A new entry gets a place if one is free and nobody queues for it, else joins the waiting list;
in a part for members or coordinators it waits for approval unless a coordinator of the
member or staff acts (:mod:`events.services.approval`). A freed place is offered on at once
(:mod:`events.services.waiting_list`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import cachescopes
from events.models import (
    ACTIVE,
    Event,
    EventPart,
    Registration,
    RegistrationPart,
)
from events.services.places import (
    ERRORS,
    check_quota,
    lock_parts,
    may_vouch,
    new_status,
    notify_on_commit,
    require_permission,
    service_error,
)
from events.services.waiting_list import offer_next_locked
from events.tokens import new_nonce
from members.models import Member
from network_portal.addresses import normalise_email

Status = RegistrationPart.Status


def _changeable(part: EventPart, now: datetime, user) -> bool:
    """Once a part has started its registrations are a record: only staff change them."""
    return now < part.start or (
        user is not None and user.is_authenticated and user.has_perm("events.change_registration")
    )


def _check_window(part: EventPart, now: datetime) -> None:
    event = part.event
    if event.status == Event.Status.CANCELLED:
        raise service_error("cancelled")
    if event.status != Event.Status.PUBLISHED:
        raise service_error("not_published")
    if now >= part.closes_at:
        raise service_error("closed", part=part.title)
    if part.registration_opens_at and now < part.registration_opens_at:
        raise service_error("not_open", part=part.title)


def _check_duplicates(part: EventPart, emails_: Sequence[str]) -> None:
    taken = set(
        RegistrationPart.objects.filter(
            part=part, status__in=ACTIVE, email__in=[email.lower() for email in emails_]
        ).values_list("email", flat=True)
    )
    for email in emails_:
        if email.lower() in taken:
            raise service_error("duplicate", field="email", email=email, part=part.title)


def _approved(part: EventPart, *, registration: Registration, actor) -> bool:
    """Whether an entry in ``part`` needs no approval, judged by who acts now: a members-only
    part needs a confirmed member, a coordinators-only part a coordinator (or staff) acting."""
    if part.audience == EventPart.Audience.ANYONE:
        return True
    if part.audience == EventPart.Audience.MEMBERS and registration.member_confirmed:
        return True
    return may_vouch(actor, registration.member)


@dataclass
class Person:
    """One person to register (a coordinator may register several at once)."""

    name: str
    email: str
    position: str = ""
    needs: str = ""


def _validate_parts(event: Event, parts: Sequence[EventPart]) -> None:
    if not parts:
        raise service_error("no_parts", field="parts")
    if any(part.event_id != event.pk for part in parts):
        raise service_error("other_event", field="parts")


def _create(
    *,
    event: Event,
    locked: dict[int, EventPart],
    people: Sequence[Person],
    organisation: str,
    member: Member | None,
    show_organisation: bool,
    language: str,
    user,
) -> list[Registration]:
    registrations = []
    vouched = member is not None and may_vouch(user, member)
    for person in people:
        registration = Registration.objects.create(
            event=event,
            name=person.name.strip(),
            email=person.email,
            organisation=organisation.strip(),
            member=member,
            member_confirmed_at=timezone.now() if vouched else None,
            member_confirmed_by=user if vouched else None,
            position=person.position.strip(),
            needs=person.needs.strip(),
            show_organisation=show_organisation,
            language=language,
            token_nonce=new_nonce(),
            created_by=user if user is not None and user.is_authenticated else None,
        )
        for part in locked.values():
            approved = _approved(part, registration=registration, actor=user)
            RegistrationPart.objects.create(
                registration=registration,
                part=part,
                email=registration.email.lower(),
                status=new_status(part, approved=approved),
            )
        registrations.append(registration)
    return registrations


@transaction.atomic
def registration_create(
    *,
    event: Event,
    parts: Sequence[EventPart],
    name: str,
    email: str,
    organisation: str = "",
    member: Member | None = None,
    position: str = "",
    needs: str = "",
    show_organisation: bool = False,
    language: str = "cs",
    user=None,
    now: datetime | None = None,
) -> Registration:
    """Register one person for ``parts`` of ``event``: in each part a confirmed place, a
    place on the waiting list, or an entry waiting for approval (parts for members or
    coordinators, unless a coordinator of the member or staff registers). A member named by
    anybody else is a claim for the member's coordinator to confirm. The person gets an
    e-mail."""
    return registration_create_group(
        event=event,
        parts=parts,
        people=[Person(name=name, email=email, position=position, needs=needs)],
        organisation=organisation,
        member=member,
        show_organisation=show_organisation,
        language=language,
        user=user,
        now=now,
        _coordinator_only=False,
    )[0]


@transaction.atomic
def registration_create_group(
    *,
    event: Event,
    parts: Sequence[EventPart],
    people: Sequence[Person],
    member: Member | None,
    organisation: str = "",
    show_organisation: bool = False,
    language: str = "cs",
    user=None,
    now: datetime | None = None,
    _coordinator_only: bool = True,
) -> list[Registration]:
    """A coordinator registers several colleagues of their own member at once, within the
    member's quota in each part (all or none). Everyone gets their own e-mail and link, and
    the coordinator a copy listing them."""
    now = now or timezone.now()
    vouched = member is not None and may_vouch(user, member)
    if _coordinator_only and not vouched:
        raise PermissionDenied(ERRORS["not_coordinator"])
    _validate_parts(event, parts)
    people = [
        Person(
            name=" ".join(person.name.split()),
            email=normalise_email(person.email),
            position=person.position,
            needs=person.needs,
        )
        for person in people
    ]
    locked = lock_parts(part.pk for part in parts)
    emails_ = [person.email for person in people]
    for part in locked.values():
        _check_window(part, now)
        if part.needs_member and member is None:
            raise service_error("member_required", field="member", part=part.title)
        if vouched:
            check_quota(part, member, len(people))
        _check_duplicates(part, emails_)
    try:
        # Rows of the locked parts' events only: the pages that read the places taken in
        # other events stay cached (events.cachescopes).
        with cachescopes.registering({part.event_id for part in locked.values()}):
            registrations = _create(
                event=event,
                locked=locked,
                people=people,
                organisation=organisation,
                member=member,
                show_organisation=show_organisation,
                language=language,
                user=user,
            )
    except IntegrityError as error:
        # Two people with the same address in one group (the index saw it first).
        raise service_error(
            "duplicate", field="email", email=", ".join(emails_), part=""
        ) from error
    for registration in registrations:
        notify_on_commit("received", registration=registration.pk)
    if _coordinator_only:
        notify_on_commit(
            "colleagues",
            registration=registrations[0].pk,
            registrations=[registration.pk for registration in registrations],
            user=user.pk,
        )
    return registrations


def _rows(registration: Registration, parts: Iterable[EventPart] | None = None):
    rows = RegistrationPart.objects.select_for_update(of=("self",)).filter(
        registration=registration, status__in=ACTIVE
    )
    if parts is not None:
        rows = rows.filter(part__in=list(parts))
    return list(rows.order_by("pk"))


@transaction.atomic
def registration_cancel(
    *,
    registration: Registration,
    parts: Iterable[EventPart] | None = None,
    user=None,
    notify: bool = True,
    now: datetime | None = None,
) -> int:
    """Cancel the registration's places in ``parts`` (all by default); each freed place is
    offered to the waiting list at once. Places in parts that have started stay (only staff
    cancel those: attendance is a record). Returns how many places were cancelled."""
    now = now or timezone.now()
    part_ids = [
        row.part_id
        for row in RegistrationPart.objects.filter(registration=registration, status__in=ACTIVE)
    ]
    if parts is not None:
        wanted = {part.pk for part in parts}
        part_ids = [pk for pk in part_ids if pk in wanted]
    locked = lock_parts(part_ids)
    started = [part for part in locked.values() if not _changeable(part, now, user)]
    if started and len(started) == len(locked):
        raise service_error("started", part=started[0].title)
    rows = [
        row
        for row in _rows(registration)
        if row.part_id in locked and _changeable(locked[row.part_id], now, user)
    ]
    for row in rows:
        row.status = Status.CANCELLED
        row.offer_expires_at = None
        row.save(update_fields=["status", "offer_expires_at", "updated_at"])
    for part in locked.values():
        offer_next_locked(part, now=now)
    if rows and notify:
        notify_on_commit(
            "cancelled", registration=registration.pk, parts=[row.part_id for row in rows]
        )
    return len(rows)


@transaction.atomic
def registration_change_parts(
    *,
    registration: Registration,
    parts: Sequence[EventPart],
    user=None,
    now: datetime | None = None,
) -> Registration:
    """Set the parts a person is registered for: new parts are added as in
    :func:`registration_create` (approval judged by ``user``, who acts now: the person through
    their link is anonymous), dropped ones are cancelled (the queue moves on). Parts that have
    started are not changed by anyone but staff. The person gets one message for a burst of
    changes."""
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    event = registration.event
    _validate_parts(event, parts)
    current = set(
        RegistrationPart.objects.filter(registration=registration, status__in=ACTIVE).values_list(
            "part_id", flat=True
        )
    )
    wanted = {part.pk for part in parts}
    locked = lock_parts(current | wanted)
    for pk in current ^ wanted:
        if not _changeable(locked[pk], now, user):
            raise service_error("started", field="parts", part=locked[pk].title)
    added = [locked[pk] for pk in sorted(wanted - current)]
    for part in added:
        _check_window(part, now)
        if part.needs_member and registration.member is None:
            raise service_error("member_required", field="parts", part=part.title)
        if registration.member_confirmed:
            check_quota(part, registration.member, 1)
        _check_duplicates(part, [registration.email])
    for part in added:
        approved = _approved(part, registration=registration, actor=user)
        RegistrationPart.objects.create(
            registration=registration,
            part=part,
            email=registration.email.lower(),
            status=new_status(part, approved=approved),
        )
    dropped = [row for row in _rows(registration) if row.part_id not in wanted]
    for row in dropped:
        row.status = Status.CANCELLED
        row.offer_expires_at = None
        row.save(update_fields=["status", "offer_expires_at", "updated_at"])
        offer_next_locked(locked[row.part_id], now=now)
    if added or dropped:
        notify_on_commit("changed", registration=registration.pk, debounce=True)
    return registration


@transaction.atomic
def registration_move(
    *, row: RegistrationPart, to_part: EventPart, user, now: datetime | None = None
) -> RegistrationPart:
    """Staff move a person to another part of the same event: their old place frees (and
    is offered on), in the new part they get a place or join its waiting list."""
    require_permission(user, "events.change_registration")
    now = now or timezone.now()
    if to_part.event_id != row.registration.event_id:
        raise service_error("other_event")
    locked = lock_parts([row.part_id, to_part.pk])
    row = RegistrationPart.objects.select_for_update().get(pk=row.pk)
    if row.status not in ACTIVE:
        raise service_error("offer_gone")
    _check_duplicates(locked[to_part.pk], [row.email])
    row.status = Status.CANCELLED
    row.offer_expires_at = None
    row.save(update_fields=["status", "offer_expires_at", "updated_at"])
    moved = RegistrationPart.objects.create(
        registration=row.registration,
        part=locked[to_part.pk],
        email=row.email,
        status=new_status(locked[to_part.pk], approved=True),
    )
    offer_next_locked(locked[row.part_id], now=now)
    notify_on_commit("changed", registration=row.registration_id)
    return moved
