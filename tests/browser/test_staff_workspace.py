"""The staff workspace in the browser, as network staff with the keyboard only (Tab, Enter,
Space, arrows and typing; a file chosen for the upload field), with axe on every page visited:
the dashboard's waiting work leads to the records; an event with two parts made in one pass
with its dates checked; a project saved as a draft is public nowhere until published; a
funder's logo uploaded and shown with the acknowledgement; certificates reviewed, issued, and
their PDF signed and carrying a QR code that decodes to the verification page."""

import io
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image
from playwright.sync_api import expect
from procrastinate.contrib.django import app
from procrastinate.testing import InMemoryConnector
from pypdf import PdfReader

from events.models import Event, Registration, RegistrationPart
from events.services.attendance import attendance_mark
from events.services.registration import registration_create
from events.tokens import new_nonce
from goodpractice.models import Practice
from projects.models import Project
from tests.browser.support import axe_current_page, log_in, tab_to
from tests.browser.test_events_flow import in_thread, links_in
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import MemberFactory
from tests.goodpractice.factories import PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import FunderFactory
from tests.support import pdf_qr_codes, run_jobs


@pytest.fixture
def queue():
    connector = InMemoryConnector()
    with app.replace_connector(connector):
        yield connector


@pytest.fixture
def visitor(browser, live_server):
    """A second tab without anyone logged in: what the public sees."""
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    yield context.new_page()
    context.close()


# --- the keyboard ---------------------------------------------------------------------------
def focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def skip_to_content(page):
    """The admin's first stop is "Skip to main content": past the navigation in one Enter
    (an add form has already put the focus in its first field)."""
    if page.evaluate("document.activeElement.closest('#content-main') !== null"):
        return
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Přeskočit na hlavní obsah")
    assert focused(skip)
    page.keyboard.press("Enter")


def type_into(page, locator, text):
    """Tab to a field, select what it holds and type over it."""
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def submit(page, button):
    """Tab to a form's button and press Enter; wait for the page that answers."""
    tab_to(page, button)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def axe(page, label: str) -> list[str]:
    """axe's violations once the page has loaded (the admin names its script-made controls
    on load)."""
    page.wait_for_load_state("load")
    return axe_current_page(page, label)


def activate(page, locator):
    tab_to(page, locator)
    page.keyboard.press("Enter")


def expect_saved(page, title):
    """The admin's "was added/changed" message naming ``title``, and no error on the form."""
    page.wait_for_load_state("load")
    errors = page.evaluate(
        """[...document.querySelectorAll('.errornote, .errorlist')].map(
            error => error.parentElement.outerHTML.slice(0, 400))"""
    )
    assert not errors, "\n".join(errors)
    expect(page.locator(".messagelist")).to_contain_text(title)


def local_day(days: int) -> datetime:
    return timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(
        days=days
    )


def typed_date(moment) -> str:
    return f"{moment:%d.%m.%Y}"


