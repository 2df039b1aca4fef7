"""Measure the server time and query count of the directory and a profile at the current size."""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from members.models import Member, Rating, Role


def _body(response) -> bytes:
    """The whole body, read as a visitor would (exports are streamed)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


class Command(BaseCommand):
    help = (
        "Benchmark the members pages in-process (Django test client, the real database): "
        "the median and 95th-percentile server time and the number of queries of each page. "
        "Run generate_register first for a register of realistic size."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, **options):
        runs = options["runs"]
        profile = (
            Member.objects.public().filter(slug__startswith="syn-").order_by("-population").first()
            or Member.objects.public().first()
        )
        if profile is None:
            raise CommandError("There are no members: run load_demo or generate_register.")
        pages = [
            ("directory", "/cs/clenove/"),
            ("directory, page 40", "/cs/clenove/?page=40"),
            ("directory, kind + region", "/cs/clenove/?kind=municipality&region=CZ032"),
            ("directory, search 'lhota'", "/cs/clenove/?q=lhota"),
            ("directory, category B", "/en/members/?category=B"),
            ("profile", f"/cs/clenove/{profile.slug}/"),
            ("export CSV, everything", "/cs/clenove/export.csv"),
            ("export JSON, one region", "/en/members/export.json?region=CZ064"),
        ]
        self.stdout.write(
            f"Register: {Member.objects.count()} members ({Member.objects.public().count()} "
            f"public), {Role.objects.count()} roles, {Rating.objects.count()} ratings; "
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
