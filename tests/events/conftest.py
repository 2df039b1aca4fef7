import pytest
from django.utils import translation
from procrastinate import utils as procrastinate_utils
from procrastinate.contrib.django import app
from procrastinate.testing import InMemoryConnector

from tests.events.factories import EventMemberFactory
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _czech():
    """reverse() outside a request follows the active language: start every test in Czech."""
    with translation.override("cs"):
        yield


@pytest.fixture(autouse=True)
def queue():
    """The job queue in memory: what the code defers can be inspected and run."""
    connector = InMemoryConnector()
    with app.replace_connector(connector):
        yield connector


def run_jobs(connector, *, task_name=None) -> int:
    """Run the due jobs of the in-memory queue now, in this thread (so inside the test's
    transaction), the way the worker would; return how many ran."""
    ran = 0
    while True:
        now = procrastinate_utils.utcnow()
        due = [
            job
            for job in connector.jobs.values()
            if job["status"] == "todo"
            and (job["scheduled_at"] is None or job["scheduled_at"] <= now)
            and (task_name is None or job["task_name"] == task_name)
        ]
        if not due:
            return ran
        job = due[0]
        job["status"] = "doing"
        app.tasks[job["task_name"]].func(**job["args"])
        job["status"] = "succeeded"
        ran += 1


@pytest.fixture
def member(db):
    return EventMemberFactory(name="Litoměřice", slug="akce-litomerice")


@pytest.fixture
def other_member(db):
    return EventMemberFactory(name="Tachov", slug="akce-tachov")


@pytest.fixture
def coordinator(member):
    user = UserFactory(email="koordinator.akce@example.org")
    member.coordinators.add(user)
    return user


@pytest.fixture
def other_coordinator(other_member):
    user = UserFactory(email="jiny.koordinator.akce@example.org")
    other_member.coordinators.add(user)
    return user


@pytest.fixture
def events_staff(db):
    """Staff who may manage events through permissions (not a superuser, not is_staff)."""
    from django.contrib.auth.models import Permission

    user = UserFactory(email="akce.kancelar@example.org")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="events",
            codename__in=[
                "change_event",
                "change_eventpart",
                "change_registrationpart",
                "change_registration",
                "view_event",
                "view_registrationpart",
            ],
        )
    )
    return user
