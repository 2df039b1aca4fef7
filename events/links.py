"""The absolute addresses the events app sends out: a registration's private page, an offer,
the page of everything held about an address (a signed, expiring token) and a certificate's
verification page and download link."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from events.models import Registration, RegistrationPart
from events.tokens import registration_token

ADDRESS_LINK_SALT = "events.registrations.address"
ADDRESS_LINK_MAX_AGE = 60 * 60 * 24


def base_url() -> str:
    return settings.SITE_URL.rstrip("/")


def manage_url(registration: Registration) -> str:
    return base_url() + reverse("events:manage", kwargs={"token": registration_token(registration)})


def offer_url(row: RegistrationPart) -> str:
    return base_url() + reverse(
        "events:offer", kwargs={"token": registration_token(row.registration), "pk": row.pk}
    )


def address_token(email: str) -> str:
    """A signed, expiring token naming an address: sent only to that address, it proves that
    whoever follows it reads that mailbox."""
    return signing.dumps(email.lower(), salt=ADDRESS_LINK_SALT, compress=True)


def address_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=ADDRESS_LINK_SALT, max_age=ADDRESS_LINK_MAX_AGE)
    except signing.BadSignature:
        return None


def address_url(email: str) -> str:
    return base_url() + reverse("events:address", kwargs={"token": address_token(email)})


def verification_url(certificate) -> str:
    with translation.override(certificate.language):
        return base_url() + reverse("events:certificate", kwargs={"code": certificate.code})


def download_url(certificate) -> str:
    with translation.override(certificate.language):
        return base_url() + reverse(
            "events:certificate-pdf",
            kwargs={"code": certificate.code, "key": certificate.download_key},
        )
