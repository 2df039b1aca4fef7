"""Certificates of attendance of accredited parts.

A :class:`Certificate` is a PDF rendered once and stored in the database (never as a file under
``MEDIA_ROOT``, which a proxy may serve); it is never changed afterwards, except that the
retention job or the person's own deletion removes the name and the PDF. A correction is a new
certificate whose ``supersedes`` points to the old one.

Every change goes through ``events.services.certificates``; these models only describe and read.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from network_portal.text import CleanCharField


def new_certificate_code() -> str:
    """The public verification code: 18 random bytes (144 bits), URL-safe."""
    return secrets.token_urlsafe(18)


def new_download_key() -> str:
    """The secret of a certificate's download link: 32 random bytes (256 bits)."""
    return secrets.token_urlsafe(32)


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Certificates no later certificate supersedes."""
        return self.filter(superseded_by__isnull=True)


class Certificate(models.Model):
    """A certificate of attendance of the accredited parts of an event; immutable."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    code = CleanCharField(_("verification code"), max_length=40, unique=True, editable=False)
    download_key = CleanCharField(max_length=60, editable=False)
    # A snapshot of what the PDF says, so that verification never depends on later edits.
    name = CleanCharField(_("name"), max_length=200, blank=True)
    event_title = CleanCharField(_("event"), max_length=200)
    event_date = models.DateField(_("date of the event"))
    programme = CleanCharField(_("accredited programme"), max_length=200)
    accreditation_number = CleanCharField(_("accreditation number"), max_length=50)
    hours = models.PositiveSmallIntegerField(_("hours"))
    parts = models.JSONField(_("parts attended"), default=list)
    place = CleanCharField(_("place"), max_length=500, blank=True)
    signatory_name = CleanCharField(_("certificate signed by"), max_length=200, blank=True)
    signatory_role = CleanCharField(_("signatory's role"), max_length=200, blank=True)
    language = CleanCharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    pdf = models.BinaryField(_("PDF"), editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name_removed_at = models.DateTimeField(_("name removed"), null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=~Q(code=""),
                name="certificate_has_code",
                violation_error_message=_("A certificate needs a verification code."),
            ),
        ]

    def __str__(self):
        return f"{self.event_title} – {self.code[:8]}…"

    def get_absolute_url(self):
        return reverse("events:certificate", kwargs={"code": self.code})
