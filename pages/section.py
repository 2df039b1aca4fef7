"""The network's own pages: "About the network" in the navigation, the network's pages and
contact in the footer of every page, the site's editable texts, matches in the site search."""

from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from network_portal.search import build_lemmatized, matches
from network_portal.sections import Block, SearchResults, Section
from pages.models import Page, SiteText
from pages.sitemaps import sitemaps

# What a link to a page needs: its slug and its ancestors' (three levels at most).
LINK_RELATED = ("parent__parent",)
# Bodies and search vectors are not needed for links and search results.
LINK_DEFERRED = ("body_cs", "body_en", "search_cs", "search_en")


def footer(request):
    """The footer text and the published top-level pages chosen for the navigation (two
    queries, whatever the number of pages)."""
    text = SiteText.objects.filter(key=SiteText.Key.FOOTER).first()
    links = list(Page.objects.in_navigation().only("slug", "title_cs", "title_en", "parent_id"))
    if text is None and not links:
        return None
    return Block("pages/includes/_footer.html", {"footer_text": text, "footer_pages": links})


def site_text(name):
    text = SiteText.objects.filter(key=name).only("body_cs", "body_en").first()
    return text.body_html if text else None


def next_change(now):
    """The next scheduled page's publication time."""
    page = Page.objects.scheduled(now).order_by("published_at").only("published_at").first()
    return page.published_at if page else None


def search(request, query: str, limit: int) -> SearchResults | None:
    terms = build_lemmatized(query)
    pages = Page.objects.visible().select_related(*LINK_RELATED).defer(*LINK_DEFERRED)
    pages = pages.filter(matches(terms, get_language())) if terms else pages.none()
    found = list(pages.order_by("parent_id", "position", "pk")[: limit + 1])
    total = len(found) if len(found) <= limit else pages.count()
    return SearchResults(
        items=found[:limit],
        total=total,
        template="pages/includes/_search_result.html",
        more_url=reverse("pages:index"),
        more_phrase=ngettext_lazy(
            "%(counter)s page found: see all pages about the network",
            "%(counter)s pages found: see all pages about the network",
            "counter",
        ),
        empty_label=gettext("No page about the network matches these words."),
    )


section = Section(
    name="pages",
    label=_("About the network"),
    description=_(
        "Who we are, how to join and what members get, the WHO Healthy City programme and "
        "Local Agenda 21, the office and its people."
    ),
    list_url_name="pages:index",
    path=_("about/"),
    urls="pages.urls",
    order=90,
    search=search,
    sitemaps=sitemaps,
    next_change=next_change,
    footer=footer,
    site_text=site_text,
)
