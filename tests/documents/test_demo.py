"""The demo documents: generated PDFs with real text, linked to the Norwegian visit and
PART-NET, found by words inside them; loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from documents.models import Document

pytestmark = pytest.mark.django_db


def test_demo_documents_are_linked_searchable_and_idempotent(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    files = dict(Document.objects.values_list("slug", "file"))
    call_command("load_demo", stdout=io.StringIO())
    assert dict(Document.objects.values_list("slug", "file")) == files
    assert Document.objects.filter(event__slug="studijni-navsteva-z-norska-2022").count() == 3
    methodology = Document.objects.get(slug="metodika-pocitove-mapy")
    assert methodology.project.slug == "part-net" and methodology.pages == 4
    assert "seniory" in methodology.text
    # "seniorům" only in the text of the methodology and the handbook, in other forms.
    found = client.get("/cs/dokumenty/", {"q": "seniorům"}).context["documents"]
    assert {document.slug for document in found} >= {
        "metodika-pocitove-mapy",
        "prirucka-zapojovani-verejnosti-part-net",
    }
    project = client.get("/cs/projekty/part-net/").content.decode()
    assert "Participativní rozpočet „Dáme na vás“ v Brně" in project
    assert "Pocitové mapy: metodika pro obce" in project
