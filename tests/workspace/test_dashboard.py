"""The staff dashboard: today's work with links, for network staff only, in bounded queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Registration, RegistrationPart
from events.tokens import new_nonce
from goodpractice.models import Practice
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import MemberFactory, UserFactory
from tests.goodpractice.factories import PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

URL = "/cs/sprava/prehled/"


def _work(number: int, today_event=None):
    """``number`` of each kind of waiting work; returns the last of each."""
    event = today_event or EventFactory(start=timezone.now())
    part = EventPartFactory(event=event)
    member = MemberFactory()
    made = {}
    for index in range(number):
        registration = Registration.objects.create(
            event=event,
            name=f"Čekající Novák {index}",
            email=f"ceka{index}-{event.pk}@example.org",
            member=member,
            token_nonce=new_nonce(),
        )
        made["pending"] = RegistrationPart.objects.create(
            registration=registration,
            part=part,
            email=registration.email,
            status=RegistrationPart.Status.PENDING,
        )
        made["claim"] = registration
        made["practice"] = PracticeFactory(
            title_cs=f"Příklad k posouzení {index}",
            status=Practice.Status.SUBMITTED,
            published_at=None,
        )
        made["article"] = ArticleFactory(
            title_cs=f"Naplánovaná aktualita {index}",
            published_at=timezone.now() + timedelta(days=2),
        )
        ProjectFactory(name_en="")
    made["part"] = part
    return made


def test_the_dashboard_lists_the_waiting_work_with_links(client, staff_user):
    """A pending approval, a submitted example and a scheduled article each link to the record."""
    made = _work(1)
    client.force_login(staff_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    pending = made["pending"]
    assert reverse("admin:events_registrationpart_change", args=[pending.pk]) in page
    assert "Čekající Novák 0" in page
    assert reverse("admin:events_registration_change", args=[made["claim"].pk]) in page
    assert reverse("admin:goodpractice_practice_review", args=[made["practice"].pk]) in page
    assert "Příklad k posouzení 0" in page
    assert reverse("admin:news_article_change", args=[made["article"].pk]) in page
    assert "Naplánovaná aktualita 0" in page
    part = made["part"]
    assert reverse("events:check-in", kwargs={"slug": part.event.slug, "part": part.pk}) in page
    assert "/cs/sprava/projects/project/?english=missing" in page


def test_the_admin_index_links_to_the_dashboard_and_names_the_recent_box(client, staff_user):
    """The admin's home page links here; its box of own edits is not read as "recent events"."""
    client.force_login(staff_user)
    page = client.get("/cs/sprava/").content.decode()
    assert f'href="{URL}"' in page
    assert "Vaše poslední úpravy" in page
    assert "Nedávné akce" not in page


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "staff"])
def test_only_network_staff_open_the_dashboard(client, staff_user, role):
    """Anonymous and coordinator accounts go to the admin's login; staff get the page."""
    if role == "coordinator":
        coordinator = UserFactory()
        MemberFactory().coordinators.add(coordinator)
        client.force_login(coordinator)
    elif role == "staff":
        client.force_login(staff_user)
    response = client.get(URL)
    if role == "staff":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/cs/sprava/login/")


# Session, user, the user's and the group's permissions; then 2 lists and 3 counts of
# registrations, this week's parts, a list and a count each of examples and of news, one
# aggregate per translated model (5), the coordinators' changes; a list and a count of
# applications for membership.
QUERIES = 22


def test_the_query_count_does_not_grow_with_the_work(client, staff_user, django_assert_num_queries):
    """The same pinned number of queries with 1 and with 15 of each kind of waiting work."""
    client.force_login(staff_user)
    _work(1)
    with django_assert_num_queries(QUERIES):
        assert client.get(URL).status_code == 200
    _work(15)
    with django_assert_num_queries(QUERIES):
        page = client.get(URL).content.decode()
    assert "Příklad k posouzení 14" in page or "Příklad k posouzení 0" in page


def test_the_latest_coordinator_changes_leave_out_staff_edits(client, staff_user):
    """A coordinator's edit of a member is listed with a link to its history; staff's are not."""
    by_coordinator = MemberFactory(name="Obec upravená koordinátorem")
    by_coordinator.description_cs = "Nový popis od koordinátora."
    by_coordinator._history_user = UserFactory()
    by_coordinator.save()
    by_staff = MemberFactory(name="Obec upravená kanceláří")
    by_staff.description_cs = "Nový popis od kanceláře."
    by_staff._history_user = staff_user
    by_staff.save()
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    assert reverse("admin:members_member_history", args=[by_coordinator.pk]) in page
    assert "Obec upravená koordinátorem" in page
    assert "Obec upravená kanceláří" not in page


def test_outdated_english_is_counted_and_filtered_in_the_admin(client, staff_user):
    """A project whose Czech changed after its English counts as outdated, and the admin's
    filter the dashboard links to shows exactly it."""
    outdated = ProjectFactory(
        name_cs="Projekt se zastaralou angličtinou",
        cs_changed_at=timezone.now(),
        en_changed_at=timezone.now() - timedelta(days=3),
    )
    current = ProjectFactory(
        name_cs="Projekt s aktuální angličtinou",
        cs_changed_at=timezone.now() - timedelta(days=3),
        en_changed_at=timezone.now(),
    )
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    assert "/cs/sprava/projects/project/?english=outdated" in page
    listed = client.get("/cs/sprava/projects/project/?english=outdated").content.decode()
    assert outdated.name_cs in listed
    assert current.name_cs not in listed


def test_every_link_of_the_dashboard_opens(client, staff_user):
    """Each admin list, change, review, history and check-in link answers 200 (the admin
    would redirect with ?e=1 for a filter it does not know)."""
    import re
    from html import unescape

    _work(1)
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    content = page[page.index('id="content-main"') :]
    links = {unescape(href) for href in re.findall(r'href="([^"]+)"', content)}
    assert len(links) > 10
    for href in sorted(links):
        response = client.get(href)
        assert response.status_code == 200, href


def test_applications_for_membership_wait_on_the_dashboard(client, staff_user, monkeypatch):
    """A submitted application is counted and linked to its review page."""
    from types import SimpleNamespace

    from network_portal import mail as mail_module
    from tests.members.test_applications import submitted

    monkeypatch.setattr(mail_module, "transaction", SimpleNamespace(on_commit=lambda f: f()))
    application = submitted()
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    assert reverse("admin:members_membershipapplication_review", args=[application.pk]) in page
    assert application.name in page
