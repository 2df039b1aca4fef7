"""E-mail through the queue: sent after commit by the worker, retried while the mail server
is down (nothing lost), never twice; in the registrant's language with a calendar file."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from procrastinate.contrib.django import app

from events.services.event import reminders_send
from events.services.registration import registration_change_parts, registration_create
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
    registration_create(event=part.event, parts=[part], name="Jana", email="jana@example.org")
    (written,) = queue.jobs.values()
    assert written["task_name"] == "events_notify", "the worker writes the message"
    _run_worker()
    (job,) = (job for job in queue.jobs.values() if job["task_name"] == "mail_send")

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
        registration = registration_create(
            event=part.event, parts=[part], name="Ann", email="ann@example.org", language="en"
        )
    mail.outbox = []
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.subject.startswith("Registration confirmed – ")
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
    registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=part.event, parts=[part], name="B", email="b@example.org")
    mail.outbox = []
    run_jobs(queue)
    (message,) = mail.outbox
    assert "tajne" not in message.body
    assert message.attachments == []


def test_reminder_two_days_before_with_the_online_link(
    db, queue, django_capture_on_commit_callbacks
):
    part = EventPartFactory(capacity=5, online_url="https://meet.example.org/pripominka")
    registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    with time_machine.travel(part.start - timedelta(days=3)):
        assert reminders_send() == 0
    mail.outbox = []
    with (
        time_machine.travel(part.start - timedelta(days=2) + timedelta(minutes=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        from events.tasks import reminders_send as reminders_job

        assert reminders_job.func(timestamp=0) == 1
        assert reminders_send() == 0
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.subject.startswith("Připomínka")
    assert "https://meet.example.org/pripominka" in message.body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_message_that_fails_to_write_is_retried_not_lost(settings, queue, monkeypatch):
    """Writing the message is the worker's job: when it fails (a template error, say), the
    registration is saved, the job is retried, and the message goes out once it works."""
    from events.services.mail import WRITERS

    mail.outbox = []
    part = EventPartFactory(capacity=5)
    calls = {"n": 0}
    real = WRITERS["received"]

    def broken(registration, **ids):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("rendering failed")
        real(registration, **ids)

    monkeypatch.setitem(WRITERS, "received", broken)
    registration = registration_create(
        event=part.event, parts=[part], name="Jana", email="jana@example.org"
    )
    assert registration.pk
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _run_worker()
        (job,) = (job for job in queue.jobs.values() if job["task_name"] == "events_notify")
        assert job["status"] == "todo" and job["attempts"] == 1
        clock.move_to(job["scheduled_at"])
        _run_worker()
        _run_worker()
    assert [message.to for message in mail.outbox] == [["jana@example.org"]]


def test_a_burst_of_changes_gives_one_message(
    db, queue, mailoutbox, settings, django_capture_on_commit_callbacks
):
    """Ten changes in a row queue one message, written with the state at the end."""
    settings.EVENTS_CHANGE_MAIL_DELAY_SECONDS = 60
    event = EventPartFactory().event
    day1, day2 = EventPartFactory(event=event), EventPartFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            event=event, parts=[day1], name="Jana", email="jana@example.org"
        )
    run_jobs(queue)
    mailoutbox.clear()
    for number in range(10):
        parts = [day1, day2] if number % 2 == 0 else [day2]
        with django_capture_on_commit_callbacks(execute=True):
            registration_change_parts(registration=registration, parts=parts)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_jobs(queue)
    (message,) = mailoutbox
    assert day2.title in message.body


def test_names_stay_on_one_line_in_subjects_and_mails(
    db, queue, mailoutbox, django_capture_on_commit_callbacks
):
    part = EventPartFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=part.event,
            parts=[part],
            name="Jana\nBCC: x@example.org",
            email="jana@example.org",
        )
    run_jobs(queue)
    (message,) = mailoutbox
    assert "Jana BCC: x@example.org" in message.body.splitlines()[0]
