"""A record's page draws its body once (network_portal.records.RecordView): every later
visitor with the same permissions, logged in or not, gets it without its queries, until a
write to a table it read; and what belongs to the visitor who drew it never reaches another."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.models import Event
from events.services.registration import registration_create
from goodpractice.models import Practice
from members.models import Member
from network_portal import pagecache
from news.models import Article
from projects.models import Project
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import PersonFactory, RoleFactory, UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import ProjectFactory

# The page cache and its write tracking on (tests/conftest.py: off unless a test opts in).
pytestmark = pytest.mark.pagecache

# The tables a logged-in request reads whatever the page: the session, the user, the rights.
VISITOR_TABLES = {
    "django_session",
    "network_portal_user",
    "network_portal_user_groups",
    "network_portal_user_user_permissions",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "django_content_type",
}


@pytest.fixture
def page_cache(settings):
    """The shared parts of pages on (the whole pages too), even while a test counts queries
    (tests/conftest.py knows the fixture by its name)."""
    settings.PAGE_CACHE_ENABLED = True
    pagecache.bump()


def url_of(record, language="cs"):
    with translation.override(language):
        return record.get_absolute_url()


def tables_read(client, path) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    tables = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    return {table for table in tables if not table.startswith("portal_cache")} - VISITOR_TABLES


def logged_in(user=None) -> Client:
    client = Client()
    client.force_login(user or UserFactory())
    return client


@pytest.fixture
def records(db):
    member = GPMemberFactory(name="Zdravé Pardubice")
    practice = PracticeFactory(title_cs="Pocitové mapy", members=[member])
    event = EventPartFactory(event=EventFactory(title_cs="Jarní seminář", hosts=[member])).event
    project = ProjectFactory(name_cs="Zdravé čtvrti")
    article = ArticleFactory(title_cs="Síť se rozrůstá", members=[member])
    return {
        "member": member,
        "practice": practice,
        "event": event,
        "project": project,
        "article": article,
    }


# A record, a write to it that its page must show at once, and what the page reads for every
# visitor besides the record's row (may the visitor see it? its title): what the head shows
# and whether a logged-in visitor may edit the record or register colleagues.
COORDINATES = {"members_member", "members_member_coordinators"}
EDITS = [
    ("member", Member, "name", "Zdravé Pardubice a okolí", {"members_region", *COORDINATES}),
    (
        "practice",
        Practice,
        "body_cs",
        "Nový text příkladu.",
        {"goodpractice_topic", "goodpractice_practice_members", *COORDINATES},
    ),
    ("event", Event, "summary_cs", "Nové shrnutí akce.", {"members_region", *COORDINATES}),
    ("project", Project, "description_cs", "Nový popis projektu.", set()),
    ("article", Article, "body_cs", "Nový text aktuality.", set()),
]


@pytest.mark.parametrize(
    ("name", "model", "field", "value", "joined"), EDITS, ids=[edit[0] for edit in EDITS]
)
def test_a_record_body_is_drawn_once_and_a_write_to_the_record_reaches_it(
    records, page_cache, name, model, field, value, joined
):
    """The second visitor reads the record's own row and nothing else of the page; a change
    to the record shows at once."""
    path = url_of(records[name])
    assert len(tables_read(logged_in(), path)) > 3
    visitor = logged_in()
    assert tables_read(visitor, path) == {model._meta.db_table, *joined}
    model.objects.filter(pk=records[name].pk).update(**{field: value})
    assert value in visitor.get(path).content.decode()


def test_a_write_to_a_related_table_reaches_the_body(records, page_cache):
    """A registration changes an event's places; a new role shows on the member's page; a
    newly linked example shows on the project's page."""
    event, member, project = records["event"], records["member"], records["project"]
    visitor = logged_in()
    for record in (event, member, project):
        visitor.get(url_of(record))
    part = event.parts.get()
    part.capacity = 5
    part.save()
    registration_create(event=event, parts=[part], name="Jana Nová", email="jana@example.org")
    assert "zbývají 4 místa" in visitor.get(url_of(event)).content.decode()
    RoleFactory(member=member, person=PersonFactory(first_name="Marta", last_name="Kovářová"))
    assert "Marta Kovářová" in visitor.get(url_of(member)).content.decode()
    PracticeFactory(title_cs="Výstup projektu", project=project)
    assert "Výstup projektu" in visitor.get(url_of(project)).content.decode()


