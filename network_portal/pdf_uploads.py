"""Uploaded documents (PDF): the one policy every app uses.

A document is accepted only when it is a PDF by content (not by name), at most 10 MB, and
pypdf parses it. Byte matching cannot be trusted: a PDF name may be written with escapes
(``/J#61vaScript`` is ``/JavaScript``) and objects may sit in compressed object streams. So the
document is parsed and every object is inspected – whatever the trailer reaches (catalog,
pages, annotations, actions and /OpenAction, /AA, the names tree, the AcroForm) and every
other object in the cross-reference table and object streams – and it is refused when any
name in it asks for something that runs code, submits data or opens another file:
:data:`FORBIDDEN_PDF_NAMES`. The raw bytes are scanned for those names too (escapes decoded),
for objects that a viewer's repair might find where pypdf did not look. Encrypted documents
that cannot be opened without a password are refused, since they cannot be inspected.

Use :class:`PdfUploadField` in forms and :func:`document_store` in the service.
"""

from __future__ import annotations

import io
import logging
import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from network_portal.uploads import store_all

# --- the policy ------------------------------------------------------------------------------
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# More objects than any real document of 10 MB has: beyond this the file is refused.
MAX_PDF_OBJECTS = 500_000
# Names (keys, action types, subtypes) of PDF features that run code (JavaScript, XFA forms,
# rich media, 3D), open or embed other files (Launch, GoToR/GoToE, embedded files and file
# attachments), or send data somewhere (SubmitForm, ImportData), plus the old multimedia
# actions that start a player.
FORBIDDEN_PDF_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "FileAttachment",
        "GoToE",
        "GoToR",
        "SubmitForm",
        "ImportData",
        "XFA",
        "RichMedia",
        "RichMediaExecute",
        "3D",
        "Rendition",
        "Movie",
        "Sound",
    }
)
DOCUMENT_ERRORS = {
    "too_big": _("The file is too big: an attachment may have at most 10 MB."),
    "not_pdf": _("The file is not a PDF document. Only PDF attachments are accepted."),
    "damaged": _("The PDF document is damaged or incomplete."),
    "active": _("The PDF document contains scripts or embedded files, which are not accepted."),
    "encrypted": _(
        "The PDF document is encrypted or protected by a password, so it cannot be checked. "
        "Save it without protection and upload it again."
    ),
    "empty": _("The file is empty."),
}
# A PDF name in the raw bytes: a slash and regular characters (PDF 32000-1, 7.3.5).
_RAW_NAME = re.compile(rb"/([^\s/<>\[\]()%{}\x00]+)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

# pypdf reports every repaired detail of a sloppy file as a warning; the verdict is what counts.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _document_error(code: str) -> ValidationError:
    return ValidationError(DOCUMENT_ERRORS[code], code=code)


def _read_document(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_DOCUMENT_BYTES:
        raise _document_error("too_big")
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _document_error("too_big")
    if not data:
        raise _document_error("empty")
    return data


def _forbidden_raw_names(data: bytes) -> bool:
    for match in _RAW_NAME.finditer(data):
        name = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name.decode("latin-1") in FORBIDDEN_PDF_NAMES:
            return True
    return False


def _is_forbidden(name) -> bool:
    return isinstance(name, NameObject) and name[1:] in FORBIDDEN_PDF_NAMES


def _open_pdf(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as error:  # pypdf raises many kinds of errors on broken files
        raise _document_error("damaged") from error
    if reader.is_encrypted:
        try:
            decrypted = reader.decrypt("")
        except Exception as error:  # e.g. AES without a cryptography library
            raise _document_error("encrypted") from error
        if not decrypted:
            raise _document_error("encrypted")
    return reader


def _pdf_objects(reader: PdfReader):
    """The trailer and every object of the cross-reference table and object streams."""
    yield reader.trailer
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield IndirectObject(number, generation, reader)
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader)


def _has_forbidden_content(reader: PdfReader) -> bool:
    """Walk every object (dictionaries, streams, arrays) and look at every name in them."""
    stack = list(_pdf_objects(reader))
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise _document_error("damaged")
        if isinstance(item, DictionaryObject):  # streams are dictionaries too
            for key, value in item.items():
                if _is_forbidden(key) or _is_forbidden(value):
                    return True
                stack.append(value)
        elif isinstance(item, ArrayObject):
            for value in item:
                if _is_forbidden(value):
                    return True
                stack.append(value)
    return False


def validate_pdf_upload(upload) -> None:
    """Validator: raise a translated ValidationError unless ``upload`` is an acceptable PDF."""
    data = _read_document(upload)
    # The header may be preceded by a little junk (the PDF specification allows 1 KB).
    header = data.find(b"%PDF-1.")
    if header == -1:
        header = data.find(b"%PDF-2.")
    if header == -1 or header > 1024:
        raise _document_error("not_pdf")
    if b"%%EOF" not in data[-2048:]:
        raise _document_error("damaged")
    if _forbidden_raw_names(data):
        raise _document_error("active")
    reader = _open_pdf(data)
    try:
        forbidden = _has_forbidden_content(reader)
        if not forbidden and len(reader.pages) == 0:
            raise _document_error("damaged")
    except ValidationError:
        raise
    except Exception as error:  # a broken object deep inside the file
        raise _document_error("damaged") from error
    if forbidden:
        raise _document_error("active")


class PdfUploadField(forms.FileField):
    """A file field that accepts only what :func:`validate_pdf_upload` accepts."""

    default_validators = [validate_pdf_upload]

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF only, at most 10 MB."))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(**kwargs)


def document_store(*, upload, folder: str) -> str:
    """Validate and store ``upload`` under a random name in ``folder``; return the name."""
    validate_pdf_upload(upload)
    data = _read_document(upload)
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}.pdf"
    store_all({name: data})
    return name
