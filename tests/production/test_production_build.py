"""The production build, booted as the Dockerfile boots it, checked over HTTP.

Production settings, ``compilemessages``, ``collectstatic`` with hashed and compressed names
into a temporary STATIC_ROOT, and gunicorn on a free port, against the test database. Where a
container engine answers, the same checks run against the image built from the Dockerfile.
The server runs behind a TLS proxy in production, so requests carry
``X-Forwarded-Proto: https`` as the proxy's would.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import secrets
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils import translation

from bench.server import ROOT, database_url, free_port, gunicorn, manage, wait_until_healthy
from network_portal import sections
from tests.factories import PASSWORD

# The module's server uses the test database (which pytest-django creates only for tests
# marked so); the tests themselves only speak HTTP to it.
pytestmark = pytest.mark.django_db

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
LOGIN_EMAIL = "production-check@example.org"


def fetch(base_url, path, *, method="GET", headers=None, body=None, https=True):
    """One request without following redirects: (status, headers, body)."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    sent = {"X-Forwarded-Proto": "https"} if https else {}
    sent.update(headers or {})
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class AssetCollector(HTMLParser):
    """Every address a page makes the browser load: scripts, styles, images, fonts, frames."""

    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        loads_src = ("script", "img", "iframe", "audio", "video", "source", "embed", "input")
        if tag in loads_src and attrs.get("src"):
            self.loaded.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if rel != "alternate" and "canonical" not in rel:
                self.loaded.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.loaded.append(attrs["data"])
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.loaded.append(candidate.split()[0])
        if attrs.get("style"):
            self.loaded += re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs["style"])


def loaded_addresses(html: str) -> list[str]:
    collector = AssetCollector()
    collector.feed(html)
    return collector.loaded


def public_pages() -> list[str]:
    """The home page, the static pages, the site search and every section's list, per language."""
    paths = []
    for language in ("cs", "en"):
        with translation.override(language):
            paths += [reverse("home"), reverse("accessibility"), reverse("privacy")]
            paths.append(reverse("search") + "?q=zdrav%C3%A9")
            paths.append(reverse("account_login"))
            paths += [reverse(s.list_url_name) for s in sections.all_sections() if s.list_url_name]
    return paths


@pytest.fixture(scope="module")
def production_env(django_db_setup, django_db_blocker, tmp_path_factory):
    """The environment of the production container, pointed at the test database, with the
    messages compiled and the static files collected as the Dockerfile does; one account to
    log in with (committed, removed afterwards)."""
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.sessions.models import Session
    from django.db import connection

    from tests.factories import UserFactory

    folder = tmp_path_factory.mktemp("production")
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.production.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_STATIC_MANIFEST_ROOT": str(folder / "manifest"),
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    manage("compilemessages", "--ignore=.venv", "--verbosity=0", env=env)
    manage("collectstatic", "--noinput", "--verbosity=0", env=env)
    # Hashed as production hashes (the test settings use a fast hasher production refuses).
    hasher = PBKDF2PasswordHasher()
    with django_db_blocker.unblock():
        user = UserFactory(email=LOGIN_EMAIL)
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
    yield env
    with django_db_blocker.unblock():
        UserFactory._meta.model.objects.filter(email=LOGIN_EMAIL).delete()
        Session.objects.all().delete()
        AccessAttempt.objects.all().delete()
        AccessLog.objects.all().delete()


def _container_engine() -> str | None:
    for engine in ("docker", "podman"):
        if shutil.which(engine) is None:
            continue
        info = subprocess.run([engine, "info"], capture_output=True, check=False)
        if info.returncode == 0:
            return engine
    return None


