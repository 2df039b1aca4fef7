"""The network's library of documents: publications, methodologies, reports, presentations and
event materials. An event's attachments, a project's documents and a page's PDFs are documents
of this library (``event``/``project``/``page`` links), so one file appears on the event, on its
project (or page) and in the library.

The file is a PDF that passed the shared upload policy (``network_portal.pdf_uploads``); its text
is extracted once, by a job after the upload (``documents.tasks``), and searched lemmatized
like the news and good practice (``documents.indexing``).
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from goodpractice.models import Topic
from members.models import Member
from network_portal.models import TranslatedContent, TranslatedQuerySet
from network_portal.text import CleanCharField, CleanTextField
from news.markup import render_markdown

CZECH = settings.CZECH_COLLATION
FIRST_YEAR = 1990
# The text kept for the search: a long report's first ~100 pages, well inside a tsvector's
# limit of 1 MB.
TEXT_MAX_LENGTH = 300_000


class DocumentQuerySet(TranslatedQuerySet):
    def published(self):
        """Documents the public may see: every public page, list, feed, export and block."""
        return self.filter(status=Document.Status.PUBLISHED)

    def visible_to(self, user):
        """Published documents, and drafts too for staff who may edit documents (a preview)."""
        if user.has_perm("documents.change_document"):
            return self.all()
        return self.published()

    def about(self, record):
        """The documents of ``record``: an event's own; a project's own and its events'; a
        member's; a page's own; none for anything else."""
        from events.models import Event
        from pages.models import Page
        from projects.models import Project

        if isinstance(record, Event):
            return self.filter(event=record)
        if isinstance(record, Project):
            return self.filter(Q(project=record) | Q(project__isnull=True, event__project=record))
        if isinstance(record, Member):
            return self.filter(members=record)
        if isinstance(record, Page):
            return self.filter(page=record)
        return self.none()


class Document(TranslatedContent):
    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("publication")
        METHODOLOGY = "methodology", _("methodology")
        REPORT = "report", _("report")
        PRESENTATION = "presentation", _("presentation")
        EVENT_MATERIAL = "event-material", _("event material")
        OTHER = "other", pgettext_lazy("kind of document", "other")

    class Language(models.TextChoices):
        CZECH = "cs", _("Czech")
        ENGLISH = "en", _("English")
        OTHER = "other", pgettext_lazy("language", "other")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("document status", "draft")
        PUBLISHED = "published", pgettext_lazy("document status", "published")

    ENGLISH_REQUIRED = ("title_en",)
    TRANSLATED_TEXTS = ("title", "description")

    title = CleanCharField(_("title"), max_length=250, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = CleanTextField(
        _("description"),
        blank=True,
        help_text=_(
            "Markdown: **bold**, *italics*, [link](https://…), lines starting with - for lists. "
            "HTML is not allowed."
        ),
    )
    status = CleanCharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    kind = CleanCharField(_("type"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
        help_text=_("The year the document was written or presented."),
    )
    language = CleanCharField(
        _("language of the document"),
        max_length=5,
        choices=Language.choices,
        default=Language.CZECH,
    )
    file = models.FileField(_("file (PDF)"), upload_to="documents/", max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="documents", blank=True
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), related_name="documents", blank=True
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Empty for an event's document: it appears on the event's project anyway."),
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    page = models.ForeignKey(
        "pages.Page",
        verbose_name=_("page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("A page of the network's own (About the network) that offers the document."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of items", "position"),
        default=0,
        help_text=_("The order among the documents of its event, project or page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The text of the PDF, extracted once by documents.tasks; ``text_of`` names the stored
    # file it was read from, so a new file is read again and an unchanged one never.
    text = CleanTextField(_("text of the document"), blank=True, editable=False)
    text_of = CleanCharField(max_length=200, blank=True, editable=False)
    search_cs = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            GinIndex(fields=["search_cs"], name="document_search_cs"),
            GinIndex(fields=["search_en"], name="document_search_en"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})

    def get_download_url(self):
        return reverse("documents:file", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def filename(self):
        return f"{self.slug[:80]}.pdf"
