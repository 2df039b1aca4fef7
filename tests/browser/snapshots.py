"""The database of a browser test set up from snapshots taken with COPY, once per process.

Each browser test is transactional: it begins with the reference data (content types,
permissions, sites, regions, vocabularies ...) put back into the emptied tables – Django
deserializes them from JSON, object by object (``serialized_rollback``) – and many then load
the demo content (``load_demo``: every app's demo, the documents' PDFs and their text). Both
take seconds. The first time in a process (each pytest-xdist worker has its own) they are done
that way, and what they leave is kept: every table that Django's flush empties, copied out
with COPY in PostgreSQL's binary format, and for the demo also the files it wrote to
MEDIA_ROOT. Later, the tables are emptied and the rows copied back, and the files written: the
same rows and files (tests/browser/test_snapshots.py compares them) without the work.

A snapshot is used only when the database is as it was when the snapshot began (the same
number of rows in each table), so a test whose other fixtures wrote rows first gets the real
thing. These tables have no triggers, and the foreign keys Django makes are checked at the
commit, so the order of deletions and copies does not matter. The sequences are never set
back: a restored row keeps its id, new rows get ids no earlier test used.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.backends.base.creation import BaseDatabaseCreation

_snapshots: dict[str, "Snapshot"] = {}  # per process
django_deserialize = BaseDatabaseCreation.deserialize_db_from_string


@dataclass
class Snapshot:
    counts_before: dict[str, int]
    source: str = ""  # what the snapshot was made from (the serialized reference data)
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: dict[str, int | None] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


def flushed_tables() -> list[str]:
    """The tables a transactional test's flush empties, in a stable order."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(tables)


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


def sequences() -> dict[str, int]:
    """The last value of each sequence of ``flushed_tables()`` (None if never used)."""
    values = {}
    with connection.cursor() as cursor:
        for table in flushed_tables():
            for sequence in connection.introspection.get_sequences(cursor, table):
                name = sequence["name"]
                cursor.execute("SELECT pg_sequence_last_value(%s::regclass)", [name])
                values[name] = cursor.fetchone()[0]
    return values


def take(counts_before, *, source="", media=True) -> Snapshot:
    """What is in the database (and, with ``media``, in MEDIA_ROOT) now."""
    snapshot = Snapshot(counts_before, source)
    quote = connection.ops.quote_name
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        for table in flushed_tables():
            with cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                snapshot.tables[table] = b"".join(bytes(block) for block in copy)
    snapshot.sequences = sequences()
    root = Path(settings.MEDIA_ROOT)
    if media and root.exists():
        for path in root.rglob("*"):
            if path.is_file():
                snapshot.files[str(path.relative_to(root))] = path.read_bytes()
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """Put the rows (and files) of ``snapshot`` back: DELETE rather than TRUNCATE, which makes
    new files for every table and index and syncs them at the commit (seconds)."""
    quote = connection.ops.quote_name
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in snapshot.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        with connection.connection.cursor() as cursor:
            for table, data in snapshot.tables.items():
                if data:
                    with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                        copy.write(data)
            for name, last_value in snapshot.sequences.items():
                cursor.execute(
                    "SELECT setval(%s, GREATEST(%s, pg_sequence_last_value(%s::regclass)))",
                    [name, last_value, name],
                )
    root = Path(settings.MEDIA_ROOT)
    for relative, data in snapshot.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def deserialize_or_restore(creation, serialized: str) -> None:
    """Django's ``deserialize_db_from_string`` (the reference data that ``serialized_rollback``
    puts back into the emptied tables) the first time, a copy of its result after that."""
    if creation.connection.alias != "default":
        django_deserialize(creation, serialized)
        return
    counts = row_counts()
    snapshot = _snapshots.get("reference")
    if snapshot and snapshot.source == serialized and snapshot.counts_before == counts:
        restore(snapshot)
        return
    django_deserialize(creation, serialized)
    if not any(counts.values()):
        _snapshots["reference"] = take(counts, source=serialized, media=False)


def demo_content() -> None:
    """The demo content in the database and MEDIA_ROOT, as ``load_demo`` leaves it."""
    counts = row_counts()
    snapshot = _snapshots.get("demo")
    if snapshot and snapshot.counts_before == counts:
        restore(snapshot)
        return
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    if snapshot is None:
        _snapshots["demo"] = take(counts)
