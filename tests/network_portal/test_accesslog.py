"""gunicorn's access log, written by the logger the server is started with, keeps no secret
link and names the visitor behind the trusted proxies."""

import runpy
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from gunicorn.config import Config

from bench.server import ROOT

TOKEN = "Tk9wZ5sEcReT-registration-token_0123456789"
CODE = "C0deOfTheCertificate12"
KEY = "DownloadKey-0123456789abcdefghijklmnopqrstuvw"


@pytest.fixture
def access_log(tmp_path):
    """The logger class gunicorn.conf.py names, configured as gunicorn configures it, writing
    the access log to a file; returns a function that logs one request and gives its line."""
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    config.set("logger_class", settings["logger_class"])
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    logger = config.logger_class(config)

    def log(path_and_query, *, referer="-", forwarded="", remote="10.0.0.2"):
        path, _, query = path_and_query.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path_and_query,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": remote,
            "HTTP_REFERER": referer,
            "HTTP_USER_AGENT": "curl",
            "HTTP_X_FORWARDED_FOR": forwarded,
        }
        request = SimpleNamespace(headers=[("REFERER", referer), ("HOST", "portal.example")])
        response = SimpleNamespace(status="200 OK", headers=[], sent=123)
        logger.access(response, request, environ, timedelta(milliseconds=5))
        for handler in logger.access_log.handlers:
            handler.flush()
        return log_file.read_text().splitlines()[-1]

    assert type(logger).__name__ == "AccessLogger"
    return log


def _secret_urls():
    urls = []
    for language in ("cs", "en"):
        with translation.override(language):
            urls += [
                reverse("events:manage", kwargs={"token": TOKEN}),
                reverse("events:manage-ical", kwargs={"token": TOKEN}),
                reverse("events:offer", kwargs={"token": TOKEN, "pk": 5}),
                reverse("events:manage-data", kwargs={"token": TOKEN}),
                reverse("events:manage-delete", kwargs={"token": TOKEN}),
                reverse("events:certificate", kwargs={"code": CODE}),
                reverse("events:certificate-pdf", kwargs={"code": CODE, "key": KEY}),
            ]
    # A link the events app may add later under the same prefix.
    urls.append("/cs/akce/prihlaska/" + TOKEN + "/nova-stranka/?x=1")
    return urls


@pytest.mark.parametrize("url", _secret_urls())
def test_tokens_and_certificate_keys_are_masked(access_log, url):
    """The request line, the path and a referrer naming a secret link show ``***``."""
    line = access_log(url, referer=f"https://portal.example{url}")
    assert TOKEN not in line and CODE not in line and KEY not in line, line
    assert "***" in line


def test_other_urls_are_logged_as_they_are(access_log):
    """Lists, event pages (the registration form included) and their queries stay readable."""
    line = access_log("/cs/akce/seminar-liberec/prihlasit/?kind=seminar")
    assert '"GET /cs/akce/seminar-liberec/prihlasit/?kind=seminar HTTP/1.1" 200 123' in line


def test_the_address_is_the_visitor_behind_the_trusted_proxy(access_log, settings):
    """With one proxy trusted the line starts with the visitor's address, not the proxy's;
    with none, a forwarded header is ignored."""
    assert access_log("/cs/", forwarded="198.51.100.7").startswith("10.0.0.2 ")
    settings.TRUSTED_PROXIES = 1
    assert access_log("/cs/", forwarded="6.6.6.6, 198.51.100.7").startswith("198.51.100.7 ")
