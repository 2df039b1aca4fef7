"""Measure the server time and query count of the event list and an event page."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from bench import measure
from events.models import Event, RegistrationPart


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
        measure.page_timings(self.stdout, pages, runs)
