"""Links built from the request path never carry another host."""

import logging
import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.pagecache]

HREF = re.compile(r'href="([^"]*)"')


@pytest.mark.parametrize(
    "path",
    [
        "/%2Fevil.example/cs/clenove/",  # the path //evil.example/cs/clenove/
        "/%2F%2Fevil.example/en/members/",  # ///evil.example/en/members/
        "/%2Fevil.example/cs/clenove/?q=1",
        "/%5Cevil.example/cs/clenove/",  # /\evil.example/...
    ],
)
def test_links_from_a_path_naming_a_host_stay_on_the_site(client, path):
    """The 404 page's language switcher, hreflang links and login link stay on this host."""
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    links = HREF.findall(html)
    assert links
    for link in links:
        assert not link.startswith(("//", "/\\", "\\")), link
        assert "://" not in link or link.startswith("http://testserver/"), link
    assert "//evil.example" not in html
    assert 'hreflang="en" href="http://testserver/en/"' in html


def test_language_switcher_still_translates_real_pages(client):
    """A normal page still links to its translation."""
    html = client.get("/cs/clenove/").content.decode()
    assert 'href="/en/members/"' in html
    assert 'hreflang="en" href="http://testserver/en/members/"' in html


FOREIGN_HOSTS = ["evil.example", "127.0.0.1:abc", "testserver.evil.example:80"]
PATHS = ["/healthz", "/cs/", "/sitemap.xml", "/cs/akce/calendar.ics", "/media/news/a.jpg"]


@pytest.fixture
def stores(monkeypatch):
    """Every entry the page cache writes."""
    from network_portal import pagecache

    written = []
    store = pagecache._store
    monkeypatch.setattr(
        pagecache,
        "_store",
        lambda key, *args, **kwargs: (written.append(key), store(key, *args, **kwargs)),
    )
    return written


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
@pytest.mark.parametrize(
    "method_path", [("get", path) for path in PATHS] + [("post", "/cs/pristupnost/")]
)
def test_a_foreign_host_is_one_400_and_one_log_line(
    client, caplog, stores, settings, host, method_path
):
    """Django's 400 for a Host header not in ALLOWED_HOSTS: no error while rendering it, one
    line in the log without a traceback, nothing stored in the page cache."""
    settings.SERVE_MEDIA = True
    method, path = method_path
    with caplog.at_level(logging.DEBUG):
        response = getattr(client, method)(path, HTTP_HOST=host)
    assert response.status_code == 400
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response
    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(records) == 1, [record.getMessage() for record in records]
    assert records[0].exc_info is None
    assert "Invalid HTTP_HOST" in records[0].getMessage()
    assert stores == []
    assert "evil.example" not in response.content.decode()


def test_an_allowed_host_is_still_served(client):
    """The check lets the hosts of ALLOWED_HOSTS through, with a port too."""
    assert client.get("/cs/", HTTP_HOST="localhost:8000").status_code == 200
    assert client.get("/healthz", HTTP_HOST="127.0.0.1").status_code == 200
