"""Every page in the sitemap (and the main forms and list states) passes the W3C Nu HTML
checker with zero errors, in both languages.

The checker is the official vnu.jar from the npm registry (``package.json``; ``make test``
installs it), run once over all pages saved to a folder.
"""

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from members.models import Member
from network_portal.models import User

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
STATES = [
    "/cs/hledat/?q=mapa",
    "/en/search/?q=participation",
    "/cs/clenove/?kind=town&q=t",
    "/cs/dobra-praxe/?q=pocitove+mapy&topic=zdravi",
    "/cs/projekty/?status=finished&member=chrudim",
    "/en/news/?topic=sprava-a-uzemni-rozvoj&year=2022",
    "/cs/neexistuje/",
    "/cs/ucet/prihlaseni/",
    "/cs/pristupnost/",
    # Filters chosen (open groups, the count of chosen filters) and the past events.
    "/cs/akce/?kind=seminar&mode=in-person",
    "/en/events/?when=past",
    # The documents library searched in the PDFs' text, a type chosen.
    "/cs/dokumenty/?q=mapami&kind=methodology",
]
COORDINATOR_PAGES = [
    "/cs/clenove/tachov/upravit/",
    "/cs/dobra-praxe/novy/",
    "/en/members/my-municipality/",
]


def _sitemap_paths(client) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return sorted({urlsplit(node.text).path for node in root.findall("s:url/s:loc", namespace)})


def _save(client, paths, folder: Path, prefix: str) -> dict[str, str]:
    saved = {}
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        name = f"{prefix}{number:04d}.html"
        (folder / name).write_bytes(response.content)
        saved[name] = path
    return saved


def test_every_page_passes_the_nu_html_checker(client, settings, tmp_path, monkeypatch):
    """Zero errors from the Nu HTML checker on the sitemap, list states and coordinator forms."""
    java = shutil.which("java")
    if not VNU.exists() or java is None:
        pytest.fail("The Nu HTML checker needs java and node_modules/vnu-jar (make test).")
    settings.DEBUG = True  # demo accounts
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    saved = _save(client, _sitemap_paths(client) + STATES, tmp_path, "public")
    coordinator = User.objects.get(email="koordinator.tachov@example.org")
    assert Member.objects.editable_by(coordinator).exists()
    # The directory of a big network: the map counts members by region.
    monkeypatch.setattr("members.maps.MAX_POINTS", 2)
    saved |= _save(client, ["/cs/clenove/", "/en/members/?kind=town"], tmp_path, "clustered")
    monkeypatch.undo()
    # A form sent empty: the error summary takes the focus.
    response = client.post("/en/accessibility/", {})
    assert b"error-summary" in response.content
    (tmp_path / "form-errors.html").write_bytes(response.content)
    saved["form-errors.html"] = "/en/accessibility/ (POST)"
    client.force_login(coordinator)
    saved |= _save(client, COORDINATOR_PAGES, tmp_path, "coordinator")
    # A canary: proves the checker ran and reports errors the way this test reads them.
    (tmp_path / "canary.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><input type="text" type="search"></body></html>'
    )
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{saved.get(Path(message.get('url', '')).name, message.get('url'))}: "
        f"{message.get('message')} [{message.get('extract', '')!r}]"
        for message in messages
        if message.get("type") == "error"
    ]
    canary = [error for error in errors if "canary.html" in error]
    assert len(canary) == 1 and "Duplicate attribute" in canary[0]
    errors.remove(canary[0])
    assert len(saved) > 40
    assert not errors, "\n".join(errors)
