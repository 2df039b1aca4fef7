"""Measure the server time and query count of the event list and an event page."""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from events.models import Event, RegistrationPart


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


class Command(BaseCommand):
    help = (
        "Benchmark the events pages in-process (Django test client, the real database): median "
        "and 95th-percentile server time and the number of queries. Run generate_events first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, runs, **options):
        busiest = (
            Event.objects.published()
            .annotate(n=Count("parts__registrations"))
            .order_by("-n")
            .first()
        )
        if busiest is None:
            raise CommandError("There are no events: run generate_events.")
        pages = [
            ("list (upcoming)", "/cs/akce/"),
            ("list, page 20", "/cs/akce/?page=20"),
            ("list, past", "/cs/akce/?when=past"),
            ("list, past, kind + year", "/en/events/?when=past&kind=seminar&year=2023"),
            ("list, open + online", "/cs/akce/?open=1&mode=online"),
            ("list, search 'mapy'", "/cs/akce/?q=mapy"),
            ("event page (busiest)", busiest.get_absolute_url()),
            ("registration form", f"/cs/akce/{busiest.slug}/registrace/"),
            ("iCal feed", "/cs/akce/calendar.ics"),
        ]
        self.stdout.write(
            f"{Event.objects.count()} events, {RegistrationPart.objects.count()} registrations; "
            f"{runs} runs per page after one warm-up.\n"
        )
        self.stdout.write(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>6}")
        client = Client()
        # The page's own work: no page cache (every run after the first would be a hit, with
        # no query) and no shared parts (benchmark_http measures those).
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            PAGE_CACHE_ENABLED=False,
            FRAGMENT_CACHE_ENABLED=False,
        ):
            for label, url in pages:
                response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                timings = []
                for _run in range(runs):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        body = _body(client.get(url))
                        timings.append((time.perf_counter() - start) * 1000)
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
                self.stdout.write(
                    f"{label:32} {statistics.median(timings):10.1f} {p95:8.1f} "
                    f"{len(queries):8d} {len(body) / 1024:6.0f}"
                )
