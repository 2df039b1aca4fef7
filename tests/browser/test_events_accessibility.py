"""axe-core on the event pages the sitemap does not list (filtered lists, forms with and
without errors, the manage and offer pages, the closed page), in both languages, logged in
and out."""

from datetime import timedelta

import pytest
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.testing import InMemoryConnector

from events.services.registration import registration_cancel, registration_create
from events.tokens import registration_token
from tests.browser.support import axe_current_page, axe_failures, log_in
from tests.browser.test_events_flow import in_thread
from tests.events.factories import EventFactory, EventMemberFactory, EventPartFactory
from tests.factories import UserFactory


@pytest.fixture
def queue():
    with app.replace_connector(InMemoryConnector()) as connected:
        yield connected


def test_event_pages_pass_axe(page, queue):
    member = EventMemberFactory(name="Chrudim", slug="axe-chrudim")
    coordinator = UserFactory(email="axe.akce@example.org")
    member.coordinators.add(coordinator)
    event = EventFactory(slug="axe-akce", hosts=[member], title_en="Axe event")
    part = EventPartFactory(event=event, capacity=1)
    EventPartFactory(event=event, audience="coordinators", member_quota=2)
    closed = EventFactory(slug="axe-zavreno")
    EventPartFactory(event=closed, registration_closes_at=timezone.now() - timedelta(hours=1))
    EventFactory(slug="axe-minula", start=timezone.now() - timedelta(days=40))
    holder = in_thread(
        registration_create, event=event, parts=[part], name="A", email="a@example.org"
    )
    waiting = in_thread(
        registration_create,
        event=event,
        parts=[part],
        name="B",
        email="b@example.org",
        member=member,
        show_organisation=True,
    )
    in_thread(registration_cancel, registration=holder)
    offer = waiting.parts.get()
    token = registration_token(waiting)
    paths = {
        "cs": [
            "/cs/akce/?kind=seminar&mode=in-person&open=1",
            "/cs/akce/?when=past",
            "/cs/akce/?q=nic-takoveho",
            f"/cs/akce/{event.slug}/",
            f"/cs/akce/{event.slug}/registrace/",
            f"/cs/akce/{closed.slug}/registrace/",
            f"/cs/akce/prihlaska/{token}/",
            f"/cs/akce/prihlaska/{token}/nabidka/{offer.pk}/",
        ],
        "en": [
            "/en/events/?region=CZ051",
            f"/en/events/{event.slug}/",
            f"/en/events/{event.slug}/register/",
            f"/en/events/registration/{token}/",
            f"/en/events/registration/{token}/offer/{offer.pk}/",
        ],
    }
    failures = []
    for language, language_paths in paths.items():
        failures += axe_failures(page, language_paths)
        # The form sent empty: errors next to the fields.
        page.goto(language_paths[-4] if language == "cs" else language_paths[2])
        page.locator("form.event-form button[type=submit]").click()
        failures += axe_current_page(page, f"{language} registration form with errors")
        log_in(page, coordinator.email, language=language)
        failures += axe_failures(page, language_paths)
        colleagues = (
            f"/cs/akce/{event.slug}/registrace-kolegu/"
            if language == "cs"
            else f"/en/events/{event.slug}/register-colleagues/"
        )
        failures += axe_failures(page, [colleagues])
        page.locator("form.event-form button[type=submit]").click()
        failures += axe_current_page(page, f"{colleagues} (with errors)")
        page.context.clear_cookies()
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []
