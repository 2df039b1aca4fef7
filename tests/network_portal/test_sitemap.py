"""The sitemap's x-default alternates are pages that work in every browser language."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.factories import MemberFactory
from tests.goodpractice.factories import PracticeFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_x_default_is_the_czech_page_and_opens_in_any_language(client):
    """Every x-default is the Czech page itself: 200 with Accept-Language en, no redirect."""
    MemberFactory(slug="brno", name="Brno")
    PracticeFactory(slug="mapy")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    defaults = []
    for url in root.findall("s:url", NS):
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert links["x-default"] == links["cs"]
        defaults.append(links["x-default"])
    assert "http://testserver/cs/clenove/brno/" in defaults
    assert "http://testserver/cs/dobra-praxe/mapy/" in defaults
    for location in set(defaults):
        response = client.get(urlsplit(location).path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, location
