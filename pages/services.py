"""Writes with consequences: the text-change stamps behind the translation status, the main
image of a page."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from network_portal.models import TranslatedContent
from network_portal.uploads import image_delete, image_store
from pages.models import Page

TEXT_FIELDS = {"cs": ("title_cs", "lead_cs", "body_cs"), "en": ("title_en", "lead_en", "body_en")}
SITE_TEXT_FIELDS = {"cs": ("body_cs",), "en": ("body_en",)}


def text_stamp(
    *, record: TranslatedContent, changed: Iterable[str], fields: dict[str, tuple[str, ...]]
) -> None:
    """Remember when each language's texts changed (the admin calls this before saving); the
    English is outdated when the Czech changed after it."""
    changed = set(changed)
    now = timezone.now()
    if changed & set(fields["cs"]):
        record.cs_changed_at = now
    if changed & set(fields["en"]):
        record.en_changed_at = now


def page_image_store(*, page: Page, upload) -> None:
    """Store a new main image through the shared upload rules; the old one goes after commit."""
    old = page.image.name
    page.image.name = image_store(upload=upload, folder="pages")
    if old:
        transaction.on_commit(lambda: image_delete(old))
