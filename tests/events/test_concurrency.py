"""Capacity and quotas hold under concurrency: many threads, each with its own connection."""

import pytest
from django.core.exceptions import ValidationError

from events.models import RegistrationPart
from events.services.approval import member_claim_confirm
from events.services.places import member_places_used
from events.services.registration import registration_create
from tests.events.factories import EventMemberFactory, EventPartFactory
from tests.factories import UserFactory
from tests.support import race

Status = RegistrationPart.Status
THREADS = 52

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_fifty_simultaneous_registrations_for_ten_places():
    """Exactly 10 get a place, everybody else is on the waiting list; nobody is lost."""
    part = EventPartFactory(capacity=10)

    def register(number):
        registration = registration_create(
            event=part.event, parts=[part], name=f"Člověk {number}", email=f"c{number}@example.org"
        )
        return registration.parts.get().status

    results = race(register, THREADS)
    assert not [result for result in results if isinstance(result, Exception)]
    assert results.count(Status.CONFIRMED) == 10
    assert results.count(Status.WAITING) == THREADS - 10
    assert part.registrations.holding().count() == 10


def test_quotarace():
    """A member's quota of 3 holds when its coordinator registers 20 people at once."""
    member = EventMemberFactory(slug="zavod-kvota")
    coordinator = UserFactory(email="zavod.koordinator@example.org")
    member.coordinators.add(coordinator)
    part = EventPartFactory(capacity=100, member_quota=3)

    def register(number):
        registration = registration_create(
            event=part.event,
            parts=[part],
            name=f"Kolega {number}",
            email=f"q{number}@example.org",
            member=member,
            user=coordinator,
        )
        return registration.parts.get().status

    results = race(register, 20)
    assert results.count(Status.CONFIRMED) == 3
    assert all(isinstance(result, ValidationError) for result in results if result != "confirmed")
    assert RegistrationPart.objects.filter(part=part, registration__member=member).count() == 3


def test_same_email_from_many_threads_gets_one_place():
    part = EventPartFactory(capacity=10)

    def register(number):
        return registration_create(
            event=part.event, parts=[part], name="Táž", email="taz@example.org"
        )

    results = race(register, 10)
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert part.registrations.active().count() == 1


def test_walk_ins_for_the_last_place_at_two_doors():
    """Twenty walk-ins for the last two places at once: two are let in, the others are told
    the part is full; with a reason everybody would be let in (not tested here)."""
    from django.contrib.auth.models import Permission

    from events.services.attendance import walk_in_register
    from tests.factories import UserFactory

    staff = UserFactory(email="dvere.zavod@example.org")
    staff.user_permissions.set(Permission.objects.filter(codename="check_in"))
    part = EventPartFactory(capacity=3)
    registration_create(
        event=part.event, parts=[part], name="Přihlášený", email="prihlaseny@example.org"
    )

    def walk_in(number):
        registration = walk_in_register(
            part=part, name=f"Příchozí {number}", email=f"w{number}@example.org", user=staff
        )
        return registration.parts.get().status

    results = race(walk_in, 20)
    assert results.count(Status.CONFIRMED) == 2
    errors = [result for result in results if isinstance(result, ValidationError)]
    assert len(errors) == 18
    assert all(error.error_dict["override_reason"][0].code == "full" for error in errors)
    assert part.registrations.holding().count() == 3
    assert part.attendances.filter(present=True, walk_in=True).count() == 2


def test_two_staff_issue_certificates_at_once():
    """Two clicks on "Issue certificates" at the same moment: one certificate per attendee."""
    from django.contrib.auth.models import Permission

    from events.models import Certificate
    from events.services.attendance import attendance_mark
    from events.services.certificates import certificates_issue
    from tests.factories import UserFactory

    staff = UserFactory(email="osvedceni.zavod@example.org")
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["check_in", "add_certificate"])
    )
    part = EventPartFactory(
        capacity=None, accredited_programme="P", accreditation_number="A/1", accredited_hours=3
    )
    for number in range(3):
        registration = registration_create(
            event=part.event,
            parts=[part],
            name=f"Účastník {number}",
            email=f"u{number}@example.org",
        )
        attendance_mark(part=part, registration_id=registration.pk, present=True, user=staff)

    results = race(lambda number: certificates_issue(event=part.event, user=staff), 4)
    assert sorted(results) == [0, 0, 0, 3]
    assert Certificate.objects.count() == 3


def test_claims_confirmed_at_once_never_exceed_the_quota():
    """Ten claims of one member confirmed at the same moment: exactly the quota's worth."""
    member = EventMemberFactory(slug="zavod-naroky")
    coordinator = UserFactory(email="naroky.koordinator@example.org")
    member.coordinators.add(coordinator)
    part = EventPartFactory(capacity=100, member_quota=3)
    claims = [
        registration_create(
            event=part.event, parts=[part], name=f"N {n}", email=f"n{n}@example.org", member=member
        )
        for n in range(10)
    ]

    def confirm(number):
        return member_claim_confirm(registration=claims[number], user=coordinator)

    results = race(confirm, 10)
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(refused) == 7
    assert member_places_used(part, member) == 3
