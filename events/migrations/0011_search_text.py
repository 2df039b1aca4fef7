import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):
    # The vectors of the rows already there are written after migrate
    # (network_portal.search.fill_missing): the words are lemmatized in Python.

    dependencies = [
        ("network_portal", "0006_search_configuration"),
        ('events', '0010_signatory_role_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='search_cs',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='event',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='event',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_cs'], name='event_search_cs'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_en'], name='event_search_en'),
        ),
    ]
