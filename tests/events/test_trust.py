"""Registrations people can trust (issue 18): what each page shows is what its visitor proved,
limits on what a visitor can repeat, coordinators and their member's registrations, and the
links in development mail."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import EventPart, RegistrationPart
from events.services.registration import registration_cancel, registration_create
from events.tokens import registration_token
from tests.events.factories import EventFactory, EventPartFactory
from tests.support import run_jobs

Status = RegistrationPart.Status
pytestmark = pytest.mark.django_db


def manage(registration, language="cs"):
    prefix = "/cs/akce/prihlaska" if language == "cs" else "/en/events/registration"
    return f"{prefix}/{registration_token(registration)}/"


def test_anyone_part_online_link_never_reaches_an_unproven_address(client, commits, queue):
    """Typing an address gives no online link: it goes only to the mailbox and the page the
    mailbox's link opens."""
    part = EventPartFactory(online_url="https://meet.example.org/tajna-mistnost")
    response = client.post(
        f"/cs/akce/{part.event.slug}/registrace/",
        {
            "parts": [part.pk],
            "name": "Kdokoli",
            "email": "vymysleny@example.org",
            "privacy": "on",
        },
    )
    assert "tajna-mistnost" not in response.content.decode()
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.to == ["vymysleny@example.org"] and "tajna-mistnost" in message.body


def test_repeated_actions_on_a_registration_are_limited(client, commits, queue):
    """224 part changes cannot send 225 messages: ten actions an hour per registration, and
    a burst of changes gives one message."""
    event = EventFactory()
    day1, day2 = EventPartFactory(event=event), EventPartFactory(event=event)
    registration = registration_create(
        event=event, parts=[day1], name="Oběť", email="obet@example.org"
    )
    run_jobs(queue)
    mail.outbox = []
    statuses = [
        client.post(
            manage(registration),
            {"action": "change", "parts": [day1.pk, day2.pk] if n % 2 else [day2.pk]},
        ).status_code
        for n in range(14)
    ]
    assert statuses[:10] == [302] * 10 and set(statuses[10:]) == {429}
    page = client.post(manage(registration), {"action": "change", "parts": [day1.pk]})
    assert "Zkuste to prosím znovu za hodinu" in page.content.decode()
    assert len(mail.outbox) == 0, "the message waits for the burst to end"
    for job in queue.jobs.values():  # a minute later
        if job["scheduled_at"]:
            job["scheduled_at"] -= timedelta(minutes=2)
    run_jobs(queue)
    assert len(mail.outbox) == 1


def test_lost_links_are_sent_to_the_address_and_the_answer_is_always_the_same(client, queue):
    part = EventPartFactory()
    registration = registration_create(
        event=part.event, parts=[part], name="Jana", email="jana@example.org"
    )
    run_jobs(queue)
    mail.outbox = []
    known = client.post("/cs/akce/prihlaska/odkazy/", {"email": "JANA@example.org"})
    unknown = client.post("/cs/akce/prihlaska/odkazy/", {"email": "nikdo@example.org"})
    assert known.status_code == unknown.status_code == 200
    known_text = known.content.decode().replace("JANA@example.org", "X")
    assert known_text == unknown.content.decode().replace("nikdo@example.org", "X")
    assert "Zkontrolujte svůj e-mail" in known_text
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.to == ["jana@example.org"]
    assert manage(registration) in message.body and "/prihlaska/adresa/" in message.body


