"""Registration rules: places, the waiting list, approval, quotas, windows, the constraint."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import EventPart, RegistrationPart
from events.services.approval import member_claim_confirm, member_claim_reject, registration_approve
from events.services.event import event_cancel
from events.services.places import member_places_used
from events.services.registration import (
    Person,
    registration_cancel,
    registration_change_parts,
    registration_create,
    registration_create_group,
    registration_move,
)
from tests.events.factories import EventFactory, EventPartFactory

Status = RegistrationPart.Status


def register(part, email, **kwargs):
    kwargs.setdefault("name", email.split("@")[0])
    return registration_create(event=part.event, parts=[part], email=email, **kwargs)


def status_of(registration, part):
    return registration.parts.get(part=part).status


def test_places_then_waiting_list(db):
    """The first registrations take the places; once full, people join the waiting list."""
    part = EventPartFactory(capacity=2)
    first, second, third = (register(part, f"clovek{n}@example.org") for n in range(3))
    assert status_of(first, part) == Status.CONFIRMED
    assert status_of(second, part) == Status.CONFIRMED
    assert status_of(third, part) == Status.WAITING


def test_unlimited_part_never_waits(db):
    part = EventPartFactory(capacity=None)
    for number in range(30):
        assert status_of(register(part, f"u{number}@example.org"), part) == Status.CONFIRMED


def test_two_parts_each_with_its_own_state(db):
    """One person can be confirmed for day 1 and waiting for day 2."""
    event = EventFactory()
    day1 = EventPartFactory(event=event, capacity=5)
    day2 = EventPartFactory(event=event, capacity=1)
    register(day2, "prvni@example.org")
    registration = registration_create(
        event=event, parts=[day1, day2], name="Eva", email="eva@example.org"
    )
    assert status_of(registration, day1) == Status.CONFIRMED
    assert status_of(registration, day2) == Status.WAITING


def test_same_email_twice_is_refused_with_a_message(db):
    part = EventPartFactory()
    register(part, "Jana@Example.org")
    with pytest.raises(ValidationError) as error:
        register(part, "jana@example.org")
    assert "už přihlášen" in str(error.value)


def test_database_refuses_a_second_active_place_for_one_email(db):
    """The partial unique index holds even when the services are bypassed."""
    part = EventPartFactory()
    registration = register(part, "dvakrat@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationPart.objects.create(
            registration=registration,
            part=part,
            email="DVAKRAT@example.org",
            status=Status.WAITING,
        )
    # A cancelled place does not count: the person may register again.
    registration_cancel(registration=registration)
    assert status_of(register(part, "dvakrat@example.org"), part) == Status.CONFIRMED


def test_closed_and_not_yet_open_parts_refuse(db):
    now = timezone.now()
    closed = EventPartFactory(registration_closes_at=now - timedelta(hours=1))
    later = EventPartFactory(
        registration_opens_at=now + timedelta(days=1),
        registration_closes_at=now + timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="skončila"):
        register(closed, "a@example.org")
    with pytest.raises(ValidationError, match="ještě nezačala"):
        register(later, "a@example.org")


def test_started_part_refuses(db):
    event = EventFactory(start=timezone.now() - timedelta(hours=1))
    part = EventPartFactory(event=event)
    with pytest.raises(ValidationError):
        register(part, "pozde@example.org")


def test_members_only_part_needs_a_member(db, member):
    part = EventPartFactory(audience=EventPart.Audience.MEMBERS)
    with pytest.raises(ValidationError) as error:
        register(part, "x@example.org")
    assert "member" in error.value.error_dict


def test_members_only_part_waits_for_approval_unless_a_coordinator_registers(
    db, member, coordinator, other_coordinator, events_staff
):
    """A coordinator's registration counts at once; anyone else's waits for approval, holding
    no place meanwhile; approved, it takes a place or joins the waiting list."""
    part = EventPartFactory(audience=EventPart.Audience.COORDINATORS, capacity=2)
    own = register(part, "ja@example.org", member=member, user=coordinator)
    assert status_of(own, part) == Status.CONFIRMED
    assert own.member_confirmed
    stranger = register(part, "cizi@example.org", member=member, user=other_coordinator)
    assert status_of(stranger, part) == Status.PENDING
    assert stranger.member_claimed
    # The pending one holds no place: the coordinator's colleague gets the second.
    colleague = register(part, "kolega@example.org", member=member, user=coordinator)
    assert status_of(colleague, part) == Status.CONFIRMED
    row = stranger.parts.get()
    registration_approve(row=row, user=events_staff)
    row.refresh_from_db()
    assert row.status == Status.WAITING, "approved into a full part: the waiting list"


def test_a_claim_holds_no_member_place_and_waits_for_the_coordinator(
    db, member, coordinator, queue
):
    """Two outsiders "from" a member neither use its quota nor its members-only places, and
    are not listed; the coordinator is not refused and confirms or rejects each claim."""
    part = EventPartFactory(audience=EventPart.Audience.MEMBERS, capacity=2, member_quota=1)
    first = register(part, "vydava.se1@example.org", member=member)
    second = register(part, "vydava.se2@example.org", member=member)
    assert [status_of(first, part), status_of(second, part)] == [Status.PENDING] * 2
    own = register(part, "kolega@example.org", member=member, user=coordinator)
    assert status_of(own, part) == Status.CONFIRMED
    assert member_places_used(part, member) == 1
    # The quota is used: confirming a claim is refused, rejecting one declines its entry.
    with pytest.raises(ValidationError, match="vyčerpal"):
        member_claim_confirm(registration=first, user=coordinator)
    member_claim_reject(registration=second, user=coordinator)
    second.refresh_from_db()
    assert second.member is None
    assert status_of(second, part) == Status.DECLINED


def test_confirming_a_claim_approves_its_entries(db, member, coordinator, other_coordinator):
    part = EventPartFactory(audience=EventPart.Audience.MEMBERS, capacity=5, member_quota=2)
    claim = register(part, "tvrdi@example.org", member=member)
    with pytest.raises(PermissionDenied):
        member_claim_confirm(registration=claim, user=other_coordinator)
    member_claim_confirm(registration=claim, user=coordinator)
    claim.refresh_from_db()
    assert claim.member_confirmed and claim.member_confirmed_by == coordinator
    assert status_of(claim, part) == Status.CONFIRMED
    with pytest.raises(ValidationError):
        member_claim_confirm(registration=claim, user=coordinator)


def test_a_colleagues_link_cannot_add_a_coordinators_part_without_approval(db, member, coordinator):
    """Approval is judged by who acts: the colleague acting through their link is not the
    coordinator who registered them."""
    event = EventFactory()
    open_day = EventPartFactory(event=event, capacity=10)
    coordinators_day = EventPartFactory(
        event=event, capacity=10, audience=EventPart.Audience.COORDINATORS, online_url=""
    )
    (colleague,) = registration_create_group(
        event=event,
        parts=[open_day],
        people=[Person(name="Kolega", email="kolega@example.org")],
        member=member,
        user=coordinator,
    )
    registration_change_parts(registration=colleague, parts=[open_day, coordinators_day], user=None)
    assert status_of(colleague, coordinators_day) == Status.PENDING
    registration_approve(row=colleague.parts.get(part=coordinators_day), user=coordinator)
    assert status_of(colleague, coordinators_day) == Status.CONFIRMED


def test_approval_needs_the_permission_not_is_staff(db, member, other_coordinator):
    part = EventPartFactory(audience=EventPart.Audience.MEMBERS)
    row = register(part, "ceka@example.org", member=member).parts.get()
    other_coordinator.is_staff = True
    other_coordinator.save()
    with pytest.raises(PermissionDenied):
        registration_approve(row=row, user=other_coordinator)


def test_member_quota(db, member, other_member, coordinator):
    """The quota counts the member's confirmed registrations; a claim uses none of it."""
    part = EventPartFactory(capacity=50, member_quota=2)
    register(part, "a@example.org", member=member, user=coordinator)
    register(part, "b@example.org", member=member, user=coordinator)
    with pytest.raises(ValidationError, match="vyčerpal"):
        register(part, "c@example.org", member=member, user=coordinator)
    claim = register(part, "tvrdim@example.org", member=member)
    assert status_of(claim, part) == Status.CONFIRMED, "a place open to anyone, not a member's"
    assert member_places_used(part, member) == 2
    assert status_of(register(part, "d@example.org", member=other_member), part) == Status.CONFIRMED


