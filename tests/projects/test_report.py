"""The funder's report: who may download it and what it holds."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
XLSX = "/cs/projekty/part-net/zprava.xlsx"
CSV = "/cs/projekty/part-net/zprava.csv"


@pytest.fixture
def project():
    project = ProjectFactory(slug="part-net", acronym="PART-NET")
    PracticeFactory(title_cs="=1+1 mapa", project=project)
    ArticleFactory(title_cs="Začíná PART-NET", projects=[project])
    return project


def test_anonymous_is_sent_to_log_in(client, project):
    response = client.get(XLSX)
    assert response.status_code == 302
    assert "/ucet/login/" in response["Location"]


def test_coordinator_without_permission_gets_403(client, project):
    """A coordinator (even one marked is_staff without the permission) may not download it."""
    coordinator = UserFactory()
    GPMemberFactory().coordinators.add(coordinator)
    client.force_login(coordinator)
    assert client.get(XLSX).status_code == 403
    staff_without_permission = UserFactory(is_staff=True)
    client.force_login(staff_without_permission)
    assert client.get(CSV).status_code == 403


def test_user_with_permission_gets_xlsx_with_string_cells(client, project):
    """Staff with view_project get the workbook; text that looks like a formula stays text."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_project"))
    client.force_login(user)
    response = client.get(XLSX)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Aktivity", "Výstupy", "Aktuality"]
    cell = workbook["Výstupy"]["A2"]
    assert cell.value == "=1+1 mapa"
    assert cell.data_type == "s"
    assert workbook["Aktuality"]["A2"].value == "Začíná PART-NET"


def test_csv_report_is_neutralised(client, project, staff_user):
    client.force_login(staff_user)
    response = client.get(CSV)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Výstupy", "'=1+1 mapa"] in [row[:2] for row in rows]


def test_project_page_links_the_report_only_with_permission(client, project, staff_user):
    assert "zprava.xlsx" not in client.get("/cs/projekty/part-net/").content.decode()
    client.force_login(staff_user)
    assert "zprava.xlsx" in client.get("/cs/projekty/part-net/").content.decode()


def test_activities_count_confirmed_registrations_and_people_present(client, project, staff_user):
    """ "Registered" counts people with a confirmed place (not the waiting list, not cancelled
    or declined rows); "attending" counts people recorded present in at least one part."""
    from django.utils import timezone

    from events.models import Attendance, Registration, RegistrationPart
    from tests.events.factories import EventFactory, EventPartFactory

    event = EventFactory(project=project, title_cs="Dílna PART-NET")
    first, second = EventPartFactory(event=event), EventPartFactory(event=event)
    statuses = ["confirmed"] * 3 + ["waiting", "cancelled", "declined", "pending", "expired"]
    people = []
    for number, status in enumerate(statuses):
        registration = Registration.objects.create(
            event=event, name=f"Osoba {number}", email=f"osoba{number}@example.org"
        )
        for part in (first, second):
            RegistrationPart.objects.create(
                registration=registration, part=part, email=registration.email, status=status
            )
        people.append(registration)
    # Two of the confirmed came (one to both parts), one was marked absent.
    for registration, part, present in [
        (people[0], first, True),
        (people[0], second, True),
        (people[1], second, True),
        (people[2], first, False),
    ]:
        Attendance.objects.create(
            registration=registration, part=part, present=present, recorded_at=timezone.now()
        )
    client.force_login(staff_user)
    rows = list(csv.reader(io.StringIO(b"".join(client.get(CSV).streaming_content).decode())))
    (row,) = [row for row in rows if "Dílna PART-NET" in row]
    header = next(row for row in rows if "Přihlášeno" in row or "Registered" in row)
    assert header[5:7] == ["Přihlášeno", "Zúčastnilo se"]
    assert row[5:7] == ["3", "2"]
