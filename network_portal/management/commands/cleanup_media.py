"""Remove uploaded files that no record needs any more."""

from datetime import timedelta
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from network_portal.uploads import THUMBNAIL_SIZES, file_fields, thumbnail_name


def referenced_files() -> set[str]:
    """Every stored name a live row points to, or a history row of a record that still exists
    (a revert may bring it back), with its thumbnails. The history of a deleted record keeps
    the names as text, but not the files: nothing served it since the deletion.
    """
    names: set[str] = set()
    for model in apps.get_models():
        recorded = getattr(model, "instance_type", None)
        rows = model._default_manager.all()
        if recorded is not None:
            rows = rows.filter(
                **{f"{recorded._meta.pk.attname}__in": recorded._default_manager.values("pk")}
            )
        for field in file_fields(model):
            names.update(
                rows.exclude(**{field: ""})
                .exclude(**{f"{field}__isnull": True})
                .values_list(field, flat=True)
                .distinct()
            )
    return names | {thumbnail_name(name, size) for name in names for size in THUMBNAIL_SIZES}


def stored_files(folder: str = ""):
    directories, files = default_storage.listdir(folder)
    for name in files:
        yield str(PurePosixPath(folder) / name) if folder else name
    for directory in directories:
        yield from stored_files(str(PurePosixPath(folder) / directory) if folder else directory)


class Command(BaseCommand):
    help = (
        "Delete uploaded files that no record uses and no history of a live record refers "
        "to: files of deleted records, removed images, uploads whose save failed. Files "
        "younger than --min-age are kept, so that uploads still being saved are not "
        "touched. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age", type=int, default=24, help="hours a file must be old (default 24)"
        )
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")

    def handle(self, *args, min_age, dry_run, **options):
        if not default_storage.exists(""):
            return
        # Listed before the references are read: a file saved in between is young anyway.
        candidates = list(stored_files())
        referenced = referenced_files()
        cutoff = timezone.now() - timedelta(hours=min_age)
        removed = 0
        for name in candidates:
            if name in referenced or default_storage.get_modified_time(name) > cutoff:
                continue
            if dry_run:
                self.stdout.write(name)
            else:
                default_storage.delete(name)
            removed += 1
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {removed} of {len(candidates)} stored files.")
