"""The snapshots that browser tests start from (tests/browser/snapshots.py) put back exactly
what Django's deserialization of the reference data and ``load_demo`` leave: every row of
every table and every file, with no sequence set back."""

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.browser import snapshots
from tests.factories import UserFactory

DIGEST = "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"


def state() -> dict:
    """A digest of each table's rows, and of each file in MEDIA_ROOT."""
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in snapshots.flushed_tables():
            cursor.execute(f"{DIGEST} FROM {quote(table)} AS t")
            tables[table] = cursor.fetchone()
    media = Path(settings.MEDIA_ROOT)
    files = {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (media.rglob("*") if media.exists() else ())
        if path.is_file()
    }
    return {"tables": tables, "files": files}


def assert_not_set_back(before: dict, after: dict):
    assert before.keys() == after.keys()
    assert all((after[name] or 0) >= (before[name] or 0) for name in before)


def test_the_reference_data_come_back_as_django_deserializes_them(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    serialized = connection._test_serialized_contents
    snapshots.restore(snapshots.Snapshot({}, tables=dict.fromkeys(snapshots.flushed_tables(), b"")))
    counts_before = snapshots.row_counts()
    assert not any(counts_before.values())
    snapshots.django_deserialize(connection.creation, serialized)
    deserialized, sequences = state(), snapshots.sequences()
    assert sum(count for count, _ in deserialized["tables"].values()) > 100
    snapshot = snapshots.take(counts_before, source=serialized, media=False)

    UserFactory()  # a row more, that the restore must remove
    snapshots.restore(snapshot)

    assert state() == deserialized
    assert_not_set_back(sequences, snapshots.sequences())


def test_the_demo_content_comes_back_as_load_demo_leaves_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "first"
    counts_before = snapshots.row_counts()
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    loaded, sequences = state(), snapshots.sequences()
    assert loaded["files"], "load_demo wrote no files: the snapshot's files are not tested"
    assert sum(count for count, _ in loaded["tables"].values()) > sum(counts_before.values())
    snapshot = snapshots.take(counts_before)

    UserFactory()
    settings.MEDIA_ROOT = tmp_path / "second"
    snapshots.restore(snapshot)

    assert state() == loaded
    assert_not_set_back(sequences, snapshots.sequences())
