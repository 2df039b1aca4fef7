from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goodpractice.models import Practice, Topic
from members.models import Member
from network_portal.text import CleanCharField, CleanTextField
from network_portal.uploads import thumbnail_url
from news.markup import render_markdown
from projects.models import Project

CZECH = settings.CZECH_COLLATION


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles whose publication time has come; a scheduled one stays hidden until then."""
        return self.filter(published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(published_at__gt=now or timezone.now())

    def about(self, record):
        """Articles linked to ``record`` (a member, project, example or event), found through
        the link whose target is the record's model; none for anything else."""
        for field in Article._meta.many_to_many:
            if field.related_model is type(record):
                return self.filter(**{field.name: record})
        return self.none()


class Article(models.Model):
    title = CleanCharField(_("title"), max_length=250, db_collation=CZECH)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    perex = CleanTextField(
        _("perex"), max_length=600, help_text=_("The opening paragraph, shown in lists and feeds.")
    )
    body = CleanTextField(
        _("text"),
        blank=True,
        help_text=_(
            "Markdown: **bold**, *italics*, [link](https://…), lines starting with - for lists, "
            "## for a subheading. HTML is not allowed."
        ),
    )
    image = models.ImageField(_("main image"), upload_to="news/", blank=True, max_length=200)
    image_alt = CleanCharField(
        _("description of the image"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Empty: a draft. A time in the future: published automatically then."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), related_name="articles", blank=True
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), related_name="articles", blank=True
    )
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), related_name="articles", blank=True
    )
    practices = models.ManyToManyField(
        Practice,
        verbose_name=_("good practice examples"),
        related_name="articles",
        blank=True,
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="articles", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Lemmatized search vectors (network_portal.search, as every section), written after
    # every save: the dictionary forms are found in Python, not by a generated column.
    search_cs = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [
            GinIndex(fields=["search_cs"], name="article_search_cs"),
            GinIndex(fields=["search_en"], name="article_search_en"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not (self.image_alt_cs and self.image_alt_en):
            raise ValidationError(
                {
                    "image_alt_cs" if not self.image_alt_cs else "image_alt_en": _(
                        "Describe the main image in both languages."
                    )
                }
            )

    @property
    def is_published(self):
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def has_english(self):
        return bool(self.title_en and self.perex_en)

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def image_url(self):
        return thumbnail_url(self.image.name, "medium") if self.image else ""
