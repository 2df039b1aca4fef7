"""Uploaded files: the one set of rules every app uses, for images (here) and for documents
(:mod:`network_portal.pdf_uploads`), and how every uploaded file is served.

Images
------
An upload is accepted only when Pillow decodes it as JPEG, PNG or WebP (the file name and the
browser's content type are ignored), it is at most 5 MB and 40 megapixels, and it decodes
completely. The size in pixels is read from the header *before* anything is decoded, so a
decompression bomb is refused without being processed. An accepted image is re-encoded (EXIF
orientation applied first, then every metadata block – EXIF, GPS, XMP, comments – dropped) and
stored under a random name, at most MAX_STORED_SIDE pixels on its longest side, together with
fixed-size thumbnails.

Memory: a decoded image takes 3–4 bytes a pixel, and a small file can hold many pixels (a
36-megapixel PNG of 150 KB decoded to ~640 MB of peak memory in the old pipeline, which kept
several full-size copies). Now a JPEG is decoded at a reduced scale straight away
(``Image.draft``: 1/2, 1/4 or 1/8, just above the stored size); PNG and WebP cannot be, so they
may have at most MAX_FULL_DECODE_PIXELS (16 megapixels, 64 MB as RGBA); and the image is
shrunk in place to the stored size before any copy is made. Measured peak memory of one upload:
+80 MB for a 36-megapixel JPEG, +170 MB for a 16-megapixel PNG, +250 MB for a 16-megapixel
WebP (libwebp keeps its own copy); a 36-megapixel PNG is refused from its header.

Use :class:`ImageUploadField` (or :func:`validate_image_upload` as a validator) in forms and call
:func:`image_store` from the service that saves the record; :func:`image_delete` removes a stored
image with its thumbnails.

Documents (PDF): :mod:`network_portal.pdf_uploads` (the same storage, its own inspection).

Serving
-------
Only a file that a live record uses is served (:func:`upload_in_use`, one query): an image
or attachment of a deleted record answers 404 at once, though its history rows still name it,
and so does an earlier image that a live record's history keeps for a revert. The history
shows such a file by its stored name only; reverting to that version makes it the record's
file again, served again. ``manage.py cleanup_media`` removes every file that no live record
uses and that no history of a *live* record names (the history of a deleted record brings
nothing back), so a deleted record's files are gone by the next night.

A missed case must not run in the portal's origin: documents are served as downloads
(``Content-Disposition: attachment``) and every uploaded file with ``Content-Security-Policy:
sandbox`` and ``X-Content-Type-Options: nosniff`` (:func:`document_response`,
:func:`serve_upload`). Images stay inline.
"""

from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
import uuid
import warnings
from pathlib import PurePosixPath

from django import forms
from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, models
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Formats decoded at full size (no reduced decoding in Pillow): PNG and WebP.
MAX_FULL_DECODE_PIXELS = 16_000_000
# The stored image fits into this square; thumbnails are made from it.
MAX_STORED_SIDE = 2560
# Pillow's format name → (file extension, save options).
FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True, "progressive": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85, "method": 4}),
}
# Thumbnails: the longest side fits into the box; names are ``<name>.<size>.<ext>``.
THUMBNAIL_SIZES = {"small": (240, 240), "medium": (800, 800)}

ERROR_MESSAGES = {
    "too_big": _("The file is too big: an image may have at most 5 MB."),
    "not_image": _(
        "The file is not an image in a supported format. Upload a JPEG, PNG or WebP image."
    ),
    "too_many_pixels": _(
        "The image has too many pixels: at most 40 megapixels are allowed "
        "(for example 7,000 × 5,700). Make it smaller and upload it again."
    ),
    "too_many_pixels_full": _(
        "The image has too many pixels: a PNG or WebP image may have at most 16 megapixels "
        "(for example 4,900 × 3,260). Make it smaller or save it as JPEG and upload it again."
    ),
    "damaged": _("The image could not be read: the file is damaged or incomplete."),
    "empty": _("The file is empty."),
}


def _error(key: str, code: str | None = None) -> ValidationError:
    return ValidationError(ERROR_MESSAGES[key], code=code or key)


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _error("too_big")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(data) > MAX_BYTES:
        raise _error("too_big")
    if not data:
        raise _error("empty")
    return data


