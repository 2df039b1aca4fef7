"""The list, the event page and the registration page run a fixed number of queries,
whatever the number of events, parts, hosts and registrations."""

import pytest

from events.services.registration import registration_create
from tests.events.factories import EventFactory, EventMemberFactory, EventPartFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db


def _events(count):
    hosts = [EventMemberFactory() for _ in range(3)]
    events = []
    for number in range(count):
        event = EventFactory(hosts=hosts[: 1 + number % 3], is_online=number % 2 == 0)
        for _part in range(2):
            part = EventPartFactory(event=event, capacity=50)
            for person in range(number % 4):
                registration_create(
                    event=event,
                    parts=[part],
                    name=f"P {person}",
                    email=f"p{person}.{part.pk}@example.org",
                )
        events.append(event)
    return events


# the filters not chosen, the list's size and the events open now (one grouped query), the
# regions' names, the hosts' counts and names; the page: the events, their hosts, their parts
# with counts.
LIST_QUERIES = 7 + LAYOUT_QUERIES
# + each chosen filter counted on its own (kind, mode)
FILTERED_LIST_QUERIES = LIST_QUERIES + 2
# the event with its parts, hosts, attachments and counts; + 1 for the news about it
DETAIL_QUERIES = 6 + LAYOUT_QUERIES
REGISTER_QUERIES = 4 + LAYOUT_QUERIES


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_is_constant(client, django_assert_num_queries, count):
    _events(count)
    with django_assert_num_queries(LIST_QUERIES):
        client.get("/cs/akce/")
    with django_assert_num_queries(FILTERED_LIST_QUERIES):
        client.get("/en/events/", {"kind": "seminar", "mode": "in-person"})


@pytest.mark.parametrize("count", [1, 10])
def test_event_page_query_count_is_constant(client, django_assert_num_queries, count):
    event = EventFactory(hosts=[EventMemberFactory() for _ in range(count)])
    for number in range(count):
        part = EventPartFactory(event=event, capacity=100)
        for person in range(count):
            registration_create(
                event=event,
                parts=[part],
                name="X",
                email=f"x{person}.{number}@example.org",
                member=EventMemberFactory(),
                show_organisation=True,
            )
    # event, hosts with regions, parts with counts, attachments, attending members
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(event.get_absolute_url())


@pytest.mark.parametrize("count", [1, 8])
def test_registration_page_query_count_is_constant(client, django_assert_num_queries, count):
    event = EventFactory(hosts=[EventMemberFactory() for _ in range(count)])
    for _number in range(count):
        EventPartFactory(event=event)
    # event, parts with counts, the parts offered (the form's field), member choices
    with django_assert_num_queries(REGISTER_QUERIES):
        client.get(f"/cs/akce/{event.slug}/registrace/")
