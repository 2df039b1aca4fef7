from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from localflavor.cz.forms import CZICNumberField

from network_portal import search
from network_portal.text import CleanCharField, CleanEmailField, CleanTextField, CleanURLField
from network_portal.uploads import thumbnail_url

CZECH = settings.CZECH_COLLATION

# A generous box around the Czech Republic: a point outside it is a typo.
LATITUDE_RANGE = (48.5, 51.1)
LONGITUDE_RANGE = (12.0, 18.9)


def validate_ico(value: str) -> None:
    """An IČO: eight digits whose last one is the mod-11 check digit (localflavor's rule)."""
    try:
        CZICNumberField().clean(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a valid IČO: eight digits ending with the correct check digit."),
            code="invalid_ico",
        ) from None
    if len(value) != 8:
        raise ValidationError(
            _("Enter a valid IČO: eight digits ending with the correct check digit."),
            code="invalid_ico",
        )


def ico_with_check_digit(number: int) -> str:
    """The IČO made of the seven digits of ``number`` and their mod-11 check digit."""
    digits = f"{number:07d}"
    remainder = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True)) % 11
    check = {0: 1, 1: 0, 10: 1}.get(remainder, 11 - remainder)
    return f"{digits}{check}"


class Region(models.Model):
    """One of the 14 Czech regions (kraje); reference data loaded by a migration."""

    nuts3 = CleanCharField(_("NUTS3 code"), max_length=5, unique=True)
    iso = CleanCharField(_("ISO 3166-2 code"), max_length=5, unique=True)
    name = CleanCharField(_("name"), max_length=100, db_collation=CZECH)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Category(models.TextChoices):
    """Local Agenda 21 categories, from the first step to the highest."""

    INTERESTED = "Z", _("Interested (Zájemci)")
    D = "D", "D"
    C = "C", "C"
    B = "B", "B"
    A = "A", "A"


CATEGORY_LEVELS = {value: level for level, value in enumerate(Category.values, start=1)}


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def public(self):
        """Members shown in the public directory: former members stay in the data only, new
        ones (from an approved application) wait until staff publish them."""
        return self.exclude(status__in=[Member.Status.FORMER, Member.Status.NEW])

    def editable_by(self, user):
        """The members whose public profile ``user`` may edit: staff all, coordinators theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_perm("members.change_member"):
            return self
        return self.filter(coordinators=user)

    def search(self, text: str, language: str | None = None):
        """Every word found in the stored search text (network_portal.search: name and
        description), or the name containing ``text``, ignoring case and diacritics ("zeň"
        finds Plzeň)."""
        text = text.strip()[:100]
        if not text:
            return self
        terms = search.build_lemmatized(text)
        found = Q(name__unaccent__icontains=text)
        if terms:
            found |= search.matches(terms, language or get_language())
        return self.filter(found)

    def with_current_rating(self):
        """Annotate ``current_category`` and ``current_stars``: the member's latest MA21 rating."""
        latest = Rating.objects.filter(member=OuterRef("pk")).order_by("-year")
        return self.annotate(
            current_category=Subquery(latest.values("category")[:1]),
            current_stars=Subquery(latest.values("stars")[:1]),
            current_rating_year=Subquery(latest.values("year")[:1]),
        )


