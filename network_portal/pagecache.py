"""Whole pages for anonymous visitors from the shared cache, and never a stale one.

**Which pages.** A GET (or HEAD, answered from a GET's entry) of a page under a language prefix
(``/cs/…``, ``/en/…``) from a visitor with no session cookie (nobody logged in, no anonymous
session) and no messages cookie. The response is kept only when it is a 200 HTML page that sets
no cookie and used no CSRF token (a page with a form carries a token tied to the visitor's own
cookie: it must never go to anyone else, so form pages are simply not cached), is not marked
private or no-cache, and varies on nothing but the cookie, the language and the encoding. The
key is the scheme, host, path and query string (the language is in the path) and the version of
the code, so a deploy never serves a page rendered by the previous templates. The key space is
bounded by what the portal serves, not by what visitors send: only a host name ALLOWED_HOSTS
names exactly, with no port or the server's own, and only a query string whose every
parameter the page read (``ReadRecordingQueryDict``) make an entry (``network_portal.pagekeys``).

**A hit does no more than it must.** The middleware comes right after the host check, before
the security headers, CSP, compression, sessions and locale: an entry keeps the response as
those layers finished it (its headers, the body compressed once), and a hit is that response
again. With the listener (``network_portal.pagelisten``) up, a hit of a page this process has
in memory reads nothing from the database at all.

**Never stale: generations per table.** While a page renders, every table its SQL names is
noted (``watch_reads``); the entry records the *generation* of each of those tables, and of the
whole cache, as they were *before* the page rendered. A write to a table of the portal's
content replaces that table's generation with a new random token *after the transaction
commits*, which makes unusable, at once and on every server, exactly the pages that read the
table – a registration leaves the good-practice pages alone, and a member's profile, which
shows the member's events, goes stale with the events (with the events its member hosts only,
where the code names the rows' scopes: ``network_portal.pagescopes``; a member's
description alone, only the pages whose SQL names it: ``network_portal.pagecolumns``). The
writes are seen at the SQL level, by a wrapper on every database connection (``watch_writes``):
``INSERT``/``UPDATE``/``DELETE``/``TRUNCATE`` of any model's table counts, whatever made it –
``save()``, ``QuerySet.update()``, ``bulk_create()``, many-to-many changes, the admin, a management
command, a background job – and a model added later by any app is covered without registering
anything. Only tables that never reach a page are left out (sessions, login attempts,
rate-limit counters, the job queue, the admin log, allauth's e-mail addresses, a user's
``last_login``). The order of events makes it safe: a request takes the generations *before*
it renders; a write bumps its tables only *after* its commit; so a page rendered from data
older than a write is always tagged with a generation older than that write's bump. What a
page shows must come from SQL it runs, or from ``shared()`` (whose tables are added to the
page's): a value kept in a process's memory across requests would not be noted. ``bump()``
with no tables (migrations, a deploy's data fixes) makes every page unusable. The bump is not a
row written inside each write's own transaction: every writer would queue on that row until
its commit, and could deadlock with the rows it locks itself. The bump runs before the writing
request answers, so whoever acts on the write's result is served the new pages; the price is
the instant between commit and bump (and, for the processes listening, the instant the notice
takes), in which another visitor may still get the old page, and a bump lost if the process
dies in that instant (bounded by the timeout below).

**The clock** (pages that change with no write: ``network_portal.pagekeys``).

**Parts of pages.** ``shared()`` and ``Part`` keep any value (a drawn part of a page, too) under
the same rules, for the pages that cannot be cached whole (those of logged-in visitors).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import re
import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_vary_headers

from network_portal import pagecolumns, pagelisten, pagescopes
from network_portal.pagekeys import (
    PAGE_KEY_PREFIX,
    ReadRecordingQueryDict,
    canonical_host,
    code_version,
    page_key,
    scheduled_deadline,
)
from network_portal.recent import Recent

__all__ = ["PAGE_KEY_PREFIX", "PageCacheMiddleware", "bump", "code_version", "shared"]

logger = logging.getLogger(__name__)

# Stored without a timeout, which keeps them out of a full cache's culling
# (network_portal/cache.py): the whole cache's generation, and one per table ("…:<table>").
GENERATION_KEY = "pagecache:~generation"
FRAGMENT_KEY_PREFIX = "pagecache:part:"

# Tables that never reach a page: writes to them do not change a generation.
UNTRACKED_APPS = {"sessions", "axes", "procrastinate", "admin", "account", "socialaccount"}
UNTRACKED_APPS |= {"newsletter"}  # and neither do subscriptions nor membership applications
UNTRACKED_MODELS = {
    "network_portal.ratelimitbucket",
    "members.membershipapplication",
    "members.historicalmembershipapplication",
}

# After commit in production; the test suite's non-transactional tests, whose transaction
# never commits, switch this off (tests/conftest.py).
BUMP_AFTER_COMMIT = True
# On in production. The test suite switches the tracking off (with the page cache itself)
# except in the tests that opt in (``@pytest.mark.pagecache``, tests/conftest.py).
TRACK_WRITES = True

_WRITE = re.compile(
    r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?\"?(\w+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_READ_ONLY = ("SELECT", "SAVEPO", "RELEAS", "ROLLBA", "SET ", "SHOW ", "BEGIN", "COMMIT")
# A login stamps last_login (Django's update_last_login): no page shows it.
_LAST_LOGIN_ONLY = re.compile(r'^UPDATE "\w+" SET "last_login" = %s WHERE ')
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_VARIES_ON = {"cookie", "accept-language", "accept-encoding"}
# Set per response when it is sent, never kept in an entry.
_NOT_STORED = {"content-length", "content-encoding", "x-page-cache", "date", "connection"}


def _cache():
    return caches["default"]


# --- the generations -----------------------------------------------------------------------
def table_key(table: str) -> str:
    return f"{GENERATION_KEY}:{table}"


def bump(tables=None) -> None:
    """Make the cached pages that read any of ``tables`` unusable, on every server sharing the
    cache; every cached page when ``tables`` is ``None``. A table with scopes is bumped whole;
    a bucket of its scopes (``network_portal.pagescopes``) only for the pages of that bucket
    and those that read the table outside scopes."""
    if tables is None:
        keys = [GENERATION_KEY]
    else:
        keys = sorted({table_key(name) for table in tables for name in pagescopes.bumped(table)})
    failed = _cache().set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)
    if failed:  # the pages that read those tables would stay: never silently
        raise RuntimeError(f"The page cache's generations were not replaced: {failed}")
    pagelisten.notify(keys)


@functools.cache
def tracked_tables() -> frozenset[str]:
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNTRACKED_APPS
        and model._meta.label_lower not in UNTRACKED_MODELS
    )


@functools.cache
def generation_keys() -> tuple[str, ...]:
    names = set(tracked_tables()) | set(pagecolumns.names())
    for table in pagescopes.registered() & names:
        names.update(pagescopes.names(table))
    return (GENERATION_KEY, *sorted(table_key(name) for name in names))


def _written_tables(sql: str) -> set[str]:
    if sql.lstrip()[:6].upper().startswith(_READ_ONLY) or _LAST_LOGIN_ONLY.match(sql):
        return set()
    return set(_WRITE.findall(sql)) & tracked_tables()


@functools.lru_cache(maxsize=4096)
def _read_tables(sql: str) -> frozenset[str]:
    """Every tracked table the statement names (more than it reads is only ever safer), and
    the side columns of those it may read (``network_portal.pagecolumns``)."""
    tables = frozenset(_WORD.findall(sql)) & tracked_tables()
    return tables | pagecolumns.read_names(sql, tables)


def watch_writes(execute, sql, params, many, context):
    """A connection's execute wrapper: a statement that changed the portal's content bumps the
    generations of the tables it wrote once its transaction has committed (at once in
    autocommit)."""
    result = execute(sql, params, many, context)
    written = TRACK_WRITES and isinstance(sql, str) and _written_tables(sql)
    # A side-column write first (a table's side generation for the table), then a scoped one
    # (a side generation, too, may have scopes: members.cachescopes).
    if written and (names := pagescopes.divert(pagecolumns.divert(sql, written))):
        schedule(context["connection"], names)
    return result


def schedule(connection, names):
    """Bump ``names`` (tables or buckets of scopes) once ``connection``'s transaction has
    committed (at once in autocommit)."""
    if not BUMP_AFTER_COMMIT or not connection.in_atomic_block:
        _bump_robustly(names)
    else:
        pending = getattr(connection, "pagecache_pending", None)
        if pending is None or not any(
            entry[1] is pending.flush for entry in connection.run_on_commit
        ):
            pending = connection.pagecache_pending = _PendingBump()
            connection.on_commit(pending.flush)
        pending.tables |= set(names)


class _PendingBump:
    """The tables one transaction wrote, bumped together after its commit."""

    def __init__(self):
        self.tables: set[str] = set()

    def flush(self):
        _bump_robustly(self.tables)


# The tables read by the pages (and shared parts) being rendered: one set per level.
_recording: ContextVar[tuple[set, ...]] = ContextVar("pagecache_recording", default=())


def watch_reads(execute, sql, params, many, context):
    """A connection's execute wrapper: notes the tables a page being cached reads."""
    recording = _recording.get()
    if recording and isinstance(sql, str):
        tables = pagescopes.read_names(_read_tables(sql))
        for read in recording:
            read |= tables
    return execute(sql, params, many, context)


