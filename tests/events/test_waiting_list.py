"""The waiting list: offers when places free, claim/decline/expiry exactly once, the clock."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import RegistrationPart
from events.services.event import part_capacity_change
from events.services.registration import registration_cancel, registration_create
from events.services.waiting_list import offer_claim, offer_decline, offers_expire
from tests.events.factories import EventFactory, EventPartFactory
from tests.support import run_jobs

Status = RegistrationPart.Status


def register(part, email):
    return registration_create(
        event=part.event, parts=[part], name=email.split("@")[0], email=email
    )


def row_of(registration):
    return registration.parts.get()


@pytest.fixture
def full_part(db):
    """A part with one place, taken, and two people waiting."""
    part = EventPartFactory(capacity=1, event=EventFactory(offer_hours=48))
    holder = register(part, "drzitel@example.org")
    first = register(part, "prvni@example.org")
    second = register(part, "druhy@example.org")
    return part, holder, first, second


def test_a_cancellation_offers_the_place_to_the_first_waiting(full_part):
    _part, holder, first, second = full_part
    registration_cancel(registration=holder)
    offer = row_of(first)
    assert offer.status == Status.OFFERED
    assert row_of(second).status == Status.WAITING
    expected = timezone.now() + timedelta(hours=48)
    assert abs((offer.offer_expires_at - expected).total_seconds()) < 60


def test_an_offer_holds_its_place(full_part):
    """Nobody walks in past the queue while an offer is open."""
    part, holder, _first, _second = full_part
    registration_cancel(registration=holder)
    assert row_of(register(part, "novy@example.org")).status == Status.WAITING


def test_claim_confirms_once(full_part):
    _part, holder, first, _second = full_part
    registration_cancel(registration=holder)
    offer_claim(row=row_of(first))
    assert row_of(first).status == Status.CONFIRMED
    with pytest.raises(ValidationError, match="už přijali"):
        offer_claim(row=row_of(first))
    with pytest.raises(ValidationError, match="už přijali"):
        offer_decline(row=row_of(first))


def test_decline_passes_the_place_on_at_once(full_part):
    _part, holder, first, second = full_part
    registration_cancel(registration=holder)
    offer_decline(row=row_of(first))
    assert row_of(first).status == Status.DECLINED
    assert row_of(second).status == Status.OFFERED
    with pytest.raises(ValidationError, match="odmítli"):
        offer_claim(row=row_of(first))


def test_offers_expire_and_pass_on_with_a_frozen_clock(full_part, queue):
    """An unclaimed offer expires exactly at its time (the periodic job) and passes on."""
    _part, holder, first, second = full_part
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        registration_cancel(registration=holder)
        clock.shift(timedelta(hours=47, minutes=59))
        assert offers_expire() == 0
        assert row_of(first).status == Status.OFFERED
        clock.shift(timedelta(minutes=1))
        # The worker's periodic job does it.
        from events.tasks import offers_expire as offers_job

        assert offers_job.func(timestamp=0) == 1
        assert row_of(first).status == Status.EXPIRED
        assert row_of(second).status == Status.OFFERED
        # Exactly once: running the job again changes nothing, a late claim is refused.
        assert offers_expire() == 0
        with pytest.raises(ValidationError, match="vypršela"):
            offer_claim(row=row_of(first))
        assert row_of(second).status == Status.OFFERED


def test_a_late_claim_expires_the_offer_itself(full_part):
    """Before the job runs, a claim after the expiry is refused and the place passes on."""
    _part, holder, first, second = full_part
    registration_cancel(registration=holder)
    later = timezone.now() + timedelta(hours=49)
    with pytest.raises(ValidationError, match="vypršela"):
        offer_claim(row=row_of(first), now=later)
    assert row_of(first).status == Status.EXPIRED
    assert row_of(second).status == Status.OFFERED


def test_no_offer_after_registration_closes(db):
    now = timezone.now()
    part = EventPartFactory(capacity=1, registration_closes_at=now + timedelta(hours=2))
    holder = register(part, "a@example.org")
    waiting = register(part, "b@example.org")
    registration_cancel(registration=holder, now=now + timedelta(hours=3))
    assert row_of(waiting).status == Status.WAITING


def test_an_offer_never_outlives_registration(db):
    now = timezone.now()
    part = EventPartFactory(capacity=1, registration_closes_at=now + timedelta(hours=5))
    holder = register(part, "a@example.org")
    waiting = register(part, "b@example.org")
    registration_cancel(registration=holder)
    assert row_of(waiting).offer_expires_at == part.registration_closes_at


def test_raising_the_capacity_offers_the_new_places(full_part, events_staff):
    part, _holder, first, second = full_part
    part_capacity_change(part=part, capacity=3, user=events_staff)
    assert row_of(first).status == Status.OFFERED
    assert row_of(second).status == Status.OFFERED


def test_offer_mail_in_the_registrants_language(db, queue, django_capture_on_commit_callbacks):
    part = EventPartFactory(capacity=1)
    holder = register(part, "a@example.org")
    waiting = registration_create(
        event=part.event, parts=[part], name="Ann", email="ann@example.org", language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=holder)
    mail.outbox = []
    run_jobs(queue)
    offer = next(message for message in mail.outbox if message.to == ["ann@example.org"])
    assert offer.subject.startswith("A place has become free for you")
    assert f"/en/events/registration/{waiting.pk}-" in offer.body
    assert f"/en/events/registration/{waiting.pk}-" in offer.body.split("here:")[1]
    assert "/offer/" in offer.body
