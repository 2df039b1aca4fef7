"""In the browser: staff invite the coordinator of Tachov, who sets a password, logs in and
edits Tachov's profile (English UI throughout)."""

import re

from django.core import mail
from playwright.sync_api import expect

from members.models import Member, Region
from tests.browser.support import log_in
from tests.factories import PASSWORD, MemberFactory, UserFactory
from tests.support import run_jobs

COORDINATOR = "tereza.korinska@tachov.example.org"
NEW_PASSWORD = "Tachov-Zdrave-Mesto-2026"


def test_invitation_password_login_and_edit(page, queue):
    """Invitation → set password → log in → edit Tachov; Brno stays out of reach."""
    tachov = MemberFactory(
        name="Tachov", slug="tachov", region=Region.objects.get(nuts3="CZ032"), ico="00260231"
    )
    MemberFactory(name="Brno", slug="brno", region=Region.objects.get(nuts3="CZ064"))
    UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)

    # Staff: the admin's change list action opens the invitation form with Tachov chosen.
    log_in(page, "staff@example.org", PASSWORD, language="en")
    page.goto("/en/sprava/members/member/")
    page.get_by_role("row", name=re.compile("Tachov")).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("invite_coordinator")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Invite a coordinator")).to_be_visible()
    page.get_by_label("E-mail of the coordinator").fill(COORDINATOR)
    page.get_by_label("First name").fill("Tereza")
    page.get_by_label("Last name").fill("Kořínská")
    page.get_by_label("Language of the invitation").select_option("en")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(f"The invitation was sent to {COORDINATOR}.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The e-mail holds the one-time link (sent by the worker from the queue).
    run_jobs(queue)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/en/members/invitation/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    page.get_by_label("New password (required)", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_text("Your password is set. You can log in now.")).to_be_visible()

    # The link works only once.
    page.goto(link)
    expect(page.get_by_role("heading", name="The invitation link does not work")).to_be_visible()

    # Log in, find Tachov under "My municipality" and edit it.
    log_in(page, COORDINATOR, NEW_PASSWORD, language="en")
    page.get_by_role("link", name="My municipality").click()
    page.get_by_role("link", name=re.compile(r"^Edit the profile\W+Tachov$")).click()
    expect(page).to_have_url(re.compile(r"/en/members/tachov/edit/$"))
    page.get_by_label("Description in English").fill("Tachov keeps its own profile now.")
    page.get_by_label("Website").fill("www.tachov.cz")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("The profile is saved and published.")).to_be_visible()
    expect(page.get_by_text("Tachov keeps its own profile now.")).to_be_visible()

    tachov.refresh_from_db()
    assert tachov.website == "https://www.tachov.cz"
    record = tachov.history.latest()
    assert record.history_user.email == COORDINATOR

    # Another member's edit page is a 404.
    response = page.goto("/en/members/brno/edit/")
    assert response.status == 404
    assert Member.objects.get(slug="brno").description_en == "About the town."
    assert page.foreign_requests == []
