import pytest
from django.test import Client

from tests.network_portal import url_roles


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The records of url_roles: members A and B with their coordinators, staff, and per
    section a public and a non-public record.

    Built once per test module, inside a transaction that is rolled back when the module
    ends; each test runs in a savepoint of it, so no test sees another's changes. Its
    uploaded files live in a folder of the module's own (``_media_root`` below)."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test.utils import override_settings

    from network_portal.access import NETWORK_STAFF_GROUP
    from tests.factories import UserFactory

    media_root = tmp_path_factory.mktemp("world-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            staff = UserFactory(is_staff=True)
            staff.groups.add(Group.objects.get(name=NETWORK_STAFF_GROUP))
            built = url_roles.build_world(staff)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    built.media_root = media_root
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def clients(world, db) -> dict[str, Client]:
    """A logged-in test client per role of url_roles (and one for anonymous visitors), logged
    in for each test: a session a test cycles (a login, a password change) is rolled back with
    the test, and a client kept for the module would be left with a cookie of no session."""
    clients = {"anonymous": Client()}
    for role in url_roles.ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(getattr(world, role))
    return clients


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, or to the world's."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media_root
    else:
        settings.MEDIA_ROOT = tmp_path / "media"
