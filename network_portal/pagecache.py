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
parameter the page read (``ReadRecordingQueryDict``) make an entry.

**Never stale: the generation.** Every entry records the *generation* of the content it was
rendered from; the current generation is one key in the same cache, fetched with the page in
one round trip (one query on PostgreSQL, one MGET on Redis). Any write to a table of the
portal's content replaces the generation with a new random token *after the transaction
commits*, which makes every page rendered before it unusable at once, on every server. The
writes are seen at the SQL level, by a wrapper on every database connection (``watch_writes``):
``INSERT``/``UPDATE``/``DELETE``/``TRUNCATE`` of any model's table counts, whatever made it –
``save()``, ``QuerySet.update()``, ``bulk_create()``, many-to-many changes, the admin, a
management command, a background job – and a model added later by any app is covered without
registering anything. Only tables that never reach a page are left out (sessions, login
attempts, rate-limit counters, the job queue, the admin log, allauth's e-mail addresses, a
user's ``last_login``). The order of events makes it safe: a request reads the generation
*before* it renders; a write bumps it only *after* its commit; so a page rendered from data
older than a write is always tagged with a generation older than that write's bump.
Flushing everything on any write is deliberate: writes are rare next to reads, and no
dependency tracking between records and pages can then be forgotten. The bump is not a row
written inside each write's own transaction: every writer would queue on that row until its
commit, and could deadlock with the rows it locks itself. The bump runs before the writing
request answers, so whoever acts on the write's result is served the new pages; the price is
the instant between commit and bump, in which another visitor may still get the old page, and a
bump lost if the process dies in that instant (bounded by the timeout below).

**The clock.** Some pages change with no write: a news article scheduled for later goes out,
an event starts or ends, a registration window opens or closes, a new day changes the current
year's ratings and the projects' status. Each section says when its next such moment is
(``Section.next_change``); an entry is kept until the earliest of those, the next midnight and
``PAGE_CACHE_TIMEOUT`` (ten minutes: the bound on anything no SQL of this process wrote, such
as a change typed into ``psql`` or a bump lost because the cache was unreachable at that moment).
That moment is worked out once per generation in each process.

**Parts of pages.** ``shared()`` keeps any computed value under the same rules, for the pages
that cannot be cached whole (a logged-in visitor's home page shares the section blocks).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import re
import secrets
from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_vary_headers

from network_portal import sections

logger = logging.getLogger(__name__)

# Stored without a timeout, which keeps it out of a full cache's culling (network_portal/cache.py).
GENERATION_KEY = "pagecache:~generation"
PAGE_KEY_PREFIX = "pagecache:page:"
FRAGMENT_KEY_PREFIX = "pagecache:part:"

# Tables that never reach a page: writes to them do not change the generation.
UNTRACKED_APPS = {
    "sessions",
    "axes",
    "procrastinate",
    "admin",
    "account",
    "socialaccount",
    # Subscriptions and announcements reach no public page.
    "newsletter",
}
UNTRACKED_MODELS = {
    "network_portal.ratelimitbucket",
    # Applications for membership are seen by staff only (a member appears when published).
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
_READ_ONLY = ("SELECT", "SAVEPO", "RELEAS", "ROLLBA", "SET ", "SHOW ", "BEGIN", "COMMIT")
# A login stamps last_login (Django's update_last_login): no page shows it.
_LAST_LOGIN_ONLY = re.compile(r'^UPDATE "\w+" SET "last_login" = %s WHERE ')
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_VARIES_ON = {"cookie", "accept-language", "accept-encoding"}


def _cache():
    return caches["default"]


# --- the generation ------------------------------------------------------------------------
def bump() -> None:
    """Make every cached page unusable (on every server sharing the cache)."""
    _cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


@functools.cache
def tracked_tables() -> frozenset[str]:
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNTRACKED_APPS
        and model._meta.label_lower not in UNTRACKED_MODELS
    )


def _writes_content(sql: str) -> bool:
    if sql.lstrip()[:6].upper().startswith(_READ_ONLY) or _LAST_LOGIN_ONLY.match(sql):
        return False
    tables = tracked_tables()
    return any(table in tables for table in _WRITE.findall(sql))


def watch_writes(execute, sql, params, many, context):
    """A connection's execute wrapper: a statement that changed the portal's content bumps the
    generation once its transaction has committed (at once in autocommit)."""
    result = execute(sql, params, many, context)
    if TRACK_WRITES and isinstance(sql, str) and _writes_content(sql):
        connection = context["connection"]
        if not BUMP_AFTER_COMMIT or not connection.in_atomic_block:
            _bump_robustly()
        elif not any(entry[1] is _bump_robustly for entry in connection.run_on_commit):
            connection.on_commit(_bump_robustly)
    return result


_migrating = False


def _bump_robustly():
    if _migrating:
        return  # the cache table may not exist yet; post_migrate bumps once at the end
    # The write is committed: a cache that cannot be reached must not turn it into an error.
    try:
        bump()
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
    """``connection_created`` receiver: watch the writes of every database connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- keys and deadlines --------------------------------------------------------------------
@functools.cache
def code_version() -> str:
    """A digest of what renders the pages: the project's code, templates, catalogues and static
    manifest, and the versions of the installed packages."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "locale"]
    # The project's own apps (third-party ones are covered by their package versions).
    roots += [Path(config.path) for config in apps.get_app_configs()]
    roots = [root for root in roots if root.parent == base]
    manifest_root = getattr(settings, "STATIC_MANIFEST_ROOT", None)
    if manifest_root:
        roots.append(Path(manifest_root))
    for root in sorted(set(roots)):
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".mo", ".json"} and path.is_file():
                # Named from its root: the manifest may live outside the checkout.
                digest.update(f"{root.name}/{path.relative_to(root)}".encode())
                digest.update(path.read_bytes())
    packages = sorted(f"{dist.name}=={dist.version}" for dist in metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


def _exact_hosts() -> set[str]:
    """The host names ALLOWED_HOSTS names exactly (``.example.org`` names ``example.org``; its
    subdomains and ``*`` are served, but never cached), and SITE_URL's."""
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # what Django allows then
    hosts = {host.lower().lstrip(".") for host in allowed if host != "*"}
    hosts.add((urlsplit(getattr(settings, "SITE_URL", "")).hostname or "").lower())
    return hosts - {""}


def _canonical_host(request) -> bool:
    """Whether the Host header is one of the few the page cache keeps pages for: a host name
    ALLOWED_HOSTS names exactly, with no port or the server's own. A port in the header (any
    of 65,535) or a subdomain allowed by a pattern would otherwise be a new key for every page."""
    domain, port = split_domain_port(request.get_host())
    return (
        domain in _exact_hosts()
        and request.get_host() == request.get_host().lower()
        and port in ("", str(request.META.get("SERVER_PORT", "")))
    )


class ReadRecordingQueryDict(QueryDict):
    """``request.GET`` that notes which parameters the page read, so that a page is stored
    only under a query string it reads whole: ``?junk=N`` would otherwise be a new entry for
    every N. Reading every parameter at once (iterating, copying, encoding) counts as reading
    them all."""

    def __init__(self, *args, **kwargs):
        self.read_keys: set[str] = set()
        self.read_all = False
        super().__init__(*args, **kwargs)
        self.read_keys.clear()  # filling the dictionary looked the keys up

    def __getitem__(self, key):
        self.read_keys.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read_keys.add(key)
        return super().__contains__(key)

    def _getlist(self, key, *args, **kwargs):
        self.read_keys.add(key)
        return super()._getlist(key, *args, **kwargs)

    def _all(method):
        @functools.wraps(method)
        def reading_all(self, *args, **kwargs):
            self.read_all = True
            return method(self, *args, **kwargs)

        return reading_all

    __iter__ = _all(QueryDict.__iter__)
    keys = _all(QueryDict.keys)
    items = _all(QueryDict.items)
    values = _all(QueryDict.values)
    lists = _all(QueryDict.lists)
    dict = _all(QueryDict.dict)
    copy = _all(QueryDict.copy)
    urlencode = _all(QueryDict.urlencode)
    __copy__ = _all(QueryDict.__copy__)
    __deepcopy__ = _all(QueryDict.__deepcopy__)
    del _all

    def read_whole(self) -> bool:
        return self.read_all or set(super().keys()) <= self.read_keys


def page_key(request) -> str:
    parts = [
        getattr(settings, "PAGE_CACHE_NAMESPACE", ""),
        code_version(),
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
    ]
    return PAGE_KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


_deadline_memo: tuple[str, float] | None = None


def _next_midnight(now: datetime) -> float:
    """The next midnight of the portal's time zone or of the machine's, whichever comes first
    (``date.today()`` follows the machine's)."""
    local = timezone.localtime(now)
    portal = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=local.tzinfo)
    machine = datetime.combine(date.fromtimestamp(now.timestamp()) + timedelta(days=1), time())
    return min(portal.timestamp(), machine.timestamp())


def _scheduled_deadline(generation: str, now: datetime) -> float:
    """When the pages of this generation change by the clock alone (see the module doc)."""
    global _deadline_memo
    if _deadline_memo and _deadline_memo[0] == generation and _deadline_memo[1] > now.timestamp():
        return _deadline_memo[1]
    deadline = _next_midnight(now)
    scheduled = sections.next_change(now)
    if scheduled is not None:
        deadline = min(deadline, scheduled.timestamp())
    _deadline_memo = (generation, deadline)
    return deadline


# --- the middleware ------------------------------------------------------------------------
def _cacheable_request(request) -> bool:
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and translation.get_language_from_path(request.path_info) is not None
        and _canonical_host(request)
    )


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


