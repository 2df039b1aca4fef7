"""Development: the web server and the background worker in one command.

Both run as child processes of this one; when either stops (or Ctrl+C / SIGTERM arrives), the
other is stopped too, so nothing is left running in the background.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Run the development server and the procrastinate worker together; stop both together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, "manage.py"]
        children = [
            # Each in a process group of its own, so that the stop reaches the runserver's
            # auto-reloading child process too.
            # This interpreter and manage.py with fixed arguments (addrport comes from make).
            subprocess.Popen([*manage, "procrastinate", "worker"], start_new_session=True),  # noqa: S603
            subprocess.Popen([*manage, "runserver", addrport], start_new_session=True),  # noqa: S603
        ]
        stopping = False

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.3)
        finally:
            for child in children:
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGTERM)
            deadline = time.monotonic() + GRACE_SECONDS
            for child in children:
                try:
                    child.wait(timeout=max(deadline - time.monotonic(), 0.1))
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
        failed = [child.returncode for child in children if child.returncode not in (0, None)]
        if failed and not stopping:
            sys.exit(failed[0])
