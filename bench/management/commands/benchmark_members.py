"""Measure the server time and query count of the directory and a profile at the current size."""

from django.core.management.base import BaseCommand, CommandError

from bench import measure
from members.models import Member, Rating, Role


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
        measure.page_timings(self.stdout, pages, runs)
