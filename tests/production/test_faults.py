"""Faults under a running portal: the database restarted, the mail server down, the worker
stopped and started again.

These run real processes (gunicorn, the procrastinate worker) against a PostgreSQL cluster of
their own in a temporary folder, which the tests stop and start; the mail server is a local
aiosmtpd that starts late.
"""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from bench.server import ROOT, ThrowawayCluster, free_port, gunicorn
from network_portal.backup import _conninfo, _libpq_env, _run, _tool

# The cluster is filled from the test database, which pytest-django creates for marked tests.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    """A throw-away cluster holding a copy of the migrated test database."""
    # Outside pytest's private temp folder: the server runs as another user when we are root.
    cluster = ThrowawayCluster(Path(tempfile.mkdtemp(prefix="portal-faults-")))
    cluster.create()
    dump = tmp_path_factory.mktemp("faults") / "schema.dump"
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump)],
        env=_libpq_env(connection.settings_dict),
    )
    _run(
        [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", "portal", str(dump)],
        env=_libpq_env(cluster.settings_dict),
    )
    yield cluster
    cluster.destroy()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_for(condition, *, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"Not reached within {timeout} s")


def test_database_restart_under_traffic(cluster, tmp_path):
    """With the database stopped under traffic, /healthz and the pages answer 503;
    once it is back the same gunicorn serves every page again, without a restart."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.http_settings",
        "DATABASE_URL": cluster.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    statuses: list[tuple[str, str, int]] = []
    phase = {"now": "before"}
    stop = threading.Event()

    with gunicorn(env, workers=2, log=tmp_path / "gunicorn.log") as base:

        def traffic():
            while not stop.is_set():
                for path in ("/cs/", "/en/members/", "/healthz"):
                    started = phase["now"]
                    status = _status(base + path)
                    # Only requests that began and ended in one phase tell about that phase.
                    if phase["now"] == started:
                        statuses.append((started, path, status))

        visitor = threading.Thread(target=traffic)
        visitor.start()
        try:
            _wait_for(lambda: len(statuses) >= 6, timeout=30)
            phase["now"] = "stopping"
            cluster.stop()
            phase["now"] = "down"
            _wait_for(lambda: _status(base + "/healthz") == 503, timeout=15)
            _wait_for(
                lambda: any(entry[:2] == ("down", "/healthz") for entry in statuses), timeout=30
            )
            phase["now"] = "starting"
            cluster.start()
            _wait_for(lambda: _status(base + "/healthz") == 200, timeout=30)
            phase["now"] = "after"
            after = len(statuses)
            _wait_for(lambda: len(statuses) >= after + 6, timeout=30)
        finally:
            stop.set()
            visitor.join()
        # Every worker of the same server answers again (several requests reach both).
        assert {_status(base + "/cs/") for _ in range(10)} == {200}

    def seen(when, path):
        return {status for phase_, path_, status in statuses if (phase_, path_) == (when, path)}

    assert seen("before", "/healthz") == {200}
    assert seen("before", "/cs/") == {200}
    assert seen("down", "/healthz") <= {200, 503} and 503 in seen("down", "/healthz")
    assert seen("down", "/cs/") <= {200, 503}  # "try again in a minute", not an error
    assert seen("after", "/healthz") == {200}
    assert seen("after", "/cs/") == seen("after", "/en/members/") == {200}


# --- the mail queue ---------------------------------------------------------------------------
class Inbox:
    """An SMTP server's mailbox (aiosmtpd handler)."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def _worker_env(cluster, smtp_port: int, tmp_path) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "network_portal.settings.prod",
        "DJANGO_SECRET_KEY": "faults-test-only-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": cluster.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp_port),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        # Dead workers' jobs handed back every two seconds rather than every minute.
        "JOBS_STALLED_RETRY_CRON": "* * * * * */2",
    }


