"""Throughput of every public page, cached and uncached, against a bare Django "hello" view.

Three gunicorns with the same settings (2 workers): a bare Django project with one hello view
and nothing else (``bench/bare_settings.py``), the portal with its page cache and the portal
without it (``bench.http_settings``: DEBUG off). wrk loads one URL at a time as anonymous
browsers do (no cookies, ``Accept-Encoding: gzip``, 4 connections). Each page's runs sit
between runs of the bare hello, and R (page / hello) is taken against the mean of the hello
runs around it, so a machine whose load changes during the benchmark shifts both sides alike;
the median over the rounds is reported. The portal's own hello (``bench/http_urls.py``: the
portal's whole middleware, no page work) is measured as a page too.
"""

import os
import statistics

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bench import measure
from bench.http_urls import HELLO_PATH as PORTAL_HELLO_PATH
from events.models import Event
from goodpractice.models import Practice
from members.models import Member
from news.models import Article
from projects.models import Project

# Goals of issue 25: (worst, median) R with the page cache on (hits) and off.
GOALS = {"cached": (0.6, 0.75), "uncached": (0.02, 0.05)}


def _first_url(queryset, language="cs"):
    record = queryset.first()
    if record is None:
        return None
    with translation.override(language):
        return record.get_absolute_url()


def public_pages() -> list[tuple[str, str]]:
    member = Member.objects.public().order_by("-population", "pk")
    pages = [
        ("home", "/cs/"),
        ("member directory", "/en/members/"),
        ("member profile", _first_url(member)),
        ("good-practice list", "/cs/dobra-praxe/"),
        ("good-practice search", "/cs/dobra-praxe/?q=participativni+rozpocet"),
        ("good-practice record", _first_url(Practice.objects.published().order_by("pk"))),
        ("site search", "/cs/hledat/?q=mapy"),
        ("events list", "/cs/akce/"),
        ("event page", _first_url(Event.objects.published().upcoming().order_by("start"))),
        ("projects list", "/cs/projekty/"),
        ("project page", _first_url(Project.objects.order_by("pk"))),
        ("news list", "/cs/aktuality/"),
        ("news article", _first_url(Article.objects.published().order_by("-published_at"))),
    ]
    missing = [name for name, url in pages if url is None]
    if missing:
        raise CommandError(
            f"No record for: {', '.join(missing)} (run the generators and load_demo first)."
        )
    return pages


class Command(BaseCommand):
    help = (
        "Measure the requests per second of every public page, with the page cache and "
        "without, against a bare Django hello view under the same gunicorn settings (wrk), "
        "and print R = page / hello per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=2, help="seconds per wrk run")
        parser.add_argument(
            "--uncached-duration",
            type=float,
            default=6,
            help="seconds per wrk run of an uncached page (enough for a few slow responses)",
        )
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--cache-url",
            default="",
            help="CACHE_URL for the portal (e.g. redis://127.0.0.1:6379/0); default PostgreSQL",
        )
        parser.add_argument(
            "--no-shared-parts",
            action="store_true",
            help="uncached pages compute their shared parts too (pagecache.shared), as before",
        )

    def handle(
        self,
        *args,
        duration,
        uncached_duration,
        rounds,
        connections,
        workers,
        cache_url,
        no_shared_parts,
        **options,
    ):
        measure.wrk_binary()
        pages = [*public_pages(), ("portal hello (no page)", PORTAL_HELLO_PATH)]
        modes = ("cached", "uncached")
        rates = {(name, mode): [] for name, _url in pages for mode in modes}
        ratios = {(name, mode): [] for name, _url in pages for mode in modes}
        hellos = []
        load_before = os.getloadavg()
        with (
            measure.bare_hello(workers=workers) as hello_url,
            measure.portal(workers=workers, page_cache=True, cache_url=cache_url) as cached,
            measure.portal(
                workers=workers,
                page_cache=False,
                cache_url=cache_url,
                shared_parts=not no_shared_parts,
            ) as uncached,
        ):
            bases = {"cached": cached, "uncached": uncached}
            for name, url in pages:  # every page served (and stored) once
                for base in bases.values():
                    status, _headers, _body = measure.fetch(base + url)
                    if status != 200:
                        raise CommandError(f"{name}: {base + url} answered {status}")

            def run(url, seconds=duration):
                return measure.wrk(url, duration=seconds, connections=connections)

            for _round in range(rounds):
                before = run(hello_url)
                hellos.append(before)
                for name, url in pages:
                    for mode in modes:
                        seconds = duration if mode == "cached" else uncached_duration
                        rate = run(bases[mode] + url, seconds)
                        after = run(hello_url)
                        hellos.append(after)
                        rates[name, mode].append(rate)
                        ratios[name, mode].append(rate / ((before + after) / 2))
                        before = after
        load_after = os.getloadavg()
        self._report(pages, rates, ratios, hellos, workers, connections, rounds)
        parts = "computed for each page" if no_shared_parts else "cached (pagecache.shared)"
        self.stdout.write(f"  page cache off: the shared parts of pages {parts}")
        self.stdout.write(f"  load average {load_before[0]:.1f} → {load_after[0]:.1f}")

    def _report(self, pages, rates, ratios, hellos, workers, connections, rounds):
        median = statistics.median
        self.stdout.write(
            f"HTTP throughput against a bare Django hello ({median(hellos):.0f} req/s), "
            f"gunicorn × {workers}, wrk {connections} connections, Accept-Encoding: gzip, "
            f"{rounds} rounds; R = page / hello:"
        )
        line = "  {:<24} {:>9} {:>8} {:>9} {:>8}  {}"
        self.stdout.write(line.format("page", "hit req/s", "R hit", "off req/s", "R off", "url"))
        for name, url in sorted(pages, key=lambda page: -median(ratios[page[0], "uncached"])):
            self.stdout.write(
                line.format(
                    name, f"{median(rates[name, 'cached']):.0f}",
                    f"{median(ratios[name, 'cached']):.3f}",
                    f"{median(rates[name, 'uncached']):.2f}",
                    f"{median(ratios[name, 'uncached']):.4f}", url,
                )
            )  # fmt: skip
        public = [name for name, url in pages if url.startswith(("/cs/", "/en/"))]
        for mode, label in (("cached", "page cache on (hits)"), ("uncached", "page cache off")):
            values = {name: median(ratios[name, mode]) for name in public}
            worst = min(values, key=values.get)
            goal_worst, goal_median = GOALS[mode]
            typical = median(values.values())
            verdict = (
                "meets" if values[worst] >= goal_worst and typical >= goal_median else "MISSES"
            )
            self.stdout.write(
                f"  {label}: worst R {values[worst]:.4f} ({worst}), median R {typical:.4f}: "
                f"{verdict} the goal (worst ≥ {goal_worst}, median ≥ {goal_median})"
            )
