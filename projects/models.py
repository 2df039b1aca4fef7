"""Projects of the network, their funders and partners.

A project's status (planned, running, finished) is never stored: it follows from the period and
today's date, as a QuerySet filter for lists and counts and as a property for one project.
Periods have month precision: ``start`` and ``end`` are the first days of their months, and a
project runs until the last day of its end month.
"""

from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from goodpractice.models import Country, Goal, TargetGroup, Topic
from members.models import Member
from network_portal import search
from network_portal.models import TranslatedContent, TranslatedQuerySet
from network_portal.text import CleanCharField, CleanTextField, CleanURLField
from network_portal.uploads import thumbnail_url

CZECH = settings.CZECH_COLLATION


def first_of_month(value: date) -> date:
    return value.replace(day=1)


def validate_first_of_month(value: date) -> None:
    if value and value.day != 1:
        raise ValidationError(
            _("Use the first day of the month: a project's period is kept by months."),
            code="not_first_of_month",
        )


class Funder(models.Model):
    """Who pays for projects, with the acknowledgement its publicity rules require."""

    name = CleanCharField(_("name"), max_length=200, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # Stored names of images saved by network_portal.uploads.image_store (re-encoded, with
    # thumbnails): the admin replaces them only through its upload fields.
    logo = models.ImageField(_("logo (colour)"), upload_to="projects/funders/", blank=True)
    logo_mono = models.ImageField(_("logo (monochrome)"), upload_to="projects/funders/", blank=True)
    acknowledgement = CleanTextField(
        _("acknowledgement"),
        help_text=_("The sentence the funder requires on every page about a funded project."),
    )
    url = CleanURLField(_("link"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self):
        return self.name

    @property
    def logo_url(self):
        return thumbnail_url(self.logo.name, "small") if self.logo else ""


class Currency(models.TextChoices):
    CZK = "CZK", _("Czech crowns (CZK)")
    EUR = "EUR", _("euros (EUR)")
    NOK = "NOK", _("Norwegian crowns (NOK)")


PREVIEW_PERMISSION = "projects.change_project"


def status_condition(status: str, today: date) -> Q:
    """The filter for projects in ``status`` on ``today`` (the one definition of the status)."""
    if status == Project.Status.PLANNED:
        return Q(start__gt=today)
    if status == Project.Status.FINISHED:
        return Q(end__lt=first_of_month(today))
    return Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gte=first_of_month(today)))


class ProjectQuerySet(TranslatedQuerySet):
    def published(self):
        """Projects the public may see: every public page, list, feed, export and block."""
        return self.filter(publication=Project.Publication.PUBLISHED)

    def visible_to(self, user):
        """Published projects, and drafts too for staff who may edit projects (a preview)."""
        if user.has_perm(PREVIEW_PERMISSION):
            return self.all()
        return self.published()

    def planned(self, today=None):
        return self.filter(status_condition(Project.Status.PLANNED, today or timezone.localdate()))

    def running(self, today=None):
        return self.filter(status_condition(Project.Status.RUNNING, today or timezone.localdate()))

    def finished(self, today=None):
        return self.filter(status_condition(Project.Status.FINISHED, today or timezone.localdate()))

    def search(self, text: str, language: str | None = None):
        """Every word found in the stored search text (network_portal.search)."""
        terms = search.build_lemmatized(text)
        return self.filter(search.matches(terms, language or get_language())) if terms else self

    def with_status(self, today=None):
        """Annotate ``current_status`` (planned / running / finished) for grouping and counts."""
        today = today or timezone.localdate()
        return self.annotate(
            current_status=Case(
                When(start__gt=today, then=Value(Project.Status.PLANNED)),
                When(end__lt=first_of_month(today), then=Value(Project.Status.FINISHED)),
                default=Value(Project.Status.RUNNING),
                output_field=models.CharField(),
            )
        )

    def of_member(self, member):
        """Projects ``member`` leads or is a partner in."""
        return self.filter(
            Q(lead_member=member)
            | Q(pk__in=ProjectPartner.objects.filter(member=member).values("project"))
        )


