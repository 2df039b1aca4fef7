from django.db import migrations

from network_portal.access import grant_to_network_staff


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("network_portal", "0003_network_staff"),
    ]

    operations = [grant_to_network_staff("pages")]
