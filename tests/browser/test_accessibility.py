"""axe-core (WCAG 2.0/2.1 A and AA) and reflow at 320 px on every public page, in both
languages.

The pages come from /sitemap.xml, which every app feeds through its ``sitemaps.py``, so new
pages are checked as soon as they are published there; demo content fills the pages.
"""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.browser.support import NARROW, SCROLLS_SIDEWAYS, axe_current_page

# Pages that are public but not in the sitemap (error and form states).
EXTRA_PATHS = ["/cs/neexistuje/", "/en/nothing-here/", "/cs/ucet/password/reset/"]


def public_paths() -> list[str]:
    xml = Client().get("/sitemap.xml").content
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [node.text for node in ET.fromstring(xml).findall("s:url/s:loc", namespace)]
    return sorted({urlsplit(location).path for location in locations}) + EXTRA_PATHS


@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_public_page_passes_axe_and_fits_a_320px_screen(page, demo_content, language):
    """No axe-core violation on any page listed in the sitemap (one language per run, so that
    two workers share the pages); and WCAG reflow: at 320 CSS pixels none of them scrolls
    sideways (wide tables scroll inside their own box). Each page is opened once: axe checks it
    at the desktop width, then the same page is narrowed to 320 px and widened back."""
    # Czech takes any path outside both prefixes too.
    paths = [path for path in public_paths() if path.startswith("/en/") == (language == "en")]
    assert len(paths) > 10, paths
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
