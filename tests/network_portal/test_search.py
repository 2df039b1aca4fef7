import pytest

from network_portal.ratelimit import visitor_limit
from tests.documents.factories import DocumentFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import ProjectFactory
from tests.support import LAYOUT_QUERIES, asked_to_wait

pytestmark = pytest.mark.django_db


def test_search_page_renders_empty_in_both_languages(client):
    """The search page lives at /cs/hledat/ and /en/search/ and starts empty."""
    for path, heading in (("/cs/hledat/", "Hledat"), ("/en/search/", "Search")):
        response = client.get(path)
        assert response.status_code == 200
        assert f"<h1>{heading}</h1>" in response.content.decode()


def test_search_finds_members_without_diacritics_and_good_practice(client):
    """One query finds a member by name and a published example by its text."""
    member = GPMemberFactory(name="Plzeň", slug="plzen")
    PracticeFactory(
        title_cs="Pocitová mapa Plzně",
        summary_cs="Lidé v Plzni označili místa, kde se cítí dobře.",
        members=[member],
    )
    html = client.get("/cs/hledat/", {"q": "plzen"}).content.decode()
    assert 'href="/cs/clenove/plzen/"' in html
    assert "Pocitová mapa Plzně" in html


@pytest.mark.parametrize(
    "query", ['"', "a & b | !c", "(((", ":*", "x" * 1000, "🙂 město", "   ", "%_\\"]
)
def test_search_survives_hostile_input(client, query):
    """Any input answers with results or a clear 'nothing found', never a 500."""
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200


def test_search_reports_nothing_found(client):
    """A query without matches says so in the visitor's language."""
    html = client.get("/cs/hledat/", {"q": "neexistujicislovo"}).content.decode()
    assert "Těmto slovům neodpovídá žádný člen." in html
    assert "Těmto slovům neodpovídá žádný příklad dobré praxe." in html


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/cs/hledat/",
            "Hledali jste mnohokrát za krátkou dobu. Počkejte prosím minutu a hledejte znovu.</p>",
        ),
        (
            "/en/search/",
            "You have searched many times in a short time. Please wait a minute and search "
            "again.</p>",
        ),
    ],
)
def test_a_visitor_searching_too_often_is_asked_to_wait(client, path, message):
    """Every search that reaches the view costs each section a query and stores up to nine
    cache entries: one client gets 30 a minute (ratelimit.VISITOR_LIMITS), then a 429 that
    keeps the words in the box, searches nothing, and says so in the visitor's language.
    Another client still searches."""
    limit, _period = visitor_limit("site-search")
    GPMemberFactory(name="Plzeň", slug="plzen")
    for number in range(limit):
        response = client.get(path, {"q": f"plzen {number}"})
        assert response.status_code == 200, number
    html = asked_to_wait(client.get(path, {"q": "plzen"}), message)
    assert 'value="plzen"' in html
    assert '/plzen/"' not in html
    # The empty search box costs nothing and is not limited.
    assert client.get(path).status_code == 200
    other = client.get(path, {"q": "plzen"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    assert '/plzen/"' in other.content.decode()


# A section with no more results than it shows counts them without a query of its own.
@pytest.mark.parametrize(
    ("count", "queries"), [(1, 14 + LAYOUT_QUERIES), (12, 17 + LAYOUT_QUERIES)]
)
def test_search_page_query_count_does_not_grow_with_results(
    client, django_assert_num_queries, count, queries
):
    """The search page runs a bounded number of queries, however many results it shows."""
    member = GPMemberFactory(name="Brno", slug="brno")
    for number in range(count):
        PracticeFactory(title_cs=f"Participativní rozpočet Brna {number}", members=[member])
        ArticleFactory(title_cs=f"Zprávy z Brna {number}", members=[member])
        ProjectFactory(name_cs=f"Projekt Brno {number}")
        DocumentFactory(title_cs=f"Prezentace z Brna {number}")
    # documents, news, members, projects, events, pages: the first of them (and their count
    # when there are more than shown); examples: the head of the ranking from its candidates,
    # the ranked ids with their number (or only the number when the candidates filled the
    # head), the examples, their members + SAVEPOINT/SET/RELEASE of the search plan hint.
    with django_assert_num_queries(queries):
        response = client.get("/cs/hledat/", {"q": "brno"})
    assert response.status_code == 200
