from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from members import cachescopes, maps
from members.applications import (
    APPLICANT_FIELDS,
    application_by_token,
    application_resubmit,
    application_submit,
    resolution_keep,
)
from members.directory import OPEN_DATA, MemberDirectory, export_rows
from members.forms import ApplicationForm, ContactFormSet, MemberProfileForm
from members.models import CATEGORY_LEVELS, Category, Member, Person, Role, validate_ico
from members.services import invitation_accept, invitation_tokens, member_profile_update
from network_portal import pagecache
from network_portal.clients import rate_limit_key
from network_portal.exports import limited_download
from network_portal.listing import FilteredListView
from network_portal.ratelimit import rate_limit_exceeded
from network_portal.records import RecordView

PAGE_SIZE = 30


class MemberListView(FilteredListView):
    """The public directory on the list engine: filters with counts, search, pagination; and
    the map of the same members."""

    listing_class = MemberDirectory
    template_name = "members/member_list.html"
    context_object_name = "members"
    paginate_by = PAGE_SIZE

    def with_joins(self, queryset):
        return queryset.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The map shows the same members for every visitor: shared like the list's counts.
        context.update(
            pagecache.shared(
                "member-map",
                lambda: _map_context(self.listing),
                self.listing.params().urlencode(),
            )
        )
        return context


def _map_context(directory):
    located = directory.results().filter(latitude__isnull=False)
    # One reverse() for all points: the profile address differs only in the slug.
    profile_url = reverse("members:detail", kwargs={"slug": "SLUG"})
    rows = list(located.values_list("name", "slug", "latitude", "longitude")[: maps.MAX_POINTS + 1])
    points, clusters = [], []
    if len(rows) <= maps.MAX_POINTS:
        points = maps.map_points(
            (name, profile_url.replace("SLUG", slug), latitude, longitude)
            for name, slug, latitude, longitude in rows
        )
    else:
        clusters = _region_clusters(directory, located)
    return {
        "map_regions": maps.region_shapes(),
        "map_points": points,
        "map_points_markup": maps.points_markup(points),
        "map_clusters": clusters,
        "map_clusters_markup": maps.clusters_markup(clusters, _cluster_label),
        "map_located": sum(cluster.count for cluster in clusters) or len(points),
        # Plain numbers: the projection itself is callable, which templates would call.
        "map_width": maps.projection().width,
        "map_height": maps.projection().height,
        "map_attribution": maps.ATTRIBUTION,
    }


def _region_clusters(directory, located):
    """One circle per region for a list with many located members, linking to the list of
    that region (the other filters kept)."""
    list_url = reverse("members:list")

    def region_url(nuts3):
        query = directory.params()
        query["region"] = nuts3
        return f"{list_url}?{query.urlencode()}#member-map-heading"

    rows = (
        located.order_by()
        .values("region__nuts3", "region__name")
        .annotate(count=Count("pk"), latitude=Avg("latitude"), longitude=Avg("longitude"))
        .order_by("region__name")
    )
    return maps.region_clusters(
        (
            row["region__name"],
            region_url(row["region__nuts3"]),
            row["count"],
            row["latitude"],
            row["longitude"],
        )
        for row in rows
    )


def _cluster_label(cluster):
    return ngettext(
        "%(region)s: %(count)s member – show it in the list",
        "%(region)s: %(count)s members – show them in the list",
        cluster.count,
    ) % {"region": cluster.name, "count": cluster.count}


def _export(request):
    return export_rows(MemberDirectory(request.GET), absolute_url=request.build_absolute_uri)


@limited_download
def member_export_csv(request):
    """Open data: exactly the members the directory shows for the same parameters."""
    return OPEN_DATA.csv(_export(request))


@limited_download
def member_export_json(request):
    """The same data as the CSV, exactly as stored (JSON is read by programs, not spreadsheets):
    an array of objects like every list's (``?format=schema``: its JSON schema)."""
    return OPEN_DATA.json(request, _export(request))


