"""Phone-first public pages (issue 20), at 375×740 CSS pixels, in Czech and English."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.support import axe_current_page, log_in
from tests.factories import UserFactory

PHONE = {"width": 375, "height": 740}
HEADER_MAX = 120

# Each section's list and the selector of one result on it.
LISTS = {
    "members:list": ".member-table tbody tr",
    "events:list": ".event-cards > li",
    "goodpractice:list": ".list-cards > li",
    "news:list": ".list-cards > li",
    "projects:list": ".list-cards > li",
}


def _path(name, language):
    with translation.override(language):
        return reverse(name)


def _header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("language", ["cs", "en"])
def test_first_result_of_every_list_is_on_the_first_phone_screen(page, demo_content, language):
    """On a 375×740 screen the header is at most 120 px high and each of the five section
    lists shows its first result (its whole title link) without scrolling."""
    page.set_viewport_size(PHONE)
    problems = []
    for name, selector in LISTS.items():
        path = _path(name, language)
        page.goto(path)
        header = _header_height(page)
        if header > HEADER_MAX:
            problems.append(f"{path}: header {header:.0f} px high")
        first = page.locator(selector).first
        expect(first).to_be_visible()
        link = first.get_by_role("link").first
        box = link.bounding_box()
        if box["y"] + box["height"] > PHONE["height"]:
            problems.append(f"{path}: first result ends at {box['y'] + box['height']:.0f} px")
        problems += axe_current_page(page, f"{path} (phone)")
        import os

        if os.environ.get("SHOTS"):
            page.screenshot(path=f"/tmp/phone-shots/{language}-{name.split(':')[0]}.png")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_header_of_a_logged_in_user_fits_a_phone(page, language):
    """A logged-in coordinator's header is at most 120 px high on a phone too; the account
    links (log out among them) are behind the menu button."""
    UserFactory(email="koordinator@example.org")
    log_in(page, "koordinator@example.org", language=language)
    page.set_viewport_size(PHONE)
    page.goto(f"/{language}/")
    assert _header_height(page) <= HEADER_MAX
    log_out = {"cs": "Odhlásit se", "en": "Log out"}[language]
    expect(page.get_by_role("button", name=log_out)).to_be_hidden()
    page.locator(".site-menu__button").click()
    expect(page.get_by_role("button", name=log_out)).to_be_visible()


def test_menu_and_filters_open_without_javascript(browser, live_server, demo_content):
    """With scripts off, the menu button shows the sections and the filter button the
    filters; the language switch and login are one tap away all along."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/cs/akce/")
        assert _header_height(page) <= HEADER_MAX
        expect(page.get_by_role("link", name="Přihlásit se")).to_be_visible()
        expect(page.get_by_role("navigation", name="Jazyk").get_by_role("link")).to_be_visible()
        nav = page.get_by_role("navigation", name="Hlavní navigace")
        expect(nav.get_by_role("link", name="Dobrá praxe")).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(nav.get_by_role("link", name="Dobrá praxe")).to_be_visible()

        filters = page.locator(".filters__button")
        expect(filters).to_be_visible()
        kind = page.locator(".facet-group").first
        expect(kind).to_be_hidden()
        filters.click()
        expect(kind).to_be_visible()
    finally:
        context.close()


def test_filters_sit_beside_the_results_on_a_wide_screen(page, demo_content):
    """From 40rem up there is no menu or filter button: the navigation bar and the filter
    groups are shown as they are."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/en/events/")
    expect(page.locator(".site-menu__button")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="News", exact=True)).to_be_visible()
    expect(page.locator(".filters__button")).to_be_hidden()
    expect(page.locator(".facet-group").first).to_be_visible()


def test_focus_moves_to_the_error_summary_after_a_failed_submit(page):
    """Sending the accessibility report form empty comes back with the focus on the error
    summary, which lists the problems."""
    page.set_viewport_size(PHONE)
    page.goto("/en/accessibility/")
    page.get_by_role("button", name="Send the report").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()


def test_map_points_are_targets_of_at_least_24_px_on_a_phone(page, demo_content):
    """Each point of the member map takes a tap on at least 24×24 CSS pixels (WCAG 2.2
    target size) on a 320 px screen; the list above the map names every member too."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/cs/clenove/")
    links = page.locator(".member-map__points a")
    assert links.count() > 0
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    expect(page.locator(".member-table tbody tr").first).to_be_visible()


def test_secondary_buttons_do_not_look_primary(page, demo_content):
    """ "Sort" (secondary) is outlined while "Search" (primary) is filled; a link styled as a
    button keeps white text on its filled background."""
    page.goto("/en/good-practice/")
    style = "element => getComputedStyle(element).backgroundColor"
    sort = page.get_by_role("button", name="Sort", exact=True)
    search = page.locator(".list-search__row").get_by_role("button", name="Search")
    assert sort.evaluate(style) == "rgb(255, 255, 255)"
    assert search.evaluate(style) == "rgb(35, 98, 162)"
    page.goto("/en/events/")
    page.locator(".event-cards a").first.click()
    register = page.get_by_role("link", name="Register for the event").first
    assert register.evaluate("element => getComputedStyle(element).color") == "rgb(255, 255, 255)"
