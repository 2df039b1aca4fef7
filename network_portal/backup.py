"""Backups of the database and the uploaded media, and their restore into an empty place.

A backup is a folder named after its time (``backups/2026-11-21T0300/``) holding

- ``database.dump``: ``pg_dump --format=custom`` of the whole database. pg_dump reads in one
  snapshot transaction, so the dump is consistent while the portal keeps running;
- ``media.tar.gz``: every file under MEDIA_ROOT;
- ``manifest.json``: when, from which database, the tools' versions and SHA-256 of both files.

The database is dumped *before* the media are archived. Uploads are written before the row
that names them commits, so every file a dumped row refers to already exists when the archive
is made (a file uploaded in between is archived without a row: harmless, ``cleanup_media``
removes such files).

A restore goes only into an empty database and an empty media folder: restoring over live data
would mix two states of the portal. ``force`` drops what the database holds first
(``pg_restore --clean``) and extracts over the media folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

import psycopg

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def _libpq_env(database: dict) -> dict:
    """The environment that points pg_dump/pg_restore at a Django database."""
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _conninfo(database: dict) -> dict:
    info = {"dbname": database["NAME"]}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
        if database.get(key):
            info[name] = str(database[key])
    if database.get("PASSWORD"):
        info["password"] = database["PASSWORD"]
    return info


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        from network_portal import devdb

        bindir = devdb.find_bindir()
        if bindir is not None and (bindir / name).exists():
            return str(bindir / name)
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools.")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(args: list[str], *, env: dict) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed:\n{result.stderr.strip()}")
    return result.stdout


def backup_folder(base: Path, now: datetime | None = None) -> Path:
    """A new folder named after the minute (a second backup in the same minute gets a suffix)."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H%M")
    folder, number = base / stamp, 1
    while folder.exists():
        number += 1
        folder = base / f"{stamp}-{number}"
    return folder


def backup_create(*, database: dict, media_root: Path, base: Path) -> Path:
    """Dump ``database`` and archive ``media_root`` into a new dated folder under ``base``."""
    folder = backup_folder(base)
    partial = folder.with_name(folder.name + ".partial")
    partial.mkdir(parents=True)
    env = _libpq_env(database)
    pg_dump = _tool("pg_dump")
    try:
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--file", str(partial / DUMP_NAME)],
            env=env,
        )
        media_files = 0
        with tarfile.open(partial / MEDIA_NAME, "w:gz") as archive:
            if media_root.exists():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        archive.add(path, arcname=str(path.relative_to(media_root)))
                        media_files += 1
        manifest = {
            "created": datetime.now().astimezone().isoformat(timespec="seconds"),
            "database": database["NAME"],
            "pg_dump": _run([pg_dump, "--version"], env=env).strip(),
            "media_files": media_files,
            "sha256": {name: _sha256(partial / name) for name in (DUMP_NAME, MEDIA_NAME)},
        }
        (partial / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    # Only a complete backup gets its final name.
    partial.rename(folder)
    return folder


def _database_tables(database: dict) -> int:
    try:
        with psycopg.connect(**_conninfo(database)) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()[0]
    except psycopg.OperationalError as error:
        raise BackupError(
            f"Cannot connect to the database {database['NAME']!r} to restore into: {error}\n"
            "Create it first (an empty database, e.g. `createdb NAME`)."
        ) from error


def _verify(folder: Path) -> None:
    manifest_path = folder / MANIFEST_NAME
    if not manifest_path.exists():
        raise BackupError(f"{folder} is not a complete backup (no {MANIFEST_NAME}).")
    manifest = json.loads(manifest_path.read_text())
    for name, expected in manifest["sha256"].items():
        if _sha256(folder / name) != expected:
            raise BackupError(f"{folder / name} does not match its checksum: it is damaged.")


def backup_restore(*, folder: Path, database: dict, media_root: Path, force: bool = False) -> dict:
    """Restore the backup in ``folder`` into ``database`` and ``media_root``, both empty unless
    ``force``. Returns the manifest of the restored backup."""
    _verify(folder)
    tables = _database_tables(database)
    media_files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    if not force and tables:
        raise BackupError(
            f"The database {database['NAME']!r} is not empty ({tables} tables). A restore goes "
            "into an empty database, so that two states of the portal are never mixed: create "
            "a new database and point DATABASE_URL at it, or pass --force to replace "
            "everything it holds."
        )
    if not force and media_files:
        raise BackupError(
            f"The media folder {media_root} is not empty ({len(media_files)} files). Restore "
            "into an empty folder (set MEDIA_ROOT), or pass --force to extract over it."
        )
    command = [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction"]
    if force and tables:
        command += ["--clean", "--if-exists"]
    command += ["--dbname", database["NAME"], str(folder / DUMP_NAME)]
    _run(command, env=_libpq_env(database))
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_NAME, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(media_root, filter="data")
    return json.loads((folder / MANIFEST_NAME).read_text())
