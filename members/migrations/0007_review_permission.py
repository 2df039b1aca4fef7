from django.db import migrations

from network_portal.access import grant_to_network_staff


class Migration(migrations.Migration):
    dependencies = [("members", "0006_membership_applications")]

    operations = [grant_to_network_staff("members")]
