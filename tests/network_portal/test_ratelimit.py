"""Rate limits counted in the database: a sliding window, concurrency-safe, keys hashed."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections

from network_portal.models import RateLimitBucket
from network_portal.ratelimit import VISITOR_LIMITS, rate_limit_exceeded, visitor_limit
from tests.support import run_jobs

HOUR = timedelta(hours=1)


def _hit(key="203.0.113.7", scope="test", limit=3, period=HOUR):
    return rate_limit_exceeded(scope=scope, key=key, limit=limit, period=period)


def _age_hits(by: timedelta):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE network_portal_ratelimitbucket "
            "SET hits = ARRAY(SELECT h - %s FROM unnest(hits) AS h), expires_at = expires_at - %s",
            [by, by],
        )


@pytest.mark.django_db
def test_more_than_the_limit_within_the_period_is_exceeded():
    """The limit's hits pass, the next is refused; other keys and scopes count apart."""
    assert [_hit() for _ in range(4)] == [False, False, False, True]
    assert _hit(key="198.51.100.1") is False
    assert _hit(scope="other") is False


@pytest.mark.django_db
def test_the_window_slides():
    """Hits older than the period no longer count; refused hits keep a hammering client out."""
    for _ in range(3):
        _hit()
    _age_hits(timedelta(minutes=40))
    assert _hit() is True  # 4 hits within the hour
    _age_hits(timedelta(minutes=30))  # the first three are now 70 minutes old
    assert _hit() is False  # 2 within the hour: the refused one and this one
    assert len(RateLimitBucket.objects.get().hits) <= 4


@pytest.mark.django_db
def test_keys_are_stored_only_as_hmac_and_expired_rows_go():
    """No IP address is stored; rows whose window has passed are removed by later calls."""
    _hit(key="203.0.113.7")
    bucket = RateLimitBucket.objects.get()
    assert "203.0.113.7" not in bucket.key_hash and len(bucket.key_hash) == 64
    _age_hits(timedelta(hours=2))
    _hit(key="198.51.100.1")
    assert RateLimitBucket.objects.count() == 1
    assert RateLimitBucket.objects.get().key_hash != bucket.key_hash


# Real commits from several connections; the reference data is restored afterwards, as for the
# browser tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_hits_never_pass_more_than_the_limit():
    """Twenty simultaneous hits from as many connections: exactly the limit passes."""

    def hit(_number):
        try:
            return _hit(key="192.0.2.1", limit=5)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(hit, range(20)))
    assert results.count(False) == 5


@pytest.mark.django_db
def test_accessibility_reports_are_limited_with_a_message_not_an_error(
    client, mailoutbox, django_capture_on_commit_callbacks, queue
):
    """After five reports in an hour the form answers 429 with a translated message."""
    data = {"description": "Obrázek nemá popis.", "page_url": "/cs/"}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert client.post("/cs/prohlaseni-o-pristupnosti/", data).status_code == 302
        response = client.post("/cs/prohlaseni-o-pristupnosti/", data)
    run_jobs(queue)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Během krátké doby jste poslali několik hlášení" in html
    assert "Obrázek nemá popis." in html  # what was typed is kept
    assert len(mailoutbox) == 5
    # Another visitor is not affected.
    assert client.post("/en/accessibility/", data, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_the_setting_overrides_a_visitor_limit_by_scope_or_all(settings):
    """VISITOR_RATE_LIMITS replaces a scope's limit, and "*" every scope it does not name
    (the benchmarks lift all limits so); without it the table's limits apply."""
    settings.VISITOR_RATE_LIMITS = {}
    assert visitor_limit("open-data") == VISITOR_LIMITS["open-data"]
    settings.VISITOR_RATE_LIMITS = {
        "*": (1_000, timedelta(minutes=1)),
        "site-search": (5, timedelta(minutes=2)),
    }
    assert visitor_limit("site-search") == (5, timedelta(minutes=2))
    assert visitor_limit("open-data") == (1_000, timedelta(minutes=1))
    assert visitor_limit("list-search") == (1_000, timedelta(minutes=1))
