from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from import_export.admin import ImportExportMixin as BaseImportExportMixin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from network_portal.exports import ADMIN_EXPORT_FORMATS
from network_portal.models import User


class TranslatedHistoryAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Admin base for translated content with change history: register translation fields in
    the app's ``translation.py``, then subclass this. Both languages show side by side."""


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
