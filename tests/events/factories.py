"""Factories for the events tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, EventPart
from members.models import Member, Region
from tests.goodpractice.factories import valid_ico


class EventMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Město akcí {n}")
    slug = factory.Sequence(lambda n: f"mesto-akci-{n}")
    kind = Member.Kind.TOWN
    ico = factory.Sequence(lambda n: valid_ico(5_200_000 + n))
    region = factory.LazyFunction(lambda: Region.objects.get(nuts3="CZ051"))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.SEMINAR
    title_cs = factory.Sequence(lambda n: f"Seminář číslo {n}")
    title_en = factory.Sequence(lambda n: f"Seminar number {n}")
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    summary_cs = "Krátké shrnutí akce."
    summary_en = "A short summary of the event."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=6))
    venue_name_cs = "Krajský úřad"
    venue_address = "U Jezu 642/2a, 461 80 Liberec"
    region = factory.LazyFunction(lambda: Region.objects.get(nuts3="CZ051"))
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def hosts(self, create, extracted, **kwargs):
        if create and extracted:
            self.hosts.set(extracted)


class EventPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPart

    event = factory.SubFactory(EventFactory)
    title_cs = factory.Sequence(lambda n: f"Část {n}")
    title_en = factory.Sequence(lambda n: f"Part {n}")
    start = factory.LazyAttribute(lambda part: part.event.start)
    end = factory.LazyAttribute(lambda part: part.event.end)
    capacity = 10
