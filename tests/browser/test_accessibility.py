"""axe-core (WCAG 2.0/2.1 A and AA) on every public page, in both languages.

The pages come from /sitemap.xml, which every app feeds through its ``sitemaps.py``, so new
pages are checked as soon as they are published there; demo content fills the pages.
"""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.test import Client

from tests.browser.support import axe_failures

# Pages that are public but not in the sitemap (error and form states).
EXTRA_PATHS = ["/cs/neexistuje/", "/en/nothing-here/", "/cs/ucet/password/reset/"]


def public_paths() -> list[str]:
    xml = Client().get("/sitemap.xml").content
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [node.text for node in ET.fromstring(xml).findall("s:url/s:loc", namespace)]
    return sorted({urlsplit(location).path for location in locations}) + EXTRA_PATHS


def test_every_public_page_passes_axe_in_both_languages(page, demo_content):
    """No axe-core violation on any page listed in the sitemap, in Czech and English."""
    paths = public_paths()
    assert any(path.startswith("/cs/") for path in paths)
    assert any(path.startswith("/en/") for path in paths)
    failures = axe_failures(page, paths)
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []


def test_every_public_page_fits_a_320px_screen(page, demo_content):
    """WCAG reflow: at 320 CSS pixels no public page scrolls sideways (wide tables scroll
    inside their own box)."""
    page.set_viewport_size({"width": 320, "height": 640})
    overflowing = []
    for path in public_paths():
        page.goto(path)
        if page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        ):
            overflowing.append(path)
    assert not overflowing, overflowing