def test_one_mailbox_one_place_whatever_the_spelling(db):
    """Quoted local parts, full-width letters and a trailing dot name one mailbox."""
    part = EventPartFactory(capacity=10)
    register(part, "mb.victim@example.net")
    for spelling in (
        '"mb.victim"@example.net',
        "mb.victim@ｅｘａｍｐｌｅ.net",
        "MB.victim@Example.NET.",
    ):
        with pytest.raises(ValidationError, match="už přihlášen"):
            register(part, spelling)
    assert RegistrationPart.objects.filter(part=part).count() == 1


def test_parts_that_have_started_are_a_record(db, events_staff):
    """Once a part has started only staff cancel or change its registrations."""
    now = timezone.now()
    event = EventFactory(start=now + timedelta(hours=1), end=now + timedelta(days=2))
    day1 = EventPartFactory(
        event=event, start=now + timedelta(hours=1), end=now + timedelta(hours=5)
    )
    day2 = EventPartFactory(
        event=event, start=now + timedelta(days=1), end=now + timedelta(days=1, hours=5)
    )
    registration = registration_create(
        event=event, parts=[day1, day2], name="Eva", email="eva@example.org"
    )
    later = now + timedelta(hours=2)
    with pytest.raises(ValidationError, match="už začal"):
        registration_change_parts(registration=registration, parts=[day2], now=later)
    # Cancelling everything keeps the started day and cancels the rest.
    assert registration_cancel(registration=registration, now=later) == 1
    assert status_of(registration, day1) == Status.CONFIRMED
    assert status_of(registration, day2) == Status.CANCELLED
    with pytest.raises(ValidationError, match="už začal"):
        registration_cancel(registration=registration, now=later)
    assert registration_cancel(registration=registration, user=events_staff, now=later) == 1
    assert status_of(registration, day1) == Status.CANCELLED