@pytest.fixture(scope="module")
def server(production_env, tmp_path_factory):
    """The base URL of the production server (gunicorn with the production settings)."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with gunicorn(production_env, workers=2, log=log) as base_url:
        yield base_url


@contextlib.contextmanager
def _container(engine: str, env: dict):
    """Build the image and run it on the host's network against the test database."""
    tag = "network-portal:production-test"
    subprocess.run([engine, "build", "--quiet", "-t", tag, str(ROOT)], check=True)
    port = free_port()
    database = env["DATABASE_URL"]
    socket_dir = re.match(r"postgres://[^@]*@([^/:]*)", database).group(1)
    run = [engine, "run", "--rm", "--detach", "--network", "host"]
    run += ["--volume", f"{ROOT / 'tests'}:/app/tests:ro"]
    if socket_dir.startswith("%2F"):  # a Unix socket: share its folder with the container
        folder = unquote(socket_dir)
        run += ["--volume", f"{folder}:{folder}"]
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"):
        run += ["--env", f"{name}={env[name]}"]
    run += ["--env", "DJANGO_SETTINGS_MODULE=tests.production.settings", tag]
    run += ["gunicorn", "network_portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    container = subprocess.run(run, capture_output=True, text=True, check=True).stdout.strip()
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", timeout=90)
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([engine, "stop", container], capture_output=True, check=False)


def _check_security_headers(headers, path):
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, (path, name, headers.get(name))
    csp = headers.get("Content-Security-Policy") or ""
    assert "default-src 'self'" in csp, path
    assert "frame-ancestors 'none'" in csp, path
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert "camera=()" in (headers.get("Permissions-Policy") or ""), path


def _check_layout(body: bytes, language: str):
    html = body.decode()
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html
    assert 'class="main-nav"' in html
    assert "/static/css/main." in html


def _check_only_own_host(base_url: str, page: str, html: str):
    for address in loaded_addresses(html):
        absolute = urlsplit(urljoin(base_url + page, address))
        if absolute.scheme == "data":
            continue
        assert absolute.hostname == "127.0.0.1", f"{page} loads {address} from another host"


def test_pages_in_both_languages_with_security_headers_and_only_own_assets(server):
    """Every public page answers in both languages, with every security header, loading
    nothing from another host."""
    for page in public_pages():
        status, headers, body = fetch(server, page)
        assert status == 200, page
        _check_security_headers(headers, page)
        _check_layout(body, page.split("/")[1])
        _check_only_own_host(server, page, body.decode())


def test_plain_http_is_redirected_to_https_except_the_health_check(server):
    """Without the proxy's https marker a page is redirected to https; /healthz is not."""
    status, headers, _body = fetch(server, "/cs/", https=False)
    assert status == 301
    assert headers["Location"].startswith("https://")
    status, _headers, body = fetch(server, "/healthz", https=False)
    assert (status, body) == (200, b"ok\n")


@pytest.mark.parametrize("language", ["cs", "en"])
def test_404_page_in_the_layout_with_the_security_headers(server, language):
    """A missing page is a 404 in the site layout, with HSTS, the CSP and the others."""
    status, headers, body = fetch(server, f"/{language}/neni-tu-nic/")
    assert status == 404
    _check_security_headers(headers, "404")
    _check_layout(body, language)
    assert ("Stránka nenalezena" if language == "cs" else "Page not found") in body.decode()


def test_500_page_in_the_layout_with_the_security_headers(server):
    """A failing page is a 500 in the site layout, without details, with every header."""
    status, headers, body = fetch(server, "/test-only/server-error")
    assert status == 500
    _check_security_headers(headers, "500")
    _check_layout(body, "cs")
    assert "Něco se pokazilo" in body.decode()
    assert "RuntimeError" not in body.decode()


def test_cookies_are_secure(server):
    """The CSRF and session cookies are Secure, SameSite=Lax, the session one HttpOnly."""
    status, headers, body = fetch(server, "/cs/ucet/login/")
    assert status == 200
    csrf_cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    assert "; Secure" in csrf_cookie and "SameSite=Lax" in csrf_cookie
    token = csrf_cookie.split(";")[0].split("=", 1)[1]
    form_token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    status, headers, _body = fetch(
        server,
        "/cs/ucet/login/",
        method="POST",
        body=urlencode(
            {"csrfmiddlewaretoken": form_token.decode(), "login": LOGIN_EMAIL, "password": PASSWORD}
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            "Referer": f"https://127.0.0.1:{urlsplit(server).port}/cs/ucet/login/",
            "Host": f"127.0.0.1:{urlsplit(server).port}",
        },
    )
    assert status == 302
    session_cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("sessionid="))
    for flag in ("; Secure", "; HttpOnly", "SameSite=Lax"):
        assert flag in session_cookie


def test_static_files_are_hashed_compressed_and_cached_for_a_year(server):
    """The layout links hashed static files, served compressed with far-future caching; the
    manifest of hashed names is not served."""
    _status, _headers, body = fetch(server, "/cs/")
    static = [a for a in loaded_addresses(body.decode()) if a.startswith("/static/")]
    assert static
    for address in static:
        assert HASHED.search(address), address
        for encoding in ("br", "gzip"):
            status, headers, _content = fetch(
                server, address, headers={"Accept-Encoding": encoding}
            )
            assert status == 200, address
            if address.endswith((".css", ".js", ".svg")):
                assert headers["Content-Encoding"] == encoding, (address, encoding)
            max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
            assert max_age >= 31536000
            assert "immutable" in headers["Cache-Control"]
    status, _headers, _body = fetch(server, "/static/staticfiles.json")
    assert status == 404


def test_stylesheets_load_nothing_from_another_host(server):
    """No @import or url() in the served stylesheets points to another host."""
    _status, _headers, body = fetch(server, "/cs/")
    for address in loaded_addresses(body.decode()):
        if address.endswith(".css"):
            _status, _headers, css = fetch(server, address)
            assert not re.search(rb"url\(\s*['\"]?(https?:)?//", css), address
            assert b"@import" not in css or b"@import url(http" not in css


def test_healthz(server):
    """/healthz answers 200 ok from the production server."""
    assert fetch(server, "/healthz")[::2] == (200, b"ok\n")


CHECKS = [
    test_pages_in_both_languages_with_security_headers_and_only_own_assets,
    test_plain_http_is_redirected_to_https_except_the_health_check,
    test_500_page_in_the_layout_with_the_security_headers,
    test_cookies_are_secure,
    test_static_files_are_hashed_compressed_and_cached_for_a_year,
    test_stylesheets_load_nothing_from_another_host,
    test_healthz,
]


def test_container_image_passes_the_same_checks(production_env):
    """Where docker or podman answers, the image of the Dockerfile passes every check above."""
    engine = _container_engine()
    if engine is None:
        pytest.skip(
            "no container engine answers (`docker info`/`podman info` fail): "
            "the image is not built or checked on this machine"
        )
    with _container(engine, production_env) as base_url:
        for check in CHECKS:
            check(base_url)
        for language in ("cs", "en"):
            test_404_page_in_the_layout_with_the_security_headers(base_url, language)
