"""Certificates before they are sent and after: the preview of who gets one, the sample PDF
(stored nowhere, mailed to nobody), what the PDF says (place, signatory), the QR code of the
verification address, and the public form to type a code with its "not found" page."""

# The fixtures of test_after (an accredited school, its registrants, door staff) are imported.
# ruff: noqa: F811

import pytest
import segno

from events.certificate_pdf import render_html, verification_qr
from events.links import verification_url
from events.models import Certificate, Registration
from events.services.attendance import attendance_mark
from events.services.certificates import SAMPLE_CODE, certificates_issue, certificates_plan
from tests.events.conftest import run_jobs
from tests.events.factories import EventFactory
from tests.events.test_after import _pdf_text, door_staff, registrants, school  # noqa: F401
from tests.support import pdf_qr_codes

pytestmark = pytest.mark.django_db


def _present(part, people, user):
    for person in people:
        attendance_mark(part=part, registration_id=person.pk, present=True, user=user)


def _with_signatory(event):
    event.venue_name = "Hotel Slavia"
    event.venue_address = "Praha 2"
    event.certificate_signatory_name = "Mgr. Petra Rendlová"
    event.certificate_signatory_role = "ředitelka kanceláře NSZM"
    event.save()


def test_preview_lists_who_gets_a_certificate_new_changed_unchanged(
    client, school, registrants, door_staff
):
    """The GET page lists every recipient with new / changed / unchanged, sends nothing."""
    event, part = school
    jiri, eva, _karel = registrants
    _present(part, [jiri, eva], door_staff)
    client.force_login(door_staff)
    url = f"/cs/akce/{event.slug}/prezence/certifikaty/"
    page = client.get(url).content.decode()
    assert "Jiří Šťastný" in page and "Eva Malá" in page and "Karel Žák" not in page
    assert page.count(">nové<") == 2
    assert f"/cs/akce/{event.slug}/prezence/certifikaty/ukazka.pdf" in page
    assert Certificate.objects.count() == 0

    certificates_issue(event=event, user=door_staff)
    Registration.objects.filter(pk=jiri.pk).update(name="Jiří Šťastný ml.")
    page = client.get(url).content.decode()
    assert "Jiří Šťastný ml." in page and "změněné: nahradí dříve vydané" in page
    assert "beze změny: nic se neposílá" in page
    english = client.get(f"/en/events/{event.slug}/attendance/certificates/").content.decode()
    assert "changed: replaces the one issued before" in english
    assert "Issuing now sends 1 certificate by e-mail." in english


