"""What every change of a registration's places stands on: the parts locked, places counted
afresh, a member's quota, the status a new entry gets, errors and permissions, and the message
queued when the transaction commits.

Every decision that depends on a count (places left, a member's quota, who is next in the
queue) is taken inside the transaction, after ``SELECT … FOR UPDATE`` on the part rows
(always in primary-key order, so two transactions never wait for each other crosswise), and
against a fresh count. Nothing is checked before the write and trusted afterwards. The
unique index on (part, lower(e-mail)) of active rows is the last line of defence.

A place is held by a confirmed registration and by an open offer; an entry waiting for
approval or on the waiting list holds none.

Staff rights are Django permissions (``events.change_registration`` etc.); a coordinator's
scope is ``Member.objects.editable_by(user)``. E-mails are written and queued after the commit
(:mod:`events.services.mail`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from events.models import (
    HOLDING,
    QUEUED,
    EventPart,
    RegistrationPart,
)
from events.services import mail
from members.models import Member

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


def service_error(code: str, field: str | None = None, **params) -> ValidationError:
    message = ERRORS[code] % params if params else ERRORS[code]
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def notify_on_commit(kind: str, *, debounce: bool = False, **ids) -> None:
    """Tell the person, by a job queued when the transaction commits: the worker renders the
    message (showing the committed state, retried if rendering or sending fails) and never
    under the part's lock. ``debounce`` sends one message for a burst of changes."""
    transaction.on_commit(partial(mail.notify_later, kind, debounce=debounce, **ids))


def require_permission(user, permission: str) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(permission):
        raise PermissionDenied


def lock_parts(part_ids: Iterable[int]) -> dict[int, EventPart]:
    """Lock the parts (in primary-key order) and return them fresh, with their event."""
    ids = sorted(set(part_ids))
    locked = (
        EventPart.objects.select_for_update(of=("self",))
        .select_related("event")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    return {part.pk: part for part in locked}


def place_counts(part: EventPart) -> tuple[int, int]:
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


def check_quota(part: EventPart, member: Member | None, adding: int) -> None:
    """Call with ``part`` locked; only for registrations whose member is confirmed."""
    if not part.member_quota or member is None:
        return
    if member_places_used(part, member) + adding > part.member_quota:
        raise service_error("quota", member=member.name, part=part.title, quota=part.member_quota)


def new_status(part: EventPart, *, approved: bool) -> str:
    """The status of a new entry in ``part`` (locked): waiting for approval when it needs one
    (holding nothing yet); otherwise a place if one is free and nobody is queueing for it,
    else the waiting list."""
    if not approved:
        return Status.PENDING
    taken, waiting = place_counts(part)
    if part.capacity is None or (taken < part.capacity and not waiting):
        return Status.CONFIRMED
    return Status.WAITING
