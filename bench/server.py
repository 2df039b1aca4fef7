"""gunicorn on 127.0.0.1 for the HTTP benchmarks (and the two-server test): this interpreter,
a free port, the settings module and environment given, stopped on exit."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=10):  # noqa: S310
                return
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn at {base} did not start.")


@contextmanager
def gunicorn(*, settings_module: str, workers: int = 2, env: dict | None = None):
    """Yield the base URL of a gunicorn serving the portal with ``settings_module``."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "network_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env={**os.environ, **(env or {}), "DJANGO_SETTINGS_MODULE": settings_module},
    )
    try:
        wait_until_up(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
