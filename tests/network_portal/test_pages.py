import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.support import run_jobs

pytestmark = pytest.mark.django_db

PAGES = [
    ("home", "/cs/", "/en/"),
    ("accessibility", "/cs/prohlaseni-o-pristupnosti/", "/en/accessibility/"),
    ("privacy", "/cs/ochrana-osobnich-udaju/", "/en/privacy/"),
    ("account_login", "/cs/ucet/login/", "/en/account/login/"),
]


@pytest.mark.parametrize(("name", "cs_path", "en_path"), PAGES)
def test_static_pages_have_translated_paths(name, cs_path, en_path):
    """Each page lives under /cs/ and /en/ with translated path segments."""
    with translation.override("cs"):
        assert reverse(name) == cs_path
    with translation.override("en"):
        assert reverse(name) == en_path


@pytest.mark.parametrize(("name", "cs_path", "en_path"), PAGES)
def test_pages_render_in_both_languages_with_lang_and_alternates(client, name, cs_path, en_path):
    """Pages render in each language, declare it in <html lang> and link the other version."""
    for code, path, other in (("cs", cs_path, en_path), ("en", en_path, cs_path)):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{code}">' in html
        assert f'hreflang="cs" href="http://testserver{cs_path}"' in html
        assert f'hreflang="en" href="http://testserver{en_path}"' in html
        # The switcher leads to the same page in the other language, not to the home page.
        assert re.search(rf'<a href="{re.escape(other)}" hreflang="\w\w" lang="\w\w">', html)


def test_home_page_introduces_the_network_in_both_languages(client):
    """The home page is translated and links the sections."""
    cs = client.get("/cs/").content.decode()
    en = client.get("/en/").content.decode()
    assert "Národní síť Zdravých měst sdružuje" in cs
    assert "The National Healthy Cities Network brings together" in en
    assert 'href="/cs/clenove/"' in cs
    assert 'href="/en/good-practice/"' in en


def test_switcher_keeps_the_query_string(client):
    """Switching language on a filtered list keeps the filter."""
    html = client.get("/cs/prohlaseni-o-pristupnosti/?page=x").content.decode()
    assert 'href="/en/accessibility/?page=x"' in html


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("cs-CZ,cs;q=0.9,en;q=0.5", "/cs/"),
        ("de-DE,de;q=0.9", "/cs/"),
        ("", "/cs/"),
        ("xx;;;q=abc,,,@@@" * 50, "/cs/"),
    ],
)
def test_root_redirects_to_the_preferred_language(client, header, expected):
    """/ goes to the browser's language, Czech otherwise; a malformed header is no error."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "path", ["/de/", "/cs/neexistuje/", "/en/nothing-here/", "/xx/clenove/", "/cs/" + "a" * 5000]
)
def test_unknown_paths_get_the_404_page_in_the_site_layout(client, path):
    """Unknown language prefixes, pages and very long URLs are a 404, never a 500."""
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_404_is_in_the_visitors_language(client):
    """The error page speaks the language of the URL."""
    assert "Stránka nenalezena" in client.get("/cs/neexistuje/").content.decode()
    assert "Page not found" in client.get("/en/nothing-here/").content.decode()


def test_500_page_uses_the_site_layout_in_the_right_language(rf):
    """The 500 handler renders the layout in the active language."""
    from network_portal.views import server_error

    request = rf.get("/en/")
    with translation.override("en"):
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_403_page_is_translated(rf):
    """The 403 handler renders the layout in the active language."""
    from network_portal.views import permission_denied

    with translation.override("cs"):
        response = permission_denied(rf.get("/cs/"))
    assert response.status_code == 403
    assert "Přístup odepřen" in response.content.decode()


def test_accessibility_report_is_sent_to_the_contact(
    client, mailoutbox, settings, django_capture_on_commit_callbacks, queue
):
    """A visitor can report an accessibility problem; the office receives it by e-mail."""
    settings.ACCESSIBILITY_CONTACT_EMAIL = "pristupnost@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/cs/prohlaseni-o-pristupnosti/",
            {"page_url": "/cs/clenove/", "description": "Mapa nejde ovládat klávesnicí."},
            follow=True,
        )
    run_jobs(queue)
    assert "Děkujeme" in response.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pristupnost@example.org"]
    assert "klávesnicí" in mailoutbox[0].body


def test_accessibility_report_with_bad_input_keeps_what_was_typed(client, mailoutbox):
    """Bad input gets a translated error and loses nothing."""
    response = client.post(
        "/en/accessibility/",
        {"page_url": "/en/members/", "description": "", "email": "not-an-address"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the errors below." in html
    assert "Enter a valid email address." in html
    assert 'value="/en/members/"' in html
    assert mailoutbox == []


def test_sitemap_lists_pages_in_both_languages(client):
    """The sitemap has each public page in Czech and English."""
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/cs/prohlaseni-o-pristupnosti/" in xml
    assert "http://testserver/en/accessibility/" in xml