def test_coordinator_registers_colleagues_within_the_quota(db, member, coordinator):
    part = EventPartFactory(capacity=50, member_quota=2)
    people = [Person(name=f"Kolega {n}", email=f"k{n}@example.org") for n in range(2)]
    registrations = registration_create_group(
        event=part.event, parts=[part], people=people, member=member, user=coordinator
    )
    assert [status_of(r, part) for r in registrations] == [Status.CONFIRMED] * 2
    with pytest.raises(ValidationError, match="vyčerpal"):
        registration_create_group(
            event=part.event,
            parts=[part],
            people=[Person(name="Třetí", email="k3@example.org")],
            member=member,
            user=coordinator,
        )


def test_group_registration_is_all_or_nothing(db, member, coordinator):
    part = EventPartFactory(capacity=50, member_quota=2)
    people = [Person(name=f"K {n}", email=f"k{n}@example.org") for n in range(3)]
    with pytest.raises(ValidationError):
        registration_create_group(
            event=part.event, parts=[part], people=people, member=member, user=coordinator
        )
    assert not RegistrationPart.objects.exists()


def test_coordinator_cannot_register_for_another_member(db, other_member, coordinator):
    part = EventPartFactory()
    with pytest.raises(PermissionDenied):
        registration_create_group(
            event=part.event,
            parts=[part],
            people=[Person(name="X", email="x@example.org")],
            member=other_member,
            user=coordinator,
        )


def test_change_parts_adds_and_cancels(db):
    event = EventFactory()
    day1 = EventPartFactory(event=event, capacity=1)
    day2 = EventPartFactory(event=event, capacity=5)
    registration = registration_create(
        event=event, parts=[day1], name="Eva", email="eva@example.org"
    )
    waiting = register(day1, "ceka@example.org")
    registration_change_parts(registration=registration, parts=[day2])
    assert status_of(registration, day1) == Status.CANCELLED
    assert status_of(registration, day2) == Status.CONFIRMED
    assert status_of(waiting, day1) == Status.OFFERED


def test_cancelled_event_cancels_everyone(db, events_staff):
    part = EventPartFactory(capacity=1)
    first = register(part, "a@example.org")
    second = register(part, "b@example.org")
    event_cancel(event=part.event, user=events_staff)
    assert status_of(first, part) == Status.CANCELLED
    assert status_of(second, part) == Status.CANCELLED
    with pytest.raises(ValidationError, match="zrušena"):
        register(part, "c@example.org")


def test_move_to_another_part(db, events_staff):
    event = EventFactory()
    day1 = EventPartFactory(event=event, capacity=1)
    day2 = EventPartFactory(event=event, capacity=1)
    moving = register(day1, "a@example.org")
    waiting = register(day1, "b@example.org")
    registration_move(row=moving.parts.get(), to_part=day2, user=events_staff)
    assert status_of(moving, day2) == Status.CONFIRMED
    assert status_of(waiting, day1) == Status.OFFERED
