import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    # The vectors of the rows already there are written after migrate
    # (network_portal.search.fill_missing): the words are lemmatized in Python.

    dependencies = [
        ("network_portal", "0006_search_configuration"),
        ('members', '0007_review_permission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='member',
            name='search_cs',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='member',
            name='search_en',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='member',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_cs'], name='member_search_cs'),
        ),
        migrations.AddIndex(
            model_name='member',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_en'], name='member_search_en'),
        ),
    ]
