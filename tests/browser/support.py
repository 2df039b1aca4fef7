"""Steps shared by the browser tests."""

from axe_playwright_python.base import AXE_FILE_PATH, AXE_SCRIPT
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.factories import PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only the violations come back: axe would otherwise also describe every node that passed,
# was inapplicable or needs review, and ship all of it back to Python.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
LOGIN_PATHS = {"cs": "/cs/ucet/login/", "en": "/en/account/login/"}
LOG_OUT = {"cs": "Odhlásit se", "en": "Log out"}
NARROW = {"width": 320, "height": 640}  # the width WCAG's reflow criterion names
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def axe_current_page(page, label: str) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, one line each.

    axe-core (the copy that ships with axe_playwright_python) is registered once per browser
    context as an init script, so every later page of the context has it from the start instead
    of receiving its 570 KB through the debugging protocol page by page."""
    if not getattr(page.context, "_axe_registered", False):
        page.context.add_init_script(path=AXE_FILE_PATH)
        page.context._axe_registered = True
    # A page opened before that gets axe by evaluation (exempt from the pages' CSP, a tag is not).
    violations = _run_axe(page)
    return [
        f"{label}: {violation['id']} – {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in violations
    ]


def _run_axe(page, attempts=3):
    """axe.run on the page once it has loaded.

    A click that submits a form returns once the navigation has started, not finished: axe could
    start on the document being replaced and fail on its missing ``documentElement`` (or lose its
    execution context). That is a page still loading, not a violation: wait and run again."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("typeof window.axe === 'object'"):
                page.evaluate(AXE_SCRIPT)
            return page.evaluate(
                "options => axe.run(document, options).then(results => results.violations)",
                AXE_OPTIONS,
            )
        except PlaywrightError as error:
            navigating = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == attempts - 1:
                raise
            page.wait_for_timeout(200)


def axe_failures(page, paths) -> list[str]:
    """axe-core's violations on each of ``paths``, opened in turn."""
    failures = []
    for path in paths:
        page.goto(path)
        failures += axe_current_page(page, path)
    return failures


def tab_to(page, locator, limit=400):
    """Press Tab until ``locator`` has the focus, as a keyboard user would.

    The element is found once, not before every press: a query by role or label reads the
    accessible names of the whole page (on an admin form that made each press ~60 ms). Found
    again only if the page replaced it."""
    target = locator.element_handle()
    for _ in range(limit):
        state = target.evaluate(
            "element => !element.isConnected ? 'gone' : element === document.activeElement"
        )
        if state is True:
            return
        if state == "gone":
            target = locator.element_handle()
            continue
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def log_in(page, email, password=PASSWORD, *, language="cs"):
    """Log in through the site's login page and wait until the header holds the account menu
    (on a phone it is behind the menu button)."""
    page.goto(LOGIN_PATHS[language])
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    expect(page.get_by_role("button", name=LOG_OUT[language], include_hidden=True)).to_have_count(1)
