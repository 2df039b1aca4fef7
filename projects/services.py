"""Writes with consequences: funders' logos."""

from __future__ import annotations

from django.db import transaction

from network_portal.uploads import image_delete, image_store
from projects.models import Funder


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
