"""The admin's lists of events and registrations stay cheap with the archive: a count per
listed event (not a join of every registration), a filter of recent events (not thousands of
links), one count of the whole table; the same number of queries at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.services.registration import registration_create
from tests.events.factories import EventFactory, EventPartFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/cs/sprava/events/event/",
    "/cs/sprava/events/registration/",
    "/cs/sprava/events/registrationpart/",
]


def _events(count, *, start=None):
    parts = []
    for number in range(count):
        event = EventFactory(start=start or timezone.now() + timedelta(days=10 + number))
        parts.append(EventPartFactory(event=event))
    for number, part in enumerate(parts):
        for person in range(2):
            registration_create(
                event=part.event, parts=[part], name=f"Osoba {number} {person}",
                email=f"osoba-{number}-{person}@example.org",
            )  # fmt: skip
    return parts


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_the_lists_run_as_many_queries_for_more_events(client, staff_user, url):
    """The same number of queries with two events and with eight."""
    client.force_login(staff_user)
    _events(2)
    client.get(url)
    few = _queries(client, url)
    _events(6)
    assert _queries(client, url) == few


def test_the_events_list_counts_the_places_taken_per_event(client, staff_user):
    """Places taken per event, 0 for an event nobody registered for."""
    client.force_login(staff_user)
    part = _events(1)[0]
    EventFactory()  # nobody registered: 0, not an empty cell
    html = client.get("/cs/sprava/events/event/").content.decode()
    assert f'?part__event__id__exact={part.event_id}">2</a>' in html
    assert '">0</a>' in html


def test_the_event_filter_offers_recent_events_and_the_chosen_one(client, staff_user):
    """The event filter lists recent events; an older one still filters when chosen."""
    client.force_login(staff_user)
    recent = _events(1)[0].event
    old = EventFactory(title_cs="Dávná akce", start=timezone.now() - timedelta(days=400))
    html = client.get("/cs/sprava/events/registration/").content.decode()
    assert recent.title_cs in html and "Dávná akce" not in html
    chosen = client.get(f"/cs/sprava/events/registration/?event__id__exact={old.pk}")
    assert chosen.status_code == 200 and "Dávná akce" in chosen.content.decode()
