"""The members pages in the browser: axe-core on the pages the sitemap does not list (edit
page, "My municipality", invitation, filtered and empty directory), keyboard use of the map,
and small screens (the directory and the profiles at 320 px: tests/browser/test_accessibility.py,
with every page of the sitemap)."""

import re

from playwright.sync_api import expect

from members.models import Member
from members.services import invitation_path
from tests.browser.support import axe_current_page, axe_failures, log_in
from tests.factories import UserFactory


def test_public_members_pages_pass_axe(page, demo_content):
    """Directory (plain, filtered, empty, search) and profiles pass axe in both languages."""
    paths = [
        "/cs/clenove/",
        "/en/members/",
        "/cs/clenove/?kind=town&region=CZ032",
        "/en/members/?q=nothing-like-this",
        "/cs/clenove/?q=usti",
        "/cs/clenove/tachov/",
        "/en/members/liberecky-kraj/",
        "/cs/clenove/pozvanka/MQ/neplatny-odkaz/",
    ]
    assert not (failures := axe_failures(page, paths)), "\n".join(failures)


def test_coordinator_pages_pass_axe(page, demo_content):
    """The edit page (also with errors), "My municipality" and the invitation pass axe."""
    coordinator = UserFactory(email="koordinator.druhy@example.org")
    Member.objects.get(slug="tachov").coordinators.add(coordinator)
    invited = UserFactory(email="pozvana@example.org")
    invited.set_unusable_password()
    invited.save()
    invitation = invitation_path(invited)
    assert not (failures := axe_failures(page, [invitation])), "\n".join(failures)

    log_in(page, "koordinator.druhy@example.org")
    paths = ["/cs/clenove/moje-obec/", "/cs/clenove/tachov/upravit/", "/en/members/tachov/edit/"]
    failures = axe_failures(page, paths)
    page.goto("/cs/clenove/tachov/upravit/")
    page.get_by_label("Zeměpisná šířka").fill("99")
    page.get_by_role("button", name="Uložit a zveřejnit").click()
    expect(page.get_by_role("alert")).to_be_visible()
    failures += axe_current_page(page, "edit page with errors")
    assert not failures, "\n".join(failures)


def test_map_points_are_links_reachable_by_keyboard(page, demo_content):
    """Each member on the map is a named link that opens the profile; the map can be skipped."""
    page.goto("/cs/clenove/")
    map_section = page.get_by_role("region", name="Mapa členů")
    point = map_section.get_by_role("link", name="Tachov")
    expect(point).to_have_count(1)
    point.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tachov")
    page.goto("/cs/clenove/")
    skip = page.get_by_role("link", name="Přeskočit mapu")
    skip.focus()
    expect(skip).to_be_visible()


def test_region_circles_pass_axe_and_lead_to_the_region(page, demo_content, monkeypatch):
    """A map with more members than points it draws counts them by region: the circles pass
    axe in both languages and each is a named link to the list of its region."""
    monkeypatch.setattr("members.maps.MAX_POINTS", 2)
    assert not (failures := axe_failures(page, ["/cs/clenove/", "/en/members/"])), "\n".join(
        failures
    )
    page.goto("/cs/clenove/")
    map_section = page.locator(".member-map")
    expect(map_section.locator(".member-map__points")).to_have_count(0)
    circle = map_section.get_by_role("link", name="Plzeňský kraj")
    expect(circle).to_have_count(1)
    circle.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"region=CZ032"))
    expect(page.locator(".list-layout__results")).to_contain_text("Tachov")
