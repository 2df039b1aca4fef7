"""Writes of the documents library: storing an uploaded PDF, reading its text once."""

from __future__ import annotations

import io
import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F

from documents.models import TEXT_MAX_LENGTH, Document
from network_portal.pdf_uploads import MAX_DOCUMENT_BYTES, document_store

logger = logging.getLogger(__name__)

FOLDER = "documents"
CATCH_UP_BATCH = 200


def document_file_store(*, document: Document, upload) -> None:
    """Check ``upload`` against the shared upload policy (PDF only, inspected) and store it as
    the document's file. Raises a translated ValidationError; the text is read after commit."""
    document.file.name = document_store(upload=upload, folder=FOLDER)
    document.size = upload.size


def pdf_text(data: bytes) -> tuple[str, int]:
    """The text of a PDF (at most TEXT_MAX_LENGTH characters) and its number of pages."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    parts, length = [], 0
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # a broken content stream: the other pages still count
            logger.warning("A page of a document could not be read", exc_info=True)
            text = ""
        parts.append(text)
        length += len(text)
        if length >= TEXT_MAX_LENGTH:
            break
    return "\n".join(parts)[:TEXT_MAX_LENGTH], len(reader.pages)


@transaction.atomic
def document_text_extract(*, document_id: int) -> bool:
    """Read the text of the document's stored PDF, unless this file was read already; return
    whether it was read. Safe to run twice: the row is locked and ``text_of`` compared."""
    document = Document.objects.select_for_update().filter(pk=document_id).first()
    if document is None or not document.file.name or document.file.name == document.text_of:
        return False
    with default_storage.open(document.file.name, "rb") as stored:
        data = stored.read(MAX_DOCUMENT_BYTES + 1)
    try:
        text, pages = pdf_text(data)
    except Exception:  # the upload policy parsed it; an unreadable text is no text
        logger.warning("The text of document %s could not be read", document_id, exc_info=True)
        text, pages = "", None
    document.text, document.pages, document.text_of = text, pages, document.file.name
    # save() writes the vectors again (documents.indexing) and queues nothing: read already.
    document.save(update_fields=["text", "pages", "text_of"])
    return True


def document_texts_catch_up() -> int:
    """Read every document whose file has not been read (a batch at a time)."""
    waiting = (
        Document.objects.exclude(file="")
        .exclude(text_of=F("file"))
        .values_list("pk", flat=True)[:CATCH_UP_BATCH]
    )
    return sum(document_text_extract(document_id=pk) for pk in list(waiting))


def document_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A free slug made from ``title`` (a number appended when taken)."""
    from django.utils.text import slugify

    base = slugify(title)[:200] or "dokument"
    taken = set(
        Document.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
