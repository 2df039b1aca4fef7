from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from documents.admin import PageDocumentInline
from network_portal.admin import (
    EnglishStatusFilter,
    PreviewMixin,
    PublicationFilter,
    PublishedAtAdminMixin,
    TranslatedContentAdminMixin,
    TranslatedHistoryAdmin,
)
from news.markup import render_markdown
from pages import services
from pages.forms import PageAdminForm
from pages.models import Page, SiteText, tree_order


@admin.register(Page)
class PageAdmin(
    PublishedAtAdminMixin, PreviewMixin, TranslatedContentAdminMixin, TranslatedHistoryAdmin
):
    """The tree as an indented list (each page after its parent), with preview, history and
    the translation status of every record."""

    form = PageAdminForm
    preview_fields = {"body": render_markdown}
    list_display = [
        "tree_title",
        "publication_state",
        "published_at",
        "show_in_navigation",
        "english_status",
    ]
    list_filter = [PublicationFilter, "show_in_navigation", EnglishStatusFilter]
    search_fields = ["title_cs", "title_en", "slug"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent__parent"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "cs_changed_at",
        "en_changed_at",
        "image_preview",
    ]
    prepopulated_fields = {"slug": ("title_cs",)}
    inlines = [PageDocumentInline]
    fieldsets = [
        (None, {"fields": ["parent", "position", "title", "slug", "lead", "body"]}),
        (_("Main image"), {"fields": ["image_preview", "image_upload", "image_alt"]}),
        (_("Publication"), {"fields": ["published_at", "show_in_navigation"]}),
        (
            _("Changes"),
            {"fields": ["created_at", "updated_at", "cs_changed_at", "en_changed_at"]},
        ),
    ]

    def get_ordering(self, request):
        return tree_order()

    @admin.display(description=_("title"))
    def tree_title(self, obj):
        depth = len(obj.ancestors)
        return format_html("{}{}", "— " * depth, obj.title)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("image_upload")
        if upload:
            services.page_image_store(page=obj, upload=upload)
        super().save_model(request, obj, form, change)


@admin.register(SiteText)
class SiteTextAdmin(PreviewMixin, TranslatedContentAdminMixin, TranslatedHistoryAdmin):
    preview_fields = {"body": render_markdown}
    list_display = ["__str__", "english_status", "updated_at"]
    list_filter = [EnglishStatusFilter]
    search_fields = ["body_cs", "body_en"]
    readonly_fields = ["updated_at", "cs_changed_at", "en_changed_at"]
    fields = ["key", "body", "updated_at", "cs_changed_at", "en_changed_at"]
