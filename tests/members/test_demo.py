"""The members' demo content."""

import io

import pytest
from django.core.management import call_command

from members.models import Member, Rating, validate_ico
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
