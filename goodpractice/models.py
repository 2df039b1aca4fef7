from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Member
from network_portal.models import TranslatedContent, TranslatedQuerySet
from network_portal.text import CleanCharField, CleanEmailField, CleanTextField

CZECH = settings.CZECH_COLLATION


def validate_links(value):
    """Every line a http(s) address: the links are rendered as hrefs."""
    check = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError as error:
                raise ValidationError(
                    _("“%(link)s” is not a web address (it should start with https://)."),
                    params={"link": line.strip()[:100]},
                    code="invalid_link",
                ) from error


class Term(models.Model):
    """A term of a shared vocabulary managed by staff; the name is translated."""

    name = CleanCharField(_("name"), max_length=150, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of items", "position"), default=0
    )

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Topic(Term):
    """One of the ten themes of the sustainable-development audits (MA21)."""

    class Meta(Term.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class TargetGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Method(Term):
    class Meta(Term.Meta):
        verbose_name = _("method")
        verbose_name_plural = _("methods")


class Goal(Term):
    """One of the 17 UN Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta(Term.Meta):
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Country(models.TextChoices):
    """Where an example comes from: members are Czech, partners may be from abroad."""

    CZECHIA = "CZ", _("Czechia")
    NORWAY = "NO", _("Norway")
    ICELAND = "IS", _("Iceland")
    LIECHTENSTEIN = "LI", _("Liechtenstein")
    SLOVAKIA = "SK", _("Slovakia")
    POLAND = "PL", _("Poland")
    AUSTRIA = "AT", _("Austria")
    GERMANY = "DE", _("Germany")
    OTHER = "XX", _("another country")


class PracticeQuerySet(TranslatedQuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def editable_by(self, user):
        """Examples of the members ``user`` may edit (staff: all); the one access rule."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_perm("goodpractice.change_practice"):
            return self
        return self.filter(
            Exists(
                Practice.members.through.objects.filter(
                    practice=OuterRef("pk"), member__in=Member.objects.editable_by(user)
                )
            )
        )

    def visible_to(self, user):
        """Published examples, plus the unpublished ones ``user`` may edit (as a preview)."""
        if not user.is_authenticated:
            return self.published()
        return self.filter(
            Q(status=Practice.Status.PUBLISHED) | Q(pk__in=self.editable_by(user).values("pk"))
        )


class Practice(TranslatedContent):
    """An example of good practice from one or more members or from a partner abroad."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("returned to the author")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    ENGLISH_REQUIRED = ("title_en", "summary_en")
    TRANSLATED_TEXTS = ("title", "summary", "body")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    title = CleanCharField(_("title"), max_length=200, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = CleanTextField(
        _("summary"), max_length=1000, help_text=_("Two or three sentences for the list.")
    )
    body = CleanTextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), related_name="practices", blank=True
    )
    partner_name = CleanCharField(
        _("partner organisation"),
        max_length=200,
        blank=True,
        help_text=_("A partner that is not a member of the network, e.g. a Norwegian town."),
    )
    country = CleanCharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.CZECHIA
    )
    year_from = models.PositiveSmallIntegerField(_("year (from)"))
    year_to = models.PositiveSmallIntegerField(
        _("year (to)"), null=True, blank=True, help_text=_("Leave empty for a single year.")
    )
    contact_name = CleanCharField(_("contact person"), max_length=200, blank=True)
    contact_email = CleanEmailField(_("contact e-mail"), blank=True)
    contact_phone = CleanCharField(_("contact phone"), max_length=40, blank=True)
    links = CleanTextField(
        _("links"),
        blank=True,
        validators=[validate_links],
        help_text=_("One web address per line."),
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="practices"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="practices", blank=True
    )
    methods = models.ManyToManyField(
        Method, verbose_name=_("methods"), related_name="practices", blank=True
    )
    goals = models.ManyToManyField(
        Goal,
        verbose_name=_("sustainable development goals"),
        related_name="practices",
        blank=True,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text=_("The project this example is an output of."),
    )
    status = CleanCharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = CleanTextField(
        _("comment from the review"),
        blank=True,
        help_text=_("Shown to the author when the example is returned."),
    )
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Checked by the network (the prověřeno stamp).")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("good practice example")
        verbose_name_plural = _("good practice examples")
        permissions = [("review_practice", _("Can review, publish and withdraw examples"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="practice_status_published"),
            models.Index(fields=["year_from"], name="practice_year_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")),
                name="practice_period_order",
            ),
            models.CheckConstraint(
                condition=Q(year_from__gte=1990) & Q(year_from__lte=2100),
                name="practice_year_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goodpractice:detail", kwargs={"slug": self.slug})

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def period(self):
        if self.year_to and self.year_to != self.year_from:
            return f"{self.year_from}–{self.year_to}"
        return str(self.year_from)

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def origin_names(self):
        """Who the example comes from, for lists and feeds (uses prefetched members)."""
        names = [member.name for member in self.members.all()]
        if self.partner_name:
            names.append(self.partner_name)
        return names


def _image_folder(instance, filename):
    return f"goodpractice/images/{filename}"


def _attachment_folder(instance, filename):
    return f"goodpractice/attachments/{filename}"


class PracticeImage(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("example"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to=_image_folder, max_length=200)
    alt = CleanCharField(
        _("description of the image"),
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of items", "position"), default=0
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("example"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file (PDF)"), upload_to=_attachment_folder, max_length=200)
    title = CleanCharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class PracticeSearchRow(models.Model):
    """One published example as its public list filters, counts and sorts it: one row per
    example and language, kept by ``goodpractice.indexing`` on every write.

    Narrow on purpose (about 100 bytes): every filter value of the example is one integer in
    ``keys`` (``facet number × FACET_SPAN + value``, see ``goodpractice.indexing``), so that
    one GIN index finds the rows of any combination of chosen values and an ``unnest`` of the
    matching rows counts every facet (``PracticeSearch._count``); the counts over all rows
    are kept in ``PracticeFacetTotal``. The text lives in ``PracticeSearchText``, so that
    reading the keys of thousands of rows reads few pages.
    """

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="search_rows", db_index=False
    )
    language = CleanCharField(max_length=2)
    published_at = models.DateTimeField()
    title = CleanCharField(max_length=200, db_collation=CZECH)
    keys = ArrayField(models.IntegerField())

    class Meta:
        ordering = ["language", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "language"], name="practice_search_row_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["language", "-published_at", "-practice"], name="practice_row_newest"
            ),
            # One GIN index per language, so that the planner never needs the language from
            # another index (a bitmap of half the table) next to the keys.
            *(
                GinIndex(
                    fields=["keys"],
                    name=f"practice_row_keys_{language}",
                    condition=Q(language=language),
                )
                for language in ("cs", "en")
            ),
        ]

    def __str__(self):
        return f"{self.practice_id} ({self.language})"


class PracticeSearchText(models.Model):
    """The searchable text of a published example in one language, lemmatized
    (``goodpractice.search``): ``document`` holds the lexemes of the title, summary and
    description without positions (matching needs none, and the rows a broad search visits
    stay small); ``ranking`` holds title (weight A) and summary (B) with positions, small
    enough to stay inline, so ranking reads no out-of-line data. The English row holds the
    English text and the Czech text, as an English page also finds examples by their Czech
    words. ``keys`` repeat the filter row's: a search visits the matching text rows anyway
    (a GIN index returns no columns), so it counts from them without a join; with
    ``published_at`` it also ranks the matches alone, before the few shown are joined to the
    examples."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="search_texts", db_index=False
    )
    language = CleanCharField(max_length=2)
    published_at = models.DateTimeField()
    keys = ArrayField(models.IntegerField())
    document = SearchVectorField()
    ranking = SearchVectorField()

    class Meta:
        ordering = ["language", "practice"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "language"], name="practice_search_text_unique"
            ),
        ]
        # One GIN index per language of the words, the title and summary, *and* the filter
        # keys: a search with filters finds the rows matching both inside the index, so the
        # heap is visited only for them (broad words and a topic: the few rows with both, not
        # every row with the words), and the rows that can rank first
        # (``PracticeSearch._ranked_on_candidates``: terms in ``ranking``, all words in
        # ``document``) are found without reading any document. Separate indexes would let
        # the planner start from one and test the rest row by row, reading every document
        # (figures: README, Benchmarks).
        indexes = [
            GinIndex(
                fields=["document", "ranking", "keys"],
                name=f"practice_text_search_{language}",
                condition=Q(language=language),
            )
            for language in ("cs", "en")
        ]

    def __str__(self):
        return f"{self.practice_id} ({self.language})"


class PracticeFacetTotal(models.Model):
    """How many search rows of a language hold each key (``-1``: all rows), kept up to date
    by ``goodpractice.indexing`` with every change of the rows: the counts of the unfiltered
    list without reading the rows."""

    language = CleanCharField(max_length=2)
    key = models.IntegerField()
    count = models.IntegerField()

    class Meta:
        ordering = ["language", "key"]
        constraints = [
            models.UniqueConstraint(fields=["language", "key"], name="practice_facet_total_key"),
        ]

    def __str__(self):
        return f"{self.language} {self.key}: {self.count}"


class PracticeSearchBlock(models.Model):
    """A block of examples (by id, ``goodpractice.indexing.SEARCH_BLOCK`` ids a block) and
    the generation of its search rows: renewed by ``goodpractice.indexing`` in the same
    transaction as every write to a text row of the block. What the list works out from one
    block's rows is kept under the block's generation (``goodpractice.blocks``), so a write
    makes stale only its own block's part."""

    number = models.IntegerField(primary_key=True)
    generation = models.UUIDField()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}: {self.generation}"
