"""Steps shared by the browser tests."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOGIN_PATHS = {"cs": "/cs/ucet/login/", "en": "/en/account/login/"}
LOG_OUT = {"cs": "Odhlásit se", "en": "Log out"}


def axe_current_page(page, label: str) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, one line each."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{label}: {violation['id']} – {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]


def axe_failures(page, paths) -> list[str]:
    """axe-core's violations on each of ``paths``, opened in turn."""
    failures = []
    for path in paths:
        page.goto(path)
        failures += axe_current_page(page, path)
    return failures


def log_in(page, email, password=PASSWORD, *, language="cs"):
    """Log in through the site's login page and wait until the header holds the account menu
    (on a phone it is behind the menu button)."""
    page.goto(LOGIN_PATHS[language])
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    expect(page.get_by_role("button", name=LOG_OUT[language], include_hidden=True)).to_have_count(1)
