"""The admin's lists of events and registrations stay cheap with the archive: a count per
listed event (not a join of every registration), a filter of recent events (not thousands of
links), one count of the whole table; the same number of queries at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from events.services.registration import registration_create
from network_portal.adminlists import row_url
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


@pytest.mark.parametrize(("language", "title"), [
    ("cs", "Setkání koordinátorů – Dopolední blok"),
    ("en", "Coordinators&#x27; meeting – Morning session"),
])  # fmt: skip
def test_the_part_filter_names_event_and_part_in_the_pages_language(
    client, staff_user, language, title
):
    """The filter reads only the titles and dates, and still names both in each language
    (the English title, or the Czech where the English one is missing)."""
    client.force_login(staff_user)
    event = EventFactory(title_cs="Setkání koordinátorů", title_en="Coordinators' meeting")
    EventPartFactory(event=event, title_cs="Dopolední blok", title_en="Morning session")
    untranslated = EventFactory(title_cs="Jen česky", title_en="")
    EventPartFactory(event=untranslated, title_cs="Jen česká část", title_en="")
    with translation.override(language):
        url = reverse("admin:events_registrationpart_changelist")
    html = client.get(url).content.decode()
    assert title in html
    assert "Jen česky – Jen česká část" in html


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_rows_links_are_the_ones_reverse_gives(client, staff_user, language):
    """The rows' links are reversed once per list (a stand-in id replaced per row): each is
    the URL ``reverse`` gives for that row, in the page's language."""
    client.force_login(staff_user)
    part = _events(1)[0]
    event = part.event
    with translation.override(language):
        html = client.get(reverse("admin:events_event_changelist")).content.decode()
        expected = [
            reverse("admin:events_event_change", args=[event.pk]),
            reverse("admin:events_event_message", args=[event.pk]),
            reverse("events:attendance", kwargs={"slug": event.slug}),
        ]
    for url in expected:
        assert f'href="{url}' in html, url


def test_row_url_falls_back_to_reverse_for_other_values():
    """A value ``reverse`` would quote or refuse goes through ``reverse`` itself (a slug with
    a space is no slug), never into a stand-in's place; ids and slugs come out as from it."""
    with translation.override("en"):
        with pytest.raises(NoReverseMatch):
            row_url("events:attendance", "a b")
        assert row_url("admin:events_event_change", 7) == reverse(
            "admin:events_event_change", args=[7]
        )
        assert row_url("events:attendance", "jarni-skola-2027") == reverse(
            "events:attendance", kwargs={"slug": "jarni-skola-2027"}
        )
        # A value holding the next stand-in's digits stays as it is.
        assert row_url("events:check-in", "akce-987654322", 5) == reverse(
            "events:check-in", args=["akce-987654322", 5]
        )
