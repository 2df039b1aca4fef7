"""The network's pages in a browser: reached by keyboard from the footer of any page, free of
axe violations in both languages, and a staff edit in the admin shown at once to visitors."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import axe_current_page, axe_failures, log_in

PATHS = [
    "/cs/o-siti/",
    "/en/about/",
    "/cs/o-siti/clenstvi-a-vyhody/",
    "/en/about/zdrave-mesto-a-ma21/",
    "/cs/o-siti/zdrave-mesto-a-ma21/kategorie-ma21/",
    "/en/about/zdrave-mesto-a-ma21/kategorie-ma21/",
    "/cs/hledat/?q=kancelář",
    "/en/search/?q=membership",
]


def test_pages_pass_axe_and_are_reached_by_keyboard(page, live_server, demo_content):
    failures = axe_failures(page, PATHS)
    assert not failures, "\n".join(failures)
    page.goto("/cs/")
    # Tab from the top of the page to the footer's link and follow it with Enter.
    for _press in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Kancelář a kontakty":
            break
    else:
        raise AssertionError("The footer's link to the office page was never focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/cs/o-siti/kancelar-a-kontakty/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kancelář a kontakty")
    assert page.foreign_requests == []


@pytest.mark.pagecache
def test_staff_edit_reaches_the_next_visitor(page, browser, live_server, demo_content, staff_user):
    """A visitor without cookies has the page from the page cache; staff change its title in
    the admin (typed, saved with Enter) and the visitor's next request shows the new title."""
    visitor_context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    visitor = visitor_context.new_page()
    visitor.goto("/cs/o-siti/partneri/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Partneři")
    log_in(page, staff_user.email)
    page.goto("/cs/sprava/pages/page/")
    page.get_by_role("link", name="Partneři").click()
    title = page.locator("#id_title_cs")
    title.fill("Naši partneři")
    title.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Naši partneři")
    visitor.goto("/cs/o-siti/partneri/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Naši partneři")
    assert not axe_current_page(visitor, "after the edit")
    visitor_context.close()
