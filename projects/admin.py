from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from documents.admin import ProjectDocumentInline
from network_portal.admin import (
    DescriptionPreviewMixin,
    EnglishStatusFilter,
    TranslatedContentAdminMixin,
    TranslatedHistoryAdmin,
)
from network_portal.uploads import thumbnail_url
from projects import services
from projects.forms import FunderAdminForm, PartnerAdminForm, ProjectAdminForm
from projects.models import Funder, Project, ProjectPartner


@admin.register(Funder)
class FunderAdmin(TranslatedHistoryAdmin):
    form = FunderAdminForm
    list_display = ["name", "url", "logo_preview"]
    list_filter: list = []
    search_fields = ["name_cs", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_cs",)}
    readonly_fields = ["logo_preview", "logo_mono_preview"]
    # Explicit, because the upload fields are form fields only: without them here the admin
    # drew neither the uploads nor the stored logos.
    fieldsets = [
        (None, {"fields": ["name", "slug", "acknowledgement", "url"]}),
        (
            _("Logos"),
            {
                "fields": ["logo_preview", "logo_upload", "logo_mono_preview", "logo_mono_upload"],
                "description": _(
                    "The funder's publicity rules require its logo next to the acknowledgement."
                ),
            },
        ),
    ]

    @admin.display(description=_("logo (colour)"))
    def logo_preview(self, obj):
        if not obj or not obj.logo:
            return "–"
        return format_html('<img src="{}" alt="" style="max-height:48px">', obj.logo_url)

    @admin.display(description=_("logo (monochrome)"))
    def logo_mono_preview(self, obj):
        if not obj or not obj.logo_mono:
            return "–"
        return format_html(
            '<img src="{}" alt="" style="max-height:48px">',
            thumbnail_url(obj.logo_mono.name, "small"),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A storage that fails while the logo is stored (after the form was valid) is a
        # translated ValidationError: the admin's transaction is rolled back and the error shown.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        services.funder_logos_store(
            funder=obj,
            logo=form.cleaned_data.get("logo_upload"),
            logo_mono=form.cleaned_data.get("logo_mono_upload"),
        )
        super().save_model(request, obj, form, change)


class PartnerInline(TranslationTabularInline):
    model = ProjectPartner
    form = PartnerAdminForm
    extra = 0
    fields = ["member", "organisation_name", "country", "website", "role", "position"]
    autocomplete_fields = ["member"]


@admin.register(Project)
class ProjectAdmin(DescriptionPreviewMixin, TranslatedContentAdminMixin, TranslatedHistoryAdmin):
    form = ProjectAdminForm
    list_display = [
        "name",
        "acronym",
        "publication",
        "start",
        "end",
        "status_label",
        "english_status",
    ]
    list_filter = ["publication", "funders", EnglishStatusFilter, "topics"]
    search_fields = ["name_cs", "name_en", "acronym", "slug", "grant_number"]
    autocomplete_fields = ["lead_member", "funders"]
    filter_horizontal = ["goals", "target_groups", "topics"]
    prepopulated_fields = {"slug": ("acronym",)}
    readonly_fields = ["created_at", "updated_at", "cs_changed_at", "en_changed_at"]
    inlines = [PartnerInline, ProjectDocumentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "publication",
                    "name",
                    "acronym",
                    "slug",
                    "summary",
                    "description",
                    "website",
                ]
            },
        ),
        (_("Period"), {"fields": ["start", "end"]}),
        (_("Lead"), {"fields": ["lead_organisation", "lead_member"]}),
        (
            _("Funding"),
            {
                "fields": [
                    "funders",
                    "programme",
                    "programme_operator",
                    "grant_number",
                    "budget",
                    "currency",
                ]
            },
        ),
        (_("Classification"), {"fields": ["topics", "target_groups", "goals"]}),
        (
            _("Changes"),
            {"fields": ["created_at", "updated_at", "cs_changed_at", "en_changed_at"]},
        ),
    ]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()