# The entries this process read or wrote last, so that a hit of a large page reads only the
# generation from the shared cache (a few bytes) rather than the whole page again. Always
# checked against the shared generation, so never staler than the shared cache.
LOCAL_ENTRIES = 200
_local: OrderedDict[str, dict] = OrderedDict()


def _remember(key, entry):
    _local[key] = entry
    _local.move_to_end(key)
    while len(_local) > LOCAL_ENTRIES:
        _local.popitem(last=False)


def _valid(entry, generation) -> bool:
    return (
        entry is not None
        and entry["generation"] == generation
        and timezone.now().timestamp() < entry["until"]
    )


def _lookup(key):
    """``(entry or None, generation)`` for ``key``: one round trip to the cache. Creates the
    generation when there is none yet (a new cache, or one that lost it)."""
    cache = _cache()
    local = _local.get(key)
    found = cache.get_many([GENERATION_KEY] if local else [GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        return None, cache.get(GENERATION_KEY)
    if _valid(local, generation):
        return local, generation
    entry = found.get(key) if local is None else cache.get(key)
    if _valid(entry, generation):
        _remember(key, entry)
        return entry, generation
    return None, generation


def _store(key, generation, now, **entry):
    """Keep ``entry`` for ``key`` until the generation's next scheduled change or the timeout."""
    until = min(
        now.timestamp() + getattr(settings, "PAGE_CACHE_TIMEOUT", 600),
        _scheduled_deadline(generation, now),
    )
    timeout = int(until - now.timestamp())
    if timeout < 1:
        return
    entry = {"generation": generation, "until": until, **entry}
    _remember(key, entry)
    try:
        _cache().set(key, entry, timeout=timeout)
    except Exception:
        logger.exception("The page cache cannot be written")


def shared(name: str, compute, *vary):
    """The value of ``compute()``, shared by every process and server until the next write or
    scheduled change, like the cached pages: for the expensive parts of pages that are not
    cached whole (those of logged-in visitors). The value must depend on nothing but ``name``,
    ``vary``, the active language and the database, and be picklable."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return compute()
    parts = [
        getattr(settings, "PAGE_CACHE_NAMESPACE", ""),
        code_version(),
        name,
        translation.get_language() or "",
        *map(str, vary),
    ]
    key = FRAGMENT_KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    now = timezone.now()
    try:
        entry, generation = _lookup(key)
    except Exception:
        logger.exception("The page cache cannot be read")
        return compute()
    if entry is not None:
        return entry["value"]
    value = compute()
    if generation is not None:
        _store(key, generation, now, value=value)
    return value


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        now = timezone.now()
        try:
            entry, generation = _lookup(key)
        except Exception:
            logger.exception("The page cache cannot be read")
            return self.get_response(request)
        if entry is not None:
            return _response(request, entry)
        request.GET = ReadRecordingQueryDict(
            request.META.get("QUERY_STRING", ""), encoding=request.encoding
        )
        response = self.get_response(request)
        if generation is not None and _storable(request, response):
            _store(
                key,
                generation,
                now,
                headers=[
                    (name, value)
                    for name, value in response.headers.items()
                    if name.lower() not in ("content-length", "x-page-cache")
                ],
                # Compressed once here rather than on every hit (no secret is in the page),
                # and kept only compressed: a tenth of the bytes to read on each hit.
                gzipped=gzip.compress(response.content, compresslevel=6, mtime=0),
            )
            patch_vary_headers(response, ("Cookie",))
            response.headers["X-Page-Cache"] = "miss"
        return response
