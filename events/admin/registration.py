"""Registrations in the admin: the places (export, approval, cancellation, moves), and the
registrants' details with the confirmation of claimed members."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from import_export import fields, resources
from import_export.admin import ExportActionMixin

from events.admin.action_form import action_form_page
from events.admin.filters import RecentFilter
from events.forms import MoveForm
from events.models import (
    Event,
    EventPart,
    Registration,
    RegistrationPart,
)
from events.services.approval import (
    member_claim_confirm,
    registration_approve,
    registration_decline,
)
from events.services.attendance import export_log
from events.services.registration import registration_cancel, registration_move
from network_portal.adminlists import QuickListMixin
from network_portal.exports import ADMIN_EXPORT_FORMATS


class RegistrationResource(resources.ModelResource):
    event = fields.Field(attribute="part__event__title", column_name=_("event"))
    part_title = fields.Field(attribute="part__title", column_name=_("part of the event"))
    name = fields.Field(attribute="registration__name", column_name=_("name"))
    email_address = fields.Field(attribute="registration__email", column_name=_("e-mail"))
    organisation = fields.Field(
        attribute="registration__organisation", column_name=_("organisation")
    )
    member = fields.Field(attribute="registration__member__name", column_name=_("member"))
    position = fields.Field(
        attribute="registration__position", column_name=pgettext_lazy("job", "position")
    )
    needs = fields.Field(
        attribute="registration__needs", column_name=_("dietary or accessibility needs")
    )
    status_label = fields.Field(column_name=_("status"))

    class Meta:
        model = RegistrationPart
        fields = export_order = [
            "id",
            "event",
            "part_title",
            "name",
            "email_address",
            "organisation",
            "member",
            "position",
            "needs",
            "status_label",
            "created_at",
        ]

    def dehydrate_status_label(self, row):
        return row.get_status_display()


@admin.register(RegistrationPart)
class RegistrationPartAdmin(QuickListMixin, ExportActionMixin, admin.ModelAdmin):
    resource_classes = [RegistrationResource]
    # CSV with formulas neutralised, XLSX with text cells (network_portal.exports).
    export_formats = ADMIN_EXPORT_FORMATS
    list_display = ["person", "email", "member", "part", "status", "offer_expires_at", "created_at"]
    list_filter = ["status", ("part__event", RecentFilter), ("part", RecentFilter)]
    # Newest first on the primary key's index: the model's order (by part, then event ...)
    # sorts every place of every event for each page. One count, not two, of 200,000 rows.
    ordering = ["-pk"]
    show_full_result_count = False
    search_fields = ["registration__name", "email", "registration__organisation"]
    list_select_related = ["registration__member", "part__event"]
    readonly_fields = [
        "registration",
        "part",
        "email",
        "status",
        "offer_expires_at",
        "reminded_at",
        "created_at",
    ]
    actions = [
        "approve_selected",
        "decline_selected",
        "cancel_selected",
        "move_selected",
    ]

    def has_add_permission(self, request):
        return False

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """Registrants' data leave the portal: log it per event, as the attendance exports."""
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        counts = queryset.order_by().values("part__event").annotate(rows=Count("pk"))
        events = Event.objects.in_bulk([row["part__event"] for row in counts])
        for row in counts:
            export_log(
                user=request.user,
                event=events.get(row["part__event"]),
                part=None,
                export_format=file_format.get_title(),
                rows=row["rows"],
            )
        return data

    @admin.display(description=_("name"), ordering="registration__name")
    def person(self, obj):
        return obj.registration.name

    @admin.display(description=_("member municipality"))
    def member(self, obj):
        return obj.registration.member or "–"

    def _each(self, request, queryset, action, done):
        count = 0
        for row in queryset.select_related("registration"):
            try:
                action(row)
                count += 1
            except ValidationError as error:
                self.message_user(request, f"{row}: {' '.join(error.messages)}", messages.WARNING)
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected registrations"))
    def approve_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda row: registration_approve(row=row, user=request.user),
            _("Approved: %(count)d."),
        )

    @admin.action(description=_("Decline the selected registrations"))
    def decline_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda row: registration_decline(row=row, user=request.user),
            _("Declined: %(count)d."),
        )

    @admin.action(description=_("Cancel the selected places (the waiting list moves on)"))
    def cancel_selected(self, request, queryset):
        if not request.user.has_perm("events.change_registration"):
            raise PermissionDenied
        self._each(
            request,
            queryset,
            lambda row: registration_cancel(
                registration=row.registration, parts=[row.part], user=request.user
            ),
            _("Cancelled: %(count)d."),
        )

    @admin.action(description=_("Move the selected registrations to another part"))
    def move_selected(self, request, queryset):
        events = set(queryset.values_list("part__event_id", flat=True))
        if len(events) != 1:
            self.message_user(
                request, _("Choose registrations of one event only."), messages.WARNING
            )
            return None
        form = MoveForm(request.POST if "apply" in request.POST else None)
        form.fields["part"].queryset = EventPart.objects.filter(event_id__in=events)
        if form.is_valid():
            self._each(
                request,
                queryset,
                lambda row: registration_move(
                    row=row, to_part=form.cleaned_data["part"], user=request.user
                ),
                _("Moved: %(count)d."),
            )
            return None
        return action_form_page(self, request, queryset, form, _("Move to another part"))


class MemberClaimFilter(admin.SimpleListFilter):
    title = _("member municipality")
    parameter_name = "member_state"

    def lookups(self, request, model_admin):
        return [("claimed", _("claimed, not confirmed")), ("confirmed", _("confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "claimed":
            return queryset.filter(member__isnull=False, member_confirmed_at=None)
        if self.value() == "confirmed":
            return queryset.member_confirmed()
        return queryset


@admin.register(Registration)
class RegistrationAdmin(QuickListMixin, admin.ModelAdmin):
    """Corrections of a registrant's details (e.g. the name before a corrected certificate is
    issued); the e-mail address and the places change only through the services."""

    list_display = ["name", "email", "event", "member", "member_state", "created_at"]
    list_filter = [MemberClaimFilter, ("event", RecentFilter)]
    show_full_result_count = False
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["event", "member"]
    autocomplete_fields = ["member"]
    fields = [
        "event",
        "name",
        "email",
        "organisation",
        "member",
        "member_confirmed_at",
        "member_confirmed_by",
        "position",
        "needs",
        "language",
    ]
    readonly_fields = ["event", "email", "member_confirmed_at", "member_confirmed_by"]
    actions = ["confirm_members"]

    @admin.display(description=_("member municipality"))
    def member_state(self, obj):
        if obj.member_id is None:
            return "–"
        return _("claimed, not confirmed") if obj.member_claimed else _("confirmed")

    @admin.action(description=_("Confirm the members named by the chosen registrations"))
    def confirm_members(self, request, queryset):
        count = 0
        for registration in queryset.filter(member__isnull=False, member_confirmed_at=None):
            try:
                member_claim_confirm(registration=registration, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    f"{registration}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                    messages.WARNING,
                )
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d member confirmed.", "%(count)d members confirmed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # cancelling goes through the services (the waiting list moves on)
