"""Registrations, the waiting list and offers, cancellations and messages to registrants.

Every decision that depends on a count (places left, a member's quota, who is next in the
queue) is taken inside the transaction, after ``SELECT … FOR UPDATE`` on the part rows
(always in primary-key order, so two transactions never wait for each other crosswise), and
against a fresh count. Nothing is checked before the write and trusted afterwards. The
unique index on (part, lower(e-mail)) of active rows is the last line of defence.

A place is held by a confirmed registration, by one waiting for staff approval and by an
open offer; a waiting-list entry holds none. When a place frees, :func:`offer_next` offers it
to the first in the queue for ``event.offer_hours`` (never past the close of registration or
the start of the part). An offer ends exactly once – claimed, declined or expired – each of
which is decided with the row locked.

Staff rights are Django permissions (``events.change_registration`` etc.); a coordinator's
scope is ``Member.objects.editable_by(user)``. E-mails are written and queued after the commit
(``events.emails``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import emails
from events.models import (
    ACTIVE,
    HOLDING,
    QUEUED,
    Event,
    EventPart,
    Registration,
    RegistrationPart,
)
from events.tokens import new_nonce
from members.models import Member
from network_portal.addresses import normalise_email

Status = RegistrationPart.Status

ERRORS = {
    "no_parts": _("Choose at least one part of the event."),
    "not_published": _("Registration for this event is not possible."),
    "cancelled": _("This event has been cancelled."),
    "closed": _("Registration for “%(part)s” has closed."),
    "not_open": _("Registration for “%(part)s” has not opened yet."),
    "member_required": _(
        "“%(part)s” is for member municipalities only: choose your member municipality."
    ),
    "quota": _("%(member)s has used all its places in “%(part)s” (at most %(quota)s per member)."),
    "duplicate": _("%(email)s is already registered for “%(part)s”."),
    "not_coordinator": _("You can register colleagues only for a member you coordinate."),
    "offer_claimed": _("You have already accepted this place."),
    "offer_declined": _("You declined this offer, so it has passed to the next person."),
    "offer_expired": _("This offer has expired and the place has passed to the next person."),
    "offer_gone": _("This offer is no longer valid."),
    "not_pending": _("Only registrations waiting for approval can be approved or declined."),
    "other_event": _("The part belongs to another event."),
    "started": _(
        "“%(part)s” has already started: only the organisers can change the registration now."
    ),
    "not_claimed": _("This registration has no member waiting for confirmation."),
    "no_member": _("This registration names no member."),
}


def _error(code: str, field: str | None = None, **params) -> ValidationError:
    message = ERRORS[code] % params if params else ERRORS[code]
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _notify(kind: str, *, debounce: bool = False, **ids) -> None:
    """Tell the person, by a job queued when the transaction commits: the worker renders the
    message (showing the committed state, retried if rendering or sending fails) and never
    under the part's lock. ``debounce`` sends one message for a burst of changes."""
    transaction.on_commit(partial(emails.notify_later, kind, debounce=debounce, **ids))


def _require(user, permission: str) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(permission):
        raise PermissionDenied


