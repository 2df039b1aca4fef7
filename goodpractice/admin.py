from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from goodpractice import services
from goodpractice.forms import ReturnForm
from goodpractice.models import (
    Goal,
    Method,
    Practice,
    PracticeAttachment,
    PracticeImage,
    TargetGroup,
    Topic,
)
from members.models import Member
from network_portal.admin import (
    EnglishStatusFilter,
    PreviewMixin,
    TranslatedContentAdminMixin,
    TranslatedHistoryAdmin,
    plain_text_html,
)
from network_portal.adminlists import QuickListMixin, row_url


class TermAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    list_filter: list = []
    search_fields = ["name_cs", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_cs",)}


admin.site.register(Topic, TermAdmin)
admin.site.register(TargetGroup, TermAdmin)
admin.site.register(Method, TermAdmin)


@admin.register(Goal)
class GoalAdmin(TermAdmin):
    list_display = ["number", "name", "slug"]
    list_editable: list = []
    ordering = ["number"]


class PracticeImageInline(admin.TabularInline):
    model = PracticeImage
    extra = 0
    fields = ["image", "alt", "position"]
    readonly_fields = ["image"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        # New images go through the upload rules (the coordinator's form).
        return False


class PracticeAttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ["file", "title", "size"]
    readonly_fields = ["file", "size"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Practice)
class PracticeAdmin(
    QuickListMixin, PreviewMixin, TranslatedContentAdminMixin, TranslatedHistoryAdmin
):
    preview_fields = {"body": plain_text_html}
    list_display = [
        "title",
        "origin",
        "status",
        "verified",
        "english_status",
        "published_at",
        "review_link",
    ]
    list_filter = ["status", "verified", EnglishStatusFilter, "topic", "country"]
    search_fields = ["title_cs", "title_en", "slug", "partner_name", "members__name"]
    autocomplete_fields = ["members", "project"]
    filter_horizontal = ["target_groups", "methods", "goals"]
    readonly_fields = [
        "status",
        "review_comment",
        "author",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "cs_changed_at",
        "en_changed_at",
        "review_link",
    ]
    inlines = [PracticeImageInline, PracticeAttachmentInline]
    actions = ["publish_selected", "verify_selected", "withdraw_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Origin"),
            {"fields": ["members", "partner_name", "country", "year_from", "year_to"]},
        ),
        (
            _("Classification"),
            {"fields": ["topic", "target_groups", "methods", "goals", "project"]},
        ),
        (
            _("Contact and links"),
            {"fields": ["contact_name", "contact_email", "contact_phone", "links"]},
        ),
        (
            _("Review"),
            {
                "fields": [
                    "review_link",
                    "status",
                    "verified",
                    "review_comment",
                    "author",
                    "submitted_at",
                    "published_at",
                ]
            },
        ),
        (
            _("Changes"),
            {"fields": ["created_at", "updated_at", "cs_changed_at", "en_changed_at"]},
        ),
    ]
    prepopulated_fields = {"slug": ("title_cs",)}

    def get_queryset(self, request):
        match = request.resolver_match
        if match is not None and match.url_name.endswith("_changelist"):
            # The list shows the members' names only (``origin``).
            members = Prefetch("members", queryset=Member.objects.only("pk", "name"))
            return super().get_queryset(request).prefetch_related(members)
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description=_("from"))
    def origin(self, obj):
        return ", ".join(obj.origin_names())

    @admin.display(description=_("review"))
    def review_link(self, obj):
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            row_url("admin:goodpractice_practice_review", obj.pk),
            _("Review: publish or return"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        services.practice_delete(practice=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for practice in queryset:
            services.practice_delete(practice=practice, user=request.user)

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="goodpractice_practice_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, pk):
        """Staff approve an example or return it to the author with a comment."""
        practice = get_object_or_404(Practice, pk=pk)
        if not self.has_change_permission(request, practice):
            raise PermissionDenied
        form = ReturnForm(request.POST if request.POST.get("action") == "return" else None)
        site_url = request.build_absolute_uri("/")
        if request.method == "POST":
            try:
                if request.POST.get("action") == "publish":
                    services.practice_publish(
                        practice=practice,
                        user=request.user,
                        verified=bool(request.POST.get("verified")) or None,
                        site_url=site_url,
                    )
                    self.message_user(request, _("The example was published."), messages.SUCCESS)
                    return redirect("admin:goodpractice_practice_changelist")
                if request.POST.get("action") == "return" and form.is_valid():
                    services.practice_return(
                        practice=practice,
                        user=request.user,
                        comment=form.cleaned_data["comment"],
                        site_url=site_url,
                    )
                    self.message_user(
                        request, _("The example was returned to its author."), messages.SUCCESS
                    )
                    return redirect("admin:goodpractice_practice_changelist")
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": practice,
            "practice": practice,
            "form": form,
            "title": _("Review: %(title)s") % {"title": practice.title},
        }
        return render(request, "admin/goodpractice/practice/review.html", context)

    def _each(self, request, queryset, service, done_message, **kwargs):
        done = 0
        for practice in queryset:
            try:
                service(practice=practice, user=request.user, **kwargs)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{practice}: {' '.join(error.messages)}", messages.WARNING
                )
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected examples"))
    def publish_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            services.practice_publish,
            _("Published: %(count)d."),
            site_url=request.build_absolute_uri("/"),
        )

    @admin.action(description=_("Mark the selected examples as verified"))
    def verify_selected(self, request, queryset):
        self._each(request, queryset, services.practice_verify, _("Verified: %(count)d."))

    @admin.action(description=_("Withdraw the selected examples"))
    def withdraw_selected(self, request, queryset):
        self._each(request, queryset, services.practice_withdraw, _("Withdrawn: %(count)d."))
