"""The production build, booted as the Dockerfile boots it, checked over HTTP.

Production settings, ``compilemessages``, ``collectstatic`` with hashed and compressed names
into a temporary STATIC_ROOT, and gunicorn on a free port, against the test database. Where a
container engine answers, the image built from the Dockerfile runs as compose.yaml runs it (web
and worker) against a copy of the test database over TCP, and passes the same checks; the test
prints the image's size and how long each step took (tests/production/container.py).
The server runs behind a TLS proxy in production, so requests carry
``X-Forwarded-Proto: https`` as the proxy's would.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import http.client
import os
import re
import secrets
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils import translation

from bench.server import (
    ROOT,
    ThrowawayCluster,
    database_url,
    free_port,
    gunicorn,
    manage,
    wait_until_healthy,
)
from network_portal import sections
from network_portal.backup import _conninfo, _libpq_env, _run, _tool
from tests.factories import PASSWORD
from tests.production import container

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


@pytest.fixture(scope="module")
def server(production_env, tmp_path_factory):
    """The base URL of the production server (gunicorn with the production settings)."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with gunicorn(production_env, workers=2, log=log) as base_url:
        yield base_url


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


# --- the image of the Dockerfile, run as compose.yaml runs it ------------------------------------
def _unavailable(reason: str):
    """Skip, saying why; fail instead where the image must be checked (.ci/run sets
    PORTAL_IMAGE_TEST=required)."""
    if os.environ.get("PORTAL_IMAGE_TEST") == "required":
        pytest.fail(f"PORTAL_IMAGE_TEST=required, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def report(request):
    """Print a line in the test run's output (pytest does not capture it): sizes and timings."""
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")

    def write(line: str):
        if reporter is None or capture is None:
            print(f"production image: {line}")
            return
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"production image: {line}")

    return write


@pytest.fixture(scope="module")
def image(report):
    """The container engine, once the Dockerfile is built as ``container.TAG``."""
    started = time.monotonic()
    try:
        engine = container.find_engine()
        base, origin = container.base_image(engine)
    except container.Unavailable as reason:
        _unavailable(f"the image is not built or checked on this machine: {reason}")
    report(f"{engine.name}, base {base}: {origin}")
    building = time.monotonic()
    container.build(engine, base)
    seconds = time.monotonic() - building
    size = engine.image_size(container.TAG)
    report(f"{container.TAG} built from the Dockerfile in {seconds:.0f} s: {size / 1e6:.0f} MB")
    yield engine
    report(f"the image's part of the test took {time.monotonic() - started:.0f} s in all")


@pytest.fixture(scope="module")
def tcp_database(production_env, tmp_path_factory):
    """A throw-away cluster on 127.0.0.1 (the containers share the host's network) holding a
    copy of the test database with production_env's login: what the containers write
    (migrations, sessions, jobs) stays out of the shared test database."""
    from django.db import connection

    cluster = ThrowawayCluster(Path(tempfile.mkdtemp(prefix="portal-image-")), port=free_port())
    cluster.create()
    try:
        dump = tmp_path_factory.mktemp("image") / "test.dump"
        _run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump)],
            env=_libpq_env(connection.settings_dict),
        )
        restore = [_tool("pg_restore"), "--no-owner", "--exit-on-error"]
        _run(
            [*restore, "--dbname", cluster.name, str(dump)],
            env=_libpq_env(cluster.settings_dict),
        )
        yield cluster
    finally:
        cluster.destroy()


def _compose_variables(production_env) -> dict:
    """What compose.yaml reads from the environment; everything else takes its default."""
    return {"DJANGO_SECRET_KEY": production_env["DJANGO_SECRET_KEY"]}


