"""The page cache's keys and deadlines: which host names and query strings make an entry, the
version of the code that rendered it, and how long it may be kept (``network_portal.pagecache``).

**The clock.** Some pages change with no write: a news article scheduled for later goes out,
an event starts or ends, a registration window opens or closes, a new day changes the current
year's ratings and the projects' status. Each section says when its next such moment is
(``Section.next_change``); an entry is kept until the earliest such moment of the sections
whose tables it read, the next midnight and ``PAGE_CACHE_TIMEOUT`` (ten minutes: the bound on
anything no SQL of this process wrote, such as a change typed into ``psql`` or a bump lost
because the cache was unreachable at that moment). Each section's moment is worked out once
per generation of its tables in each process.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date, datetime, time, timedelta
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.http import QueryDict
from django.http.request import split_domain_port
from django.utils import timezone

from network_portal import sections

PAGE_KEY_PREFIX = "pagecache:page:"


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


def canonical_host(request) -> bool:
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


def _next_midnight(now: datetime) -> float:
    """The next midnight of the portal's time zone or of the machine's, whichever comes first
    (``date.today()`` follows the machine's)."""
    local = timezone.localtime(now)
    portal = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=local.tzinfo)
    machine = datetime.combine(date.fromtimestamp(now.timestamp()) + timedelta(days=1), time())
    return min(portal.timestamp(), machine.timestamp())


def _section_tables(section) -> frozenset[str] | None:
    """The tables of the app that defines ``section.next_change`` (``None``: unknown, so it
    counts for every page)."""
    config = apps.get_containing_app_config(section.next_change.__module__)
    if config is None:
        return None
    return frozenset(model._meta.db_table for model in config.get_models(include_auto_created=True))


_deadline_memo: dict[str, tuple[tuple, float | None]] = {}
_tables_of_section: dict[str, frozenset[str] | None] = {}


def scheduled_deadline(read: set, state_of, now: datetime) -> float:
    """When a page that read the tables ``read`` changes by the clock alone (see
    ``network_portal.pagecache``): the next midnight, and the next change of the sections
    whose tables it read, each worked out once per ``state_of(its tables)`` (their
    generations)."""
    deadline = _next_midnight(now)
    for section in sections.all_sections():
        if not section.next_change:
            continue
        if section.name not in _tables_of_section:
            _tables_of_section[section.name] = _section_tables(section)
        tables = _tables_of_section[section.name]
        if tables is not None and not (tables & read):
            continue
        state = state_of(tables or ())
        memo = _deadline_memo.get(section.name)
        if memo and memo[0] == state and (memo[1] is None or memo[1] > now.timestamp()):
            moment = memo[1]
        else:
            scheduled = section.next_change(now)
            moment = scheduled.timestamp() if scheduled is not None else None
            _deadline_memo[section.name] = (state, moment)
        if moment is not None:
            deadline = min(deadline, moment)
    return deadline
