"""Which members an example belongs to: a coordinator's edit keeps the others' links, and a
coordinator's example always stays linked to one of their own members."""

import pytest
from django.urls import reverse

from goodpractice import services
from goodpractice.models import Practice
from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.goodpractice.test_workflow import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def tachov(db):
    return GPMemberFactory(name="Tachov", slug="gp-tachov-links")


@pytest.fixture
def brno(db):
    return GPMemberFactory(name="Brno", slug="gp-brno-links")


@pytest.fixture
def tachov_coordinator(tachov):
    user = UserFactory(email="koordinator.tachov.links@example.org")
    tachov.coordinators.add(user)
    return user


@pytest.fixture
def shared(tachov, brno):
    return PracticeFactory(members=[tachov, brno], status=Practice.Status.DRAFT)


def test_coordinator_edit_keeps_members_they_cannot_see(client, tachov_coordinator, shared):
    """Tachov's coordinator edits an example of Tachov and Brno: Brno keeps it."""
    client.force_login(tachov_coordinator)
    url = reverse("goodpractice:edit", args=[shared.slug])
    html = client.get(url).content.decode()
    assert "Brno" not in html  # the form offers only Tachov
    response = client.post(url, form_data(shared.members.get(name="Tachov"), title_cs="Nový"))
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.title_cs == "Nový"
    assert sorted(member.name for member in shared.members.all()) == ["Brno", "Tachov"]


def test_service_merges_the_chosen_members_with_the_hidden_ones(tachov_coordinator, shared):
    """The service keeps (chosen ∩ editable) ∪ (stored − editable)."""
    tachov = shared.members.get(name="Tachov")
    practice = Practice.objects.get(pk=shared.pk)
    services.practice_save(practice=practice, user=tachov_coordinator, changed=[], members=[tachov])
    assert set(shared.members.values_list("name", flat=True)) == {"Tachov", "Brno"}


def test_staff_edit_sets_exactly_the_chosen_members(staff_user, shared):
    """Staff see every member, so what they choose is the whole set."""
    tachov = shared.members.get(name="Tachov")
    services.practice_save(
        practice=Practice.objects.get(pk=shared.pk), user=staff_user, changed=[], members=[tachov]
    )
    assert list(shared.members.values_list("name", flat=True)) == ["Tachov"]


def test_coordinator_cannot_create_a_partner_only_example(client, tachov_coordinator, tachov):
    """A partner name without a member of theirs is refused next to the members field."""
    client.force_login(tachov_coordinator)
    data = form_data(tachov, members=[], partner_name="Kommune Bergen")
    response = client.post(reverse("goodpractice:create"), data)
    assert response.status_code == 200
    assert not Practice.objects.exists()
    errors = response.context["form"].errors["members"]
    assert errors == [
        "Vyberte alespoň jednoho ze svých členů: příklad patří členovi, jinak byste ho už "
        "neviděli a nemohli upravit."
    ]
    response = client.post("/en/good-practice/new/", data)
    assert "Choose at least one of your members" in response.content.decode()


def test_coordinator_cannot_unlink_their_last_own_member(client, tachov_coordinator, shared):
    """Unticking Tachov would hand the example to Brno alone: refused, nothing changes."""
    client.force_login(tachov_coordinator)
    data = form_data(
        shared.members.get(name="Tachov"), members=[], partner_name="Partner", title_cs="Jinak"
    )
    response = client.post(reverse("goodpractice:edit", args=[shared.slug]), data)
    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    shared.refresh_from_db()
    assert shared.title_cs != "Jinak"
    assert shared.members.count() == 2


def test_staff_may_create_a_partner_only_example(client, staff_user, tachov):
    """Staff may record an example of a partner abroad with no member."""
    client.force_login(staff_user)
    data = form_data(tachov, members=[], partner_name="Kommune Bergen", country="NO")
    response = client.post(reverse("goodpractice:create"), data)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.partner_name == "Kommune Bergen" and not practice.members.exists()
