from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from goodpractice import services
from goodpractice.forms import PracticeForm
from goodpractice.listing import PracticeSearch
from goodpractice.models import Practice
from members.models import Member
from network_portal import exports
from network_portal.feeds import CleanAtomFeed, CleanRssFeed
from network_portal.listing import FilteredListView
from network_portal.records import RecordView
from network_portal.uploads import document_response

PAGE_SIZE = 20
FEED_SIZE = 50


def _list_queryset(queryset):
    """The joins every list of examples needs (cards, feeds, exports)."""
    return queryset.select_related("topic").prefetch_related(
        Prefetch("members", queryset=Member.objects.select_related("region").order_by("name"))
    )


class PracticeListView(FilteredListView):
    template_name = "goodpractice/practice_list.html"
    context_object_name = "practices"
    paginate_by = PAGE_SIZE
    listing_class = PracticeSearch

    def with_joins(self, queryset):
        # The cards show each example's first picture: one more query for the whole page. Of
        # the members they show only the names: not their descriptions and search vectors.
        return queryset.select_related("topic").prefetch_related(
            Prefetch("members", queryset=Member.objects.only("name").order_by("name")),
            "images",
        )


class PracticeDetailView(RecordView):
    template_name = "goodpractice/practice_detail.html"
    context_object_name = "practice"
    body_lookups = (
        # The members' names and regions: not their descriptions (network_portal.pagecolumns).
        Prefetch(
            "members",
            queryset=Member.objects.select_related("region")
            .only("name", "slug", "region")
            .order_by("name"),
        ),
        "target_groups",
        "methods",
        "goals",
        "images",
        "attachments",
    )

    def get_queryset(self):
        return Practice.objects.visible_to(self.request.user).select_related("topic")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        practice = self.object
        # Before the shared body: whether this visitor may still edit and submit the example.
        context["can_edit"] = (
            practice.is_editable
            and self.request.user.is_authenticated
            and Practice.objects.editable_by(self.request.user).filter(pk=practice.pk).exists()
        )
        return context

    def body_context(self):
        practice = self.object
        method_ids = [method.pk for method in practice.methods.all()]
        shares_method = Exists(
            Practice.methods.through.objects.filter(
                practice=OuterRef("pk"), method_id__in=method_ids
            )
        )
        return {
            "related": list(
                Practice.objects.published()
                .exclude(pk=practice.pk)
                .filter(shares_method | Q(topic_id=practice.topic_id))
                .order_by("-published_at")[:4]
            ),
            "show_czech_notice": get_language() == "en" and not practice.has_english,
        }


def attachment_download(request, slug, pk):
    """An attachment of an example the user may see, as a sandboxed download."""
    practice = get_object_or_404(Practice.objects.visible_to(request.user), slug=slug)
    attachment = get_object_or_404(practice.attachments, pk=pk)
    filename = f"{slugify(attachment.title) or 'priloha'}.pdf"
    try:
        return document_response(attachment.file.name, filename=filename)
    except FileNotFoundError as error:
        raise Http404 from error


