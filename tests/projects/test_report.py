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