class MemberDetailView(RecordView):
    """A member's public profile; staff also see the past role holders."""

    template_name = "members/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        return Member.objects.public().select_related("region")

    def get_object(self, queryset=None):
        # The side columns (description, address, picture) of this member only: another
        # member's edit leaves the profile cached (members.cachescopes).
        with cachescopes.reading_profile(self.kwargs["slug"]):
            return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Before the shared body: whether this visitor coordinates the member.
        context["can_edit"] = (
            user.is_authenticated
            and Member.objects.editable_by(user).filter(pk=self.object.pk).exists()
        )
        return context

    def body_context(self):
        member = self.object
        roles = list(
            Role.objects.current().filter(member=member).select_related("person").order_by("kind")
        )
        ratings = list(member.ratings.order_by("year"))
        role_history = []
        if self.request.user.has_perm("members.view_role"):
            role_history = list(
                member.roles.select_related("person").order_by("kind", "-start", "-pk")
            )
        return {
            "politicians": [r for r in roles if r.kind == Role.Kind.POLITICIAN],
            "coordinators": [r for r in roles if r.kind != Role.Kind.POLITICIAN],
            "ratings": ratings,
            "chart": _rating_chart(ratings),
            "role_history": role_history,
        }


def _rating_chart(ratings):
    """Bars for the MA21 chart: the same data as the table, one bar per year."""
    if not ratings:
        return None
    top = len(CATEGORY_LEVELS)
    bar, gap, height = 36, 12, 150
    bars = []
    for index, rating in enumerate(ratings):
        value = rating.level + rating.stars * 0.25
        bar_height = round(height * value / (top + 0.75), 1)
        bars.append(
            {
                "x": 40 + index * (bar + gap),
                "y": 10 + height - bar_height,
                "height": bar_height,
                "width": bar,
                "year": rating.year,
                # The short form fits the bar; the table next to it spells it out.
                "label": "Z" + "*" * rating.stars
                if rating.category == Category.INTERESTED
                else rating.label,
            }
        )
    levels = [
        {
            "label": label if value != Category.INTERESTED else "Z",
            "y": 10 + height - round(height * level / (top + 0.75), 1),
        }
        for level, (value, label) in enumerate(Category.choices, start=1)
    ]
    return {
        "bars": bars,
        "levels": levels,
        "width": 40 + len(ratings) * (bar + gap),
        "height": height + 40,
        "baseline": 10 + height,
    }


@login_required
def my_members(request):
    """ "My municipality": the members the logged-in coordinator looks after."""
    members = (
        request.user.coordinated_members.public()
        .select_related("region")
        .with_current_rating()
        .order_by("name")
    )
    return render(request, "members/my_members.html", {"members": members})


