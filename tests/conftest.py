import os
from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_DIR = Path(__file__).parent / "browser"
PRODUCTION_DIR = Path(__file__).parent / "production"
# Servers in processes of their own (gunicorn, containers): marked "production".
PRODUCTION_FILES = {"test_two_servers.py", "test_pagecache_redis.py"}
# Every URL, role, form or page of the portal at once: marked "sweep".
SWEEP_FILES = {"test_fuzz.py", "test_url_roles.py", "test_html_validity.py"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests share a live server, so they need real commits (transactional tests that
    restore the reference data afterwards); they run last, after the fast tests. The markers
    ``production`` and ``sweep`` let ``make quick`` leave the slow kinds out.

    ``make test`` hands the tests to its processes one by one (pytest-xdist ``--dist
    loadgroup``), whichever process is free taking the next. A production module stays in one
    process (``xdist_group``): it builds the image or starts its servers once per module. The
    sweeps come first, so that no process is left with a long one at the end. (A cheap
    module-scoped fixture such as ``world`` is built at most once per process and module.)"""
    browser, sweeps, other = [], [], []
    for item in items:
        path = Path(item.fspath)
        if PRODUCTION_DIR in path.parents or path.name in PRODUCTION_FILES:
            item.add_marker(pytest.mark.production)
            item.add_marker(pytest.mark.xdist_group(path.stem))
        if BROWSER_DIR in path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            browser.append(item)
        elif path.name in SWEEP_FILES:
            item.add_marker(pytest.mark.sweep)
            sweeps.append(item)
        else:
            other.append(item)
    items[:] = sweeps + other + browser


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by flushing every table; the next transactional test with
    ``serialized_rollback`` puts the reference data back itself, but any other test would find
    the database empty. Under pytest-xdist the transactional tests are not all at the end of
    a process's run, so the data are put back here when a non-transactional test follows."""
    result = yield
    if _transactional(item):
        _empty_job_queue(item)
    if nextitem is not None and _transactional(item) and not _transactional(nextitem):
        from django.db import connection

        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            with item.config.stash[blocking_manager_key].unblock():
                if not _reference_data_present():
                    connection.creation.deserialize_db_from_string(contents)
    return result


def _empty_job_queue(item):
    """The flush after a transactional test empties Django's tables only: the job queue's are
    procrastinate's own, and a job left there would be counted by a later test."""
    from django.db import connection

    with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs CASCADE")


def _reference_data_present() -> bool:
    """Whether the rows the migrations write (the staff group, regions, vocabularies ...) are
    in the test database: a transactional test's teardown flushes every table."""
    from django.contrib.auth.models import Group

    from network_portal.access import NETWORK_STAFF_GROUP

    return Group.objects.filter(name=NETWORK_STAFF_GROUP).exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """``--reuse-db`` keeps the test database for the next run, but a transactional test
    leaves it flushed: the session puts the reference data back at its end (from the contents
    serialized when it began), and a database found without them (a run interrupted inside a
    transactional test) is built again. The flush after a transactional test keeps what the
    migrations wrote while it is unchanged (``tests/flush.py``)."""
    from django.db import connection

    from tests import flush

    flush.install()
    if django_db_keepdb and not django_db_createdb:
        with django_db_blocker.unblock():
            if not _reference_data_present():
                connection.close()
                connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=True)
    yield
    if django_db_keepdb:  # kept for the next run (`make test` reuses them for the browser)
        with django_db_blocker.unblock():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not _reference_data_present():
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: the locale middleware leaves the language of
    the last page a test client opened active in the thread, for whichever test comes next."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _page_cache_off():
    """Off from the start, so that data built once per module or session (outside any test)
    is not tracked either; ``_page_cache`` turns both on for a test that opts in."""
    from django.test.utils import override_settings

    from network_portal import pagecache

    pagecache.TRACK_WRITES = False
    with override_settings(PAGE_CACHE_ENABLED=False):
        yield


@pytest.fixture(autouse=True)
def _page_cache(request, settings, monkeypatch):
    """The page cache and its write tracking are off, unless a test opts in with
    ``@pytest.mark.pagecache``: every write of every factory would otherwise bump the
    generation (a handful of statements on the cache table each), and a page stored by one
    request could not be stale in a test that does not track writes.

    Opted in, the page cache is on as in production, with a key space of each test's own.
    A non-transactional test never commits, so the after-commit invalidation would never run:
    there the generation changes at the write itself (inside the test's transaction, like the
    database cache). While a test counts queries (``django_assert_num_queries``,
    ``CaptureQueriesContext``) pages render uncached and an invalidation waits for the end of
    the count, so the pins measure the page's own work; the tests of the cache itself
    (tests/network_portal/test_pagecache.py, fixture ``page_cache``) count with it.
    """
    from network_portal import pagecache

    if request.node.get_closest_marker("pagecache") is None:
        return
    monkeypatch.setattr(pagecache, "TRACK_WRITES", True)
    settings.PAGE_CACHE_ENABLED = True
    from django.test.utils import CaptureQueriesContext, override_settings

    settings.PAGE_CACHE_NAMESPACE = request.node.nodeid
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        monkeypatch.setattr(pagecache, "BUMP_AFTER_COMMIT", False)
    if "page_cache" in request.fixturenames:
        return
    enter, leave, bump = (
        CaptureQueriesContext.__enter__,
        CaptureQueriesContext.__exit__,
        pagecache.bump,
    )

    def counting_enter(self):
        self._uncached = override_settings(PAGE_CACHE_ENABLED=False)
        self._uncached.enable()
        self._bumps = []
        pagecache.bump = lambda tables=None: self._bumps.append(True)
        return enter(self)

    def counting_exit(self, *exc_info):
        result = leave(self, *exc_info)
        pagecache.bump = bump
        self._uncached.disable()
        if self._bumps:
            bump()
        return result

    monkeypatch.setattr(CaptureQueriesContext, "__enter__", counting_enter)
    monkeypatch.setattr(CaptureQueriesContext, "__exit__", counting_exit)


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
