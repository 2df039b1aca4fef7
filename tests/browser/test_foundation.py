from playwright.sync_api import expect

from tests.browser.support import NARROW, SCROLLS_SIDEWAYS
from tests.factories import PASSWORD, UserFactory


def test_home_page_in_both_languages_loads_nothing_from_other_hosts(page):
    """The home page opens in Czech and English, with every asset served by the portal."""
    page.goto("/cs/")
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zdravá města ČR")
    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Healthy Cities of the Czech Republic"
    )
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    assert page.foreign_requests == []


def test_language_switcher_lands_on_the_same_page(page):
    """Switching language on the accessibility statement opens its English version."""
    page.goto("/cs/prohlaseni-o-pristupnosti/")
    page.get_by_role("navigation", name="Jazyk").get_by_role("link", name="EN").click()
    expect(page).to_have_url(page.url.split("/en/")[0] + "/en/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="CS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prohlášení o přístupnosti")


def test_skip_link_moves_focus_to_the_main_content(page):
    """The first Tab reaches the skip link, which leads to the main content."""
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.url.split("#")[0] + "#main")


def test_log_in_and_out(page):
    """A user logs in with e-mail and password from the header link, then logs out."""
    UserFactory(email="koordinator.tachov@example.org")
    page.goto("/cs/")
    page.get_by_role("link", name="Přihlásit se").click()
    page.get_by_label("E-mail").fill("koordinator.tachov@example.org")
    page.get_by_label("Heslo").fill(PASSWORD)
    page.get_by_role("button", name="Přihlásit se").click()
    expect(page.get_by_role("button", name="Odhlásit se")).to_be_visible()
    page.get_by_role("button", name="Odhlásit se").click()
    expect(page.get_by_role("link", name="Přihlásit se")).to_be_visible()


def test_layout_fits_a_320px_screen(page):
    """At 320 CSS pixels nothing overflows horizontally."""
    page.set_viewport_size(NARROW)
    for path in ("/cs/", "/en/accessibility/"):
        page.goto(path)
        assert not page.evaluate(SCROLLS_SIDEWAYS), path
