import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_event_links"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_search_cs"),
        migrations.RemoveIndex(model_name="article", name="article_search_en"),
        migrations.RemoveField(model_name="article", name="search_cs"),
        migrations.RemoveField(model_name="article", name="search_en"),
        migrations.AddField(
            model_name="article",
            name="search_cs",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_cs"], name="article_search_cs"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_en"], name="article_search_en"
            ),
        ),
        # The words are lemmatized in Python (network_portal.search): the vectors of the
        # articles already there are written after migrate (network_portal.search.fill_missing).
    ]