_migrating = False


def _bump_robustly(tables=None):
    if _migrating:
        return  # the cache table may not exist yet; post_migrate bumps once at the end
    # The write is committed: a cache that cannot be reached must not turn it into an error.
    try:
        bump(tables)
    except Exception:
        logger.exception("The page cache could not be invalidated")


def migration_started(**kwargs):
    global _migrating
    _migrating = True


def migration_finished(**kwargs):
    """Data migrations change content: every page is invalidated once they are done."""
    global _migrating
    _migrating = False
    _bump_robustly()


def install(connection, **kwargs):
    """``connection_created`` receiver: watch the writes (and reads) of every connection."""
    for wrapper in (watch_writes, watch_reads):
        if wrapper not in connection.execute_wrappers:
            connection.execute_wrappers.append(wrapper)


def _load(keys) -> dict[str, str]:
    """The current value of generation ``keys`` from the shared cache (created when missing:
    a new cache, or one that lost them)."""
    cache = _cache()
    found = cache.get_many(keys)
    for key in set(keys) - set(found):
        cache.add(key, secrets.token_hex(8), timeout=None)
        found[key] = cache.get(key)
    return found


def _snapshot(extra_key=None) -> tuple[dict, object]:
    """``(every generation, the value of extra_key)``: from the listener's copy when it is up,
    else in one round trip to the cache (with ``extra_key`` read alongside)."""
    listened = pagelisten.generations()
    if listened is not None:
        return listened, None
    keys = generation_keys()
    found = _cache().get_many([*keys, extra_key] if extra_key else keys)
    extra = found.pop(extra_key, None) if extra_key else None
    if len(found) < len(keys):
        found.update(_load([key for key in keys if key not in found]))
    return found, extra


