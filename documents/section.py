"""The documents library: full-text matches in the site search, and the documents of an
event, a project (its own and its events') or a member on that record's page."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from documents.listing import DocumentList
from documents.models import Document
from documents.sitemaps import sitemaps
from documents.views import CARD_FIELDS
from network_portal import pagescopes
from network_portal.sections import Block, SearchResults, Section

RELATED_COUNT = 30


def related(request, record):
    """The published documents of ``record`` in their event's or project's order; an event
    that is over says so when it has none yet."""
    from events.models import Event

    if isinstance(record, Document):
        return None
    # A project's documents read its events only (a page cache scope, ``events.cachescopes``:
    # an event's edit leaves the other projects' pages cached).
    scoped = [Event._meta.db_table] if record._meta.label == "projects.Project" else []
    with pagescopes.reading(pagescopes.scope(record), scoped):
        documents = list(
            Document.objects.published()
            .about(record)
            .only(*CARD_FIELDS, "position", "event_id", "project_id")
            .order_by("position", "-year", "pk")[:RELATED_COUNT]
        )
    past_event = isinstance(record, Event) and record.is_past
    if not documents and not past_event:
        return None
    return Block(
        "documents/includes/_related_documents.html",
        {"related_documents": documents, "past_event": past_event},
    )


def search(request, query: str, limit: int) -> SearchResults:
    listing = DocumentList.from_words(query)
    items, total = listing.preview(listing.results().only(*CARD_FIELDS), limit)
    return SearchResults(
        items=items,
        total=total,
        template="documents/includes/_search_result.html",
        more_url=f"{reverse('documents:list')}?{listing.params().urlencode()}",
        more_phrase=ngettext_lazy(
            "Show the %(counter)s document found", "Show all %(counter)s documents found", "counter"
        ),
        empty_label=gettext("No document matches these words."),
        list_class="list-cards",
    )


section = Section(
    name="documents",
    label=_("Documents"),
    description=_(
        "Publications, methodologies, reports and presentations of the network and its events."
    ),
    list_url_name="documents:list",
    path=_("documents/"),
    urls="documents.urls",
    order=50,
    related=related,
    search=search,
    sitemaps=sitemaps,
)