# --- feeds and open data -------------------------------------------------------------------
class PracticeRssFeed(Feed):
    """Newly published examples of any filtered list (the list's query string applies)."""

    feed_type = CleanRssFeed
    description_template = None

    def get_object(self, request):
        return PracticeSearch(request.GET)

    def title(self, obj):
        if obj.is_filtered:
            return gettext("Good practice – selected examples")
        return gettext("Good practice – newly published examples")

    def link(self, obj):
        query = obj.params().urlencode()
        return reverse("goodpractice:list") + (f"?{query}" if query else "")

    def description(self, obj):
        return gettext("Examples of good practice from the Czech Healthy Cities Network.")

    def items(self, obj):
        newest = _list_queryset(obj.filtered().order_by("-published_at", "-pk"))
        return obj.fetch(newest[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.topic.name]

    def item_author_name(self, item):
        return ", ".join(item.origin_names()) or None


class PracticeAtomFeed(PracticeRssFeed):
    feed_type = CleanAtomFeed
    subtitle = PracticeRssFeed.description


OPEN_DATA = exports.OpenData(
    "good-practice",
    "Examples of good practice of the Healthy Cities Network",
    {
        "url": exports.URL,
        "title": exports.TEXT,
        "summary": exports.TEXT,
        "members": exports.TEXT_LIST,
        "partner": exports.TEXT,
        "country": exports.TEXT,
        "year_from": exports.INTEGER,
        "year_to": exports.OPTIONAL_INTEGER,
        "topic": exports.TEXT,
        "target_groups": exports.TEXT_LIST,
        "methods": exports.TEXT_LIST,
        "sdgs": exports.INTEGER_LIST,
        "verified": exports.BOOLEAN,
        "published_at": exports.OPTIONAL_TEXT,
    },
)


def _export_rows(request):
    search = PracticeSearch(request.GET)
    queryset = _list_queryset(search.results()).prefetch_related(
        "target_groups", "methods", "goals"
    )
    return (_export_row(request, practice) for practice in search.iterate(queryset))


def _export_row(request, practice):
    return {
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "title": practice.title,
        "summary": practice.summary,
        "members": [member.name for member in practice.members.all()],
        "partner": practice.partner_name,
        "country": practice.country,
        "year_from": practice.year_from,
        "year_to": practice.year_to,
        "topic": practice.topic.name,
        "target_groups": [term.name for term in practice.target_groups.all()],
        "methods": [term.name for term in practice.methods.all()],
        "sdgs": [goal.number for goal in practice.goals.all()],
        "verified": practice.verified,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
    }


@exports.limited_download
def export_csv(request):
    """The filtered list (all pages, in the list's order) as CSV."""
    return OPEN_DATA.csv(_export_rows(request))


@exports.limited_download
def export_json(request):
    """The filtered list (all pages, in the list's order) as a JSON array (``?format=schema``:
    its JSON schema)."""
    return OPEN_DATA.json(request, _export_rows(request))


# --- coordinators ---------------------------------------------------------------------------
@login_required
def my_practices(request):
    practices = (
        Practice.objects.editable_by(request.user)
        .prefetch_related("members")
        .order_by("-updated_at")
    )
    can_create = Member.objects.editable_by(request.user).exists()
    page = Paginator(practices, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "goodpractice/practice_mine.html",
        {"practices": page.object_list, "page_obj": page, "can_create": can_create},
    )


def _files_from(form):
    images, attachments = [], []
    if form.cleaned_data.get("new_image"):
        images.append((form.cleaned_data["new_image"], form.cleaned_data["new_image_alt"]))
    if form.cleaned_data.get("new_attachment"):
        attachments.append(
            (form.cleaned_data["new_attachment"], form.cleaned_data["new_attachment_title"])
        )
    return images, attachments


def _save_form(request, form):
    images, attachments = _files_from(form)
    data = form.cleaned_data
    practice = form.instance
    try:
        return services.practice_save(
            practice=practice,
            user=request.user,
            changed=form.changed_data,
            members=data["members"],
            target_groups=data["target_groups"],
            methods=data["methods"],
            goals=data["goals"],
            images=images,
            attachments=attachments,
            delete_images=data.get("delete_images") or (),
            delete_attachments=data.get("delete_attachments") or (),
        )
    except ValidationError as error:
        # A dict of field errors shows next to those fields, anything else above the form.
        form.add_error(None, error)
        return None


def _form_page(request, form, practice=None):
    if form.is_bound and form.had_files and form.errors:
        messages.warning(
            request,
            _(
                "The files you chose could not be kept because of the errors below: "
                "please select them again."
            ),
        )
    return render(request, "goodpractice/practice_form.html", {"form": form, "practice": practice})


@login_required
def practice_create(request):
    if not Member.objects.editable_by(request.user).exists():
        raise PermissionDenied
    form = PracticeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"year_from": timezone.now().year},
    )
    if request.method == "POST" and form.is_valid():
        practice = _save_form(request, form)
        if practice is not None:
            messages.success(
                request, _("The example was saved as a draft. Submit it for review when ready.")
            )
            return redirect(practice.get_absolute_url())
    return _form_page(request, form)


def _users_practice_or_404(request, slug):
    """The example if it is within what the user may edit (``editable_by``); 404 for other
    members' examples. Whether its status lets it be edited now is the caller's check."""
    practice = get_object_or_404(Practice.objects.editable_by(request.user), slug=slug)
    return practice


@login_required
def practice_edit(request, slug):
    practice = _users_practice_or_404(request, slug)
    if not practice.is_editable:
        messages.error(request, _("Only drafts and returned examples can be edited."))
        return redirect(practice.get_absolute_url())
    form = PracticeForm(
        request.POST or None, request.FILES or None, instance=practice, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form)
        if saved is not None:
            messages.success(request, _("Your changes were saved."))
            return redirect(saved.get_absolute_url())
    return _form_page(request, form, practice)


@login_required
@require_POST
def practice_submit(request, slug):
    practice = _users_practice_or_404(request, slug)
    try:
        services.practice_submit(practice=practice, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Thank you. The example was sent for review; you will get an e-mail."),
        )
    return redirect(practice.get_absolute_url())