# --- the dashboard --------------------------------------------------------------------------
def test_the_dashboard_leads_to_the_waiting_records(page, staff_user):
    """A pending approval, an example to review and a scheduled article made here are listed;
    each link, followed by keyboard, opens its record."""
    event = EventFactory(title_cs="Podzimní setkání koordinátorů", start=timezone.now())
    part = EventPartFactory(event=event, title_cs="Dopolední blok")
    registration = Registration.objects.create(
        event=event,
        name="Alžběta Čekající",
        email="alzbeta@example.org",
        member=MemberFactory(),
        token_nonce=new_nonce(),
    )
    RegistrationPart.objects.create(
        registration=registration,
        part=part,
        email=registration.email,
        status=RegistrationPart.Status.PENDING,
    )
    PracticeFactory(
        title_cs="Komunitní zahrady v Kolíně",
        status=Practice.Status.SUBMITTED,
        published_at=None,
    )
    ArticleFactory(
        title_cs="Pozvánka na jarní školu",
        published_at=timezone.now() + timedelta(days=3),
    )
    failures = []
    log_in(page, staff_user.email)
    page.goto("/cs/sprava/")
    failures += axe(page, "admin index")
    skip_to_content(page)
    activate(page, page.get_by_role("link", name=re.compile("Dnešní práce")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dnešní práce")
    failures += axe(page, "dashboard")

    records = [
        ("Alžběta Čekající – Podzimní setkání koordinátorů", "Alžběta Čekající"),
        ("Komunitní zahrady v Kolíně", "Komunitní zahrady v Kolíně"),
        ("Pozvánka na jarní školu", "Pozvánka na jarní školu"),
    ]
    for link_text, shown in records:
        skip_to_content(page)
        activate(page, page.get_by_role("link", name=link_text, exact=True))
        expect(page.locator("#content")).to_contain_text(shown)
        failures += axe(page, f"record of {link_text}")
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dnešní práce")
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []


# --- an event with two parts ----------------------------------------------------------------
def test_an_event_with_two_parts_in_one_pass_with_its_dates_checked(page, visitor, staff_user):
    """The event and both parts typed in one form; its end a day after the last part's is
    refused naming both ranges; corrected, it is saved and public with both parts."""
    first, second = local_day(40), local_day(41)
    failures = []
    log_in(page, staff_user.email)
    page.goto("/cs/sprava/events/event/add/")
    skip_to_content(page)
    tab_to(page, page.locator("#id_kind"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_kind")).not_to_have_value("")
    tab_to(page, page.locator("#id_status"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_status")).to_have_value(Event.Status.PUBLISHED)
    type_into(page, page.locator("#id_title_cs"), "Jarní škola v Kolíně")
    type_into(page, page.locator("#id_summary_cs"), "Dva dny o zdraví ve městě.")
    expect(page.locator("#id_slug")).to_have_value("jarni-skola-v-koline")
    type_into(page, page.locator("#id_start_0"), typed_date(first))
    type_into(page, page.locator("#id_start_1"), "09:00")
    type_into(page, page.locator("#id_end_0"), typed_date(second + timedelta(days=1)))
    type_into(page, page.locator("#id_end_1"), "16:00")
    type_into(page, page.get_by_label("Místo konání [cs]:"), "Městský úřad Kolín")
    for index, (day, title) in enumerate(((first, "První den"), (second, "Druhý den"))):
        if index:
            activate(page, page.get_by_role("button", name="Přidat Část akce"))
        prefix = f"#id_parts-{index}-"
        type_into(page, page.locator(f"{prefix}title_cs"), title)
        type_into(page, page.locator(f"{prefix}start_0"), typed_date(day))
        type_into(page, page.locator(f"{prefix}start_1"), "09:00")
        type_into(page, page.locator(f"{prefix}end_0"), typed_date(day))
        type_into(page, page.locator(f"{prefix}end_1"), "16:00")
    failures += axe(page, "event add form, filled")
    submit(page, page.get_by_role("button", name="Uložit", exact=True))

    error = page.locator(".errornote, .errorlist").filter(has_text="Akce trvá")
    too_late = (second + timedelta(days=1)).date()
    expect(error).to_contain_text(
        f"Akce trvá {date_format(first.date())} – {date_format(too_late)}"
    )
    expect(page.locator(".errorlist")).to_have_count(1)
    expect(error).to_contain_text(
        f"části {date_format(first.date())} – {date_format(second.date())}"
    )
    assert not Event.objects.filter(slug="jarni-skola-v-koline").exists()
    failures += axe(page, "event add form with the dates refused")

    skip_to_content(page)
    type_into(page, page.locator("#id_end_0"), typed_date(second))
    submit(page, page.get_by_role("button", name="Uložit", exact=True))
    expect_saved(page, "Jarní škola v Kolíně")
    event = Event.objects.get(slug="jarni-skola-v-koline")
    assert [part.title_cs for part in event.parts.order_by("start")] == ["První den", "Druhý den"]
    assert timezone.localdate(event.end) == second.date()

    visitor.goto(event.get_absolute_url())
    main = visitor.locator("main")
    expect(main).to_contain_text("Jarní škola v Kolíně")
    expect(main).to_contain_text("První den")
    expect(main).to_contain_text("Druhý den")
    failures += axe(visitor, "public event page")
    assert not failures, "\n".join(failures)


# --- a draft project, then published, with its funder's logo --------------------------------
def _png(path):
    Image.new("RGB", (240, 96), (0, 70, 150)).save(path, format="PNG")
    return path


def test_a_draft_project_is_public_nowhere_until_published_and_shows_the_funder_logo(
    page, visitor, staff_user, tmp_path
):
    funder = FunderFactory(
        name_cs="Fondy EHP a Norska",
        name_en="EEA and Norway Grants",
        slug="ehp-norsko",
        acknowledgement_cs="Projekt je podpořen z Fondů EHP a Norska.",
    )
    failures = []
    log_in(page, staff_user.email)
    page.goto("/cs/sprava/projects/project/add/")
    skip_to_content(page)
    expect(page.locator("#id_publication")).to_have_value(Project.Publication.DRAFT)
    type_into(page, page.locator("#id_name_cs"), "Zelené střechy pro Kolín")
    type_into(page, page.locator("#id_acronym"), "ZELSTR")
    expect(page.locator("#id_slug")).to_have_value("zelstr")
    type_into(page, page.locator("#id_summary_cs"), "Střechy, které chladí město.")
    type_into(page, page.locator("#id_start"), "01.04.2026")
    type_into(page, page.locator("#id_lead_organisation_cs"), "Město Kolín")
    # The funder through the autocomplete: type, wait for the suggestion, Enter.
    funders = page.locator("#id_funders + .select2 .select2-search__field")
    tab_to(page, funders)
    page.keyboard.type("EHP")
    expect(page.get_by_role("option", name="Fondy EHP a Norska")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#id_funders")).to_have_values([str(funder.pk)])
    failures += axe(page, "project add form, filled")
    submit(page, page.get_by_role("button", name="Uložit a pokračovat v úpravách"))
    expect_saved(page, "Zelené střechy pro Kolín")
    project = Project.objects.get(slug="zelstr")
    assert project.publication == Project.Publication.DRAFT
    failures += axe(page, "project change form")

    # A draft: no page, not in the list.
    assert visitor.goto(project.get_absolute_url()).status == 404
    visitor.goto("/cs/projekty/")
    expect(visitor.locator("main")).not_to_contain_text("Zelené střechy pro Kolín")

    skip_to_content(page)
    tab_to(page, page.locator("#id_publication"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_publication")).to_have_value(Project.Publication.PUBLISHED)
    submit(page, page.get_by_role("button", name="Uložit", exact=True))
    expect_saved(page, "Zelené střechy pro Kolín")

    # The funder's logo, uploaded in the funder's admin.
    page.goto(f"/cs/sprava/projects/funder/{funder.pk}/change/")
    failures += axe(page, "funder change form")
    skip_to_content(page)
    upload = page.locator("#id_logo_upload")
    tab_to(page, upload)
    upload.set_input_files(_png(tmp_path / "ehp-logo.png"))
    submit(page, page.get_by_role("button", name="Uložit a pokračovat v úpravách"))
    expect_saved(page, "Fondy EHP a Norska")
    expect(page.locator(".field-logo_preview img")).to_be_visible()
    failures += axe(page, "funder change form with its logo")

    article = ArticleFactory(title_cs="Zelené střechy rostou", projects=[project])
    for label, url in (
        ("project", project.get_absolute_url()),
        ("article", article.get_absolute_url()),
    ):
        assert visitor.goto(url).status == 200, label
        acknowledgement = visitor.locator("section.acknowledgement")
        expect(acknowledgement).to_contain_text("Projekt je podpořen z Fondů EHP a Norska.")
        logo = acknowledgement.get_by_role("img", name="Logo: Fondy EHP a Norska")
        expect(logo).to_be_visible()
        assert logo.evaluate("image => image.complete && image.naturalWidth > 0"), label
        failures += axe(visitor, f"public {label} page")
    visitor.goto("/cs/projekty/")
    expect(visitor.locator("main")).to_contain_text("Zelené střechy pro Kolín")
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []


# --- certificates ---------------------------------------------------------------------------
def _school(staff):
    """An accredited day under way, two people present (one Czech, one English)."""
    start = timezone.now() - timedelta(hours=1)
    event = EventFactory(
        slug="skola-osvedceni",
        title_cs="Letní škola Zdravých měst",
        title_en="Summer Healthy Cities School",
        start=start,
        end=start + timedelta(hours=8),
        venue_name_cs="Hotel Slavia",
        venue_address="Praha 2",
    )
    part = EventPartFactory(
        event=event,
        title_cs="Zdravé plánování",
        title_en="Healthy planning",
        accredited_programme="Místní Agenda 21 a Projekt Zdravé Město WHO",
        accreditation_number="AK/PV-789/2026",
        accredited_hours=6,
    )
    people = [
        ("Radka Šťovíčková", "radka@example.org", "cs"),
        ("Oliver Brown", "oliver@example.org", "en"),
    ]
    for name, email, language in people:
        registration = in_thread(
            registration_create,
            event=event,
            parts=[part],
            name=name,
            email=email,
            organisation="Kolín",
            language=language,
            now=start - timedelta(days=1),
        )
        in_thread(
            attendance_mark,
            part=part,
            registration_id=registration.pk,
            present=True,
            user=staff,
        )
    return event


def _pdf(page, url):
    response = page.request.get(url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(pdf_page.extract_text() for pdf_page in reader.pages).split())


def test_certificates_reviewed_issued_signed_and_verified_by_their_qr_code(
    page, staff_user, queue, settings, live_server
):
    """Staff set the signatory, review who gets a certificate and a sample, issue; each PDF
    names the signatory in its language, and its QR code decodes to the verification page."""
    settings.SITE_URL = live_server.url
    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["check_in", "add_certificate"])
    )
    event = _school(staff_user)
    failures = []
    log_in(page, staff_user.email)
    page.goto(f"/cs/sprava/events/event/{event.pk}/change/")
    skip_to_content(page)
    type_into(page, page.get_by_label("Osvědčení podepisuje:"), "Mgr. Petra Rendlová")
    type_into(page, page.get_by_label("Funkce podepisující osoby [cs]:"), "ředitelka kanceláře")
    type_into(page, page.get_by_label("Funkce podepisující osoby [en]:"), "Director of the Office")
    submit(page, page.get_by_role("button", name="Uložit a pokračovat v úpravách"))
    expect_saved(page, "Letní škola Zdravých měst")

    page.goto(f"/cs/akce/{event.slug}/prezence/certifikaty/")
    recipients = page.get_by_role("table", name="Kdo dostane osvědčení")
    expect(recipients).to_contain_text("Radka Šťovíčková")
    expect(recipients).to_contain_text("Oliver Brown")
    failures += axe(page, "certificates review")
    sample_link = page.get_by_role("link", name=re.compile("Stáhnout ukázku osvědčení"))
    tab_to(page, sample_link)
    sample = _pdf_text(_pdf(page, sample_link.get_attribute("href")))
    assert "Mgr. Petra Rendlová" in sample and "ředitelka kanceláře" in sample
    assert event.certificates.count() == 0

    mail.outbox = []
    submit(page, page.get_by_role("button", name="Vydat osvědčení"))
    expect(page.get_by_text("Vydáno osvědčení: 2.")).to_be_visible()
    failures += axe(page, "certificates issued")
    run_jobs(queue)
    by_address = {message.to[0]: message for message in mail.outbox if "/pdf/" in message.body}
    assert set(by_address) == {"radka@example.org", "oliver@example.org"}

    expected = {
        "radka@example.org": ("Radka Šťovíčková", "ředitelka kanceláře", "/cs/akce/certifikat/"),
        "oliver@example.org": ("Oliver Brown", "Director of the Office", "/en/events/certificate/"),
    }
    for address, (name, role, verification_path) in expected.items():
        pdf_link = next(link for link in links_in(by_address[address].body) if "/pdf/" in link)
        pdf = _pdf(page, pdf_link)
        text = _pdf_text(pdf)
        assert name in text and "Mgr. Petra Rendlová" in text and role in text, text
        code = event.certificates.get(registration__email=address).code
        assert pdf_qr_codes(pdf) == [f"{live_server.url}{verification_path}{code}/"]

        page.goto(pdf_qr_codes(pdf)[0])
        expect(page.locator("main")).to_contain_text(name)
        expect(page.locator("main")).to_contain_text(
            re.compile("Toto osvědčení je pravé|This certificate is genuine")
        )
        failures += axe(page, f"verification page ({address})")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []
