"""Joining in the browser, by keyboard: an application with its PDF resolution (a wrong IČO
first: the error sits next to the field and the PDF need not be chosen again), approved by
staff in the admin (member and roles created, the coordinator's invitation sent); and a
returned application answered by the applicant through the link in the mail. axe on every
page on the way, in Czech and in English."""

import re

from django.core import mail
from playwright.sync_api import expect

from members.models import Member, MembershipApplication, Region, Role, ico_with_check_digit
from tests.browser.support import axe_current_page, log_in, tab_to
from tests.factories import UserFactory
from tests.pdfs import plain_pdf
from tests.support import run_jobs

ICO = ico_with_check_digit(2_595)
STAFF = "prijem.prihlasek@example.org"


def type_into(page, field_id, text):
    locator = page.locator(f"#{field_id}")
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page, field_id, value):
    locator = page.locator(f"#{field_id}")
    tab_to(page, locator)
    locator.select_option(value)  # the browser's own list, opened from the keyboard


def fill_application(page, tmp_path, *, ico):
    choose(page, "id_kind", "town")
    type_into(page, "id_ico", ico)
    type_into(page, "id_name", "Rokycany")
    region = page.locator("#id_region")
    tab_to(page, region)
    region.select_option(str(Region.objects.get(nuts3="CZ032").pk))
    type_into(page, "id_address", "Masarykovo nám. 1, 337 01 Rokycany")
    type_into(page, "id_resolution_number", "ZM/45/2026")
    date = page.locator("#id_resolution_date")
    tab_to(page, date)
    date.fill("2026-11-16")  # the date widget takes its value as one piece
    pdf = tmp_path / "usneseni.pdf"
    pdf.write_bytes(plain_pdf())
    upload = page.locator("#id_resolution")
    tab_to(page, upload)
    upload.set_input_files(str(pdf))  # stands in for the system's file dialog
    for prefix, first, last, position, email in (
        ("politician", "Petr", "Vrána", "starosta", "starosta@rokycany.example.org"),
        ("coordinator", "Tereza", "Kořínská", "koordinátorka", "zdrave.mesto@rokycany.example.org"),
    ):
        type_into(page, f"id_{prefix}_title", "Mgr.")
        type_into(page, f"id_{prefix}_first_name", first)
        type_into(page, f"id_{prefix}_last_name", last)
        type_into(page, f"id_{prefix}_position", position)
        type_into(page, f"id_{prefix}_email", email)
    type_into(page, "id_contact_name", "Jana Nová")
    type_into(page, "id_contact_email", "jana.nova@rokycany.example.org")
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")


def submit(page, name):
    tab_to(page, page.get_by_role("button", name=name))
    page.keyboard.press("Enter")


