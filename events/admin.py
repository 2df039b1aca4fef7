from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from modeltranslation.admin import TranslationStackedInline

from documents.admin import EventDocumentInline
from events import after, personal_data, services
from events.forms import CapacityForm, MessageForm, MoveForm
from events.location import EventLocationAdminMixin
from events.models import (
    HOLDING,
    Attendance,
    Certificate,
    Event,
    EventPart,
    ExportLog,
    Registration,
    RegistrationPart,
)
from network_portal.admin import TranslatedHistoryAdmin
from network_portal.exports import ADMIN_EXPORT_FORMATS

# Online links are typed without a scheme at times: assume https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EventPartFormSet(forms.BaseInlineFormSet):
    """The event's dates must be the days of its parts: an event saved as 15–17 March whose
    parts run on 15–16 March is refused, naming both spans."""

    def clean(self):
        super().clean()
        spans = [
            (form.cleaned_data["start"], form.cleaned_data["end"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("start")
            and form.cleaned_data.get("end")
        ]
        event = self.instance
        if not spans or not event.start or not event.end:
            return
        first = timezone.localdate(min(start for start, _end in spans))
        last = timezone.localdate(max(end for _start, end in spans))
        days = (timezone.localdate(event.start), timezone.localdate(event.end))
        if days != (first, last):
            raise ValidationError(
                _(
                    "The event runs %(event)s but its parts run %(parts)s: make the event's "
                    "start and end the days of its first and last part."
                )
                % {"event": _day_span(*days), "parts": _day_span(first, last)},
                code="event_dates",
            )


def _day_span(first, last) -> str:
    if first == last:
        return date_format(first)
    return f"{date_format(first)} – {date_format(last)}"


# Organiser of a new event, in each language.
OFFICE = _("Office of the National Healthy Cities Network of the Czech Republic")

# What a new part takes over from the event's last part (not its title, times or programme).
COPIED_PART_FIELDS = (
    "audience",
    "capacity",
    "member_quota",
    "online_url",
    "accredited_programme",
    "accreditation_number",
    "accredited_hours",
)


class EventPartInline(TranslationStackedInline):
    model = EventPart
    formset = EventPartFormSet
    extra = 1
    formfield_overrides = URL_FIELDS
    fields = [
        ("title", "position"),
        "description",
        ("start", "end"),
        ("audience", "capacity", "member_quota"),
        ("registration_opens_at", "registration_closes_at"),
        "online_url",
        ("accredited_programme", "accreditation_number", "accredited_hours"),
    ]


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("English version")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("missing", _("missing")), ("outdated", _("outdated"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.english_missing()
        if self.value() == "outdated":
            return queryset.english_outdated()
        return queryset


@admin.register(Event)
class EventAdmin(EventLocationAdminMixin, TranslatedHistoryAdmin):
    # The order of the event (basics, parts, then the record), with the preview and the map.
    change_form_template = "admin/events/event/change_form.html"
    list_display = [
        "title",
        "kind",
        "start",
        "status",
        "english_status",
        "registrations_link",
        "personal_data_until",
    ]
    list_filter = ["status", "kind", "is_online", "region", TranslationStatusFilter]
    search_fields = ["title_cs", "title_en", "slug", "organiser", "hosts__name"]
    autocomplete_fields = ["hosts", "region", "project"]
    prepopulated_fields = {"slug": ("title_cs",)}
    readonly_fields = [
        "created_at",
        "updated_at",
        "cancelled_at",
        "cs_changed_at",
        "en_changed_at",
        "personal_data_until",
        "personal_data_removed_at",
        "accredited_data_removed_at",
    ]
    date_hierarchy = "start"
    inlines = [EventPartInline, EventDocumentInline]
    actions = ["cancel_selected", "issue_certificates"]
    fieldsets = [
        (None, {"fields": ["kind", "status", "title", "slug", "summary", "description"]}),
        (_("When"), {"fields": ["start", "end"]}),
        (
            _("Where"),
            {
                "fields": [
                    "is_online",
                    "venue_name",
                    "venue_address",
                    "region",
                    ("latitude", "longitude"),
                ]
            },
        ),
        (_("Who"), {"fields": ["hosts", "organiser", "contact_email", "project"]}),
        (_("Registration"), {"fields": ["price", "offer_hours", "reminder_days"]}),
        (
            _("Certificates"),
            {"fields": ["certificate_signatory_name", "certificate_signatory_role"]},
        ),
        (
            _("Changes"),
            {
                "classes": ["record"],
                "fields": [
                    "created_at",
                    "updated_at",
                    "cancelled_at",
                    "cs_changed_at",
                    "en_changed_at",
                ],
            },
        ),
        (
            _("Registrants' personal data"),
            {
                "classes": ["record"],
                "fields": [
                    "personal_data_until",
                    "personal_data_removed_at",
                    "accredited_data_removed_at",
                ],
            },
        ),
    ]

    def get_changeform_initial_data(self, request):
        """A new event is organised by the network's office unless staff say otherwise."""
        initial = {"contact_email": settings.EVENTS_OFFICE_EMAIL}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                initial[f"organiser_{language}"] = str(OFFICE)
        return {**initial, **super().get_changeform_initial_data(request)}

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The blank part of an event's form starts as a copy of the event's last part's
        settings (audience, capacity, accreditation ...), the same on GET and POST so that an
        untouched blank part is still recognised as unchanged."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, EventPartInline) and obj is not None and obj.pk:
            last = obj.parts.order_by("-start", "-position", "-pk").first()
            if last is not None:
                kwargs["initial"] = [{field: getattr(last, field) for field in COPIED_PART_FIELDS}]
        return kwargs

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count(
                    "parts__registrations", filter=Q(parts__registrations__status__in=HOLDING)
                )
            )
        )

    @admin.display(description=_("English"))
    def english_status(self, obj):
        return obj.TranslationStatus(obj.translation_status).label

    @admin.display(description=_("places taken"), ordering="active_count")
    def registrations_link(self, obj):
        url = (
            reverse("admin:events_registrationpart_changelist")
            + f"?part__event__id__exact={obj.pk}"
        )
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            url,
            obj.active_count,
            reverse("admin:events_event_message", args=[obj.pk]),
            _("write to registrants"),
        ) + format_html(
            ' · <a href="{}">{}</a>',
            reverse("events:attendance", kwargs={"slug": obj.slug}),
            _("attendance"),
        )

    @admin.display(description=_("personal data go"))
    def personal_data_until(self, obj):
        """When the retention job anonymises the registrants (and the accredited names)."""
        if obj.pk is None:
            return "–"
        if obj.accredited_data_removed_at:
            return _("removed")
        until = personal_data.personal_data_until(obj).date()
        accredited = personal_data.accredited_data_until(obj).date()
        if obj.personal_data_removed_at:
            return format_html(
                "{} ({})",
                _("removed"),
                _("accredited names: %(date)s") % {"date": date_format(accredited)},
            )
        if accredited != until:
            return format_html(
                "{} ({})",
                date_format(until),
                _("accredited names: %(date)s") % {"date": date_format(accredited)},
            )
        return date_format(until)

    def save_model(self, request, obj, form, change):
        services.event_text_stamp(
            event=obj,
            changed=form.changed_data if change else ["title_cs", "title_en"],
        )
        if obj.status == Event.Status.CANCELLED and change and "status" in form.changed_data:
            # Cancelling tells the registrants: only through the service (the action).
            obj.status = Event.objects.get(pk=obj.pk).status
            self.message_user(
                request,
                _("Use the action “Cancel the selected events” to cancel an event."),
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """A capacity raised in the parts inline offers the new places, as the action does."""
        super().save_formset(request, form, formset, change)
        if formset.model is EventPart:
            for part_form in formset.forms:
                if part_form.instance.pk and "capacity" in part_form.changed_data:
                    services.offer_next(part=part_form.instance)

    def get_urls(self):
        return [
            path(
                "<int:pk>/message/",
                self.admin_site.admin_view(self.message_view),
                name="events_event_message",
            ),
            *super().get_urls(),
        ]

    def message_view(self, request, pk):
        """Staff write one message to everybody registered for the event."""
        event = get_object_or_404(Event, pk=pk)
        if not request.user.has_perm("events.change_event"):
            raise PermissionDenied
        form = MessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            count = services.event_message_send(
                event=event,
                user=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
            self.message_user(
                request, _("The message was queued for %(count)d people.") % {"count": count}
            )
            return redirect("admin:events_event_change", event.pk)
        return render(
            request,
            "admin/events/form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": event,
                "form": form,
                "title": _("Write to the registrants of %(title)s") % {"title": event.title},
                "submit": _("Send the message"),
            },
        )

    @admin.action(description=_("Issue certificates for the accredited parts"))
    def issue_certificates(self, request, queryset):
        """To the event's certificate page: who gets one and a sample, before anything is sent."""
        if not request.user.has_perm("events.add_certificate"):
            raise PermissionDenied
        events = list(queryset[:2])
        if len(events) != 1:
            self.message_user(
                request,
                _("Choose one event: its certificates are reviewed before they are issued."),
                messages.WARNING,
            )
            return None
        return redirect("events:certificates-issue", slug=events[0].slug)

    @admin.action(description=_("Cancel the selected events (registrants are told)"))
    def cancel_selected(self, request, queryset):
        for event in queryset:
            services.event_cancel(event=event, user=request.user)
        self.message_user(request, _("The events were cancelled and the registrants told."))


@admin.register(EventPart)
class EventPartAdmin(TranslatedHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "event", "start", "audience", "capacity", "taken", "waiting"]
    list_filter = ["audience", "event__kind"]
    search_fields = ["title_cs", "title_en", "event__title_cs", "event__title_en"]
    autocomplete_fields = ["event"]
    actions = ["change_capacity"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event").with_counts()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            services.offer_next(part=obj)

    @admin.display(description=_("places taken"), ordering="taken")
    def taken(self, obj):
        return obj.taken

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting(self, obj):
        url = reverse("admin:events_registrationpart_changelist") + f"?part__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.waiting)

    @admin.action(description=_("Change the capacity (the waiting list moves on)"))
    def change_capacity(self, request, queryset):
        form = CapacityForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for part in queryset:
                services.part_capacity_change(
                    part=part, capacity=form.cleaned_data["capacity"], user=request.user
                )
            self.message_user(request, _("The capacity was changed."))
            return None
        return _intermediate(self, request, queryset, form, _("Change the capacity"))


def _intermediate(model_admin, request, queryset, form, title):
    return render(
        request,
        "admin/events/action_form.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "form": form,
            "title": title,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


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
class RegistrationPartAdmin(ExportActionMixin, admin.ModelAdmin):
    resource_classes = [RegistrationResource]
    # CSV with formulas neutralised, XLSX with text cells (network_portal.exports).
    export_formats = ADMIN_EXPORT_FORMATS
    list_display = ["person", "email", "member", "part", "status", "offer_expires_at", "created_at"]
    list_filter = ["status", "part__event", "part"]
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
            after.export_log(
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
            lambda row: services.registration_approve(row=row, user=request.user),
            _("Approved: %(count)d."),
        )

    @admin.action(description=_("Decline the selected registrations"))
    def decline_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda row: services.registration_decline(row=row, user=request.user),
            _("Declined: %(count)d."),
        )

    @admin.action(description=_("Cancel the selected places (the waiting list moves on)"))
    def cancel_selected(self, request, queryset):
        if not request.user.has_perm("events.change_registration"):
            raise PermissionDenied
        self._each(
            request,
            queryset,
            lambda row: services.registration_cancel(
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
                lambda row: services.registration_move(
                    row=row, to_part=form.cleaned_data["part"], user=request.user
                ),
                _("Moved: %(count)d."),
            )
            return None
        return _intermediate(self, request, queryset, form, _("Move to another part"))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the services: staff look, nobody edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class RegistrationAdmin(admin.ModelAdmin):
    """Corrections of a registrant's details (e.g. the name before a corrected certificate is
    issued); the e-mail address and the places change only through the services."""

    list_display = ["name", "email", "event", "member", "member_state", "created_at"]
    list_filter = [MemberClaimFilter, "event"]
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
                services.member_claim_confirm(registration=registration, user=request.user)
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


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["event_title", "name", "hours", "issued_at", "is_current", "verify_link"]
    list_filter = ["event", "language"]
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
    list_filter = ["present", "walk_in", "part__event"]
    search_fields = ["registration__name", "registration__organisation"]
    list_select_related = ["registration", "part__event"]

    @admin.display(description=_("name"), ordering="registration__name")
    def person(self, obj):
        return obj.registration.name or _("(anonymised)")


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user_email", "event_title", "part", "export_format", "rows"]
    list_filter = ["export_format", "event"]
    search_fields = ["user_email", "event_title"]
    list_select_related = ["part"]
    date_hierarchy = "created_at"
