"""The events and their parts in the admin: the event's form with its parts and documents, the
translation status, the message to registrants, cancelling, capacity changes."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from documents.admin import EventDocumentInline
from events import cachescopes
from events.admin.action_form import action_form_page
from events.admin.event_form import (
    COPIED_PART_FIELDS,
    OFFICE,
    URL_FIELDS,
    EventPartInline,
)
from events.admin.filters import YearFilter
from events.admin.location import EventLocationAdminMixin
from events.forms import CapacityForm, MessageForm
from events.models import (
    HOLDING,
    Event,
    EventPart,
    RegistrationPart,
)
from events.services.event import (
    event_cancel,
    event_message_send,
    part_capacity_change,
)
from events.services.personal_data import accredited_data_until, personal_data_until
from events.services.waiting_list import offer_next
from network_portal.admin import (
    EnglishStatusFilter,
    TranslatedContentAdminMixin,
    TranslatedHistoryAdmin,
)
from network_portal.adminlists import QuickListMixin, row_url


@admin.register(Event)
class EventAdmin(
    QuickListMixin, EventLocationAdminMixin, TranslatedContentAdminMixin, TranslatedHistoryAdmin
):
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
    list_filter = ["status", "kind", YearFilter, "is_online", "region", EnglishStatusFilter]
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
            # A subquery per listed row, not a join of every registration grouped per event:
            # the count runs for the page's hundred events only.
            .annotate(
                active_count=Coalesce(
                    Subquery(
                        RegistrationPart.objects.filter(
                            part__event=OuterRef("pk"), status__in=HOLDING
                        )
                        .order_by()
                        .values("part__event")
                        .annotate(n=Count("pk"))
                        .values("n")
                    ),
                    0,
                )
            )
        )

    @admin.display(description=_("places taken"), ordering="active_count")
    def registrations_link(self, obj):
        registrations = row_url("admin:events_registrationpart_changelist")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            f"{registrations}?part__event__id__exact={obj.pk}",
            obj.active_count,
            row_url("admin:events_event_message", obj.pk),
            _("write to registrants"),
        ) + format_html(
            ' · <a href="{}">{}</a>',
            row_url("events:attendance", obj.slug),
            _("attendance"),
        )

    @admin.display(description=_("personal data go"))
    def personal_data_until(self, obj):
        """When the retention job anonymises the registrants (and the accredited names)."""
        if obj.pk is None:
            return "–"
        if obj.accredited_data_removed_at:
            return _("removed")
        until = personal_data_until(obj).date()
        accredited = accredited_data_until(obj).date()
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """An event's edit makes stale the cached pages of its hosts and project, not every
        member's and project's (``events.cachescopes``)."""
        if request.method == "POST" and object_id and str(object_id).isdigit():
            with cachescopes.editing([int(object_id)]):
                return super().changeform_view(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
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
                    offer_next(part=part_form.instance)

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
            count = event_message_send(
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
            event_cancel(event=event, user=request.user)
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
            offer_next(part=obj)

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
                part_capacity_change(
                    part=part, capacity=form.cleaned_data["capacity"], user=request.user
                )
            self.message_user(request, _("The capacity was changed."))
            return None
        return action_form_page(self, request, queryset, form, _("Change the capacity"))
