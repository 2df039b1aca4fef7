"""What people see: the list, the event page, the registration form (good and bad input),
the manage page and the offer page, in both languages, per role."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from events.listing import EventSearch
from events.models import Event, EventPart, RegistrationPart
from events.services.event import event_cancel
from events.services.registration import registration_cancel, registration_create
from events.services.waiting_list import offers_expire
from events.tokens import registration_token
from network_portal.listing import Filter
from tests.events.factories import EventFactory, EventMemberFactory, EventPartFactory
from tests.support import run_jobs

Status = RegistrationPart.Status
pytestmark = pytest.mark.django_db


def form_data(part, **overrides):
    data = {
        "parts": [part.pk],
        "name": "Jana Nováková",
        "email": "jana@example.org",
        "organisation": "Městský úřad",
        "position": "referentka",
        "needs": "bezlepková strava",
        "privacy": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def manage_path(registration, language="cs"):
    prefix = "/cs/akce/prihlaska" if language == "cs" else "/en/events/registration"
    return f"{prefix}/{registration_token(registration)}/"


def test_list_in_both_languages(client):
    EventFactory(title_cs="Seminář o zeleni", title_en="A seminar on greenery")
    EventFactory(title_cs="Koncept", status="draft")
    cs = client.get("/cs/akce/").content.decode()
    en = client.get("/en/events/").content.decode()
    assert "Seminář o zeleni" in cs and "Koncept" not in cs
    assert "A seminar on greenery" in en
    assert "Nadcházející akce" in cs and "Upcoming events" in en


def test_past_events_by_year(client):
    EventFactory(title_cs="Loňská", start=timezone.now() - timedelta(days=400))
    EventFactory(title_cs="Budoucí")
    page = client.get("/cs/akce/", {"when": "past"}).content.decode()
    assert "Loňská" in page and "Budoucí" not in page
    year = str((timezone.now() - timedelta(days=400)).year)
    assert f'name="year" value="{year}"' in page


def test_filters_with_counts(client, member):
    EventFactory(kind="webinar", is_online=True, title_cs="Webinář A")
    EventFactory(kind="seminar", title_cs="Seminář B", hosts=[member])
    page = client.get("/cs/akce/", {"kind": "webinar"}).content.decode()
    assert "Webinář A" in page and "Seminář B" not in page
    # The kind filter still offers the seminar with its count (other filters applied).
    assert 'value="seminar"' in page
    hosted = client.get("/cs/akce/", {"host": member.slug}).content.decode()
    assert "Seminář B" in hosted and "Webinář A" not in hosted
    online = client.get("/cs/akce/", {"mode": "online"}).content.decode()
    assert "Webinář A" in online and "Seminář B" not in online


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "webinar"},
        {"mode": "online", "region": "CZ010"},
        {"when": "past"},
        {"when": "past", "year": str(timezone.now().year), "kind": "seminar"},
    ],
)
def test_grouped_counts_match_counting_each_filter(client, member, params):
    """The list page counts the filters not chosen in one grouped query: the same counts (and
    the same size) as counting each filter over the list without it."""
    now = timezone.now()
    for number in range(8):
        start = now + timedelta(days=40 * number - 160)
        event = EventFactory(
            kind=("webinar", "seminar")[number % 2],
            is_online=number % 3 == 0,
            start=start,
            end=start + timedelta(hours=2),
            hosts=[member] if number % 2 else [],
        )
        EventPartFactory(event=event, start=event.start, end=event.end)
    response = client.get("/cs/akce/", params)
    query = QueryDict(mutable=True)
    query.update(params)
    listing = EventSearch(query, "cs")
    expected = [
        (facet.name, [(option.value, option.count) for option in facet.options])
        for facet in listing.facets()
    ]
    shown = [
        (facet.name, [(option.value, option.count) for option in facet.options])
        for facet in response.context["facets"]
    ]
    assert shown == expected
    assert response.context["paginator"].count == listing.filtered().count()


def test_event_page_shows_states_and_attending_members(
    client, member, other_member, other_coordinator
):
    event = EventFactory(title_cs="Škola", hosts=[member])
    now = timezone.now()
    open_part = EventPartFactory(event=event, capacity=3, title_cs="Den 1")
    full = EventPartFactory(event=event, capacity=1, title_cs="Den 2")
    EventPartFactory(
        event=event,
        title_cs="Den 3",
        registration_opens_at=now + timedelta(days=1),
        registration_closes_at=now + timedelta(days=2),
    )
    EventPartFactory(event=event, title_cs="Den 4", registration_closes_at=now - timedelta(days=1))
    registration_create(
        event=event,
        parts=[open_part, full],
        name="A",
        email="a@example.org",
        member=other_member,
        show_organisation=True,
        user=other_coordinator,
    )
    registration_create(
        event=event, parts=[open_part], name="B", email="b@example.org", member=member
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "zbývá 1 místo" in page
    assert "můžete se zapsat do pořadníku" in page
    assert "otevře se" in page
    assert "uzavřená" in page
    assert other_member.name in page.split("Účastnící se členské obce")[1]
    # B did not consent: their member is not listed as attending.
    attending = page.split("Účastnící se členské obce")[1].split("</section>")[0]
    assert member.name not in attending
    assert "@example.org" not in page


def test_cancelled_event_stays_visible_and_marked(client, events_staff):
    part = EventPartFactory()
    event_cancel(event=part.event, user=events_staff)
    response = client.get(part.event.get_absolute_url())
    assert response.status_code == 200
    assert "Tato akce byla zrušena." in response.content.decode()


def test_draft_is_404_for_the_public_and_visible_to_staff(client, events_staff):
    event = EventFactory(status="draft")
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(events_staff)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_register_shows_what_was_typed_and_the_link_goes_by_mail(
    client, queue, mailoutbox, commits
):
    """After the form: "check your e-mail" with what was typed; the private link only in the
    mail, whose page shows the state."""
    part = EventPartFactory(capacity=5)
    response = client.post(f"/en/events/{part.event.slug}/register/", form_data(part))
    registration = part.event.registrations.get()
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check your e-mail" in page and "jana@example.org" in page
    assert registration_token(registration) not in page
    assert registration.language == "en"
    assert registration.needs == "bezlepková strava"
    run_jobs(queue)
    (message,) = mailoutbox
    assert message.subject.startswith("Registration confirmed")
    assert manage_path(registration, "en") in message.body
    page = client.get(manage_path(registration, "en")).content.decode()
    assert "Your place is confirmed." in page and "Jana Nováková" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Zadejte platnou e-mailovou adresu."),
        ({"name": ""}, "name", "Toto pole je třeba vyplnit."),
        ({"privacy": ""}, "privacy", "Potvrďte prosím"),
        ({"parts": []}, "parts", "Vyberte alespoň jednu část akce."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_kept(client, overrides, field, message):
    part = EventPartFactory()
    data = form_data(part, **overrides)
    response = client.post(f"/cs/akce/{part.event.slug}/registrace/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page or f'id="id_{field}_0_error"' in page
    assert message in page
    assert "bezlepková strava" in page
    assert 'value="Městský úřad"' in page
    assert not RegistrationPart.objects.exists()


def test_members_only_part_without_member_is_explained(client):
    part = EventPartFactory(audience=EventPart.Audience.MEMBERS)
    page = client.post(f"/cs/akce/{part.event.slug}/registrace/", form_data(part)).content
    assert "vyberte svou členskou obec" in page.decode()


def test_full_part_joins_the_waiting_list_with_a_clear_state(client, queue, mailoutbox, commits):
    """A person put on the waiting list is told so, with their place in the queue and what
    happens next, in the mail's subject, its first line and on their page."""
    part = EventPartFactory(capacity=1)
    registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    registration_create(event=part.event, parts=[part], name="B", email="b@example.org")
    run_jobs(queue)
    mailoutbox.clear()
    client.post(f"/cs/akce/{part.event.slug}/registrace/", form_data(part))
    run_jobs(queue)
    (message,) = mailoutbox
    assert message.subject.startswith("Jste v pořadníku")
    first_line = message.body.split("\n\n")[1]
    assert "pořadník" in first_line and "přihlášen" not in first_line.split(":")[0]
    assert "2. v pořadí" in message.body and "48 hodin" in message.body
    registration = part.event.registrations.get(email="jana@example.org")
    page = client.get(manage_path(registration)).content.decode()
    assert "Jste v pořadníku" in page and "2. v pořadí" in page


