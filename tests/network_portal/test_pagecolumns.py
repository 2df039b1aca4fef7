"""Side columns (network_portal.pagecolumns): a coordinator's edit of the description makes
stale the member's own pages and the searches, never the pages that show only its name; any
other write to the members bumps them all, as before."""

import re

import pytest
from django.test import Client
from django.utils import translation

from members import cachescopes as members_scopes
from members.models import Member
from members.services import member_profile_update
from network_portal import pagecolumns, pagescopes
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import PartnerFactory, ProjectFactory

MEMBERS = "members_member"
SIDE = pagecolumns.name(MEMBERS)


# --- what the SQL says -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE "members_member" SET "description_cs" = %s WHERE "members_member"."id" = %s',
        'UPDATE "members_member" SET "description_cs" = %s, "description" = %s WHERE "id" = %s',
        # QuerySet.update() of the search text; bulk_update's CASE.
        'UPDATE "members_member" SET "search_cs" = (setweight(to_tsvector(%s::regconfig, '
        'COALESCE("members_member"."name", %s)), %s)), "search_en" = (to_tsvector(%s)) '
        'WHERE "members_member"."id" IN (%s)',
        'UPDATE "members_member" SET "website" = CASE WHEN ("members_member"."id" = %s) '
        'THEN %s ELSE NULL END WHERE "members_member"."id" IN (%s)',
    ],
)
def test_an_update_of_side_columns_alone_bumps_the_side_generation(sql):
    assert pagecolumns.divert(sql, {MEMBERS}) == {SIDE}


@pytest.mark.parametrize(
    "sql",
    [
        # Every column (a plain save()), or one more than the side ones.
        'UPDATE "members_member" SET "name" = %s, "description_cs" = %s WHERE "id" = %s',
        'UPDATE "members_member" SET "description_cs" = %s, "slug" = %s WHERE "id" = %s',
        "UPDATE members_member SET description_cs = 'a, b', status = 'former' WHERE id = 1",
        'INSERT INTO "members_member" ("name", "description_cs") VALUES (%s, %s)',
        'DELETE FROM "members_member" WHERE "members_member"."id" IN (%s)',
        # Nothing this module can take apart: no WHERE, another table's rows.
        'UPDATE "members_member" SET "description_cs" = %s',
        'UPDATE "members_member" SET "description_cs" = x.d FROM x WHERE x.id = 1',
        'UPDATE "members_member" SET ("description_cs", "name") = (%s, %s) WHERE "id" = %s',
        # A "WHERE" inside a string or a subquery is not the statement's.
        "UPDATE members_member SET description_cs = 'a WHERE b', name = 'x' WHERE id = 1",
        'UPDATE "members_member" SET "website" = (SELECT u FROM (VALUES (1)) v WHERE true), '
        '"name" = %s WHERE "id" = %s',
    ],
)
def test_any_other_write_bumps_the_table(sql):
    assert pagecolumns.divert(sql, {MEMBERS}) == {MEMBERS}


def test_a_write_to_two_tables_bumps_both_whole():
    sql = 'UPDATE "members_member" SET "description_cs" = %s WHERE "id" = %s'
    assert pagecolumns.divert(sql, {MEMBERS, "members_region"}) == {MEMBERS, "members_region"}


@pytest.mark.parametrize(
    ("sql", "side"),
    [
        ('SELECT "members_member"."id", "members_member"."name" FROM "members_member"', False),
        ('SELECT COUNT(*) FROM "members_member" WHERE "members_member"."kind" = %s', False),
        ('SELECT "members_member"."description_cs" FROM "members_member"', True),
        ('SELECT U0."id" FROM "members_member" U0 WHERE U0."search_cs" @@ %s', True),
        ("SELECT * FROM members_member", True),
        ('SELECT "members_member".* FROM "members_member"', True),
        ("SELECT website FROM members_member", True),
        # Another table's column of the same name is that table's; an alias may be ours.
        (
            'SELECT "projects_project"."description_cs", "members_member"."name" '
            'FROM "projects_project" JOIN "members_member" ON (T1."id" = 1)',
            False,
        ),
        (
            'SELECT "projects_project"."id", T3."description_cs" FROM "projects_project" '
            'JOIN "members_member" T3 ON (T3."id" = 1)',
            True,
        ),
    ],
)
def test_a_read_carries_the_side_generation_when_it_may_read_a_side_column(sql, side):
    named = frozenset(re.findall(r"\w+", sql)) & {MEMBERS, "projects_project"}
    assert (SIDE in pagecolumns.read_names(sql, named)) is side


