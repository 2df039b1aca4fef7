"""After the day in the browser, on a phone-sized screen: staff check two of three registrants
in, issue certificates, the attendees' e-mails link to a PDF whose text names them (with
diacritics), the hours and the accreditation number; the verification page confirms it and a
made-up code is a 404. axe checks the check-in, certificate, manage and data pages."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from procrastinate.contrib.django import app
from procrastinate.testing import InMemoryConnector
from pypdf import PdfReader

from events.models import Certificate
from events.services.attendance import attendance_mark
from events.services.certificates import certificates_issue
from events.services.registration import registration_create
from events.tokens import registration_token
from tests.browser.support import axe_current_page, axe_failures, log_in
from tests.browser.test_events_flow import in_thread, links_in
from tests.events.conftest import run_jobs
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import UserFactory

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def queue():
    connector = InMemoryConnector()
    with app.replace_connector(connector):
        yield connector


def _school():
    start = timezone.now() - timedelta(hours=1)
    event = EventFactory(
        slug="skola-v-prohlizeci",
        title_cs="Jarní Škola Zdravých měst",
        title_en="Spring Healthy Cities School",
        start=start,
        end=start + timedelta(hours=8),
    )
    part = EventPartFactory(
        event=event,
        title_cs="Trénink veřejného projednávání",
        title_en="Training in public participation",
        capacity=20,
        accredited_programme="Místní Agenda 21 a Projekt Zdravé Město WHO",
        accreditation_number="AK/PV-123/2018",
        accredited_hours=7,
    )
    people = [
        ("Tereza Kořínská", "tereza@example.org", "cs"),
        ("Přemysl Šťovíček", "premysl@example.org", "en"),
        ("Ivana Hujerová", "ivana@example.org", "cs"),
    ]
    registrations = [
        in_thread(
            registration_create,
            event=event,
            parts=[part],
            name=name,
            email=email,
            organisation="Tachov",
            language=language,
            now=start - timedelta(days=1),
        )
        for name, email, language in people
    ]
    return event, part, registrations


def _staff():
    user = UserFactory(email="dvere.prohlizec@example.org")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["check_in", "add_certificate"])
    )
    return user


def test_check_in_on_a_phone_and_certificates_by_e_mail(page, queue, settings, live_server):
    settings.SITE_URL = live_server.url
    event, part, _registrations = _school()
    staff = _staff()
    page.set_viewport_size(PHONE)
    log_in(page, staff.email, language="cs")
    page.goto(f"/cs/akce/{event.slug}/prezence/{part.pk}/")
    expect(page.get_by_text("Přítomni: 0")).to_be_visible()

    # As you type, the list narrows (script); the button marks the person present.
    page.get_by_label("Jméno nebo organizace").fill("korinska")
    expect(page.get_by_role("button", name="Přítomen: Přemysl Šťovíček")).to_be_hidden()
    page.get_by_role("button", name="Přítomen: Tereza Kořínská").click()
    expect(page.get_by_text("Zapsáno jako přítomen/přítomna.")).to_be_visible()
    # Back on the list, still filtered by what was typed; she can be undone from here.
    expect(page).to_have_url(re.compile(r"\?q=korinska#r"))
    expect(page.get_by_role("button", name="Zrušit: Tereza Kořínská")).to_be_visible()
    expect(page.get_by_role("button", name="Přítomen: Ivana Hujerová")).to_have_count(0)
    # The search form works as a plain GET too.
    page.get_by_label("Jméno nebo organizace").fill("Šťovíček")
    page.get_by_label("Jméno nebo organizace").press("Enter")
    expect(page).to_have_url(re.compile(r"\?q="))
    page.get_by_role("button", name="Přítomen: Přemysl Šťovíček").click()
    page.goto(f"/cs/akce/{event.slug}/prezence/{part.pk}/")
    expect(page.locator("#check-in-counts")).to_contain_text("Přítomni: 2")
    expect(page.locator("#check-in-counts")).to_contain_text("Nepřišli: 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Všechny části, exporty a osvědčení").click()
    mail.outbox = []
    # First the review: who gets one, and a sample PDF that is stored and sent nowhere.
    page.get_by_role("link", name="Zkontrolovat a vydat osvědčení").click()
    recipients = page.get_by_role("table", name="Kdo dostane osvědčení")
    expect(recipients).to_contain_text("Tereza Kořínská")
    expect(recipients).to_contain_text("Přemysl Šťovíček")
    sample_link = page.get_by_role("link", name=re.compile("Stáhnout ukázku osvědčení"))
    sample = page.request.get(sample_link.get_attribute("href"))
    assert sample.status == 200 and sample.headers["content-type"] == "application/pdf"
    assert Certificate.objects.count() == 0
    page.get_by_role("button", name="Vydat osvědčení").click()
    expect(page.get_by_text("Vydáno osvědčení: 2.")).to_be_visible()
    run_jobs(queue)
    by_address = {m.to[0]: m for m in mail.outbox if "/pdf/" in m.body}
    assert set(by_address) == {"tereza@example.org", "premysl@example.org"}

    checks = {
        "tereza@example.org": ("Tereza Kořínská", "Osvědčení o účasti"),
        "premysl@example.org": ("Přemysl Šťovíček", "Certificate of attendance"),
    }
    for address, (name, title) in checks.items():
        links = links_in(by_address[address].body)
        pdf_link = next(link for link in links if "/pdf/" in link)
        response = page.request.get(pdf_link)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.body()))
        text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
        assert name in text and title in text
        assert "AK/PV-123/2018" in text and re.search(r"\b7\b", text)
        verify_link = next(
            link
            for link in links
            if ("/certifikat/" in link or "/certificate/" in link) and "/pdf/" not in link
        )
        page.goto(verify_link)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("main")).to_contain_text(name)
        expect(page.locator("main")).to_contain_text(
            re.compile("Toto osvědčení je pravé|This certificate is genuine")
        )
    made_up = page.goto("/cs/akce/certifikat/TohleJeVymyslenyKod1234567/")
    assert made_up.status == 404
    expect(page.locator("main")).to_contain_text("Zkontrolujte prosím")
    page.goto("/cs/akce/certifikat/")
    page.get_by_label("Ověřovací kód").fill(Certificate.objects.first().code)
    page.get_by_role("button", name="Ověřit").click()
    expect(page.locator("main")).to_contain_text("Toto osvědčení je pravé")
    assert page.request.get(pdf_link.replace("/pdf/", "/pdf/x")).status == 404
    assert page.foreign_requests == []


def test_after_the_day_pages_pass_axe(page, queue, settings, live_server):
    settings.SITE_URL = live_server.url
    event, part, registrations = _school()
    staff = _staff()
    in_thread(
        attendance_mark,
        part=part,
        registration_id=registrations[0].pk,
        present=True,
        user=staff,
    )
    in_thread(certificates_issue, event=event, user=staff)
    certificate = Certificate.objects.get()
    token = registration_token(registrations[0])
    public = {
        "cs": [
            f"/cs/akce/certifikat/{certificate.code}/",
            "/cs/akce/certifikat/",
            "/cs/akce/certifikat/?code=neni",
            f"/cs/akce/prihlaska/{token}/",
            f"/cs/akce/prihlaska/{token}/moje-udaje/",
        ],
        "en": [
            f"/en/events/certificate/{certificate.code}/",
            "/en/events/certificate/?code=none",
            f"/en/events/registration/{token}/",
            f"/en/events/registration/{token}/my-data/",
        ],
    }
    staff_pages = {
        # The check-in page last: the walk-in form below is sent from it.
        "cs": [
            f"/cs/akce/{event.slug}/prezence/certifikaty/",
            f"/cs/akce/{event.slug}/prezence/",
            f"/cs/akce/{event.slug}/prezence/{part.pk}/",
        ],
        "en": [
            f"/en/events/{event.slug}/attendance/certificates/",
            f"/en/events/{event.slug}/attendance/",
            f"/en/events/{event.slug}/attendance/{part.pk}/",
        ],
    }
    failures = []
    for language in ("cs", "en"):
        failures += axe_failures(page, public[language])
        log_in(page, staff.email, language=language)
        page.set_viewport_size(PHONE)
        failures += axe_failures(page, staff_pages[language])
        # The walk-in form sent empty: errors next to the fields.
        page.get_by_role("button", name=re.compile("Přihlásit a zapsat|Register and mark")).click()
        failures += axe_current_page(page, f"{language} walk-in form with errors")
        page.get_by_role("searchbox").fill("zzz")
        failures += axe_current_page(page, f"{language} check-in list filtered to nobody")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.context.clear_cookies()
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []
