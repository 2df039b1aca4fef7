"""Registrations: a person's registration for an event and its places in the parts.

A person's registration for an event (:class:`Registration`: who they are, their language, the
secret behind their manage link) has one :class:`RegistrationPart` row per part they asked for;
each row has its own state (confirmed, waiting, offered...), because one person may be confirmed
for day 1 and on the waiting list for day 2. The row carries a copy of the e-mail address so that
PostgreSQL itself refuses a second active place for the same address in one part.

Every change of state goes through ``events.services``; the models only describe and read.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models.event import Event, EventPart
from events.models.status import ACTIVE, HOLDING, PlaceStatus
from members.models import Member
from network_portal.text import CleanCharField, CleanEmailField, CleanTextField

CZECH = settings.CZECH_COLLATION


class RegistrationQuerySet(models.QuerySet):
    def for_event(self, event):
        return self.filter(event=event)

    def of_address(self, email: str):
        """Registrations made with ``email`` (compared without case)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())

    def coordinated_by(self, user):
        """Registrations naming a member that ``user`` coordinates (claims included)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(member__coordinators=user)

    def member_confirmed(self):
        return self.filter(member__isnull=False, member_confirmed_at__isnull=False)

    def active(self):
        return self.filter(
            Exists(RegistrationPart.objects.active().filter(registration=OuterRef("pk")))
        )


class Registration(models.Model):
    """One person's registration for (some parts of) an event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = CleanCharField(_("name"), max_length=200, db_collation=CZECH)
    email = CleanEmailField(_("e-mail"))
    organisation = CleanCharField(_("organisation"), max_length=200, blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("member municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    position = CleanCharField(pgettext_lazy("job", "position"), max_length=200, blank=True)
    needs = CleanTextField(_("dietary or accessibility needs"), max_length=1000, blank=True)
    show_organisation = models.BooleanField(
        _("organisation may be shown among the attendees"), default=False
    )
    language = CleanCharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="cs")
    # The manage link is an HMAC of the primary key and this random nonce (see
    # events.tokens): nothing stored here lets anybody rebuild the link without SECRET_KEY,
    # and a new nonce revokes the old link.
    token_nonce = CleanCharField(max_length=32, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    # A member named by somebody who is not its coordinator is only a claim: it holds no place
    # of the member's quota and is not listed publicly until a coordinator (or staff) confirms.
    member_confirmed_at = models.DateTimeField(
        _("member confirmed"),
        null=True,
        blank=True,
        help_text=_("When the member's coordinator or the network's staff confirmed the member."),
    )
    member_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "name", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(Lower("email"), name="registration_email_lower")]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def member_claimed(self) -> bool:
        """A member is named but nobody who may speak for it has confirmed it yet."""
        return self.member_id is not None and self.member_confirmed_at is None

    @property
    def member_confirmed(self) -> bool:
        return self.member_id is not None and self.member_confirmed_at is not None


class RegistrationPartQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE)

    def holding(self):
        """Rows that hold a place: confirmed and open offers (a row waiting for approval holds
        none: it gets a place, or joins the waiting list, when it is approved)."""
        return self.filter(status__in=HOLDING)

    def waiting(self):
        return self.filter(status=RegistrationPart.Status.WAITING)

    def offers_due(self, now=None):
        """Offers whose time is up."""
        return self.filter(
            status=RegistrationPart.Status.OFFERED, offer_expires_at__lte=now or timezone.now()
        )

    def queue_order(self):
        return self.order_by("created_at", "pk")

    def with_queue_position(self):
        """Annotate ``queue_position``: a waiting row's place in its part's queue (1 = next to
        be offered a place); ``None`` for rows that are not waiting. One subquery, no loop."""
        waiting = RegistrationPart.Status.WAITING
        ahead = (
            RegistrationPart.objects.filter(part=OuterRef("part"), status=waiting)
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
            )
            .order_by()
            .values("part")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            queue_position=Case(
                When(status=waiting, then=Subquery(ahead)),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def for_page(self):
        """A registration's rows as its pages and mails show them: with the part, in the
        part's order, the latest row of a part first, with the queue position."""
        return (
            self.select_related("part__event")
            .with_queue_position()
            .order_by("part__start", "part__pk", "-pk")
        )

    def reminders_due(self, now=None):
        """Confirmed places in parts that start within their event's reminder time, not yet
        reminded."""
        now = now or timezone.now()
        return self.filter(
            status=RegistrationPart.Status.CONFIRMED,
            reminded_at__isnull=True,
            part__start__gt=now,
            part__event__status=Event.Status.PUBLISHED,
            part__event__reminder_days__gt=0,
            part__start__lte=ExpressionWrapper(
                Value(now) + F("part__event__reminder_days") * Value(timedelta(days=1)),
                output_field=models.DateTimeField(),
            ),
        )


class RegistrationPart(models.Model):
    """A registration's place (or wish for one) in one part of the event."""

    Status = PlaceStatus

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="parts",
    )
    part = models.ForeignKey(
        EventPart,
        verbose_name=_("part of the event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    # A copy of registration.email (set by the services): the unique index below needs it.
    email = CleanEmailField(_("e-mail"), editable=False)
    status = CleanCharField(_("status"), max_length=10, choices=Status.choices)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationPartQuerySet.as_manager()

    class Meta:
        ordering = ["part", "created_at", "pk"]
        verbose_name = _("registration for a part")
        verbose_name_plural = _("registrations for parts")
        indexes = [
            models.Index(fields=["part", "status", "created_at"], name="regpart_queue"),
            models.Index(
                fields=["offer_expires_at"],
                name="regpart_open_offers",
                condition=Q(status="offered"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                F("part"),
                Lower("email"),
                condition=Q(status__in=["pending", "confirmed", "waiting", "offered"]),
                name="regpart_one_active_place_per_email",
                violation_error_message=_(
                    "This e-mail address is already registered for this part of the event."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="regpart_offer_has_expiry",
                violation_error_message=_("An offer needs a time until which it is valid."),
            ),
        ]

    def __str__(self):
        return f"{self.registration} – {self.part.title} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDING
