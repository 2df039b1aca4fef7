"""The public list: filters with counts, sorting, pagination, feeds and open-data twins."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodpractice import indexing
from goodpractice.listing import PracticeSearch
from goodpractice.models import Practice
from members.models import Region
from network_portal import cache as portal_cache
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db
LIST = "/cs/dobra-praxe/"


def facet(response, name):
    return {
        option.value: option.count
        for f in response.context["facets"]
        if f.name == name
        for option in f.options
    }


def slugs(response):
    return [practice.slug for practice in response.context["practices"]]


@pytest.fixture
def catalogue(db):
    brno = GPMemberFactory(name="Brno", slug="gp-brno", kind="statutory_city")
    tachov = GPMemberFactory(
        name="Tachov", slug="gp-tachov", region=Region.objects.get(nuts3="CZ032")
    )
    PracticeFactory(
        slug="a",
        members=[brno],
        target_groups=["seniori"],
        methods=["kulaty-stul"],
        goals=[3],
        year_from=2019,
        year_to=2021,
        verified=True,
    )
    PracticeFactory(slug="b", members=[brno], target_groups=["seniori", "zeny"], year_from=2022)
    PracticeFactory(
        slug="c",
        members=[tachov],
        target_groups=["mladi-lide"],
        methods=["pocitove-mapy"],
        year_from=2022,
    )
    PracticeFactory(
        slug="d", members=[], partner_name="Asker kommune", country="NO", year_from=2023
    )
    PracticeFactory(slug="draft", members=[brno], status=Practice.Status.DRAFT)
    PracticeFactory(slug="withdrawn", members=[brno], status=Practice.Status.WITHDRAWN)


def test_only_published_examples_are_listed(client, catalogue):
    """Drafts and withdrawn examples stay out of the list."""
    response = client.get(LIST)
    assert sorted(slugs(response)) == ["a", "b", "c", "d"]


def test_filters_combine_and_counts_follow(client, catalogue):
    """Values of one filter are alternatives; different filters must all hold; each count
    is what the list would have with that value."""
    response = client.get(LIST, {"group": "seniori", "region": "CZ064"})
    assert sorted(slugs(response)) == ["a", "b"]
    # Group counts ignore the group filter itself but respect the region.
    assert facet(response, "group")["seniori"] == 2
    assert facet(response, "group")["zeny"] == 1
    assert facet(response, "group")["mladi-lide"] == 0
    # Region counts ignore the region filter but respect the group.
    assert facet(response, "region")["CZ064"] == 2
    assert facet(response, "region")["CZ032"] == 0

    response = client.get(LIST, {"group": ["seniori", "mladi-lide"]})
    assert sorted(slugs(response)) == ["a", "b", "c"]
    response = client.get(LIST, {"group": "seniori", "method": "kulaty-stul", "verified": "1"})
    assert slugs(response) == ["a"]


def test_every_filter_works(client, catalogue):
    """Topic, method, SDG, kind, country, year and verified each narrow the list."""
    assert sorted(slugs(client.get(LIST, {"topic": "zdravi"}))) == ["a", "b", "c", "d"]
    assert slugs(client.get(LIST, {"topic": "doprava"})) == []
    assert slugs(client.get(LIST, {"method": "pocitove-mapy"})) == ["c"]
    assert slugs(client.get(LIST, {"goal": "3"})) == ["a"]
    assert sorted(slugs(client.get(LIST, {"kind": "statutory_city"}))) == ["a", "b"]
    assert slugs(client.get(LIST, {"country": "NO"})) == ["d"]
    assert slugs(client.get(LIST, {"verified": "1"})) == ["a"]
    # An example running 2019–2021 belongs to 2020 too.
    assert slugs(client.get(LIST, {"year": "2020"})) == ["a"]
    response = client.get(LIST, {"year": "2022"})
    assert sorted(slugs(response)) == ["b", "c"]
    years = facet(response, "year")
    assert years == {"2023": 1, "2022": 2, "2021": 1, "2020": 1, "2019": 1}
    assert facet(response, "country") == {"CZ": 2}  # the year filter applies
    assert facet(response, "verified") == {"1": 0}


def test_unknown_filter_values_are_harmless(client, catalogue):
    """Nonsense in the query string gives an empty list, not an error."""
    response = client.get(LIST, {"goal": "x'; drop", "year": "abc", "region": "<b>", "page": "x"})
    assert response.status_code == 200
    response = client.get(LIST, {"region": "ZZ999"})
    assert slugs(response) == []
    assert "list-empty" in response.content.decode()


@pytest.mark.parametrize("path", [LIST, LIST + "rss/", LIST + "atom/", LIST + "export.csv"])
@pytest.mark.parametrize("name", ["topic", "group", "method", "region", "kind", "country", "sort"])
def test_nul_characters_in_filters_are_harmless(client, catalogue, path, name):
    """A NUL character (which PostgreSQL refuses in text) in any filter is no error."""
    response = client.get(path, {name: "a\x00b"})
    assert response.status_code == 200


def test_sort_by_title_uses_czech_collation(client):
    """Č after C, Ch after H, as in a Czech dictionary."""
    for title in ["Chodci", "Cyklisté", "Čistá řeka", "Hřiště", "Zeleň"]:
        PracticeFactory(title_cs=title, title_en="")
    titles = [p.title for p in client.get(LIST, {"sort": "title"}).context["practices"]]
    assert titles == ["Cyklisté", "Čistá řeka", "Hřiště", "Chodci", "Zeleň"]


def test_sort_newest_and_relevance(client):
    """Newest first by default; relevance when searching."""
    old = PracticeFactory(slug="old", title_cs="Senioři", summary_cs="Kluby.")
    Practice.objects.filter(pk=old.pk).update(published_at="2020-01-01T00:00Z")
    PracticeFactory(slug="new", title_cs="Zahrada", summary_cs="Senioři pěstují.")
    assert slugs(client.get(LIST)) == ["new", "old"]
    assert slugs(client.get(LIST, {"q": "senioři"})) == ["old", "new"]
    assert slugs(client.get(LIST, {"q": "senioři", "sort": "newest"})) == ["new", "old"]


def test_pagination_keeps_the_filters(client):
    """Page links carry the search and filters."""
    for _number in range(25):
        PracticeFactory(target_groups=["seniori"])
    response = client.get(LIST, {"group": "seniori"})
    assert len(response.context["practices"]) == 20
    assert "?group=seniori&amp;page=2" in response.content.decode()
    assert len(client.get(LIST, {"group": "seniori", "page": 2}).context["practices"]) == 5


def _csv_urls(content):
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    return [row["url"].rstrip("/").rsplit("/", 1)[1] for row in rows]


@pytest.mark.parametrize(
    "params",
    [{}, {"group": "seniori"}, {"region": "CZ064", "sort": "title"}, {"q": "příklad"}],
)
def test_csv_and_json_hold_exactly_the_list(client, catalogue, params):
    """The CSV and JSON twins of a filtered list have its examples, in its order."""
    listed = slugs(client.get(LIST, params))
    csv_response = client.get(LIST + "export.csv", params)
    assert csv_response["Content-Type"].startswith("text/csv")
    assert _csv_urls(b"".join(csv_response.streaming_content).decode()) == listed
    data = json.loads(b"".join(client.get(LIST + "export.json", params).streaming_content))
    assert [row["url"].rstrip("/").rsplit("/", 1)[1] for row in data] == listed
    if listed:
        assert set(data[0]) >= {"title", "members", "topic", "target_groups", "sdgs", "verified"}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_follow_the_filters(client, catalogue, kind):
    """Each filtered list has an RSS and an Atom feed of its newest examples."""
    response = client.get(f"{LIST}{kind}/", {"group": "seniori"})
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if kind == "rss":
        links = [item.findtext("link") for item in root.iter("item")]
    else:
        ns = "{http://www.w3.org/2005/Atom}"
        links = [entry.find(f"{ns}link").get("href") for entry in root.iter(f"{ns}entry")]
    assert sorted(link.rstrip("/").rsplit("/", 1)[1] for link in links) == ["a", "b"]


def test_list_links_its_feeds_and_exports(client, catalogue):
    """The page offers the feed and data links of exactly this list."""
    html = client.get(LIST, {"group": "seniori"}).content.decode()
    for name in ("rss/", "atom/", "export.csv", "export.json"):
        assert f'{LIST}{name}?group=seniori"' in html


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


# Session and user aside: 5 vocabularies, one query for the count and all nine facet counts
# (over the search rows), the page, the members of its examples, and the list's plan (JIT
# off) in a savepoint (SAVEPOINT, SET, RELEASE). It was 17 and 20 with a query per facet.
# One more for the cards' pictures (one query for the page's examples).
LIST_QUERIES = 12 + LAYOUT_QUERIES
# A search: one more for the visitor's search limit (ratelimit.VISITOR_LIMITS); with several
# filters it gets its ranked page in the counting statement.
SEARCH_QUERIES = 12 + LAYOUT_QUERIES + 1
# Words with one filter or none: the ranked page is a query of its own (from the title and
# summary first), and two estimates of how broad the words are (EXPLAIN; the count is one
# statement either way). Broad words with no filter get the page with the counts.
WORDS_QUERIES = 13 + LAYOUT_QUERIES + 1 + 2


@pytest.mark.parametrize(
    ("params", "broad_share", "expected"),
    [
        ({}, 1.0, LIST_QUERIES),
        ({"q": "příklad", "group": "seniori", "year": "2022"}, 1.0, SEARCH_QUERIES),
        ({"q": "příklad"}, 1.0, WORDS_QUERIES),
        ({"q": "příklad"}, 0.0, WORDS_QUERIES - 1),
        ({"q": "příklad", "group": "seniori"}, 1.0, WORDS_QUERIES),
        ({"q": "příklad", "group": "seniori"}, 0.0, WORDS_QUERIES),
    ],
)
def test_list_query_count_is_fixed(
    client, django_assert_num_queries, params, broad_share, expected, monkeypatch
):
    """The list needs the same number of queries for 10 and 40 examples (words held for
    broad or not: the planner's estimate decides that, and varies with the table)."""
    monkeypatch.setattr(PracticeSearch, "BROAD_SHARE", broad_share)
    members = [GPMemberFactory() for _number in range(3)]
    for _number in range(10):
        PracticeFactory(members=members, target_groups=["seniori"], methods=["workshop"])
    with django_assert_num_queries(expected):
        client.get(LIST, params)
    for _number in range(30):
        PracticeFactory(members=members, target_groups=["seniori"], methods=["workshop"])
    with django_assert_num_queries(expected):
        client.get(LIST, params)


@pytest.mark.pagecache
def test_broad_words_in_blocks_query_count_is_fixed(client, settings, monkeypatch):
    """Broad words alone, counted block by block (the page cache off, shared parts on: as a
    logged-in visitor meets the list): after a write the list reads the blocks'
    generations, their kept parts, the written block's part and keeps it, the same number of
    queries for 10 and 40 examples (4 and 11 blocks): 27, the shared parts' lookups and
    stores included (WORDS_QUERIES counts a list with nothing shared)."""
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = False
    # No count of the cache's table before a write (once every few writes of a process).
    monkeypatch.setattr(portal_cache, "CULL_CHECK_EVERY", 10**9)
    monkeypatch.setattr(portal_cache.DatabaseCache, "_writes", iter(range(1, 10**6)))
    monkeypatch.setattr(PracticeSearch, "BROAD_SHARE", 0.0)
    monkeypatch.setattr(indexing, "SEARCH_BLOCK", 4)
    counted = []
    for count in (10, 30):
        for _number in range(count):
            PracticeFactory(target_groups=["seniori"])
        client.get(LIST, {"q": "příklad"})  # every block's part kept
        PracticeFactory(title_cs="Nový příklad")
        counted.append(_count_queries(client, LIST, {"q": "příklad"}))
    assert counted == [27, 27]
