"""factory_boy factories shared by the test suite."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

PASSWORD = "heslo-pro-testy-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="cs_CZ")
    last_name = factory.Faker("last_name", locale="cs_CZ")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


# Members --------------------------------------------------------------------------------------


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Member"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Obec {n}")
    slug = factory.Sequence(lambda n: f"obec-{n}")
    kind = "town"
    ico = factory.Sequence(lambda n: _ico(8_000_000 + n))
    region = factory.LazyFunction(lambda: _region("CZ032"))
    population = 5000
    # Decimals, as the fields store them: a float such as 49.0 + 0.07 is 49.07000000000001,
    # which a form posting the factory's value back rejects (more than 6 decimal places).
    latitude = factory.Sequence(lambda n: Decimal(4900 + n % 100) / 100)
    longitude = factory.Sequence(lambda n: Decimal(1300 + n % 300) / 100)
    description_cs = "Popis obce."
    description_en = "About the town."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Person"

    first_name = factory.Faker("first_name", locale="cs_CZ")
    last_name = factory.Faker("last_name", locale="cs_CZ")
    email = factory.Sequence(lambda n: f"person{n}@mesto.example.org")
    phone = "+420 123 456 789"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Role"

    member = factory.SubFactory(MemberFactory)
    person = factory.SubFactory(PersonFactory)
    kind = "coordinator"
    position_cs = "referent"
    position_en = "officer"


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "members.Rating"

    member = factory.SubFactory(MemberFactory)
    year = 2024
    category = "C"


def _ico(number):
    from members.models import ico_with_check_digit

    return ico_with_check_digit(number)


def _region(nuts3):
    from members.models import Region

    return Region.objects.get(nuts3=nuts3)
