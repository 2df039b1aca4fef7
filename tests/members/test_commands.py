"""The demo content, the synthetic register generator and the benchmark."""

import io

import pytest
from django.core.management import call_command

from members.models import Member, Person, Rating, Role, validate_ico
from network_portal.models import User

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_load_demo_creates_the_members_from_the_news(settings):
    """load_demo adds Tachov with its people, Liberecký kraj since 2011 and the others."""
    settings.DEBUG = True
    run("load_demo")
    run("load_demo")  # idempotent
    tachov = Member.objects.get(slug="tachov")
    assert tachov.region.nuts3 == "CZ032"
    people = {role.person.full_name: role.kind for role in tachov.roles.select_related("person")}
    assert people == {"Mgr. Petr Vrána": "politician", "Mgr. Tereza Kořínská": "coordinator"}
    liberec = Member.objects.get(slug="liberecky-kraj")
    assert liberec.member_since.year == 2011 and liberec.kind == "region"
    assert liberec.roles.get().person.last_name == "Loučková Kotasová"
    for slug in [
        "rokycany",
        "prestice",
        "klatovy",
        "brno",
        "praha",
        "chrudim",
        "litomerice",
        "prachatice",
        "valasske-mezirici",
        "jihomoravsky-kraj",
        "kraj-vysocina",
    ]:
        member = Member.objects.get(slug=slug)
        validate_ico(member.ico)
        assert member.latitude is not None
    assert Member.objects.count() == 15
    assert Rating.objects.filter(member=tachov).count() == 4
    coordinator = User.objects.get(email="koordinator.tachov@example.org")
    assert list(coordinator.coordinated_members.all()) == [tachov]


def test_load_demo_without_debug_creates_no_accounts(settings):
    """With DEBUG off, the demo members load but no account with a known password is made."""
    settings.DEBUG = False
    output = run("load_demo")
    assert Member.objects.filter(slug="tachov").exists()
    assert not User.objects.exists()
    assert "no coordinator account" in output


def test_generate_register_and_clear():
    """The generator makes the requested numbers of valid rows, and --clear removes them."""
    run("generate_register", members=40, people=120, ratings=400, seed=1)
    generated = Member.objects.filter(slug__startswith="syn-")
    assert generated.count() == 40
    assert Role.objects.filter(member__in=generated).count() == 120
    assert Rating.objects.filter(member__in=generated).count() == 400
    for member in generated[:10]:
        member.full_clean(exclude=["coordinators"])
    run("generate_register", clear=True)
    assert not Member.objects.exists()
    assert not Person.objects.exists()


def test_directory_queries_are_the_same_at_generated_size(client, django_assert_num_queries):
    """At several hundred members the directory and a profile keep their pinned counts."""
    from tests.members.test_directory import DIRECTORY_QUERIES
    from tests.members.test_profile import PROFILE_QUERIES

    run("generate_register", members=300, people=900, ratings=3000, seed=2)
    with django_assert_num_queries(DIRECTORY_QUERIES):
        assert client.get("/cs/clenove/").status_code == 200
    with django_assert_num_queries(DIRECTORY_QUERIES):
        assert client.get("/en/members/", {"q": "lhota", "category": "C"}).status_code == 200
    member = Member.objects.public().first()
    with django_assert_num_queries(PROFILE_QUERIES):
        assert client.get(member.get_absolute_url()).status_code == 200


def test_benchmark_reports_every_page():
    """The benchmark prints time and queries for the directory, a profile and the exports."""
    run("generate_register", members=20, people=60, ratings=100)
    output = run("benchmark_members", runs=2)
    assert "directory" in output and "profile" in output and "export CSV" in output
