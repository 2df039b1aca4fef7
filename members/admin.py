from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export import fields, resources, widgets
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from members import applications, services
from members.forms import ApplicationDecisionForm, InvitationForm, https_urls
from members.location import LocationAdminMixin
from members.models import Member, MembershipApplication, Person, Rating, Region, Role
from network_portal.admin import ImportExportMixin, TranslatedHistoryAdmin
from network_portal.uploads import ImageUploadField, document_response, image_store


class MemberResource(resources.ModelResource):
    """CSV/XLSX rows of members, matched on the IČO; a region is given by its NUTS3 code."""

    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=widgets.ForeignKeyWidget(Region, field="nuts3"),
    )

    class Meta:
        model = Member
        import_id_fields = ["ico"]
        fields = [
            "ico",
            "name",
            "slug",
            "kind",
            "region",
            "status",
            "population",
            "address",
            "latitude",
            "longitude",
            "website",
            "member_since",
            "description_cs",
            "description_en",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        if not (row.get("slug") or "").strip() and row.get("name"):
            row["slug"] = slugify(row["name"])


class MemberAdminForm(forms.ModelForm):
    image_upload = ImageUploadField(label=_("New coat of arms or logo"), required=False)

    class Meta:
        model = Member
        formfield_callback = https_urls
        # The stored image is replaced only through image_upload (validated, re-encoded).
        fields = [
            "name",
            "slug",
            "kind",
            "ico",
            "region",
            "status",
            "member_since",
            "description",
            "population",
            "address",
            "latitude",
            "longitude",
            "website",
            "coordinators",
        ]


class RoleInline(TranslationTabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["person"]
    fields = [
        "kind",
        "person",
        "position",
        "start",
        "end",
        "resolution_number",
        "resolution_date",
    ]


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["year", "category", "stars"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "nuts3", "iso"]
    list_filter: list = []
    search_fields = ["name", "nuts3"]
    ordering = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(ImportExportMixin, LocationAdminMixin, TranslatedHistoryAdmin):
    resource_classes = [MemberResource]
    form = MemberAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/members/member/change_list.html"
    list_display = ["name", "kind", "region", "status", "ico", "member_since", "image_preview"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["name", "ico", "slug"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "coordinators"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["image_preview"]
    inlines = [RoleInline, RatingInline]
    actions = ["invite_coordinator"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "ico", "region", "status", "member_since"]}),
        (
            _("Public profile"),
            {
                "fields": [
                    "description",
                    "population",
                    "address",
                    ("latitude", "longitude"),
                    "website",
                    "image_preview",
                    "image_upload",
                ]
            },
        ),
        (_("Coordinator accounts"), {"fields": ["coordinators"]}),
    ]

    @admin.display(description=_("image"))
    def image_preview(self, obj):
        if not obj or not obj.image:
            return "–"
        return format_html('<img src="{}" alt="" style="max-height:48px">', obj.image_small_url)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("image_upload")
        if upload:
            obj.image.name = image_store(upload=upload, folder="members")
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Invite a coordinator for the selected members"))
    def invite_coordinator(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{reverse('admin:members_member_invite')}?ids={ids}")

    def get_urls(self):
        own = [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="members_member_invite",
            ),
            path(
                "profile-edits/",
                self.admin_site.admin_view(self.profile_edits_view),
                name="members_member_profile_edits",
            ),
            path(
                "profile-edits/<str:kind>/<int:history_id>/revert/",
                self.admin_site.admin_view(require_POST(self.revert_view)),
                name="members_member_profile_edit_revert",
            ),
        ]
        return own + super().get_urls()

    def _require_change_permission(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied

    def invite_view(self, request):
        """Invite a coordinator by e-mail: the account is linked to the chosen members."""
        self._require_change_permission(request)
        if request.method == "POST":
            form = InvitationForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.coordinator_invite(
                        email=data["email"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        members=list(data["members"]),
                        invited_by=request.user,
                        site_url=request.build_absolute_uri("/"),
                        language=data["language"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        gettext("The invitation was sent to %(email)s.") % {"email": data["email"]},
                        messages.SUCCESS,
                    )
                    return redirect("admin:members_member_changelist")
        else:
            ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.strip().isdigit()]
            form = InvitationForm(initial={"members": Member.objects.filter(pk__in=ids)})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Invite a coordinator"),
            "form": form,
            "adminform_media": form.media,
        }
        return TemplateResponse(request, "admin/members/member/invite.html", context)

    def profile_edits_view(self, request):
        """Recent edits made on the public edit page, each with what changed and a revert."""
        self._require_change_permission(request)
        edits = [
            {
                "record": record,
                "kind": "member" if record.instance_type is Member else "person",
                "changes": services.changes_in_record(record),
            }
            for record in services.profile_edits_recent(limit=50)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Recent profile edits by coordinators"),
            "edits": edits,
        }
        return TemplateResponse(request, "admin/members/member/profile_edits.html", context)

    def revert_view(self, request, kind, history_id):
        self._require_change_permission(request)
        if kind not in ("member", "person") or not 0 < history_id < 2**31:
            raise Http404
        try:
            instance = services.profile_edit_revert(
                kind=kind, history_id=history_id, user=request.user
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("The edit of %(name)s was reverted.") % {"name": instance},
                messages.SUCCESS,
            )
        return redirect("admin:members_member_profile_edits")


class RoleOfPersonInline(TranslationTabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["member"]
    fields = ["member", "kind", "position", "start", "end", "resolution_number", "resolution_date"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "email", "phone"]
    list_filter = ["roles__kind"]
    search_fields = ["last_name", "first_name", "email", "roles__member__name"]
    inlines = [RoleOfPersonInline]


@admin.register(Role)
class RoleAdmin(TranslatedHistoryAdmin):
    list_display = ["person", "kind", "member", "position", "start", "end"]
    list_filter = ["kind", "member__region"]
    search_fields = ["person__last_name", "person__first_name", "member__name"]
    autocomplete_fields = ["member", "person"]
    list_select_related = ["person", "member"]
    date_hierarchy = "start"


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["member", "year", "category", "stars"]
    list_filter = ["year", "category", "member__region"]
    search_fields = ["member__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member"]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(SimpleHistoryAdmin):
    """Staff review applications here: the list filtered by state, and per application a
    review page (approve / return with a reason / reject with a reason) calling the services
    of members.applications. Applications are written only through those services."""

    list_display = ["name", "ico", "kind", "region", "state", "submitted_at", "changed_at"]
    list_filter = ["state", "kind", "region"]
    search_fields = ["name", "ico", "contact_email", "coordinator_last_name"]
    list_select_related = ["region"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["review_link", "resolution_link"]
    exclude = ["resolution_file"]

    def get_readonly_fields(self, request, obj=None):
        own = [f.name for f in self.model._meta.fields if f.name not in ("id", "resolution_file")]
        return ["review_link", "resolution_link", *own]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("review"))
    def review_link(self, obj):
        if obj is None or obj.state not in (
            MembershipApplication.State.SUBMITTED,
            MembershipApplication.State.RETURNED,
        ):
            return "–"
        url = reverse("admin:members_membershipapplication_review", kwargs={"pk": obj.pk})
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("Review"))

    @admin.display(description=_("council resolution (PDF)"))
    def resolution_link(self, obj):
        if obj is None or not obj.resolution_file:
            return "–"
        url = reverse("admin:members_membershipapplication_resolution", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, gettext("Download the resolution"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="members_membershipapplication_review",
            ),
            path(
                "<int:pk>/resolution/",
                self.admin_site.admin_view(self.resolution_view),
                name="members_membershipapplication_resolution",
            ),
            *super().get_urls(),
        ]

    def _application(self, request, pk):
        if not request.user.has_perm(applications.REVIEW_PERMISSION):
            raise PermissionDenied
        if not 0 < pk < 2**31:
            raise Http404
        application = MembershipApplication.objects.select_related("region").filter(pk=pk).first()
        if application is None:
            raise Http404
        return application

    def resolution_view(self, request, pk):
        application = self._application(request, pk)
        if not application.resolution_file:
            raise Http404
        return document_response(
            application.resolution_file.name, filename=f"usneseni-{application.ico}.pdf"
        )

    def review_view(self, request, pk):
        """Approve, return with a reason, or reject with a reason."""
        application = self._application(request, pk)
        form = ApplicationDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            action = request.POST.get("action")
            reason = form.cleaned_data["reason"]
            try:
                if action == "approve":
                    member = applications.application_approve(
                        application_id=application.pk, user=request.user
                    )
                    done = gettext(
                        "The application was approved: %(name)s is a new member (not published "
                        "yet) and the coordinator was invited."
                    ) % {"name": member.name}
                elif action == "return":
                    applications.application_return(
                        application_id=application.pk, user=request.user, reason=reason
                    )
                    done = gettext("The application was returned to the applicant.")
                elif action == "reject":
                    applications.application_reject(
                        application_id=application.pk, user=request.user, reason=reason
                    )
                    done = gettext("The application was rejected.")
                else:
                    raise ValidationError(gettext("Choose what to do with the application."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:members_membershipapplication_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Review the application of %(name)s") % {"name": application.name},
            "application": application,
            "known_member": applications.member_with_ico(application.ico),
            "form": form,
        }
        return TemplateResponse(request, "admin/members/membershipapplication/review.html", context)
