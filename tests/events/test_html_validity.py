"""The event pages outside the sitemap (forms with errors, the manage and offer pages, the
colleagues form) pass the W3C Nu HTML checker, as the sitemap's pages do."""

import json
import shutil
import subprocess

import pytest

from events.links import address_token
from events.services.registration import registration_cancel, registration_create
from events.services.waiting_list import offer_claim
from events.tokens import registration_token
from tests.events.factories import EventFactory, EventPartFactory
from tests.network_portal.test_html_validity import VNU

pytestmark = pytest.mark.django_db


def test_event_forms_and_private_pages_pass_the_nu_html_checker(
    client, tmp_path, coordinator, member
):
    java = shutil.which("java")
    if not VNU.exists() or java is None:
        pytest.fail("The Nu HTML checker needs java and node_modules/vnu-jar (make test).")
    event = EventFactory(slug="html-akce")
    part = EventPartFactory(event=event, capacity=1, online_url="https://meet.example.org/a")
    holder = registration_create(event=event, parts=[part], name="A", email="a@example.org")
    waiting = registration_create(event=event, parts=[part], name="B", email="b@example.org")
    registration_cancel(registration=holder)
    token = registration_token(waiting)
    offer = waiting.parts.get()
    pages = {
        "form": client.get(f"/cs/akce/{event.slug}/registrace/"),
        "form-errors": client.post(f"/en/events/{event.slug}/register/", {"email": "x"}),
        "manage": client.get(f"/cs/akce/prihlaska/{token}/"),
        "offer": client.get(f"/en/events/registration/{token}/offer/{offer.pk}/"),
    }
    pages["data"] = client.get(f"/cs/akce/prihlaska/{token}/moje-udaje/")
    pages["sent"] = client.post(
        f"/cs/akce/{event.slug}/registrace/",
        {"parts": [part.pk], "name": "C", "email": "c@example.org", "privacy": "on"},
    )
    pages["cancel-confirm"] = client.post(f"/cs/akce/prihlaska/{token}/", {"action": "cancel"})
    pages["delete-confirm"] = client.get(f"/en/events/registration/{token}/delete/")
    pages["decline-confirm"] = client.post(
        f"/cs/akce/prihlaska/{token}/nabidka/{offer.pk}/", {"action": "decline"}
    )
    pages["links"] = client.get("/en/events/registration/links/")
    pages["links-sent"] = client.post("/cs/akce/prihlaska/odkazy/", {"email": "b@example.org"})
    pages["not-found"] = client.get("/cs/akce/prihlaska/1-nic/")
    address = address_token("b@example.org")
    pages["address"] = client.get(f"/cs/akce/prihlaska/adresa/{address}/")
    pages["address-delete"] = client.get(f"/en/events/registration/address/{address}/delete/")
    pages["address-expired"] = client.get("/cs/akce/prihlaska/adresa/stary/")
    # After the day: check-in, attendance, a certificate and its verification page.
    from django.contrib.auth.models import Permission

    from events.services.attendance import attendance_mark
    from events.services.certificates import certificates_issue
    from tests.factories import UserFactory

    staff = UserFactory(email="html.prezence@example.org")
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["check_in", "add_certificate"])
    )
    part.accredited_programme, part.accreditation_number, part.accredited_hours = "P", "AK/1", 4
    part.save()
    offer_claim(row=offer)
    attendance_mark(part=part, registration_id=waiting.pk, present=True, user=staff)
    certificates_issue(event=event, user=staff)
    code = waiting.certificates.get().code
    pages["certificate"] = client.get(f"/cs/akce/certifikat/{code}/")
    pages["manage-with-certificate"] = client.get(f"/en/events/registration/{token}/")
    client.force_login(staff)
    pages["attendance"] = client.get(f"/cs/akce/{event.slug}/prezence/")
    pages["check-in"] = client.get(f"/en/events/{event.slug}/attendance/{part.pk}/?q=B")
    walk_in = client.post(f"/cs/akce/{event.slug}/prezence/{part.pk}/", {"action": "walk-in"})
    assert walk_in.status_code == 400
    pages["check-in-errors"] = walk_in
    client.force_login(coordinator)
    pages["colleagues"] = client.get(f"/cs/akce/{event.slug}/registrace-kolegu/")
    pages["colleagues-errors"] = client.post(
        f"/en/events/{event.slug}/register-colleagues/", {"name_1": "X"}
    )
    pages["colleagues-done"] = client.post(
        f"/en/events/{event.slug}/register-colleagues/",
        {"parts": [part.pk], "member": member.pk, "name_1": "D", "email_1": "d@example.org"},
    )
    claim = registration_create(
        event=event, parts=[part], name="E", email="e@example.org", member=member
    )
    pages["member-registrations"] = client.get("/cs/akce/prihlasky-obce/")
    pages["member-registration"] = client.get(f"/en/events/our-registrations/{claim.pk}/")
    pages["member-registration-confirm"] = client.post(
        f"/cs/akce/prihlasky-obce/{claim.pk}/", {"action": "reject-member"}
    )
    for name, response in pages.items():
        assert response.status_code in (200, 400, 404), name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{message.get('url', '').rsplit('/', 1)[-1]}: {message.get('message')} "
        f"[{message.get('extract', '')!r}]"
        for message in messages
        if message.get("type") == "error"
    ]
    assert not errors, "\n".join(errors)