@login_required
def member_edit(request, slug):
    """The coordinator's edit page; another member's page is a 404."""
    # A former member has no public profile left to keep (staff use the admin).
    member = get_object_or_404(
        Member.objects.editable_by(request.user).public().select_related("region"), slug=slug
    )
    holders = (
        Person.objects.filter(roles__in=Role.objects.current().filter(member=member))
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.current().filter(member=member), to_attr="here")
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    if request.method == "POST":
        form = MemberProfileForm(request.POST, request.FILES, instance=member)
        contacts = ContactFormSet(request.POST, queryset=holders, prefix="contacts")
        if form.is_valid() and contacts.is_valid():
            try:
                member_profile_update(
                    member=Member.objects.get(pk=member.pk),
                    user=request.user,
                    data=form.cleaned_data,
                    image=form.cleaned_data.get("image_upload"),
                    remove_image=form.cleaned_data.get("remove_image", False),
                    contacts={
                        f.instance.pk: f.cleaned_data for f in contacts.forms if f.has_changed()
                    },
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The profile is saved and published."))
                return redirect(member.get_absolute_url())
        # The instance took the invalid values; show the stored image, not a half-edited one.
        member = Member.objects.select_related("region").get(pk=member.pk)
    else:
        form = MemberProfileForm(instance=member)
        contacts = ContactFormSet(queryset=holders, prefix="contacts")
    return render(
        request,
        "members/member_form.html",
        {"member": member, "form": form, "contacts": contacts},
    )


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation(request, uidb64, token):
    """The one-time link from the invitation e-mail: the invited person sets a password."""
    user_model = get_user_model()
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = user_model.objects.get(pk=pk) if 0 < pk < 2**63 else None
    except (ValueError, TypeError, OverflowError, user_model.DoesNotExist):
        user = None
    if user is None or not user.is_active or not invitation_tokens.check_token(user, token):
        return render(request, "members/invitation_invalid.html", status=400)
    if request.method == "POST":
        form = SetPasswordForm(user, request.POST)
        if form.is_valid():
            invitation_accept(user=user, token=token, password=form.cleaned_data["new_password1"])
            messages.success(request, _("Your password is set. You can log in now."))
            return redirect("account_login")
    else:
        form = SetPasswordForm(user)
    return render(request, "members/invitation_set_password.html", {"form": form, "invited": user})


# --- membership applications ----------------------------------------------------------------
APPLICATION_RATE_LIMITS = {"ip": (10, timedelta(hours=1)), "email": (5, timedelta(hours=1))}


def membership(request):
    """How to join: who may, what the council resolves, what happens after the application."""
    return render(request, "members/membership.html", {"kinds": Member.Kind.choices})


def _application_rate_limited(request, email: str) -> bool:
    limits = getattr(settings, "MEMBERS_APPLICATION_RATE_LIMITS", APPLICATION_RATE_LIMITS)
    limit, period = limits["ip"]
    by_ip = rate_limit_exceeded(
        scope="members-apply-ip",
        key=rate_limit_key(request),
        limit=limit,
        period=period,
    )
    limit, period = limits["email"]
    by_email = rate_limit_exceeded(
        scope="members-apply-email", key=email.lower(), limit=limit, period=period
    )
    return by_ip or by_email


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _application_round(request, form, submit):
    """Validate, call ``submit(data, resolution, kept)``; on failure keep a valid PDF.

    Returns True when the application went through; sets ``form.rate_limited``."""
    form.rate_limited = False
    if form.is_valid():
        data = form.cleaned_data
        if _application_rate_limited(request, data["contact_email"]):
            form.rate_limited = True
            form.add_error(
                None,
                _("Too many applications were sent from here. Please try again in an hour."),
            )
        else:
            try:
                submit(
                    {field: data[field] for field in APPLICANT_FIELDS if field in data},
                    data.get("resolution"),
                    data.get("kept_resolution", ""),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return True
    kept = form.cleaned_data.get("kept_resolution", "") if hasattr(form, "cleaned_data") else ""
    upload = request.FILES.get("resolution")
    if upload is not None and "resolution" not in form.errors:
        try:
            kept = resolution_keep(upload=upload)
        except ValidationError as error:
            form.add_error("resolution", error)
    if kept:
        form.sign_kept(kept)
    return False


def apply(request):
    """The public application form (a page with a form: never stored by the page cache)."""
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid() and form.is_spam:
            return redirect("members:apply-thanks")  # a robot learns nothing

        def submit(data, resolution, kept):
            application_submit(
                data=data, resolution=resolution, kept_resolution=kept, language=get_language()
            )

        if _application_round(request, form, submit):
            return redirect("members:apply-thanks")
    status = 429 if getattr(form, "rate_limited", False) else 200
    return render(request, "members/application_form.html", {"form": form}, status=status)


def apply_thanks(request):
    return render(request, "members/application_thanks.html")


@never_cache
def application_correct(request, token):
    """The signed link from the "returned" e-mail: the applicant corrects and resubmits."""
    application = application_by_token(token)
    if application is None:
        raise Http404
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        del form.fields["consent"]  # given with the application

        def submit(data, resolution, kept):
            application_resubmit(
                application_id=application.pk,
                token=token,
                data=data,
                resolution=resolution,
                kept_resolution=kept,
            )

        if _application_round(request, form, submit):
            return redirect("members:apply-thanks")
    else:
        form = ApplicationForm(instance=application)
        del form.fields["consent"]
    return render(
        request,
        "members/application_form.html",
        {"form": form, "application": application, "correcting": True},
    )


def ico_lookup(request, ico):
    """What the register knows about an IČO, for the application form's offer of the name
    (JSON; the same for every visitor, so the page cache may keep it)."""
    try:
        validate_ico(ico)
    except ValidationError:
        return JsonResponse({"name": None})
    member = Member.objects.filter(ico=ico).values("name", "kind", "region_id", "status").first()
    if member is None:
        return JsonResponse({"name": None})
    return JsonResponse(
        {
            "name": member["name"],
            "kind": member["kind"],
            "region": member["region_id"],
            "member": member["status"] != Member.Status.FORMER,
        }
    )
