"""The page cache per table: a write makes stale the pages that read what it wrote – the
section's own pages and the blocks other sections show about it – and leaves the others
cached; the listener lets a hit skip the database and never lets a stale page through."""

import re
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events import cachescopes
from events.models import Event
from events.services.registration import registration_cancel, registration_create
from goodpractice.models import Topic
from network_portal import pagecache, pagelisten, pagescopes
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory

# The page cache and its write tracking on (tests/conftest.py: off unless a test opts in).
pytestmark = pytest.mark.pagecache


@pytest.fixture
def page_cache(settings):
    """The page cache on, even while a test counts queries."""
    settings.PAGE_CACHE_ENABLED = True


def anonymous_get(path):
    return Client().get(path)


def state(path):
    return anonymous_get(path).get("X-Page-Cache")


def url_of(record, language="cs"):
    with translation.override(language):
        return record.get_absolute_url()


@pytest.fixture
def pages(db):
    """A member hosting an upcoming event and owning an example, and their pages, cached."""
    member = GPMemberFactory(name="Zdravé Pardubice")
    practice = PracticeFactory(title_cs="Pocitové mapy", members=[member])
    part = EventPartFactory(event=EventFactory(title_cs="Jarní seminář", hosts=[member]))
    urls = {
        "home": "/cs/",
        "practices": "/cs/dobra-praxe/",
        "practice": url_of(practice),
        "events": "/cs/akce/",
        "event": url_of(part.event),
        "member": url_of(member),
    }
    for url in urls.values():
        assert state(url) == "miss", url
        assert state(url) == "hit", url
    return {**urls, "records": {"member": member, "practice": practice, "part": part}}


def test_a_registration_leaves_the_good_practice_pages_cached(pages):
    """Registering for an event writes the events' tables only: the good-practice list and
    record stay hits, the event page is rendered again."""
    part = pages["records"]["part"]
    registration_create(event=part.event, parts=[part], name="Jana Nová", email="jana@example.org")
    assert state(pages["practices"]) == "hit"
    assert state(pages["practice"]) == "hit"
    assert state(pages["event"]) == "miss"


def test_an_event_write_reaches_its_pages_and_the_blocks_about_it(pages):
    """A changed event title shows at once on the event page, the events list, the home
    page's upcoming block and the host member's profile; the examples stay cached."""
    Event.objects.filter(pk=pages["records"]["part"].event_id).update(title_cs="Podzimní seminář")
    for name in ("event", "events", "home", "member"):
        response = anonymous_get(pages[name])
        assert response["X-Page-Cache"] == "miss", name
        assert "Podzimní seminář" in response.content.decode(), name
    assert state(pages["practice"]) == "hit"
    assert state(pages["practices"]) == "hit"


def test_an_example_write_reaches_the_member_profile(pages):
    """An example's new title shows on its record, the list and its member's profile (a
    related block of another section); the event page stays cached."""
    practice = pages["records"]["practice"]
    practice.title_cs = "Mapy pocitů"
    practice.save()
    for name in ("practice", "practices", "member"):
        response = anonymous_get(pages[name])
        assert response["X-Page-Cache"] == "miss", name
        assert "Mapy pocitů" in response.content.decode(), name
    assert state(pages["event"]) == "hit"


def test_logged_in_visitors_share_the_related_blocks_until_a_write(pages, page_cache):
    """The other sections' blocks on a member's profile are shared by logged-in visitors too
    (their pages are rendered each time), and an example's new title reaches them at once."""
    visitor = Client()
    visitor.force_login(UserFactory())
    pagecache.bump()
    counting = _queries_of(visitor, pages["member"])
    assert _queries_of(visitor, pages["member"]) < counting
    practice = pages["records"]["practice"]
    practice.title_cs = "Mapy pocitů"
    practice.save()
    assert "Mapy pocitů" in visitor.get(pages["member"]).content.decode()


