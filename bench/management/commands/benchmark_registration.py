"""Fire concurrent HTTP registrations at one part under gunicorn and check nobody is
overbooked."""

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.models import Event, EventPart, RegistrationPart

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Command(BaseCommand):
    help = (
        "Start gunicorn on 127.0.0.1, send N registrations at the same moment for a part with "
        "10 places (one client, cookie and CSRF token each), report p50/p95 and check that "
        "exactly 10 got a place."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--capacity", type=int, default=10)
        parser.add_argument("--workers", type=int, default=4)

    def handle(self, *args, requests, capacity, workers, **options):
        start = timezone.now() + timedelta(days=30)
        event, _created = Event.objects.update_or_create(
            slug="bench-zavod-o-mista",
            defaults={
                "kind": Event.Kind.SEMINAR,
                "title_cs": "Závod o místa",
                "title_en": "A race for places",
                "summary_cs": "Měření souběžných přihlášek.",
                "start": start,
                "end": start + timedelta(hours=4),
                "status": Event.Status.PUBLISHED,
            },
        )
        event.registrations.all().delete()
        part, _created = EventPart.objects.update_or_create(
            event=event,
            position=0,
            defaults={
                "title_cs": "Seminář",
                "start": start,
                "end": start + timedelta(hours=4),
                "capacity": capacity,
            },
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.http_settings"}
        server = subprocess.Popen(
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
            env=env,
        )
        try:
            self._wait_until_up(base)
            timings, statuses = self._race(base, event.slug, part.pk, requests)
        finally:
            server.terminate()
            server.wait(timeout=30)
        holding = part.registrations.holding().count()
        confirmed = part.registrations.filter(status=RegistrationPart.Status.CONFIRMED).count()
        waiting = part.registrations.waiting().count()
        timings.sort()
        self.stdout.write(
            f"{requests} concurrent registrations, {capacity} places, gunicorn × {workers}:\n"
            f"  answers: {dict(sorted(statuses.items()))}\n"
            f"  confirmed {confirmed}, waiting list {waiting}, "
            f"overbooked {max(holding - capacity, 0)}\n"
            f"  latency p50 {statistics.median(timings):.0f} ms, "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:.0f} ms, max {timings[-1]:.0f} ms"
        )
        if holding > capacity:
            raise CommandError("Overbooked!")
        if confirmed != capacity or confirmed + waiting != requests:
            raise CommandError("Some registrations were lost or refused.")

    @staticmethod
    def _wait_until_up(base):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=10):
                    return
            except OSError:  # refused, reset or timed out while the workers boot
                time.sleep(0.5)
        raise CommandError("gunicorn did not start.")

    @staticmethod
    def _race(base, slug, part_pk, count):
        form_url = f"{base}/cs/akce/{slug}/registrace/"
        clients = []
        for _number in range(count):
            jar = CookieJar()
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
            )
            with opener.open(form_url, timeout=30) as response:
                token = TOKEN.search(response.read().decode()).group(1)
            clients.append((opener, token))
        barrier = threading.Barrier(count)
        timings, statuses, lock = [], {}, threading.Lock()

        def register(number):
            opener, token = clients[number]
            data = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "parts": part_pk,
                    "name": f"Závodník {number}",
                    "email": f"zavodnik{number}@example.org",
                    "privacy": "on",
                }
            ).encode()
            barrier.wait()
            began = time.perf_counter()
            try:
                with opener.open(form_url, data=data, timeout=120) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                timings.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

        threads = [threading.Thread(target=register, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return timings, statuses
