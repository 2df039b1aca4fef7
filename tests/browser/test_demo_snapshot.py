"""The snapshot of the demo content (tests/browser/demo_snapshot.py) puts back exactly what
``load_demo`` leaves: every row of every table, the sequences and the files."""

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.browser import demo_snapshot
from tests.factories import UserFactory


def state() -> dict:
    """A digest of each table's rows, the sequences' values and the files in MEDIA_ROOT."""
    quote = connection.ops.quote_name
    tables = {}
    digest = "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"
    with connection.cursor() as cursor:
        for table in demo_snapshot.flushed_tables():
            cursor.execute(f"{digest} FROM {quote(table)} AS t")
            tables[table] = cursor.fetchone()
        sequences = {}
        for name in demo_snapshot._sequences():
            cursor.execute(f"SELECT last_value, is_called FROM {quote(name)}")  # noqa: S608
            sequences[name] = cursor.fetchone()
    media = Path(settings.MEDIA_ROOT)
    files = {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in media.rglob("*")
        if path.is_file()
    }
    return {"tables": tables, "sequences": sequences, "files": files}


def test_the_snapshot_restores_what_load_demo_leaves(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "first"
    counts_before = demo_snapshot.row_counts()
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    loaded = state()
    assert loaded["files"], "load_demo wrote no files: the snapshot's files are not tested"
    assert sum(count for count, _ in loaded["tables"].values()) > sum(counts_before.values())
    snapshot = demo_snapshot.take(counts_before)

    UserFactory()  # a row more, that the restore must remove
    settings.MEDIA_ROOT = tmp_path / "second"
    demo_snapshot.restore(snapshot)

    assert state() == loaded