def start_listening():
    pagelisten.ensure_started(lambda: _load(generation_keys()), _load)


# --- entries -------------------------------------------------------------------------------
def _cacheable_request(request) -> bool:
    try:
        return (
            getattr(settings, "PAGE_CACHE_ENABLED", True)
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and translation.get_language_from_path(request.path_info) is not None
            and canonical_host(request)
        )
    except DisallowedHost:
        return False  # answered by AllowedHostMiddleware


def _storable(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "").lower()
    varies = {value.lower() for value in cc_delim_re.split(response.get("Vary", "")) if value}
    return (
        request.method == "GET"  # a HEAD is answered from a GET's entry, never stored itself
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and varies <= _VARIES_ON
        and not (user is not None and user.is_authenticated)
        and (not isinstance(request.GET, ReadRecordingQueryDict) or request.GET.read_whole())
    )


def _response(request, entry) -> HttpResponse:
    response = HttpResponse(status=200)
    for name, value in entry["headers"]:
        response.headers[name] = value
    if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response.content = entry["gzipped"]
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.content = gzip.decompress(entry["gzipped"])
    response.headers["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    response.headers["X-Page-Cache"] = "hit"
    return response


# The entries this process read or wrote last, so that a hit of a large page reads at most
# the generations from the shared cache (nothing while listening). Always checked against the
# current generations, so never staler than the shared cache.
LOCAL_ENTRIES = 500
_local = Recent(LOCAL_ENTRIES)


def _remember(key, entry):
    _local.keep(key, entry)


def _valid(entry, generations) -> bool:
    return (
        entry is not None
        and "generations" in entry
        and timezone.now().timestamp() < entry["until"]
        and all(generations.get(key) == value for key, value in entry["generations"].items())
    )


def _lookup(key):
    """``(entry or None, every generation)`` for ``key``: no round trip to the cache when the
    listener is up and this process holds the entry, one otherwise."""
    local = _local.get(key)
    generations, found = _snapshot(None if local else key)
    if _valid(local, generations):
        return local, generations
    if local is not None or (found is None and pagelisten.generations() is not None):
        found = _cache().get(key)
    if _valid(found, generations):
        _remember(key, found)
        return found, generations
    return None, generations


def _state_of(generations, tables) -> tuple:
    keys = [GENERATION_KEY, *(table_key(table) for table in sorted(tables))]
    return tuple(generations.get(key) for key in keys)


def _store(key, generations, now, read, **entry):
    """Keep ``entry`` for ``key``, tagged with the generations (taken before it was rendered)
    of the tables it read, until the next scheduled change of those or the timeout."""
    # What the deadline reads is no part of the page (it is kept per generation of the tables).
    token = _recording.set(())
    try:
        tables = {pagescopes.base(name) for name in read}
        deadline = scheduled_deadline(tables, functools.partial(_state_of, generations), now)
    finally:
        _recording.reset(token)
    until = min(now.timestamp() + getattr(settings, "PAGE_CACHE_TIMEOUT", 600), deadline)
    timeout = int(until - now.timestamp())
    if timeout < 1:
        return
    keys = [GENERATION_KEY, *(table_key(table) for table in sorted(read))]
    tags = {key: generations.get(key) for key in keys}
    entry = {"generations": tags, "tables": frozenset(read), "until": until, **entry}
    _remember(key, entry)
    try:
        _cache().set(key, entry, timeout=timeout)
    except Exception:
        logger.exception("The page cache cannot be written")


@contextmanager
def _recording_into(read: set[str]):
    """Note in ``read`` the tables read inside; they count for the enclosing levels too."""
    token = _recording.set((*_recording.get(), read))
    try:
        yield
    finally:
        _recording.reset(token)


def sharing_enabled() -> bool:
    """Whether parts of pages are shared (:func:`shared`): with the page cache, unless
    FRAGMENT_CACHE_ENABLED says."""
    enabled = getattr(settings, "FRAGMENT_CACHE_ENABLED", None)
    return getattr(settings, "PAGE_CACHE_ENABLED", True) if enabled is None else enabled


def shared(name: str, compute, *vary):
    """``compute()``, shared by every process until a write to a table it read or a scheduled
    change. It must depend on nothing but ``name``, ``vary``, the language and the database,
    and be picklable. On with the page cache, unless FRAGMENT_CACHE_ENABLED says."""
    part = Part(name, *vary)
    if part.found:
        return part.value
    with part.recording():
        value = compute()
    part.keep(value)
    return value


class Part:
    """A shared value worked out in steps (see :func:`shared`, which is one step): looked up
    when made, so the generations it is kept under predate everything it reads; what runs
    inside :meth:`recording` counts as read by it; :meth:`keep` stores the value."""

    def __init__(self, name: str, *vary):
        self.enabled = sharing_enabled()
        self.read: set[str] = set()
        self.found = False
        if not self.enabled:
            return
        namespace = getattr(settings, "PAGE_CACHE_NAMESPACE", "")
        parts = [namespace, code_version(), name, translation.get_language() or "", *vary]
        digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
        self.key, self.now = FRAGMENT_KEY_PREFIX + digest, timezone.now()
        try:
            entry, self.generations = _lookup(self.key)
        except Exception:
            logger.exception("The page cache cannot be read")
            self.enabled = False
            return
        if entry is not None:  # what it read counts for the enclosing levels
            for read in _recording.get():
                read |= entry["tables"]
            self.found, self.value = True, entry["value"]

    def recording(self):
        return _recording_into(self.read)

    def keep(self, value) -> None:
        if self.enabled and not self.found:
            _store(self.key, self.generations, self.now, self.read, value=value)


class PageCacheMiddleware:
    """Second in MIDDLEWARE (after the host check): a hit is answered before any other layer
    runs, with the headers they gave the stored response."""

    def __init__(self, get_response):
        self.get_response = get_response
        start_listening()

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        start_listening()
        key = page_key(request)
        now = timezone.now()
        try:
            entry, generations = _lookup(key)
        except Exception:
            logger.exception("The page cache cannot be read")
            return self.get_response(request)
        if entry is not None:
            return _response(request, entry)
        request.GET = ReadRecordingQueryDict(
            request.META.get("QUERY_STRING", ""), encoding=request.encoding
        )
        read: set[str] = set()
        with _recording_into(read):
            response = self.get_response(request)
        if _storable(request, response):
            headers = response.headers.items()
            # Compressed once rather than on every hit (no secret is in the page), and kept
            # only compressed: a tenth of the bytes to read on each hit.
            gzipped = response.content
            if response.get("Content-Encoding", "").lower() != "gzip":
                gzipped = gzip.compress(response.content, compresslevel=6, mtime=0)
            kept = [(name, value) for name, value in headers if name.lower() not in _NOT_STORED]
            _store(key, generations, now, read, headers=kept, gzipped=gzipped)
            patch_vary_headers(response, ("Cookie",))
            response.headers["X-Page-Cache"] = "miss"
        return response
