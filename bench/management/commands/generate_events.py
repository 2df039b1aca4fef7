"""Generate many events with parts and registrations for load tests (not for production)."""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.models import Event, EventPart, Registration, RegistrationPart
from members.models import Member, Region
from network_portal.db import vacuum_analyze

TOPICS_CS = [
    "participativní rozpočet",
    "pocitové mapy",
    "zdravé stárnutí",
    "Místní agenda 21",
    "veřejná fóra",
    "strategické plánování",
    "bezpečné cesty do škol",
    "komunitní zahrady",
    "zapojování mládeže",
    "udržitelná doprava",
]
TOPICS_EN = [
    "participatory budgeting",
    "feeling maps",
    "healthy ageing",
    "Local Agenda 21",
    "public forums",
    "strategic planning",
    "safe routes to school",
    "community gardens",
    "youth participation",
    "sustainable transport",
]
BATCH = 5000


class Command(BaseCommand):
    help = (
        "Add synthetic events (1–3 parts each) and registrations: by default 20,000 events "
        "and 200,000 registrations, spread over the past and the next years."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=20_000)
        parser.add_argument("--registrations", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, events, registrations, seed, **options):
        rng = random.Random(seed)
        started = time.perf_counter()
        regions = list(Region.objects.all())
        members = list(Member.objects.only("pk", "name")[:2000])
        kinds = Event.Kind.values
        now = timezone.now()
        first = Event.objects.count()
        with transaction.atomic():
            new_events = []
            for number in range(first, first + events):
                topic = rng.randrange(len(TOPICS_CS))
                start = now + timedelta(
                    days=rng.randint(-6 * 365, 2 * 365), hours=rng.randint(8, 14)
                )
                online = rng.random() < 0.3
                new_events.append(
                    Event(
                        kind=rng.choice(kinds),
                        title_cs=f"{TOPICS_CS[topic].capitalize()} – setkání {number}",
                        title_en=f"{TOPICS_EN[topic].capitalize()} – meeting {number}",
                        slug=f"syn-akce-{number}",
                        summary_cs=f"Setkání o tématu {TOPICS_CS[topic]}.",
                        summary_en=f"A meeting on {TOPICS_EN[topic]}.",
                        start=start,
                        end=start + timedelta(hours=rng.choice([2, 6, 30])),
                        is_online=online,
                        region=None if online else rng.choice(regions),
                        venue_name_cs="" if online else "Sál zastupitelstva",
                        status=Event.Status.PUBLISHED if rng.random() < 0.95 else "cancelled",
                    )
                )
            created = Event.objects.bulk_create(new_events, batch_size=BATCH)
            links = [
                Event.hosts.through(event_id=event.pk, member_id=member.pk)
                for event in created
                for member in rng.sample(members, k=min(len(members), rng.randint(0, 2)))
            ]
            Event.hosts.through.objects.bulk_create(links, batch_size=BATCH)
            parts = []
            for event in created:
                for position in range(rng.randint(1, 3)):
                    start = event.start + timedelta(days=position)
                    parts.append(
                        EventPart(
                            event=event,
                            title_cs=f"{position + 1}. část",
                            title_en=f"Part {position + 1}",
                            start=start,
                            end=start + timedelta(hours=4),
                            capacity=rng.choice([None, 20, 40, 80]),
                            position=position,
                        )
                    )
            parts = EventPart.objects.bulk_create(parts, batch_size=BATCH)
            statuses = ["confirmed"] * 8 + ["waiting", "cancelled"]
            for offset in range(0, registrations, BATCH):
                chunk = range(offset, min(offset + BATCH, registrations))
                chosen = [rng.choice(parts) for _ in chunk]
                people = Registration.objects.bulk_create(
                    [
                        Registration(
                            event_id=part.event_id,
                            name=f"Účastník {number}",
                            email=f"syn{first}-{number}@example.org",
                            member=rng.choice(members) if members and rng.random() < 0.6 else None,
                            show_organisation=rng.random() < 0.5,
                            token_nonce=f"{number:032x}",
                        )
                        for number, part in zip(chunk, chosen, strict=True)
                    ]
                )
                RegistrationPart.objects.bulk_create(
                    [
                        RegistrationPart(
                            registration=person,
                            part=part,
                            email=person.email,
                            status=rng.choice(statuses),
                        )
                        for person, part in zip(people, chosen, strict=True)
                    ]
                )
        vacuum_analyze(
            "events_event",
            "events_event_hosts",
            "events_eventpart",
            "events_registration",
            "events_registrationpart",
        )
        self.stdout.write(
            f"{events} events with {len(parts)} parts and {registrations} registrations in "
            f"{time.perf_counter() - started:.0f} s."
        )
