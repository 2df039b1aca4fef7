from django.db import migrations

from network_portal.access import grant_to_network_staff


class Migration(migrations.Migration):
    dependencies = [("events", "0004_after_the_day")]

    operations = [grant_to_network_staff("events")]
