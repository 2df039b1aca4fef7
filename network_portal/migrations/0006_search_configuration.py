"""The Czech text search configuration of every section's search (network_portal.search).

``cs_unaccent`` is the `simple` parser with unaccent and no stemming: the words arrive
lemmatized from Python. Good practice's first migration created it when only that app
searched; it is the shell's now, created here when missing, so that either may run first.
"""

from django.db import migrations

CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'cs_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION cs_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION cs_unaccent ALTER MAPPING FOR
            asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH unaccent, simple;
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("network_portal", "0005_single_line_text"),
    ]

    operations = [migrations.RunSQL(CREATE, migrations.RunSQL.noop)]
