"""Rewrite every section's stored search text (network_portal.search)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from network_portal.search import refresh_all


class Command(BaseCommand):
    help = (
        "Rewrite the lemmatized search text of every section (after a change of the "
        "lemmatizer or of its tables of variants)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = refresh_all()
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS("Rewrote the search text of every section."))