def test_what_belongs_to_the_visitor_who_drew_a_body_reaches_nobody_else(records, page_cache):
    """A coordinator draws the member's and the event's pages first: the next visitor gets the
    same bodies without the coordinator's edit link or the offer to register colleagues."""
    member, event = records["member"], records["event"]
    coordinator = UserFactory(email="koordinatorka@example.org")
    member.coordinators.add(coordinator)
    as_coordinator = logged_in(coordinator)
    assert "Upravit profil" in as_coordinator.get(url_of(member)).content.decode()
    assert "Přihlásit kolegy" in as_coordinator.get(url_of(event)).content.decode()
    for visitor in (Client(), logged_in()):
        member_page = visitor.get(url_of(member)).content.decode()
        assert "Upravit profil" not in member_page and "koordinatorka@" not in member_page
        assert "Přihlásit kolegy" not in visitor.get(url_of(event)).content.decode()
    assert "Přihlásit kolegy" in as_coordinator.get(url_of(event)).content.decode()


def test_a_body_drawn_for_a_permission_stays_with_it(records, page_cache):
    """Staff who may see the roles' history and the funders' reports draw the pages first:
    a visitor without those rights sees neither."""
    member, project = records["member"], records["project"]
    RoleFactory(member=member, person=PersonFactory(first_name="Petr", last_name="Dřívější"))
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_role", "view_project"])
    )
    as_staff = logged_in(staff)
    assert "Všichni držitelé rolí" in as_staff.get(url_of(member)).content.decode()
    assert "XLSX" in as_staff.get(url_of(project)).content.decode()
    for visitor in (Client(), logged_in()):
        assert "Všichni držitelé rolí" not in visitor.get(url_of(member)).content.decode()
        assert "XLSX" not in visitor.get(url_of(project)).content.decode()


def test_a_draft_drawn_for_staff_is_still_a_404_to_the_public(records, page_cache):
    """Staff preview a draft project; its body is kept, but the public still gets a 404, and
    other staff without the right too."""
    project = ProjectFactory(name_cs="Rozpracovaný", publication=Project.Publication.DRAFT)
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename="change_project"))
    assert logged_in(editor).get(url_of(project)).status_code == 200
    assert Client().get(url_of(project)).status_code == 404
    assert logged_in().get(url_of(project)).status_code == 404
    assert logged_in(UserFactory(is_staff=True)).get(url_of(project)).status_code == 404


def test_each_language_draws_its_own_body(records, page_cache):
    """The Czech page drawn first does not stand in for the English one."""
    project = records["project"]
    Project.objects.filter(pk=project.pk).update(
        description_cs="Popis v češtině.", description_en="The English description."
    )
    visitor = logged_in()
    assert "Popis v češtině." in visitor.get(url_of(project, "cs")).content.decode()
    english = visitor.get(url_of(project, "en")).content.decode()
    assert "The English description." in english and "Popis v češtině." not in english


def test_an_authors_returned_example_keeps_its_buttons_and_stays_theirs(records, page_cache):
    """The author's coordinator draws a returned example first: another coordinator and the
    public still get a 404, and staff, who may edit it too, get it with buttons of their own
    right (every visitor who may see an unpublished example may edit it)."""
    member = records["member"]
    practice = PracticeFactory(
        title_cs="Vrácený příklad", members=[member], status=Practice.Status.RETURNED
    )
    author = UserFactory()
    member.coordinators.add(author)
    page = logged_in(author).get(url_of(practice)).content.decode()
    assert "Vrácený příklad" in page and "Odeslat k posouzení" in page
    other = GPMemberFactory(name="Zdravý Tábor")
    stranger = UserFactory()
    other.coordinators.add(stranger)
    assert logged_in(stranger).get(url_of(practice)).status_code == 404
    assert Client().get(url_of(practice)).status_code == 404
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename="change_practice"))
    reviewer_page = logged_in(staff).get(url_of(practice)).content.decode()
    assert "Vrácený příklad" in reviewer_page and "Odeslat k posouzení" in reviewer_page
