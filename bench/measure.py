"""The HTTP benchmark's tools: wrk runs, one client's latencies, logged-in sessions, a summary.

Shared by ``benchmark_http`` (throughput against a bare Django hello), ``benchmark_pages``
(whole-response latency of one client, logged-in pages) and ``benchmark_writes`` (the page
cache's hits under a steady stream of writes); ``StatementTimer`` and ``percentile`` also by
the search benchmarks, ``page_timings`` by the members' and the events' (in one process).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.server import gunicorn

_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_BAD = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def wrk_binary() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise CommandError("wrk is not installed (Debian/Ubuntu: apt-get install wrk).")
    return wrk


def wrk(url: str, *, duration: float, connections: int, headers: tuple[str, ...] = ()) -> float:
    """Requests per second of ``url`` under wrk (one thread, ``Accept-Encoding: gzip``)."""
    header_args = [arg for header in headers for arg in ("--header", header)]
    run = subprocess.run(
        [
            wrk_binary(), "--threads", "1", "--connections", str(connections),
            "--duration", f"{duration}s",
            # Slow (uncached) pages must not count as errors.
            "--timeout", "30s", "--header", "Accept-Encoding: gzip", *header_args, url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    bad = _BAD.search(run.stdout)
    errors = _SOCKET.search(run.stdout)
    if bad or (errors and any(int(count) for count in errors.groups())):
        raise CommandError(f"Errors while loading {url}:\n{run.stdout}")
    return float(_RATE.search(run.stdout).group(1))


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One GET with ``Accept-Encoding: gzip`` on a new connection (gunicorn's sync workers
    close every connection): status, lower-cased headers, body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"Accept-Encoding": "gzip", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def latencies(
    url: str,
    *,
    runs: int,
    warmup: int = 6,
    headers: dict | None = None,
    budget: float = 20,
    before=None,
) -> list:
    """Whole-response times in ms of ``runs`` requests of one client, one after another (fewer,
    but at least five, when they take more than ``budget`` seconds); ``before()``, when given,
    runs before each of them, untimed. The ``warmup`` requests before are not timed (and
    ``before()`` runs before them too): a worker's first requests open its database
    connection and import what the warm-up did not (network_portal.warmup prepares most of a
    worker before its first request, not all), and with two workers the first requests need
    not reach both."""
    for _run in range(warmup):
        if before is not None:
            before()
        fetch(url, headers)
    times = []
    began = time.monotonic()
    for run in range(runs):
        if run >= 5 and time.monotonic() - began > budget:
            break
        if before is not None:
            before()
        started = time.perf_counter()
        status, _headers, _body = fetch(url, headers)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise CommandError(f"{url} answered {status}")
    return times


class StatementTimer:
    """Database time of each statement (sql, ms), measured around the driver's call: use with
    ``connection.execute_wrapper``."""

    def __init__(self):
        self.times: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((sql, (time.perf_counter() - started) * 1000))

    def total(self) -> float:
        return sum(ms for _sql, ms in self.times)


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values) -> str:
    return (
        f"p50 {statistics.median(values):6.1f} ms  p95 {percentile(values, 0.95):6.1f} ms  "
        f"max {max(values):6.1f} ms  ({len(values)} requests)"
    )


@contextlib.contextmanager
def bare_hello(*, workers: int) -> Iterator[str]:
    """A bare Django project's hello view (bench/bare_settings.py) under the same gunicorn
    settings as the portal; yields its URL."""
    from bench.bare_urls import HELLO_PATH

    with gunicorn({"DJANGO_SETTINGS_MODULE": "bench.bare_settings"}, workers=workers) as base:
        yield base + HELLO_PATH


def portal(*, workers: int, page_cache: bool, cache_url: str = "", shared_parts: bool = True):
    """gunicorn serving the portal with the benchmark's settings (DEBUG off); with the page
    cache off, the shared parts of pages stay cached (``pagecache.shared``) as they do for a
    logged-in visitor, unless ``shared_parts`` is false."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.http_settings",
        "PAGE_CACHE_ENABLED": "true" if page_cache else "false",
        "FRAGMENT_CACHE_ENABLED": "true" if page_cache or shared_parts else "false",
        "CACHE_URL": cache_url,
    }
    return gunicorn(env, workers=workers)


def session_cookie(user) -> str:
    """A ``Cookie`` header logging ``user`` in (a session stored as a login stores it)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def page_timings(stdout, pages: list[tuple[str, str]], runs: int) -> None:
    """Each page of ``pages`` ((label, URL)) in this process with Django's test client and
    the real database, once to warm up and ``runs`` times measured: prints the median and
    95th-percentile server time, the queries and the size of the body (streamed exports read
    whole). The page's own work: no page cache (every run after the first would be a hit,
    with no query) and no shared parts (``benchmark_http`` measures those)."""
    stdout.write(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
    client = Client()
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        PAGE_CACHE_ENABLED=False,
        FRAGMENT_CACHE_ENABLED=False,
        # Its requests all come from one address, and it measures the pages, not the
        # per-visitor limits (whose statement still runs): every limit lifted.
        VISITOR_RATE_LIMITS={"*": (1_000_000, timedelta(minutes=1))},
    ):
        for label, url in pages:
            timings = []
            for run in range(runs + 1):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    body = (
                        b"".join(response.streaming_content)
                        if response.streaming
                        else response.content
                    )
                    elapsed = (time.perf_counter() - start) * 1000
                # Every answer, not only the first: a limit's 429 is quick and small.
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                if run:  # the first warms up
                    timings.append(elapsed)
            stdout.write(
                f"{label:32} {statistics.median(timings):10.1f} "
                f"{percentile(timings, 0.95):8.1f} {len(queries):8d} {len(body) / 1024:6.0f}"
            )
