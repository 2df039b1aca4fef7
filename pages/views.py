from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from pages.models import MAX_DEPTH, Page

PREVIEW_PERMISSION = "pages.change_page"


def _lookup(path: str, *, preview: bool) -> Page:
    """The page at ``path`` (its ancestors' slugs and its own), with its ancestors, in one
    query; a draft or scheduled page (or one under such a page) only for staff who edit pages."""
    slugs = path.split("/")
    if len(slugs) > MAX_DEPTH:
        raise Http404
    lookup, prefix = {}, ""
    for slug in reversed(slugs):
        lookup[f"{prefix}slug"] = slug
        prefix += "parent__"
    lookup[f"{prefix}isnull"] = True
    pages = Page.objects.filter(**lookup).select_related("parent__parent")
    if not preview:
        pages = pages.visible()
    page = pages.first()
    if page is None:
        raise Http404
    return page


def page_detail(request, path):
    page = _lookup(path, preview=request.user.has_perm(PREVIEW_PERMISSION))
    children = page.children.all()
    if not request.user.has_perm(PREVIEW_PERMISSION):
        children = children.published()
    context = {
        "page": page,
        "ancestors": page.ancestors,
        "children": list(children.defer("body_cs", "body_en", "search_cs", "search_en")),
        "show_czech_notice": get_language() == "en" and not page.has_english,
    }
    return render(request, "pages/page_detail.html", context)


def page_index(request):
    """About the network: the editable introduction, then the published top-level pages with
    their sub-pages (two queries, whatever the number of pages)."""
    children = Page.objects.published().defer("body_cs", "body_en", "search_cs", "search_en")
    pages = (
        Page.objects.published()
        .filter(parent__isnull=True)
        .defer("body_cs", "body_en", "search_cs", "search_en")
        .prefetch_related(Prefetch("children", queryset=children.order_by("position", "pk")))
    )
    return render(request, "pages/page_index.html", {"pages": list(pages)})
