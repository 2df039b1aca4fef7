"""axe-core (WCAG 2.0/2.1 A and AA) on every public page, in both languages.

The pages come from /sitemap.xml, which every app feeds through its ``sitemaps.py``, so new
pages are checked as soon as they are published there; demo content fills the pages.
"""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Pages that are public but not in the sitemap (error and form states).
EXTRA_PATHS = ["/cs/neexistuje/", "/en/nothing-here/", "/cs/ucet/password/reset/"]


def public_paths() -> list[str]:
    xml = Client().get("/sitemap.xml").content
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [node.text for node in ET.fromstring(xml).findall("s:url/s:loc", namespace)]
    return sorted({urlsplit(location).path for location in locations}) + EXTRA_PATHS


@pytest.fixture
def demo_content(settings):
    settings.DEBUG = True
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)
    settings.DEBUG = False


def test_every_public_page_passes_axe_in_both_languages(page, demo_content):
    """No axe-core violation on any page listed in the sitemap, in Czech and English."""
    paths = public_paths()
    assert any(path.startswith("/cs/") for path in paths)
    assert any(path.startswith("/en/") for path in paths)
    axe = Axe()
    failures = []
    for path in paths:
        page.goto(path)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path}: {violation['id']} – {violation['help']} {targets}")
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []
