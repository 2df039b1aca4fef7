"""The blocks of search rows and their generations (``goodpractice.blocks``): one block for
each ``SEARCH_BLOCK`` ids that have text rows now, each with a new generation; from here on
the indexer renews them with every write."""

from django.db import migrations, models

SEARCH_BLOCK = 2_000  # goodpractice.indexing.SEARCH_BLOCK when this migration was written


def fill(apps, schema_editor):
    """The blocks of the rows there are; a database from before 0009 has no rows yet (the
    text is lemmatized in Python, so the current code writes them, blocks included)."""
    Practice = apps.get_model("goodpractice", "Practice")
    PracticeSearchText = apps.get_model("goodpractice", "PracticeSearchText")
    if Practice.objects.filter(status="published").exists():
        if not PracticeSearchText.objects.exists():
            from goodpractice.indexing import practice_index_rebuild

            practice_index_rebuild()
            return
    schema_editor.execute(
        "INSERT INTO goodpractice_practicesearchblock (number, generation) "
        "SELECT number, gen_random_uuid() FROM (SELECT DISTINCT "
        f"practice_id / {SEARCH_BLOCK} AS number FROM goodpractice_practicesearchtext) AS b"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("goodpractice", "0012_words_statistics_by_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="PracticeSearchBlock",
            fields=[
                ("number", models.IntegerField(primary_key=True, serialize=False)),
                ("generation", models.UUIDField()),
            ],
            options={"ordering": ["number"]},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
