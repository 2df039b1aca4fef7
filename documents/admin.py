from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from documents.forms import DocumentAdminForm, InlineDocumentForm
from documents.models import Document
from network_portal.admin import (
    EnglishStatusFilter,
    PreviewMixin,
    TranslatedContentAdminMixin,
    TranslatedHistoryAdmin,
)
from news.markup import render_markdown


@admin.register(Document)
class DocumentAdmin(PreviewMixin, TranslatedContentAdminMixin, TranslatedHistoryAdmin):
    form = DocumentAdminForm
    preview_fields = {"description": render_markdown}
    list_display = ["title", "kind", "year", "language", "status", "event", "english_status"]
    list_filter = ["status", "kind", "year", "language", EnglishStatusFilter, "topics"]
    search_fields = ["title_cs", "title_en", "slug", "event__title_cs", "project__acronym"]
    autocomplete_fields = ["members", "project", "event", "page"]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ("title_cs",)}
    readonly_fields = [
        "stored_file",
        "pages",
        "created_at",
        "updated_at",
        "cs_changed_at",
        "en_changed_at",
    ]
    fieldsets = [
        (None, {"fields": ["status", "title", "slug", "description"]}),
        (_("File"), {"fields": ["stored_file", "upload", "pages"]}),
        (_("About the document"), {"fields": ["kind", "year", "language", "topics"]}),
        (_("Links"), {"fields": ["members", "project", "event", "page", "position"]}),
        (_("Record"), {"fields": ["created_at", "updated_at", "cs_changed_at", "en_changed_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event").defer("text")

    @admin.display(description=_("stored file"))
    def stored_file(self, obj):
        if not obj or not obj.file:
            return "–"
        return format_html(
            '<a href="{}">{}</a> ({})',
            obj.get_download_url(),
            obj.filename,
            filesizeformat(obj.size),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A storage that fails while the file is stored is a translated ValidationError: the
        # admin's transaction is rolled back and the error shown.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class _DocumentInline(TranslationTabularInline):
    """The documents of an event, a project or a page, edited on its admin page (they are
    documents of the library: the full record is in the documents' admin)."""

    model = Document
    form = InlineDocumentForm
    extra = 0
    fields = ["title", "upload", "kind", "year", "language", "status", "position", "size"]
    readonly_fields = ["size"]
    show_change_link = True
    verbose_name = _("document")
    verbose_name_plural = _("documents (library)")


class EventDocumentInline(_DocumentInline):
    fk_name = "event"


class ProjectDocumentInline(_DocumentInline):
    fk_name = "project"


class PageDocumentInline(_DocumentInline):
    fk_name = "page"
