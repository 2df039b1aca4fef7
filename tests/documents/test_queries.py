"""Query counts of the library's pages and of the documents block on events and projects:
the same at two data sizes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.documents.factories import DocumentFactory
from tests.events.factories import EventFactory
from tests.goodpractice.factories import GPMemberFactory
from tests.projects.factories import ProjectFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db

# kind, year, language: one count each; topic, member, project, event: the values and their
# counts; the page: the count and the documents
LIST_QUERIES = 13 + LAYOUT_QUERIES
# the document with its event and project; its members; its topics
DETAIL_QUERIES = 3 + LAYOUT_QUERIES
# the event page and the project page, each with its documents' block (one query)
EVENT_QUERIES = 8 + LAYOUT_QUERIES
PROJECT_QUERIES = 10 + LAYOUT_QUERIES


def _world(count):
    project = ProjectFactory(slug="part-net")
    start = timezone.now() - timedelta(days=20)
    event = EventFactory(slug="akce", project=project, start=start, end=start + timedelta(hours=5))
    members = [GPMemberFactory() for _number in range(count)]
    for number in range(count):
        DocumentFactory(
            event=event if number % 2 else None,
            project=None if number % 2 else project,
            members=members,
            topics=["zdravi"],
            year=2020 + number % 4,
        )
    return project, event


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_is_constant(client, django_assert_num_queries, count):
    _world(count)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get("/cs/dokumenty/").status_code == 200
    # Searched with words: one more, the visitor's search limit (ratelimit.VISITOR_LIMITS).
    with django_assert_num_queries(LIST_QUERIES + 1):
        client.get("/en/documents/", {"kind": "publication", "q": "dokument", "year": "2021"})


@pytest.mark.parametrize("count", [1, 10])
def test_detail_query_count_is_constant(client, django_assert_num_queries, count):
    _world(count)
    document = DocumentFactory(
        slug="zprava", members=[GPMemberFactory() for _number in range(count)], topics=["zdravi"]
    )
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_event_and_project_pages_query_counts_are_constant(
    client, django_assert_num_queries, count
):
    _world(count)
    with django_assert_num_queries(EVENT_QUERIES):
        assert client.get("/cs/akce/akce/").status_code == 200
    with django_assert_num_queries(PROJECT_QUERIES):
        assert client.get("/cs/projekty/part-net/").status_code == 200
