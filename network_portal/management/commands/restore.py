"""``manage.py restore FOLDER``: a backup back into an empty database and media folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from network_portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder written by `manage.py backup` into the configured database "
        "(DATABASE_URL) and MEDIA_ROOT. Both must be empty, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A backup folder, e.g. backups/2026-11-21T0300")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database holds and extract over the media folder.",
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        connections.close_all()
        try:
            manifest = backup_restore(
                folder=folder,
                database=connections["default"].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                force=options["force"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({manifest['media_files']} media "
            f"files) into the database {connections['default'].settings_dict['NAME']!r} and "
            f"{settings.MEDIA_ROOT}."
        )
