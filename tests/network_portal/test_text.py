"""Stored text holds no control characters, whichever way it is written."""

from pathlib import Path

import pytest
import tablib
from django.apps import apps
from django.conf import settings
from django.db import models

from members.admin import MemberResource
from members.models import Member
from network_portal.text import CleanCharFormField, CleanTextMixin, clean_text
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

DIRTY = "Zdravé\x02 město\x03\r\nřádek\x0b\ttab\x7f\x85\rkonec\ufffe"
CLEAN = "Zdravé město\nřádek\ttab\nkonec"


def test_clean_text_keeps_tab_and_newline_and_normalises_line_breaks():
    """Control characters go; tab and newline stay; CR LF and CR become LF."""
    assert clean_text(DIRTY) == CLEAN
    assert clean_text("") == ""
    assert clean_text("a\ud800b") == "ab"


def test_every_text_field_of_the_portal_cleans():
    """Every text field of the portal's models (history tables included) uses the clean fields."""
    own = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and ".venv" not in Path(config.path).parts
    }
    assert {"network_portal", "members", "goodpractice"} <= own
    unclean = []
    for model in apps.get_models():
        if model._meta.app_label not in own:
            continue
        # A history table keeps the names of its record's files in plain text columns.
        original = getattr(model, "instance_type", model)
        file_fields = {
            field.name
            for field in original._meta.get_fields()
            if isinstance(field, models.FileField)
        }
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            # Slugs are validated to [-a-z0-9_]; the history keeps file names and its own notes.
            if isinstance(field, models.SlugField) or field.name in {"password", *file_fields}:
                continue
            if field.name.startswith("history_"):
                continue
            if not isinstance(field, CleanTextMixin):
                unclean.append(f"{model._meta.label}.{field.name}")
    assert unclean == []


def test_every_write_path_stores_clean_text():
    """create(), save() and update() all store the cleaned text."""
    member = MemberFactory(name="Tachov\x02", description_cs=DIRTY)
    member.refresh_from_db()
    assert member.name == "Tachov"
    assert member.description_cs == CLEAN
    Member.objects.filter(pk=member.pk).update(description_en=DIRTY)
    member.refresh_from_db()
    assert member.description_en == CLEAN
    member.address = "Náměstí\x03 1"
    member.save()
    assert Member.objects.get(pk=member.pk).address == "Náměstí 1"
    assert member.history.first().address == "Náměstí 1"


def test_import_stores_clean_text():
    """A spreadsheet imported in the admin cannot bring control characters in."""
    dataset = tablib.Dataset(
        ["00260231", "Tachov\x02", "tachov", "town", "CZ032", "active", DIRTY],
        headers=["ico", "name", "slug", "kind", "region", "status", "description_cs"],
    )
    result = MemberResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True
    )
    assert not result.has_errors() and not result.has_validation_errors()
    member = Member.objects.get(slug="tachov")
    assert member.name == "Tachov"
    assert member.description_cs == CLEAN


def test_clean_form_field_cleans_text_that_is_not_stored():
    """The form field for e-mailed text cleans too."""
    assert CleanCharFormField().clean(DIRTY) == CLEAN


def test_address_without_a_scheme_becomes_https():
    """ "www.tachov.cz" typed into a website field is stored as https://www.tachov.cz."""
    from members.models import Member

    field = Member._meta.get_field("website").formfield()
    assert field.clean("www.tachov.cz") == "https://www.tachov.cz"
    assert field.clean("http://www.tachov.cz") == "http://www.tachov.cz"


BROKEN_LINE = "Zdravé\nměsto\r\nTachov\rna\x85západě\u2028a\u2029dál"
ONE_LINE = "Zdravé město Tachov na západě a dál"


def test_single_line_fields_store_every_line_break_as_a_space():
    """A CleanCharField (titles, names) is one line whichever way it is written: create(),
    update(), bulk_create() and an import; a CleanTextField keeps its lines."""
    member = MemberFactory(name=BROKEN_LINE, description_cs="první\nřádek\u2028")
    member.refresh_from_db()
    assert member.name == ONE_LINE
    assert member.description_cs == "první\nřádek\u2028"
    Member.objects.filter(pk=member.pk).update(address=BROKEN_LINE)
    assert Member.objects.get(pk=member.pk).address == ONE_LINE
    dataset = tablib.Dataset(
        ["00254061", BROKEN_LINE, "dal", "town", "CZ032", "active", "a\nb"],
        headers=["ico", "name", "slug", "kind", "region", "status", "description_cs"],
    )
    result = MemberResource().import_data(dataset, dry_run=False)
    assert not result.has_errors(), result.base_errors
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    imported = Member.objects.get(slug="dal")
    assert (imported.name, imported.description_cs) == (ONE_LINE, "a\nb")
    assert imported.history.first().name == ONE_LINE


def test_rows_stored_before_keep_no_line_break_after_the_migration():
    """The data migration rewrites single-line columns written before the rule (raw SQL here,
    as the old field stored them), history tables included; multi-line text keeps its lines."""
    import importlib
    from types import SimpleNamespace

    from django.db import connection

    migration = importlib.import_module("network_portal.migrations.0005_single_line_text")
    member = MemberFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_member SET name = %s, description_cs = %s WHERE id = %s",
            [BROKEN_LINE, "a\nb", member.pk],
        )
        cursor.execute(
            "UPDATE members_historicalmember SET name = %s WHERE id = %s", [BROKEN_LINE, member.pk]
        )
    migration.single_line_rows(None, SimpleNamespace(connection=connection))
    member.refresh_from_db()
    assert (member.name, member.description_cs) == (ONE_LINE, "a\nb")
    assert set(member.history.values_list("name", flat=True)) == {ONE_LINE}
