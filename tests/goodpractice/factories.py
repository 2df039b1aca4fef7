"""Factories for the good-practice tests (members created here stay independent of the
members app's own test factories)."""

import factory
from django.utils import timezone

from goodpractice.models import Goal, Method, Practice, TargetGroup, Topic
from members.models import Member, Region


def valid_ico(number: int) -> str:
    """An eight-digit IČO with a correct mod-11 check digit."""
    digits = f"{number:07d}"[-7:]
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 10
    return digits + str(check)


class GPMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Zdravé město {n}")
    slug = factory.Sequence(lambda n: f"zdrave-mesto-{n}")
    kind = Member.Kind.TOWN
    ico = factory.Sequence(lambda n: valid_ico(3_100_000 + n))
    region = factory.LazyFunction(lambda: Region.objects.get(nuts3="CZ064"))


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title_cs = factory.Sequence(lambda n: f"Příklad dobré praxe {n}")
    title_en = factory.Sequence(lambda n: f"Good practice example {n}")
    slug = factory.Sequence(lambda n: f"priklad-{n}")
    summary_cs = "Krátké shrnutí příkladu."
    summary_en = "A short summary of the example."
    body_cs = "Podrobný popis."
    body_en = "A detailed description."
    year_from = 2022
    topic = factory.LazyFunction(lambda: Topic.objects.get(slug="zdravi"))
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(TargetGroup.objects.filter(slug__in=extracted))

    @factory.post_generation
    def methods(self, create, extracted, **kwargs):
        if create and extracted:
            self.methods.set(Method.objects.filter(slug__in=extracted))

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(Goal.objects.filter(number__in=extracted))
