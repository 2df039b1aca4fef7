"""Links between a record's public page and the admin, only for those who may use them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.events.factories import EventFactory
from tests.factories import MemberFactory, UserFactory
from tests.goodpractice.factories import PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ADMIN_LINK = "Edit in the administration"


def _records():
    member = MemberFactory()
    return {
        "member": member,
        "practice": PracticeFactory(members=[member]),
        "event": EventFactory(),
        "project": ProjectFactory(),
        "article": ArticleFactory(),
    }


def _admin_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def test_staff_get_the_admin_change_page_on_every_record_page(client, staff_user):
    """Network staff see a link to the admin's change page of each record, and attendance."""
    records = _records()
    client.force_login(staff_user)
    for name, record in records.items():
        page = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f'href="{_admin_url(record)}"' in page, name
    page = client.get(records["event"].get_absolute_url()).content.decode()
    assert reverse("events:attendance", kwargs={"slug": records["event"].slug}) in page


def test_anonymous_pages_never_carry_the_links(client, staff_user):
    """Anonymous pages (cached whole) have no admin or attendance link, even after staff visits."""
    records = _records()
    client.force_login(staff_user)
    for record in records.values():
        client.get(record.get_absolute_url())
    client.logout()
    client.cookies.clear()
    for name, record in records.items():
        for _ in range(2):  # the second answer may come from the page cache
            page = client.get(record.get_absolute_url()).content.decode()
            assert "/sprava/" not in page, name
            assert 'class="record-links' not in page, name
    event = records["event"]
    assert reverse("events:attendance", kwargs={"slug": event.slug}) not in (
        client.get(event.get_absolute_url()).content.decode()
    )


def test_a_coordinator_gets_no_admin_link_but_edits_their_own_member(client):
    """A coordinator has no admin link; their member's page links to the member edit page."""
    records = _records()
    coordinator = UserFactory()
    records["member"].coordinators.add(coordinator)
    client.force_login(coordinator)
    for name, record in records.items():
        page = client.get(record.get_absolute_url()).content.decode()
        assert 'class="record-links' not in page, name
    page = client.get(records["member"].get_absolute_url()).content.decode()
    assert records["member"].get_edit_url() in page


def test_check_in_staff_without_change_rights_get_only_attendance(client):
    """events.check_in alone: the attendance link, no admin link."""
    event = EventFactory()
    helper = UserFactory()
    helper.user_permissions.add(Permission.objects.get(codename="check_in"))
    client.force_login(helper)
    page = client.get(event.get_absolute_url()).content.decode()
    assert reverse("events:attendance", kwargs={"slug": event.slug}) in page
    assert _admin_url(event) not in page


def test_admin_change_pages_link_to_the_site(client, staff_user):
    """Every admin change page of a record with a public page offers "View on site"."""
    client.force_login(staff_user)
    for name, record in _records().items():
        page = client.get(_admin_url(record)).content.decode()
        assert 'class="viewsitelink"' in page, name