def test_closed_registration_has_its_own_page(client):
    part = EventPartFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    page = client.get(f"/en/events/{part.event.slug}/register/").content.decode()
    assert "Registration is closed" in page


def test_an_address_already_registered_gets_the_same_page_and_its_owner_a_mail(
    client, queue, mailoutbox, commits
):
    """Typing a registered address shows nothing of that registration: the same page as a
    new registration; the address's owner gets their link by e-mail."""
    part = EventPartFactory(online_url="https://meet.example.org/tajne")
    registration_create(
        event=part.event, parts=[part], name="Oběť", email="obet@example.org", needs="dieta"
    )
    run_jobs(queue)
    mailoutbox.clear()
    response = client.post(
        f"/cs/akce/{part.event.slug}/registrace/",
        form_data(part, email="OBET@example.org", name="Útočník"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Zkontrolujte svůj e-mail" in page
    for secret in (
        "Oběť",
        "dieta",
        "meet.example.org",
        f"prihlaska/{part.event.registrations.get().pk}-",
    ):
        assert secret not in page
    assert part.event.registrations.count() == 1
    run_jobs(queue)
    (message,) = mailoutbox
    assert message.to == ["obet@example.org"] and "už je přihlášena" in message.subject


def test_honeypot_is_hidden_and_a_filled_one_registers_nothing(client):
    part = EventPartFactory()
    page = client.get(f"/cs/akce/{part.event.slug}/registrace/").content.decode()
    assert '<div class="event-trap" aria-hidden="true">' in page
    assert 'tabindex="-1"' in page.split("event-trap")[1]
    response = client.post(
        f"/cs/akce/{part.event.slug}/registrace/", form_data(part, website="http://spam")
    )
    assert response.status_code == 200 and "Zkontrolujte svůj e-mail" in response.content.decode()
    assert not RegistrationPart.objects.exists()


def test_rate_limit_per_email(client):
    event = EventFactory()
    parts = [EventPartFactory(event=event) for _ in range(7)]
    for part in parts[:5]:
        assert client.post(f"/cs/akce/{event.slug}/registrace/", form_data(part)).status_code in (
            200,
            302,
        )
    response = client.post(f"/cs/akce/{event.slug}/registrace/", form_data(parts[5]))
    assert response.status_code == 429
    assert "Zkuste to prosím znovu za hodinu." in response.content.decode()


def test_failed_and_repeated_submissions_do_not_lock_the_owner_out(client):
    """Only registrations actually made count against an address."""
    event = EventFactory()
    part, other = EventPartFactory(event=event), EventPartFactory(event=event)
    client.post(f"/cs/akce/{event.slug}/registrace/", form_data(part))
    for _ in range(6):  # duplicates and bad input, e.g. from somebody else
        client.post(f"/cs/akce/{event.slug}/registrace/", form_data(part))
        client.post(f"/cs/akce/{event.slug}/registrace/", form_data(other, privacy=""))
    client.post(f"/cs/akce/{event.slug}/registrace/", form_data(other))
    assert RegistrationPart.objects.filter(email="jana@example.org").count() == 2


def test_rate_limit_per_ip(client):
    part = EventPartFactory(capacity=None)
    for number in range(20):
        client.post(
            f"/cs/akce/{part.event.slug}/registrace/",
            form_data(part, email=f"ip{number}@example.org"),
        )
    page = client.post(
        f"/cs/akce/{part.event.slug}/registrace/", form_data(part, email="dalsi@example.org")
    ).content
    assert "Zkuste to prosím znovu za hodinu." in page.decode()
    assert part.registrations.count() == 20


def test_manage_link_of_someone_else_is_404(client):
    part = EventPartFactory()
    registration = registration_create(
        event=part.event, parts=[part], name="A", email="a@example.org"
    )
    token = registration_token(registration)
    assert client.get(f"/cs/akce/prihlaska/{token}/").status_code == 200
    forged = f"{registration.pk}-{'0' * 40}"
    assert client.get(f"/cs/akce/prihlaska/{forged}/").status_code == 404
    assert client.get(f"/cs/akce/prihlaska/{registration.pk + 1}-{token[-40:]}/").status_code == 404
    assert client.get("/cs/akce/prihlaska/nesmysl/").status_code == 404


def test_manage_page_changes_parts_and_cancels(client):
    event = EventFactory()
    day1 = EventPartFactory(event=event, capacity=1)
    day2 = EventPartFactory(event=event, capacity=5)
    registration = registration_create(event=event, parts=[day1], name="A", email="a@example.org")
    waiting = registration_create(event=event, parts=[day1], name="B", email="b@example.org")
    path = manage_path(registration)
    client.post(path, {"action": "change", "parts": [day2.pk]})
    assert registration.parts.get(part=day2).status == Status.CONFIRMED
    assert waiting.parts.get().status == Status.OFFERED
    # Cancelling asks once more, in a destructive style, before it acts.
    page = client.post(path, {"action": "cancel"}).content.decode()
    assert "button--danger" in page and registration.parts.active().exists()
    client.post(path, {"action": "cancel", "confirm": "yes"})
    assert not registration.parts.active().exists()
    page = client.get(path).content.decode()
    assert "Vaše přihláška je zrušena." in page
    assert f"/cs/akce/{event.slug}/registrace/" in page, "registering again is offered"


def test_offer_page_claims_by_post_only_and_explains_reuse(client):
    part = EventPartFactory(capacity=1)
    holder = registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    waiting = registration_create(event=part.event, parts=[part], name="B", email="b@example.org")
    registration_cancel(registration=holder)
    row = waiting.parts.get()
    path = f"/en/events/registration/{registration_token(waiting)}/offer/{row.pk}/"
    page = client.get(path).content.decode()
    assert "Accept the place" in page
    row.refresh_from_db()
    assert row.status == Status.OFFERED  # opening the link changes nothing
    client.post(path, {"action": "claim"})
    row.refresh_from_db()
    assert row.status == Status.CONFIRMED
    assert "You have already accepted this place." in client.get(path).content.decode()
    other = f"/en/events/registration/{registration_token(holder)}/offer/{row.pk}/"
    assert client.get(other).status_code == 404


def test_expired_offer_page_says_so(client):
    part = EventPartFactory(capacity=1)
    holder = registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    waiting = registration_create(event=part.event, parts=[part], name="B", email="b@example.org")
    registration_cancel(registration=holder)
    row = waiting.parts.get()
    offers_expire(now=row.offer_expires_at)
    path = f"/cs/akce/prihlaska/{registration_token(waiting)}/nabidka/{row.pk}/"
    assert "Nabídka vypršela" in client.get(path).content.decode()


# --- roles ------------------------------------------------------------------------------
def colleagues_data(part, member, *people):
    data = {"parts": [part.pk], "member": member.pk, "website": ""}
    for number, (name, email) in enumerate(people, start=1):
        data[f"name_{number}"] = name
        data[f"email_{number}"] = email
    return data


def test_colleagues_page_per_role(client, member, coordinator, other_coordinator, events_staff):
    part = EventPartFactory(member_quota=2)
    path = f"/cs/akce/{part.event.slug}/registrace-kolegu/"
    assert client.get(path).status_code == 302  # anonymous: to the login page
    client.force_login(events_staff)
    assert client.get(path).status_code == 403  # no member to register for
    client.force_login(coordinator)
    assert client.get(path).status_code == 200
    response = client.post(
        path, colleagues_data(part, member, ("Kolega A", "a@example.org"), ("B", "b@e.org"))
    )
    assert response.status_code == 200
    assert "Kolega A" in response.content.decode(), "a result per person"
    assert part.registrations.filter(status=Status.CONFIRMED).count() == 2
    page = client.post(path, colleagues_data(part, member, ("C", "c@example.org"))).content
    assert "vyčerpal" in page.decode()
    # Coordinator of B cannot pick A's member: it is not among the choices.
    client.force_login(other_coordinator)
    page = client.post(path, colleagues_data(part, member, ("D", "d@example.org"))).content
    assert "id_member_error" in page.decode()
    assert part.registrations.count() == 2


def test_admin_actions_call_the_services(client, events_staff):
    events_staff.is_staff = True
    events_staff.save()
    part = EventPartFactory(capacity=1)
    holder = registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    waiting = registration_create(event=part.event, parts=[part], name="B", email="b@example.org")
    client.force_login(events_staff)
    url = "/cs/sprava/events/registrationpart/"
    assert client.get(url, {"part__event__id__exact": part.event.pk}).status_code == 200
    client.post(url, {"action": "cancel_selected", "_selected_action": [holder.parts.get().pk]})
    assert waiting.parts.get().status == Status.OFFERED
    parts_url = "/cs/sprava/events/eventpart/"
    client.post(
        parts_url,
        {"action": "change_capacity", "_selected_action": [part.pk], "apply": "1", "capacity": 5},
    )
    part.refresh_from_db()
    assert part.capacity == 5
    message_url = f"/cs/sprava/events/event/{part.event.pk}/message/"
    assert client.get(message_url).status_code == 200
    assert client.post(message_url, {"subject": "Změna", "body": "Sál 2"}).status_code == 302


def test_admin_capacity_edit_moves_the_queue(client, events_staff):
    """Editing a part's capacity in the admin offers the new place, as the action does."""
    events_staff.is_staff = True
    events_staff.save()
    part = EventPartFactory(capacity=1)
    registration_create(event=part.event, parts=[part], name="A", email="a@example.org")
    waiting = registration_create(event=part.event, parts=[part], name="B", email="b@example.org")
    client.force_login(events_staff)
    url = f"/cs/sprava/events/eventpart/{part.pk}/change/"
    response = client.get(url)
    form = response.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    for name in ("start", "end"):
        local = timezone.localtime(getattr(part, name))
        data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        data.pop(name, None)
    data.update(capacity=2, event=part.event.pk, title_cs=part.title_cs, audience="anyone")
    for name in ("registration_opens_at", "registration_closes_at"):
        data[f"{name}_0"] = data[f"{name}_1"] = ""
        data.pop(name, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert waiting.parts.get().status == Status.OFFERED


def test_attachments_must_be_pdf():
    """An event's document (a document of the library) must be a real PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.forms import InlineDocumentForm
    from documents.models import Document

    event = EventFactory()
    fake = SimpleUploadedFile("program.pdf", b"<script>not a pdf</script>", "application/pdf")
    form = InlineDocumentForm(
        data={
            "title_cs": "Program",
            "kind": "presentation",
            "year": 2024,
            "language": "cs",
            "status": "published",
            "position": 0,
        },
        files={"upload": fake},
        instance=Document(event=event),
    )
    assert not form.is_valid()
    assert "PDF" in str(form.errors["upload"])


def test_a_limited_facet_reads_the_busiest_values_ties_and_the_chosen_ones():
    """A filter with a ``limit`` (the hosts: nearly every member hosts some event) reads only
    what it can offer: the values down to the limit-th count with its ties, and the chosen
    ones however few their events, not a row per value."""
    hosts = {
        name: EventMemberFactory(name=f"Hostitel {name}", slug=f"hostitel-{name.lower()}")
        for name in "ABCDE"
    }
    for name, events in {"A": 3, "B": 2, "C": 2, "D": 1, "E": 1}.items():
        for _number in range(events):
            EventFactory(hosts=[hosts[name]])
    busiest = Filter.linked("host", "host", Event.hosts, labels=lambda slugs: [], limit=2)
    expected = {hosts[name].slug: count for name, count in {"A": 3, "B": 2, "C": 2}.items()}
    assert busiest.counts(EventSearch(QueryDict())) == expected
    chosen = EventSearch(QueryDict(f"host={hosts['E'].slug}"))
    assert busiest.counts(chosen) == {**expected, hosts["E"].slug: 1}
