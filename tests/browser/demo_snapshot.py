"""The demo content, loaded once per test process and put back from a snapshot afterwards.

``load_demo`` takes seconds (every app's demo, the documents' PDFs and their text); the browser
tests that need it are transactional, so each begins with only the reference data in the
database (serialized_rollback) and an empty MEDIA_ROOT of its own. The first of them in a
process runs ``load_demo`` and keeps what it left: every table that Django's flush empties (the
reference rows among them: content types, permissions, sites, regions, vocabularies), copied
out with COPY in PostgreSQL's binary format, the values of their sequences, and the files it
wrote. Each later one empties those tables and copies the rows back, sets the sequences and
writes the files: the same database and the same files as ``load_demo`` would leave, without
its work (tests/browser/test_demo_snapshot.py compares them). These tables have no triggers,
and the foreign keys Django makes are checked at the commit, so the order of the deletions and
copies does not matter (DELETE rather than TRUNCATE: see ``_flush_by_delete`` in conftest.py).

The snapshot is only used when the database is as it was when the snapshot began (the same
number of rows in each table): a test whose other fixtures wrote rows before this one gets a
real ``load_demo``.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

_snapshot = None  # per process (each pytest-xdist worker has its own)


class Snapshot:
    def __init__(self, counts_before):
        self.counts_before = counts_before
        self.tables: dict[str, bytes] = {}
        self.sequences: list[tuple[str, int, bool]] = []
        self.files: dict[str, bytes] = {}


def flushed_tables() -> list[str]:
    """The tables a transactional test's flush empties, in a stable order."""
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def row_counts() -> dict[str, int]:
    """The number of rows in each of ``flushed_tables()``, in one query."""
    tables = flushed_tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index}, count(*) FROM {quote(table)}"  # noqa: S608 - table names of our models
        for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(cursor.fetchall())
    return {table: counts[index] for index, table in enumerate(tables)}


def _sequences() -> list[str]:
    tables = flushed_tables()
    with connection.cursor() as cursor:
        return [
            sequence["name"]
            for table in tables
            for sequence in connection.introspection.get_sequences(cursor, table)
        ]


def take(counts_before) -> Snapshot:
    """What is in the database and in MEDIA_ROOT now."""
    snapshot = Snapshot(counts_before)
    quote = connection.ops.quote_name
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        for table in flushed_tables():
            with cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                snapshot.tables[table] = b"".join(bytes(block) for block in copy)
        for name in _sequences():
            cursor.execute(f"SELECT last_value, is_called FROM {quote(name)}")  # noqa: S608
            last_value, is_called = cursor.fetchone()
            snapshot.sequences.append((name, last_value, is_called))
    media = Path(settings.MEDIA_ROOT)
    for path in media.rglob("*") if media.exists() else ():
        if path.is_file():
            snapshot.files[str(path.relative_to(media))] = path.read_bytes()
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """Put the database and MEDIA_ROOT back as they were when ``snapshot`` was taken."""
    quote = connection.ops.quote_name
    tables = list(snapshot.tables)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        with connection.connection.cursor() as cursor:
            for table, data in snapshot.tables.items():
                if data:
                    with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                        copy.write(data)
            for name, last_value, is_called in snapshot.sequences:
                cursor.execute("SELECT setval(%s, %s, %s)", [name, last_value, is_called])
    media = Path(settings.MEDIA_ROOT)
    for relative, data in snapshot.files.items():
        path = media / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def load() -> None:
    """The demo content in the database and MEDIA_ROOT, as ``load_demo`` leaves it."""
    global _snapshot
    counts = row_counts()
    if _snapshot is not None and _snapshot.counts_before == counts:
        restore(_snapshot)
        return
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    if _snapshot is None:
        _snapshot = take(counts)
