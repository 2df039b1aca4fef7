"""The secret in a registration's manage link.

The link carries ``<pk>-<hmac>``, the HMAC (with SECRET_KEY) of the registration's primary key
and a random nonce stored with it. The database holds nothing that rebuilds the link, the
reminder job can still write it into an e-mail, and a new nonce revokes every old link.
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "events.registration.manage"


def new_nonce() -> str:
    return secrets.token_hex(16)


def registration_token(registration) -> str:
    digest = salted_hmac(
        SALT, f"{registration.pk}:{registration.token_nonce}", algorithm="sha256"
    ).hexdigest()[:40]
    return f"{registration.pk}-{digest}"


def registration_pk(token: str) -> int | None:
    """The primary key the token claims (to be checked with :func:`token_matches`)."""
    pk, _sep, digest = (token or "").partition("-")
    if not pk.isdigit() or len(pk) > 18 or len(digest) != 40:
        return None
    return int(pk)


def token_matches(registration, token: str) -> bool:
    return constant_time_compare(registration_token(registration), token)
