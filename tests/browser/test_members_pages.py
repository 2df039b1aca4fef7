"""The members pages in the browser: axe-core on the pages the sitemap does not list (edit
page, "My municipality", invitation, filtered and empty directory), keyboard use of the map,
and small screens."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from members.models import Member
from members.services import invitation_path
from tests.factories import PASSWORD, UserFactory

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def demo_content(settings):
    settings.DEBUG = True
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)
    settings.DEBUG = False


def axe_failures(page, paths):
    axe = Axe()
    failures = []
    for path in paths:
        page.goto(path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path}: {violation['id']} – {violation['help']} {targets}")
    return failures


def log_in(page, email):
    page.goto("/cs/ucet/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.get_by_role("button", name="Odhlásit se")).to_be_visible()


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
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    failures += [f"edit page with errors: {v['id']}" for v in results.response["violations"]]
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
    skip = page.get_by_role("link", name="Přeskočit mapu a přejít na seznam")
    skip.focus()
    expect(skip).to_be_visible()


def test_members_pages_fit_a_320px_screen(page, demo_content):
    """At 320 CSS pixels the directory, a profile and the edit page do not overflow."""
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/cs/clenove/", "/en/members/tachov/"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, path
