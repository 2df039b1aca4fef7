"""Full-text search against the real PostgreSQL: diacritics, Czech endings, English stemming,
ranking, highlighting and hostile input."""

import pytest
from django.http import QueryDict
from django.utils import translation

from goodpractice.listing import PracticeSearch
from network_portal import search
from tests.goodpractice.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def found(query, language="cs", **params):
    with translation.override(language):
        data = QueryDict(mutable=True)
        data["q"] = query
        for key, value in params.items():
            data[key] = value
        return [practice.slug for practice in PracticeSearch(data).results()]


@pytest.fixture
def examples():
    return {
        "maps": PracticeFactory(
            slug="maps",
            title_cs="Pocitové mapy v Chrudimi",
            summary_cs="Ženy zakreslily místa, kde se cítí bezpečně.",
            body_cs="Výsledky mapování pomohly městu.",
            title_en="Feeling maps in Chrudim",
            summary_en="Women marked the places where they feel safe.",
            body_en="The results of the mapping helped the town.",
        ),
        "healthy": PracticeFactory(
            slug="healthy",
            title_cs="Zdravé město Litoměřice",
            summary_cs="Program Zdravého města zapojuje mladé lidi.",
            body_cs="",
            title_en="Healthy City Litoměřice",
            summary_en="The Healthy City programme involves young people.",
            body_en="",
        ),
        "budget": PracticeFactory(
            slug="budget",
            title_cs="Participativní rozpočet v Praze",
            summary_cs="Obyvatelé hlasují o projektech.",
            body_cs="Hlasování se účastní tisíce lidí.",
            title_en="Participatory budgets in Prague",
            summary_en="Residents are voting on projects.",
            body_en="Thousands of people take part.",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pocitove mapy", "maps"),  # no diacritics typed
        ("POCITOVÉ MAPY", "maps"),  # capitals
        ("zdravých měst", "healthy"),  # genitive plural finds "Zdravé město"
        ("zdravého města", "healthy"),  # genitive singular
        ("mapách", "maps"),  # locative plural finds "mapy"
        ("Chrudim", "maps"),  # base form finds "v Chrudimi"
        ("rozpočtu", "budget"),  # finds "rozpočet": the fleeting e
        ("rozpočet", "budget"),
        ("Praha", "budget"),  # finds "v Praze"
        ("v Praze", "budget"),
    ],
)
def test_czech_search_ignores_diacritics_and_endings(examples, query, expected):
    """Czech input finds the Czech text whatever its diacritics and case endings."""
    assert expected in found(query)


def test_czech_search_requires_every_word(examples):
    """All words must match: "pocitové mapy Praha" finds nothing."""
    assert found("pocitové mapy Praha") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("budget", "budget"),  # stored "budgets"
        ("votes", "budget"),  # stored "voting"
        ("map", "maps"),
        ("marking", "maps"),  # stored "marked"
        ("healthy cities", "healthy"),  # stored "Healthy City"
    ],
)
def test_english_search_uses_stemming(examples, query, expected):
    """The English page stems English words."""
    assert expected in found(query, "en")


def test_english_page_also_finds_czech_only_examples(examples):
    """An example without English is found from the English page by its Czech words."""
    PracticeFactory(
        slug="czech-only",
        title_cs="Senioři u kulatého stolu",
        summary_cs="Kulaté stoly se seniory.",
        title_en="",
        summary_en="",
        body_en="",
    )
    assert found("seniori", "en") == ["czech-only"]


def test_english_stemming_does_not_apply_on_czech_pages(examples):
    """The Czech page searches the Czech text only."""
    assert found("feeling") == []


def test_ranking_puts_title_matches_first(examples):
    """Title weighs more than summary, summary more than the description."""
    PracticeFactory(slug="title-hit", title_cs="Mladí lidé v obci", summary_cs="Nic.", body_cs="")
    PracticeFactory(
        slug="body-hit",
        title_cs="Něco jiného",
        summary_cs="Nic.",
        body_cs="Tady jsou také mladí lidé.",
    )
    results = found("mladí lidé")
    assert results.index("title-hit") < results.index("healthy") < results.index("body-hit")


def test_snippet_highlights_matches(examples, client):
    """Matching words are marked in the snippet of the list."""
    response = client.get("/cs/dobra-praxe/", {"q": "bezpecne"})
    assert "<mark>bezpečně</mark>" in response.content.decode()


def test_snippet_escapes_the_stored_text(client):
    """Only the highlight markup is HTML: the stored text is escaped."""
    PracticeFactory(
        slug="xss",
        title_cs="Skript",
        summary_cs='Zdravé <script>alert("x")</script> <mark>město</mark>, 3 < 5 & "x"',
    )
    html = client.get("/cs/dobra-praxe/", {"q": "zdrave"}).content.decode()
    assert "<script>alert" not in html
    assert "<mark>město</mark>" not in html
    assert "3 &lt; 5 &amp; &quot;x&quot;" in html
    assert "<mark>Zdravé</mark>" in html


HOSTILE = [
    "",
    " ",
    '"',
    "'",
    "&",
    "|",
    "!",
    ":",
    "*",
    "(",
    ")",
    "a & | ! : * ( ) b",
    "mapy:*",
    "mapy & !",
    "'pocitové' | \"mapy\"",
    "😀 🏙️",
    "mapy 😀",
    "\x00",
    "x" * 1000,
    "pocitové " * 200,
    "<script>alert(1)</script>",
    "%",
    "\\",
    "()()()(((",
    "a:b:c",
]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("language", ["cs", "en"])
def test_hostile_input_never_fails(examples, client, query, language):
    """Any search text gives a page with results or a clear "nothing found"."""
    prefix = "/cs/dobra-praxe/" if language == "cs" else "/en/good-practice/"
    response = client.get(prefix, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="list-card"' in html or "list-empty" in html


def test_query_builder_only_emits_words_and_operators():
    """What reaches to_tsquery is built from letters, digits and our operators only."""
    terms = search.build_lemmatized("a & | ! : * ( ) 'x' \"y\" zdravých 😀")
    assert terms.czech == ("x:*", "y:*", "zdravy:*")
    assert terms.english == ("x", "y", "zdravych")
    assert not search.build_lemmatized("😀 & |")


def test_search_vector_follows_edits(examples):
    """The stored vector is recomputed on save (a generated column)."""
    practice = examples["maps"]
    practice.title_cs = "Komunitní zahrada"
    practice.save()
    assert "maps" in found("zahrady")
    assert "maps" not in found("pocitové")