def test_a_wrong_link_offers_to_send_the_links_again(client):
    response = client.get("/en/events/registration/12-abc/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This registration link does not work" in page
    assert 'action="/en/events/registration/links/"' in page


def test_mail_to_one_address_is_limited(client, queue):
    """Asking again and again sends the address at most three messages an hour."""
    part = EventPartFactory()
    registration_create(event=part.event, parts=[part], name="O", email="obet@example.org")
    run_jobs(queue)
    mail.outbox = []
    for _ in range(6):
        client.post("/cs/akce/prihlaska/odkazy/", {"email": "obet@example.org"})
    run_jobs(queue)
    assert len(mail.outbox) == 3


# --- coordinators ---------------------------------------------------------------------------
def test_coordinator_sees_confirms_and_rejects_claims(
    client, member, coordinator, other_coordinator, queue, commits
):
    """Outsiders "from" the member wait on the coordinator's page; confirmed, they use the
    quota and appear publicly; the page shows the quota left."""
    event = EventFactory(title_cs="Škola Zdravých měst")
    part = EventPartFactory(
        event=event, capacity=10, member_quota=2, audience=EventPart.Audience.MEMBERS
    )
    claims = [
        registration_create(
            event=event,
            parts=[part],
            name=f"Tvrdí {n}",
            email=f"tvrdi{n}@example.org",
            member=member,
            show_organisation=True,
            needs="tajná dieta",
        )
        for n in range(2)
    ]
    detail = client.get(event.get_absolute_url()).content.decode()
    assert member.name not in detail.split("Účastnící se členské obce")[-1]
    client.force_login(coordinator)
    page = client.get("/cs/akce/prihlasky-obce/").content.decode()
    assert "Tvrdí 0" in page and "uvedeno, nepotvrzeno" in page and "2 osoby uvádějí" in page
    assert "tajná dieta" not in page
    assert "zbývají 2 místa z 2" in page
    path = f"/cs/akce/prihlasky-obce/{claims[0].pk}/"
    assert client.post(path, {"action": "confirm-member"}).status_code == 302
    assert (
        client.post(
            path.replace(str(claims[0].pk), str(claims[1].pk)), {"action": "reject-member"}
        ).status_code
        == 200
    )
    client.post(
        f"/cs/akce/prihlasky-obce/{claims[1].pk}/", {"action": "reject-member", "confirm": "yes"}
    )
    claims[0].refresh_from_db()
    claims[1].refresh_from_db()
    assert claims[0].member_confirmed and claims[0].parts.get().status == Status.CONFIRMED
    assert claims[1].member is None and claims[1].parts.get().status == Status.DECLINED
    assert "zbývá 1 místo z 2" in client.get("/cs/akce/prihlasky-obce/").content.decode()
    client.logout()
    detail = client.get(event.get_absolute_url()).content.decode()
    assert member.name in detail.split("Účastnící se členské obce")[-1]
    # Another member's coordinator reaches none of it.
    client.force_login(other_coordinator)
    assert client.get(path).status_code == 404
    assert "Tvrdí" not in client.get("/cs/akce/prihlasky-obce/").content.decode()


def test_colleagues_are_told_who_registered_them_and_the_coordinator_gets_a_copy(
    client, member, coordinator, queue, commits
):
    coordinator.first_name, coordinator.last_name = "Karla", "Koordinátorová"
    coordinator.save()
    event = EventFactory()
    part = EventPartFactory(event=event, capacity=1, member_quota=5)
    client.force_login(coordinator)
    response = client.post(
        f"/cs/akce/{event.slug}/registrace-kolegu/",
        {
            "parts": [part.pk],
            "member": member.pk,
            "name_1": "Adam",
            "email_1": "adam@example.org",
            "name_2": "Bára",
            "email_2": "bara@example.org",
        },
    )
    page = response.content.decode()
    assert "Adam" in page and "Bára" in page and "v pořadníku" in page
    run_jobs(queue)
    to_adam = next(m for m in mail.outbox if m.to == ["adam@example.org"])
    assert "Přihlásil/a vás Karla Koordinátorová (Litoměřice)" in to_adam.body
    copy = next(m for m in mail.outbox if m.to == [coordinator.email])
    assert "Adam" in copy.body and "Bára" in copy.body and "1. v pořadí" in copy.body
    assert "prihlaska/" not in copy.body, "the colleagues' private links stay theirs"


def test_account_menu_leads_to_ones_registrations(client, coordinator, commits):
    part = EventPartFactory()
    registration_create(event=part.event, parts=[part], name="Koordinátor", email=coordinator.email)
    client.force_login(coordinator)
    home = client.get("/cs/").content.decode()
    assert "/cs/akce/moje-prihlasky/" in home and "/cs/akce/prihlasky-obce/" in home
    page = client.get("/cs/akce/moje-prihlasky/", follow=True).content.decode()
    assert part.event.title in page


# --- development -----------------------------------------------------------------------------
def test_links_in_development_mail_follow_the_port():
    """PORT=8080 make run gives links to port 8080."""
    env = {**os.environ, "PORT": "8080", "DJANGO_SETTINGS_MODULE": "network_portal.settings.dev"}
    env.pop("PORTAL_SITE_URL", None)
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SITE_URL)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert output == "http://127.0.0.1:8080"


def test_cancellation_mail_says_when_nothing_remains(client, queue, commits):
    part = EventPartFactory()
    registration = registration_create(
        event=part.event, parts=[part], name="Jana", email="jana@example.org", language="en"
    )
    run_jobs(queue)
    mail.outbox = []
    registration_cancel(registration=registration)
    run_jobs(queue)
    (message,) = mail.outbox
    assert "Nothing remains: you have no places at this event now." in message.body
    assert "What remains" not in message.body


def test_colleagues_form_shows_availability_and_the_quota_left(
    client, member, coordinator, commits
):
    event = EventFactory()
    part = EventPartFactory(event=event, title_cs="Dílna", capacity=3, member_quota=2)
    registration_create(
        event=event, parts=[part], name="A", email="a@example.org", member=member, user=coordinator
    )
    client.force_login(coordinator)
    page = client.get(f"/cs/akce/{event.slug}/registrace-kolegu/").content.decode()
    assert "zbývají 2 místa" in page
    assert "Dílna: obci Litoměřice zbývá 1 místo z 2" in page