def test_a_member_write_reaches_the_pages_that_name_it(pages):
    """A renamed member shows on its profile and on the example and event pages naming it."""
    member = pages["records"]["member"]
    member.name = "Zdravé Pardubice – statutární město"
    member.save()
    for name in ("member", "practice", "event"):
        response = anonymous_get(pages[name])
        assert response["X-Page-Cache"] == "miss", name
        assert "statutární město" in response.content.decode(), name


def _tables_queried(path) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        response = anonymous_get(path)
    assert response.status_code == 200
    return {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }


def test_an_event_write_draws_only_the_events_block_of_the_home_page_again(pages, page_cache):
    """Each section's home block is shared on its own: after a write to an event the home
    page shows the new title, and the examples' and members' blocks come as they were kept
    (no query reads their tables)."""
    Event.objects.filter(pk=pages["records"]["part"].event_id).update(title_cs="Podzimní seminář")
    read = _tables_queried(pages["home"])
    assert "events_event" in read
    assert not read & {"goodpractice_practice", "news_article", "projects_project"}
    home = anonymous_get(pages["home"])
    assert home["X-Page-Cache"] == "hit"
    assert "Podzimní seminář" in home.content.decode()
    assert "Pocitové mapy" in home.content.decode()


def test_an_example_write_reaches_the_home_page_through_its_own_block(pages, page_cache):
    practice = pages["records"]["practice"]
    practice.title_cs = "Mapy pocitů"
    practice.save()
    read = _tables_queried(pages["home"])
    assert "goodpractice_practice" in read
    assert "events_event" not in read
    assert "Mapy pocitů" in anonymous_get(pages["home"]).content.decode()


def test_an_event_write_works_out_only_the_events_block_of_a_profile_again(pages, page_cache):
    """Each section's block about a record is shared on its own: after a write to the event
    its host's profile shows the new title and takes the examples' block as it was kept."""
    Event.objects.filter(pk=pages["records"]["part"].event_id).update(title_cs="Podzimní seminář")
    read = _tables_queried(pages["member"])
    assert "events_event" in read
    assert "goodpractice_practice" not in read
    profile = anonymous_get(pages["member"]).content.decode()
    assert "Podzimní seminář" in profile
    assert "Pocitové mapy" in profile


def test_an_event_write_searches_only_the_events_again(pages, page_cache):
    """Each section's part of the site search is shared on its own: after a write to an
    event the search finds its new title and takes the examples' results as they were kept."""
    search = "/cs/hledat/?q=mapy"
    assert "Pocitové mapy" in anonymous_get(search).content.decode()
    event = pages["records"]["part"].event
    event.title_cs = "Pocitové mapy v praxi"
    event.save()
    read = _tables_queried(search)
    assert "events_event" in read
    assert "goodpractice_practice" not in read
    found = anonymous_get(search).content.decode()
    assert "Pocitové mapy v praxi" in found
    assert f'href="{pages["practice"]}"' in found


def _event_in_another_bucket(than, **kwargs):
    """An event whose places fall in another bucket of scopes than ``than``'s."""

    def bucket_of(event):
        return pagescopes.bucket(cachescopes.places_table(), cachescopes.event_scope(event.pk))

    while True:
        event = EventFactory(**kwargs)
        if bucket_of(event) != bucket_of(than):
            return event


