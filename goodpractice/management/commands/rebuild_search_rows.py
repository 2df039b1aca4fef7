"""Rewrite the search rows of every published example (goodpractice.indexing)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from goodpractice.indexing import practice_index_rebuild


class Command(BaseCommand):
    help = "Rewrite the search rows of the good-practice list (lemmatized text and filters)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = practice_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rewrote the search rows of {count} examples."))
