"""The synthetic register generator and the members benchmark (on a small scale here)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from members.models import Member, Person, Rating, Role

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


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
    # Searched with words: one more, the visitor's search limit (ratelimit.VISITOR_LIMITS).
    with django_assert_num_queries(DIRECTORY_QUERIES + 1):
        assert client.get("/en/members/", {"q": "lhota", "category": "C"}).status_code == 200
    member = Member.objects.public().first()
    with django_assert_num_queries(PROFILE_QUERIES):
        assert client.get(member.get_absolute_url()).status_code == 200


def test_benchmark_reports_every_page(settings):
    """The benchmark prints time and queries for the directory, a profile and the exports;
    the per-visitor limits, which its one address would reach (at 30 runs the downloads'
    20 a minute, and `make bench` stopped there), do not apply to it."""
    settings.VISITOR_RATE_LIMITS = {
        "open-data": (1, timedelta(minutes=1)),
        "list-search": (1, timedelta(minutes=1)),
    }
    run("generate_register", members=20, people=60, ratings=100)
    output = run("benchmark_members", runs=2)
    assert "directory" in output and "profile" in output and "export CSV" in output


def test_directory_of_two_thousand_members_stays_small(client, django_assert_num_queries):
    """At 2,000 members the map counts by region (one query more) and the page stays under
    150 KB; each region circle links to the list of that region, the list stays complete."""
    from tests.members.test_directory import DIRECTORY_QUERIES

    run("generate_register", members=2000, people=10, ratings=10, seed=3)
    for path in ("/cs/clenove/", "/en/members/"):
        with django_assert_num_queries(DIRECTORY_QUERIES + 1):
            response = client.get(path)
        html = response.content.decode()
        assert len(response.content) < 150_000
        assert 'class="member-map__clusters"' in html
        assert 'class="member-map__points"' not in html
        assert html.count("region=CZ") >= 14
    region = Member.objects.public().first().region
    html = client.get("/en/members/", {"region": region.nuts3}).content.decode()
    assert f"{region.name}:" not in html or 'class="member-map__points"' in html
