"""Writes with consequences: the main image of a page."""

from __future__ import annotations

from django.db import transaction

from network_portal.uploads import image_delete, image_store
from pages.models import Page


def page_image_store(*, page: Page, upload) -> None:
    """Store a new main image through the shared upload rules; the old one goes after commit."""
    old = page.image.name
    page.image.name = image_store(upload=upload, folder="pages")
    if old:
        transaction.on_commit(lambda: image_delete(old))
