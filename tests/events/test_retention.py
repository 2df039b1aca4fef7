"""Retention: past the set time the job leaves no name or e-mail of any registrant of the
event anywhere in the database (every table, history tables included), while the counts and
the certificate verification still work; accredited names stay for their own period."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.utils import timezone

from events.models import Certificate, Event, Registration
from events.services.attendance import attendance_mark, part_counts, walk_in_register
from events.services.certificates import certificates_issue
from events.services.personal_data import months_later, personal_data_expire
from events.services.registration import registration_create
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PEOPLE = [
    ("Jiří Šťastný", "jiri.stastny@example.org"),
    ("Eva Malá", "eva.mala@example.org"),
    ("Karel Žák", "karel.zak@example.org"),
]


def rows_mentioning(needle: str) -> list[str]:
    """Tables of the public schema with a row whose text contains ``needle`` (any column)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        found = []
        for table in tables:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" AS t WHERE t::text ILIKE %s',  # noqa: S608
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found


@pytest.fixture
def finished_school(settings):
    settings.EVENTS_RETENTION_MONTHS = 24
    settings.EVENTS_ACCREDITED_RETENTION_MONTHS = 60
    start = timezone.now() - timedelta(days=3)
    event = EventFactory(slug="stara-skola", start=start, end=start + timedelta(days=1))
    seminar = EventPartFactory(event=event, title_cs="Seminář", capacity=10)
    training = EventPartFactory(
        event=event,
        title_cs="Trénink",
        accredited_programme="Místní Agenda 21 a Projekt Zdravé Město WHO",
        accreditation_number="AK/1",
        accredited_hours=8,
    )
    # Fixed names: a random Czech one could be a needle the test looks for ("Jiří", "Šťastný").
    staff = UserFactory(
        email="kancelar.retence@example.org", first_name="Kancelář", last_name="Sítě"
    )
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["check_in", "add_certificate"])
    )
    registrations = [
        registration_create(
            event=event,
            parts=[seminar, training],
            name=name,
            email=email,
            organisation="Městský úřad Tachov",
            position="referent",
            needs="vegetarián",
            now=start - timedelta(days=2),
        )
        for name, email in PEOPLE
    ]
    for registration in registrations[:2]:
        attendance_mark(part=seminar, registration_id=registration.pk, present=True, user=staff)
    attendance_mark(part=training, registration_id=registrations[0].pk, present=True, user=staff)
    walk_in_register(part=seminar, name="Ota Příchozí", email="ota@example.org", user=staff)
    certificates_issue(event=event, user=staff)
    # Staff corrected a registration in the admin: its log entry names the person.
    from django.contrib.admin.models import CHANGE, LogEntry

    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[registrations[1]], action_flag=CHANGE, change_message="x"
    )
    return event, seminar, training, registrations


def test_job_anonymises_everything_after_the_periods(finished_school):
    event, seminar, training, registrations = finished_school
    certificate = Certificate.objects.get()
    before = (part_counts(seminar), part_counts(training))
    assert before[0].present == 3 and before[0].registered == 4 and before[1].present == 1
    # The check finds what is there (the registration and the admin's log).
    assert set(rows_mentioning("eva.mala@example.org")) >= {
        "events_registration",
        "django_admin_log",
    }

    # 25 months later: everybody's data go, except the accredited attendee's name.
    with time_machine.travel(event.end + timedelta(days=31 * 25)):
        assert personal_data_expire() == 1
        assert personal_data_expire() == 0  # safe to run twice
    for _name, email in [*PEOPLE, ("Ota Příchozí", "ota@example.org")]:
        assert rows_mentioning(email) == [], email
    for name in ("Eva Malá", "Karel Žák", "Ota Příchozí", "Městský úřad Tachov", "vegetarián"):
        assert rows_mentioning(name) == [], name
    assert Registration.objects.get(pk=registrations[0].pk).name == "Jiří Šťastný"
    certificate.refresh_from_db()
    assert certificate.name == "Jiří Šťastný" and certificate.pdf

    # 61 months later the accredited name and the PDF go too; verification still answers.
    with time_machine.travel(event.end + timedelta(days=31 * 61)):
        assert personal_data_expire() == 1
    for needle in ("Jiří", "Šťastný", "jiri.stastny"):
        assert rows_mentioning(needle) == [], needle
    assert (part_counts(seminar), part_counts(training)) == before
    event.refresh_from_db()
    assert event.personal_data_removed_at and event.accredited_data_removed_at
    from django.test import Client

    page = Client().get(f"/en/events/certificate/{certificate.code}/")
    assert page.status_code == 200
    assert "This certificate is genuine" in page.content.decode()
    assert "removed on" in page.content.decode()


def test_nothing_happens_before_the_period(finished_school):
    event, *_rest = finished_school
    with time_machine.travel(event.end + timedelta(days=31 * 23)):
        assert personal_data_expire() == 0
    assert rows_mentioning("eva.mala@example.org")
    assert not Event.objects.get(pk=event.pk).personal_data_removed_at


def test_the_job_is_a_registered_periodic_task():
    from procrastinate.contrib.django import app

    assert "events_personal_data_expire" in app.tasks
    assert months_later(timezone.datetime(2024, 1, 31), 1).day == 29


def test_sent_messages_leave_the_job_table_after_a_month(queue, django_capture_on_commit_callbacks):
    """The mail queue's finished jobs (recipients and texts) are deleted after a month."""
    import asyncio
    from types import SimpleNamespace

    from procrastinate.contrib.django import app

    from network_portal.mail import mail_queue
    from network_portal.tasks import mail_jobs_forget
    from tests.events.conftest import run_jobs

    with django_capture_on_commit_callbacks(execute=True):
        mail_queue(to="eva.mala@example.org", subject="Osvědčení", body="Dobrý den, Evo Malá")
        mail_queue(to="novy@example.org", subject="Nová", body="Nová zpráva")
    assert run_jobs(queue) == 2
    old, new = sorted(
        queue.jobs, key=lambda pk: queue.jobs[pk]["args"]["to"] != ["eva.mala@example.org"]
    )
    for event in queue.events[old]:
        event["at"] -= timedelta(days=31)
    asyncio.run(mail_jobs_forget.func(SimpleNamespace(app=app), timestamp=0))
    assert list(queue.jobs) == [new]
