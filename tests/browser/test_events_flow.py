"""Events in the browser: registering by keyboard only, the e-mail and its manage link, the
waiting list's offer claimed; a coordinator registering colleagues up to the quota."""

import re
import threading

from django.core import mail
from django.db import connection
from playwright.sync_api import expect

from events.models import RegistrationPart
from events.services.registration import registration_create
from tests.browser.support import log_in, tab_to
from tests.events.factories import EventFactory, EventMemberFactory, EventPartFactory
from tests.factories import UserFactory
from tests.support import run_jobs

Status = RegistrationPart.Status


def type_into(page, locator, text):
    tab_to(page, locator)
    page.keyboard.type(text)


def links_in(body):
    return re.findall(r"https?://\S+", body)


def in_thread(function, **kwargs):
    """Run a service outside the test's thread, where Playwright runs an event loop (the
    queue's connector refuses to be called synchronously inside one)."""
    result = {}

    def run():
        try:
            result["value"] = function(**kwargs)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def test_register_by_keyboard_cancel_a_part_and_the_queue_gets_the_place(
    page, queue, settings, live_server
):
    """Two parts by keyboard → e-mail → manage link → drop day 2 → the first waiting person
    gets an offer by e-mail and claims it."""
    settings.SITE_URL = live_server.url
    event = EventFactory(title_en="Spring school", slug="spring-school")
    EventPartFactory(event=event, title_en="Day one", capacity=20)
    day2 = EventPartFactory(event=event, title_en="Day two", capacity=1)
    mail.outbox = []

    page.goto(f"/en/events/{event.slug}/")
    register_link = page.get_by_role("link", name="Register for the event").first
    tab_to(page, register_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Registration: Spring school")).to_be_visible()
    for label in ("Day one", "Day two"):
        tab_to(page, page.get_by_label(re.compile(label)))
        page.keyboard.press("Space")
    type_into(page, page.get_by_label("Your name"), "Eva Malá")
    type_into(page, page.get_by_label("E-mail"), "eva@example.org")
    tab_to(page, page.get_by_label("I have read the privacy notice"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Register"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    # Somebody else joins day two's waiting list.
    waiting = in_thread(
        registration_create,
        event=event,
        parts=[day2],
        name="Petr",
        email="petr@example.org",
        language="en",
    )
    assert waiting.parts.get().status == Status.WAITING

    in_thread(run_jobs, connector=queue)
    (confirmation,) = [message for message in mail.outbox if message.to == ["eva@example.org"]]
    manage = next(link for link in links_in(confirmation.body) if "/registration/" in link)
    assert confirmation.attachments[0][2] == "text/calendar"

    page.goto(manage)
    expect(page.get_by_role("heading", name="Your registration")).to_be_visible()
    tab_to(page, page.get_by_label(re.compile("Day two")))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save the parts"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your registration was changed.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Day two"))).to_contain_text("cancelled")

    mail.outbox = []
    in_thread(run_jobs, connector=queue)
    (offer,) = [message for message in mail.outbox if message.to == ["petr@example.org"]]
    assert offer.subject.startswith("A place has become free for you")
    offer_link = next(link for link in links_in(offer.body) if "/offer/" in link)
    page.goto(offer_link)
    tab_to(page, page.get_by_role("button", name="Accept the place"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The place is yours.")).to_be_visible()
    assert waiting.parts.get().status == Status.CONFIRMED
    # The link used once explains itself the second time.
    page.goto(offer_link)
    expect(page.get_by_text("You have already accepted this place.")).to_be_visible()
    assert page.foreign_requests == []


def test_coordinator_registers_two_colleagues_and_hits_the_quota(page, queue):
    member = EventMemberFactory(name="Chrudim", slug="prohlizec-chrudim")
    coordinator = UserFactory(email="koordinator.chrudim@example.org")
    member.coordinators.add(coordinator)
    event = EventFactory(title_en="Autumn school", slug="autumn-school")
    part = EventPartFactory(event=event, title_en="Training", capacity=30, member_quota=2)

    log_in(page, coordinator.email, language="en")
    page.goto(f"/en/events/{event.slug}/")
    page.get_by_role("link", name="Register colleagues").click()
    page.get_by_label(re.compile("Training")).check()
    page.get_by_label("Name of colleague 1").fill("Jana Dvořáková")
    page.get_by_label("E-mail of colleague 1").fill("jana@chrudim.example.org")
    page.get_by_label("Name of colleague 2").fill("Karel Novák")
    page.get_by_label("E-mail of colleague 2").fill("karel@chrudim.example.org")
    page.get_by_role("button", name="Register the colleagues").click()
    expect(page.get_by_role("heading", name="Colleagues registered")).to_be_visible()
    assert part.registrations.filter(status=Status.CONFIRMED).count() == 2

    page.goto(f"/en/events/{event.slug}/register-colleagues/")
    page.get_by_label(re.compile("Training")).check()
    page.get_by_label("Name of colleague 1").fill("Třetí Kolega")
    page.get_by_label("E-mail of colleague 1").fill("treti@chrudim.example.org")
    page.get_by_role("button", name="Register the colleagues").click()
    expect(page.get_by_role("alert")).to_contain_text("Chrudim has used all its places")
    assert part.registrations.count() == 2
    in_thread(run_jobs, connector=queue)
    assert sorted(
        message.to[0] for message in mail.outbox if message.to[0].endswith("chrudim.example.org")
    ) == ["jana@chrudim.example.org", "karel@chrudim.example.org"]
    (copy,) = [message for message in mail.outbox if message.to == [coordinator.email]]
    assert "Jana Dvořáková" in copy.body and "Karel Novák" in copy.body
