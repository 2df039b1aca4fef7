"""Each process told of the page cache's invalidations, so that a hit needs no database.

A thread per process holds a connection of its own that ``LISTEN``s on one channel; every bump
of a generation (``network_portal.pagecache.bump``) is followed by a ``NOTIFY`` naming the
generation keys it replaced. The thread keeps a copy of every generation: on connecting it
listens first, then reads them all from the shared cache; on each notice it reads the named
keys again (the notice says *which* keys changed, the cache says their value, so two bumps
whose notices cross still end on the cache's latest value). The copy is used only while the
connection is known to be up: ``generations()`` gives ``None`` otherwise, and the page cache
then reads the generations from the shared cache on every request, as without a listener.

The copy can be behind the shared cache for the instant a notice takes to arrive, and for as
long as a notice is lost (a bump whose ``NOTIFY`` failed): the thread also reads every
generation again each ``RESYNC_SECONDS`` and pings its connection each ``PING_SECONDS``, so
a lost notice or a silently dead connection costs at most those seconds.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

CHANNEL = "pagecache"
PING_SECONDS = 2
RESYNC_SECONDS = 10
RETRY_SECONDS = 1

_state: dict | None = None  # the generations while the listener is connected
_started_in: int | None = None
_lock = threading.Lock()


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_LISTEN", False)


def generations() -> dict | None:
    """Every generation as the last notice left it, or ``None`` while not listening."""
    return _state


def ensure_started(load_all, load_some) -> None:
    """Start this process's listener once (again in each forked worker).

    ``load_all()`` reads every generation, ``load_some(keys)`` those named by a notice."""
    global _started_in
    if _started_in == os.getpid() or not enabled():
        return
    with _lock:
        if _started_in == os.getpid():
            return
        _started_in = os.getpid()
        _set(None)
        thread = threading.Thread(
            target=_listen_forever, args=(load_all, load_some), name="pagecache-listener"
        )
        thread.daemon = True
        thread.start()


def notify(keys) -> None:
    """Tell every listening process that ``keys`` have new values in the shared cache."""
    if not enabled():
        return
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, ",".join(sorted(keys))])


def _set(state):
    global _state
    _state = state


def _connect():
    import psycopg

    params = connections["default"].get_connection_params()
    for name in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(name, None)
    connection = psycopg.connect(**params, autocommit=True)
    connection.execute(f"LISTEN {CHANNEL}")
    return connection


def _listen_forever(load_all, load_some):
    while _started_in == os.getpid():
        connection = None
        try:
            connection = _connect()
            _listen(connection, load_all, load_some)
        except Exception:
            # Once per outage, not once a second while the database is down.
            log = logger.warning if _state is not None else logger.debug
            log("The page cache's listener lost its connection", exc_info=True)
        finally:
            _set(None)
            if connection is not None:
                connection.close()
            connections.close_all()  # the thread's own connections (the cache's)
        time.sleep(RETRY_SECONDS)


def _listen(connection, load_all, load_some):
    state = dict(load_all())  # after LISTEN: no bump falls between the two
    _set(state)
    synced = pinged = time.monotonic()
    while _started_in == os.getpid():
        changed = set()
        # Back at once after a notice (and whatever came in the same packet).
        for notice in connection.notifies(timeout=PING_SECONDS / 2, stop_after=1):
            changed.update(key for key in notice.payload.split(",") if key)
        now = time.monotonic()
        if now - synced > RESYNC_SECONDS:
            state = dict(load_all())
            synced = now
        elif changed:
            state = {**state, **load_some(sorted(changed))}
        else:
            if now - pinged > PING_SECONDS:
                connection.execute("SELECT 1")
                pinged = now
            continue
        _set(state)
