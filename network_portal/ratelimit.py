"""Rate limits that hold across workers and servers: the hits are counted in PostgreSQL.

    if rate_limit_exceeded(scope="report", key=ip, limit=5, period=timedelta(hours=1)):
        ...  # refuse, e.g. with a 429 and a translated message

One call records one hit for (scope, key) and says whether more than ``limit`` hits fell in
the last ``period`` (a sliding window, the hit just recorded included). It is one SQL statement:
an ``INSERT … ON CONFLICT DO UPDATE`` on one row per (scope, key) that keeps the times of the
recent hits, so concurrent calls for the same key queue on that row's lock and each sees the
hits before it – no two requests can both take the last free place. The row keeps at most
``limit + 1`` times, whatever the traffic. The same statement deletes (a bounded number of)
rows of other keys whose window has passed, so the table holds only keys active within their
period. Times are the database's, so the servers' clocks do not matter.

Keys such as IP or e-mail addresses are not stored: only an HMAC of scope and key under the
SECRET_KEY (a plain hash of an IPv4 address could be reversed by trying them all).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils.crypto import salted_hmac

from network_portal.clients import rate_limit_key
from network_portal.models import RateLimitBucket

# Rows of other keys whose window has passed, deleted by each call.
EXPIRED_PER_CALL = 100

_TABLE = RateLimitBucket._meta.db_table
_SQL = f"""
WITH expired AS (
    DELETE FROM {_TABLE} WHERE id IN (
        SELECT id FROM {_TABLE}
        WHERE expires_at < statement_timestamp()
          AND NOT (scope = %(scope)s AND key_hash = %(key)s)
        ORDER BY expires_at
        LIMIT {EXPIRED_PER_CALL}
        FOR UPDATE SKIP LOCKED
    )
)
INSERT INTO {_TABLE} AS bucket (scope, key_hash, hits, expires_at)
VALUES (
    %(scope)s, %(key)s, ARRAY[statement_timestamp()], statement_timestamp() + %(period)s
)
ON CONFLICT (scope, key_hash) DO UPDATE SET
    hits = ARRAY(
        SELECT hit FROM (
            SELECT hit FROM unnest(bucket.hits) AS hit
            WHERE hit > statement_timestamp() - %(period)s
            ORDER BY hit DESC
            LIMIT %(limit)s
        ) AS recent
        ORDER BY hit
    ) || statement_timestamp(),
    expires_at = statement_timestamp() + %(period)s
RETURNING cardinality(bucket.hits)
"""  # noqa: S608 - the table name is ours; every value is a parameter


def key_hash(scope: str, key: str) -> str:
    return salted_hmac(
        "network_portal.ratelimit", f"{scope}\n{key}", algorithm="sha256"
    ).hexdigest()


def rate_limit_exceeded(*, scope: str, key: str, limit: int, period: timedelta) -> bool:
    """Record one hit for (scope, key); True when more than ``limit`` hits fell in the last
    ``period``, this one included."""
    if limit < 0 or period <= timedelta(0):
        raise ValueError("limit must be at least 0 and period positive")
    with connection.cursor() as cursor:
        cursor.execute(
            _SQL,
            {"scope": scope, "key": key_hash(scope, key), "period": period, "limit": limit},
        )
        (hits,) = cursor.fetchone()
    return hits > limit


def rate_limit_reached(*, scope: str, key: str, limit: int, period: timedelta) -> bool:
    """Whether (scope, key) already has ``limit`` hits in the last ``period``, recording
    nothing: for limits that count only what succeeds (check first, record the success with
    :func:`rate_limit_exceeded`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {_TABLE}, unnest(hits) AS hit "  # noqa: S608 - our table
            "WHERE scope = %(scope)s AND key_hash = %(key)s "
            "AND hit > statement_timestamp() - %(period)s",
            {"scope": scope, "key": key_hash(scope, key), "period": period},
        )
        (hits,) = cursor.fetchone()
    return hits >= limit


# What one visitor (network_portal.clients.rate_limit_key: the address, an IPv6 /64) may
# repeat, across all servers: GETs whose misses are costly and whose addresses anybody can
# vary without end. VISITOR_RATE_LIMITS in the settings overrides any of them ("*": every one,
# as bench/http_settings.py does for the load test's single address).
VISITOR_LIMITS = {
    # A site search that misses the page cache asks all seven sections and stores nine cache
    # entries (the page, its outer part, one part per section).
    "site-search": (30, timedelta(minutes=1)),
    # A list searched with words, across sections, counted only when its shared body missed:
    # a count and a ranking over every match (a word in most of 50,000 examples: 0.15 s).
    # A person paging and re-sorting a search reaches the view each time, hence more. A
    # list's feed with words (RSS, Atom, iCalendar) that missed the page cache counts too.
    "list-search": (60, timedelta(minutes=1)),
    # A list's CSV or JSON download, across sections: it streams the whole list and is never
    # cached. A script fetching every section's CSV and JSON needs ten.
    "open-data": (20, timedelta(minutes=1)),
}


def visitor_limit(scope: str) -> tuple[int, timedelta]:
    """(hits, period) a visitor may make in ``scope`` (:data:`VISITOR_LIMITS`, unless the
    setting ``VISITOR_RATE_LIMITS`` names the scope or ``"*"``)."""
    overrides = getattr(settings, "VISITOR_RATE_LIMITS", {})
    return overrides.get(scope) or overrides.get("*") or VISITOR_LIMITS[scope]


def visitor_over_limit(request, scope: str) -> timedelta | None:
    """Record the visitor's hit in ``scope``; over the limit, the period to wait (for the
    429's ``Retry-After``, see :func:`retry_after`), else ``None``."""
    limit, period = visitor_limit(scope)
    key = rate_limit_key(request)
    if rate_limit_exceeded(scope=scope, key=key, limit=limit, period=period):
        return period
    return None


def retry_after(response, period: timedelta):
    """``response`` (a 429) telling the client when to try again."""
    response["Retry-After"] = str(int(period.total_seconds()))
    return response


def limited_per_visitor(scope: str, message, *, counted: Callable) -> Callable:
    """Decorate a view that machines read (a download, a feed): the requests ``counted``
    accepts count against the visitor's limit in ``scope``; over it, ``message`` (lazily
    translated: in the address's language) as a plain-text 429 with ``Retry-After``."""

    def decorator(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            wait = visitor_over_limit(request, scope) if counted(request) else None
            if wait:
                response = HttpResponse(
                    str(message), status=429, content_type="text/plain; charset=utf-8"
                )
                return retry_after(response, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorator
