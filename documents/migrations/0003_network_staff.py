from django.db import migrations

from network_portal.access import grant_to_network_staff


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_attachments"),
        ("network_portal", "0003_network_staff"),
    ]

    operations = [grant_to_network_staff("documents")]
