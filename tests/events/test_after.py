"""After the day: check-in per part (permissions, present/undo, walk-ins with and without
capacity), attendance exports and their log, certificates (PDF text, reissue, verification),
the registrant's own data and deletion, and the member profile's attendance for staff."""

import io
import json
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from events.models import Attendance, Certificate, ExportLog, Registration, RegistrationPart
from events.services.attendance import attendance_mark, part_counts, walk_in_register
from events.services.certificates import certificates_issue
from events.services.personal_data import personal_data_until
from events.services.registration import registration_create
from events.tokens import registration_token
from tests.events.conftest import run_jobs
from tests.events.factories import EventFactory, EventMemberFactory, EventPartFactory
from tests.factories import UserFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db
Status = RegistrationPart.Status
PROGRAMME = "Místní Agenda 21 a Projekt Zdravé Město WHO"


@pytest.fixture
def door_staff(db):
    """Staff who check people in, export attendance and issue certificates (permissions only)."""
    user = UserFactory(email="u.dveri@example.org")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="events", codename__in=["check_in", "add_certificate"]
        )
    )
    return user


@pytest.fixture
def school(db):
    event = EventFactory(
        slug="skola-po",
        title_cs="Podzimní Škola Zdravých měst",
        title_en="Autumn Healthy Cities School",
        start=timezone.now() - timedelta(hours=2),
        end=timezone.now() + timedelta(hours=4),
    )
    part = EventPartFactory(
        event=event,
        title_cs="Trénink participace",
        title_en="Participation training",
        capacity=3,
        accredited_programme=PROGRAMME,
        accreditation_number="AK/PV-456/2026",
        accredited_hours=6,
    )
    return event, part


def _register(event, part, name, email, **kwargs):
    # Registration has closed once the part started: register "before" it started.
    return registration_create(
        event=event,
        parts=[part],
        name=name,
        email=email,
        now=part.start - timedelta(days=1),
        **kwargs,
    )


@pytest.fixture
def registrants(school):
    event, part = school
    return [
        _register(event, part, "Jiří Šťastný", "jiri@example.org", language="cs"),
        _register(event, part, "Eva Malá", "eva@example.org", language="en"),
        _register(event, part, "Karel Žák", "karel@example.org"),
    ]


def check_in_path(event, part, language="cs"):
    if language == "cs":
        return f"/cs/akce/{event.slug}/prezence/{part.pk}/"
    return f"/en/events/{event.slug}/attendance/{part.pk}/"


