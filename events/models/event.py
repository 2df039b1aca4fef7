"""Events and their parts (days or blocks), each part registered for separately (their documents
are in the library: ``documents.Document.event``).

Every change of state goes through ``events.services``; the models only describe and read.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.dates import check_event_days
from events.models.status import HOLDING, PlaceStatus
from members.models import LATITUDE_RANGE, LONGITUDE_RANGE, Member, Region
from network_portal.models import TranslatedContent, TranslatedQuerySet
from network_portal.text import CleanCharField, CleanEmailField, CleanTextField, CleanURLField

CZECH = settings.CZECH_COLLATION


class EventQuerySet(TranslatedQuerySet):
    def published(self):
        """Public events: published ones, and cancelled ones (which stay visible, marked)."""
        return self.exclude(status=Event.Status.DRAFT)

    def upcoming(self, now=None):
        """Events that have not ended yet."""
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())

    def in_year(self, year: int):
        return self.filter(start__year=year)

    def online(self):
        return self.filter(is_online=True)

    def in_person(self):
        return self.filter(is_online=False)

    def hosted_by(self, member):
        return self.filter(hosts=member)

    def open_for_registration(self, now=None):
        """Published events with at least one part whose registration is open now."""
        return self.filter(status=Event.Status.PUBLISHED).filter(
            Exists(EventPart.objects.filter(event=OuterRef("pk")).window_open(now))
        )


class Event(TranslatedContent):
    """A seminar, school, meeting or trip of the network, with one or more parts."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("seminar")
        WEBINAR = "webinar", _("webinar")
        E_ROZVOJOVNA = "e-rozvojovna", _("e-rozvojovna (online development session)")
        CONFERENCE = "conference", _("conference")
        SCHOOL = "school", _("Healthy Cities School")
        REGIONS_MEETING = "regions-meeting", _("meeting of regions (Setkání krajů)")
        STUDY_TRIP = "study-trip", _("study trip")
        ROUND_TABLE = "round-table", _("round table")
        PUBLIC_FORUM = "public-forum", _("public forum")
        TRAINING = "training", _("training")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("event status", "draft")
        PUBLISHED = "published", pgettext_lazy("event status", "published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "cancelled")

    ENGLISH_REQUIRED = ("title_en", "summary_en")
    TRANSLATED_TEXTS = ("title", "summary", "description")

    kind = CleanCharField(_("kind"), max_length=20, choices=Kind.choices)
    title = CleanCharField(_("title"), max_length=200, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = CleanTextField(
        _("summary"), max_length=1000, help_text=_("Two or three sentences for the list.")
    )
    description = CleanTextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    is_online = models.BooleanField(
        _("online"), default=False, help_text=_("The event takes place online only.")
    )
    venue_name = CleanCharField(_("venue"), max_length=200, blank=True)
    venue_address = CleanCharField(_("address of the venue"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LONGITUDE_RANGE[0]),
            MaxValueValidator(LONGITUDE_RANGE[1]),
        ],
    )
    hosts = models.ManyToManyField(
        Member, verbose_name=_("host members"), related_name="hosted_events", blank=True
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The project this event is an activity of."),
    )
    organiser = CleanCharField(
        _("organiser"),
        max_length=200,
        blank=True,
        help_text=_("Who organises the event, e.g. the network's office."),
    )
    contact_email = CleanEmailField(_("contact e-mail"), blank=True)
    certificate_signatory_name = CleanCharField(
        _("certificate signed by"),
        max_length=200,
        blank=True,
        help_text=_(
            "The name printed in the signature block of the certificates, e.g. the director "
            "of the network's office."
        ),
    )
    certificate_signatory_role = CleanCharField(
        _("signatory's role"),
        max_length=200,
        blank=True,
        help_text=_("Printed under the name; empty prints the network's office."),
    )
    price = models.PositiveIntegerField(
        _("price (CZK)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the event is free of charge."),
    )
    status = CleanCharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("offer valid for (hours)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text=_("How long a person from the waiting list has to claim a freed place."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before)"),
        default=2,
        validators=[MaxValueValidator(30)],
        help_text=_("Registrants get a reminder this many days before each part; 0 for none."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    personal_data_removed_at = models.DateTimeField(
        _("registrants' personal data removed"), null=True, blank=True, editable=False
    )
    accredited_data_removed_at = models.DateTimeField(
        _("names of accredited attendees removed"), null=True, blank=True, editable=False
    )
    # Lemmatized search vectors (network_portal.search), written after every save.
    search_cs = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "end"], name="event_status_end"),
            models.Index(fields=["start"], name="event_start"),
            # The upcoming events read from the index alone (a vacuumed table): the public
            # list's counts and the earliest start of those not ended (events.listing).
            models.Index(
                fields=["end"],
                include=["status", "start", "id", "kind", "region", "is_online"],
                name="event_end_covering",
            ),
            GinIndex(fields=["search_cs"], name="event_search_cs"),
            GinIndex(fields=["search_en"], name="event_search_en"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="event_end_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="event_location_complete",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gte=1),
                name="event_offer_hours_positive",
                violation_error_message=_("An offer must be valid for at least one hour."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def accredited_parts(self) -> list:
        return [part for part in self.parts.all() if part.is_accredited]

    @property
    def place(self) -> str:
        """The venue in one line, for lists, feeds and calendars."""
        if self.is_online and not self.venue_name:
            return str(_("online"))
        return ", ".join(part for part in (self.venue_name, self.venue_address) if part)


class EventPartQuerySet(models.QuerySet):
    def window_open(self, now=None):
        """Parts whose registration window is open now (and which have not started),
        whatever their event's status."""
        now = now or timezone.now()
        return self.filter(
            Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now),
            Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now),
            start__gt=now,
        )

    def open_for_registration(self, now=None):
        """Parts of published events whose registration is open now."""
        return self.window_open(now).filter(event__status=Event.Status.PUBLISHED)

    def with_counts(self):
        """Annotate ``taken`` (places held: confirmed, offered) and ``waiting``."""
        return self.annotate(
            taken=Count("registrations", filter=Q(registrations__status__in=HOLDING)),
            waiting=Count(
                "registrations",
                filter=Q(registrations__status=PlaceStatus.WAITING),
            ),
        )


class EventPart(models.Model):
    """A day or a block of an event, registered for separately."""

    class Audience(models.TextChoices):
        ANYONE = "anyone", _("anyone")
        MEMBERS = "members", _("member municipalities only")
        COORDINATORS = "coordinators", _("coordinators only")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="parts"
    )
    title = CleanCharField(_("title"), max_length=200)
    description = CleanTextField(_("programme"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    audience = CleanCharField(
        _("who may register"), max_length=15, choices=Audience.choices, default=Audience.ANYONE
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for unlimited places.")
    )
    member_quota = models.PositiveSmallIntegerField(
        _("places per member"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("At most this many people from one member municipality; empty for no limit."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open at once.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the part starts."),
    )
    online_url = CleanURLField(
        _("online link"),
        blank=True,
        help_text=_("Only confirmed registrants ever see it (in their e-mails and manage page)."),
    )
    accredited_programme = CleanCharField(_("accredited programme"), max_length=200, blank=True)
    accreditation_number = CleanCharField(_("accreditation number"), max_length=50, blank=True)
    accredited_hours = models.PositiveSmallIntegerField(
        _("accredited hours"), null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of items", "position"), default=0
    )

    objects = EventPartQuerySet.as_manager()

    class Meta:
        ordering = ["start", "position", "pk"]
        verbose_name = _("part of an event")
        verbose_name_plural = _("parts of events")
        indexes = [
            # Parts not started yet, read from the index alone: the events open for
            # registration now (the public list's "open now" filter and its count).
            models.Index(
                fields=["start"],
                include=["event", "registration_opens_at", "registration_closes_at"],
                name="eventpart_start_covering",
            ),
            # The section's next scheduled change (events.section.next_change): the first
            # moment after now of each column, read from its index rather than every part.
            models.Index(fields=["end"], name="eventpart_end"),
            models.Index(fields=["registration_opens_at"], name="eventpart_opens"),
            models.Index(fields=["registration_closes_at"], name="eventpart_closes"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="eventpart_end_after_start",
                violation_error_message=_("A part cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="eventpart_registration_window",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(member_quota__isnull=True) | Q(member_quota__gte=1),
                name="eventpart_quota_positive",
                violation_error_message=_("The places per member must be at least one."),
            ),
        ]

    def __str__(self):
        return f"{self.event} – {self.title}"

    def clean(self):
        """A part saved alone keeps its event's dates those of its first and last part (the
        event's form checks its parts together and marks them)."""
        super().clean()
        if getattr(self, "event_days_checked_together", False):
            return
        if self.event_id is None or self.start is None or self.end is None:
            return
        siblings = EventPart.objects.filter(event_id=self.event_id).exclude(pk=self.pk)
        check_event_days(
            start=self.event.start,
            end=self.event.end,
            spans=[*siblings.values_list("start", "end"), (self.start, self.end)],
        )

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) or self.event.is_online

    @property
    def is_unlimited(self) -> bool:
        return self.capacity is None

    @property
    def is_accredited(self) -> bool:
        return bool(self.accreditation_number and self.accredited_programme)

    @property
    def needs_member(self) -> bool:
        return self.audience != self.Audience.ANYONE

    @property
    def closes_at(self):
        """When registration ends: the closing time, and at the latest the part's start."""
        if self.registration_closes_at and self.registration_closes_at < self.start:
            return self.registration_closes_at
        return self.start

    def registration_state(self, now=None) -> str:
        """``not-open``, ``closed``, ``open`` (places left or unlimited) or ``full``."""
        now = now or timezone.now()
        if self.event.status != Event.Status.PUBLISHED or now >= self.closes_at:
            return "closed"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not-open"
        if self.capacity is not None and self.places_left <= 0:
            return "full"
        return "open"

    @property
    def places_left(self):
        """Free places (needs ``with_counts()``); ``None`` when unlimited."""
        if self.capacity is None:
            return None
        return max(self.capacity - getattr(self, "taken", 0), 0)
