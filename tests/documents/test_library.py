"""The documents library: list in both languages with filters and counts, search in the PDFs'
own text, an event's presentation on the event, its project and in the library, drafts,
uploads, feeds and open data."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import services
from documents.models import Document
from tests.documents.factories import DocumentFactory, stored_pdf
from tests.events.factories import EventFactory
from tests.goodpractice.factories import GPMemberFactory
from tests.pdfs import text_pdf
from tests.projects.factories import ProjectFactory
from tests.support import run_jobs

pytestmark = pytest.mark.django_db


def facet(response, name):
    return {
        option.value: option.count
        for f in response.context["facets"]
        if f.name == name
        for option in f.options
    }


def with_text(document, text):
    """The document's file replaced by a PDF showing ``text``, read as the job reads it."""
    document.file.name = stored_pdf(text)
    document.save()
    assert services.document_text_extract(document_id=document.pk)
    document.refresh_from_db()
    return document


def test_list_in_both_languages_with_filters_and_counts(client):
    brno = GPMemberFactory(name="Brno", slug="brno")
    DocumentFactory(
        slug="metodika",
        title_cs="Metodika participace",
        title_en="A methodology of participation",
        kind=Document.Kind.METHODOLOGY,
        year=2023,
        members=[brno],
        topics=["zdravi"],
    )
    DocumentFactory(kind=Document.Kind.PRESENTATION, year=2022, members=[brno])
    DocumentFactory(kind=Document.Kind.PRESENTATION, year=2023, language="en")
    cs = client.get("/cs/dokumenty/")
    assert cs.status_code == 200
    html = cs.content.decode()
    assert "Metodika participace" in html and "3 dokumenty" in html
    assert facet(cs, "kind") == {"methodology": 1, "presentation": 2}
    assert facet(cs, "year") == {"2023": 2, "2022": 1}
    assert facet(cs, "language") == {"cs": 2, "en": 1}
    en = client.get("/en/documents/", {"kind": "presentation"})
    assert "A methodology of participation" not in en.content.decode()
    assert en.context["paginator"].count == 2
    assert facet(en, "kind") == {"methodology": 1, "presentation": 2}
    assert facet(en, "member") == {"brno": 1}
    assert facet(en, "year") == {"2023": 1, "2022": 1}
    response = client.get("/cs/dokumenty/", {"member": "brno", "year": "2023"})
    assert response.context["paginator"].count == 1
    assert facet(response, "topic") == {"zdravi": 1}
    detail = client.get("/en/documents/metodika/").content.decode()
    assert "A methodology of participation" in detail
    assert 'href="/en/members/brno/">Brno</a>' in detail


def test_a_word_only_inside_the_pdf_finds_the_document_in_another_form(client):
    """The PDF says "mapy" (maps); "mapami" (with maps) finds it, title and description
    say neither."""
    document = DocumentFactory(
        slug="metodika",
        title_cs="Metodika pro obce",
        title_en="A methodology for towns",
        description_cs="",
        description_en="",
    )
    DocumentFactory(slug="jiny", title_cs="Jiný dokument")
    assert client.get("/cs/dokumenty/", {"q": "mapami"}).context["paginator"].count == 0
    with_text(document, "Obcane kresli pocitove mapy svych ulic a parku.")
    assert "mapy" in document.text
    found = client.get("/cs/dokumenty/", {"q": "mapami"})
    assert [d.slug for d in found.context["documents"]] == ["metodika"]
    assert client.get("/en/documents/", {"q": "mapami"}).context["paginator"].count == 1
    english = with_text(
        DocumentFactory(slug="report", language="en"), "The towns planned new playgrounds."
    )
    found = client.get("/en/documents/", {"q": "playground"})
    assert [d.slug for d in found.context["documents"]] == [english.slug]
    # The site search too.
    html = client.get("/cs/hledat/", {"q": "mapami"}).content.decode()
    assert "Metodika pro obce" in html


