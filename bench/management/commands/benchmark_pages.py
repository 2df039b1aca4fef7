"""Whole-response latency of one client: the good-practice list with the page cache off, as
its first visitor after an example was saved gets it (the parts of the page that read no
example's table shared) and with the shared parts off too (every request does the whole
work), and the pages of logged-in people (who never get a cached page) at the benchmark's
volumes.

gunicorn (2 workers, ``bench.http_settings``) serves the portal; one client requests each URL
``--runs`` times one after another (after two warm-up requests) and the command prints p50,
p95 and max of the whole response as the client saw it. Logged-in pages use a session stored
for a coordinator of the largest member and for a superuser of the benchmark database.
"""

import functools
import random
import time
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from bench import measure
from bench.management.commands.benchmark_search import QUERIES
from events.models import EventPart
from goodpractice.indexing import practice_index_refresh
from goodpractice.models import Practice, TargetGroup, Topic
from members.models import Member, Region

BROAD_WORDS = {"cs": "město", "en": "city"}
GOALS_MS = {"good-practice list": 100, "logged-in": 100}


def practice_list_urls(rng: random.Random) -> list[tuple[str, str]]:
    """The good-practice list in both languages: bare, with words, with filters, with both,
    and with a word found in most examples."""
    topics = list(Topic.objects.values_list("slug", flat=True))
    groups = list(TargetGroup.objects.values_list("slug", flat=True))
    regions = list(Region.objects.values_list("nuts3", flat=True))
    urls = []
    for language in ("cs", "en"):
        with translation.override(language):
            base = reverse("goodpractice:list")
        filters = [("topic", rng.choice(topics)), ("group", rng.choice(groups))]
        filters.append(("region", rng.choice(regions)))
        cases = {
            "no words": [],
            "words": [("q", rng.choice(QUERIES[language]))],
            "filters": filters,
            "words + filters": [("q", rng.choice(QUERIES[language])), filters[0], filters[2]],
            # The broadest word of the network's examples: found in most of them.
            "broad word": [("q", BROAD_WORDS[language])],
        }
        for label, params in cases.items():
            urls.append((f"{language} {label}", base + (f"?{urlencode(params)}" if params else "")))
    return urls


def logged_in_urls() -> list[tuple[str, str, object]]:
    """(label, url, user) of the logged-in pages: a coordinator's, a staff member's."""
    users = get_user_model().objects
    member = Member.objects.public().order_by("-population", "pk").first()
    coordinator, _created = users.get_or_create(email="zatez-mereni-koordinator@example.org")
    member.coordinators.add(coordinator)
    staff = users.filter(is_superuser=True, is_active=True).first()
    if staff is None:
        staff = users.create_superuser(email="zatez-mereni-spravce@example.org", password=None)
    part = (
        EventPart.objects.annotate(booked=Count("registrations"))
        .order_by("-booked", "pk")
        .select_related("event")
        .first()
    )
    with translation.override("cs"):
        urls = [
            ("coordinator: member page", member.get_absolute_url(), coordinator),
            ("coordinator: edit form", reverse("members:edit", args=[member.slug]), coordinator),
            (
                f"staff: check-in ({part.booked} registered)",
                reverse("events:check-in", args=[part.event.slug, part.pk]),
                staff,
            ),
        ]
        for model in ("events_event", "events_registration", "goodpractice_practice"):
            urls.append((f"staff: admin {model}", reverse(f"admin:{model}_changelist"), staff))
    return urls


# Which example is saved next: the same sequence in every run.
_saved = random.Random(11)


def _example_saved():
    """As after an example was saved: a published example's search rows written again (its
    block's generation renewed, its tables' generations bumped; the servers learn of it
    through LISTEN/NOTIFY, given a moment)."""
    practice_index_refresh([_saved.choice(_published_ids())])
    time.sleep(0.02)


@functools.cache
def _published_ids() -> list[int]:
    return list(Practice.objects.published().values_list("pk", flat=True))


class Command(BaseCommand):
    help = (
        "Whole-response p50/p95 of one client: the good-practice list with the page cache off "
        "(cs and en, with and without words and filters) and the logged-in pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--only",
            choices=["practices", "logged-in"],
            help="measure only the good-practice list or only the logged-in pages",
        )

    def handle(self, *args, runs, workers, seed, only=None, **options):
        if "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run this on a benchmark database (make bench), not on real data.")
        practice_urls = practice_list_urls(random.Random(seed))
        private_urls = logged_in_urls()
        cookies = {user.pk: measure.session_cookie(user) for _label, _url, user in private_urls}
        if only != "logged-in":
            self._practices(practice_urls, runs, workers)
        if only != "practices":
            self._logged_in(private_urls, cookies, runs, workers)

    def _practices(self, practice_urls, runs, workers):
        # The first visitor of an address after an example was saved: the counts and the body
        # of every list address are stale, what reads no example's table (the vocabularies,
        # the navigation, the footer) is still shared.
        with measure.portal(workers=workers, page_cache=False, shared_parts=True) as base:
            self.stdout.write(
                f"Good-practice list, page cache off, an example saved before each request "
                f"(the parts that read no example's table shared), one client, {runs} "
                f"requests per URL (goal p95 ≤ {GOALS_MS['good-practice list']} ms):"
            )
            self._measure(
                [(label, base + url, {}) for label, url in practice_urls],
                runs,
                before=_example_saved,
            )
        # Nothing shared either: every request counts and draws the whole list.
        with measure.portal(workers=workers, page_cache=False, shared_parts=False) as base:
            self.stdout.write(
                f"Good-practice list, page cache and shared parts off, one client, {runs} "
                f"requests per URL "
                f"(goal p95 ≤ {GOALS_MS['good-practice list']} ms):"
            )
            self._measure([(label, base + url, {}) for label, url in practice_urls], runs)

    def _logged_in(self, private_urls, cookies, runs, workers):
        with measure.portal(workers=workers, page_cache=True) as base:
            self.stdout.write(
                f"Logged-in pages, one client, {runs} requests per URL "
                f"(goal p95 ≤ {GOALS_MS['logged-in']} ms):"
            )
            self._measure(
                [
                    (label, base + url, {"Cookie": cookies[user.pk]})
                    for label, url, user in private_urls
                ],
                runs,
            )

    def _measure(self, cases, runs, before=None):
        worst = 0.0
        for label, url, headers in cases:
            times = measure.latencies(url, runs=runs, headers=headers, before=before)
            worst = max(worst, measure.percentile(times, 0.95))
            self.stdout.write(f"  {label:<36} {measure.summary(times)}")
        self.stdout.write(f"  worst p95 {worst:.1f} ms")
