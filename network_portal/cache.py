"""The shared cache's table in PostgreSQL: one statement per stored entry, culled by expiry,
never by key order.

Django's DatabaseCache counts the whole table before every ``set`` and then looks the key up
before writing it: three statements and a savepoint for each entry, and a first visitor of a
page stores several (the page and its shared parts, ``network_portal.pagecache``). Here an
entry is one ``INSERT … ON CONFLICT`` (``set_many``: one for all the entries), and the table
is counted once every :data:`CULL_CHECK_EVERY` writes of a process: a full cache may hold a
few more entries than ``MAX_ENTRIES`` before it is culled, never without bound.

Django's culling, once over MAX_ENTRIES, deletes every key that sorts below the one at a third
of the table. Which keys those are depends on the collation of the key column: with an ICU
collation (``en``, ``cs``) the page cache's generation key sorted first, and culling it made
every cached page unusable at once – a flush anybody could cause by requesting enough distinct
pages. Here a full cache drops the expired entries, then those that expire soonest; an entry
stored without a timeout (``timeout=None``: the generation) is never culled.

Reading (``get``, ``get_many``) is Django's; the stored values are as Django stores them.
"""

import base64
import itertools
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

# Entries stored with timeout=None expire at datetime.max: anything before this year expires.
_NEVER = datetime(9000, 1, 1, tzinfo=UTC)

# How often a process counts the table before a write (Django: before every write).
CULL_CHECK_EVERY = 20


class DatabaseCache(DjangoDatabaseCache):
    _writes = itertools.count()

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._write({key: value}, timeout)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """One statement for all; the keys not stored (all of them when it failed)."""
        entries = {self.make_and_validate_key(key, version=version): v for key, v in data.items()}
        if entries and not self._write(entries, timeout):
            return list(data)
        return []

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Stored unless the key holds an entry that has not expired."""
        key = self.make_and_validate_key(key, version=version)
        return self._write({key: value}, timeout, only_over_expired=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._execute(
            f"UPDATE {self._quoted_table} SET expires = %s WHERE cache_key = %s",  # noqa: S608
            [self._expires(timeout), key],
        )

    @property
    def _quoted_table(self) -> str:
        return connections[self._db_for_write].ops.quote_name(self._table)

    @property
    def _db_for_write(self) -> str:
        return router.db_for_write(self.cache_model_class)

    def _expires(self, timeout) -> datetime:
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max.replace(microsecond=0, tzinfo=UTC)
        return datetime.fromtimestamp(timeout, tz=UTC).replace(microsecond=0)

    def _write(self, entries: dict, timeout, *, only_over_expired: bool = False) -> bool:
        """One statement for every entry; True when each was stored. The rows go in the order
        of their keys, so that two writes of the same keys (two servers invalidating the same
        tables) lock them in the same order and never deadlock."""
        expires = self._expires(timeout)
        rows, params = [], []
        for key, value in sorted(entries.items()):
            pickled = pickle.dumps(value, self.pickle_protocol)
            rows.append("(%s, %s, %s)")
            params += [key, base64.b64encode(pickled).decode("latin1"), expires]
        table = self._quoted_table
        sql = (
            f"INSERT INTO {table} AS entry (cache_key, value, expires) "  # noqa: S608
            f"VALUES {', '.join(rows)} ON CONFLICT (cache_key) DO UPDATE "
            "SET value = EXCLUDED.value, expires = EXCLUDED.expires"
        )
        if only_over_expired:
            sql += " WHERE entry.expires < %s"
            params.append(tz_now().replace(microsecond=0))
        cull = next(self._writes) % CULL_CHECK_EVERY == 0
        return self._execute(sql, params, expected=len(entries), cull=cull)

    def _execute(self, sql: str, params: list, *, expected: int = 1, cull=False) -> bool:
        """Whether ``expected`` rows were written (after culling a full table, with ``cull``).
        A failure is no error (as Django's: a cache write may lose), and inside a transaction
        it must not break the transaction: there the statements run in a savepoint."""
        db = self._db_for_write
        connection = connections[db]
        try:
            with (
                transaction.atomic(using=db) if connection.in_atomic_block else nullcontext(),
                connection.cursor() as cursor,
            ):
                if cull:
                    self._cull_when_full(db, cursor)
                cursor.execute(sql, params)
                return cursor.rowcount == expected
        except DatabaseError:
            return False

    def _cull_when_full(self, db, cursor):
        cursor.execute(f"SELECT count(*) FROM {self._quoted_table}")  # noqa: S608
        (number,) = cursor.fetchone()
        if number > self._max_entries:
            self._cull(db, cursor, tz_now(), number)

    def _cull(self, db, cursor, now, num):
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])  # noqa: S608
        remaining = num - cursor.rowcount
        if remaining <= self._max_entries:
            return
        # Django's CULL_FREQUENCY: 0 empties the cache, N drops 1/N of the entries.
        count = remaining if self._cull_frequency == 0 else remaining // self._cull_frequency
        cursor.execute(
            f"""
            DELETE FROM {table} WHERE cache_key IN (
                SELECT cache_key FROM {table} WHERE expires < %s ORDER BY expires LIMIT %s
            )
            """,  # noqa: S608 - the table name is the cache's own
            [_NEVER, count],
        )