def _decode(data: bytes) -> Image.Image:
    """The fully decoded image, or a ValidationError; never decodes more than MAX_PIXELS, and
    a JPEG only at the smallest scale that still covers MAX_STORED_SIDE."""
    with warnings.catch_warnings():
        # Pillow warns (and past twice its limit, raises) on a possible decompression bomb:
        # both are a refusal here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise _error("too_many_pixels") from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise _error("not_image") from error
        width, height = image.size
        if width <= 0 or height <= 0:
            raise _error("damaged")
        if width * height > MAX_PIXELS:
            raise _error("too_many_pixels")
        # Animated WebP/APNG: only the first frame is kept, but count every frame's pixels.
        if width * height * getattr(image, "n_frames", 1) > MAX_PIXELS * 4:
            raise _error("too_many_pixels")
        if image.format == "JPEG":
            image.draft(image.mode, (MAX_STORED_SIDE, MAX_STORED_SIDE))
        elif width * height > MAX_FULL_DECODE_PIXELS:
            raise _error("too_many_pixels_full", code="too_many_pixels")
        try:
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise _error("too_many_pixels") from error
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise _error("damaged") from error
    return image


def validate_image_upload(upload) -> None:
    """Validator: raise a translated ValidationError unless ``upload`` is an acceptable image."""
    _decode(_read(upload))


class ImageUploadField(forms.FileField):
    """A file field that accepts only what :func:`validate_image_upload` accepts."""

    default_validators = [validate_image_upload]

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("JPEG, PNG or WebP, at most 5 MB; JPEG up to 40 megapixels, PNG and WebP up to 16."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")


def _shrink(image: Image.Image) -> Image.Image:
    """The image itself, shrunk in place to MAX_STORED_SIDE (no full-size copy is made)."""
    if image.mode in ("P", "1", "I", "I;16", "F"):
        # Palette images would be resized with the nearest pixel; the others have no colour.
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)
    return image


def _clean_copy(image: Image.Image, image_format: str) -> Image.Image:
    """The pixels only: orientation applied, no metadata, a mode the format can store."""
    image = ImageOps.exif_transpose(image)
    if image_format == "JPEG":
        mode = "RGB"
    elif image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        mode = "RGBA"
    else:
        mode = "RGB"
    if image.mode == "P" and mode == "RGB":
        image = image.convert("RGBA")
    clean = Image.new(mode, image.size, (255, 255, 255) if mode == "RGB" else (0, 0, 0, 0))
    if image.mode in ("RGBA", "LA", "PA") and mode == "RGB":
        converted = image.convert("RGBA")
        clean.paste(converted, mask=converted.getchannel("A"))
    else:
        clean.paste(image.convert(mode))
    return clean


def _encode(image: Image.Image, image_format: str) -> bytes:
    _extension, options = FORMATS[image_format]
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


STORAGE_ERROR = _(
    "The file could not be saved: the server's storage is full or cannot be written to right "
    "now. Nothing was saved; please try again later."
)


def _storage_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # no object storage library installed
        pass
    else:
        errors += [BotoCoreError, ClientError]
    return tuple(errors)


STORAGE_ERRORS = _storage_errors()


def _is_missing(error: Exception) -> bool:
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code") in ("404", "NoSuchKey")


def store_all(files: dict[str, bytes]) -> None:
    """Save every file under its exact name, or none: when the storage fails (disk full,
    read-only folder, object storage unreachable), the ones saved already are removed and a
    translated ValidationError says so. The storage writes each file whole or not at all
    (storage.MediaStorage; an object store's PUT)."""
    saved: list[str] = []
    try:
        for name, data in files.items():
            stored = default_storage.save(name, ContentFile(data))
            saved.append(stored)
            if stored != name:  # never happens with random names; a thumbnail must match
                raise OSError(f"{name} was stored as {stored}")
    except STORAGE_ERRORS as error:
        logger.exception("Storing an upload failed")
        for stored in saved:
            with contextlib.suppress(*STORAGE_ERRORS):
                default_storage.delete(stored)
        raise ValidationError(STORAGE_ERROR, code="storage") from error


