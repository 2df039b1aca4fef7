"""Throughput of every public page against a bare Django "hello" view, served the same way.

gunicorn (2 workers, ``bench.http_settings``: the portal's middleware and shared cache, DEBUG
off) serves the portal and the hello view of ``bench/http_urls.py``; wrk loads one URL at a
time as anonymous browsers do (no cookies, ``Accept-Encoding: gzip``). Each page's run sits
between two runs of the hello view, and its ratio is taken against their mean, so a machine
whose load changes during the benchmark (other processes, CPU frequency) shifts both sides
alike; the median over the rounds is reported, the worst page last.
"""

import os
import re
import shutil
import statistics
import subprocess
import urllib.request

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bench.http_urls import HELLO_PATH
from bench.server import gunicorn
from events.models import Event
from goodpractice.models import Practice
from members.models import Member
from news.models import Article
from projects.models import Project

GOAL = 0.5
_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_BAD = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def _first_url(queryset, language="cs"):
    record = queryset.first()
    if record is None:
        return None
    with translation.override(language):
        return record.get_absolute_url()


class Command(BaseCommand):
    help = (
        "Measure the requests per second of every public page and of a bare hello view under "
        "gunicorn with wrk, interleaved, and print each page's ratio to hello (worst last)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--cache-url",
            default="",
            help="CACHE_URL for the servers (e.g. redis://127.0.0.1:6379/0); default PostgreSQL",
        )
        parser.add_argument(
            "--no-page-cache",
            action="store_true",
            help="serve every page uncached (PAGE_CACHE_ENABLED=false), for comparison",
        )

    def pages(self):
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

    def handle(
        self, *args, duration, rounds, connections, workers, cache_url, no_page_cache, **options
    ):
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed (Debian/Ubuntu: apt-get install wrk).")
        pages = self.pages()
        env = {
            "DJANGO_SETTINGS_MODULE": "bench.http_settings",
            "PAGE_CACHE_ENABLED": "false" if no_page_cache else "true",
            "CACHE_URL": cache_url,
        }
        load_before = os.getloadavg()
        with gunicorn(env, workers=workers) as base:
            for _name, url in [("hello", HELLO_PATH), *pages]:
                self._check(base + url)

            def measure(url):
                return self._wrk(wrk, base + url, duration, connections)

            results = {name: {"rps": [], "hello": [], "ratio": []} for name, _url in pages}
            for _round in range(rounds):
                hello_before = measure(HELLO_PATH)
                for name, url in pages:
                    rate = measure(url)
                    hello_after = measure(HELLO_PATH)
                    hello = (hello_before + hello_after) / 2
                    results[name]["rps"].append(rate)
                    results[name]["hello"].append(hello)
                    results[name]["ratio"].append(rate / hello if hello else 0)
                    hello_before = hello_after
        load_after = os.getloadavg()

        rows = sorted(
            (
                (
                    name,
                    url,
                    statistics.median(results[name]["rps"]),
                    statistics.median(results[name]["hello"]),
                    statistics.median(results[name]["ratio"]),
                )
                for name, url in pages
            ),
            key=lambda row: -row[4],
        )
        self.stdout.write(
            f"HTTP throughput, gunicorn × {workers}, wrk {connections} connections, "
            f"{rounds} rounds × {duration} s per URL, page cache "
            f"{'off' if no_page_cache else 'on'} in {cache_url or 'PostgreSQL'} "
            f"(load average {load_before[0]:.1f} → "
            f"{load_after[0]:.1f}):"
        )
        self.stdout.write(f"  {'page':<22} {'req/s':>8} {'hello req/s':>12} {'ratio':>7}  url")
        for name, url, rate, hello, ratio in rows:
            self.stdout.write(f"  {name:<22} {rate:8.0f} {hello:12.0f} {ratio:7.2f}  {url}")
        worst = rows[-1]
        verdict = "meets" if worst[4] >= GOAL else "MISSES"
        self.stdout.write(f"  worst ratio {worst[4]:.2f} ({worst[0]}): {verdict} the goal {GOAL}")

    @staticmethod
    def _check(url):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200:
                raise CommandError(f"{url} answered {response.status}")

    @staticmethod
    def _wrk(wrk, url, duration, connections) -> float:
        run = subprocess.run(
            [
                wrk,
                "--threads",
                "1",
                "--connections",
                str(connections),
                "--duration",
                f"{duration}s",
                # Slow (uncached) pages must not count as errors.
                "--timeout",
                "30s",
                "--header",
                "Accept-Encoding: gzip",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        bad = _BAD.search(run.stdout)
        errors = _SOCKET.search(run.stdout)
        if bad or (errors and any(int(count) for count in errors.groups())):
            raise CommandError(f"Errors while loading {url}:\n{run.stdout}")
        return float(_RATE.search(run.stdout).group(1))
