"""The page attachments are documents of the library now (``Document.page``): moved by
``documents/migrations/0004_page_documents.py``, which must run first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_network_staff"),
        ("documents", "0004_page_documents"),
    ]

    operations = [migrations.DeleteModel(name="PageAttachment")]
