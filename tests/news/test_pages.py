"""The news list and article page, feeds, related blocks and site search."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import ProjectFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db


def facet(response, name):
    return {
        option.value: option.count
        for f in response.context["facets"]
        if f.name == name
        for option in f.options
    }


def test_list_and_article_in_both_languages(client):
    member = GPMemberFactory(name="Brno", slug="brno")
    ArticleFactory(
        slug="norove",
        title_cs="Norská Zdravá města v Brně",
        title_en="Norwegian Healthy Cities in Brno",
        members=[member],
    )
    assert "Norská Zdravá města v Brně" in client.get("/cs/aktuality/").content.decode()
    assert "Norwegian Healthy Cities in Brno" in client.get("/en/news/").content.decode()
    html = client.get("/en/news/norove/").content.decode()
    assert "<h1>Norwegian Healthy Cities in Brno</h1>" in html
    assert 'href="/en/members/brno/">Brno</a>' in html


def test_czech_only_article_is_marked_on_english_page(client):
    ArticleFactory(slug="cesky", title_en="", perex_en="", body_en="")
    html = client.get("/en/news/cesky/").content.decode()
    assert '<h1 lang="cs">' in html
    assert 'class="prose" lang="cs"' in html


def test_filters_and_counts(client):
    brno = GPMemberFactory(slug="brno")
    project = ProjectFactory(slug="part-net")
    now = timezone.now()
    ArticleFactory(members=[brno], topics=["zdravi"], published_at=now - timedelta(days=1))
    ArticleFactory(members=[brno], projects=[project], published_at=now - timedelta(days=400))
    ArticleFactory(topics=["zdravi"], published_at=now - timedelta(days=2))
    response = client.get("/cs/aktuality/", {"member": "brno"})
    assert response.context["paginator"].count == 2
    assert facet(response, "topic") == {"zdravi": 1}
    assert facet(response, "member") == {"brno": 2}
    assert facet(response, "project") == {"part-net": 1}
    response = client.get("/cs/aktuality/", {"topic": "zdravi", "member": "brno"})
    assert response.context["paginator"].count == 1
    assert facet(response, "member") == {"brno": 1}
    years = facet(client.get("/cs/aktuality/"), "year")
    assert sum(years.values()) == 3


def test_feeds_parse_and_survive_control_characters(client):
    """A stray control character in stored text does not break RSS or Atom."""
    ArticleFactory(title_cs="Zpráva\x0bse\x01znakem", perex_cs="Úvod\x08 s\x1f chybou.")
    for path in ("/cs/aktuality/rss/", "/cs/aktuality/atom/", "/en/news/rss/"):
        response = client.get(path)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.entries[0].title in ("Zprávaseznakem", "News item 0") or feed.entries


def test_related_news_on_member_project_and_practice(client):
    member = GPMemberFactory(slug="chrudim")
    project = ProjectFactory(slug="part-net")
    practice = PracticeFactory(slug="mapa")
    ArticleFactory(
        title_cs="Článek o všem", members=[member], projects=[project], practices=[practice]
    )
    ArticleFactory(
        title_cs="Naplánovaný článek",
        members=[member],
        published_at=timezone.now() + timedelta(days=1),
    )
    for path in ("/cs/clenove/chrudim/", "/cs/projekty/part-net/", "/cs/dobra-praxe/mapa/"):
        html = client.get(path).content.decode()
        assert "Článek o všem" in html, path
        assert "Naplánovaný článek" not in html, path


def test_site_search_finds_news_without_diacritics(client):
    ArticleFactory(title_cs="Jarní škola Zdravých měst v Liberci")
    html = client.get("/cs/hledat/", {"q": "jarni skola"}).content.decode()
    assert "Jarní škola Zdravých měst v Liberci" in html


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/cs/aktuality/", "lidé"),  # člověk / lidé
        ("/cs/aktuality/", "dětem"),  # dítě / děti
        ("/cs/aktuality/", "seniorů"),  # "Senioři" is not in the dictionary: its stem
        ("/en/news/", "people"),  # person / people
        ("/en/news/", "children"),
        ("/en/news/", "lidé"),  # the Czech text from the English page
    ],
)
def test_news_search_finds_irregular_forms(client, path, query):
    """The news list searches lemmatized text like good practice (simplemma), so irregular
    Czech and English forms find the article; an edit is searchable at once."""
    article = ArticleFactory(
        slug="forms",
        title_cs="Člověk a dítě v ulicích",
        perex_cs="Senioři učí děti.",
        title_en="A person and a child in the streets",
        perex_en="Seniors teach a child.",
    )
    response = client.get(path, {"q": query})
    assert [item.slug for item in response.context["page_obj"]] == ["forms"], query
    assert client.get(path, {"q": "kolo"}).context["page_obj"].paginator.count == 0
    article.title_cs = "Kolo pro každého"
    article.save(update_fields=["title_cs"])
    assert client.get("/cs/aktuality/", {"q": "kola"}).context["page_obj"].paginator.count == 1


@pytest.mark.parametrize("count", [1, 15])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    member = GPMemberFactory()
    for _number in range(count):
        ArticleFactory(members=[member], topics=["zdravi"])
    # values and counts of three linked filters, year counts, the page count, the articles
    with django_assert_num_queries(9 + LAYOUT_QUERIES):
        response = client.get("/cs/aktuality/", {"member": member.slug})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_article_query_count_does_not_grow(client, django_assert_num_queries, count):
    members = [GPMemberFactory() for _number in range(count)]
    projects = [ProjectFactory() for _number in range(count)]
    practices = [PracticeFactory() for _number in range(count)]
    article = ArticleFactory(slug="a", members=members, projects=projects, practices=practices)
    # article, members, projects, practices, topics, the funders of its projects
    with django_assert_num_queries(6 + LAYOUT_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