# --- permissions ---------------------------------------------------------------------------
def test_staff_pages_need_login_and_permission(client, school, coordinator):
    """Anonymous visitors go to the login page; a coordinator gets a 403."""
    event, part = school
    paths = [
        check_in_path(event, part),
        f"/cs/akce/{event.slug}/prezence/",
        f"/cs/akce/{event.slug}/prezence/export.csv",
        f"/en/events/{event.slug}/attendance/export.xlsx?part={part.pk}",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"], path
    assert client.post(f"/cs/akce/{event.slug}/prezence/certifikaty/").status_code == 302
    client.force_login(coordinator)
    for path in paths:
        assert client.get(path).status_code == 403, path
    assert client.post(f"/cs/akce/{event.slug}/prezence/certifikaty/").status_code == 403
    assert client.post(check_in_path(event, part), {"action": "walk-in"}).status_code == 403
    assert not ExportLog.objects.exists()


def test_check_in_without_certificate_permission_cannot_issue(client, school):
    user = UserFactory(email="jen.prezence@example.org")
    user.user_permissions.set(Permission.objects.filter(codename="check_in"))
    event, part = school
    client.force_login(user)
    assert client.get(check_in_path(event, part)).status_code == 200
    assert client.post(f"/cs/akce/{event.slug}/prezence/certifikaty/").status_code == 403


def test_part_of_another_event_is_404(client, school, door_staff):
    event, _part = school
    other = EventPartFactory()
    client.force_login(door_staff)
    assert client.get(check_in_path(event, other)).status_code == 404
    assert (
        client.get(f"/cs/akce/{event.slug}/prezence/export.csv?part={other.pk}").status_code == 404
    )
    assert client.get(f"/cs/akce/{event.slug}/prezence/export.csv?part=x").status_code == 404
    assert client.get(f"/cs/akce/{event.slug}/prezence/export.pdf").status_code == 404


# --- check-in -----------------------------------------------------------------------------
def test_check_in_search_mark_and_undo_in_both_languages(client, school, registrants, door_staff):
    event, part = school
    client.force_login(door_staff)
    page = client.get(check_in_path(event, part), {"q": "stastny"}).content.decode()
    assert "Jiří Šťastný" in page and "Eva Malá" not in page
    assert "Přítomni: 0" in page or "Přítomno: 0" in page
    jiri = registrants[0]
    response = client.post(
        check_in_path(event, part), {"action": "present", "registration": jiri.pk, "q": "st"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"?q=st#r{jiri.pk}")
    assert Attendance.objects.get(registration=jiri, part=part).present
    page = client.get(check_in_path(event, part, "en")).content.decode()
    assert "Present: 1" in page and "Registered: 3" in page and "No-show: 2" in page
    client.post(check_in_path(event, part, "en"), {"action": "undo", "registration": jiri.pk})
    assert not Attendance.objects.get(registration=jiri, part=part).present
    assert part_counts(part).present == 0


def test_check_in_bad_input_is_a_message_not_a_500(client, school, registrants, door_staff):
    event, part = school
    stranger = _register(event, EventPartFactory(event=event), "Cizí", "cizi@example.org")
    client.force_login(door_staff)
    for value in ("abc", "", str(stranger.pk), "999999"):
        response = client.post(
            check_in_path(event, part, "en"),
            {"action": "present", "registration": value},
            follow=True,
        )
        assert response.status_code == 200
        assert "This person has no confirmed place in this part." in response.content.decode()
    assert not Attendance.objects.exists()


def test_walk_in_within_capacity_then_full_needs_a_reason(client, school, door_staff, queue):
    event, part = school
    part.capacity = 1
    part.save()
    client.force_login(door_staff)
    response = client.post(
        check_in_path(event, part, "en"),
        {
            "action": "walk-in",
            "name": "Petra Nová",
            "email": "petra@example.org",
            "language": "en",
        },
    )
    assert response.status_code == 302
    petra = Registration.objects.get(email="petra@example.org")
    assert petra.language == "en"
    attendance = Attendance.objects.get(registration=petra)
    assert attendance.walk_in and attendance.present and attendance.override_reason == ""
    # Full now: without a reason the form explains, with one the person is let in.
    response = client.post(
        check_in_path(event, part, "en"),
        {"action": "walk-in", "name": "Olga Plná", "email": "olga@example.org", "language": "cs"},
    )
    assert response.status_code == 400
    assert "This part is full." in response.content.decode()
    assert not Registration.objects.filter(email="olga@example.org").exists()
    response = client.post(
        check_in_path(event, part),
        {
            "action": "walk-in",
            "name": "Olga Plná",
            "email": "olga@example.org",
            "override_reason": "Přednášející",
            "language": "cs",
        },
    )
    assert response.status_code == 302
    olga = Attendance.objects.get(registration__email="olga@example.org")
    assert olga.override_reason == "Přednášející" and olga.recorded_by == door_staff
    assert part_counts(part).registered == 2
    run_jobs(queue)


def test_walk_in_bad_input_and_duplicate(client, school, registrants, door_staff):
    event, part = school
    client.force_login(door_staff)
    response = client.post(
        check_in_path(event, part), {"action": "walk-in", "name": "", "email": "ne-e-mail"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Opravte prosím chyby" in page or "error-summary" in page
    response = client.post(
        check_in_path(event, part, "en"),
        {"action": "walk-in", "name": "Jiří", "email": "JIRI@example.org", "language": "cs"},
    )
    assert response.status_code == 400
    assert "already has a confirmed place" in response.content.decode()


def test_walk_in_from_the_waiting_list_gets_the_place_confirmed(school, door_staff):
    event, part = school
    part.capacity = 0
    part.save()
    waiting = _register(event, part, "Čekající", "ceka@example.org")
    assert waiting.parts.get().status == Status.WAITING
    walk_in_register(
        part=part,
        name="Čekající",
        email="ceka@example.org",
        override_reason="VIP",
        user=door_staff,
    )
    assert waiting.parts.get().status == Status.CONFIRMED
    assert Registration.objects.count() == 1


# --- exports --------------------------------------------------------------------------------
def test_exports_csv_and_xlsx_are_logged_and_safe(client, school, registrants, door_staff):
    event, part = school
    registrants[0].organisation = '=HYPERLINK("http://evil.example")'
    registrants[0].save()
    attendance_mark(part=part, registration_id=registrants[0].pk, present=True, user=door_staff)
    client.force_login(door_staff)
    response = client.get(f"/cs/akce/{event.slug}/prezence/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Jiří Šťastný" in body and "'=HYPERLINK" in body and "Eva Malá" in body
    assert "jiri@example.org" not in body
    response = client.get(f"/en/events/{event.slug}/attendance/export.xlsx?part={part.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "part of the event"
    (jiri_row,) = [row for row in values[1:] if row[2] == "Jiří Šťastný"]
    # XLSX keeps the text as it is, in a text cell (never a formula); present is a boolean.
    assert jiri_row[3] == '=HYPERLINK("http://evil.example")' and jiri_row[5] is True
    logs = list(ExportLog.objects.order_by("pk"))
    assert [(log.user, log.event, log.part, log.export_format, log.rows) for log in logs] == [
        (door_staff, event, None, "csv", 3),
        (door_staff, event, part, "xlsx", 3),
    ]


# --- certificates ---------------------------------------------------------------------------
def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def tampered(secret: str) -> str:
    """``secret`` with its first character changed (never to itself)."""
    return ("y" if secret[0] == "x" else "x") + secret[1:]


def test_issue_certificates_pdf_email_verify_and_reissue(
    client,
    school,
    registrants,
    door_staff,
    queue,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://portal.example.org"
    event, part = school
    jiri, eva, _karel = registrants
    for person in (jiri, eva):
        attendance_mark(part=part, registration_id=person.pk, present=True, user=door_staff)
    client.force_login(door_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cs/akce/{event.slug}/prezence/certifikaty/", follow=True)
    assert "Vydáno osvědčení: 2" in response.content.decode()
    assert Certificate.objects.count() == 2
    mailoutbox.clear()
    run_jobs(queue)
    to_jiri = next(message for message in mailoutbox if message.to == ["jiri@example.org"])
    certificate = Certificate.objects.get(registration=jiri)
    link = f"https://portal.example.org/cs/akce/certifikat/{certificate.code}/pdf/"
    assert link in to_jiri.body
    text = _pdf_text(bytes(certificate.pdf))
    assert "Jiří Šťastný" in text and "AK/PV-456/2026" in text and "6" in text
    assert "Osvědčení o účasti" in text
    english = _pdf_text(bytes(Certificate.objects.get(registration=eva).pdf))
    assert "Certificate of attendance" in english and "Participation training" in english
    assert len(certificate.code) >= 22 and len(certificate.download_key) >= 43

    client.logout()
    page = client.get(f"/cs/akce/certifikat/{certificate.code}/").content.decode()
    assert "Jiří Šťastný" in page and "Podzimní Škola Zdravých měst" in page
    assert "AK/PV" not in page and "jiri@example.org" not in page
    assert (
        "Jiří Šťastný" in client.get(f"/en/events/certificate/{certificate.code}/").content.decode()
    )
    assert client.get("/cs/akce/certifikat/vymysleny-kod-123/").status_code == 404
    good = client.get(f"/cs/akce/certifikat/{certificate.code}/pdf/{certificate.download_key}/")
    assert good.status_code == 200 and good["Content-Type"] == "application/pdf"
    assert (
        client.get(
            f"/cs/akce/certifikat/{certificate.code}/pdf/{tampered(certificate.download_key)}/"
        ).status_code
        == 404
    )

    # Issuing again changes nothing; a corrected name supersedes the old certificate.
    assert certificates_issue(event=event, user=door_staff) == 0
    Registration.objects.filter(pk=jiri.pk).update(name="Jiří Šťastný ml.")
    assert certificates_issue(event=event, user=door_staff) == 1
    new = Certificate.objects.get(supersedes=certificate)
    assert "ml." in _pdf_text(bytes(new.pdf))
    page = client.get(f"/en/events/certificate/{certificate.code}/").content.decode()
    assert "no longer valid" in page


def test_issue_without_accredited_part_is_an_error(school, door_staff, coordinator):
    event = EventFactory(slug="bez-akreditace")
    EventPartFactory(event=event)
    with pytest.raises(ValidationError, match=r"no accredited part|žádnou akreditovanou"):
        certificates_issue(event=event, user=door_staff)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        certificates_issue(event=school[0], user=coordinator)


# --- the registrant's own data --------------------------------------------------------------
def test_a_registrations_link_shows_that_registration_only(client, school, registrants):
    """A private link shows its own registration; what other registrations of the address
    hold is behind a link sent to the address."""
    event, _part = school
    jiri = registrants[0]
    other_event = EventFactory(slug="jina-akce", title_cs="Jiná akce")
    other_part = EventPartFactory(event=other_event)
    second = registration_create(
        event=other_event,
        parts=[other_part],
        name="Jiří Š.",
        email="JIRI@example.org",
        needs="bez lepku",
    )
    response = client.get(f"/cs/akce/prihlaska/{registration_token(jiri)}/moje-udaje.json")
    assert response.status_code == 200
    data = json.loads(response.content)["registrations"]
    assert [item["event"] for item in data] == [event.title]
    assert "bez lepku" not in response.content.decode()
    page = client.get(f"/en/events/registration/{registration_token(second)}/my-data/")
    text = page.content.decode()
    assert page.status_code == 200 and "Jiří Š." in text and "Jiří Šťastný" not in text
    assert client.get("/cs/akce/prihlaska/1-abc/moje-udaje.json").status_code == 404


def test_data_of_an_address_holds_exactly_that_persons_registrations(
    client, school, registrants, queue, mailoutbox, commits
):
    """The link to everything about an address goes to that address; its page and file hold
    its registrations and nobody else's."""
    event, _part = school
    jiri = registrants[0]
    other_event = EventFactory(slug="jina-akce", title_cs="Jiná akce")
    other_part = EventPartFactory(event=other_event)
    registration_create(
        event=other_event,
        parts=[other_part],
        name="Jiří Š.",
        email="JIRI@example.org",
        needs="bez lepku",
    )
    registration_create(
        event=other_event, parts=[other_part], name="Someone Else", email="else@example.org"
    )
    run_jobs(queue)
    mailoutbox.clear()
    client.post(f"/cs/akce/prihlaska/{registration_token(jiri)}/", {"action": "links"})
    run_jobs(queue)
    (message,) = mailoutbox
    assert message.to == [jiri.email]
    link = next(line for line in message.body.splitlines() if "/prihlaska/adresa/" in line)
    path = urlparse(link.strip()).path
    response = client.get(path + "moje-udaje.json")
    data = json.loads(response.content)["registrations"]
    assert sorted(item["email"].lower() for item in data) == ["jiri@example.org"] * 2
    assert {item["event"] for item in data} == {event.title, other_event.title}
    for stranger in ("Eva Malá", "Karel Žák", "Someone Else", "eva@", "karel@", "else@"):
        assert stranger not in response.content.decode()
    assert "Jiná akce" in client.get(path).content.decode()
    assert client.get("/cs/akce/prihlaska/adresa/padelek/").status_code == 404


def test_delete_before_the_event_deletes_and_frees_the_place(client):
    event = EventFactory(slug="smazat-predem")
    part = EventPartFactory(event=event, capacity=1)
    holder = registration_create(event=event, parts=[part], name="A", email="a@example.org")
    waiting = registration_create(event=event, parts=[part], name="B", email="b@example.org")
    path = f"/cs/akce/prihlaska/{registration_token(holder)}/smazat/"
    response = client.post(path, {}, follow=True)
    assert (
        "Zaškrtněte" in response.content.decode()
        or Registration.objects.filter(pk=holder.pk).exists()
    )
    assert Registration.objects.filter(pk=holder.pk).exists()
    page = client.get(path).content.decode()
    assert "button--danger" in page
    assert client.post(path, {"confirm": "yes"}).status_code == 302
    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert waiting.parts.get().status == Status.OFFERED
    assert client.get(f"/cs/akce/prihlaska/{registration_token(holder)}/").status_code == 404


def test_delete_after_the_event_keeps_an_anonymous_record(school, registrants, door_staff, client):
    event, part = school
    jiri = registrants[0]
    attendance_mark(part=part, registration_id=jiri.pk, present=True, user=door_staff)
    certificates_issue(event=event, user=door_staff)
    certificate = Certificate.objects.get(registration=jiri)
    response = client.post(
        f"/en/events/registration/{registration_token(jiri)}/delete/", {"confirm": "yes"}
    )
    assert response.status_code == 302
    jiri.refresh_from_db()
    assert jiri.name == "" and "jiri" not in jiri.email
    assert Attendance.objects.get(registration=jiri, part=part).present
    certificate.refresh_from_db()
    assert certificate.name == "" and not certificate.pdf and certificate.name_removed_at
    page = client.get(f"/en/events/certificate/{certificate.code}/").content.decode()
    # The certificate keeps what it said, in its holder's language, except the name.
    assert "removed on" in page and "Podzimní Škola Zdravých měst" in page
    assert part_counts(part).registered == 3


# --- member profile, query counts --------------------------------------------------------------
@pytest.mark.parametrize("shared", [False, True], ids=["rendered", "shared"])
def test_member_profile_shows_attendance_to_staff_only(
    client, school, door_staff, settings, shared
):
    """With the page cache on, the profile's blocks are shared (``related_blocks``): by
    visitors with the same permissions only, so what staff see never reaches anyone else."""
    settings.PAGE_CACHE_ENABLED = shared
    event, part = school
    member = EventMemberFactory(name="Prachatice", slug="prachatice-po")
    for number in range(2):
        registration = _register(
            event, part, f"Úředník {number}", f"u{number}@example.org", member=member
        )
        attendance_mark(part=part, registration_id=registration.pk, present=True, user=door_staff)
    path = f"/cs/clenove/{member.slug}/"
    assert "Podzimní Škola" not in client.get(path).content.decode()
    someone = Client()
    someone.force_login(UserFactory(email="nekdo@example.org"))
    assert "Podzimní Škola" not in someone.get(path).content.decode()
    client.force_login(door_staff)
    page = client.get(path).content.decode()
    assert "Podzimní Škola Zdravých měst" in page and "2 osoby" in page
    assert "Podzimní Škola" not in someone.get(path).content.decode()


def test_member_section_related_runs_fixed_queries(
    school, door_staff, django_assert_num_queries, rf
):
    from events.section import related

    event, part = school
    member = EventMemberFactory(name="Chrudim", slug="chrudim-po")
    request = rf.get("/")
    request.user = door_staff
    door_staff.has_perm("events.check_in")  # the permissions are loaded once per request
    with django_assert_num_queries(2):
        related(request, member)
    for number in range(5):
        registration = _register(
            event, part, f"Ú {number}", f"q{number}@example.org", member=member
        )
        Attendance.objects.create(registration=registration, part=part, recorded_at=timezone.now())
    with django_assert_num_queries(2):
        block = related(request, member)
    assert block.context["attended"][0].people == 5


@pytest.mark.parametrize("size", [3, 12])
def test_check_in_page_query_count_does_not_grow(
    client, door_staff, django_assert_num_queries, size
):
    event = EventFactory(slug=f"pocet-{size}", start=timezone.now() - timedelta(hours=1))
    part = EventPartFactory(event=event, capacity=None)
    member = EventMemberFactory(slug=f"pocet-clen-{size}")
    for number in range(size):
        registration = _register(
            event, part, f"Č {number}", f"c{number}@example.org", member=member
        )
        if number % 2:
            Attendance.objects.create(
                registration=registration, part=part, recorded_at=timezone.now()
            )
    client.force_login(door_staff)
    with django_assert_num_queries(CHECK_IN_QUERIES):
        assert client.get(check_in_path(event, part)).status_code == 200


CHECK_IN_QUERIES = 10 + LAYOUT_QUERIES


@pytest.mark.parametrize("size", [1, 4])
def test_data_page_and_verification_query_counts(client, django_assert_num_queries, size):
    event = EventFactory(slug=f"data-{size}")
    registrations = []
    for number in range(size):
        other = EventFactory(slug=f"data-{size}-{number}")
        registrations.append(
            registration_create(
                event=other,
                parts=[EventPartFactory(event=other)],
                name="Táž",
                email="taz@example.org",
            )
        )
    first = registration_create(
        event=event, parts=[EventPartFactory(event=event)], name="Táž", email="taz@example.org"
    )
    with django_assert_num_queries(DATA_QUERIES):
        assert (
            client.get(f"/cs/akce/prihlaska/{registration_token(first)}/moje-udaje/").status_code
            == 200
        )


DATA_QUERIES = 6 + LAYOUT_QUERIES


def test_admin_registration_export_is_logged_too(client, school, registrants, staff_user):
    """The administration's export of registrations is logged per event, like the others;
    the network staff group holds the new permissions."""
    from network_portal.exports import ADMIN_EXPORT_FORMATS, CSVExport

    event, _part = school
    assert staff_user.has_perm("events.check_in") and staff_user.has_perm("events.add_certificate")
    client.force_login(staff_user)
    url = "/cs/sprava/events/registrationpart/export/"
    form = client.get(url).context["form"]
    data = {"format": str(ADMIN_EXPORT_FORMATS.index(CSVExport)), "resource": "0"}
    for name, field in form.fields.items():
        if name not in data and field.widget.input_type == "checkbox":
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200 and "Jiří Šťastný" in response.content.decode("utf-8-sig")
    (log,) = ExportLog.objects.all()
    assert (log.user, log.event, log.rows) == (staff_user, event, 3)
    assert client.get("/cs/sprava/events/exportlog/").status_code == 200
    assert client.get(f"/cs/sprava/events/event/{event.pk}/change/").status_code == 200
    page = client.get("/cs/sprava/events/event/").content.decode()
    until = personal_data_until(event).date()
    assert f"{until.day}. {until.month}. {until.year}" in page  # the Czech date format
    for model in ("certificate", "attendance", "registration"):
        assert client.get(f"/cs/sprava/events/{model}/").status_code == 200, model


@pytest.mark.parametrize("size", [1, 5])
def test_attendance_page_and_verification_query_counts(
    client, door_staff, django_assert_num_queries, size
):
    event = EventFactory(slug=f"prehled-{size}", start=timezone.now() - timedelta(hours=1))
    for _number in range(size):
        EventPartFactory(event=event, accredited_programme="P", accreditation_number="A/1")
    client.force_login(door_staff)
    # The session and user, the permissions, the event with its parts, one count per part
    # (a handful of parts at most), the certificates.
    with django_assert_num_queries(ATTENDANCE_BASE_QUERIES + size):
        assert client.get(f"/cs/akce/{event.slug}/prezence/").status_code == 200
    part = event.parts.first()
    registration = registration_create(
        event=event,
        parts=[part],
        name="Ověřovaná",
        email="over@example.org",
        now=part.start - timedelta(days=1),
    )
    attendance_mark(part=part, registration_id=registration.pk, present=True, user=door_staff)
    certificates_issue(event=event, user=door_staff)
    code = Certificate.objects.get().code
    client.logout()
    with django_assert_num_queries(1 + LAYOUT_QUERIES):
        assert client.get(f"/en/events/certificate/{code}/").status_code == 200


ATTENDANCE_BASE_QUERIES = 7 + LAYOUT_QUERIES


def test_privacy_page_states_the_periods_in_both_languages(client, settings):
    settings.EVENTS_RETENTION_MONTHS = 18
    settings.EVENTS_ACCREDITED_RETENTION_MONTHS = 72
    czech = client.get("/cs/ochrana-osobnich-udaju/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "18 měsíců po akci" in czech and "72 měsíců po akci" in czech
    assert "18 months after the event" in english and "72 months after the event" in english
    # Czech counts with three forms. (Settings change only with a restart in production; here
    # the page rendered a moment ago must not come from the page cache.)
    cache.clear()
    settings.EVENTS_RETENTION_MONTHS = 1
    settings.EVENTS_ACCREDITED_RETENTION_MONTHS = 3
    czech = client.get("/cs/ochrana-osobnich-udaju/").content.decode()
    assert "1 měsíc po akci" in czech and "3 měsíce po akci" in czech


def test_rendering_a_certificate_leaves_pillow_strict(school, registrants, door_staff):
    """WeasyPrint's import would let truncated images through the upload checks."""
    from PIL import ImageFile

    event, part = school
    attendance_mark(part=part, registration_id=registrants[0].pk, present=True, user=door_staff)
    certificates_issue(event=event, user=door_staff)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
