"""Writes with consequences: text-change stamps, funders' logos."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from network_portal.uploads import image_delete, image_store
from projects.models import Funder, Project

CZECH_TEXT_FIELDS = ("name_cs", "summary_cs", "description_cs")
ENGLISH_TEXT_FIELDS = ("name_en", "summary_en", "description_en")


def project_text_stamp(*, project: Project, changed: Iterable[str]) -> None:
    """Remember when each language's texts changed; the English is outdated when the Czech
    changed after it (the admin calls this before saving)."""
    changed = set(changed)
    now = timezone.now()
    if changed & set(CZECH_TEXT_FIELDS):
        project.cs_changed_at = now
    if changed & set(ENGLISH_TEXT_FIELDS):
        project.en_changed_at = now


def funder_logos_store(*, funder: Funder, logo=None, logo_mono=None) -> None:
    """Store new logos through the shared upload rules; the replaced files go after commit.

    Raises a translated ValidationError for a file that is not an acceptable image."""
    for field, upload in (("logo", logo), ("logo_mono", logo_mono)):
        if not upload:
            continue
        old = getattr(funder, field).name
        getattr(funder, field).name = image_store(upload=upload, folder="projects/funders")
        if old:
            transaction.on_commit(lambda old=old: image_delete(old))
