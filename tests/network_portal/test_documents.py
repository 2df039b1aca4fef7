"""Uploaded documents: PDFs are parsed and inspected, then served as sandboxed downloads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from network_portal.pdf_uploads import document_store, validate_pdf_upload
from network_portal.uploads import serve_upload
from tests.pdfs import object_stream_pdf, plain_pdf, raw_pdf


def _check(data: bytes):
    validate_pdf_upload(SimpleUploadedFile("dokument.pdf", data))


def _refused(data: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        _check(data)
    return error.value.code


def test_a_plain_pdf_with_links_is_accepted():
    """An ordinary document with a web link and a GoTo open action passes."""
    _check(plain_pdf())


@pytest.mark.parametrize(
    ("catalog", "page", "extra"),
    [
        # The reported bypasses: action names written with #xx escapes.
        (b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>", b"", ()),
        (b"/OpenAction << /S /L#61unch /F (cmd.exe) >>", b"", ()),
        # Page and annotation actions, the names tree, forms, attachments, rich media.
        (b"", b"/AA << /O << /S /JavaScript /JS 4 0 R >> >>", (b"(app.alert\\(1\\))",)),
        (
            b"",
            b"/Annots [4 0 R]",
            (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
                b"/A << /S /JavaScr#69pt /JS (x) >> >>",
            ),
        ),
        (b"/Names << /JavaScript 4 0 R >>", b"", (b"<< /Names [(a) << /S /URI /URI (x) >>] >>",)),
        (b"/Names << /EmbeddedFiles 4 0 R >>", b"", (b"<< /Names [] >>",)),
        (b"", b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] >>]", ()),
        (b"", b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>]", ()),
        (b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"", (b"[]",)),
        (b"/OpenAction << /S /SubmitForm /F (https://evil.example/) >>", b"", ()),
        (b"/OpenAction << /S /ImportData /F (data.fdf) >>", b"", ()),
        (b"/OpenAction << /S /GoToE /T << /R /C /N (x) >> >>", b"", ()),
        (b"/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>", b"", ()),
        # Not reachable from the catalog, but a viewer repairing the file might find it.
        (b"", b"", (b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",)),
    ],
)
def test_active_content_is_refused_however_it_is_written(catalog, page, extra):
    """Scripts, launches, embedded files, forms that submit and rich media are refused."""
    assert _refused(raw_pdf(catalog, page, *extra)) == "active"


@pytest.mark.parametrize("referenced", [True, False])
def test_script_hidden_in_a_compressed_object_stream_is_refused(referenced):
    """A script no byte of the file shows (inside a compressed object stream) is found."""
    data = object_stream_pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>", referenced=referenced)
    assert b"JavaScript" not in data
    assert _refused(data) == "active"


def test_a_harmless_object_stream_is_accepted():
    """The same structure without a script passes: the walk does not refuse by shape."""
    _check(object_stream_pdf(b"<< /S /GoTo /D [3 0 R /Fit] >>", referenced=True))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n", "damaged"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "damaged"),
        (b"just text, not a PDF", "not_pdf"),
        (b"", "empty"),
    ],
)
def test_files_pypdf_cannot_parse_are_refused(data, code):
    """What cannot be parsed cannot be inspected: refused."""
    assert _refused(data) == code


def test_password_protected_pdf_is_refused():
    """A PDF that opens only with a password cannot be checked: refused with its own reason."""
    assert _refused(plain_pdf(password="tajne")) == "encrypted"


@pytest.mark.django_db
def test_uploaded_files_are_served_sandboxed(settings):
    """PDFs download with a sandbox CSP; images stay inline, sandboxed and never sniffed."""
    from goodpractice.models import PracticeAttachment
    from tests.factories import MemberFactory
    from tests.goodpractice.factories import PracticeFactory

    name = document_store(upload=SimpleUploadedFile("a.pdf", plain_pdf()), folder="docs")
    (settings.MEDIA_ROOT / "img").mkdir()
    (settings.MEDIA_ROOT / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # Only files that records use are served.
    PracticeAttachment.objects.create(practice=PracticeFactory(), file=name, title="Zpráva")
    MemberFactory(image="img/a.png")
    request = RequestFactory().get("/media/x")
    document = serve_upload(request, name, document_root=settings.MEDIA_ROOT)
    image = serve_upload(request, "img/a.png", document_root=settings.MEDIA_ROOT)
    assert document["Content-Disposition"].startswith("attachment")
    assert not image.get("Content-Disposition", "inline").startswith("attachment")
    for response in (document, image):
        assert response["Content-Security-Policy"].startswith("sandbox")
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
