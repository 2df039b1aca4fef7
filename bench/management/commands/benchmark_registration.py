"""Fire concurrent HTTP registrations at one part under gunicorn and check nobody is
overbooked."""

import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookiejar import CookieJar

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bench.server import gunicorn
from events.models import Event, EventPart, RegistrationPart

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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
        with gunicorn({"DJANGO_SETTINGS_MODULE": "bench.http_settings"}, workers=workers) as base:
            timings, statuses = self._race(base, event.slug, part.pk, requests)
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