def test_a_refused_cancellation_is_explained_not_a_500(client):
    """Cancelling once the part has started: the page says why (it was a 500)."""
    now = timezone.now()
    event = EventFactory(start=now + timedelta(hours=1), end=now + timedelta(hours=5))
    part = EventPartFactory(
        event=event, start=now + timedelta(hours=1), end=now + timedelta(hours=5)
    )
    registration = registration_create(
        event=event, parts=[part], name="Jana", email="jana@example.org"
    )
    part.start = now - timedelta(minutes=5)
    part.save()
    response = client.post(manage(registration), {"action": "cancel", "confirm": "yes"})
    assert response.status_code == 400
    assert "už začal" in response.content.decode()
    assert registration.parts.get().status == Status.CONFIRMED


def test_coordinator_actions_refused_are_explained(client, member, coordinator, commits):
    part = EventPartFactory(capacity=10, member_quota=1, audience=EventPart.Audience.MEMBERS)
    registration_create(
        event=part.event,
        parts=[part],
        name="A",
        email="a@example.org",
        member=member,
        user=coordinator,
    )
    claim = registration_create(
        event=part.event, parts=[part], name="B", email="b@example.org", member=member
    )
    client.force_login(coordinator)
    response = client.post(f"/cs/akce/prihlasky-obce/{claim.pk}/", {"action": "confirm-member"})
    assert response.status_code == 400 and "vyčerpal" in response.content.decode()


def test_django_request_log_lines_mask_the_private_links(client, caplog):
    """Django logs the path of a 404 or 429: the token must not reach the error log."""
    import logging

    from network_portal.accesslog import MaskSecretsFilter

    handler = logging.StreamHandler()
    handler.addFilter(MaskSecretsFilter())
    records = []
    handler.emit = lambda record: records.append(handler.format(record))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/cs/akce/prihlaska/12-0123456789abcdef0123456789abcdef01234567/")
    finally:
        logger.removeHandler(handler)
    assert records and all("0123456789abcdef" not in line for line in records)
    assert any("/cs/akce/prihlaska/***/" in line for line in records)


def test_the_address_pages_hold_and_delete_the_newsletter_subscription_too(client, queue):
    """The data-subject pages of an address cover its newsletter subscription."""
    import json

    from events.links import address_token
    from newsletter.models import Subscriber

    part = EventPartFactory()
    registration_create(event=part.event, parts=[part], name="J", email="j@example.org")
    Subscriber.objects.create(
        email="j@example.org", language="cs", sections=["events"], token_nonce="x" * 32
    )
    token = address_token("j@example.org")
    data = json.loads(client.get(f"/cs/akce/prihlaska/adresa/{token}/moje-udaje.json").content)
    assert data["newsletter"]["sections"] == ["events"] and len(data["registrations"]) == 1
    client.post(f"/cs/akce/prihlaska/adresa/{token}/smazat/", {"confirm": "yes"})
    assert not Subscriber.objects.filter(email="j@example.org").exists()
    assert not part.event.registrations.exists()


def test_the_sent_page_predicts_the_waiting_list_for_a_full_part(client):
    part = EventPartFactory(capacity=1)
    registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    response = client.post(
        f"/en/events/{part.event.slug}/register/",
        {"parts": [part.pk], "name": "B", "email": "b@example.org", "privacy": "on"},
    )
    assert "full: new registrations join the waiting list" in response.content.decode()


def test_the_coordinators_page_runs_the_same_queries_for_more_events(client, member, coordinator):
    """Registrations, their rows, the parts and every quota count: a fixed number of queries
    whether one event or five have registrations of the member."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def events_with_registrations(count):
        for _ in range(count):
            part = EventPartFactory(capacity=5, member_quota=2)
            registration_create(
                event=part.event,
                parts=[part],
                name="W",
                email=f"w{part.pk}@example.org",
                member=member,
                user=coordinator,
            )
            registration_create(
                event=part.event,
                parts=[part],
                name="X",
                email=f"x{part.pk}@example.org",
                member=member,
            )

    client.force_login(coordinator)
    events_with_registrations(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/cs/akce/prihlasky-obce/").status_code == 200
    events_with_registrations(4)
    with CaptureQueriesContext(connection) as five:
        page = client.get("/cs/akce/prihlasky-obce/").content.decode()
    assert page.count("zbývá 1 místo z 2") == 5
    assert len(five) == len(one)


def test_waiting_rows_know_their_place_in_the_queue(db):
    part = EventPartFactory(capacity=1)
    people = [
        registration_create(event=part.event, parts=[part], name=f"P{n}", email=f"p{n}@example.org")
        for n in range(4)
    ]
    positions = [
        RegistrationPart.objects.filter(registration=person)
        .with_queue_position()
        .get()
        .queue_position
        for person in people
    ]
    assert positions == [None, 1, 2, 3]
