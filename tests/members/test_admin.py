"""Staff work in the admin: lists, forms, import/export of members with row-level errors."""

import pytest
import tablib

from members.admin import MemberResource
from members.models import Member

pytestmark = pytest.mark.django_db

HEADERS = ["ico", "name", "slug", "kind", "region", "status", "population"]


@pytest.mark.parametrize(
    "path",
    [
        "/cs/sprava/members/member/",
        "/cs/sprava/members/member/?q=tachov&kind__exact=town",
        "/cs/sprava/members/member/add/",
        "/cs/sprava/members/member/{pk}/change/",
        "/cs/sprava/members/member/{pk}/history/",
        "/cs/sprava/members/member/import/",
        "/cs/sprava/members/member/export/",
        "/cs/sprava/members/member/invite/",
        "/cs/sprava/members/member/profile-edits/",
        "/cs/sprava/members/person/",
        "/cs/sprava/members/role/",
        "/cs/sprava/members/rating/",
        "/cs/sprava/members/region/",
        "/cs/sprava/members/region/autocomplete/?term=plz",
    ],
)
def test_admin_pages_render(client, staff_user, tachov, path):
    """Every members page of the admin opens for staff."""
    client.force_login(staff_user)
    url = path.format(pk=tachov.pk)
    if "autocomplete" in url:
        url = (
            "/cs/sprava/autocomplete/"
            "?app_label=members&model_name=member&field_name=region&term=plz"
        )
    assert client.get(url).status_code == 200


def test_admin_change_form_shows_both_languages(client, staff_user, tachov):
    """The description is edited in Czech and English side by side."""
    client.force_login(staff_user)
    text = client.get(f"/cs/sprava/members/member/{tachov.pk}/change/").content.decode()
    assert 'name="description_cs"' in text and 'name="description_en"' in text
    assert 'name="roles-0-position_cs"' in text
    assert 'name="ratings-0-year"' in text


def test_import_creates_members_from_valid_rows():
    """A valid sheet imports every row; the region is matched by its NUTS3 code."""
    dataset = tablib.Dataset(
        ["00260231", "Tachov", "", "town", "CZ032", "active", "12400"],
        ["00075370", "Plzeň", "plzen", "statutory_city", "CZ032", "active", ""],
        headers=HEADERS,
    )
    result = MemberResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert set(Member.objects.values_list("slug", flat=True)) == {"tachov", "plzen"}


def test_import_with_a_bad_row_imports_nothing():
    """One bad row (wrong IČO check digit, unknown region) reports its row and imports nothing."""
    dataset = tablib.Dataset(
        ["00260231", "Tachov", "tachov", "town", "CZ032", "active", "12400"],
        ["00260232", "Špatné IČO", "spatne", "town", "CZ032", "active", ""],
        ["00075370", "Plzeň", "plzen", "castle", "CZ999", "active", ""],
        headers=HEADERS,
    )
    result = MemberResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors() or result.has_errors()
    invalid_rows = {row.number for row in result.invalid_rows}
    assert invalid_rows >= {2}
    assert "ico" in result.invalid_rows[0].error_dict
    assert Member.objects.count() == 0


def test_admin_import_page_reports_bad_rows(client, staff_user):
    """Through the admin, a sheet with a bad row shows the row's error and imports nothing."""
    client.force_login(staff_user)
    content = "ico,name,slug,kind,region,status\n00260232,Špatné,spatne,town,CZ032,active\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/cs/sprava/members/member/import/",
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("members.csv", content.encode(), "text/csv"),
        },
    )
    assert response.status_code == 200
    assert "IČO" in response.content.decode()
    assert Member.objects.count() == 0


def test_export_contains_members(tachov):
    """The export has the members with their region code."""
    dataset = MemberResource().export()
    assert dataset.dict[0]["ico"] == "00260231"
    assert dataset.dict[0]["region"] == "CZ032"
