"""The network's own pages (about the network, membership, the office...) in a shallow tree,
and the site's editable texts (the home page's lead, the footer, the legal pages' prose).

A page lives at the chain of its ancestors' slugs under the section's translated path
(``/cs/o-siti/zdrave-mesto-a-ma21/kategorie-ma21/``, ``/en/about/...``): one slug per page,
as every other record of the portal, so that the language switcher needs no query.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network_portal.models import TranslatedContent, TranslatedQuerySet
from network_portal.text import CleanCharField, CleanTextField
from network_portal.uploads import thumbnail_url
from news.markup import render_markdown

CZECH = settings.CZECH_COLLATION
# A top-level page, its sub-pages and theirs: deeper trees are hard to find one's way in.
MAX_DEPTH = 3
MARKDOWN_HELP = _(
    "Markdown: **bold**, *italics*, [link](https://…), lines starting with - for lists, "
    "## for a subheading. HTML is not allowed."
)


def tree_order() -> list:
    """Each page after its parent, siblings by position: the top-level ancestor's (position,
    id), then the second level's, then the page's own (-1 where the page has no such level)."""
    deepest, middle = Q(parent__parent__isnull=False), Q(parent__isnull=False)

    def second(field, own):
        return Case(When(deepest, then=F(field)), When(middle, then=F(own)), default=Value(-1))

    def third(own):
        return Case(When(deepest, then=F(own)), default=Value(-1))

    return [
        expression.asc()
        for expression in (
            Coalesce("parent__parent__position", "parent__position", "position"),
            Coalesce("parent__parent_id", "parent_id", "id"),
            second("parent__position", "position"),
            second("parent_id", "id"),
            third("position"),
            third("id"),
        )
    ]


def _published(prefix: str, now) -> Q:
    return Q(**{f"{prefix}published_at__lte": now})


class PageQuerySet(TranslatedQuerySet):
    def published(self, now=None):
        """Pages whose own publication time has come (their ancestors not considered)."""
        return self.filter(_published("", now or timezone.now()))

    def scheduled(self, now=None):
        return self.filter(published_at__gt=now or timezone.now())

    def visible(self, now=None):
        """Published pages whose every ancestor is published too: what the public sees."""
        now = now or timezone.now()
        condition = _published("", now)
        prefix = ""
        for _level in range(MAX_DEPTH - 1):
            prefix += "parent__"
            condition &= Q(**{f"{prefix}isnull": True}) | _published(prefix, now)
        return self.filter(condition)

    def in_navigation(self, now=None):
        """The published top-level pages staff chose for the site's navigation."""
        return self.published(now).filter(parent__isnull=True, show_in_navigation=True)

    def in_tree_order(self):
        return self.order_by(*tree_order())


class Page(TranslatedContent):
    ENGLISH_REQUIRED = ("title_en", "lead_en")
    TRANSLATED_TEXTS = ("title", "lead", "body")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Empty for a top-level page. At most three levels."),
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of items", "position"),
        default=0,
        help_text=_("Pages with the same parent are listed by this number."),
    )
    title = CleanCharField(_("title"), max_length=200, db_collation=CZECH)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The page's part of the address; unique among pages with the same parent."),
    )
    lead = CleanTextField(
        _("lead"), max_length=600, help_text=_("One or two sentences, shown in lists and search.")
    )
    body = CleanTextField(_("text"), blank=True, help_text=MARKDOWN_HELP)
    image = models.ImageField(_("main image"), upload_to="pages/", blank=True, max_length=200)
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
    show_in_navigation = models.BooleanField(
        _("in the navigation"),
        default=False,
        help_text=_("A published top-level page is linked from the footer of every page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Lemmatized search vectors, written after every save by the
    # shared search (``network_portal.search.SearchIndex``, connected in ``pages.apps``).
    search_cs = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="page_slug_unique_under_parent",
                violation_error_message=_("Another page with this parent has this slug."),
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="page_slug_unique_top_level",
                violation_error_message=_("Another top-level page has this slug."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="page_not_own_parent",
                violation_error_message=_("A page cannot be its own parent."),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_cs"], name="page_search_cs"),
            GinIndex(fields=["search_en"], name="page_search_en"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"path": self.tree_path})

    def clean(self):
        errors = {}
        ancestors = self.ancestors
        if self.pk and any(ancestor.pk == self.pk for ancestor in ancestors):
            errors["parent"] = _("A page cannot be placed under itself or its own sub-page.")
        elif len(ancestors) + 1 + self._subtree_height() > MAX_DEPTH:
            errors["parent"] = _("Pages can be nested at most three levels deep.")
        if self.image and not (self.image_alt_cs and self.image_alt_en):
            field = "image_alt_cs" if not self.image_alt_cs else "image_alt_en"
            errors[field] = _("Describe the main image in both languages.")
        if self.show_in_navigation and self.parent_id:
            errors["show_in_navigation"] = _("Only a top-level page can be in the navigation.")
        if errors:
            raise ValidationError(errors)

    def _subtree_height(self) -> int:
        """How many levels of sub-pages this page has below it (0 for a leaf or a new page)."""
        if not self.pk:
            return 0
        if Page.objects.filter(parent__parent=self).exists():
            return 2
        return 1 if Page.objects.filter(parent=self).exists() else 0

    @property
    def ancestors(self) -> list["Page"]:
        """The parent, its parent... top-level first (loaded with ``select_related`` on lists;
        stops at a cycle or past the maximum depth)."""
        chain, seen, page = [], {self.pk}, self.parent
        while page is not None and len(chain) <= MAX_DEPTH and page.pk not in seen:
            chain.append(page)
            seen.add(page.pk)
            page = page.parent
        return chain[::-1]

    @property
    def tree_path(self) -> str:
        return "/".join([*(ancestor.slug for ancestor in self.ancestors), self.slug])

    @property
    def is_published(self):
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def image_url(self):
        return thumbnail_url(self.image.name, "medium") if self.image else ""


def _attachment_folder(instance, filename):
    """Kept for ``0001_initial``: the page attachments it created are documents of the library
    now (``Document.page``, moved by ``documents/migrations/0004_page_documents.py``)."""
    return f"pages/documents/{uuid.uuid4().hex}.pdf"


class SiteText(TranslatedContent):
    """A piece of the site's own words that staff edit: the home page's lead, the footer, the
    prose of the legal pages. A text that does not exist leaves the template's default."""

    class Key(models.TextChoices):
        HOME_LEAD = "home-lead", _("Home page: the introduction")
        ABOUT = "about", _("About the network: the introduction")
        FOOTER = "footer", _("Footer: the network's contact and note")
        ACCESSIBILITY = "accessibility", _("Accessibility statement: the text")
        PRIVACY = "privacy", _("Privacy: the text")

    ENGLISH_REQUIRED = ("body_en",)
    TRANSLATED_TEXTS = ("body",)

    key = CleanCharField(_("place"), max_length=40, choices=Key.choices, unique=True)
    body = CleanTextField(_("text"), help_text=MARKDOWN_HELP)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("site text")
        verbose_name_plural = _("site texts")

    def __str__(self):
        return self.get_key_display()

    @property
    def body_html(self):
        return render_markdown(self.body)
