"""One search for every section: "lidé" finds the text that says "člověk" (and "people" the
one that says "person") in events, projects and members, in the site search and in each
section's own list, on Czech and English pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Event
from members.models import Member
from network_portal import search
from projects.models import Project
from tests.events.factories import EventFactory
from tests.goodpractice.factories import GPMemberFactory
from tests.projects.factories import ProjectFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return {
        "event": EventFactory(
            title_cs="Seminář o bezpečných ulicích",
            title_en="A seminar on safe streets",
            summary_cs="Jak se člověk cítí na ulici v Brně.",
            summary_en="How a person feels in the street in Brno.",
        ),
        "project": ProjectFactory(
            name_cs="Zdravé stárnutí",
            name_en="Healthy ageing",
            summary_cs="Každý člověk může stárnout zdravě.",
            summary_en="Every person can age in good health.",
        ),
        "member": GPMemberFactory(
            name="Tachov",
            slug="tachov",
            description_cs="Město, kde se člověk cítí doma.",
            description_en="A town where a person feels at home.",
        ),
    }


@pytest.mark.parametrize(("language", "words"), [("cs", "lidé"), ("en", "people")])
def test_site_search_finds_every_section(client, records, language, words):
    with translation.override(language):
        html = client.get(reverse("search"), {"q": words}).content.decode()
        for record in records.values():
            assert f'href="{record.get_absolute_url()}"' in html, record


@pytest.mark.parametrize(("language", "words"), [("cs", "lidé"), ("en", "people"), ("en", "lidé")])
def test_section_lists_find_the_same_words(client, records, language, words):
    with translation.override(language):
        for name, list_url in (
            ("event", reverse("events:list")),
            ("project", reverse("projects:list")),
            ("member", reverse("members:list")),
        ):
            html = client.get(list_url, {"q": words}).content.decode()
            assert f'href="{records[name].get_absolute_url()}"' in html, name


def test_places_and_feminine_forms_reach_the_stored_text(records):
    """The blind spots closed, tried through the database: "Brně" stored, "Brno" typed; the
    member "Tachov" found from "v Tachově"; "koordinátorka" typed, "koordinátor" stored."""
    Member.objects.filter(pk=records["member"].pk).update(
        description_cs="Koordinátor projektu Zdravé město."
    )
    search.index_of(Member).refresh([records["member"].pk])

    def found(model, words):
        terms = search.build_lemmatized(words)
        return set(model.objects.filter(search.matches(terms, "cs")).values_list("pk", flat=True))

    assert records["event"].pk in found(Event, "Brno")
    assert records["member"].pk in found(Member, "Tachově")
    assert records["member"].pk in found(Member, "koordinátorka")
    assert records["project"].pk not in found(Project, "koordinátorka")


def test_vectors_follow_every_save_and_fill_after_migrate(records):
    event = records["event"]
    Event.objects.filter(pk=event.pk).update(search_cs=None, search_en=None)
    search.fill_missing()
    event.refresh_from_db()
    assert event.search_cs and event.search_en
    event.summary_cs = "Diskuse o kursu pro dobrovolnice."
    event.save()
    terms = search.build_lemmatized("diskuze kurz dobrovolník")
    assert Event.objects.filter(search.matches(terms, "cs"), pk=event.pk).exists()


# Queries of each list searched for "lidé" (whatever the number found): see the lists' own
# query-count tests for what each one is; each has one for the visitor's search limit
# (ratelimit.VISITOR_LIMITS).
SEARCHED_LIST_QUERIES = {
    "events:list": 7 + LAYOUT_QUERIES,  # no host: no names of hosts to read
    "projects:list": 11 + LAYOUT_QUERIES,
    "members:list": 8 + LAYOUT_QUERIES,
}


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize("url_name", SEARCHED_LIST_QUERIES)
def test_searched_lists_query_count_does_not_grow(
    client, django_assert_num_queries, count, url_name
):
    for number in range(count):
        EventFactory(summary_cs=f"Člověk a město {number}")
        ProjectFactory(summary_cs=f"Člověk a zdraví {number}")
        GPMemberFactory(description_cs=f"Člověk doma {number}")
    with translation.override("cs"):
        url = reverse(url_name)
    with django_assert_num_queries(SEARCHED_LIST_QUERIES[url_name]):
        response = client.get(url, {"q": "lidé"})
    assert response.context["paginator"].count == count
