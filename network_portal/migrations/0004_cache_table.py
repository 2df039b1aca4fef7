"""The shared cache's table (settings.CACHE_TABLE), in the layout of Django's DatabaseCache.

Created here rather than by ``createcachetable`` so that every deployment and test database
has it after ``migrate``, and UNLOGGED: writes skip the write-ahead log (the page cache writes
often), and after a crash PostgreSQL empties it, which for a cache is only a cold start.
"""

from django.db import migrations

TABLE = "portal_cache"


class Migration(migrations.Migration):
    dependencies = [("network_portal", "0003_network_staff")]

    operations = [
        migrations.RunSQL(
            sql=[
                f"""
                CREATE UNLOGGED TABLE IF NOT EXISTS {TABLE} (
                    cache_key varchar(255) NOT NULL PRIMARY KEY,
                    value text NOT NULL,
                    expires timestamp with time zone NOT NULL
                )
                """,
                f"CREATE INDEX IF NOT EXISTS {TABLE}_expires ON {TABLE} (expires)",
            ],
            reverse_sql=[f"DROP TABLE IF EXISTS {TABLE}"],
        )
    ]
