"""The public directory: filters with counts, search, ordering, pagination, map and export."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Member, Region
from tests.factories import MemberFactory, RatingFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db

DIRECTORY_QUERIES = 7 + LAYOUT_QUERIES  # regions, count, page, 3 × counts per filter, map points


def names_in(response):
    return [member.name for member in response.context["members"]]


@pytest.fixture
def register(tachov, brno):
    plzen = MemberFactory(name="Plzeň", slug="plzen", kind="statutory_city")
    usti = MemberFactory(
        name="Ústí nad Labem",
        slug="usti-nad-labem",
        kind="statutory_city",
        region=Region.objects.get(nuts3="CZ042"),
    )
    RatingFactory(member=plzen, year=2024, category="B")
    MemberFactory(name="Chrudim", slug="chrudim", region=Region.objects.get(nuts3="CZ053"))
    MemberFactory(name="Cheb", slug="cheb", status=Member.Status.FORMER)
    return {"plzen": plzen, "usti": usti}


@pytest.mark.parametrize(("language", "path"), [("cs", "/cs/clenove/"), ("en", "/en/members/")])
def test_directory_in_both_languages(client, register, language, path):
    """Both language versions list the members under their translated address."""
    with translation.override(language):
        assert reverse("members:list") == path
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tachov" in text and "Plzeň" in text
    assert ("Členové" if language == "cs" else "Members") in text


def test_directory_lists_public_members_in_czech_order(client, register):
    """Former members leave the directory; the rest are in Czech alphabetical order."""
    response = client.get("/cs/clenove/")
    assert names_in(response) == ["Brno", "Chrudim", "Plzeň", "Tachov", "Ústí nad Labem"]
    assert response.context["paginator"].count == 5
    assert '<h2 class="list-layout__count">5 členů</h2>' in response.content.decode()


@pytest.mark.parametrize(("text", "found"), [("plzen", ["Plzeň"]), ("usti", ["Ústí nad Labem"])])
def test_search_without_diacritics(client, register, text, found):
    """ "plzen" finds Plzeň, "usti" finds Ústí nad Labem."""
    assert names_in(client.get("/cs/clenove/", {"q": text})) == found


def test_filters_combine_and_show_counts(client, register):
    """Each filter value shows how many members it would give with the other filters kept."""
    response = client.get("/en/members/", {"kind": "statutory_city"})
    assert names_in(response) == ["Brno", "Plzeň", "Ústí nad Labem"]
    facets = {
        facet.name: {option.value: option.count for option in facet.options if option.count}
        for facet in response.context["facets"]
    }
    assert facets["kind"] == {"town": 2, "statutory_city": 3}
    assert facets["region"]["CZ032"] == 1  # Plzeň only: the kind filter is kept
    assert facets["region"]["CZ042"] == 1
    assert facets["category"] == {"B": 1, "none": 2}
    assert "Plzeň Region (1)" in response.content.decode()

    response = client.get("/en/members/", {"kind": "statutory_city", "region": "CZ032"})
    assert names_in(response) == ["Plzeň"]
    response = client.get("/en/members/", {"category": "C"})
    assert names_in(response) == ["Tachov"]
    response = client.get("/en/members/", {"category": "none"})
    assert names_in(response) == ["Brno", "Chrudim", "Ústí nad Labem"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "castle"},
        {"region": "XX999"},
        {"category": "Z*"},
        {"page": "abc"},
        {"page": "99999"},
        {"q": "x" * 500},
        {"q": "%_\\'\""},
    ],
)
def test_bad_parameters_never_fail(client, register, params):
    """Bad filter values are ignored and a bad page number gives a page, never an error."""
    assert client.get("/cs/clenove/", params).status_code == 200
    assert client.get("/cs/clenove/export.csv", params).status_code == 200


def test_pagination_keeps_the_filters(client, tachov):
    """Page links keep the filters, so a filtered page can be shared."""
    for number in range(35):
        MemberFactory(name=f"Obec {number:02d}", slug=f"obec-{number}")
    response = client.get("/cs/clenove/", {"kind": "town", "page": 2})
    assert response.context["page_obj"].number == 2
    assert len(names_in(response)) == 6
    assert "?kind=town&amp;page=1" in response.content.decode()


def test_map_points_link_to_profiles(client, register):
    """The SVG map has the 14 regions and one labelled link per located member."""
    text = client.get("/cs/clenove/").content.decode()
    assert text.count('fill-rule="evenodd"') == 14
    assert '<svg viewBox="0 0 800 ' in text
    assert '<a href="/cs/clenove/tachov/" aria-label="Tachov">' in text
    assert "OpenStreetMap" in text
    assert "<script" not in text.split("<svg")[1].split("</svg>")[0]


def test_csv_export_matches_the_filtered_list(client, register):
    """The CSV has exactly the members of the filtered list, in the same order."""
    params = {"kind": "statutory_city"}
    listed = names_in(client.get("/cs/clenove/", params))
    response = client.get("/cs/clenove/export.csv", params)
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == listed
    plzen = rows[1]
    assert plzen["ma21_category"] == "B"
    assert plzen["url"] == "http://testserver/cs/clenove/plzen/"


def test_json_export_matches_the_filtered_list(client, register):
    """The JSON export has the same members as the search result: an array of objects, like
    every list's open data."""
    response = client.get("/en/members/export.json", {"q": "usti"})
    data = json.loads(b"".join(response.streaming_content))
    assert len(data) == 1
    assert data[0]["name"] == "Ústí nad Labem"
    assert data[0]["region_nuts3"] == "CZ042"


def test_directory_query_count_does_not_grow(client, django_assert_num_queries, tachov):
    """The directory takes the same number of queries for 10 and for 60 members."""
    for _number in range(9):
        RatingFactory(member=MemberFactory(), year=2024)
    with django_assert_num_queries(DIRECTORY_QUERIES):
        assert client.get("/cs/clenove/", {"kind": "town"}).status_code == 200
    for _number in range(50):
        RatingFactory(member=MemberFactory(), year=2023, category="B")
    with django_assert_num_queries(DIRECTORY_QUERIES):
        response = client.get("/cs/clenove/", {"kind": "town"})
    assert response.context["paginator"].count == 60
    # The visitor's download limit (ratelimit.VISITOR_LIMITS), then one query for the data.
    with django_assert_num_queries(2):
        b"".join(client.get("/cs/clenove/export.json").streaming_content)
