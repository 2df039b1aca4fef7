"""The shared cache's table in PostgreSQL, culled by expiry, never by key order.

Django's DatabaseCache, once over MAX_ENTRIES, deletes every key that sorts below the one at a
third of the table. Which keys those are depends on the collation of the key column: with an
ICU collation (``en``, ``cs``) the page cache's generation key sorted first, and culling it
made every cached page unusable at once – a flush anybody could cause by requesting enough
distinct pages. Here a full cache drops the expired entries, then those that expire soonest;
an entry stored without a timeout (``timeout=None``: the generation) is never culled.
"""

from datetime import UTC, datetime

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections

# Entries stored with timeout=None expire at datetime.max: anything before this year expires.
_NEVER = datetime(9000, 1, 1, tzinfo=UTC)


class DatabaseCache(DjangoDatabaseCache):
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
