from django.db import migrations

from network_portal.access import grant_to_network_staff


class Migration(migrations.Migration):
    """The "Network staff" group: staff rights are its permissions (users and accounts here;
    each domain app's own migration adds its permissions)."""

    dependencies = [
        ("network_portal", "0002_rate_limits"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [grant_to_network_staff("network_portal")]
