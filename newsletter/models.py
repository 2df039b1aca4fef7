"""Subscribers (double opt-in), staff announcements and the per-recipient delivery ledger."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from goodpractice.models import Topic
from members.models import Region
from network_portal.text import CleanCharField, CleanEmailField, CleanTextField


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class Subscriber(models.Model):
    """An address that follows chosen sections, regions and topics. Nothing is sent to it
    (but the confirmation request) until ``confirmed_at`` is set by the link in that mail."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    email = CleanEmailField(_("e-mail"), unique=True)
    language = CleanCharField(
        _("language"), max_length=2, choices=[("cs", _("Czech")), ("en", _("English"))]
    )
    sections = ArrayField(
        CleanCharField(max_length=30), verbose_name=_("sections"), default=list, blank=True
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="+"
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    frequency = CleanCharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # A new nonce revokes every link sent before (newsletter.tokens).
    token_nonce = CleanCharField(max_length=32, editable=False)
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The end of the period the last digest covered (sent or found empty).
    digest_until = models.DateTimeField(_("last digest up to"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["confirmed_at"], name="subscriber_confirmed")]

    def __str__(self):
        return self.email


class Announcement(models.Model):
    """A message from staff to all confirmed subscribers or some of them."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    subject = CleanCharField(_("subject"), max_length=200)
    body = CleanTextField(_("text"), help_text=_("Plain text; addresses become links."))
    language = CleanCharField(
        _("language of the subscribers"),
        max_length=2,
        blank=True,
        choices=[("", _("all")), ("cs", _("Czech")), ("en", _("English"))],
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("only subscribers following these regions"),
        blank=True,
        related_name="+",
    )
    state = CleanCharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("all queued"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        permissions = [("send_announcement", _("Can send announcements to subscribers"))]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One recipient of an announcement: written when sending starts, marked ``queued_at``
    in the same transaction that puts its message in the mail queue, so a dispatcher that
    dies half-way leaves each row either queued once or not at all."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = CleanEmailField(_("e-mail"))
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "email"], name="delivery_once_per_address"
            ),
        ]
        indexes = [
            models.Index(
                fields=["announcement"],
                condition=Q(queued_at__isnull=True),
                name="delivery_waiting",
            )
        ]

    def __str__(self):
        return self.email

    @property
    def message_id(self) -> str:
        """The mail queue's id of this message: its queueing lock (never queued twice)."""
        return f"newsletter-{self.announcement_id}-{self.pk}"
