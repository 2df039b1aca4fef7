import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_DIR = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(config, items):
    """Browser tests share a live server, so they need real commits (transactional tests that
    restore the reference data afterwards); they run last, after the fast tests."""
    browser, other = [], []
    for item in items:
        if BROWSER_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            browser.append(item)
        else:
            other.append(item)
    items[:] = other + browser


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def queue():
    """The job queue in memory: what the code defers (e-mail among it) can be inspected and run
    with ``tests.support.run_jobs(queue)``."""
    from procrastinate.contrib.django import app
    from procrastinate.testing import InMemoryConnector

    connector = InMemoryConnector()
    with app.replace_connector(connector):
        yield connector


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def staff_user(db):
    """Network staff as in production: rights from the "Network staff" group, no superuser."""
    from django.contrib.auth.models import Group

    from network_portal.access import NETWORK_STAFF_GROUP
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=NETWORK_STAFF_GROUP))
    return user
