"""The projects list and page in both languages, the acknowledgement, the profile block."""

from datetime import date

import pytest

from projects.models import ProjectPartner
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import FunderFactory, ProjectFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def part_net():
    funder = FunderFactory(
        slug="ehp",
        name_cs="Fondy EHP a Norska",
        name_en="EEA and Norway Grants",
        acknowledgement_cs="Projekt PART-NET je podpořen z Fondů EHP a Norska 2014–2021.",
        acknowledgement_en="The PART-NET project is supported by the EEA and Norway Grants.",
    )
    project = ProjectFactory(
        slug="part-net",
        acronym="PART-NET",
        name_cs="PARTicipace a NETworking",
        name_en="PARTicipation and NETworking",
        funders=[funder],
        topics=["socialni-prostredi"],
    )
    chrudim = GPMemberFactory(name="Chrudim", slug="chrudim")
    ProjectPartner.objects.create(project=project, member=chrudim, role_cs="ženy", role_en="women")
    ProjectPartner.objects.create(
        project=project,
        organisation_name="Sunne Kommuner",
        country="NO",
        role_cs="norská síť",
        role_en="the Norwegian network",
    )
    return project


def test_list_and_detail_in_both_languages(client, part_net):
    """The list and the page answer at translated addresses with the texts of the language."""
    html = client.get("/cs/projekty/").content.decode()
    assert "PARTicipace a NETworking" in html
    html = client.get("/en/projects/").content.decode()
    assert "PARTicipation and NETworking" in html
    html = client.get("/cs/projekty/part-net/").content.decode()
    assert "duben 2022 – květen 2024" in html
    assert 'href="/cs/clenove/chrudim/">Chrudim</a>' in html
    assert "Sunne Kommuner" in html and "ženy" in html
    html = client.get("/en/projects/part-net/").content.decode()
    assert "April 2022 – May 2024" in html
    assert "women" in html


def test_acknowledgement_on_project_page(client, part_net):
    """The funder's acknowledgement in the language of the page."""
    assert "podpořen z Fondů EHP a Norska" in client.get("/cs/projekty/part-net/").content.decode()
    html = client.get("/en/projects/part-net/").content.decode()
    assert "supported by the EEA and Norway Grants" in html


def test_acknowledgement_appears_on_linked_practice_and_article(client, part_net):
    """An example or an article linked to the project shows the acknowledgement by itself."""
    practice = PracticeFactory(slug="mapa", project=part_net)
    other = PracticeFactory(slug="jina")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "podpořen z Fondů EHP a Norska" in html
    assert 'href="/cs/projekty/part-net/"' in html
    assert "Fondů EHP" not in client.get(other.get_absolute_url()).content.decode()
    article = ArticleFactory(slug="start", projects=[part_net])
    assert "Fondů EHP" in client.get(article.get_absolute_url()).content.decode()


def test_project_page_lists_outputs_and_news(client, part_net):
    PracticeFactory(title_cs="Pocitová mapa bezpečí žen", project=part_net)
    PracticeFactory(title_cs="Nezveřejněný příklad", project=part_net, status="draft")
    ArticleFactory(title_cs="Začíná PART-NET", projects=[part_net])
    html = client.get("/cs/projekty/part-net/").content.decode()
    assert "Pocitová mapa bezpečí žen" in html
    assert "Nezveřejněný příklad" not in html
    assert "Začíná PART-NET" in html


def test_english_page_marks_czech_fallback(client):
    """A project without English texts shows the Czech ones marked lang="cs"."""
    ProjectFactory(slug="jen-cesky", name_cs="Jen česky", name_en="", summary_en="")
    html = client.get("/en/projects/jen-cesky/").content.decode()
    assert '<h1 lang="cs">' in html
    assert "described in Czech only" in html


def test_member_profile_lists_its_projects(client, part_net):
    """The profile shows the projects the member leads or is a partner in, with the role."""
    html = client.get("/cs/clenove/chrudim/").content.decode()
    assert "Projekty tohoto člena" in html
    assert "PARTicipace a NETworking" in html
    assert "ženy" in html


def test_unknown_project_is_404(client):
    assert client.get("/cs/projekty/nic/").status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    """The list: status counts, values and counts of three linked filters, the page count,
    the projects and their funders."""
    member = GPMemberFactory()
    funder = FunderFactory()
    for number in range(count):
        project = ProjectFactory(funders=[funder], topics=["zdravi"], start=date(2020, 1, 1))
        ProjectPartner.objects.create(project=project, member=member, position=number)
    with django_assert_num_queries(10 + LAYOUT_QUERIES):
        response = client.get("/cs/projekty/", {"status": "finished", "funder": funder.slug})
    assert response.status_code == 200
    assert response.context["paginator"].count == count


@pytest.mark.parametrize("count", [1, 8])
def test_detail_query_count_does_not_grow(client, django_assert_num_queries, count):
    """The project page runs the same queries with 1 or 8 partners, outputs and articles."""
    project = ProjectFactory(slug="p", funders=[FunderFactory()])
    for _number in range(count):
        ProjectPartner.objects.create(project=project, member=GPMemberFactory())
        PracticeFactory(project=project, members=[GPMemberFactory()])
        ArticleFactory(projects=[project])
    # project, partners, funders, documents, topics, groups, goals, its events (activities),
    # outputs + members, news about it
    with django_assert_num_queries(11 + LAYOUT_QUERIES):
        response = client.get("/cs/projekty/p/")
    assert response.status_code == 200
