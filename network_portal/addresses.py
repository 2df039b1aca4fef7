"""One spelling per mailbox: e-mail addresses are normalised once, before anything compares,
counts or stores them.

``"jana.novak"@example.cz``, ``jana.novak@ＥＸＡＭＰＬＥ.cz`` and ``jana.novak@example.cz.``
reach the same mailbox; without one spelling they would each get a place in a part, a budget
of their own under a rate limit and a registration page of their own. :func:`normalise_email`

- applies Unicode NFKC (full-width and other compatibility forms become plain letters),
- unquotes a quoted local part when the quotes are not needed (``"a.b"`` → ``a.b``),
- writes the domain in lower case and in its ASCII (IDNA) form, without a trailing dot.

The local part keeps its case (RFC 5321 lets a server tell cases apart); comparisons of whole
addresses are case-insensitive throughout the portal (``Lower("email")`` indexes).
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# A local part that needs no quotes: dot-separated atoms of RFC 5322 atext.
_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")

INVALID = _("Enter a valid e-mail address.")


def normalise_email(value: str) -> str:
    """The one spelling of the address ``value``; ``ValidationError`` when it is none."""
    value = unicodedata.normalize("NFKC", (value or "").strip())
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(INVALID, code="invalid")
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        unquoted = local[1:-1]
        if _DOT_ATOM.match(unquoted):
            local = unquoted
    domain = domain.rstrip(".").lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise ValidationError(INVALID, code="invalid") from error
    address = f"{local}@{domain}"
    validate_email(address)
    return address


def same_address(first: str, second: str) -> bool:
    """Whether two addresses name one mailbox (both normalised, compared without case)."""
    try:
        return normalise_email(first).lower() == normalise_email(second).lower()
    except ValidationError:
        return False
