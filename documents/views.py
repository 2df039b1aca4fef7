from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.generic import DetailView

from documents.listing import DocumentList
from documents.models import Document
from members.models import Member
from network_portal import exports
from network_portal.feeds import CleanAtomFeed, CleanRssFeed
from network_portal.listing import FilteredListView
from network_portal.uploads import document_response

PAGE_SIZE = 20
FEED_SIZE = 50
CARD_FIELDS = (
    "slug",
    "title_cs",
    "title_en",
    "kind",
    "year",
    "language",
    "size",
    "pages",
    "file",
    "status",
)
OPEN_DATA = exports.OpenData(
    "documents",
    "Documents of the Healthy Cities Network",
    {
        "url": exports.URL,
        "file": exports.URL,
        "title": exports.TEXT,
        "type": exports.TEXT,
        "year": exports.INTEGER,
        "language": exports.TEXT,
        "pages": exports.OPTIONAL_INTEGER,
        "size": exports.OPTIONAL_INTEGER,
        "topics": exports.TEXT_LIST,
        "members": exports.TEXT_LIST,
        "project": exports.OPTIONAL_TEXT,
        "event": exports.OPTIONAL_TEXT,
    },
)


class DocumentListView(FilteredListView):
    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = PAGE_SIZE
    listing_class = DocumentList

    def with_joins(self, queryset):
        return queryset.only(*CARD_FIELDS)


def _detail_queryset(user):
    return (
        Document.objects.visible_to(user)
        .select_related("event__project", "project")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name")),
            "topics",
        )
        .defer("text", "search_cs", "search_en")
    )


class DocumentDetailView(DetailView):
    template_name = "documents/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return _detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        project = document.project or (document.event.project if document.event else None)
        if project and project.publication != project.Publication.PUBLISHED:
            project = None
        event = document.event
        if event and event.status == event.Status.DRAFT:
            event = None
        context.update(
            project=project,
            event=event,
            show_czech_notice=get_language() == "en" and not document.has_english,
        )
        return context


def document_file(request, slug):
    """The PDF as a download (sandboxed), only while the document is visible."""
    document = get_object_or_404(
        Document.objects.visible_to(request.user).only("slug", "file"), slug=slug
    )
    return document_response(document.file.name, filename=document.filename)


# --- feeds and open data -------------------------------------------------------------------
class DocumentRssFeed(Feed):
    feed_type = CleanRssFeed
    """The published documents of any filtered list (the list's query string applies)."""

    def get_object(self, request):
        return DocumentList(request.GET)

    def title(self, obj):
        return gettext("Documents of the Healthy Cities Network")

    def link(self, obj):
        query = obj.params().urlencode()
        return reverse("documents:list") + (f"?{query}" if query else "")

    def description(self, obj):
        return gettext(
            "Publications, methodologies, reports and presentations of the Czech Healthy "
            "Cities Network."
        )

    def items(self, obj):
        queryset = obj.results().order_by("-created_at", "-pk").defer("text")
        return obj.fetch(queryset.prefetch_related("topics")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description or item.get_kind_display()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class DocumentAtomFeed(DocumentRssFeed):
    feed_type = CleanAtomFeed
    subtitle = DocumentRssFeed.description


def _export_rows(request):
    listing = DocumentList(request.GET)
    queryset = (
        listing.results()
        .select_related("project", "event__project")
        .prefetch_related(Prefetch("members", queryset=Member.objects.order_by("name")), "topics")
        .defer("text", "search_cs", "search_en")
    )
    for document in listing.iterate(queryset):
        project = document.project or (document.event.project if document.event else None)
        yield {
            "url": request.build_absolute_uri(document.get_absolute_url()),
            "file": request.build_absolute_uri(document.get_download_url()),
            "title": document.title,
            "type": document.kind,
            "year": document.year,
            "language": document.language,
            "pages": document.pages,
            "size": document.size,
            "topics": [topic.name for topic in document.topics.all()],
            "members": [member.name for member in document.members.all()],
            "project": project.slug if project and project.publication == "published" else None,
            "event": document.event.slug
            if document.event and document.event.status != "draft"
            else None,
        }


@exports.limited_download
def export_csv(request):
    """The filtered list as CSV (cells safe to open in a spreadsheet)."""
    return OPEN_DATA.csv(_export_rows(request))


@exports.limited_download
def export_json(request):
    """The filtered list as a JSON array (``?format=schema``: its JSON schema)."""
    return OPEN_DATA.json(request, _export_rows(request))
