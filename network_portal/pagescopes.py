"""Scopes: a write to a few rows of a table that many pages read makes stale only the pages
that read those rows (``network_portal.pagecache``).

A table's generation covers every page whose SQL named it: with one generation per table, an
edit of one event made every member's profile stale, because each profile lists the events
its member hosts. A table registered here (``register``, from the app's ``ready()``) has, beside
its own generation, one per *bucket* of scopes and one for all its scopes:

- a page reads the table *in a scope* inside ``reading(scope, tables)`` – "the SQL run here
  reads only rows that belong to ``scope``" (a member's hosted events: ``member:12``); what it
  reads there is tagged with the scope's bucket and the all-scopes generation instead of the
  table's;
- a write names the scopes of the rows it changes inside ``writing(tables, scopes_of)``:
  ``scopes_of()`` is called before and after the writes (in their transaction), and the
  writes to ``tables`` bump the table's generation and the buckets of those scopes only;
- any other write to the table (an ``update()`` anywhere, a raw statement, a deleted row, a
  job) bumps the table's generation and the all-scopes one: every page that read it, scoped
  or not, is stale, as without scopes.

So never-stale rests on two promises, each made where the code is: a ``reading`` block reads
no row outside its scope, and a ``writing`` block's ``scopes_of`` gives every scope the changed
rows belonged to before or belong to after. Scopes are hashed into ``BUCKETS`` buckets, so that
the set of generations is fixed (the listener keeps them all): a write makes stale the scoped
pages of about ``len(scopes) / BUCKETS`` of the scopes besides its own, never fewer.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, transaction

BUCKETS = 32
ALL_SCOPES = "*"

_registered: set[str] = set()
# While reading in scopes: table -> the buckets its reads are tagged with.
_reading: ContextVar[dict[str, frozenset[str]] | None] = ContextVar(
    "pagescopes_reading", default=None
)
# While writing in a scope: the scoped writes' collector.
_writing: ContextVar[_ScopedWrites | None] = ContextVar("pagescopes_writing", default=None)


def register(*tables: str) -> None:
    """Give ``tables`` scopes (an app's ``ready()``: before the first request)."""
    _registered.update(tables)


def registered() -> frozenset[str]:
    return frozenset(_registered)


def scope(record) -> str:
    """The scope named after ``record`` (the rows that belong to it: a member's hosted
    events, a project's events); the pages and the writes that use it agree through this."""
    return f"{record._meta.label_lower}:{record.pk}"


def bucket(table: str, scope: str) -> str:
    digest = hashlib.blake2s(scope.encode(), digest_size=4).digest()
    return f"{table}#{int.from_bytes(digest, 'big') % BUCKETS}"


def names(table: str) -> list[str]:
    """The generations of a scoped table besides its own: all scopes and every bucket."""
    return [f"{table}#{ALL_SCOPES}", *(f"{table}#{n}" for n in range(BUCKETS))]


def base(name: str) -> str:
    """The table of a generation's name (``events_event#7`` -> ``events_event``)."""
    return name.partition("#")[0]


def bumped(name: str) -> set[str]:
    """The generations a bump of ``name`` replaces: a bare scoped table's own and its
    all-scopes one (a write whose rows are unknown); a bucket's and its table's (a scoped
    write); ``table#`` the table's alone (a scoped write of rows with no scope)."""
    table, _hash, part = name.partition("#")
    if not _hash:
        return {table, f"{table}#{ALL_SCOPES}"} if table in _registered else {table}
    return {table, name} if part else {table}


# --- reading -------------------------------------------------------------------------------
def reading(scope: str, tables):
    """The SQL run inside reads only the rows of ``tables`` that belong to ``scope`` (a table
    without scopes is read whole, as outside)."""
    return reading_each([scope], tables)


@contextmanager
def reading_each(scopes, tables):
    """The SQL run inside reads only rows of ``tables`` that belong to one of ``scopes`` (the
    places taken in each event a page of the list shows)."""
    scopes = list(scopes)
    buckets = {
        table: frozenset(bucket(table, scope) for scope in scopes)
        for table in tables
        if table in _registered
    }
    token = _reading.set({**(_reading.get() or {}), **buckets})
    try:
        yield
    finally:
        _reading.reset(token)


def read_names(tables: frozenset[str]) -> frozenset[str]:
    """The generations that ``tables`` read here stand for."""
    scoped = _reading.get()
    if not scoped or not (tables & scoped.keys()):
        return tables
    found = set()
    for table in tables:
        if table in scoped:
            found.update(scoped[table])
            found.add(f"{table}#{ALL_SCOPES}")
        else:
            found.add(table)
    return frozenset(found)


# --- writing -------------------------------------------------------------------------------
class _ScopedWrites:
    def __init__(self, tables):
        self.tables = frozenset(tables)
        self.written: set[str] = set()


def divert(tables: set[str]) -> set[str]:
    """Of the tables a statement wrote, those bumped whole; the others are the scoped write's."""
    writes = _writing.get()
    if writes is None:
        return tables
    mine = tables & writes.tables
    writes.written |= mine
    return tables - mine


@contextmanager
def writing(tables, scopes_of, using="default"):
    """One transaction whose writes to ``tables`` change only rows of the scopes that
    ``scopes_of()`` gives before or after them."""
    from network_portal import pagecache

    def schedule(names):
        pagecache.schedule(connections[using], names)

    unknown = set(tables) - _registered
    if unknown:
        raise ValueError(f"Tables without scopes: {sorted(unknown)}")
    with transaction.atomic(using=using):
        before = set(scopes_of())
        writes = _ScopedWrites(tables)
        token = _writing.set(writes)
        try:
            yield
        except BaseException:
            # Rolled back with the block; bumped whole all the same, in case it was not.
            if writes.written:
                schedule(writes.written)
            raise
        finally:
            _writing.reset(token)
        if writes.written:
            scopes = before | set(scopes_of())
            schedule(
                {f"{table}#" for table in writes.written}
                | {bucket(table, scope) for table in writes.written for scope in scopes}
            )
