import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Fail when a message catalogue in locale/ has an untranslated or fuzzy entry, or is out "
        "of date with the sources (a string makemessages would add). Leaves the files as found."
    )

    def handle(self, *args, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES]
        problems = []
        with tempfile.TemporaryDirectory() as backup:
            shutil.copytree(locale_dir, backup, dirs_exist_ok=True)
            before = {code: self._catalogue(locale_dir, code) for code in languages}
            try:
                call_command(
                    "makemessages",
                    locale=languages,
                    no_location=True,
                    verbosity=0,
                    ignore_patterns=[".venv/*", "node_modules/*", "staticfiles/*", "media/*"],
                )
                after = {code: self._catalogue(locale_dir, code) for code in languages}
            finally:
                shutil.rmtree(locale_dir)
                shutil.copytree(backup, locale_dir)
        for code in languages:
            known = {(e.msgctxt, e.msgid) for e in before[code] if not e.obsolete}
            for entry in after[code]:
                if entry.obsolete:
                    continue
                label = f"{code}: {entry.msgid[:70]!r}"
                if (entry.msgctxt, entry.msgid) not in known:
                    problems.append(f"{label} is missing from the catalogue (run makemessages)")
                elif "fuzzy" in entry.flags:
                    problems.append(f"{label} is fuzzy")
                elif not entry.translated():
                    problems.append(f"{label} is not translated")
        if problems:
            raise CommandError(
                f"{len(problems)} translation problem(s):\n" + "\n".join(sorted(problems))
            )
        self.stdout.write(self.style.SUCCESS("Translation catalogues are complete."))

    @staticmethod
    def _catalogue(locale_dir: Path, code: str) -> polib.POFile:
        path = locale_dir / code / "LC_MESSAGES" / "django.po"
        return polib.pofile(str(path)) if path.exists() else polib.POFile()
