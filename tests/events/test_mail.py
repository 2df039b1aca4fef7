"""E-mail through the queue: sent after commit by the worker, retried while the mail server
is down (nothing lost), never twice; in the registrant's language with a calendar file."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from procrastinate.contrib.django import app

from events import services
from network_portal.mail import mail_queue
from tests.events.factories import EventPartFactory
from tests.events.mailbackends import FlakyBackend
from tests.support import run_jobs


def _run_worker():
    app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_mail_is_lost_while_the_server_is_down_for_an_hour(settings, queue):
    """The worker retries with back-off through an hour's outage and then delivers once."""
    settings.EMAIL_BACKEND = "tests.events.mailbackends.FlakyBackend"
    FlakyBackend.down, FlakyBackend.attempts = True, 0
    mail.outbox = []
    part = EventPartFactory(capacity=5)
    services.registration_create(
        event=part.event, parts=[part], name="Jana", email="jana@example.org"
    )
    (job,) = queue.jobs.values()
    assert job["task_name"] == "mail_send"

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        while timezone.now() < start + timedelta(hours=1):
            _run_worker()
            assert job["status"] == "todo", "a failed attempt is scheduled again"
            clock.move_to(job["scheduled_at"])
        tries_during_outage = FlakyBackend.attempts
        assert mail.outbox == []
        FlakyBackend.down = False
        clock.move_to(job["scheduled_at"])
        _run_worker()
    assert job["status"] == "succeeded"
    assert tries_during_outage >= 8
    assert [message.to for message in mail.outbox] == [["jana@example.org"]]


def test_mail_waits_for_the_commit(db, queue, django_capture_on_commit_callbacks):
    """A rolled-back transaction queues nothing; a committed one queues the message."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail_queue(to="a@example.org", subject="S", body="B")
    assert queue.jobs == {}
    for callback in callbacks:
        callback()
    assert len(queue.jobs) == 1


def test_a_message_is_queued_and_sent_once(db, queue, django_capture_on_commit_callbacks):
    """The message id is the job's queueing lock: the same message cannot wait twice."""
    with django_capture_on_commit_callbacks(execute=True):
        mail_queue(to="a@example.org", subject="Předmět", body="Text", reply_to="r@example.org")
    (job,) = queue.jobs.values()
    assert job["queueing_lock"] == job["lock"] == f"mail-{job['args']['message_id']}"
    mail.outbox = []
    assert run_jobs(queue) == 1
    assert run_jobs(queue) == 0
    (message,) = mail.outbox
    assert message.subject == "Předmět"
    assert message.reply_to == ["r@example.org"]


def test_confirmation_in_english_with_calendar_and_manage_link(
    db, queue, django_capture_on_commit_callbacks
):
    part = EventPartFactory(capacity=5, online_url="https://meet.example.org/x")
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=part.event, parts=[part], name="Ann", email="ann@example.org", language="en"
        )
    mail.outbox = []
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.subject.startswith("Your registration – ")
    assert "confirmed" in message.body
    assert f"/en/events/registration/{registration.pk}-" in message.body
    assert f"/en/events/{part.event.slug}/" in message.body
    assert "https://meet.example.org/x" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    (entry,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(entry["uid"]) == f"event-{part.event.pk}-part-{part.pk}@127.0.0.1"
    assert "https://meet.example.org/x" in str(entry["description"])


def test_waiting_list_people_never_get_the_online_link(
    db, queue, django_capture_on_commit_callbacks
):
    part = EventPartFactory(capacity=1, online_url="https://meet.example.org/tajne")
    services.registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=part.event, parts=[part], name="B", email="b@example.org"
        )
    mail.outbox = []
    run_jobs(queue)
    (message,) = mail.outbox
    assert "tajne" not in message.body
    assert message.attachments == []


def test_reminder_two_days_before_with_the_online_link(
    db, queue, django_capture_on_commit_callbacks
):
    part = EventPartFactory(capacity=5, online_url="https://meet.example.org/pripominka")
    services.registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    with time_machine.travel(part.start - timedelta(days=3)):
        assert services.reminders_send() == 0
    mail.outbox = []
    with (
        time_machine.travel(part.start - timedelta(days=2) + timedelta(minutes=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        from events.tasks import reminders_send

        assert reminders_send.func(timestamp=0) == 1
        assert services.reminders_send() == 0
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.subject.startswith("Připomínka")
    assert "https://meet.example.org/pripominka" in message.body
