from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

IGNORE = [".venv/*", "node_modules/*", "staticfiles/*", "staticfiles-manifest/*", "media/*"]


class Command(BaseCommand):
    help = (
        "Run makemessages for every language and fill the English catalogue from the source "
        "strings, which are written in English. Czech entries are left for a translator."
    )

    def handle(self, *args, **options):
        languages = [code for code, _name in settings.LANGUAGES]
        call_command(
            "makemessages", locale=languages, no_location=True, verbosity=0, ignore_patterns=IGNORE
        )
        locale_dir = Path(settings.LOCALE_PATHS[0])
        for code in languages:
            self._fix_header(locale_dir / code / "LC_MESSAGES" / "django.po", code)
        path = locale_dir / "en" / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
        catalogue.save()
        cs = polib.pofile(str(locale_dir / "cs" / "LC_MESSAGES" / "django.po"))
        todo = [e for e in cs if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
        self.stdout.write(f"Czech entries still to translate: {len(todo)}")

    @staticmethod
    def _fix_header(path: Path, code: str) -> None:
        catalogue = polib.pofile(str(path))
        catalogue.metadata_is_fuzzy = False
        catalogue.header = "Healthy Cities Network portal."
        catalogue.metadata.update(
            {
                "Project-Id-Version": "network-portal",
                "Language": code,
                "Language-Team": code,
                "Last-Translator": "Healthy Cities Network <info@zdravamesta.cz>",
                "PO-Revision-Date": catalogue.metadata.get("POT-Creation-Date", ""),
            }
        )
        catalogue.save()
