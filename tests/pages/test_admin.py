"""Staff keep the network's pages through the admin: a draft that is not public, published,
then in the navigation, the sitemap and the search in both languages, and every edit on the
next anonymous request (the page cache never serves a stale page)."""

import pytest
from django.test import Client
from django.utils import timezone

from pages.models import Page, SiteText
from tests.pages.factories import PageFactory

# The page cache is on here (tests/conftest.py: off unless a test opts in).
pytestmark = [pytest.mark.django_db, pytest.mark.pagecache]

ADD_URL = "/cs/sprava/pages/page/add/"


def change_url(page):
    return f"/cs/sprava/pages/page/{page.pk}/change/"


def anonymous(path):
    """A first-time visitor (no cookies): the page cache answers if it may."""
    return Client().get(path)


def form_data(**fields):
    data = {
        "parent": "",
        "position": "10",
        "title_cs": "Členství a výhody",
        "title_en": "Membership and benefits",
        "slug": "clenstvi",
        "lead_cs": "Co členství přináší obcím.",
        "lead_en": "What membership brings to municipalities.",
        "body_cs": "## Výhody\n\nSdílení **dobré praxe**.",
        "body_en": "## Benefits\n\nSharing **good practice**.",
        "image_alt_cs": "",
        "image_alt_en": "",
        "published_at_0": "",
        "published_at_1": "",
        "show_in_navigation": "on",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_staff_create_a_draft_publish_it_and_edit_it(client, staff_user):
    client.force_login(staff_user)
    assert client.get(ADD_URL).status_code == 200
    # Before: the public pages are in the cache.
    assert anonymous("/cs/").status_code == 200
    assert anonymous("/cs/").get("X-Page-Cache") == "hit"

    response = client.post(ADD_URL, form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = Page.objects.get(slug="clenstvi")
    assert page.published_at is None
    assert page.translation_status == Page.TranslationStatus.COMPLETE
    assert anonymous("/cs/o-siti/clenstvi/").status_code == 404
    assert "Členství a výhody" not in anonymous("/cs/").content.decode()
    # Staff preview the draft from "View on site".
    assert "tato stránka je koncept" in client.get("/cs/o-siti/clenstvi/").content.decode()

    now = timezone.localtime()
    published = form_data(
        published_at_0=now.strftime("%d.%m.%Y"), published_at_1=now.strftime("%H:%M:%S")
    )
    response = client.post(change_url(page), published)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page.refresh_from_db()
    assert page.is_published

    cs = anonymous("/cs/o-siti/clenstvi/").content.decode()
    assert "<h1>Členství a výhody</h1>" in cs and "<strong>dobré praxe</strong>" in cs
    en = anonymous("/en/about/clenstvi/").content.decode()
    assert "<h1>Membership and benefits</h1>" in en
    # The navigation (footer of every page), the sitemap, the site search, both languages.
    assert (
        '<a href="/cs/o-siti/clenstvi/">Členství a výhody</a>' in anonymous("/cs/").content.decode()
    )
    assert (
        '<a href="/en/about/clenstvi/">Membership and benefits</a>'
        in anonymous("/en/members/").content.decode()
    )
    sitemap = anonymous("/sitemap.xml").content.decode()
    assert "/cs/o-siti/clenstvi/<" in sitemap and "/en/about/clenstvi/<" in sitemap
    assert "/cs/o-siti/clenstvi/" in anonymous("/cs/hledat/?q=výhodami").content.decode()
    assert "/en/about/clenstvi/" in anonymous("/en/search/?q=benefit").content.decode()

    # An edit reaches the very next anonymous request of a cached page.
    assert anonymous("/cs/o-siti/clenstvi/").get("X-Page-Cache") == "hit"
    response = client.post(change_url(page), {**published, "title_cs": "Členství v síti"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.translation_status == Page.TranslationStatus.OUTDATED
    assert "<h1>Členství v síti</h1>" in anonymous("/cs/o-siti/clenstvi/").content.decode()
    assert '">Členství v síti</a>' in anonymous("/cs/").content.decode()
    # History keeps every version.
    assert client.get(change_url(page).replace("change/", "history/")).status_code == 200
    assert page.history.count() == 3


def test_a_pdf_added_on_the_page_is_a_document_of_the_library(client, staff_user):
    """The page's PDFs are edited inline as documents of the library: published at once,
    on the page (its next anonymous request), in the library and its search."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.models import Document
    from tests.pdfs import text_pdf

    page = PageFactory(slug="clenstvi")
    anonymous("/cs/o-siti/clenstvi/")
    assert anonymous("/cs/o-siti/clenstvi/").get("X-Page-Cache") == "hit"
    client.force_login(staff_user)
    data = form_data(
        published_at_0=timezone.localtime(page.published_at).strftime("%d.%m.%Y"),
        published_at_1=timezone.localtime(page.published_at).strftime("%H:%M:%S"),
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-title_cs": "Přihláška do sítě",
            "documents-0-title_en": "Application form",
            "documents-0-upload": SimpleUploadedFile(
                "prihlaska.pdf", text_pdf("Prihlaska obce do site"), "application/pdf"
            ),
            "documents-0-kind": "other",
            "documents-0-year": "2026",
            "documents-0-language": "cs",
            "documents-0-status": "published",
            "documents-0-position": "0",
        },
    )
    response = client.post(change_url(page), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    document = Document.objects.get()
    assert document.page == page and document.is_published and document.slug
    assert Document.objects.about(page).get() == document
    html = anonymous("/cs/o-siti/clenstvi/").content.decode()
    assert f'href="{document.get_absolute_url()}"' in html and "Přihláška do sítě" in html
    assert "Přihláška do sítě" in anonymous("/cs/dokumenty/").content.decode()


def test_admin_lists_the_tree_indented_in_order(client, staff_user):
    second = PageFactory(title_cs="Druhá", position=20)
    first = PageFactory(title_cs="První", position=10)
    child = PageFactory(parent=first, title_cs="Podstránka", position=5)
    PageFactory(parent=child, title_cs="Nejhlubší")
    client.force_login(staff_user)
    html = client.get("/cs/sprava/pages/page/").content.decode()
    positions = [html.index(text) for text in ("První", "— Podstránka", "— — Nejhlubší", "Druhá")]
    assert positions == sorted(positions)
    assert second.pk


def test_english_filters_find_missing_and_outdated(client, staff_user):
    PageFactory(title_cs="Bez angličtiny", title_en="", lead_en="")
    client.force_login(staff_user)
    html = client.get("/cs/sprava/pages/page/?english=missing").content.decode()
    assert "Bez angličtiny" in html


def test_too_deep_a_page_is_refused_with_a_message(client, staff_user):
    top = PageFactory(slug="a")
    middle = PageFactory(parent=top, slug="b")
    deepest = PageFactory(parent=middle, slug="c")
    client.force_login(staff_user)
    response = client.post(ADD_URL, form_data(parent=str(deepest.pk), show_in_navigation=""))
    assert response.status_code == 200
    assert "nejvýše do tří úrovní" in response.content.decode()


def test_staff_edit_the_home_lead_through_the_admin(client, staff_user):
    client.force_login(staff_user)
    assert anonymous("/cs/").get("X-Page-Cache") in ("miss", "hit")
    response = client.post(
        "/cs/sprava/pages/sitetext/add/",
        {"key": "home-lead", "body_cs": "Jsme **síť** 141 obcí.", "body_en": "We are 141."},
    )
    assert response.status_code == 302
    assert SiteText.objects.get(key="home-lead").translation_status == "complete"
    assert "Jsme <strong>síť</strong> 141 obcí." in anonymous("/cs/").content.decode()
