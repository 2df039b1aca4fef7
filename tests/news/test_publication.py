"""Scheduled publication: an article with a future time is invisible everywhere until then."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from news.models import Article
from tests.goodpractice.factories import GPMemberFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")
BEFORE = datetime(2026, 3, 1, 9, 59, tzinfo=PRAGUE)
AFTER = datetime(2026, 3, 1, 10, 1, tzinfo=PRAGUE)


@pytest.fixture
def scheduled():
    member = GPMemberFactory(name="Tachov", slug="tachov")
    with time_machine.travel(datetime(2026, 2, 20, tzinfo=PRAGUE), tick=False):
        return ArticleFactory(
            slug="tachov-clenem",
            title_cs="Tachov je členem sítě",
            perex_cs="Tachov vstoupil do sítě.",
            published_at=datetime(2026, 3, 1, 10, 0, tzinfo=PRAGUE),
            members=[member],
        )


def _everywhere(client):
    """Every place an article can show up, as one text."""
    pages = [
        "/cs/aktuality/",
        "/cs/aktuality/rss/",
        "/cs/aktuality/atom/",
        "/sitemap.xml",
        "/cs/hledat/?q=tachov",
        "/cs/",
        "/cs/clenove/tachov/",
    ]
    return "\n".join(client.get(page).content.decode() for page in pages)


def test_scheduled_article_is_invisible_before_its_time(client, scheduled):
    with time_machine.travel(BEFORE, tick=False):
        assert not Article.objects.published().filter(pk=scheduled.pk).exists()
        assert client.get("/cs/aktuality/tachov-clenem/").status_code == 404
        text = _everywhere(client)
    assert "Tachov je členem sítě" not in text
    assert "tachov-clenem" not in text


def test_scheduled_article_appears_after_its_time(client, scheduled):
    with time_machine.travel(AFTER, tick=False):
        assert client.get("/cs/aktuality/tachov-clenem/").status_code == 200
        text = _everywhere(client)
    assert text.count("Tachov je členem sítě") >= 5
    assert "/cs/aktuality/tachov-clenem/" in text


def test_staff_may_preview_a_scheduled_article(client, scheduled, staff_user):
    client.force_login(staff_user)
    with time_machine.travel(BEFORE, tick=False):
        html = client.get("/cs/aktuality/tachov-clenem/").content.decode()
    assert "Nezveřejněno" in html or "Není veřejné" in html or "bude zveřejněn" in html


def test_draft_is_never_listed(client):
    ArticleFactory(slug="koncept", title_cs="Koncept článku", published_at=None)
    assert "Koncept článku" not in client.get("/cs/aktuality/").content.decode()
    assert client.get("/cs/aktuality/koncept/").status_code == 404
