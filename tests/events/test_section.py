"""The events section on the shared pages: home, member profile, site search, navigation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, EventPart
from tests.events.factories import EventFactory, EventPartFactory

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


@pytest.mark.parametrize(
    "moment", ["event start", "event end", "part start", "part end", "opens", "closes"]
)
def test_next_change_is_the_first_moment_of_any_kind_after_now(moment):
    """The page cache keeps event pages until the section's next change: the earliest of the
    events' starts and ends and their parts' starts, ends and registration windows after now,
    whichever column holds it; a draft's moments and past moments do not count."""
    from events.section import next_change

    now = timezone.now().replace(microsecond=0)
    soon = now + timedelta(hours=1)
    event = EventFactory(start=now - timedelta(days=1), end=now + timedelta(days=3))
    part = EventPartFactory(
        event=event,
        start=now + timedelta(days=1),
        end=now + timedelta(days=2),
        registration_opens_at=now - timedelta(days=2),
        registration_closes_at=now + timedelta(hours=20),
    )
    draft = EventFactory(status=Event.Status.DRAFT, start=now + timedelta(minutes=5))
    EventPartFactory(event=draft, registration_closes_at=now + timedelta(minutes=10))
    assert next_change(now) == now + timedelta(hours=20)
    if moment == "event start":
        EventFactory(start=soon)
    elif moment == "event end":
        EventFactory(start=now - timedelta(hours=1), end=soon)
    elif moment == "part start":
        EventPart.objects.filter(pk=part.pk).update(start=soon)
    elif moment == "part end":
        EventPart.objects.filter(pk=part.pk).update(start=now, end=soon)
    elif moment == "opens":
        EventPart.objects.filter(pk=part.pk).update(registration_opens_at=soon)
    else:
        EventPart.objects.filter(pk=part.pk).update(registration_closes_at=soon)
    assert next_change(now) == soon
