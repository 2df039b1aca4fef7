"""iCal, RSS, CSV and JSON follow the list's filters; calendars parse and keep their UIDs."""

import csv
import io
import json

import pytest
from icalendar import Calendar

from events.models import Event
from tests.events.factories import EventFactory, EventPartFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events(member):
    webinar = EventFactory(kind="webinar", is_online=True, title_cs="=HYPERLINK(1)")
    seminar = EventFactory(kind="seminar", title_cs="Seminář v Liberci", hosts=[member])
    EventPartFactory(event=webinar)
    EventPartFactory(event=seminar)
    EventPartFactory(event=seminar)
    return webinar, seminar


def _uids(content):
    return sorted(str(entry["uid"]) for entry in Calendar.from_ical(content).walk("VEVENT"))


def test_ical_feed_parses_follows_filters_and_keeps_uids(client, two_events):
    _webinar, seminar = two_events
    response = client.get("/cs/akce/calendar.ics", {"kind": "seminar"})
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    uids = _uids(response.content)
    assert uids == sorted(
        f"event-{seminar.pk}-part-{part.pk}@127.0.0.1" for part in seminar.parts.all()
    )
    assert _uids(client.get("/cs/akce/calendar.ics", {"kind": "seminar"}).content) == uids
    assert len(_uids(client.get("/cs/akce/calendar.ics").content)) == 3


def test_event_calendar_file(client, two_events):
    _webinar, seminar = two_events
    response = client.get(f"/en/events/{seminar.slug}/calendar.ics")
    calendar = Calendar.from_ical(response.content)
    entries = calendar.walk("VEVENT")
    assert len(entries) == 2
    assert {str(entry["url"]) for entry in entries} == {
        f"http://testserver/en/events/{seminar.slug}/"
    }
    assert "attachment" in response["Content-Disposition"]


def test_list_links_a_webcal_subscription(client, two_events):
    page = client.get("/cs/akce/", {"kind": "seminar"}).content.decode()
    assert 'href="webcal://testserver/cs/akce/calendar.ics?kind=seminar"' in page


def test_rss_follows_the_filters(client, two_events):
    content = client.get("/cs/akce/rss/", {"kind": "webinar"}).content.decode()
    assert "HYPERLINK" in content and "Seminář v Liberci" not in content


def test_csv_follows_filters_and_neutralises_formulas(client, two_events):
    response = client.get("/cs/akce/export.csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    titles = {row["title"] for row in rows}
    assert titles == {"'=HYPERLINK(1)", "Seminář v Liberci"}
    filtered = client.get("/cs/akce/export.csv", {"mode": "in-person"})
    body = b"".join(filtered.streaming_content).decode("utf-8-sig")
    assert "HYPERLINK" not in body and "Seminář v Liberci" in body


def test_json_follows_the_filters(client, two_events, member):
    response = client.get("/cs/akce/export.json", {"host": member.slug})
    rows = json.loads(b"".join(response.streaming_content))
    assert [row["title"] for row in rows] == ["Seminář v Liberci"]
    assert rows[0]["hosts"] == [member.name]
    assert rows[0]["title"] == Event.objects.get(pk=two_events[1].pk).title
