"""Start the portal as production starts it (gunicorn) for tests, faults and the load test.

Standard library only, so that the production-build test, the fault tests and ``make bench``
share one way of booting the server and waiting for it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the connection settings of a Django database (socket or TCP)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}@" if user else ""
    if password:
        credentials = f"{user}:{quote(password, safe='')}@"
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


def manage(*args: str, env: dict, quiet: bool = True) -> None:
    """Run ``manage.py`` with ``args`` in a separate process; raise with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def wait_until_healthy(base_url: str, *, timeout: float = 60, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"The server exited with code {process.returncode}.")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base_url}/healthz did not answer within {timeout} seconds.")


@contextlib.contextmanager
def gunicorn(
    env: dict, *, workers: int = 2, threads: int = 1, log: Path | None = None
) -> Iterator[str]:
    """gunicorn serving the portal with ``env`` on a free local port; yields its base URL."""
    port = free_port()
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            # The access log's masking and client address, as the Dockerfile starts it.
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "network_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=output,
        stderr=output,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process=process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            output.close()


class ThrowawayCluster:
    """A PostgreSQL cluster of its own in a temporary folder (Unix socket only, or also TCP on
    127.0.0.1 when given a ``port``: for a container on the host's network), to stop and start
    under a running portal. Built with the helpers of network_portal.devdb."""

    def __init__(self, folder: Path, *, port: int | None = None):
        from network_portal import devdb

        self.devdb = devdb
        self.bindir = devdb.find_bindir()
        if self.bindir is None:
            raise RuntimeError(devdb.INSTALL_HINT)
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self._port_args = ("-p", str(port)) if port else ()

    def _pg(self, tool: str, *args: str) -> None:
        self.devdb._run([str(self.bindir / tool), *args], quiet=True)

    def create(self, name: str = "portal") -> str:
        """Initialise and start the cluster with database ``name``; return its DATABASE_URL."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        user = self.devdb._server_user()
        if user:
            import shutil

            shutil.chown(self.folder, user=user)
        self._pg(
            "initdb", "-D", str(self.data), "-U", self.devdb.DB_USER, "--auth=trust",
            "--encoding=UTF8", "--no-locale",
        )  # fmt: skip
        self.start()
        self._pg(
            "createdb", "-h", str(self.folder), *self._port_args, "-U", self.devdb.DB_USER, name
        )  # fmt: skip
        self.name = name
        return self.url

    @property
    def url(self) -> str:
        return f"postgres://{self.devdb.DB_USER}@{quote(str(self.folder), safe='')}/{self.name}"

    @property
    def tcp_url(self) -> str:
        """The address over TCP (a cluster started with a ``port``)."""
        return f"postgres://{self.devdb.DB_USER}@127.0.0.1:{self.port}/{self.name}"

    @property
    def settings_dict(self) -> dict:
        settings = {"NAME": self.name, "USER": self.devdb.DB_USER, "HOST": str(self.folder)}
        return {**settings, "PORT": str(self.port)} if self.port else settings

    def start(self) -> None:
        listen = f"'127.0.0.1' -c port={self.port}" if self.port else "''"
        options = f"-c listen_addresses={listen} -c unix_socket_directories='{self.folder}'"
        self._pg(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
            "-o", options, "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        import shutil

        self.devdb._run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            check=False,
            quiet=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)