def test_a_registration_for_an_event_the_list_does_not_show_leaves_it_cached(pages):
    """The events' list and the site search read the places taken in the events they show
    only, an event's page the places and registrations of its event: a registration for
    another event leaves them cached; one for an event they show reaches them at once; any
    other write of the places (a cancellation) makes them stale, as without scopes."""
    shown = pages["records"]["part"]
    other = EventPartFactory(
        event=_event_in_another_bucket(shown.event, kind=Event.Kind.WEBINAR, is_online=True)
    )
    seminars = "/cs/akce/?kind=seminar"
    search = "/cs/hledat/?q=Jarn%C3%AD"  # finds the seminar shown, not the webinar
    urls = (seminars, search, pages["event"])
    before = {url: anonymous_get(url).content for url in urls}
    assert [state(url) for url in urls] == ["hit"] * 3
    elsewhere = registration_create(
        event=other.event, parts=[other], name="Jan Malý", email="jan@example.org"
    )
    assert [state(url) for url in urls] == ["hit"] * 3
    registration_create(event=shown.event, parts=[shown], name="Jana Nová", email="j@example.org")
    for url in urls:
        after = anonymous_get(url)
        assert after["X-Page-Cache"] == "miss", url
        assert after.content != before[url], url  # one place fewer
        assert state(url) == "hit", url
    registration_cancel(registration=elsewhere, user=None)
    assert [state(url) for url in urls] == ["miss"] * 3


def test_every_page_records_the_tables_it_read(pages):
    """An entry names the tables its SQL read: the example's record reads the examples and
    the members, not the registrations; the home page reads every section's."""
    practice = pagecache._local[pagecache.page_key(RequestFactory().get(pages["practice"]))]
    assert {"goodpractice_practice", "members_member"} <= practice["tables"]
    assert "events_registration" not in practice["tables"]
    assert pagecache.GENERATION_KEY in practice["generations"]
    home = pagecache._local[pagecache.page_key(RequestFactory().get(pages["home"]))]
    assert {"goodpractice_practice", "events_event", "members_member"} <= home["tables"]


def test_a_full_bump_makes_every_page_stale(pages):
    pagecache.bump()
    for name in ("home", "practice", "event", "member"):
        assert state(pages[name]) == "miss", name


# --- the listener --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/cs/akce/",
        "/cs/akce/?kind=seminar",
        "/cs/clenove/",
        "/cs/aktuality/",
        "/cs/hledat/?q=seminář",
    ],
)
def test_logged_in_visitors_share_a_lists_counts_until_a_write(pages, page_cache, path):
    """A logged-in visitor's list page is rendered each time, but its counts and facets are
    shared (``FilteredList.summary``), as are the site search's results, until a write to
    what they read."""
    visitor = Client()
    visitor.force_login(UserFactory())
    pagecache.bump()  # nothing kept: the first visitor counts
    counting = _queries_of(visitor, path)
    sharing = _queries_of(visitor, path)
    assert sharing < counting
    EventFactory(title_cs="Podzimní seminář", hosts=[pages["records"]["member"]])
    if path.startswith(("/cs/akce/", "/cs/hledat/")):
        assert _queries_of(visitor, path) > sharing  # counted again
        page = visitor.get(path).content.decode()
        assert "Podzimní seminář" in page
        assert "2 akce" in page or "hledat" in path


LISTS = [
    "/cs/akce/",
    "/cs/dobra-praxe/",
    "/cs/clenove/",
    "/cs/aktuality/",
    "/cs/projekty/",
    "/cs/dokumenty/",
]


@pytest.mark.parametrize("path", LISTS)
def test_logged_in_visitors_share_a_lists_body_until_a_write(pages, page_cache, path):
    """Everything between a list page's header and footer is shared by every visitor: a
    logged-in visitor's second request runs none of the list's queries (only the session's
    and the user's), and the list's own write reaches it at once."""
    visitor = Client()
    visitor.force_login(UserFactory())
    pagecache.bump()

    def the_lists(tables):  # not the generations, the session, the user and their rights
        return {t for t in tables if not t.startswith(("portal_cache", "django_", "auth_"))} - {
            "network_portal_user",
            "network_portal_user_groups",
            "network_portal_user_user_permissions",
        }

    assert the_lists(_tables_of(visitor, path))
    assert not the_lists(_tables_of(visitor, path))
    assert "Příklad nový" not in visitor.get("/cs/dobra-praxe/").content.decode()
    PracticeFactory(title_cs="Příklad nový")
    EventFactory(title_cs="Podzimní seminář", hosts=[pages["records"]["member"]])
    assert "Příklad nový" in visitor.get("/cs/dobra-praxe/").content.decode()
    assert "Podzimní seminář" in visitor.get("/cs/akce/").content.decode()


