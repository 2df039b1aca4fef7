"""Statistics of each language's words (PostgreSQL's statistics on an expression).

The list estimates how many of a language's rows its words find (``PracticeSearch.
_words_are_broad``). The column's own statistics mix both languages' rows, and the planner
takes words and language for independent: an English word, found only in English rows, comes
out at half its share. These statistics are of one language's documents alone; they cost
ANALYZE a little and a write nothing (no index).
"""

from django.db import migrations

LANGUAGES = ("cs", "en")


def _statistics(language):
    return migrations.RunSQL(
        f"CREATE STATISTICS practice_text_words_{language} "
        f"ON (CASE WHEN language = '{language}' THEN document END) "
        "FROM goodpractice_practicesearchtext",
        f"DROP STATISTICS practice_text_words_{language}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("goodpractice", "0011_drop_search_bounds"),
    ]

    operations = [_statistics(language) for language in LANGUAGES]
