"""The member profile: facts, current role holders with work contacts, MA21 history."""

import re

import pytest

from members.models import Member
from tests.factories import MemberFactory, RatingFactory, RoleFactory, UserFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db

# member with region, current roles with people, ratings; + 1 each for the good-practice,
# news, events (the events the member hosts), projects (one more for the roles when the
# member has any) and documents sections
PROFILE_QUERIES = 8 + LAYOUT_QUERIES


def test_profile_in_czech(client, tachov):
    """The Czech profile shows the description, facts, people with contacts and ratings."""
    response = client.get("/cs/clenove/tachov/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Město na západě Čech." in text
    assert "Mgr. Petr Vrána" in text and "starosta" in text
    assert "Mgr. Tereza Kořínská" in text
    assert 'href="mailto:korinska@tachov.example.org"' in text
    assert 'href="tel:+420374774209"' in text
    assert "Plzeňský kraj" in text
    assert "<caption>Kategorie MA21 podle let</caption>" in text
    assert "<td>C*</td>" in text
    assert 'role="img"' in text  # the chart of the same data
    # SVG numbers keep a decimal point in Czech too (a comma would break the chart).
    assert not re.search(r'(?:x|y|height|width)="-?\d+,\d', text)


def test_profile_in_english(client, tachov):
    """The English profile uses the English description and position."""
    text = client.get("/en/members/tachov/").content.decode()
    assert "A town in West Bohemia." in text
    assert "mayor" in text and "press officer" in text
    assert "Plzeň Region" in text


def test_past_role_holders_are_not_public(client, tachov, staff_user):
    """Only current role holders show publicly; staff see the whole history."""
    RoleFactory(
        member=tachov,
        kind="politician",
        person__last_name="Dřívější",
        end="2018-10-31",
        start="2014-11-01",
    )
    assert "Dřívější" not in client.get("/cs/clenove/tachov/").content.decode()
    client.force_login(UserFactory(is_staff=True))  # the admin flag alone grants nothing
    assert "Dřívější" not in client.get("/cs/clenove/tachov/").content.decode()
    client.force_login(staff_user)
    text = client.get("/cs/clenove/tachov/").content.decode()
    assert "Dřívější" in text
    assert "vidí jen pracovníci sítě" in text


def test_former_member_has_no_public_profile(client):
    """A former member stays in the data but its profile is gone."""
    MemberFactory(slug="byvaly", status=Member.Status.FORMER)
    assert client.get("/cs/clenove/byvaly/").status_code == 404
    assert client.get("/cs/clenove/neexistuje/").status_code == 404


def test_edit_link_only_for_those_who_may_edit(client, tachov, coordinator, brno):
    """The coordinator sees the edit link on their member's profile, not on others'."""
    assert "/cs/clenove/tachov/upravit/" not in client.get("/cs/clenove/tachov/").content.decode()
    client.force_login(coordinator)
    assert "/cs/clenove/tachov/upravit/" in client.get("/cs/clenove/tachov/").content.decode()
    assert "/upravit/" not in client.get("/cs/clenove/brno/").content.decode()


def test_profile_query_count_does_not_grow(client, django_assert_num_queries, tachov):
    """A profile takes the same queries with 2 or 30 ratings and roles, and 10 or 60 members."""
    for _number in range(10):
        MemberFactory()
    with django_assert_num_queries(PROFILE_QUERIES):
        client.get("/cs/clenove/tachov/")
    for year in range(1995, 2020):
        RatingFactory(member=tachov, year=year)
    for _number in range(8):
        RoleFactory(member=tachov, kind="deputy")
    for _number in range(50):
        MemberFactory()
    with django_assert_num_queries(PROFILE_QUERIES):
        response = client.get("/cs/clenove/tachov/")
    assert len(response.context["ratings"]) == 27