class Project(TranslatedContent):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")

    class Publication(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    ENGLISH_REQUIRED = ("name_en", "summary_en")
    TRANSLATED_TEXTS = ("name", "summary", "description")

    name = CleanCharField(_("name"), max_length=250, db_collation=CZECH)
    acronym = CleanCharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = CleanTextField(
        _("summary"), max_length=1000, help_text=_("Two or three sentences for the list.")
    )
    description = CleanTextField(_("description"), blank=True)
    start = models.DateField(
        _("start (month)"),
        validators=[validate_first_of_month],
        help_text=_("The first day of the month the project starts."),
    )
    end = models.DateField(
        _("end (month)"),
        null=True,
        blank=True,
        validators=[validate_first_of_month],
        help_text=_("The first day of the project's last month; empty while not known."),
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("sustainable development goals"), related_name="projects", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="projects", blank=True
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="projects", blank=True
    )
    lead_organisation = CleanCharField(_("lead organisation"), max_length=250)
    lead_member = models.ForeignKey(
        Member,
        verbose_name=_("lead member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
        help_text=_("When the lead organisation is a member of the network."),
    )
    funders = models.ManyToManyField(
        Funder, verbose_name=_("funders"), related_name="projects", blank=True
    )
    programme = CleanCharField(_("programme"), max_length=250, blank=True)
    programme_operator = CleanCharField(_("programme operator"), max_length=250, blank=True)
    grant_number = CleanCharField(_("grant number"), max_length=100, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = CleanCharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    website = CleanURLField(_("website"), blank=True)
    # "status" is the period's planned / running / finished, derived from the dates.
    publication = CleanCharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        help_text=_("A draft is seen only by staff who may edit projects."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When each language's texts last changed (set by the admin through projects.services).
    # Lemmatized search vectors (network_portal.search), written after every save.
    search_cs = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="project_period_order",
                violation_error_message=_("The project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="project_budget_positive",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_cs"], name="project_search_cs"),
            GinIndex(fields=["search_en"], name="project_search_en"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def period(self) -> str:
        """ "duben 2022 – květen 2024" / "April 2022 – May 2024"."""
        start = date_format(self.start, "F Y")
        if not self.end:
            return gettext("from %(start)s") % {"start": start}
        if self.end == self.start:
            return start
        return f"{start} – {date_format(self.end, 'F Y')}"

    @property
    def is_published(self) -> bool:
        return self.publication == self.Publication.PUBLISHED

    def status_on(self, today: date) -> str:
        if self.start > today:
            return self.Status.PLANNED
        if self.end and self.end < first_of_month(today):
            return self.Status.FINISHED
        return self.Status.RUNNING

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self):
        return self.Status(self.status).label


class ProjectPartner(models.Model):
    """A partner in a project: a member of the network or an organisation outside it."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_partnerships",
    )
    organisation_name = CleanCharField(
        _("organisation"),
        max_length=250,
        blank=True,
        help_text=_("Only for a partner that is not a member of the network."),
    )
    country = CleanCharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.CZECHIA
    )
    website = CleanURLField(_("website"), blank=True)
    role = CleanCharField(
        _("role or focus"),
        max_length=250,
        blank=True,
        help_text=_("E.g. “women” or “sharing Norwegian experience”."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of items", "position"), default=0
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(organisation_name=""))
                | (Q(member__isnull=True) & ~Q(organisation_name="")),
                name="project_partner_member_or_organisation",
                violation_error_message=_(
                    "Choose a member of the network or type the name of an outside "
                    "organisation – exactly one of the two."
                ),
            ),
            models.UniqueConstraint(
                fields=["project", "member"],
                condition=Q(member__isnull=False),
                name="project_partner_member_once",
                violation_error_message=_("This member is already a partner in the project."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.member.name if self.member_id else self.organisation_name
