"""The page cache under a steady stream of writes: hits per section and throughput.

gunicorn (2 workers, ``bench.http_settings``, page cache on) serves the portal; four anonymous
clients request the public pages of every section in random order, in phases with no write
alternating with phases while this command writes to the events' tables once a second (an
event as the admin's change form edits it, naming the event's scopes (``events.cachescopes``),
then a registration, through the ORM as the portal's own code writes). The command prints,
per section, the share of responses that were hits (``X-Page-Cache: hit``) and the throughput
of both kinds of phase.
"""

import random
import threading
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone, translation

from bench import measure
from events import cachescopes
from events.models import Event, RegistrationPart
from goodpractice.models import Practice
from members.models import Member
from news.models import Article
from projects.models import Project

GOAL_HITS = 0.99
GOAL_THROUGHPUT = 0.8


def section_urls() -> dict[str, list[str]]:
    def urls(queryset, count=3):
        return [record.get_absolute_url() for record in queryset[:count]]

    with translation.override("cs"):
        return {
            "home": ["/cs/", "/en/"],
            "members": ["/cs/clenove/", *urls(Member.objects.public().order_by("pk"))],
            "good practice": [
                "/cs/dobra-praxe/",
                "/cs/dobra-praxe/?q=participativni+rozpocet",
                *urls(Practice.objects.published().order_by("pk")),
            ],
            "events": ["/cs/akce/", *urls(Event.objects.published().order_by("-start"))],
            "projects": ["/cs/projekty/", *urls(Project.objects.order_by("pk"))],
            "news": ["/cs/aktuality/", *urls(Article.objects.published().order_by("pk"))],
            "site search": ["/cs/hledat/?q=mapy"],
        }


class Command(BaseCommand):
    help = "Hits of the page cache per section and throughput, idle and under writes to events."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=20, help="seconds per phase")
        parser.add_argument("--clients", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--rounds", type=int, default=3, help="idle and busy phases alternate this often"
        )

    def handle(self, *args, duration, clients, workers, rounds, **options):
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run this on a benchmark database (make bench), not on real data.")
        sections = section_urls()
        pages = [(section, url) for section, urls in sections.items() for url in urls]
        with measure.portal(workers=workers, page_cache=True) as base:
            for _section, url in pages:
                measure.fetch(base + url)
            # Idle and busy phases alternate, so that a drift of the machine's own speed
            # (this machine's moves by 2x within an hour) weighs on both alike.
            phases = {False: [], True: []}
            for _round in range(rounds):
                for write in (False, True):
                    phases[write].append(
                        self._phase(base, pages, duration / rounds, clients, write=write)
                    )
            idle, busy = self._combined(phases[False]), self._combined(phases[True])
        self.stdout.write(
            f"Page cache hits per section, {clients} anonymous clients, {duration:g} s idle and "
            f"{duration:g} s with one write a second to events ({busy['writes']} writes), "
            f"alternating in {rounds} rounds:"
        )
        self.stdout.write(f"  {'section':<16} {'idle':>7} {'writes':>7}")
        for section in sections:
            self.stdout.write(
                f"  {section:<16} {idle['hits'][section]:7.1%} {busy['hits'][section]:7.1%}"
            )
        kept = busy["rate"] / idle["rate"] if idle["rate"] else 0
        others = [busy["hits"][s] for s in sections if s not in ("events", "home", "site search")]
        self.stdout.write(
            f"  throughput {idle['rate']:.0f} req/s idle, {busy['rate']:.0f} req/s under writes "
            f"({kept:.0%}; goal ≥ {GOAL_THROUGHPUT:.0%}); worst other section "
            f"{min(others):.1%} hits (goal ≥ {GOAL_HITS:.0%})"
        )

    @staticmethod
    def _combined(phases):
        hits, totals = Counter(), Counter()
        for phase in phases:
            hits.update(phase["hits"])
            totals.update(phase["totals"])
        return {
            "hits": {section: hits[section] / max(1, totals[section]) for section in totals},
            "rate": sum(totals.values()) / sum(phase["elapsed"] for phase in phases),
            "writes": sum(phase["writes"] for phase in phases),
        }

    def _phase(self, base, pages, duration, clients, *, write):
        stop = threading.Event()
        hits, totals = Counter(), Counter()
        lock = threading.Lock()

        def client(seed):
            rng = random.Random(seed)
            while not stop.is_set():
                section, url = rng.choice(pages)
                status, headers, _body = measure.fetch(base + url)
                if status != 200:
                    raise CommandError(f"{url} answered {status}")
                with lock:
                    totals[section] += 1
                    hits[section] += headers.get("x-page-cache") == "hit"

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        writes = 0
        event = Event.objects.published().order_by("-start").first()
        part = RegistrationPart.objects.order_by("-pk").first()
        while time.monotonic() - started < duration:
            if write:
                if writes % 2:
                    RegistrationPart.objects.filter(pk=part.pk).update(updated_at=timezone.now())
                else:
                    # As the admin's change form edits an event (events.cachescopes).
                    with cachescopes.editing([event.pk]):
                        Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())
                writes += 1
            time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        return {"hits": hits, "totals": totals, "elapsed": elapsed, "writes": writes}