def _lock_parts(part_ids: Iterable[int]) -> dict[int, EventPart]:
    """Lock the parts (in primary-key order) and return them fresh, with their event."""
    ids = sorted(set(part_ids))
    locked = (
        EventPart.objects.select_for_update(of=("self",))
        .select_related("event")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    return {part.pk: part for part in locked}


def _counts(part: EventPart) -> tuple[int, int]:
    """Places held and people waiting in ``part``, counted now (call with the part locked)."""
    counts = part.registrations.aggregate(
        taken=Count("pk", filter=Q(status__in=HOLDING)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return counts["taken"], counts["waiting"]


def may_vouch(user, member: Member | None) -> bool:
    """Whether ``user`` speaks for ``member``: its coordinator, or staff who manage
    registrations. Only they confirm that a person comes from a member, and only they
    approve places in parts for members or coordinators."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("events.change_registration"):
        return True
    return member is not None and Member.objects.editable_by(user).filter(pk=member.pk).exists()


def _changeable(part: EventPart, now: datetime, user) -> bool:
    """Once a part has started its registrations are a record: only staff change them."""
    return now < part.start or (
        user is not None and user.is_authenticated and user.has_perm("events.change_registration")
    )


def _check_window(part: EventPart, now: datetime) -> None:
    event = part.event
    if event.status == Event.Status.CANCELLED:
        raise _error("cancelled")
    if event.status != Event.Status.PUBLISHED:
        raise _error("not_published")
    if now >= part.closes_at:
        raise _error("closed", part=part.title)
    if part.registration_opens_at and now < part.registration_opens_at:
        raise _error("not_open", part=part.title)


def member_places_used(part: EventPart, member: Member) -> int:
    """The member's places in ``part``: places and waiting-list entries of registrations whose
    member is confirmed (a claim waiting for its coordinator uses none)."""
    return RegistrationPart.objects.filter(
        part=part,
        status__in=QUEUED,
        registration__member=member,
        registration__member_confirmed_at__isnull=False,
    ).count()


def member_places_used_by(parts, members) -> dict[tuple[int, int], int]:
    """:func:`member_places_used` for every (part, member) pair, in one query."""
    counts = (
        RegistrationPart.objects.filter(
            part__in=list(parts),
            status__in=QUEUED,
            registration__member__in=list(members),
            registration__member_confirmed_at__isnull=False,
        )
        .values("part_id", "registration__member_id")
        .annotate(used=Count("pk"))
    )
    used = defaultdict(int)
    for row in counts:
        used[row["part_id"], row["registration__member_id"]] = row["used"]
    return used


def _check_quota(part: EventPart, member: Member | None, adding: int) -> None:
    """Call with ``part`` locked; only for registrations whose member is confirmed."""
    if not part.member_quota or member is None:
        return
    if member_places_used(part, member) + adding > part.member_quota:
        raise _error("quota", member=member.name, part=part.title, quota=part.member_quota)


def _check_duplicates(part: EventPart, emails_: Sequence[str]) -> None:
    taken = set(
        RegistrationPart.objects.filter(
            part=part, status__in=ACTIVE, email__in=[email.lower() for email in emails_]
        ).values_list("email", flat=True)
    )
    for email in emails_:
        if email.lower() in taken:
            raise _error("duplicate", field="email", email=email, part=part.title)


def _place(part: EventPart, *, approved: bool) -> str:
    """The status of a new entry in ``part`` (locked): waiting for approval when it needs one
    (holding nothing yet); otherwise a place if one is free and nobody is queueing for it,
    else the waiting list."""
    if not approved:
        return Status.PENDING
    taken, waiting = _counts(part)
    if part.capacity is None or (taken < part.capacity and not waiting):
        return Status.CONFIRMED
    return Status.WAITING


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
        raise _error("no_parts", field="parts")
    if any(part.event_id != event.pk for part in parts):
        raise _error("other_event", field="parts")


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
                status=_place(part, approved=approved),
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
    locked = _lock_parts(part.pk for part in parts)
    emails_ = [person.email for person in people]
    for part in locked.values():
        _check_window(part, now)
        if part.needs_member and member is None:
            raise _error("member_required", field="member", part=part.title)
        if vouched:
            _check_quota(part, member, len(people))
        _check_duplicates(part, emails_)
    try:
        with transaction.atomic():
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
        raise _error("duplicate", field="email", email=", ".join(emails_), part="") from error
    for registration in registrations:
        _notify("received", registration=registration.pk)
    if _coordinator_only:
        _notify(
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
    locked = _lock_parts(part_ids)
    started = [part for part in locked.values() if not _changeable(part, now, user)]
    if started and len(started) == len(locked):
        raise _error("started", part=started[0].title)
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
        _offer_next_locked(part, now=now)
    if rows and notify:
        _notify("cancelled", registration=registration.pk, parts=[row.part_id for row in rows])
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
    locked = _lock_parts(current | wanted)
    for pk in current ^ wanted:
        if not _changeable(locked[pk], now, user):
            raise _error("started", field="parts", part=locked[pk].title)
    added = [locked[pk] for pk in sorted(wanted - current)]
    for part in added:
        _check_window(part, now)
        if part.needs_member and registration.member is None:
            raise _error("member_required", field="parts", part=part.title)
        if registration.member_confirmed:
            _check_quota(part, registration.member, 1)
        _check_duplicates(part, [registration.email])
    for part in added:
        approved = _approved(part, registration=registration, actor=user)
        RegistrationPart.objects.create(
            registration=registration,
            part=part,
            email=registration.email.lower(),
            status=_place(part, approved=approved),
        )
    dropped = [row for row in _rows(registration) if row.part_id not in wanted]
    for row in dropped:
        row.status = Status.CANCELLED
        row.offer_expires_at = None
        row.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _offer_next_locked(locked[row.part_id], now=now)
    if added or dropped:
        _notify("changed", registration=registration.pk, debounce=True)
    return registration


def _require_vouch(user, registration: Registration) -> None:
    if not may_vouch(user, registration.member):
        raise PermissionDenied


def _decide(*, row: RegistrationPart, user, approve: bool, now: datetime | None) -> None:
    now = now or timezone.now()
    _require_vouch(user, row.registration)
    part = _lock_parts([row.part_id])[row.part_id]
    row = RegistrationPart.objects.select_for_update().select_related("registration").get(pk=row.pk)
    if row.status != Status.PENDING:
        raise _error("not_pending")
    if approve:
        registration = row.registration
        if registration.member_confirmed:
            _check_quota(part, registration.member, 1)
        row.status = _place(part, approved=True)
    else:
        row.status = Status.DECLINED
    row.save(update_fields=["status", "updated_at"])
    _notify("decided", registration=row.registration_id, row=row.pk, user=user.pk)


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
        raise _error("not_claimed")
    rows = list(
        RegistrationPart.objects.filter(registration=registration, status__in=ACTIVE).order_by("pk")
    )
    locked = _lock_parts(row.part_id for row in rows)
    for row in rows:
        _check_quota(locked[row.part_id], registration.member, 1)
    registration.member_confirmed_at = now
    registration.member_confirmed_by = user
    registration.save(update_fields=["member_confirmed_at", "member_confirmed_by", "updated_at"])
    for row in RegistrationPart.objects.select_for_update().filter(
        pk__in=[row.pk for row in rows], status=Status.PENDING
    ):
        row.status = _place(locked[row.part_id], approved=True)
        row.save(update_fields=["status", "updated_at"])
    _notify("member_confirmed", registration=registration.pk, user=user.pk)
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
        raise _error("not_claimed")
    member_name = registration.member.name
    rows = list(
        RegistrationPart.objects.filter(registration=registration, status__in=ACTIVE)
        .select_related("part")
        .order_by("pk")
    )
    locked = _lock_parts(row.part_id for row in rows if row.part.needs_member)
    registration.member = None
    registration.show_organisation = False
    registration.save(update_fields=["member", "show_organisation", "updated_at"])
    for row in RegistrationPart.objects.select_for_update().filter(
        pk__in=[row.pk for row in rows if row.part_id in locked]
    ):
        row.status = Status.DECLINED
        row.offer_expires_at = None
        row.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _offer_next_locked(locked[row.part_id], now=now)
    _notify("member_rejected", registration=registration.pk, member=member_name)
    return registration


@transaction.atomic
def registration_move(
    *, row: RegistrationPart, to_part: EventPart, user, now: datetime | None = None
) -> RegistrationPart:
    """Staff move a person to another part of the same event: their old place frees (and
    is offered on), in the new part they get a place or join its waiting list."""
    _require(user, "events.change_registration")
    now = now or timezone.now()
    if to_part.event_id != row.registration.event_id:
        raise _error("other_event")
    locked = _lock_parts([row.part_id, to_part.pk])
    row = RegistrationPart.objects.select_for_update().get(pk=row.pk)
    if row.status not in ACTIVE:
        raise _error("offer_gone")
    _check_duplicates(locked[to_part.pk], [row.email])
    row.status = Status.CANCELLED
    row.offer_expires_at = None
    row.save(update_fields=["status", "offer_expires_at", "updated_at"])
    moved = RegistrationPart.objects.create(
        registration=row.registration,
        part=locked[to_part.pk],
        email=row.email,
        status=_place(locked[to_part.pk], approved=True),
    )
    _offer_next_locked(locked[row.part_id], now=now)
    _notify("changed", registration=row.registration_id)
    return moved


@transaction.atomic
def part_capacity_change(
    *, part: EventPart, capacity: int | None, user, now: datetime | None = None
) -> EventPart:
    """Staff change a part's capacity; new places go to the waiting list at once. Lowering it
    takes nobody's place away: only new registrations wait."""
    _require(user, "events.change_eventpart")
    if capacity is not None and capacity < 0:
        raise ValidationError(_("The capacity cannot be negative."))
    part = _lock_parts([part.pk])[part.pk]
    part.capacity = capacity
    part.save(update_fields=["capacity"])
    _offer_next_locked(part, now=now or timezone.now())
    return part


def _offers_allowed(part: EventPart, now: datetime) -> bool:
    return (
        part.event.status == Event.Status.PUBLISHED
        and now < part.closes_at
        and not (part.registration_opens_at and now < part.registration_opens_at)
    )


def _offer_next_locked(part: EventPart, *, now: datetime) -> list[RegistrationPart]:
    """Offer every free place of ``part`` (locked by the caller) to the next in the queue."""
    if part.capacity is None or not _offers_allowed(part, now):
        return []
    taken, waiting = _counts(part)
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
        _notify("offer_made", registration=row.registration_id, row=row.pk)
    return offered


@transaction.atomic
def offer_next(*, part: EventPart, now: datetime | None = None) -> list[RegistrationPart]:
    """Offer the free places of ``part`` to the first people on its waiting list."""
    locked = _lock_parts([part.pk])[part.pk]
    return _offer_next_locked(locked, now=now or timezone.now())


def _locked_offer(row_pk: int) -> tuple[EventPart, RegistrationPart]:
    part_id = RegistrationPart.objects.values_list("part_id", flat=True).get(pk=row_pk)
    part = _lock_parts([part_id])[part_id]
    return part, RegistrationPart.objects.select_for_update().get(pk=row_pk)


def offer_error(row: RegistrationPart) -> ValidationError:
    """Why an offer can no longer be claimed or declined (claimed, declined, expired...)."""
    code = {
        Status.CONFIRMED: "offer_claimed",
        Status.PENDING: "offer_claimed",
        Status.DECLINED: "offer_declined",
        Status.EXPIRED: "offer_expired",
    }.get(row.status, "offer_gone")
    return _error(code)


def _expire_locked(part: EventPart, row: RegistrationPart, now: datetime) -> None:
    row.status = Status.EXPIRED
    row.save(update_fields=["status", "updated_at"])
    _notify("offer_expired", registration=row.registration_id, row=row.pk)
    _offer_next_locked(part, now=now)


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
            _notify("changed", registration=row.registration_id)
    if late:
        raise _error("offer_expired")
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
    _offer_next_locked(part, now=now)
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
            part = _lock_parts([part_id]).get(part_id)
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
                _notify("offer_expired", registration=row.registration_id, row=row.pk)
            expired += len(due)
            _offer_next_locked(part, now=now)
    return expired


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
            _notify("reminder", registration=row.registration_id, row=row.pk)
            sent += 1
    return sent


@transaction.atomic
def event_cancel(*, event: Event, user, message: str = "") -> Event:
    """Staff cancel an event: it stays visible, marked; every active place is cancelled and
    each registrant is told (with a calendar update)."""
    _require(user, "events.change_event")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        return event
    _lock_parts(event.parts.values_list("pk", flat=True))
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    rows = RegistrationPart.objects.filter(part__event=event, status__in=ACTIVE)
    registration_ids = set(rows.values_list("registration_id", flat=True))
    rows.update(status=Status.CANCELLED, offer_expires_at=None, updated_at=timezone.now())
    for registration_id in sorted(registration_ids):
        _notify("event_cancelled", registration=registration_id, message=message)
    return event


def event_message_send(*, event: Event, user, subject: str, body: str) -> int:
    """Staff write to everybody with an active registration for ``event``; returns how many
    messages were queued."""
    _require(user, "events.change_event")
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Write a subject and a message."))
    registrations = Registration.objects.filter(event=event).active().values_list("pk", flat=True)
    count = 0
    with transaction.atomic():
        for registration_id in registrations:
            _notify(
                "staff_message",
                registration=registration_id,
                subject=subject.strip(),
                body=body.strip(),
            )
            count += 1
    return count


@transaction.atomic
def event_text_stamp(*, event: Event, changed: Iterable[str]) -> None:
    """For the admin: record when each language's texts changed (the translation status)."""
    changed = set(changed)
    now = timezone.now()
    if changed & {"title_cs", "summary_cs", "description_cs"}:
        event.cs_changed_at = now
    if changed & {"title_en", "summary_en", "description_en"}:
        event.en_changed_at = now
