"""The events section on the shared pages: home, member profile, site search, navigation."""

import pytest

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_home_shows_upcoming_events(client):
    EventFactory(title_cs="Jarní škola v Liberci", title_en="Spring school in Liberec")
    assert "Jarní škola v Liberci" in client.get("/cs/").content.decode()
    assert "Spring school in Liberec" in client.get("/en/").content.decode()


def test_member_profile_lists_hosted_events(client, member):
    EventFactory(title_cs="Fórum v Litoměřicích", hosts=[member])
    EventFactory(title_cs="Cizí akce")
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Akce, které tento člen hostí" in page
    assert "Fórum v Litoměřicích" in page and "Cizí akce" not in page


def test_site_search_finds_events(client):
    """Diacritics do not matter; an event without the words is not found."""
    EventFactory(title_cs="Pocitové mapy v praxi")
    EventFactory(title_cs="Jiné téma")
    page = client.get("/cs/hledat/", {"q": "pocitove mapy"}).content.decode()
    assert "Pocitové mapy v praxi" in page and "Jiné téma" not in page


def test_navigation_links_the_events(client):
    page = client.get("/en/").content.decode()
    assert 'href="/en/events/"' in page
