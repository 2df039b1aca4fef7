import pytest

from tests.factories import MemberFactory, PersonFactory, RatingFactory, RoleFactory, UserFactory


@pytest.fixture
def tachov(db):
    from members.models import Region

    member = MemberFactory(
        name="Tachov",
        slug="tachov",
        kind="town",
        ico="00260231",
        region=Region.objects.get(nuts3="CZ032"),
        latitude=49.7953,
        longitude=12.6336,
        website="https://www.tachov.cz",
        description_cs="Město na západě Čech.",
        description_en="A town in West Bohemia.",
    )
    RoleFactory(
        member=member,
        kind="politician",
        person=PersonFactory(title_before="Mgr.", first_name="Petr", last_name="Vrána"),
        position_cs="starosta",
        position_en="mayor",
    )
    RoleFactory(
        member=member,
        kind="coordinator",
        person=PersonFactory(
            title_before="Mgr.",
            first_name="Tereza",
            last_name="Kořínská",
            email="korinska@tachov.example.org",
            phone="+420 374 774 209",
        ),
        position_cs="tisková mluvčí",
        position_en="press officer",
    )
    RatingFactory(member=member, year=2023, category="D")
    RatingFactory(member=member, year=2024, category="C", stars=1)
    return member


@pytest.fixture
def coordinator(tachov):
    account = UserFactory(email="koordinator.tachov@example.org")
    tachov.coordinators.add(account)
    return account


@pytest.fixture
def brno(db):
    from members.models import Region

    return MemberFactory(
        name="Brno", slug="brno", kind="statutory_city", region=Region.objects.get(nuts3="CZ064")
    )
