"""A private PostgreSQL cluster for development and tests, kept inside the checkout.

Used when DATABASE_URL is not set. The cluster lives in ``.pgdata/`` (git-ignored), listens
only on a Unix socket in that folder, and is reused by later runs, so two checkouts on one
machine never share a server. Standard library only: settings import ``socket_dir()``.

    python -m network_portal.devdb start|stop|status
    python -m network_portal.devdb url NAME [--fresh]   (creates database NAME, prints its URL)
"""

import glob
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

CHECKOUT = Path(__file__).resolve().parent.parent
DB_NAME = "network_portal"
DB_USER = "portal"
# Unix socket paths are limited to ~107 bytes; ".s.PGSQL.5432" needs 13 of them.
MAX_SOCKET_DIR = 90

INSTALL_HINT = """\
No PostgreSQL server binaries (initdb, pg_ctl) were found.
Install them, then run the command again:
  Debian/Ubuntu: sudo apt-get install postgresql postgresql-contrib
  macOS:         brew install postgresql@16
Or start the database in Docker with `docker compose up -d db` and set
DATABASE_URL=postgres://portal:portal@127.0.0.1:5432/network_portal"""


def base_dir() -> Path:
    """Folder holding the cluster: ``.pgdata`` in the checkout, or a private temp folder
    when the checkout path is too long for a socket or not reachable by the server user."""
    local = CHECKOUT / ".pgdata"
    marker = local / "location"
    if marker.exists():
        return Path(marker.read_text().strip())
    if len(str(local)) <= MAX_SOCKET_DIR and _reachable_by_server_user(CHECKOUT):
        return local
    digest = hashlib.sha256(str(CHECKOUT).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"network-portal-{digest}"


def socket_dir() -> str:
    return str(base_dir())


def _server_user() -> str | None:
    """initdb refuses to run as root, so root runs the cluster as an unprivileged user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    sys.exit("Running as root, but there is no 'postgres' or 'nobody' user to run PostgreSQL.")


def _reachable_by_server_user(path: Path) -> bool:
    user = _server_user() if os.geteuid() == 0 else None
    if user is None:
        return True
    return (
        subprocess.run(
            ["runuser", "-u", user, "--", "test", "-x", str(path)], check=False
        ).returncode
        == 0
    )


def find_bindir() -> Path | None:
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    candidates += [Path(p) for p in versions]
    candidates += [Path(p) for p in sorted(glob.glob("/opt/homebrew/opt/postgresql*/bin"))]
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def _run(args: list[str], *, check: bool = True, quiet: bool = False):
    user = _server_user()
    if user:
        args = ["runuser", "-u", user, "--", *args]
    return subprocess.run(args, check=check, capture_output=quiet, text=True)


def start() -> None:
    bindir = find_bindir()
    if bindir is None:
        sys.exit(INSTALL_HINT)
    base = base_dir()
    data = base / "data"
    local = CHECKOUT / ".pgdata"
    local.mkdir(exist_ok=True)
    if base != local:
        (local / "location").write_text(str(base))
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    base.chmod(0o700)
    user = _server_user()
    if user:
        shutil.chown(base, user=user)
    if not (data / "PG_VERSION").exists():
        print(f"Creating a private PostgreSQL cluster in {base}")
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                DB_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
            ],
            quiet=True,
        )
    status = _run([str(bindir / "pg_ctl"), "-D", str(data), "status"], check=False, quiet=True)
    if status.returncode != 0:
        # shared_buffers as a production server would set it for a database of this size
        # (the default 128 MB holds less than the good-practice search of `make bench`).
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{base}'"
            " -c unix_socket_permissions=0700 -c shared_buffers=512MB"
        )
        _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(base / "server.log"),
                "-o",
                options,
                "-w",
                "start",
            ],
            quiet=True,
        )
    _ensure_database(bindir, base, DB_NAME)
    print(f"PostgreSQL is running on the socket in {base}")


def _ensure_database(bindir: Path, base: Path, name: str) -> None:
    exists = _run(
        [
            str(bindir / "psql"),
            "-h",
            str(base),
            "-U",
            DB_USER,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ],
        quiet=True,
    )
    if exists.stdout.strip() != "1":
        _run([str(bindir / "createdb"), "-h", str(base), "-U", DB_USER, name])


def database_url(name: str, *, fresh: bool = False) -> str:
    """A URL for database ``name`` in the private cluster, created when missing (emptied
    first when ``fresh``)."""
    bindir = find_bindir()
    if bindir is None:
        sys.exit(INSTALL_HINT)
    base = base_dir()
    if fresh:
        _run([str(bindir / "dropdb"), "-h", str(base), "-U", DB_USER, "--if-exists", name])
    _ensure_database(bindir, base, name)
    return f"postgres://{DB_USER}@{quote(str(base), safe='')}/{name}"


def stop() -> None:
    bindir = find_bindir()
    data = base_dir() / "data"
    if bindir is None or not (data / "PG_VERSION").exists():
        print("No private cluster to stop.")
        return
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], check=False)


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "url":
        print(database_url(argv[2], fresh="--fresh" in argv))
        return
    if os.environ.get("DATABASE_URL") and command == "start":
        print("DATABASE_URL is set: using that server, not a private cluster.")
        return
    {"start": start, "stop": stop, "status": lambda: print(socket_dir())}[command]()


if __name__ == "__main__":
    main(sys.argv)
