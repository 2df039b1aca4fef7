"""The shared image rules of network_portal.uploads."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from network_portal.uploads import (
    ImageUploadField,
    image_delete,
    image_store,
    thumbnail_name,
    validate_image_upload,
)


def image_bytes(image_format="JPEG", size=(640, 480), exif=None, color=(200, 40, 40)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (49.0, 47.0, 41.0), 3: "E", 4: (12.0, 38.0, 1.0)}
    exif[0x8825] = gps
    if orientation:
        exif[0x0112] = orientation
    return exif


def png_bomb(width=20_000, height=20_000):
    """A tiny PNG file that claims a huge canvas (the classic decompression bomb)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def refusal(content, **kwargs):
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(upload(content, **kwargs))
    return caught.value


def test_text_file_named_jpg_is_refused():
    """A text file with a .jpg name is not an image."""
    error = refusal(b"Hello, I am not a photo.\n" * 20)
    assert error.code == "not_image"


def test_svg_is_refused():
    """SVG (a script-capable XML document) is not accepted, whatever it is called."""
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(1)</script></svg>"
    )
    assert refusal(svg, name="logo.svg", content_type="image/svg+xml").code == "not_image"
    assert refusal(svg, name="logo.png", content_type="image/png").code == "not_image"


def test_gif_is_refused():
    """Only JPEG, PNG and WebP are accepted: a real GIF image is refused."""
    assert refusal(image_bytes("GIF"), name="anim.gif").code == "not_image"


def test_decompression_bomb_is_refused_before_decoding(monkeypatch):
    """A small file claiming 400 megapixels is refused from its header, never decoded."""
    bomb = png_bomb()
    assert len(bomb) < 5 * 1024 * 1024

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", no_decoding)
    assert refusal(bomb, name="bomb.png").code == "too_many_pixels"


def test_image_over_40_megapixels_is_refused():
    """A real image just over 40 megapixels is refused."""
    assert refusal(png_bomb(8000, 5001), name="big.png").code == "too_many_pixels"


def test_20_megabyte_image_is_refused():
    """A 20 MB upload is refused for its size, with the limit in the message."""
    content = image_bytes("PNG", size=(64, 64)) + b"\x00" * (20 * 1024 * 1024)
    error = refusal(content, name="huge.png")
    assert error.code == "too_big"
    assert "5 MB" in error.messages[0]


def test_truncated_image_is_refused():
    """A JPEG cut in half is reported as damaged."""
    content = image_bytes(size=(800, 600))
    assert refusal(content[: len(content) // 2]).code == "damaged"


def test_error_messages_are_translated():
    """The refusal speaks the user's language."""
    with translation.override("cs"):
        czech = refusal(b"not an image").messages[0]
    with translation.override("en"):
        english = refusal(b"not an image").messages[0]
    assert english.startswith("The file is not an image")
    assert czech.startswith("Soubor není obrázek")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_supported_formats_are_accepted(image_format):
    """JPEG, PNG and WebP pass, whatever the name says."""
    validate_image_upload(upload(image_bytes(image_format), name="file.bin"))


def test_form_field_reports_the_error():
    """The form field gives the same clear error."""
    field = ImageUploadField()
    with pytest.raises(ValidationError) as caught:
        field.clean(upload(b"plain text", name="x.jpg"))
    assert caught.value.error_list[0].code == "not_image"


def test_stored_photo_loses_gps_and_gets_random_name_and_thumbnails():
    """A good photo is stored re-encoded without EXIF/GPS, under a random name, with thumbnails."""
    original = image_bytes(size=(1600, 1200), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    name = image_store(upload=upload(original, name="IMG_1234 Tachov.jpg"), folder="members")
    assert name.startswith("members/")
    assert "Tachov" not in name and "IMG" not in name
    with default_storage.open(name) as stored:
        image = Image.open(stored)
        image.load()
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info
    assert image.size == (1600, 1200)
    for size, longest in [("small", 240), ("medium", 800)]:
        with default_storage.open(thumbnail_name(name, size)) as stored:
            thumb = Image.open(stored)
            assert max(thumb.size) == longest
            assert not thumb.getexif()
    image_delete(name)
    assert not default_storage.exists(name)
    assert not default_storage.exists(thumbnail_name(name, "small"))


def test_exif_orientation_is_applied_before_stripping():
    """A portrait photo stored sideways with an orientation tag ends up upright."""
    original = image_bytes(size=(400, 300), exif=gps_exif(orientation=6))
    name = image_store(upload=upload(original), folder="members")
    with default_storage.open(name) as stored:
        assert Image.open(stored).size == (300, 400)


def test_transparent_png_keeps_transparency():
    """A PNG logo keeps its alpha channel."""
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, format="PNG")
    name = image_store(upload=upload(buffer.getvalue(), name="logo.png"), folder="members")
    assert name.endswith(".png")
    with default_storage.open(name) as stored:
        assert Image.open(stored).mode == "RGBA"


def test_36_megapixel_png_is_refused_from_its_header(monkeypatch):
    """A PNG cannot be decoded at a reduced size: over 16 megapixels it is refused, undecoded."""
    content = png_bomb(7000, 5143)  # 36 megapixels in a few KB: ~640 MB once decoded before

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", no_decoding)
    error = refusal(content, name="big.png")
    assert error.code == "too_many_pixels"
    assert "16" in error.messages[0]


def test_large_jpeg_is_decoded_at_a_reduced_scale_and_stored_smaller():
    """A 36-megapixel JPEG is decoded at half its size and stored at most 2,560 px wide."""
    from network_portal.uploads import MAX_STORED_SIDE, _decode

    content = image_bytes("JPEG", size=(7000, 5143))
    assert _decode(content).size == (3500, 2572)
    name = image_store(upload=upload(content), folder="test")
    with default_storage.open(name) as stored:
        assert Image.open(stored).size == (MAX_STORED_SIDE, 1881)