def thumbnail_name(name: str, size: str) -> str:
    """The stored name of one thumbnail of the stored image ``name``."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{size}{path.suffix}"))


def thumbnail_url(name: str, size: str = "small") -> str:
    return default_storage.url(thumbnail_name(name, size)) if name else ""


def image_store(*, upload, folder: str) -> str:
    """Validate, re-encode and store ``upload`` with its thumbnails under ``folder``; return
    the stored name (``folder/<uuid>.<ext>``). Raises a translated ValidationError."""
    image = _decode(_read(upload))
    image_format = image.format
    extension, _options = FORMATS[image_format]
    clean = _clean_copy(_shrink(image), image_format)
    files = {f"{folder.strip('/')}/{uuid.uuid4().hex}.{extension}": clean}
    name = next(iter(files))
    for size, box in THUMBNAIL_SIZES.items():
        thumbnail = clean.copy()
        thumbnail.thumbnail(box, Image.Resampling.LANCZOS)
        files[thumbnail_name(name, size)] = thumbnail
    store_all({path: _encode(image, image_format) for path, image in files.items()})
    return name


def image_delete(name: str) -> None:
    """Remove a stored image and its thumbnails (missing files are ignored)."""
    if not name:
        return
    for path in [name, *(thumbnail_name(name, size) for size in THUMBNAIL_SIZES)]:
        default_storage.delete(path)


# --- serving --------------------------------------------------------------------------------
# Nothing in an uploaded file may run as a page of the portal: a sandbox without scripts,
# forms or same-origin access, and nothing loaded.
UPLOAD_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
INLINE_EXTENSIONS = {extension for extension, _options in FORMATS.values()}


def _protect(response, *, inline: bool):
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    if not inline:
        # FileResponse says "inline; filename=..." by default: keep the name, not the inline.
        disposition = response.get("Content-Disposition", "")
        _kind, _separator, parameters = disposition.partition(";")
        response["Content-Disposition"] = "attachment" + (f";{parameters}" if parameters else "")
    return response


def document_response(name: str, *, filename: str) -> FileResponse:
    """A stored document as a download, sandboxed."""
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    return _protect(response, inline=False)


def file_fields(model) -> list[str]:
    """The columns of ``model`` (a history model included) that hold stored file names."""
    recorded = getattr(model, "instance_type", None)
    return [
        field.attname
        for field in (recorded or model)._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def stored_name(path: str) -> str:
    """The stored image or document that ``path`` (the file itself or a thumbnail) belongs to."""
    name = PurePosixPath(path)
    stem, _separator, size = name.stem.rpartition(".")
    if stem and size in THUMBNAIL_SIZES:
        return str(name.with_name(stem + name.suffix))
    return path


def upload_in_use(path: str) -> bool:
    """Whether a live record (not only a history row) uses ``path`` or the image it is a
    thumbnail of: one query over every file column of the project."""
    quote = connection.ops.quote_name
    columns = [
        (quote(model._meta.db_table), quote(column))
        for model in apps.get_models()
        if getattr(model, "instance_type", None) is None
        for column in file_fields(model)
    ]
    selects = [f"SELECT 1 FROM {table} WHERE {column} = %s" for table, column in columns]  # noqa: S608
    if not selects:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS ({' UNION ALL '.join(selects)})", [stored_name(path)] * len(selects)
        )
        return cursor.fetchone()[0]


def serve_upload(request, path, document_root=None):
    """django.views.static.serve for MEDIA_URL: images inline, anything else as a download,
    all sandboxed and never sniffed; only files a live record uses (see "Serving" above).
    Uploads in object storage are streamed from it."""
    if not upload_in_use(path):
        raise Http404
    if isinstance(default_storage, FileSystemStorage):
        response = serve(request, path, document_root=document_root)
    else:
        try:
            stream = default_storage.open(path, "rb")
        except (FileNotFoundError, SuspiciousFileOperation) as error:
            raise Http404 from error
        except STORAGE_ERRORS as error:
            if _is_missing(error):
                raise Http404 from error
            raise
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = FileResponse(stream, content_type=content_type)
    extension = PurePosixPath(path).suffix.lower().lstrip(".")
    return _protect(response, inline=extension in INLINE_EXTENSIONS)
