"""Filters with counts, the feed and the open data of the projects list."""

import csv
import io
import json
from datetime import date

import feedparser
import pytest

from projects.models import ProjectPartner
from tests.goodpractice.factories import GPMemberFactory
from tests.projects.factories import FunderFactory, ProjectFactory

pytestmark = pytest.mark.django_db
LIST = "/cs/projekty/"


def facet(response, name):
    return {
        option.value: option.count
        for f in response.context["facets"]
        if f.name == name
        for option in f.options
    }


@pytest.fixture
def catalogue():
    eea = FunderFactory(slug="ehp")
    state = FunderFactory(slug="stat")
    chrudim = GPMemberFactory(name="Chrudim", slug="chrudim")
    running = ProjectFactory(
        slug="bezi", start=date(2022, 4, 1), end=None, funders=[eea], topics=["zdravi"]
    )
    ProjectPartner.objects.create(project=running, member=chrudim)
    ProjectFactory(
        slug="skoncil", start=date(2015, 1, 1), end=date(2016, 12, 1), funders=[eea, state]
    )
    ProjectFactory(slug="chysta-se", start=date(2090, 1, 1), end=None, funders=[state])


def test_filters_and_counts(client, catalogue):
    """Counts follow the other filters; values of one filter are alternatives."""
    response = client.get(LIST, {"funder": "ehp"})
    assert {p.slug for p in response.context["projects"]} == {"bezi", "skoncil"}
    assert facet(response, "status") == {"planned": 0, "running": 1, "finished": 1}
    assert facet(response, "funder") == {"ehp": 2, "stat": 2}
    response = client.get(LIST, {"status": ["running", "planned"]})
    assert {p.slug for p in response.context["projects"]} == {"bezi", "chysta-se"}
    assert facet(response, "member") == {"chrudim": 1}
    response = client.get(LIST, {"member": "chrudim", "topic": "zdravi"})
    assert [p.slug for p in response.context["projects"]] == ["bezi"]


def test_hostile_parameters_do_not_break_the_list(client, catalogue):
    response = client.get(LIST, {"status": "x\x00", "funder": "'; --", "q": "\x00%_"})
    assert response.status_code == 200


def test_rss_feed_parses(client, catalogue):
    feed = feedparser.parse(client.get("/cs/projekty/rss/").content)
    assert not feed.bozo
    assert len(feed.entries) == 3
    feed = feedparser.parse(client.get("/en/projects/atom/", {"funder": "stat"}).content)
    assert not feed.bozo
    assert len(feed.entries) == 2


def test_csv_neutralises_formulas_and_json_matches(client, catalogue):
    """A name that looks like a formula comes out as text in the CSV."""
    ProjectFactory(slug="vzorec", name_cs='=HYPERLINK("http://x")', start=date(2023, 1, 1))
    response = client.get("/cs/projekty/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    names = {row["\ufeffurl"].rsplit("/", 2)[-2]: row["name"] for row in rows}
    assert names["vzorec"].startswith("'=")
    response = client.get("/cs/projekty/export.json")
    data = json.loads(b"".join(response.streaming_content))
    assert {row["url"].rsplit("/", 2)[-2] for row in data} == set(names)
    assert next(row for row in data if "vzorec" in row["url"])["name"].startswith("=")
