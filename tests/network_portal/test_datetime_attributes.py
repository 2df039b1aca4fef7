"""Every ``datetime`` attribute is a valid HTML date string, written in one place."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from tests.events.factories import EventFactory, EventPartFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# HTML's global date and time string: seconds at most with a fraction of 1–3 digits.
VALID = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z)?)?$")
ATTRIBUTE = re.compile(r'datetime="([^"]*)"')
STORED = datetime(2026, 12, 1, 7, 32, 8, 152830, tzinfo=UTC)


def test_the_filter_writes_no_more_than_seconds():
    """Stored times carry microseconds; the attribute has seconds and the local offset."""
    rendered = Template("{% load portal %}{{ value|datetime_attribute }}")
    assert rendered.render(Context({"value": STORED})) == "2026-12-01T08:32:08+01:00"
    assert rendered.render(Context({"value": date(2026, 12, 2)})) == "2026-12-02"
    assert rendered.render(Context({"value": None})) == ""


def test_pages_with_stored_times_have_valid_attributes(client):
    """The news and event pages (cards, detail, home blocks) write valid attributes."""
    article = ArticleFactory(published_at=STORED)
    event = EventFactory()
    EventPartFactory(event=event, start=STORED, end=STORED.replace(hour=9))
    pages = ["/cs/", "/cs/aktuality/", article.get_absolute_url(), "/cs/akce/"]
    pages.append(event.get_absolute_url())
    found = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        found += ATTRIBUTE.findall(response.content.decode())
    assert "2026-12-01T08:32:08+01:00" in found
    assert [value for value in found if not VALID.match(value)] == []


def test_every_template_writes_datetime_through_the_filter():
    """No template formats a ``datetime`` attribute itself."""
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for value in ATTRIBUTE.findall(path.read_text()):
            if not re.fullmatch(r"\{\{ [\w.]+\|datetime_attribute \}\}", value):
                offenders.append(f"{path.name}: {value}")
    assert offenders == []