def test_a_shared_list_body_follows_the_labels_of_its_filters(pages, page_cache):
    """The filters' labels are read by the view before the body is drawn: a renamed topic
    reaches the good-practice list's filters at once."""
    visitor = Client()
    visitor.force_login(UserFactory())
    assert "Zdraví a prevence" not in visitor.get("/cs/dobra-praxe/").content.decode()
    Topic.objects.filter(slug="zdravi").update(name_cs="Zdraví a prevence")
    assert "Zdraví a prevence" in visitor.get("/cs/dobra-praxe/").content.decode()


def test_a_shared_list_body_shows_nothing_of_the_visitor_who_drew_it(pages, page_cache):
    """Staff draw the body first; an anonymous visitor then gets the body without staff's
    menu, and a later page keeps its number in the title."""
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True, email="sprava@example.org"))
    pagecache.bump()
    assert "Odhlásit" in staff.get("/cs/akce/").content.decode()
    page = Client().get("/cs/akce/").content.decode()
    assert "Odhlásit" not in page and "sprava@example.org" not in page
    EventFactory.create_batch(25)
    staff.get("/cs/akce/?page=2")
    second = Client()
    second.force_login(UserFactory())
    assert "strana 2" in second.get("/cs/akce/?page=2").content.decode()


def _tables_of(client, path) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }


def _queries_of(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.fixture
def listening(settings):
    settings.PAGE_CACHE_LISTEN = True
    pagecache.start_listening()
    deadline = time.monotonic() + 10
    while pagelisten.generations() is None:
        assert time.monotonic() < deadline, "the listener did not connect"
        time.sleep(0.05)
    yield
    pagelisten._started_in = None  # the thread ends at its next wake-up
    pagelisten._set(None)


def _until(condition, timeout=5):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_listening_a_hit_needs_no_query_and_a_write_still_reaches_it(
    page_cache, listening, django_assert_num_queries
):
    """While the listener is connected, a hit of a page this process holds reads nothing from
    the database; a committed write reaches the next request (its notice updates the copy)."""
    practice = PracticeFactory(title_cs="Komunitní zahrada")
    url = url_of(practice)
    assert state(url) == "miss"
    with django_assert_num_queries(0):
        assert state(url) == "hit"
    before = dict(pagelisten.generations())
    practice.title_cs = "Komunitní sad"
    practice.save()
    key = pagecache.table_key("goodpractice_practice")
    _until(lambda: pagelisten.generations() and pagelisten.generations()[key] != before[key])
    response = anonymous_get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Komunitní sad" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_the_listener_a_hit_reads_the_generations(page_cache, django_assert_num_queries):
    """Listener down: every hit checks the generations in the shared cache (one query)."""
    assert pagelisten.generations() is None
    practice = PracticeFactory()
    url = url_of(practice)
    assert state(url) == "miss"
    with django_assert_num_queries(1):
        assert state(url) == "hit"
    caches["default"].set(pagecache.table_key("goodpractice_practice"), "changed", None)
    assert state(url) == "miss"


@pytest.mark.django_db
def test_a_hit_carries_the_headers_of_the_stored_page():
    """A hit is answered before the security, CSP and compression layers: it carries the
    headers they gave the stored page."""
    first = Client().get("/cs/", HTTP_ACCEPT_ENCODING="gzip")
    second = Client().get("/cs/", HTTP_ACCEPT_ENCODING="gzip")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
        "Content-Type",
    ):
        assert header in first, header
        assert second[header] == first[header], header
    assert second["Content-Encoding"] == "gzip"
