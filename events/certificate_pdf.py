"""Certificates of attendance as PDF: an HTML template (``events/certificate/pdf.html``, which
staff can read and change like any page) rendered by WeasyPrint in the registrant's language.

The fonts are the machine's DejaVu (Debian ``fonts-dejavu-core``), found through fontconfig,
so Czech diacritics render without shipping a font. WeasyPrint may fetch nothing: the template
embeds everything (the network's logo from ``static/img/logo.svg`` and the QR code of the
verification address are inline SVG) and :func:`_no_fetching` refuses any URL that user-typed
text could smuggle in.
"""

from __future__ import annotations

from functools import cache

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe

from events.links import verification_url


def part_entry(part) -> dict:
    """A part as the certificate lists it (in the active language)."""
    start, end = timezone.localtime(part.start), timezone.localtime(part.end)
    return {
        "title": part.title,
        "date": formats.date_format(start.date(), "j. n. Y"),
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "hours": part.accredited_hours or 0,
    }


def verification_qr(certificate) -> segno.QRCode:
    """The QR code of the certificate's verification address."""
    return segno.make(verification_url(certificate), error="m", micro=False)


@cache
def logo_svg() -> str:
    """The portal's logo (``static/img/logo.svg``), to be inlined in the PDF."""
    with open(finders.find("img/logo.svg"), encoding="utf-8") as logo:
        return logo.read()


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"The certificate template may not load {url!r}.")


def _weasyprint_html():
    """WeasyPrint's ``HTML``. Importing WeasyPrint sets Pillow's process-wide
    ``LOAD_TRUNCATED_IMAGES``, which would let truncated uploads through the checks of
    ``network_portal.uploads``: put the flag back."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        from weasyprint import HTML
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    return HTML


def render_html(certificate) -> str:
    """The certificate's HTML for WeasyPrint, in its language."""
    with translation.override(certificate.language):
        return render_to_string(
            "events/certificate/pdf.html",
            {
                "certificate": certificate,
                "issued": formats.date_format(
                    timezone.localtime(certificate.issued_at).date(), "j. n. Y"
                ),
                "event_date": formats.date_format(certificate.event_date, "j. n. Y"),
                "verification_url": verification_url(certificate),
                # Our own markup: the logo file and segno's paths (no text from users).
                "logo": mark_safe(logo_svg()),  # noqa: S308
                "qr": mark_safe(qr_svg(certificate)),  # noqa: S308
            },
        )


def qr_svg(certificate) -> str:
    return verification_qr(certificate).svg_inline(scale=3, border=0)


def render_pdf(certificate) -> bytes:
    """The certificate's PDF, rendered in its language."""
    HTML = _weasyprint_html()
    return HTML(string=render_html(certificate), url_fetcher=_no_fetching).write_pdf()
