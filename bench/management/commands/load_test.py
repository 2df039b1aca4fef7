"""``manage.py load_test``: the portal under a few minutes of mixed load (locust).

Starts gunicorn with production-like settings (bench.http_settings: DEBUG off, the
registration rate limits lifted because every request comes from 127.0.0.1) on the
benchmark database, runs bench/locustfile.py headless, prints latency per page kind and the
throughput, and fails when any request failed (a 5xx above all). Development settings only.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from bench.server import ROOT, database_url, gunicorn
from events.models import Event
from goodpractice.models import Practice
from members.models import Member
from news.models import Article
from projects.models import Project

PASSWORD = "zatezovy-test-heslo"  # noqa: S105  (accounts of the benchmark database only)
SAMPLE = 200


class Command(BaseCommand):
    help = "Run the locust load scenario against gunicorn and report latency per page kind."

    def add_arguments(self, parser):
        parser.add_argument("--duration", default="3m", help="How long, e.g. 90s, 3m")
        parser.add_argument("--users", type=int, default=30, help="Simulated people at once")
        parser.add_argument("--spawn-rate", type=float, default=5)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")

    def handle(self, *args, **options):
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run this on a benchmark database (make bench), not on real data.")
        folder = Path(tempfile.mkdtemp(prefix="portal-load-"))
        targets = self._targets()
        (folder / "targets.json").write_text(json.dumps(targets))
        env = {
            "DJANGO_SETTINGS_MODULE": "bench.http_settings",
            "DATABASE_URL": database_url(connection.settings_dict),
            "MEDIA_ROOT": str(folder / "media"),
        }
        with gunicorn(env, workers=options["workers"], log=folder / "gunicorn.log") as base:
            targets["registration"] = [
                url for url in targets["registration"] if _answers(base + url)
            ][:20]
            if not targets["registration"]:
                raise CommandError("No event of the benchmark database takes registrations.")
            (folder / "targets.json").write_text(json.dumps(targets))
            self.stdout.write(
                f"locust: {options['users']} people for {options['duration']} against "
                f"gunicorn × {options['workers']} ({base})"
            )
            result = subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
                    "--headless", "--host", base, "--users", str(options["users"]),
                    "--spawn-rate", str(options["spawn_rate"]), "--run-time", options["duration"],
                    "--csv", str(folder / "load"), "--only-summary", "--loglevel", "WARNING",
                ],
                cwd=ROOT,
                env={**os.environ, "BENCH_TARGETS": str(folder / "targets.json")},
                capture_output=True,
                text=True,
                check=False,
            )  # fmt: skip
        self._report(folder / "load_stats.csv", folder / "load_failures.csv", result)

    def _targets(self) -> dict:
        members = list(Member.objects.public().order_by("?")[:SAMPLE])
        practices = list(Practice.objects.published().order_by("?")[:SAMPLE])
        events = list(Event.objects.published().order_by("?")[:SAMPLE])
        projects = list(Project.objects.order_by("?")[:50])
        articles = list(Article.objects.published().order_by("?")[:50])
        targets = {}
        for language in ("cs", "en"):
            with translation.override(language):
                targets[language] = {
                    "members_list": [reverse("members:list")],
                    "member": [m.get_absolute_url() for m in members],
                    "practices_list": [reverse("goodpractice:list")],
                    "practice": [p.get_absolute_url() for p in practices],
                    "events_list": [reverse("events:list")],
                    "event": [e.get_absolute_url() for e in events],
                    "projects_list": [reverse("projects:list")],
                    "project": [p.get_absolute_url() for p in projects],
                    "news_list": [reverse("news:list")],
                    "article": [a.get_absolute_url() for a in articles],
                    "search": [reverse("search")],
                }
        upcoming = Event.objects.open_for_registration().order_by("?")[:100]
        with translation.override("cs"):
            targets["registration"] = [reverse("events:register", args=[e.slug]) for e in upcoming]
            targets["login"] = reverse("account_login")
            targets["coordinators"] = self._coordinators(members[:10])
        targets["password"] = PASSWORD
        return targets

    def _coordinators(self, members) -> list[dict]:
        """One account per member, coordinating it (in the benchmark database only)."""
        from django.contrib.auth import get_user_model

        accounts = []
        for number, member in enumerate(members):
            user, _created = get_user_model().objects.get_or_create(
                email=f"zatez-koordinator-{number}@example.org"
            )
            user.set_password(PASSWORD)
            user.save()
            member.coordinators.add(user)
            accounts.append(
                {"email": user.email, "edit": reverse("members:edit", args=[member.slug])}
            )
        return accounts

    def _report(self, stats_path: Path, failures_path: Path, result) -> None:
        if not stats_path.exists():
            raise CommandError(f"locust did not run:\n{result.stdout}\n{result.stderr}")
        with stats_path.open() as stream:
            rows = list(csv.DictReader(stream))
        line = "{:<24} {:>8} {:>6} {:>7} {:>7} {:>7} {:>7} {:>8}"
        self.stdout.write(line.format("page", "requests", "fails", "p50 ms", "p95 ms", "p99 ms",
                                      "max ms", "req/s"))  # fmt: skip
        for row in rows:
            self.stdout.write(
                line.format(
                    row["Name"][:24], row["Request Count"], row["Failure Count"], row["50%"],
                    row["95%"], row["99%"], round(float(row["Max Response Time"])),
                    f"{float(row['Requests/s']):.1f}",
                )
            )  # fmt: skip
        failures = []
        if failures_path.exists():
            with failures_path.open() as stream:
                failures = list(csv.DictReader(stream))
        server_errors = sum(
            int(f["Occurrences"]) for f in failures if "HTTP 5" in f["Error"] or "50" in f["Error"]
        )
        total = next((r for r in rows if r["Name"] == "Aggregated"), None)
        if total:
            self.stdout.write(
                f"Throughput {float(total['Requests/s']):.1f} requests/s over "
                f"{total['Request Count']} requests; server errors (5xx): {server_errors}"
            )
        if failures:
            for failure in failures:
                self.stdout.write(
                    f"  FAILED {failure['Method']} {failure['Name']}: {failure['Error']} "
                    f"× {failure['Occurrences']}"
                )
            raise CommandError(f"{sum(int(f['Occurrences']) for f in failures)} requests failed.")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
