"""The newsletter in the browser, by keyboard: subscribe → the confirmation link → change the
choice → see the data → unsubscribe; axe on each page, in English and in Czech."""

import re

from django.core import mail
from playwright.sync_api import expect

from newsletter.models import Subscriber
from tests.browser.support import axe_current_page, tab_to
from tests.browser.test_membership_application import submit
from tests.support import run_jobs


def test_subscribe_confirm_change_and_unsubscribe(page, queue, settings, live_server):
    settings.SITE_URL = live_server.url
    mail.outbox = []
    failures = []

    page.goto("/cs/newsletter/")
    expect(page.get_by_role("heading", name="Přihlásit se k odběru novinek")).to_be_visible()
    failures += axe_current_page(page, "subscribe cs")

    page.goto("/en/newsletter/")
    tab_to(page, page.locator("#id_email"))
    page.keyboard.type("eva.mala@example.org")
    tab_to(page, page.get_by_label("Events", exact=True))
    page.keyboard.press("Space")  # events off: news and good practice stay chosen
    tab_to(page, page.get_by_label("Plzeň Region"))
    page.keyboard.press("Space")
    submit(page, "Subscribe")
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    failures += axe_current_page(page, "check mail en")
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert subscriber.sections == ["goodpractice", "news"]

    run_jobs(queue)
    (confirmation,) = mail.outbox
    link = re.search(r"https?://\S+/en/newsletter/confirm/\S+", confirmation.body)[0]
    page.goto(link)
    failures += axe_current_page(page, "confirm en")
    submit(page, "Confirm the subscription")
    expect(page.get_by_role("heading", name="Your newsletter settings")).to_be_visible()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    frequency = page.locator("#id_frequency")
    tab_to(page, frequency)
    frequency.select_option("monthly")
    submit(page, "Save the choice")
    expect(page.get_by_text("Your choice is saved.")).to_be_visible()
    failures += axe_current_page(page, "settings en")
    subscriber.refresh_from_db()
    assert subscriber.frequency == "monthly"

    tab_to(page, page.get_by_role("link", name="See or delete your data"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your data in the newsletter")).to_be_visible()
    expect(page.get_by_text("eva.mala@example.org")).to_be_visible()
    failures += axe_current_page(page, "data en")
    submit(page, "Delete all my data and unsubscribe")
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert not Subscriber.objects.exists()
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []
