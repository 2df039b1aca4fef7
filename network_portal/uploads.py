"""Uploaded images: the one set of rules every app uses.

An upload is accepted only when Pillow decodes it as JPEG, PNG or WebP (the file name and the
browser's content type are ignored), it is at most 5 MB and 40 megapixels, and it decodes
completely. The size in pixels is read from the header *before* anything is decoded, so a
decompression bomb is refused without being processed. An accepted image is re-encoded (EXIF
orientation applied first, then every metadata block – EXIF, GPS, XMP, comments – dropped) and
stored under a random name together with fixed-size thumbnails.

Use :class:`ImageUploadField` (or :func:`validate_image_upload` as a validator) in forms and call
:func:`image_store` from the service that saves the record; :func:`image_delete` removes a stored
image with its thumbnails.
"""

from __future__ import annotations

import io
import uuid
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
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
    "damaged": _("The image could not be read: the file is damaged or incomplete."),
    "empty": _("The file is empty."),
}


def _error(code: str) -> ValidationError:
    return ValidationError(ERROR_MESSAGES[code], code=code)


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
    """The fully decoded image, or a ValidationError; never decodes more than MAX_PIXELS."""
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
        kwargs.setdefault("help_text", _("JPEG, PNG or WebP, at most 5 MB and 40 megapixels."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")


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
    clean = _clean_copy(image, image_format)
    name = default_storage.save(
        f"{folder.strip('/')}/{uuid.uuid4().hex}.{extension}",
        ContentFile(_encode(clean, image_format)),
    )
    for size, box in THUMBNAIL_SIZES.items():
        thumbnail = clean.copy()
        thumbnail.thumbnail(box, Image.Resampling.LANCZOS)
        default_storage.save(
            thumbnail_name(name, size), ContentFile(_encode(thumbnail, image_format))
        )
    return name


def image_delete(name: str) -> None:
    """Remove a stored image and its thumbnails (missing files are ignored)."""
    if not name:
        return
    for path in [name, *(thumbnail_name(name, size) for size in THUMBNAIL_SIZES)]:
        default_storage.delete(path)
