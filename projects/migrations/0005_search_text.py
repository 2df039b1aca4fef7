import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):
    # The vectors of the rows already there are written after migrate
    # (network_portal.search.fill_missing): the words are lemmatized in Python.

    dependencies = [
        ("network_portal", "0006_search_configuration"),
        ('goodpractice', '0009_search_words_index'),
        ('members', '0008_search_text'),
        ('projects', '0004_czech_slogan'),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='search_cs',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='project',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='project',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_cs'], name='project_search_cs'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_en'], name='project_search_en'),
        ),
    ]
