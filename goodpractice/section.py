"""The good-practice section: latest examples on the home page, a member's examples on its
profile, full-text matches in the site search, "My examples" in the account menu."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from goodpractice.listing import PracticeSearch
from goodpractice.models import Practice
from goodpractice.sitemaps import sitemaps
from members.models import Member
from network_portal.sections import Block, Link, SearchResults, Section

HOME_COUNT = 3
PROFILE_COUNT = 20


def home(request):
    latest = list(
        Practice.objects.published()
        .select_related("topic")
        # The members' names only (not their descriptions and search vectors).
        .prefetch_related(Prefetch("members", queryset=Member.objects.only("pk", "name")), "images")
        .order_by("-published_at", "-pk")[:HOME_COUNT]
    )
    if not latest:
        return None
    return Block("goodpractice/includes/_home_latest.html", {"practices": latest}, home_order=30)


def related(request, record):
    """A member's examples, for its profile."""
    if record._meta.label != "members.Member":
        return None
    practices = list(
        Practice.objects.published()
        .filter(members=record)
        .only("slug", "title_cs", "title_en", "title", "year_from", "year_to")
        .order_by("-published_at", "-pk")[:PROFILE_COUNT]
    )
    if not practices:
        return None
    return Block("goodpractice/includes/_member_practices.html", {"practices": practices})


def search(request, query: str, limit: int) -> SearchResults:
    practice_search = PracticeSearch.from_words(query)
    items, total = practice_search.best(limit)
    return SearchResults(
        items=items,
        total=total,
        template="goodpractice/includes/_search_result.html",
        more_url=f"{reverse('goodpractice:list')}?{practice_search.params().urlencode()}",
        more_phrase=ngettext_lazy(
            "Show the %(counter)s example found", "Show all %(counter)s examples found", "counter"
        ),
        empty_label=gettext("No good-practice example matches these words."),
        list_class="list-cards",
    )


def account_links(request):
    if request.user.has_perm("goodpractice.change_practice"):
        return []  # network staff review and edit examples in the administration
    return [Link(gettext("My examples"), reverse("goodpractice:mine"))]


section = Section(
    name="goodpractice",
    label=_("Good practice"),
    description=_(
        "Examples of what members did – participatory budgets, feeling maps, housing for "
        "seniors and more – to learn from."
    ),
    list_url_name="goodpractice:list",
    path=_("good-practice/"),
    urls="goodpractice.urls",
    order=20,
    home=home,
    related=related,
    search=search,
    account_links=account_links,
    sitemaps=sitemaps,
)
