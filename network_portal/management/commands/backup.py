"""``manage.py backup``: a consistent dump of the database and an archive of the media."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from network_portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a dump of the database (pg_dump custom format) and an archive of the uploaded "
        "media into a new dated folder under --dir (BACKUP_DIR, or backups/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="", help="Folder that receives the dated backups.")

    def handle(self, *args, **options):
        base = Path(options["dir"] or settings.BACKUP_DIR)
        try:
            folder = backup_create(
                database=connections["default"].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                base=base,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}")
