"""The network's pages in public: the tree at its path in both languages, drafts and
scheduled pages, the footer navigation, the sitemap, the site search, sanitised Markdown, the
editable site texts and the query counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pages.models import Page, SiteText
from tests.documents.factories import DocumentFactory
from tests.pages.factories import PageFactory, SiteTextFactory

pytestmark = pytest.mark.django_db


def test_page_tree_in_both_languages(client):
    """A sub-page lives at its parent's path under the translated section path, with
    breadcrumbs through its ancestors; the parent lists it."""
    parent = PageFactory(slug="program", title_cs="Zdravé město WHO", title_en="WHO Healthy City")
    PageFactory(
        parent=parent,
        slug="ma21",
        title_cs="Místní Agenda 21",
        title_en="Local Agenda 21",
        body_cs="## Kategorie\n\nOd **Zájemců** po A.",
    )
    html = client.get("/cs/o-siti/program/ma21/").content.decode()
    assert "<h1>Místní Agenda 21</h1>" in html
    assert "<h2>Kategorie</h2>" in html and "<strong>Zájemců</strong>" in html
    assert '<a href="/cs/o-siti/program/">Zdravé město WHO</a>' in html
    assert '<a href="/cs/o-siti/">O síti</a>' in html
    assert 'hreflang="en" href="http://testserver/en/about/program/ma21/"' in html
    english = client.get("/en/about/program/").content.decode()
    assert "<h1>WHO Healthy City</h1>" in english
    assert 'href="/en/about/program/ma21/">Local Agenda 21</a>' in english
    assert client.get("/cs/o-siti/ma21/").status_code == 404
    assert client.get("/cs/o-siti/program/ma21/navic/").status_code == 404


def test_czech_only_page_is_marked_on_the_english_page(client):
    PageFactory(slug="cesky", title_en="", lead_en="", body_en="")
    html = client.get("/en/about/cesky/").content.decode()
    assert '<h1 lang="cs">' in html and 'class="prose" lang="cs"' in html


def test_draft_and_pages_under_a_draft_are_not_public(client, staff_user):
    """A draft, and a published page under a draft, are a 404 for the public and nowhere
    listed; staff who edit pages preview them."""
    draft = PageFactory(slug="koncept", title_cs="Koncept stránky", published_at=None)
    PageFactory(parent=draft, slug="pod", title_cs="Pod konceptem")
    assert client.get("/cs/o-siti/koncept/").status_code == 404
    assert client.get("/cs/o-siti/koncept/pod/").status_code == 404
    for path in ("/cs/o-siti/", "/sitemap.xml", "/cs/hledat/?q=koncept", "/cs/"):
        html = client.get(path).content.decode()
        assert "Koncept stránky" not in html and "Pod konceptem" not in html, (path, html[-3000:])
        assert "/o-siti/koncept/" not in html
    client.force_login(staff_user)
    html = client.get("/cs/o-siti/koncept/").content.decode()
    assert "tato stránka je koncept" in html


def test_scheduled_page_appears_when_its_time_comes(client):
    """A page with a future publication time stays hidden until then; the section names that
    time as its next change, so the page cache keeps nothing past it."""
    from pages.section import next_change

    now = timezone.now()
    page = PageFactory(slug="pozdeji", published_at=now + timedelta(hours=1))
    assert client.get("/cs/o-siti/pozdeji/").status_code == 404
    assert next_change(now) == page.published_at
    Page.objects.filter(pk=page.pk).update(published_at=now - timedelta(seconds=1))
    assert client.get("/cs/o-siti/pozdeji/").status_code == 200


def test_navigation_lists_flagged_top_level_pages(client):
    """The footer of every page links the published top-level pages chosen for it."""
    PageFactory(
        slug="clenstvi", title_cs="Členství", title_en="Membership", show_in_navigation=True
    )
    PageFactory(slug="skryta", title_cs="Skrytá stránka", show_in_navigation=False)
    PageFactory(slug="budouci", title_cs="Budoucí", show_in_navigation=True, published_at=None)
    for path in ("/cs/", "/cs/clenove/", "/cs/prohlaseni-o-pristupnosti/"):
        html = client.get(path).content.decode()
        assert '<a href="/cs/o-siti/clenstvi/">Členství</a>' in html, path
        assert "Skrytá stránka" not in html and "Budoucí" not in html
    assert '<a href="/en/about/clenstvi/">Membership</a>' in client.get("/en/").content.decode()
    # The section itself is in the main navigation.
    assert '<a href="/en/about/">About the network</a>' in client.get("/en/").content.decode()


def test_sub_page_cannot_be_in_the_navigation_nor_too_deep():
    top = PageFactory()
    middle = PageFactory(parent=top)
    deepest = PageFactory(parent=middle)
    with pytest.raises(ValidationError) as error:
        PageFactory.build(parent=deepest, slug="moc").full_clean()
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        PageFactory.build(parent=top, slug="nav", show_in_navigation=True).full_clean()
    assert "show_in_navigation" in error.value.message_dict
    top.parent = deepest
    with pytest.raises(ValidationError):
        top.full_clean()


def test_sitemap_lists_published_pages_in_both_languages(client):
    parent = PageFactory(slug="o-nas")
    PageFactory(parent=parent, slug="kancelar")
    PageFactory(slug="koncept", published_at=None)
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/cs/o-siti/", "/en/about/", "/cs/o-siti/o-nas/kancelar/", "/en/about/o-nas/"):
        assert f"http://testserver{path}<" in xml, path
    assert "koncept" not in xml


def test_site_search_finds_pages_by_other_word_forms(client):
    """The search is lemmatized like the news: "kanceláři" finds "Kancelář", and the
    English page finds "offices" in "office"."""
    PageFactory(
        slug="kancelar",
        title_cs="Kancelář a kontakty",
        title_en="Office and contacts",
        lead_cs="Kdo pracuje v kanceláři sítě.",
        lead_en="Who works in the network's office.",
    )
    html = client.get("/cs/hledat/", {"q": "kanceláři"}).content.decode()
    assert 'href="/cs/o-siti/kancelar/">Kancelář a kontakty</a>' in html
    html = client.get("/en/search/", {"q": "offices"}).content.decode()
    assert 'href="/en/about/kancelar/">Office and contacts</a>' in html
    html = client.get("/cs/hledat/", {"q": "zebra"}).content.decode()
    assert "Těmto slovům neodpovídá žádná stránka o síti." in html


def test_markdown_is_sanitised(client):
    """A script or raw HTML in the text never reaches the page; javascript: links are dropped."""
    PageFactory(
        slug="zla",
        body_cs="<script>alert(1)</script>\n\n"
        '[klik](javascript:alert(2)) <img src=x onerror="x()">',
    )
    html = client.get("/cs/o-siti/zla/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html  # shown as text
    assert 'href="javascript' not in html
    assert "<img src=x" not in html and '<img src="x"' not in html


def test_site_texts_replace_the_templates_words(client):
    """The home lead, the introduction of About the network, the footer and the legal pages'
    prose come from the editable texts; the legal pages keep their generated facts."""
    assert "Od roku 1994" in client.get("/cs/").content.decode()
    SiteTextFactory(
        key=SiteText.Key.HOME_LEAD, body_cs="Síť **141 členů**.", body_en="Our **141**."
    )
    SiteTextFactory(key=SiteText.Key.FOOTER, body_cs="Kontakt: *kancelář*.", body_en="Office.")
    SiteTextFactory(key=SiteText.Key.PRIVACY, body_cs="## Náš text\n\nSoukromí.", body_en="Ours.")
    SiteTextFactory(key=SiteText.Key.ACCESSIBILITY, body_cs="Přístupný text.", body_en="Ours.")
    SiteTextFactory(key=SiteText.Key.ABOUT, body_cs="Kdo **jsme**.", body_en="Who we are.")
    home = client.get("/cs/").content.decode()
    assert "Síť <strong>141 členů</strong>." in home and "Od roku 1994" not in home
    assert "Kontakt: <em>kancelář</em>." in home and "Hradební 1" not in home
    assert "Our <strong>141</strong>." in client.get("/en/").content.decode()
    privacy = client.get("/cs/ochrana-osobnich-udaju/").content.decode()
    assert "<h2>Náš text</h2>" in privacy and "Správcem osobních údajů" not in privacy
    assert "Přihlášky na akce" in privacy  # generated from the settings
    accessibility = client.get("/cs/prohlaseni-o-pristupnosti/").content.decode()
    assert "Přístupný text." in accessibility and "Stav souladu" not in accessibility
    assert 'id="nahlasit"' in accessibility
    assert "Kdo <strong>jsme</strong>." in client.get("/cs/o-siti/").content.decode()


def test_a_pages_documents_are_listed_on_it_and_in_the_library(client):
    """A page's PDFs are documents of the library: on the page through the documents'
    block (drafts left out), in the library's list; a draft page's document is not public."""
    page = PageFactory(slug="s-prilohou")
    document = DocumentFactory(page=page, slug="vyrocni-zprava", title_cs="Výroční zpráva")
    DocumentFactory(page=page, title_cs="Rozpracovaný dokument", status="draft")
    html = client.get("/cs/o-siti/s-prilohou/").content.decode()
    assert '<a href="/cs/dokumenty/vyrocni-zprava/">Výroční zpráva</a>' in html
    assert 'href="/cs/dokumenty/vyrocni-zprava/soubor.pdf"' in html
    assert "Rozpracovaný dokument" not in html
    library = client.get("/cs/dokumenty/")
    assert [d.slug for d in library.context["documents"]] == ["vyrocni-zprava"]
    assert client.get(document.get_download_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    parent = PageFactory(slug="rodic")
    middle = PageFactory(parent=parent, slug="stred")
    for _number in range(count):
        PageFactory(parent=middle)
        DocumentFactory(page=middle)
    # the page with its ancestors, its sub-pages, its documents (the documents' block), the
    # footer's text and pages
    with django_assert_num_queries(5):
        response = client.get("/cs/o-siti/rodic/stred/")
    assert response.status_code == 200
    assert len(response.context["children"]) == count
    assert response.content.decode().count('/soubor.pdf" download>') == count


@pytest.mark.parametrize("count", [1, 8])
def test_navigation_and_index_query_counts_do_not_grow(client, django_assert_num_queries, count):
    for _number in range(count):
        top = PageFactory(show_in_navigation=True)
        PageFactory(parent=top)
    # the introduction, the top-level pages, their sub-pages, the footer's text and pages
    with django_assert_num_queries(5):
        response = client.get("/cs/o-siti/")
    assert response.content.decode().count('<li><a href="/cs/o-siti/stranka-') == count * 2
