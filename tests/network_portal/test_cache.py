"""The shared cache's table (network_portal.cache): Django's semantics of set, add, touch and
set_many in one statement per write, and a full table culled by expiry."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from network_portal import cache as portal_cache


@pytest.fixture
def cache(db):
    cache = caches["default"]
    assert isinstance(cache, portal_cache.DatabaseCache)
    cache.clear()
    return cache


def writes(context) -> list[str]:
    """The statements, without the savepoints around each (the test runs in a transaction)."""
    return [query["sql"] for query in context.captured_queries if "SAVEPOINT" not in query["sql"]]


def test_set_is_one_statement_and_replaces_the_entry(cache, monkeypatch):
    monkeypatch.setattr(portal_cache, "CULL_CHECK_EVERY", 10**9)
    monkeypatch.setattr(portal_cache.DatabaseCache, "_writes", iter(range(1, 10**6)))
    with CaptureQueriesContext(connection) as context:
        cache.set("page", {"body": "první"}, timeout=60)
        cache.set("page", {"body": "druhá"}, timeout=60)
    assert len(writes(context)) == 2
    assert all(sql.startswith("INSERT") for sql in writes(context))
    assert cache.get("page") == {"body": "druhá"}


def test_set_many_is_one_statement(cache, monkeypatch):
    monkeypatch.setattr(portal_cache.DatabaseCache, "_writes", iter(range(1, 10**6)))
    with CaptureQueriesContext(connection) as context:
        assert cache.set_many({"a": 1, "b": [2], "c": "tři"}, timeout=None) == []
    assert len(writes(context)) == 1
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2], "c": "tři"}


def test_add_keeps_a_live_entry_and_replaces_an_expired_one(cache):
    assert cache.add("generation", "first", timeout=None) is True
    assert cache.add("generation", "second", timeout=None) is False
    assert cache.get("generation") == "first"
    cache.set("old", "stale", timeout=60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portal_cache SET expires = now() - interval '1 minute' WHERE cache_key = %s",
            [cache.make_key("old")],
        )
    assert cache.add("old", "fresh", timeout=60) is True
    assert cache.get("old") == "fresh"


def test_touch(cache):
    assert cache.touch("missing", timeout=60) is False
    cache.set("kept", 1, timeout=1)
    assert cache.touch("kept", timeout=None) is True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires > now() + interval '100 years' FROM portal_cache WHERE cache_key = %s",
            [cache.make_key("kept")],
        )
        assert cursor.fetchone() == (True,)


def test_a_failed_write_inside_a_transaction_leaves_the_transaction_usable(cache, monkeypatch):
    """A cache write may fail (as Django's may); inside the caller's transaction it runs in a
    savepoint, so the caller's later statements still work."""
    monkeypatch.setattr(cache, "_table", "no_such_table")
    monkeypatch.setattr(portal_cache, "CULL_CHECK_EVERY", 1)
    with transaction.atomic():
        cache.set("page", "body")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)


def test_a_full_table_is_culled_by_expiry_never_the_entries_without_one(cache, monkeypatch):
    monkeypatch.setattr(cache, "_max_entries", 10)
    monkeypatch.setattr(portal_cache, "CULL_CHECK_EVERY", 5)
    cache.set("generation", "kept", timeout=None)
    for number in range(60):
        cache.set(f"page-{number}", number, timeout=600 + number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache")
        (entries,) = cursor.fetchone()
    # Counted every fifth write: never more than that many over the limit.
    assert entries <= 10 + 5
    assert cache.get("generation") == "kept"
    # The entries expiring soonest went first.
    assert cache.get("page-59") == 59
    assert cache.get("page-0") is None


def test_a_failed_set_many_names_its_keys_and_a_failed_invalidation_is_loud(cache, monkeypatch):
    """The generations are replaced with set_many: if that fails, pagecache.bump must not
    carry on as if the pages were invalidated (network_portal.pagecache._bump_robustly logs
    it)."""
    from network_portal import pagecache

    monkeypatch.setattr(cache, "_table", "no_such_table")
    monkeypatch.setattr(portal_cache, "CULL_CHECK_EVERY", 1)  # the count fails too
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    with pytest.raises(RuntimeError, match="not replaced"):
        pagecache.bump(["goodpractice_practice"])


@pytest.mark.django_db(transaction=True)
def test_two_servers_replacing_the_same_generations_at_once_never_deadlock():
    """Two processes invalidating overlapping tables write the same keys in one statement
    each: the rows are locked in the order of their keys, so neither waits for the other in a
    circle (a deadlock would abort one, and its pages would stay)."""
    import threading

    from django.db import connections

    cache = caches["default"]
    keys = [f"generation-{number}" for number in range(500)]
    failures, barrier = [], threading.Barrier(2)

    def write(order):
        try:
            barrier.wait()
            for _round in range(30):
                failed = cache.set_many(dict.fromkeys(order, _round), timeout=None)
                failures.extend(failed)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(keys,)),
        threading.Thread(target=write, args=(list(reversed(keys)),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(cache.get_many(keys)) == 500
