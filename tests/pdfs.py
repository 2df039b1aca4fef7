"""PDF documents for the tests, written by hand (to control every byte) or with pypdf."""

import io
import zlib

from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def plain_pdf(*, link: str = "https://www.zdravamesta.cz/", password: str = "") -> bytes:
    """A harmless one-page PDF with a web link (and, if asked, a password)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_annotation(page_number=0, annotation=Link(rect=(50, 50, 200, 80), url=link))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): TextStringObject("start")}
    )
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(catalog_extra: bytes = b"", page_extra: bytes = b"", *extra_objects: bytes) -> bytes:
    """A PDF written byte by byte with a correct cross-reference table.

    Objects: 1 the catalog, 2 the page tree, 3 the page, then ``extra_objects`` as 4, 5, …
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b" >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def object_stream_pdf(hidden: bytes, *, referenced: bool) -> bytes:
    """A PDF 1.5 whose object 4 (``hidden``) sits compressed in an object stream, so that no
    byte of it is visible in the file; the catalog points to it as /OpenAction if
    ``referenced``, otherwise nothing does."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R" + (b" /OpenAction 4 0 R" if referenced else b"")
    objects = {
        1: catalog + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    }
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    objects[5] = (
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream"
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def text_pdf(text: str) -> bytes:
    """A one-page PDF whose page shows ``text`` (ASCII) in Helvetica, so that its text can be
    extracted."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii")
    content = b"BT /F1 12 Tf 50 780 Td (" + escaped + b") Tj ET"
    return raw_pdf(
        b"",
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    )
