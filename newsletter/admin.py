from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsletter import services
from newsletter.digest import section_choices
from newsletter.models import Announcement, Subscriber


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("confirmed")), ("no", _("not confirmed yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.unconfirmed()
        return queryset


class SubscriberAdminForm(forms.ModelForm):
    """The sections as the subscriber chose them: boxes to tick, not free text."""

    sections = forms.MultipleChoiceField(
        label=_("sections"),
        choices=section_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Subscriber
        fields = ["email", "language", "frequency", "sections", "regions", "topics"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    form = SubscriberAdminForm
    list_display = ["email", "language", "frequency", "confirmed_at", "created_at"]
    list_filter = [ConfirmedFilter, "language", "frequency", "regions"]
    search_fields = ["email"]
    fields = ["email", "language", "frequency", "sections", "regions", "topics", "confirmed_at"]
    readonly_fields = ["email", "confirmed_at"]
    filter_horizontal = ["regions", "topics"]

    def has_add_permission(self, request):
        return False  # only the address's owner subscribes (double opt-in)


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Write the announcement, save it, then send it with the list's action: the recipients
    are fixed then and the messages go through the mail queue in throttled batches."""

    list_display = ["subject", "state", "language", "created_at", "sent_at", "recipients", "queued"]
    list_filter = ["state", "language"]
    search_fields = ["subject"]
    fields = ["subject", "body", "language", "regions"]
    filter_horizontal = ["regions"]
    actions = ["send"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                recipient_count=Count("deliveries"),
                queued_count=Count("deliveries", filter=Q(deliveries__queued_at__isnull=False)),
            )
        )

    @admin.display(description=_("recipients"), ordering="recipient_count")
    def recipients(self, obj):
        return obj.recipient_count

    @admin.display(description=_("queued"), ordering="queued_count")
    def queued(self, obj):
        return obj.queued_count

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != Announcement.State.DRAFT:
            return self.fields
        return []

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send the selected announcements to their subscribers"))
    def send(self, request, queryset):
        for announcement in queryset.order_by("pk"):
            try:
                count = services.announcement_send(
                    announcement_id=announcement.pk, user=request.user
                )
            except PermissionDenied:
                self.message_user(
                    request, gettext("You may not send announcements."), messages.ERROR
                )
                return
            except ValidationError as error:
                self.message_user(
                    request, f"{announcement}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(subject)s: sending to %(count)s subscriber.",
                        "%(subject)s: sending to %(count)s subscribers.",
                        count,
                    )
                    % {"subject": announcement.subject, "count": count},
                    messages.SUCCESS,
                )
