import pytest
from django.utils import translation

from tests.events.factories import EventMemberFactory
from tests.factories import UserFactory
from tests.support import run_jobs  # noqa: F401  (imported from here by the events tests)


@pytest.fixture(autouse=True)
def _czech():
    """reverse() outside a request follows the active language: start every test in Czech."""
    with translation.override("cs"):
        yield


@pytest.fixture(autouse=True)
def queue(queue):
    """Every events test runs with the job queue in memory."""
    return queue


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


@pytest.fixture
def commits(monkeypatch):
    """What waits for the commit runs at once, as it does after a request's commit (a test's
    transaction never commits)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
