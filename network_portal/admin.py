from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from import_export.admin import ImportExportMixin as BaseImportExportMixin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from network_portal.exports import ADMIN_EXPORT_FORMATS
from network_portal.models import User


class EnglishStatusFilter(admin.SimpleListFilter):
    """The list filter of a translated model's admin: records whose English needs work,
    is missing or is outdated (``network_portal.models.TranslatedQuerySet``)."""

    title = _("English version")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [
            ("needs-work", _("needs work (missing or outdated)")),
            ("missing", _("missing")),
            ("outdated", _("outdated")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "needs-work":
            return queryset.english_needs_work()
        if self.value() == "missing":
            return queryset.english_missing()
        if self.value() == "outdated":
            return queryset.english_outdated()
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    """Records published at a time (``published_at``; empty = draft): their queryset's
    ``published()`` and ``scheduled()``."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("published", _("published")),
            ("scheduled", _("scheduled")),
            ("draft", _("draft")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "published":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "draft":
            return queryset.filter(published_at__isnull=True)
        return queryset


class PublishedAtAdminMixin:
    """The admin of records published at a time with a main image (articles, pages): their
    state for the list (with ``PublicationFilter``) and the image's preview for the form."""

    @admin.display(description=_("state"))
    def publication_state(self, obj):
        if obj.published_at is None:
            return _("draft")
        if obj.published_at > timezone.now():
            return _("scheduled")
        return _("published")

    @admin.display(description=_("main image"))
    def image_preview(self, obj):
        if not obj or not obj.image:
            return "–"
        return format_html('<img src="{}" alt="" style="max-height:96px">', obj.image_url)


class TranslatedContentAdminMixin:
    """The admin of a ``TranslatedContent`` model: the ``english_status`` column (name it in
    ``list_display``), :class:`EnglishStatusFilter` (in ``list_filter``), and the texts'
    change stamps set before every save from the form's changed fields."""

    @admin.display(description=_("English"))
    def english_status(self, obj):
        return obj.TranslationStatus(obj.translation_status).label

    def save_model(self, request, obj, form, change):
        obj.stamp_text_changes(form.changed_data if change else obj.new_text_fields())
        super().save_model(request, obj, form, change)


class TranslatedHistoryAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Admin base for translated content with change history: register translation fields in
    the app's ``translation.py``, then subclass this. Both languages show side by side."""


PREVIEW = "_preview"


class PreviewMixin:
    """A "Preview" button on the change form: the form comes back with what was typed and,
    above it, each field of ``preview_fields`` drawn by the renderer its public page uses
    (``{"body": render_markdown}``), in every language the field is translated into. Nothing
    is saved: while previewing, the form never counts as valid, so the admin re-renders it as
    it does after an error. Who may save may preview (the admin's own permission checks)."""

    change_form_template = "admin/preview_change_form.html"
    preview_fields: dict[str, Callable[[str], str]] = {}

    # Submit buttons that draw the form again instead of saving it.
    no_save_buttons: tuple[str, ...] = (PREVIEW,)

    def is_preview(self, request) -> bool:
        return request.method == "POST" and any(b in request.POST for b in self.no_save_buttons)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not self.is_preview(request):
            return form_class
        return type(form_class.__name__, (form_class,), {"is_valid": _never_valid})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change:
            may_save = self.has_change_permission(request, obj)
        else:
            may_save = self.has_add_permission(request)
        popup = context.get("is_popup")
        context["has_preview"] = bool(self.preview_fields) and may_save and not popup
        if self.is_preview(request) and "adminform" in context:
            context["previews"] = self.previews(context["adminform"].form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def previews(self, form) -> list[dict]:
        """What the public page would show of each previewed field, per language."""
        shown = []
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        for name, render in self.preview_fields.items():
            translated = [(code, f"{name}_{code}") for code in settings.MODELTRANSLATION_LANGUAGES]
            fields = [(c, f) for c, f in translated if f in form.fields] or [(None, name)]
            for code, field in fields:
                if field not in form.fields:
                    continue
                # The cleaned text is what would be stored; an invalid field shows what was typed.
                if field in getattr(form, "cleaned_data", {}):
                    text = form.cleaned_data[field]
                else:
                    text = form[field].value()
                shown.append(
                    {
                        # The model's own name: modeltranslation's labels add "[cs]".
                        "label": self.model._meta.get_field(name).verbose_name,
                        "language": dict(settings.LANGUAGES).get(code) if code else None,
                        "html": render(text or ""),
                        "empty": not text,
                        "fallback": bool(code and code != default),
                    }
                )
        return shown


def plain_text_html(text: str) -> str:
    """A plain text field as its public page draws it: ``{{ text|linebreaks }}``."""
    return linebreaks_filter(text, autoescape=True)


class DescriptionPreviewMixin(PreviewMixin):
    """The preview of a record whose page shows its ``description`` as plain paragraphs."""

    preview_fields = {"description": plain_text_html}


def _never_valid(form) -> bool:
    form.full_clean()
    return False


class ImportExportMixin(BaseImportExportMixin):
    """django-import-export for the portal's admin: exports that spreadsheets cannot run
    (network_portal.exports). Use this instead of the library's mixin."""

    export_formats = ADMIN_EXPORT_FORMATS

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # The library keeps numbers and dates typed only for its own XLSX class; ours is binary
        # too, so its cells keep their types as well.
        if not self.has_export_permission(request):
            raise PermissionDenied
        binary = file_format.is_binary()
        data = self.get_data_for_export(request, queryset, force_native_type=binary, **kwargs)
        export_data = file_format.export_data(data)
        if not binary and kwargs.get("encoding"):
            export_data = export_data.encode(kwargs["encoding"])
        return export_data


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


# Czech wording of Django's own admin that the portal overrides (the project's catalogue comes
# first): Django's Czech catalogue quotes with "…" where Czech uses „…“, and its "Nedávné
# akce" (recent actions) reads like "recent events" on a portal that has events.
DJANGO_ADMIN_WORDING = (
    gettext_noop("Recent actions"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
)