def test_sample_pdf_is_neither_stored_nor_mailed(
    client, school, registrants, door_staff, queue, mailoutbox
):
    """The sample is the first recipient's certificate with a sample code; no row, no mail."""
    event, part = school
    _with_signatory(event)
    _present(part, registrants[:2], door_staff)
    client.force_login(door_staff)
    response = client.get(f"/cs/akce/{event.slug}/prezence/certifikaty/ukazka.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Jiří Šťastný" in text and "Mgr. Petra Rendlová" in text
    assert SAMPLE_CODE in text
    run_jobs(queue)
    assert Certificate.objects.count() == 0 and mailoutbox == []


def test_sample_needs_the_permission(client, school, registrants, coordinator, door_staff):
    event, part = school
    _present(part, registrants[:1], door_staff)
    client.force_login(coordinator)
    assert client.get(f"/cs/akce/{event.slug}/prezence/certifikaty/ukazka.pdf").status_code == 403


def test_issued_pdf_holds_place_signatory_logo_and_qr_code(
    school, registrants, door_staff, settings
):
    """The PDF names the place and the signatory; the HTML it comes from inlines the logo and
    the QR code of the verification address (no URL is fetched)."""
    settings.SITE_URL = "https://portal.example.org"
    event, part = school
    _with_signatory(event)
    _present(part, registrants[:2], door_staff)
    certificates_issue(event=event, user=door_staff)
    certificate = Certificate.objects.get(registration=registrants[0])
    assert certificate.place == "Hotel Slavia, Praha 2"
    text = _pdf_text(bytes(certificate.pdf))
    for words in ("Mgr. Petra Rendlová", "ředitelka kanceláře NSZM", "Hotel Slavia, Praha 2"):
        assert words in text
    assert "Místo konání" in text

    address = f"https://portal.example.org/cs/akce/certifikat/{certificate.code}/"
    assert verification_url(certificate) == address
    # Decoded from the rendered page, as a phone would read it.
    assert pdf_qr_codes(bytes(certificate.pdf)) == [address]
    # The code we embed is the one segno makes of the address, inline in the page.
    qr = verification_qr(certificate)
    assert qr.matrix == segno.make(address, error="m", micro=False).matrix
    assert qr.designator.endswith("-M")
    html = render_html(certificate)
    assert segno.make(address, error="m", micro=False).svg_inline(scale=3, border=0) in html
    assert 'aria-label="Zdravá města"' in html  # the logo, inline
    assert "http" not in html.replace(address, "").replace("http://www.w3.org/2000/svg", "")


def test_without_signatory_the_office_signs(school, registrants, door_staff):
    event, part = school
    _present(part, registrants[1:2], door_staff)
    certificates_issue(event=event, user=door_staff)
    text = _pdf_text(bytes(Certificate.objects.get().pdf))
    assert "Office of the National Healthy Cities Network" in " ".join(text.split())


def test_a_new_signatory_does_not_reissue(school, registrants, door_staff):
    """Issuing again after the signatory changed mails nobody: only the person's own data
    (name, parts) makes a certificate change."""
    event, part = school
    _present(part, registrants[:1], door_staff)
    assert certificates_issue(event=event, user=door_staff) == 1
    _with_signatory(event)
    assert [item.status for item in certificates_plan(event)] == ["unchanged"]
    assert certificates_issue(event=event, user=door_staff) == 0


def test_code_form_finds_a_certificate_and_explains_a_wrong_code(
    client, school, registrants, door_staff
):
    event, part = school
    _present(part, registrants[:1], door_staff)
    certificates_issue(event=event, user=door_staff)
    certificate = Certificate.objects.get()

    form = client.get("/cs/akce/certifikat/")
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    typed = f" {certificate.code[:10]} {certificate.code[10:]} "
    found = client.get("/cs/akce/certifikat/", {"code": typed})
    assert found.status_code == 302
    assert found["Location"] == f"/cs/akce/certifikat/{certificate.code}/"
    page = client.get(found["Location"]).content.decode()
    assert "<dt>Jméno</dt>" in page and "Název" not in page
    assert (
        "<dt>Name</dt>"
        in client.get(f"/en/events/certificate/{certificate.code}/").content.decode()
    )

    missing = client.get("/cs/akce/certifikat/", {"code": certificate.code[:-1] + "?"})
    assert missing.status_code == 404
    text = missing.content.decode()
    assert "Osvědčení nenalezeno" in text and "24 znaků" in text and 'name="code"' in text
    wrong = client.get("/en/events/certificate/not-a-code/")
    assert wrong.status_code == 404 and "24 characters" in wrong.content.decode()


def test_admin_action_leads_to_the_review_page(client, school, staff_user):
    """The admin's action issues nothing itself: one event goes to its review page."""
    event, _part = school
    client.force_login(staff_user)
    url = "/cs/sprava/events/event/"
    response = client.post(url, {"action": "issue_certificates", "_selected_action": [event.pk]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/akce/{event.slug}/prezence/certifikaty/")
    other = EventFactory(slug="druha-akce")
    response = client.post(
        url, {"action": "issue_certificates", "_selected_action": [event.pk, other.pk]}
    )
    assert response.status_code == 302 and response["Location"].endswith(url)
    assert Certificate.objects.count() == 0
