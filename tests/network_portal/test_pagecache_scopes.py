"""Scopes of the page cache (network_portal.pagescopes, events.cachescopes): an event's edit
makes stale the profiles of its hosts and its project's page, before and after the edit, and
every page that shows the event whole (the event, the list, the home page); the profiles of
other members and the pages of other projects stay cached. A write that names no scope still
makes every page that read the events stale."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from events import cachescopes
from events.models import Event
from network_portal import pagecache, pagescopes
from tests.events.factories import EventFactory, EventPartFactory
from tests.events.test_event_admin import _form
from tests.goodpractice.factories import GPMemberFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.pagecache


def get(path):
    return Client().get(path)


def state(path):
    return get(path).get("X-Page-Cache")


def url_of(record):
    with translation.override("cs"):
        return record.get_absolute_url()


def _other_bucket(make, taken):
    """A record made by ``make`` whose scope falls in none of the buckets ``taken``."""
    while True:
        record = make()
        scope_bucket = pagescopes.bucket("events_event", scope_of(record))
        if scope_bucket not in taken:
            return record


def scope_of(record):
    if record._meta.model_name == "project":
        return cachescopes.project_scope(record.pk)
    return cachescopes.member_scope(record.pk)


def buckets(*records):
    return {pagescopes.bucket("events_event", scope_of(record)) for record in records}


@pytest.fixture
def site(db):
    """Host A's event of project P; member B hosting another event, member C a third; project
    Q with no event: their pages cached (B, C and Q in buckets of their own)."""
    host = GPMemberFactory(name="Zdravé Pardubice")
    project = ProjectFactory(name_cs="Zdravá krajina")
    event = EventFactory(title_cs="Jarní seminář", hosts=[host], project=project)
    EventPartFactory(event=event)
    taken = buckets(host, project)
    other = _other_bucket(lambda: GPMemberFactory(name="Zdravý Tábor"), taken)
    third = _other_bucket(lambda: GPMemberFactory(name="Zdravý Písek"), taken | buckets(other))
    EventFactory(title_cs="Letní škola", hosts=[other])
    EventFactory(title_cs="Podzimní setkání", hosts=[third])
    other_project = _other_bucket(
        lambda: ProjectFactory(name_cs="Zdravé školy"), taken | buckets(other, third)
    )
    urls = {
        "host": url_of(host),
        "other": url_of(other),
        "third": url_of(third),
        "project": url_of(project),
        "other project": url_of(other_project),
        "event": url_of(event),
        "events": "/cs/akce/",
        "home": "/cs/",
    }
    for url in urls.values():
        response = get(url)
        assert response.get("X-Page-Cache") == "miss", (url, response.status_code)
        assert state(url) == "hit", url
    records = {"event": event, "host": host, "other": other, "project": project}
    return {**urls, "records": records, "other_project": other_project}


def test_an_edit_in_scope_reaches_its_hosts_and_project_only(site):
    event = site["records"]["event"]
    with cachescopes.editing([event.pk]):
        event.title_cs = "Podzimní seminář"
        event.save()
    for name in ("host", "project", "event", "events", "home"):
        response = get(site[name])
        assert response["X-Page-Cache"] == "miss", name
        assert "Podzimní seminář" in response.content.decode(), name
    for name in ("other", "third", "other project"):
        assert state(site[name]) == "hit", name


def test_new_hosts_and_project_reach_the_pages_before_and_after(site):
    """Moving the event from host A to B and from project P to Q: all four pages change."""
    event = site["records"]["event"]
    with cachescopes.editing([event.pk]):
        event.hosts.set([site["records"]["other"]])
        event.project = site["other_project"]
        event.save()
    for name, shown in (("host", False), ("other", True), ("project", False)):
        response = get(site[name])
        assert response["X-Page-Cache"] == "miss", name
        assert ("Jarní seminář" in response.content.decode()) is shown, name
    response = get(site["other project"])
    assert response["X-Page-Cache"] == "miss"
    assert "Jarní seminář" in response.content.decode()
    assert state(site["third"]) == "hit"


def test_a_write_without_scopes_reaches_every_page_that_read_the_events(site):
    """``update()`` outside ``editing`` names no scope: every profile showing events goes
    stale, as without scopes."""
    Event.objects.filter(pk=site["records"]["event"].pk).update(title_cs="Podzimní seminář")
    for name in ("host", "other", "third", "project", "other project", "event", "home"):
        assert state(site[name]) == "miss", name
    assert "Podzimní seminář" in get(site["host"]).content.decode()


def test_a_rolled_back_edit_changes_nothing_and_serves_the_same(site):
    event = site["records"]["event"]
    with pytest.raises(RuntimeError), cachescopes.editing([event.pk]):
        Event.objects.filter(pk=event.pk).update(title_cs="Podzimní seminář")
        raise RuntimeError
    assert "Jarní seminář" in get(site["host"]).content.decode()


def test_the_admins_edit_is_scoped(site, client, staff_user):
    """The admin's change form is the coordinators' and staff's edit: in scope."""
    event = site["records"]["event"]
    client.force_login(staff_user)
    url = f"/cs/sprava/events/event/{event.pk}/change/"
    data = _form(client, url)
    data["title_cs"] = "Podzimní seminář"
    assert client.post(url, data).status_code == 302
    for name in ("host", "project", "event"):
        response = get(site[name])
        assert response["X-Page-Cache"] == "miss", name
        assert "Podzimní seminář" in response.content.decode(), name
    for name in ("other", "third", "other project"):
        assert state(site[name]) == "hit", name


def test_a_scoped_page_keeps_the_events_clock(site):
    """A profile tagged with a bucket still ends when its events start or end."""
    entry = pagecache._local[pagecache.page_key(RequestFactory().get(site["host"]))]
    assert "events_event" not in entry["tables"]
    assert {
        "events_event#*",
        pagescopes.bucket("events_event", scope_of(site["records"]["host"])),
    } <= entry["tables"]
    event = site["records"]["event"]
    assert entry["until"] <= event.start.timestamp()