def _queue_messages(env: dict, subjects: list[str]) -> None:
    code = (
        "from network_portal.mail import mail_queue\n"
        f"for subject in {subjects!r}:\n"
        "    mail_queue(to='adresat@example.org', subject=subject, body='Text zprávy.')\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "-q", "mail", "-p", "0.5"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _stop_worker(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)  # graceful: the job in hand is finished first
    worker.wait(timeout=30)


def _jobs(cluster) -> list[tuple[str, int, str]]:
    with psycopg.connect(**_conninfo(cluster.settings_dict)) as db:
        return db.execute(
            "SELECT status, attempts, args->>'subject' FROM procrastinate_jobs"
            " WHERE task_name = 'mail_send' ORDER BY id"
        ).fetchall()


@pytest.fixture
def empty_queue(cluster):
    with psycopg.connect(**_conninfo(cluster.settings_dict)) as db:
        db.execute("DELETE FROM procrastinate_events")
        db.execute("DELETE FROM procrastinate_jobs")
    return cluster


def test_mail_waits_for_the_mail_server(empty_queue, tmp_path):
    """With the mail server down, the message stays queued and is retried; once the server
    is up it is delivered exactly once."""
    cluster = empty_queue
    port = free_port()
    env = _worker_env(cluster, port, tmp_path)
    _queue_messages(env, ["Potvrzení registrace"])
    worker = _start_worker(env, tmp_path / "worker.log")
    inbox = Inbox()
    try:
        # Refused connection: the job failed at least once and waits for its next try.
        _wait_for(lambda: _jobs(cluster)[0][1] >= 1, timeout=30)
        (status, _attempts, _subject) = _jobs(cluster)[0]
        assert status == "todo"
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            _wait_for(lambda: _jobs(cluster)[0][0] == "succeeded", timeout=60)
            time.sleep(1)
        finally:
            controller.stop()
    finally:
        _stop_worker(worker)
    assert [m["Subject"] for m in inbox.messages] == ["Potvrzení registrace"]
    assert inbox.messages[0]["To"] == "adresat@example.org"


def test_stopped_worker_runs_pending_jobs_once_when_started_again(empty_queue, tmp_path):
    """Mail queued while the worker is stopped, and a worker stopped in the middle of the
    queue: after a restart every message has been delivered, none twice."""
    cluster = empty_queue
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = _worker_env(cluster, port, tmp_path)
    subjects = [f"Zpráva {number}" for number in range(30)]
    try:
        _queue_messages(env, subjects)
        assert {status for status, _a, _s in _jobs(cluster)} == {"todo"}
        worker = _start_worker(env, tmp_path / "worker.log")
        _wait_for(lambda: len(inbox.messages) >= 3, timeout=60, step=0.05)
        _stop_worker(worker)
        delivered_before_restart = len(inbox.messages)
        statuses = [status for status, _a, _s in _jobs(cluster)]
        assert "doing" not in statuses  # the graceful stop finished the job in hand
        assert statuses.count("succeeded") == delivered_before_restart < len(subjects)
        time.sleep(1)
        assert len(inbox.messages) == delivered_before_restart  # nothing runs while stopped
        worker = _start_worker(env, tmp_path / "worker.log")
        try:
            _wait_for(
                lambda: all(status == "succeeded" for status, _a, _s in _jobs(cluster)),
                timeout=120,
            )
            time.sleep(1)
        finally:
            _stop_worker(worker)
    finally:
        controller.stop()
    received = sorted(m["Subject"] for m in inbox.messages)
    assert received == sorted(subjects)
    ids = [m["X-Portal-Message"] for m in inbox.messages]
    assert len(set(ids)) == len(ids) == len(subjects)


def test_jobs_of_a_killed_worker_are_retried(empty_queue, tmp_path):
    """A worker killed in the middle of a job (SIGKILL, out of memory) leaves it "doing"
    with a silent heartbeat; the periodic retry hands it back and the message goes out once."""
    cluster = empty_queue
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = _worker_env(cluster, port, tmp_path)
    try:
        _queue_messages(env, ["Pozvánka na Školu Zdravých měst"])
        # What a killed worker leaves behind: the job taken, its worker silent for minutes.
        with psycopg.connect(**_conninfo(cluster.settings_dict)) as db:
            (dead,) = db.execute(
                "INSERT INTO procrastinate_workers (last_heartbeat)"
                " VALUES (now() - interval '10 minutes') RETURNING id"
            ).fetchone()
            db.execute(
                "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s"
                " WHERE task_name = 'mail_send'",
                [dead],
            )
        # All queues: the mail and the periodic jobs.
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker", "-p", "0.5"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=(tmp_path / "worker.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        try:
            # The worker's periodic "jobs_stalled_retry" (every two seconds here) hands the
            # job back; without it the job would stay "doing" and nothing be sent.
            _wait_for(lambda: _jobs(cluster)[0][0] == "succeeded", timeout=60)
            time.sleep(1)
        finally:
            _stop_worker(worker)
    finally:
        controller.stop()
    assert [m["Subject"] for m in inbox.messages] == ["Pozvánka na Školu Zdravých měst"]
