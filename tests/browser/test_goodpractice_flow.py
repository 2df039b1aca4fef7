"""A coordinator's example goes through review in the browser: create → submit → returned
with a comment → edit → submit → published, with the e-mails; another coordinator gets 404."""

import re

from django.core import mail
from playwright.sync_api import expect

from goodpractice.models import Practice
from tests.browser.support import log_in
from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory
from tests.support import run_jobs


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_example_review_flow(page, live_server, queue):
    """The whole review cycle works in the browser and the author gets both e-mails."""
    mail.outbox = []
    member = GPMemberFactory(name="Litoměřice", slug="flow-litomerice")
    other = GPMemberFactory(name="Tachov", slug="flow-tachov")
    coordinator = UserFactory(email="flow.coordinator@example.org")
    member.coordinators.add(coordinator)
    stranger = UserFactory(email="flow.stranger@example.org")
    other.coordinators.add(stranger)
    UserFactory(email="flow.staff@example.org", is_staff=True, is_superuser=True)

    log_in(page, coordinator.email, language="en")
    page.get_by_role("link", name="My examples").click()
    page.get_by_role("link", name="Add an example").click()
    page.get_by_label("Title in Czech").fill("Studentský parlament")
    page.get_by_label("Title in English").fill("A student parliament")
    page.get_by_label("Summary in Czech").fill("Studenti diskutují se zastupiteli.")
    page.get_by_label("Summary in English").fill("Students discuss with councillors.")
    page.get_by_label("Litoměřice").check()
    page.get_by_label("Topic").select_option(label="Education and upbringing")
    page.get_by_label("Young people").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The example was saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("The example was sent for review")).to_be_visible()
    practice = Practice.objects.get()
    assert practice.status == Practice.Status.SUBMITTED
    log_out(page)

    # Another member's coordinator cannot see or touch it.
    log_in(page, stranger.email, language="en")
    for path in (
        f"/en/good-practice/{practice.slug}/",
        f"/en/good-practice/{practice.slug}/edit/",
    ):
        assert page.goto(path).status == 404
    log_out(page)

    log_in(page, "flow.staff@example.org", language="en")
    page.goto(f"/en/sprava/goodpractice/practice/{practice.pk}/review/")
    page.get_by_label("Comment for the author").fill("Please add the year the parliament began.")
    page.get_by_role("button", name="Return with the comment").click()
    expect(page.get_by_text("The example was returned to its author.")).to_be_visible()
    run_jobs(queue)
    assert len(mail.outbox) == 1
    assert "Please add the year" in mail.outbox[0].body
    log_out(page)

    log_in(page, coordinator.email, language="en")
    page.get_by_role("link", name="My examples").click()
    page.get_by_role("link", name=re.compile("^Edit")).first.click()
    expect(page.get_by_text("Please add the year the parliament began.")).to_be_visible()
    page.get_by_label("Year (from)").fill("2019")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Your changes were saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("The example was sent for review")).to_be_visible()
    log_out(page)

    log_in(page, "flow.staff@example.org", language="en")
    page.goto(f"/en/sprava/goodpractice/practice/{practice.pk}/review/")
    page.get_by_label("Award the “verified” stamp").check()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("The example was published.")).to_be_visible()
    run_jobs(queue)
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [coordinator.email]
    assert "published" in mail.outbox[1].subject
    log_out(page)

    page.goto("/en/good-practice/")
    page.get_by_role("link", name="A student parliament").click()
    expect(page.get_by_role("heading", name="A student parliament", level=1)).to_be_visible()
    expect(page.get_by_text("The network has checked this example.")).to_be_visible()
    assert page.foreign_requests == []