class Member(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("town / city")
        STATUTORY_CITY = "statutory_city", _("statutory city")
        MUNICIPALITY = "municipality", _("municipality")
        CITY_DISTRICT = "city_district", _("city district")
        REGION = "region", _("region")
        MICROREGION = "microregion", _("microregion / union of municipalities")
        LOCAL_ACTION_GROUP = "lag", _("local action group")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        FORMER = "former", _("former")
        # Approved application, profile not published yet (staff set it to active).
        NEW = "new", _("new, not published yet")

    name = CleanCharField(_("name"), max_length=200, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = CleanCharField(_("kind"), max_length=20, choices=Kind.choices)
    ico = CleanCharField(
        _("IČO"),
        max_length=8,
        unique=True,
        validators=[validate_ico],
        help_text=_("Company identification number: eight digits."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="members"
    )
    status = CleanCharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    address = CleanCharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("The office address, e.g. Hradební 1, 110 00 Praha 1."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
        help_text=_("In degrees, e.g. 49.79530 (the Czech Republic lies between 48.5 and 51.1)."),
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
        help_text=_("In degrees, e.g. 12.63360 (the Czech Republic lies between 12.0 and 18.9)."),
    )
    website = CleanURLField(_("website"), blank=True)
    image = models.ImageField(
        _("coat of arms or logo"),
        upload_to="members/",
        blank=True,
        max_length=200,
    )
    description = CleanTextField(_("description"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator accounts"),
        related_name="coordinated_members",
        blank=True,
        help_text=_("Accounts that may edit this member's public profile."),
    )
    # Lemmatized search vectors (network_portal.search), written after every save.
    search_cs = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="member_location_complete",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="member_status_kind"),
            GinIndex(fields=["search_cs"], name="member_search_cs"),
            GinIndex(fields=["search_en"], name="member_search_en"),
        ]

    def __str__(self):
        return self.name

    # What a coordinator may change on the public profile (members.services); the rest is
    # staff-only.
    PROFILE_FIELDS = (
        "description_cs",
        "description_en",
        "website",
        "address",
        "latitude",
        "longitude",
        "image",
    )
    # What only the member's own pages, the members' list and the searches show: a page that
    # shows members by name defers these (``Member.side_fields``), so that a coordinator's edit
    # of them leaves it cached (network_portal.pagecolumns, registered in members/apps.py).
    SIDE_FIELDS = ("description", *PROFILE_FIELDS, "search_cs", "search_en")

    def get_absolute_url(self):
        return reverse("members:detail", kwargs={"slug": self.slug})

    def get_edit_url(self):
        return reverse("members:edit", kwargs={"slug": self.slug})

    @classmethod
    def side_fields(cls, prefix: str = "") -> list[str]:
        """``SIDE_FIELDS`` as lookups through a relation: ``side_fields("member__")``."""
        return [prefix + field for field in cls.SIDE_FIELDS]

    @property
    def image_small_url(self) -> str:
        return thumbnail_url(self.image.name, "small") if self.image else ""


class Person(models.Model):
    """Somebody who holds a role at a member; only work contacts are kept."""

    first_name = CleanCharField(_("first name"), max_length=100)
    last_name = CleanCharField(_("last name"), max_length=100, db_collation=CZECH)
    title_before = CleanCharField(
        _("titles before the name"), max_length=50, blank=True, help_text=_("e.g. Mgr., Ing.")
    )
    title_after = CleanCharField(
        _("titles after the name"), max_length=50, blank=True, help_text=_("e.g. Ph.D.")
    )
    email = CleanEmailField(_("work e-mail"), blank=True)
    phone = CleanCharField(_("work phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        parts = [self.title_before, self.first_name, self.last_name]
        name = " ".join(part for part in parts if part)
        return f"{name}, {self.title_after}" if self.title_after else name


class RoleQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Roles held on ``on`` (today by default)."""
        on = on or date.today()
        return self.filter(Q(start__isnull=True) | Q(start__lte=on)).filter(
            Q(end__isnull=True) | Q(end__gte=on)
        )


class Role(models.Model):
    class Kind(models.TextChoices):
        POLITICIAN = "politician", _("responsible politician")
        COORDINATOR = "coordinator", _("coordinator")
        DEPUTY_COORDINATOR = "deputy", _("deputy coordinator")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="roles"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="roles"
    )
    kind = CleanCharField(_("role"), max_length=20, choices=Kind.choices)
    position = CleanCharField(
        pgettext_lazy("job", "position"),
        max_length=200,
        blank=True,
        help_text=_("e.g. mayor, councillor"),
    )
    resolution_number = CleanCharField(_("council resolution number"), max_length=50, blank=True)
    resolution_date = models.DateField(_("council resolution date"), null=True, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-start"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="role_end_after_start",
                violation_error_message=_("The role cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["member", "kind"], name="role_member_kind")]

    def __str__(self):
        return f"{self.person} – {self.get_kind_display()} ({self.member})"


class Rating(models.Model):
    """A member's Local Agenda 21 category in one year."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1994), MaxValueValidator(2100)]
    )
    category = CleanCharField(_("category"), max_length=1, choices=Category.choices)
    stars = models.PositiveSmallIntegerField(
        _("stars"),
        default=0,
        validators=[MaxValueValidator(3)],
        help_text=_("Sub-level within the category, e.g. one star for C*."),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Local Agenda 21 rating")
        verbose_name_plural = _("Local Agenda 21 ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="rating_one_per_member_and_year",
                violation_error_message=_("This member already has a rating for that year."),
            ),
            models.CheckConstraint(condition=Q(stars__lte=3), name="rating_stars_at_most_3"),
        ]

    def __str__(self):
        return f"{self.member} {self.year}: {self.label}"

    @property
    def label(self) -> str:
        return rating_label(self.category, self.stars)

    @property
    def level(self) -> int:
        return CATEGORY_LEVELS.get(self.category, 0)


def rating_label(category: str | None, stars: int | None = 0) -> str:
    """ "C*" for category C with one star; the category's name for "Interested"."""
    if not category:
        return ""
    name = str(Category(category).label) if category == Category.INTERESTED else category
    return name + "*" * (stars or 0)


class ApplicationQuerySet(models.QuerySet):
    def to_anonymise(self, before):
        """Decided (or returned and never answered) applications last changed before
        ``before`` that still hold personal data."""
        State = MembershipApplication.State
        return self.filter(
            state__in=[State.APPROVED, State.REJECTED, State.RETURNED],
            changed_at__lt=before,
            anonymised_at__isnull=True,
        )


class MembershipApplication(models.Model):
    """A municipality's (region's, LAG's ...) application to join, with its council resolution.

    Written only by the services in ``members.applications``; its history is kept.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for review")
        RETURNED = "returned", _("returned to the applicant")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    state = CleanCharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    kind = CleanCharField(_("kind of member"), max_length=20, choices=Member.Kind.choices)
    name = CleanCharField(_("name"), max_length=200)
    ico = CleanCharField(_("IČO"), max_length=8, validators=[validate_ico])
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = CleanCharField(_("address"), max_length=300)
    resolution_number = CleanCharField(_("council resolution number"), max_length=50)
    resolution_date = models.DateField(_("council resolution date"))
    resolution_file = models.FileField(
        _("council resolution (PDF)"), upload_to="members/applications/", max_length=200
    )
    politician_title = CleanCharField(_("titles before the name"), max_length=50, blank=True)
    politician_first_name = CleanCharField(_("first name"), max_length=100)
    politician_last_name = CleanCharField(_("last name"), max_length=100)
    politician_position = CleanCharField(_("position"), max_length=200)
    politician_email = CleanEmailField(_("e-mail"))
    politician_phone = CleanCharField(_("phone"), max_length=30, blank=True)
    coordinator_title = CleanCharField(_("titles before the name"), max_length=50, blank=True)
    coordinator_first_name = CleanCharField(_("first name"), max_length=100)
    coordinator_last_name = CleanCharField(_("last name"), max_length=100)
    coordinator_position = CleanCharField(_("position"), max_length=200)
    coordinator_email = CleanEmailField(_("e-mail"))
    coordinator_phone = CleanCharField(_("phone"), max_length=30, blank=True)
    contact_name = CleanCharField(_("contact person"), max_length=200)
    contact_email = CleanEmailField(_("contact e-mail"))
    contact_phone = CleanCharField(_("contact phone"), max_length=30, blank=True)
    note = CleanTextField(_("note from the applicant"), blank=True)
    language = CleanCharField(_("language"), max_length=2, default="cs")
    consent_at = models.DateTimeField(_("consent given"))
    reason = CleanTextField(_("reason given by staff"), blank=True)
    # A new nonce revokes every earlier link to the correction page (members.applications).
    token_nonce = CleanCharField(max_length=32, blank=True, editable=False)
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    submitted_at = models.DateTimeField(_("submitted"))
    changed_at = models.DateTimeField(_("last change"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        permissions = [("review_application", _("Can approve, return or reject applications"))]
        indexes = [models.Index(fields=["state", "changed_at"], name="application_state")]

    def __str__(self):
        return f"{self.name} ({self.ico})"

    @property
    def politician_name(self) -> str:
        return " ".join(
            p
            for p in [self.politician_title, self.politician_first_name, self.politician_last_name]
            if p
        )

    @property
    def coordinator_name(self) -> str:
        return " ".join(
            p
            for p in [
                self.coordinator_title,
                self.coordinator_first_name,
                self.coordinator_last_name,
            ]
            if p
        )
