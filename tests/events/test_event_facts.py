"""What people look for about an event (issue 20): when and where first, the price, a map link,
the registration deadline, and in the list the start time and how many places are left; a past
event offers its materials instead of registration."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.documents.factories import DocumentFactory
from tests.events.factories import EventFactory, EventPartFactory

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")


def next_year(month, day, hour, minute=0):
    return datetime(timezone.now().year + 1, month, day, hour, minute, tzinfo=PRAGUE)


def test_event_page_tells_when_where_price_map_and_deadline(client):
    """The facts box (first in the page) gives the days, the venue with a map link, the price
    and the last moment to register; a free event says so."""
    start = next_year(1, 6, 9)
    event = EventFactory(
        slug="skola",
        start=start,
        end=next_year(1, 7, 16),
        price=1500,
        latitude=50.77,
        longitude=15.06,
        organiser_cs="Kancelář sítě",
        organiser_en="The network's office",
    )
    EventPartFactory(
        event=event,
        start=start,
        end=start + timedelta(hours=7),
        registration_closes_at=start - timedelta(days=2),
    )
    EventPartFactory(event=event, start=next_year(1, 7, 9), end=next_year(1, 7, 16))
    year = start.year
    cs = client.get("/cs/akce/skola/").content.decode()
    assert cs.index("Kdy a kde") < cs.index("Program a registrace")
    assert f"6.–7. 1. {year}" in cs
    assert "1 500 Kč" in cs or "1\xa0500 Kč" in cs
    assert "https://www.openstreetmap.org/?mlat=50.77" in cs
    # The later part has no closing time: registration runs until it starts.
    assert f"registrace do 7. 1. {year}, 9:00" in cs
    assert "Registrovat se na akci" in cs
    assert "Přidat do kalendáře" in cs
    en = client.get("/en/events/skola/").content.decode()
    assert f"6–7 January {year}" in en and "1,500 CZK" in en
    assert "Kancelář sítě" in cs and "The network&#x27;s office" in en
    assert f"Wednesday 6 January {year}" in en or f"day 6 January {year}" in en
    event.price = None
    event.save()
    assert "zdarma" in client.get("/cs/akce/skola/").content.decode()


def test_past_event_shows_materials_not_registration(client):
    """After the event: no calendar link, no "who may register", the materials instead."""
    start = timezone.now() - timedelta(days=30)
    event = EventFactory(slug="minula", start=start, end=start + timedelta(hours=5))
    EventPartFactory(event=event)
    DocumentFactory(event=event, title_cs="Prezentace", title_en="Presentation")
    cs = client.get("/cs/akce/minula/").content.decode()
    assert "Přidat do kalendáře" not in cs
    assert "Kdo se smí registrovat" not in cs
    assert "Materiály z akce" in cs and "Prezentace" in cs
    assert "akce už proběhla" in cs


def test_list_rows_show_start_time_and_availability(client):
    """Each row of the list gives the start time and whether places are left."""
    start = next_year(3, 20, 9, 30)
    open_event = EventFactory(title_cs="Otevřená", start=start, end=start + timedelta(hours=3))
    EventPartFactory(event=open_event, capacity=2)
    unlimited = EventFactory(title_cs="Bez omezení", start=start, end=start + timedelta(hours=3))
    EventPartFactory(event=unlimited, capacity=None)
    html = client.get("/cs/akce/").content.decode()
    assert f"20. 3. {start.year}, 9:30–12:30" in html
    assert "registrace otevřená: zbývají 2 místa" in html
    assert "registrace otevřená<" in html
    en = client.get("/en/events/").content.decode()
    assert f"20 March {start.year}, 9:30–12:30" in en
    assert "registration open: 2 places left" in en