def _wait_until_serving(engine, name: str, base_url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(RuntimeError):
            wait_until_healthy(base_url, timeout=3)
            return
        assert container.is_running(engine, name), f"the container {name} stopped"
    raise AssertionError(f"{base_url}/healthz did not answer within {timeout} s")


@pytest.fixture(scope="module")
def web_container(image, production_env, tcp_database, report):
    """compose.yaml's web service (its command: migrate, then gunicorn; its environment) on a
    free port, with the test-only URLconf mounted for the 500 page; (name, base URL, volume)."""
    engine, port, tag = image, free_port(), f"{os.getpid()}-{secrets.token_hex(3)}"
    service = container.compose_service("web", _compose_variables(production_env))
    environment = {
        **service.environment,
        "DATABASE_URL": tcp_database.tcp_url,
        "DJANGO_SETTINGS_MODULE": "tests.production.settings",
    }
    name, media = f"portal-web-{tag}", f"portal-media-{tag}"
    volumes = (f"{ROOT / 'tests'}:/app/tests:ro", f"{media}:/app/media")
    started = time.monotonic()
    command = container.with_bind(service.command, port)
    try:
        with container.running(engine, name, command, environment, volumes=volumes):
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_serving(engine, name, base_url)
            seconds = time.monotonic() - started
            report(f"web container answered /healthz {seconds:.1f} s after `{engine.name} run`")
            yield name, base_url, media
    finally:
        engine.run("volume", "rm", "--force", media, check=False)


def test_image_passes_the_same_checks(image, web_container, production_env, report):
    """The image, run as compose.yaml's web service, passes every check above, answers
    compose.yaml's health check and serves as the non-root user of the Dockerfile."""
    engine, (name, base_url, _media) = image, web_container
    started = time.monotonic()
    for check in CHECKS:
        check(base_url)
    for language in ("cs", "en"):
        test_404_page_in_the_layout_with_the_security_headers(base_url, language)
    health = container.compose_service("web", _compose_variables(production_env)).healthcheck
    assert health[0] == "CMD", health
    port = urlsplit(base_url).port
    engine.run("exec", name, *[part.replace(":8000", f":{port}") for part in health[1:]])
    assert engine.run("exec", name, "id", "-un").stdout.strip() == "portal"
    seconds = time.monotonic() - started
    report(f"the production checks passed against the container in {seconds:.1f} s")


class Inbox:
    """An SMTP server's mailbox (aiosmtpd handler)."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"


def test_image_worker_sends_a_queued_mail(
    image, web_container, tcp_database, production_env, report
):
    """compose.yaml's worker service, run from the image, takes a message queued in the web
    container from the queue and delivers it to the mail server, and keeps running."""
    engine, (web, _base_url, media) = image, web_container
    inbox, smtp_port = Inbox(), free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    try:
        service = container.compose_service("worker", _compose_variables(production_env))
        environment = {
            **service.environment,
            "DATABASE_URL": tcp_database.tcp_url,
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(smtp_port),
        }
        name = f"portal-worker-{os.getpid()}-{secrets.token_hex(3)}"
        volumes = (f"{media}:/app/media",)
        with container.running(engine, name, service.command, environment, volumes=volumes):
            subject = f"Zpráva z kontejneru {secrets.token_hex(4)}"
            code = (
                "from network_portal.mail import mail_queue\n"
                f"mail_queue(to='adresat@example.org', subject={subject!r}, body='Text zprávy.')\n"
            )
            # Jobs that tests before this one in the process left in its database are not ours.
            with psycopg.connect(**_conninfo(tcp_database.settings_dict)) as db:
                [(before,)] = db.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
            started = time.monotonic()
            engine.run("exec", web, "python", "manage.py", "shell", "-c", code)
            deadline = started + 90
            while not any(m["Subject"] == subject for m in inbox.messages):
                assert time.monotonic() < deadline, "the worker did not deliver within 90 s"
                assert container.is_running(engine, name), "the worker container stopped"
                time.sleep(0.5)
            seconds = time.monotonic() - started
            [message] = [m for m in inbox.messages if m["Subject"] == subject]
            assert message["To"] == "adresat@example.org"
            assert "Text zprávy." in message.get_content()
            # The worker records the job as done only after the mail server has taken the
            # message: the mail can be here a moment before the job's row says so.
            with psycopg.connect(**_conninfo(tcp_database.settings_dict), autocommit=True) as db:
                while True:
                    statuses = db.execute(
                        "SELECT status FROM procrastinate_jobs WHERE task_name = 'mail_send' "
                        "AND id > %s",
                        [before],
                    ).fetchall()
                    if statuses != [("doing",)] or time.monotonic() > deadline:
                        break
                    time.sleep(0.2)
            assert statuses == [("succeeded",)]
            time.sleep(2)
            assert container.is_running(engine, name), "the worker container stopped"
            report(f"worker container delivered a mail queued by the web one in {seconds:.1f} s")
    finally:
        smtp.stop()
