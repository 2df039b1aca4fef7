"""The pages behind signed links and form states that the sitemap does not list (joining and
the newsletter), and the HTML of the digest and announcement mails, pass the Nu HTML checker."""

import json
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members import applications
from members.models import Region
from newsletter import services
from newsletter.digest import digests_send
from newsletter.models import Announcement, Subscriber
from newsletter.tokens import new_nonce
from tests.factories import MemberFactory
from tests.network_portal.test_html_validity import VNU
from tests.news.factories import ArticleFactory
from tests.pdfs import plain_pdf
from tests.support import run_jobs

pytestmark = pytest.mark.django_db


def _application():
    return applications.application_submit(
        data={
            "kind": "town",
            "name": "Rokycany",
            "ico": "00259586",
            "region": Region.objects.get(nuts3="CZ032"),
            "address": "Masarykovo nám. 1",
            "resolution_number": "1/2026",
            "resolution_date": timezone.localdate(),
            "politician_first_name": "Petr",
            "politician_last_name": "Vrána",
            "politician_position": "starosta",
            "politician_email": "p@example.org",
            "coordinator_first_name": "Tereza",
            "coordinator_last_name": "Kořínská",
            "coordinator_position": "koordinátorka",
            "coordinator_email": "k@example.org",
            "contact_name": "Jana",
            "contact_email": "j@example.org",
        },
        resolution=SimpleUploadedFile("u.pdf", plain_pdf(), "application/pdf"),
        language="cs",
    )


def test_joining_and_newsletter_pages_and_mails_pass_the_checker(
    client, staff_user, queue, tmp_path, monkeypatch
):
    from types import SimpleNamespace

    from network_portal import mail as mail_module

    monkeypatch.setattr(mail_module, "transaction", SimpleNamespace(on_commit=lambda f: f()))
    java = shutil.which("java")
    if not VNU.exists() or java is None:
        pytest.fail("The Nu HTML checker needs java and node_modules/vnu-jar (make test).")
    saved, folder = {}, tmp_path / "pages"
    folder.mkdir()

    def save(name, content):
        (folder / f"{name}.html").write_bytes(content)
        saved[f"{name}.html"] = name

    forms = {"cs": "/cs/clenove/clenstvi/prihlaska/", "en": "/en/members/membership/apply/"}
    for language, path in forms.items():
        response = client.post(path, {"ico": "123", "website": ""})
        assert response.status_code == 200
        save(f"apply-errors-{language}", response.content)
    returned = applications.application_return(
        application_id=_application().pk, user=staff_user, reason="Chybí datum."
    )
    save(
        "correction",
        client.get(re.sub(r"^https?://[^/]+", "", applications.correction_url(returned))).content,
    )
    save("thanks", client.get("/en/members/membership/thank-you/").content)

    plzen = Region.objects.get(nuts3="CZ032")
    subscriber = Subscriber.objects.create(
        email="eva@example.org",
        language="en",
        sections=["news"],
        token_nonce=new_nonce(),
        confirmed_at=timezone.now(),
        digest_until=timezone.now(),
    )
    for name, purpose in (
        ("confirm", "confirm"),
        ("manage", "manage"),
        ("data", "manage"),
        ("unsubscribe", "unsubscribe"),
    ):
        url = services.link(subscriber, f"newsletter:{name}", purpose)
        save(f"newsletter-{name}", client.get(re.sub(r"^https?://[^/]+", "", url)).content)
    save("check-mail", client.get("/cs/newsletter/zkontrolujte-e-mail/").content)
    save(
        "subscribe-errors",
        client.post("/en/newsletter/", {"email": "x", "website": ""}).content,
    )

    ArticleFactory(
        title_en="News <&> from Tachov",
        members=[MemberFactory(region=plzen)],
        published_at=timezone.now() + timedelta(minutes=1),
    )
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        assert digests_send() == 1
    announcement = Announcement.objects.create(subject="Jaro", body="Text\n\nhttps://example.org/")
    services.announcement_send(announcement_id=announcement.pk, user=staff_user)
    services.announcement_dispatch(announcement_id=announcement.pk)
    run_jobs(queue)
    html_mails = [message for message in mail.outbox if message.alternatives]
    assert len(html_mails) == 2  # the digest and the announcement
    for number, message in enumerate(html_mails):
        save(f"mail-{number}", message.alternatives[0][0].encode())

    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{saved.get(Path(m.get('url', '')).name, m.get('url'))}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(saved) == 12
    assert not errors, "\n".join(errors)