def test_a_read_of_another_table_carries_no_side_generation():
    sql = 'SELECT "news_article"."description_cs" FROM "news_article"'
    assert pagecolumns.read_names(sql, frozenset({"news_article"})) == frozenset()


# --- the pages -------------------------------------------------------------------------------
def url_of(record):
    with translation.override("cs"):
        return record.get_absolute_url()


@pytest.fixture
def cached(db):
    member = GPMemberFactory(name="Zdravé Pardubice", description_cs="Město na Labi.")
    coordinator = UserFactory()
    member.coordinators.add(coordinator)
    practice = PracticeFactory(title_cs="Pocitové mapy", members=[member])
    part = EventPartFactory(event=EventFactory(title_cs="Jarní seminář", hosts=[member]))
    project = ProjectFactory(lead_member=member)
    PartnerFactory(project=project, member=member)
    article = ArticleFactory(members=[member])
    urls = {
        "member": url_of(member),
        "practice": url_of(practice),
        "event": url_of(part.event),
        "practices": "/cs/dobra-praxe/",
        "project": url_of(project),
        "projects": "/cs/projekty/",
        "article": url_of(article),
        "search": "/cs/clenove/?q=sokolnictvi",
    }
    for url in urls.values():
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit", url
    return member, coordinator, urls


@pytest.mark.pagecache
def test_a_description_edit_leaves_the_pages_that_name_the_member_cached(cached):
    member, coordinator, urls = cached
    member_profile_update(
        member=member, user=coordinator, data={"description_cs": "Město sokolnictví na Labi."}
    )
    profile = Client().get(urls["member"])
    assert profile["X-Page-Cache"] == "miss"
    assert "Město sokolnictví na Labi." in profile.content.decode()
    # The members' search reads the search text the edit rewrote.
    found = Client().get(urls["search"])
    assert found["X-Page-Cache"] == "miss"
    assert urls["member"] in found.content.decode()
    for name in ("practice", "event", "practices", "project", "projects", "article"):
        assert Client().get(urls[name])["X-Page-Cache"] == "hit", name


@pytest.mark.pagecache
def test_a_rename_still_reaches_every_page_that_names_the_member(cached):
    member, _coordinator, urls = cached
    member.name = "Statutární město Pardubice"
    member.save(update_fields=["name"])
    for name in ("member", "practice", "event", "project", "article"):
        response = Client().get(urls[name])
        assert response["X-Page-Cache"] == "miss", name
        assert "Statutární město Pardubice" in response.content.decode(), name


def _member_in_another_bucket(than, **kwargs):
    """A member whose profile falls in another bucket of scopes than ``than``'s."""

    def bucket_of(member):
        return pagescopes.bucket(
            members_scopes.side_table(), members_scopes.profile_scope(member.slug)
        )

    while True:
        member = GPMemberFactory(**kwargs)
        if bucket_of(member) != bucket_of(than):
            return member


@pytest.mark.pagecache
def test_a_description_edit_reaches_its_own_profile_not_the_other_members(cached):
    """The profile reads its member's side columns in the scope of that member
    (members.cachescopes): another member's edit leaves it cached; its own edit reaches it at
    once; a write of the side columns outside the edit's scope (an update() anywhere) reaches
    every profile, as without scopes."""
    member, coordinator, urls = cached
    other = _member_in_another_bucket(member, name="Zdravý Tachov", description_cs="Pod Šumavou.")
    other.coordinators.add(coordinator)
    mine, theirs = urls["member"], url_of(other)
    for url in (mine, theirs):  # drawn again after the new member (a write of the table)
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit"
    member_profile_update(
        member=other, user=coordinator, data={"description_cs": "Sokolnictví pod Šumavou."}
    )
    assert Client().get(mine)["X-Page-Cache"] == "hit"
    after = Client().get(theirs)
    assert after["X-Page-Cache"] == "miss"
    assert "Sokolnictví pod Šumavou." in after.content.decode()
    # The members' search reads every member's search text: it finds the new word at once.
    found = Client().get(urls["search"])
    assert found["X-Page-Cache"] == "miss"
    assert theirs in found.content.decode()
    member_profile_update(
        member=member, user=coordinator, data={"description_cs": "Město perníku na Labi."}
    )
    assert "Město perníku na Labi." in Client().get(mine).content.decode()
    assert Client().get(theirs)["X-Page-Cache"] == "hit"
    Member.objects.filter(pk=other.pk).update(description_cs="Upraveno jinde.")
    assert Client().get(mine)["X-Page-Cache"] == "miss"
    assert "Upraveno jinde." in Client().get(theirs).content.decode()
