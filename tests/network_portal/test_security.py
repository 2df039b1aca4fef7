import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/cs/", "/en/accessibility/", "/cs/ucet/login/", "/cs/neni/"])
def test_security_headers_on_public_pages(client, path):
    """Every response carries a strict CSP and the other security headers."""
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin")
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_external_assets_in_the_layout(client):
    """The layout loads nothing from another host (no CDN, fonts, analytics)."""
    html = client.get("/cs/").content.decode()
    for marker in ('src="http', 'src="//', 'href="//', "googleapis", "cdn"):
        assert marker not in html


def _prod_env(**extra):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATA"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="network_portal.settings.prod",
        DJANGO_SECRET_KEY="x7#kq2!vB9zL@p4mN8rT6wY1uE3iO5aS0dF&gH*jK^lZ%cX(vB)nM-qW+eR=tY",
        DJANGO_ALLOWED_HOSTS="portal.zdravamesta.cz",
        DATABASE_URL="postgres://portal:secret@db.example.org:5432/portal",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings():
    """`check --deploy` reports no issue with the production settings, nothing silenced."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=_prod_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_its_settings(missing):
    """Production settings fail loudly when a secret, the hosts or the database are missing."""
    env = _prod_env()
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"Set the {missing} environment variable." in result.stderr


def test_production_cookies_and_hsts():
    """Production adds HSTS and Secure/HttpOnly/SameSite cookies."""
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=_prod_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "Lax", "False"]


def test_static_manifest_is_kept_outside_what_is_served(tmp_path):
    """collectstatic writes the manifest outside STATIC_ROOT: WhiteNoise cannot serve it."""
    static_root, manifest_root = tmp_path / "static", tmp_path / "manifest"
    env = _prod_env(
        DJANGO_STATIC_ROOT=str(static_root), DJANGO_STATIC_MANIFEST_ROOT=str(manifest_root)
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert (manifest_root / "staticfiles.json").exists()
    assert not list(static_root.rglob("staticfiles.json*"))
    code = (
        "from django.templatetags.static import static;"
        "from whitenoise.middleware import WhiteNoiseMiddleware;"
        "files = WhiteNoiseMiddleware(lambda request: None).files;"
        "print(static('css/main.css'), '/static/staticfiles.json' in files,"
        " '/static/css/main.css' in files)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    hashed, manifest_served, css_served = result.stdout.split()
    assert hashed.startswith("/static/css/main.") and hashed != "/static/css/main.css"
    assert (manifest_served, css_served) == ("False", "True")
