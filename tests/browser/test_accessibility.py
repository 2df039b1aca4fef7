"""axe-core (WCAG 2.0/2.1 A and AA) and reflow at 320 px on the public pages, in both languages.

The pages come from /sitemap.xml, which every app feeds through its ``sitemaps.py``, so new
kinds of pages are checked as soon as they are published there; demo content fills the pages.
Every page that stands alone (a list, the home page, a form) is checked; of the record pages
that one template draws (members, examples, events, articles...), the three with the most
markup, where a long table, a picture or a list of roles would show up first. The HTML of
every page in the sitemap is still checked by the Nu checker (tests/*/test_html_validity.py).
"""

import xml.etree.ElementTree as ET
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

from tests.browser.support import NARROW, SCROLLS_SIDEWAYS, axe_current_page

# Pages that are public but not in the sitemap (error and form states).
EXTRA_PATHS = ["/cs/neexistuje/", "/en/nothing-here/", "/cs/ucet/password/reset/"]
# Of the record pages one view draws, this many (those with the most markup).
PER_VIEW = 3


def public_paths() -> list[str]:
    xml = Client().get("/sitemap.xml").content
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [node.text for node in ET.fromstring(xml).findall("s:url/s:loc", namespace)]
    return sorted({urlsplit(location).path for location in locations}) + EXTRA_PATHS


def checked_paths(paths: list[str], language: str) -> list[str]:
    """``paths`` with at most PER_VIEW of each view: those whose pages are the largest."""
    by_view = defaultdict(list)
    client = Client()
    chosen = []
    # The locale middleware activates the language of each page in this thread: restored after.
    with translation.override(language):
        for path in paths:
            try:
                view = resolve(path).view_name
            except Resolver404:  # a page that does not exist: checked as it is
                view = path
            by_view[view].append(path)
        for group in by_view.values():
            if len(group) > PER_VIEW:
                group = sorted(group, key=lambda path: -len(client.get(path).content))[:PER_VIEW]
            chosen += group
    return sorted(chosen)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_public_page_passes_axe_and_fits_a_320px_screen(page, demo_content, language):
    """No axe-core violation on the pages of the sitemap (one language per run, so that two
    workers share them); and WCAG reflow: at 320 CSS pixels none of them scrolls sideways
    (wide tables scroll inside their own box). Each page is opened once: axe checks it at the
    desktop width, then the same page is narrowed to 320 px and widened back."""
    # Czech takes any path outside both prefixes too.
    paths = [path for path in public_paths() if path.startswith("/en/") == (language == "en")]
    assert len(paths) > 10, paths
    paths = checked_paths(paths, language)
    desktop = page.viewport_size
    failures = []
    for path in paths:
        page.goto(path)
        failures += axe_current_page(page, path)
        page.set_viewport_size(NARROW)
        if page.evaluate(SCROLLS_SIDEWAYS):
            failures.append(f"{path}: scrolls sideways at 320 CSS pixels (WCAG reflow)")
        page.set_viewport_size(desktop)
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []
