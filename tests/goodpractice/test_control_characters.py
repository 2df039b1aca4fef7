"""Control characters: never stored from the forms, and harmless when already stored."""

import pytest
from django.db import connection
from django.urls import reverse

from goodpractice.indexing import practice_index_refresh
from goodpractice.models import Practice
from tests.goodpractice.factories import PracticeFactory
from tests.goodpractice.test_workflow import form_data
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db

SUMMARY = "Lidé\x02 označili\x03 místa,\x0b kde se cítí dobře."


def test_coordinator_form_stores_the_summary_without_control_characters(
    client, coordinator, member
):
    """A summary typed with U+0002, U+0003 and U+000B is stored without them."""
    client.force_login(coordinator)
    response = client.post(reverse("goodpractice:create"), form_data(member, summary_cs=SUMMARY))
    assert response.status_code == 302
    assert Practice.objects.get().summary_cs == "Lidé označili místa, kde se cítí dobře."


def test_admin_stores_the_summary_without_control_characters(client, staff_user, member):
    """The same summary saved in the administration is stored without them."""
    practice = PracticeFactory(members=[member])
    client.force_login(staff_user)
    url = reverse("admin:goodpractice_practice_change", args=[practice.pk])
    data = admin_form_data(client.get(url))
    data["summary_cs"] = SUMMARY
    data["title_en"] = "Title\x02 in English\r\n"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.summary_cs == "Lidé označili místa, kde se cítí dobře."
    assert practice.title_en == "Title in English"


def _store_raw(practice, **values):
    """Write text as an older version (or raw SQL) could have, past the model's cleaning."""
    assignments = ", ".join(f"{name} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE goodpractice_practice SET {assignments} WHERE id = %s",  # noqa: S608
            [*values.values(), practice.pk],
        )
    # Rows stored earlier reached the search rows when the migration wrote them.
    practice_index_refresh([practice.pk])


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_survive_control_characters_already_stored(client, member, kind):
    """Control characters stored earlier do not break the Czech RSS and Atom feeds."""
    practice = PracticeFactory(members=[member])
    _store_raw(practice, summary_cs=SUMMARY, title_cs="Mapa\x02 náměstí\x1f", partner_name="X\x0b")
    response = client.get(f"/cs/dobra-praxe/{kind}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lidé označili místa, kde se cítí dobře." in body
    assert "Mapa náměstí" in body
    assert not any(chr(code) in body for code in [*range(0, 9), 0x0B, 0x0C, *range(14, 32)])


def test_search_snippets_show_no_stray_marks_from_stored_text(client, member):
    """The snippet markers stored in a summary never turn into <mark> tags."""
    practice = PracticeFactory(members=[member])
    _store_raw(
        practice,
        summary_cs="Začátek \x03konec\x02 a pocitové mapy \x02uprostřed",
        body_cs="Další text \x02bez konce",
    )
    html = client.get("/cs/dobra-praxe/", {"q": "mapy"}).content.decode()
    snippet = html[html.index("Začátek") - 200 : html.index("uprostřed") + 200]
    assert snippet.count("<mark>") == 1
    assert snippet.count("</mark>") == 1
    assert "<mark>mapy</mark>" in snippet
    html = client.get("/cs/hledat/", {"q": "mapy"}).content.decode()
    assert html.count("<mark>") == html.count("</mark>") == 1
