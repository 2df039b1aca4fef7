"""Registrations people can trust, in the browser, by keyboard only, with axe on every page and
in both languages: the waiting list told truly, nothing of another person for whoever types
their address, a lost link sent again, a coordinator confirming an outsider's claim."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from events.models import EventPart, RegistrationPart
from events.services.registration import registration_create
from tests.browser.support import axe_current_page, log_in, tab_to
from tests.browser.test_events_flow import in_thread, links_in, type_into
from tests.events.factories import EventFactory, EventMemberFactory, EventPartFactory
from tests.factories import UserFactory
from tests.support import run_jobs

Status = RegistrationPart.Status

WORDS = {
    "cs": {
        "events": "akce",
        "check": "Zkontrolujte svůj e-mail",
        "waiting": "Jste v pořadníku: místo zatím nemáte.",
        "queue": "2. v pořadí",
        "lost": "Už jste přihlášeni a ztratili jste odkaz?",
        "send": "Poslat odkazy",
        "yours": "Vaše přihláška",
    },
    "en": {
        "events": "events",
        "check": "Check your e-mail",
        "waiting": "You are on the waiting list: you do not have a place yet.",
        "queue": "number 2 in the queue",
        "lost": "Registered already and lost the link?",
        "send": "Send the links",
        "yours": "Your registration",
    },
}


def submit_registration(page, language, *, part_label, name, email):
    box = page.get_by_label(re.compile(part_label))
    tab_to(page, box)
    if not box.is_checked():  # a single part is chosen already
        page.keyboard.press("Space")
    type_into(page, page.locator("#id_name"), name)
    type_into(page, page.locator("#id_email"), email)
    tab_to(page, page.locator("#id_privacy"))
    page.keyboard.press("Space")
    with translation.override(language):
        button = gettext("Register")
    tab_to(page, page.get_by_role("button", name=button, exact=True))
    page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["cs", "en"])
def test_waiting_list_is_told_truly_and_another_address_shows_nothing(
    page, queue, settings, live_server, language
):
    settings.SITE_URL = live_server.url
    words = WORDS[language]
    event = EventFactory(title_cs="Plná škola", title_en="Full school", slug=f"plna-{language}")
    part = EventPartFactory(
        event=event,
        title_cs="Jediný den",
        title_en="The only day",
        capacity=1,
        online_url="https://meet.example.org/tajne",
    )
    for number, email in enumerate(("prvni@example.org", "druhy@example.org")):
        in_thread(
            registration_create,
            event=event,
            parts=[part],
            name=f"Osoba {number}",
            email=email,
            needs="bezlepková dieta",
        )
    in_thread(run_jobs, connector=queue)
    mail.outbox = []
    failures = []
    label = "Jediný den" if language == "cs" else "The only day"

    # A person registers for the full part and reads the truth.
    register_path = f"/{language}/{words['events']}/{event.slug}/"
    page.goto(register_path + ("registrace/" if language == "cs" else "register/"))
    failures += axe_current_page(page, "form")
    submit_registration(page, language, part_label=label, name="Eva", email="eva@example.org")
    expect(page.get_by_role("heading", name=words["check"])).to_be_visible()
    failures += axe_current_page(page, "sent")
    in_thread(run_jobs, connector=queue)
    (message,) = [m for m in mail.outbox if m.to == ["eva@example.org"]]
    assert words["queue"] in message.body
    assert "meet.example.org" not in message.body, "no online link while waiting"
    manage = next(
        link for link in links_in(message.body) if "/prihlaska/" in link or "/registration/" in link
    )
    page.goto(manage)
    expect(page.get_by_text(words["waiting"])).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(label))).to_contain_text(words["queue"])
    failures += axe_current_page(page, "manage")

    # Somebody types the first person's address: nothing of theirs appears.
    page.goto(register_path + ("registrace/" if language == "cs" else "register/"))
    submit_registration(page, language, part_label=label, name="Útočník", email="PRVNI@example.org")
    expect(page.get_by_role("heading", name=words["check"])).to_be_visible()
    content = page.content()
    for secret in ("Osoba 0", "bezlepková", "meet.example.org", "/prihlaska/1", "/registration/1"):
        assert secret not in content
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []


@pytest.mark.parametrize("language", ["cs", "en"])
def test_a_lost_link_is_sent_again(page, queue, settings, live_server, language):
    settings.SITE_URL = live_server.url
    words = WORDS[language]
    event = EventFactory(slug=f"ztraceny-{language}")
    part = EventPartFactory(event=event, capacity=10)
    in_thread(
        registration_create,
        event=event,
        parts=[part],
        name="Zapomnětlivá",
        email="zapomnela@example.org",
        language=language,
    )
    in_thread(run_jobs, connector=queue)
    mail.outbox = []
    page.goto(
        f"/{language}/{words['events']}/{event.slug}/"
        + ("registrace/" if language == "cs" else "register/")
    )
    link = page.get_by_role("link", name=words["lost"])
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.locator("#id_email")).to_be_visible()
    failures = axe_current_page(page, "links")
    type_into(page, page.locator("#id_email"), "zapomnela@example.org")
    tab_to(page, page.get_by_role("button", name=words["send"]))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=words["check"])).to_be_visible()
    failures += axe_current_page(page, "links sent")
    in_thread(run_jobs, connector=queue)
    (message,) = mail.outbox
    manage = next(
        link
        for link in links_in(message.body)
        if not re.search("/(adresa|address)/", link)
        and ("/prihlaska/" in link or "/registration/" in link)
    )
    page.goto(manage)
    expect(page.get_by_role("heading", name=words["yours"], exact=True)).to_be_visible()
    address = next(link for link in links_in(message.body) if re.search("/(adresa|address)/", link))
    page.goto(address)
    expect(page.locator(".registration-list h2 a")).to_have_count(1)
    failures += axe_current_page(page, "address")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_coordinator_confirms_an_outsiders_claim(page, queue, language):
    member = EventMemberFactory(name="Tachov", slug=f"prohlizec-tachov-{language}")
    coordinator = UserFactory(email=f"koordinator.tachov.{language}@example.org")
    member.coordinators.add(coordinator)
    event = EventFactory(title_cs="Setkání", title_en="Meeting", slug=f"setkani-{language}")
    part = EventPartFactory(
        event=event, capacity=10, member_quota=2, audience=EventPart.Audience.MEMBERS
    )
    claim = in_thread(
        registration_create,
        event=event,
        parts=[part],
        name="Tvrdí Tachov",
        email="tvrdi@example.org",
        member=member,
    )
    assert claim.parts.get().status == Status.PENDING
    log_in(page, coordinator.email, language=language)
    menu_link = page.get_by_role(
        "link", name="Přihlášky naší obce" if language == "cs" else "Our member's registrations"
    )
    tab_to(page, menu_link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Tvrdí Tachov")).to_be_visible()
    failures = axe_current_page(page, "member registrations")
    person = page.get_by_role("link", name="Tvrdí Tachov")
    tab_to(page, person)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tvrdí Tachov")).to_be_visible()
    failures += axe_current_page(page, "member registration")
    confirm = page.get_by_role(
        "button", name="Potvrdit obec" if language == "cs" else "Confirm the member"
    )
    tab_to(page, confirm)
    page.keyboard.press("Enter")
    expect(
        page.get_by_text(re.compile("Členská obec je potvrzena|The member is confirmed"))
    ).to_be_visible()
    claim.refresh_from_db()
    assert claim.member_confirmed
    assert claim.parts.get().status == Status.CONFIRMED
    assert not failures, "\n".join(failures)
