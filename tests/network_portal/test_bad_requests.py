"""Malformed requests: a 400 or 403 page in the layout, with the security headers, logged once."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FORGED_COOKIE = "A" * 32


@pytest.fixture
def strict_client():
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = FORGED_COOKIE
    return client


def _same_site_post(client, path, body, content_type):
    return client.post(
        path,
        data=body,
        content_type=content_type,
        HTTP_REFERER="http://testserver/cs/",
        HTTP_ORIGIN="http://testserver",
    )


def _assert_layout_and_headers(response):
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        # The reported request: a form in latin-1 with a forged CSRF cookie.
        ("csrfmiddlewaretoken=BBBB&x=%E9", "application/x-www-form-urlencoded; charset=latin-1"),
        ('--x\r\nContent-Disposition: form-data; name="a"\r\n', "multipart/form-data"),
        ("&".join(f"f{number}=1" for number in range(1200)), "application/x-www-form-urlencoded"),
    ],
    ids=["latin-1", "broken-multipart", "too-many-fields"],
)
def test_unreadable_form_body_is_one_400_page_and_one_log_line(
    strict_client, caplog, body, content_type
):
    """A POST whose body cannot be parsed answers the site's 400 page and logs one line."""
    with caplog.at_level(logging.DEBUG):
        response = _same_site_post(strict_client, "/cs/", body, content_type)
    assert response.status_code == 400
    _assert_layout_and_headers(response)
    assert "Chybný požadavek" in response.content.decode()
    assert len(caplog.records) == 1, [record.getMessage() for record in caplog.records]
    assert caplog.records[0].exc_info is None
    assert "/cs/" in caplog.records[0].getMessage()


def test_failed_csrf_check_is_the_sites_403_page(strict_client):
    """A form sent with a forged token answers 403 in the layout, in the URL's language."""
    response = _same_site_post(
        strict_client, "/en/", "csrfmiddlewaretoken=BBBB", "application/x-www-form-urlencoded"
    )
    assert response.status_code == 403
    _assert_layout_and_headers(response)
    assert "security check failed" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/cs/", "Portál je krátce nedostupný"),
        ("/en/", "The portal is briefly unavailable"),
    ],
)
def test_database_outage_is_a_503_try_again_page(client, monkeypatch, path, text):
    """A page that cannot reach the database says "try again in a minute" (503, Retry-After)
    in the layout, with the security headers, instead of a 500."""
    from django.db import OperationalError

    from network_portal import views

    def unavailable(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(views.HomeView, "get_context_data", unavailable)
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    assert text in html and "<nav" in html
