"""What is recorded on and after the day, read-only in the admin: certificates, attendance and
the log of attendance exports."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.admin.filters import RecentFilter
from events.models import (
    Attendance,
    Certificate,
    ExportLog,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services: staff look, nobody edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["event_title", "name", "hours", "issued_at", "is_current", "verify_link"]
    list_filter = [("event", RecentFilter), "language"]
    search_fields = ["name", "code", "event_title", "accreditation_number"]
    list_select_related = ["superseded_by"]
    exclude = ["pdf"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    @admin.display(description=_("valid"), boolean=True)
    def is_current(self, obj):
        return getattr(obj, "superseded_by", None) is None

    @admin.display(description=_("verification page"))
    def verify_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.code[:8] + "…")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["person", "part", "present", "walk_in", "override_reason", "recorded_at"]
    list_filter = ["present", "walk_in", ("part__event", RecentFilter)]
    search_fields = ["registration__name", "registration__organisation"]
    list_select_related = ["registration", "part__event"]

    @admin.display(description=_("name"), ordering="registration__name")
    def person(self, obj):
        return obj.registration.name or _("(anonymised)")


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user_email", "event_title", "part", "export_format", "rows"]
    list_filter = ["export_format", ("event", RecentFilter)]
    search_fields = ["user_email", "event_title"]
    list_select_related = ["part"]
    date_hierarchy = "created_at"
