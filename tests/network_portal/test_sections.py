"""Sections plug themselves in: a section registered in a test alone reaches every shared page."""

import ast
import importlib
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import clear_url_caches

from network_portal import sections
from network_portal.sections import Block, Link, SearchResults, Section
from network_portal.sitemaps import PortalSitemap
from tests.factories import MemberFactory, UserFactory
from tests.goodpractice.factories import PracticeFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "throwaway/_home.html": '<section><h2 id="throwaway-home">Throw-away news</h2>'
    "<p>{{ headline }}</p></section>",
    "throwaway/_profile.html": "<section><h2>Throw-away about {{ record }}</h2></section>",
    "throwaway/_result.html": "<li>Throw-away result: {{ item }}</li>",
}


class ThrowawaySitemap(PortalSitemap):
    def items(self):
        return ["throwaway:list"]

    def location(self, item):
        from django.urls import reverse

        return reverse(item)


def _reload_urls():
    clear_url_caches()
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def throwaway(settings, tmp_path):
    """A section that exists only in this test: its own URLs, templates and contributions."""
    for name, source in TEMPLATES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine]
    section = Section(
        name="throwaway",
        label="Throw-away section",
        description="A section made for one test.",
        list_url_name="throwaway:list",
        path="throwaway/",
        urls="tests.network_portal.throwaway_urls",
        order=15,
        home=lambda request: Block("throwaway/_home.html", {"headline": "Fresh from the test"}),
        related=lambda request, record: Block("throwaway/_profile.html", {"record": record}),
        search=lambda request, query, limit: SearchResults(
            items=[f"{query} in throw-away"],
            total=3,
            template="throwaway/_result.html",
            more_url="/cs/throwaway/?q=" + query,
            more_phrase="All throw-away results",
            empty_label="Nothing thrown away",
        ),
        account_links=lambda request: [Link("My throw-aways", "/cs/throwaway/")],
        sitemaps={"throwaway": ThrowawaySitemap},
    )
    sections.register(section)
    _reload_urls()
    yield section
    sections.unregister("throwaway")
    _reload_urls()


def test_registered_section_appears_in_navigation_and_home(client, throwaway):
    """The navigation links the section's list; the home page shows its card and its block."""
    html = client.get("/cs/").content.decode()
    assert '<a href="/cs/throwaway/">Throw-away section</a>' in html
    assert "A section made for one test." in html
    assert "Fresh from the test" in html
    response = client.get("/cs/throwaway/")
    assert response.content == b"throw-away list"


def test_registered_section_answers_the_site_search(client, throwaway):
    """The site search shows the section's matches, their total and the link to its list."""
    html = client.get("/cs/hledat/", {"q": "kolo"}).content.decode()
    assert "Throw-away section" in html
    assert "Throw-away result: kolo in throw-away" in html
    assert '<a href="/cs/throwaway/?q=kolo">All throw-away results</a>' in html


def test_registered_section_appears_on_member_profile(client, throwaway):
    """A member's profile shows what the section holds about that member."""
    MemberFactory(name="Tachov", slug="tachov")
    html = client.get("/cs/clenove/tachov/").content.decode()
    assert "Throw-away about Tachov" in html


def test_registered_section_appears_on_another_section_record(client, throwaway):
    """A good-practice example's page shows what the section holds about that example."""
    practice = PracticeFactory(title_cs="Pocitová mapa", members=[MemberFactory()])
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Throw-away about Pocitová mapa" in html


def test_registered_section_in_account_menu_and_sitemap(client, throwaway):
    """A logged-in user gets the section's account link; the sitemap lists its pages."""
    client.force_login(UserFactory())
    assert '<a href="/cs/throwaway/">My throw-aways</a>' in client.get("/cs/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/cs/throwaway/</loc>" in sitemap
    assert "/en/throwaway/</loc>" in sitemap


def test_sections_are_gone_with_their_registration(client):
    """Without the registration nothing of the throw-away section is left."""
    assert "throwaway" not in client.get("/cs/").content.decode()
    assert client.get("/cs/throwaway/").status_code == 404


def test_network_portal_imports_no_domain_app():
    """The project package knows the sections only through their registrations."""
    root = Path(django_settings.BASE_DIR)
    domain = {"members", "events", "goodpractice", "projects", "news", "bench"}
    offenders = []
    for path in (root / "network_portal").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [
                f"{path.relative_to(root)}: {name}"
                for name in names
                if name.split(".")[0] in domain
            ]
    assert offenders == []


@pytest.mark.parametrize("count", [1, 15])
def test_home_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    """The home page runs the same queries with 1 or 15 published examples."""
    member = MemberFactory()
    for _number in range(count):
        PracticeFactory(members=[member])
    # members: the network in figures; good practice: the latest examples, their members and
    # pictures; news: the latest articles; projects: the running ones; events: the upcoming ones
    # (none); pages: the editable lead
    with django_assert_num_queries(8 + LAYOUT_QUERIES):
        response = client.get("/cs/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_home_page_with_every_section_stays_constant(client, django_assert_num_queries, count):
    """Members, examples (with their members and pictures), upcoming events (none here), news
    and running projects on the home page, and its editable lead: eight queries."""
    from tests.news.factories import ArticleFactory
    from tests.projects.factories import ProjectFactory

    for _number in range(count):
        member = MemberFactory()
        PracticeFactory(members=[member])
        ArticleFactory(members=[member])
        ProjectFactory(start=date(2020, 1, 1), end=None)
    with django_assert_num_queries(8 + LAYOUT_QUERIES):
        html = client.get("/en/").content.decode()
    assert "The network in figures" in html
    assert "Latest news" in html
    assert "Running projects" in html


def test_home_page_blocks_come_by_their_home_order(client):
    """What a visitor can act on comes first: the upcoming events (home_order 10), then the
    news (20), the good practice (30), the running projects (40) and the figures (50),
    whatever the order of the sections in the navigation."""
    from tests.events.factories import EventFactory
    from tests.news.factories import ArticleFactory
    from tests.projects.factories import ProjectFactory

    member = MemberFactory()
    EventFactory(hosts=[member])
    PracticeFactory(members=[member])
    ArticleFactory(members=[member])
    ProjectFactory(start=date(2020, 1, 1), end=None)
    html = client.get("/en/").content.decode()
    headings = ["Upcoming events", "Latest news", "Latest good practice", "Running projects"]
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)


def test_member_profile_gathers_every_section(client):
    """A member's profile shows its news, projects and good practice, each from its section."""
    from projects.models import ProjectPartner
    from tests.news.factories import ArticleFactory
    from tests.projects.factories import ProjectFactory

    member = MemberFactory(name="Chrudim", slug="chrudim")
    PracticeFactory(title_cs="Pocitová mapa bezpečí", members=[member])
    ArticleFactory(title_cs="Chrudim v projektu", members=[member])
    project = ProjectFactory(name_cs="PARTicipace a NETworking")
    ProjectPartner.objects.create(project=project, member=member, role_cs="ženy")
    html = client.get("/cs/clenove/chrudim/").content.decode()
    assert 'id="related-news-heading"' in html and "Chrudim v projektu" in html
    assert 'id="member-projects-heading"' in html and "PARTicipace a NETworking" in html
    assert 'id="member-practices-heading"' in html and "Pocitová mapa bezpečí" in html
