"""Rows written before CleanCharField became single-line: their line breaks become spaces.

Every CleanCharField column of the project (history tables included) is rewritten where it
holds a line break, as the field now stores it. The fields are found on the current models,
so a column that a later migration adds is skipped here (it is written single-line anyway).
"""

from django.db import migrations

# The same breaks as network_portal.text.single_line (CR LF counts as one).
LINE_BREAKS = "\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]"


def single_line_rows(state_apps, schema_editor):
    from django.apps import apps

    from network_portal.text import CleanCharField

    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
        existing = set(cursor.fetchall())
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, CleanCharField)
                    and (model._meta.db_table, field.column) in existing
                ):
                    table, column = quote(model._meta.db_table), quote(field.column)
                    cursor.execute(
                        f"UPDATE {table} SET {column} = regexp_replace({column}, %s, ' ', 'g') "  # noqa: S608
                        f"WHERE {column} ~ %s",
                        [LINE_BREAKS, LINE_BREAKS],
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("network_portal", "0004_cache_table"),
        ("members", "0005_network_staff"),
        ("events", "0005_network_staff_after"),
        ("goodpractice", "0009_search_words_index"),
        ("projects", "0002_network_staff"),
        ("news", "0004_lemmatized_search"),
    ]

    operations = [migrations.RunPython(single_line_rows, migrations.RunPython.noop)]
