"""Playwright driving the machine's Chromium (never a downloaded browser)."""

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (Debian package: chromium).")
    # Playwright's sync API switches the context that Django's connections live in, so the
    # connection seen by later tests lacks the serialized reference data (regions,
    # vocabularies) that serialized_rollback restores: hand it over to the new one.
    from django.db import connections

    serialized = {
        alias: connections[alias].__dict__.get("_test_serialized_contents") for alias in connections
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """A transactional test ends by emptying every table (Django's flush): with DELETE rather
    than TRUNCATE, which makes new files for each of the ~100 tables and their indexes and
    syncs them to disk at the commit (seconds per test; a DELETE of the few rows a test leaves
    takes a fraction). The foreign keys Django makes are checked at the commit, when all the
    tables are empty. Flushes that reset the sequences keep TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"DELETE FROM {self.quote_name(table)};"  # noqa: S608 - table names of our models
            for table in tables
        ]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(scope="session", autouse=True)
def _reference_data_by_copy():
    """The reference data that each transactional test begins with (``serialized_rollback``)
    are deserialized once per process and copied back from a snapshot after that
    (tests/browser/snapshots.py)."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    from tests.browser import snapshots

    BaseDatabaseCreation.deserialize_db_from_string = snapshots.deserialize_or_restore
    yield
    BaseDatabaseCreation.deserialize_db_from_string = snapshots.django_deserialize


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; ``page.foreign_requests`` lists requests to any other host."""
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    tab = context.new_page()
    own_host = urlsplit(live_server.url).netloc
    tab.foreign_requests = []

    def watch(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != own_host:
            tab.foreign_requests.append(request.url)

    tab.on("request", watch)
    yield tab
    context.close()


@pytest.fixture
def demo_content(settings):
    """The demo content of every app (without demo accounts: DEBUG is off in tests), loaded
    once per process and put back from a snapshot after that (tests/browser/snapshots.py)."""
    from tests.browser import snapshots

    snapshots.demo_content()
