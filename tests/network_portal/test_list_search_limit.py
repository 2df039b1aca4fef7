"""A list searched with words too often by one visitor asks them to wait ("list-search" in
network_portal.ratelimit.VISITOR_LIMITS): the words and filters are kept, nothing is searched,
and pages the page cache answers do not count. The lists' feeds with words count too."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from network_portal.ratelimit import visitor_limit
from tests.goodpractice.factories import PracticeFactory
from tests.support import asked_to_wait

pytestmark = pytest.mark.django_db

MESSAGES = {
    "cs": "Hledali jste mnohokrát za krátkou dobu. Počkejte prosím minutu a hledejte znovu.</p>",
    "en": "You have searched many times in a short time. Please wait a minute and search "
    "again.</p>",
}


@pytest.mark.parametrize(
    ("language", "path", "title"),
    [
        ("cs", "/cs/dobra-praxe/", "Příliš mnoho hledání"),
        ("en", "/en/good-practice/", "Too many searches"),
    ],
)
def test_a_visitor_searching_a_list_too_often_is_asked_to_wait(client, language, path, title):
    limit, _period = visitor_limit("list-search")
    PracticeFactory(slug="park", title_cs="Park pro děti", title_en="A park for children")
    for number in range(limit):
        response = client.get(path, {"q": f"park {number}"})
        assert response.status_code == 200, number
    response = client.get(path, {"q": "park <b>", "topic": "zdravi", "year": ["2021", "2022"]})
    html = asked_to_wait(response, MESSAGES[language])
    assert f"<h1>{title}</h1>" in html
    # Nothing typed or chosen is lost (and the words are escaped); nothing is searched.
    assert 'value="park &lt;b&gt;"' in html
    assert '<input type="hidden" name="topic" value="zdravi">' in html
    assert '<input type="hidden" name="year" value="2021">' in html
    assert '<input type="hidden" name="year" value="2022">' in html
    assert "/park/" not in html
    # The list without words is not limited; another visitor still searches.
    assert client.get(path).status_code == 200
    other = client.get(path, {"q": "park"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    assert "/park/" in other.content.decode()


def test_pages_the_page_cache_answers_do_not_count(settings):
    """A cached page is served before the view: repeating the same search costs nothing."""
    settings.PAGE_CACHE_ENABLED = True
    limit, _period = visitor_limit("list-search")
    PracticeFactory(slug="park", title_cs="Park pro děti")
    states = [Client().get("/cs/dobra-praxe/", {"q": "park"}) for _number in range(limit + 5)]
    assert {response.status_code for response in states} == {200}
    assert states[-1]["X-Page-Cache"] == "hit"


FEEDS = [
    "goodpractice:feed-rss",
    "goodpractice:feed-atom",
    "events:feed-rss",
    "events:feed-ical",
    "news:feed-rss",
    "news:feed-atom",
    "projects:feed-rss",
    "projects:feed-atom",
    "documents:feed-rss",
    "documents:feed-atom",
]


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("language", ["cs", "en"])
def test_feeds_with_words_count_as_list_searches(client, settings, name, language):
    """A list's feed with words searches as the list does: with the list's searches it counts
    against the visitor's limit, and over it a plain-text 429 (feed readers read no page).
    The feed without words is not counted; another visitor still gets it."""
    settings.VISITOR_RATE_LIMITS = {"list-search": (3, timedelta(minutes=1))}
    with translation.override(language):
        feed, listing = reverse(name), reverse("goodpractice:list")
    assert client.get(listing, {"q": "park"}).status_code == 200
    for number in range(2):
        assert client.get(feed, {"q": f"park {number}"}).status_code == 200, number
    response = client.get(feed, {"q": "park"})
    asked_to_wait(response, MESSAGES[language].removesuffix("</p>"))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert client.get(feed).status_code == 200
    assert client.get(feed, {"q": "park"}, REMOTE_ADDR="192.0.2.7").status_code == 200