def test_the_text_is_read_once_by_a_job_after_the_upload(queue, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    document = DocumentFactory(file=stored_pdf("Zdrave mesto planuje hriste."))
    assert document.text == ""
    assert run_jobs(queue) == 1
    document.refresh_from_db()
    assert "hriste" in document.text and document.pages == 1
    document.title_cs = "Nový název"
    document.save()
    assert run_jobs(queue) == 0  # the same file is never read again
    assert services.document_text_extract(document_id=document.pk) is False


def test_an_events_presentation_appears_on_the_event_its_project_and_in_the_library(client):
    project = ProjectFactory(slug="part-net", acronym="PART-NET")
    start = timezone.now() - timedelta(days=30)
    event = EventFactory(
        slug="navsteva", project=project, start=start, end=start + timedelta(hours=6)
    )
    DocumentFactory(
        slug="prezentace-brno",
        title_cs="Prezentace: participativní rozpočet Brna",
        title_en="Presentation: Brno's participatory budget",
        kind=Document.Kind.PRESENTATION,
        event=event,
    )
    DocumentFactory(slug="zaverecna-zprava", title_cs="Závěrečná zpráva", project=project)
    event_page = client.get("/cs/akce/navsteva/").content.decode()
    assert "Materiály z akce" in event_page
    assert "Prezentace: participativní rozpočet Brna" in event_page
    assert "Závěrečná zpráva" not in event_page
    project_page = client.get("/en/projects/part-net/").content.decode()
    assert "Presentation: Brno&#x27;s participatory budget" in project_page
    assert "/en/documents/prezentace-brno/" in project_page
    library = client.get("/cs/dokumenty/", {"project": "part-net"})
    assert {d.slug for d in library.context["documents"]} == {
        "prezentace-brno",
        "zaverecna-zprava",
    }
    assert facet(library, "project") == {"part-net": 2}
    assert facet(client.get("/cs/dokumenty/"), "event") == {"navsteva": 1}
    detail = client.get("/cs/dokumenty/prezentace-brno/").content.decode()
    assert 'href="/cs/akce/navsteva/"' in detail and 'href="/cs/projekty/part-net/"' in detail


def test_drafts_are_not_public(client, staff_user):
    event = EventFactory(slug="akce")
    DocumentFactory(slug="koncept", title_cs="Koncept zprávy", status="draft", event=event)
    assert client.get("/cs/dokumenty/koncept/").status_code == 404
    assert client.get("/cs/dokumenty/koncept/soubor.pdf").status_code == 404
    assert "Koncept zprávy" not in client.get("/cs/dokumenty/").content.decode()
    assert "Koncept zprávy" not in client.get("/cs/akce/akce/").content.decode()
    assert client.get("/cs/dokumenty/", {"q": "koncept"}).context["paginator"].count == 0
    assert "/cs/dokumenty/koncept/" not in client.get("/sitemap.xml").content.decode()
    client.force_login(staff_user)
    page = client.get("/cs/dokumenty/koncept/")
    assert page.status_code == 200 and "Není zveřejněno" in page.content.decode()


def test_download_is_a_sandboxed_pdf(client):
    DocumentFactory(slug="zprava")
    response = client.get("/en/documents/zprava/file.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_admin_refuses_a_file_that_is_not_a_pdf_with_a_translated_error(client, staff_user):
    client.force_login(staff_user)
    fake = SimpleUploadedFile("zprava.pdf", b"<html>not a pdf</html>", "application/pdf")
    data = {
        "title_cs": "Zpráva",
        "slug": "zprava",
        "status": "published",
        "kind": "report",
        "year": 2024,
        "language": "cs",
        "position": 0,
        "upload": fake,
    }
    response = client.post("/cs/sprava/documents/document/add/", data)
    assert response.status_code == 200
    assert "Soubor není dokument PDF." in response.content.decode()
    assert not Document.objects.exists()
    data["upload"] = SimpleUploadedFile("zprava.pdf", text_pdf("Zprava o zdravi"))
    response = client.post("/cs/sprava/documents/document/add/", data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.name.startswith("documents/") and document.size > 0
    assert document.cs_changed_at is not None


def test_event_admin_adds_a_document_inline(client, staff_user):
    """The event's admin page edits its documents (documents of the library)."""
    client.force_login(staff_user)
    event = EventFactory(slug="akce")
    page = client.get(f"/cs/sprava/events/event/{event.pk}/change/").content.decode()
    assert 'name="documents-TOTAL_FORMS"' in page


def test_feeds_and_open_data(client):
    project = ProjectFactory(slug="part-net")
    DocumentFactory(
        slug="zprava", title_cs="Zpráva", title_en="Report", project=project, topics=["zdravi"]
    )
    DocumentFactory(slug="koncept", status="draft")
    feed = feedparser.parse(client.get("/cs/dokumenty/rss/").content)
    assert [entry.title for entry in feed.entries] == ["Zpráva"]
    atom = feedparser.parse(client.get("/en/documents/atom/", {"project": "part-net"}).content)
    assert len(atom.entries) == 1
    rows = json.loads(b"".join(client.get("/cs/dokumenty/export.json").streaming_content))
    assert [row["title"] for row in rows] == ["Zpráva"]
    assert rows[0]["project"] == "part-net" and rows[0]["file"].endswith("/soubor.pdf")
    csv = b"".join(client.get("/en/documents/export.csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("url,file,title")
    assert "Report" in csv and "koncept" not in csv


def test_sitemap_lists_the_library_and_published_documents(client):
    DocumentFactory(slug="zprava")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/cs/dokumenty/" in sitemap and "/cs/dokumenty/zprava/" in sitemap