def test_application_with_pdf_approved_by_staff(page, queue, settings, live_server, tmp_path):
    """Czech applicant → wrong IČO shown at the field, PDF kept → sent → staff approve in the
    admin → new unpublished member, roles from the resolution's date, the invitation mailed."""
    settings.SITE_URL = live_server.url
    mail.outbox = []
    UserFactory(email=STAFF, is_staff=True, is_superuser=True)
    failures = []

    page.goto("/cs/clenove/clenstvi/")
    expect(page.get_by_role("heading", name="Vstup do sítě", level=1)).to_be_visible()
    failures += axe_current_page(page, "membership cs")
    tab_to(page, page.get_by_role("link", name="Vyplnit přihlášku"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Přihláška do sítě", level=1)).to_be_visible()
    failures += axe_current_page(page, "form cs")

    fill_application(page, tmp_path, ico=ICO[:-1] + str((int(ICO[-1]) + 1) % 10))
    submit(page, "Odeslat přihlášku")
    expect(page.locator("#id_ico_error")).to_contain_text("IČO")
    expect(page.locator("#id_address")).to_have_value("Masarykovo nám. 1, 337 01 Rokycany")
    expect(page.locator("#id_coordinator_last_name")).to_have_value("Kořínská")
    expect(page.locator("#kept-resolution")).to_be_visible()
    failures += axe_current_page(page, "form with errors cs")
    type_into(page, "id_ico", ICO)
    submit(page, "Odeslat přihlášku")
    expect(page.get_by_role("heading", name="Děkujeme za přihlášku")).to_be_visible()
    failures += axe_current_page(page, "thanks cs")

    application = MembershipApplication.objects.get()
    assert application.resolution_file.name.startswith("members/applications/")
    run_jobs(queue)
    assert [m.to for m in mail.outbox] == [["jana.nova@rokycany.example.org"]]
    assert mail.outbox[0].subject == "Vaši přihlášku do sítě jsme přijali"

    # Staff review it in the admin: the list of waiting applications, the review page.
    log_in(page, STAFF, language="en")
    page.goto("/en/sprava/members/membershipapplication/?state__exact=submitted")
    page.get_by_role("link", name=re.compile("Rokycany")).first.click()
    page.get_by_role("link", name="Review").click()
    expect(page.get_by_role("heading", name="Review the application of Rokycany")).to_be_visible()
    submit(page, "Approve")
    expect(page.get_by_text("The application was approved")).to_be_visible()

    member = Member.objects.get(ico=ICO)
    assert member.status == Member.Status.NEW
    roles = {
        role.kind: role for role in Role.objects.filter(member=member).select_related("person")
    }
    assert roles["politician"].person.full_name == "Mgr. Petr Vrána"
    assert roles["coordinator"].start.isoformat() == "2026-11-16"
    assert page.goto(f"/cs/clenove/{member.slug}/").status == 404  # not published yet

    mail.outbox = []
    run_jobs(queue)
    (invitation,) = [m for m in mail.outbox if m.to == ["zdrave.mesto@rokycany.example.org"]]
    assert "/cs/clenove/pozvanka/" in invitation.body
    (approved,) = [m for m in mail.outbox if m.to == ["jana.nova@rokycany.example.org"]]
    assert approved.subject == "Vaše přihláška do sítě byla schválena"
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []


def test_returned_application_answered_by_the_applicant(
    page, queue, settings, live_server, tmp_path
):
    """English applicant → staff return it with a reason → the mail's link opens the filled
    form with the reason → the applicant corrects and resubmits → waiting for review again."""
    settings.SITE_URL = live_server.url
    mail.outbox = []
    UserFactory(email=STAFF, is_staff=True, is_superuser=True)
    failures = []

    page.goto("/en/members/membership/apply/")
    failures += axe_current_page(page, "form en")
    fill_application(page, tmp_path, ico=ICO)
    submit(page, "Send the application")
    expect(page.get_by_role("heading", name="Thank you for your application")).to_be_visible()
    application = MembershipApplication.objects.get()
    assert application.language == "en"

    log_in(page, STAFF, language="en")
    page.goto(f"/en/sprava/members/membershipapplication/{application.pk}/review/")
    type_into(page, "id_reason", "The resolution number is missing its year.")
    submit(page, "Return to the applicant")
    expect(page.get_by_text("The application was returned to the applicant.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    run_jobs(queue)
    (returned,) = [m for m in mail.outbox if "correction" in m.subject]
    link = re.search(r"https?://\S+/en/members/membership/application/\S+", returned.body)[0]
    page.goto(link)
    expect(page.get_by_role("heading", name="Correct the membership application")).to_be_visible()
    expect(page.get_by_text("The resolution number is missing its year.")).to_be_visible()
    expect(page.locator("#id_coordinator_last_name")).to_have_value("Kořínská")
    failures += axe_current_page(page, "correction en")
    type_into(page, "id_resolution_number", "ZM/45/2026-11")
    submit(page, "Send the corrected application")
    expect(page.get_by_role("heading", name="Thank you for your application")).to_be_visible()

    application.refresh_from_db()
    assert application.state == MembershipApplication.State.SUBMITTED
    assert application.resolution_number == "ZM/45/2026-11"
    assert page.goto(link).status == 404  # the link has done its job
    assert not failures, "\n".join(failures)


def test_form_offers_the_name_from_the_register(page):
    """After the IČO, the form offers the name the register knows; a button (reached by Tab)
    fills it in with the kind and region, and moves the focus to the name."""
    from tests.factories import MemberFactory

    MemberFactory(
        name="Rokycany",
        slug="rokycany",
        ico=ICO,
        kind="town",
        status=Member.Status.FORMER,
        region=Region.objects.get(nuts3="CZ032"),
    )
    page.goto("/en/members/membership/apply/")
    type_into(page, "id_ico", ICO)
    page.keyboard.press("Tab")
    expect(page.get_by_text("Our register knows this IČO: Rokycany")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Use this name"))
    page.keyboard.press("Enter")
    expect(page.locator("#id_name")).to_have_value("Rokycany")
    expect(page.locator("#id_name")).to_be_focused()
    expect(page.locator("#id_kind")).to_have_value("town")
    failures = axe_current_page(page, "offer en")
    assert not failures, "\n".join(failures)
