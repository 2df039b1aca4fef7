"""The members section: the register's place in the navigation, site search and account menu,
and the network in figures on the home page."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.sitemaps import sitemaps
from network_portal.listing import first_and_count
from network_portal.sections import Block, Link, SearchResults, Section

REGIONS_IN_CZECHIA = 14


def home(request):
    """The network in figures: members by kind and the regions they are in (one query)."""
    figures = Member.objects.public().aggregate(
        total=Count("pk"),
        regions=Count("region", distinct=True),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in Member.Kind.values},
    )
    if not figures["total"]:
        return None
    kinds = [(label, figures[value]) for value, label in Member.Kind.choices if figures[value]]
    return Block(
        "members/includes/_home_figures.html",
        {
            "figures": figures,
            "kinds": kinds,
            "all_regions": REGIONS_IN_CZECHIA,
        },
        home_order=50,
        lead_template="members/includes/_home_lead.html",
    )


def search(request, query: str, limit: int) -> SearchResults:
    members = Member.objects.public().search(query).select_related("region").order_by("name", "pk")
    items, total = first_and_count(members, limit)
    return SearchResults(
        items=items,
        total=total,
        template="members/includes/_search_result.html",
        more_url=f"{reverse('members:list')}?{urlencode({'q': query})}",
        more_phrase=ngettext_lazy(
            "Show the %(counter)s member found", "Show all %(counter)s members found", "counter"
        ),
        empty_label=gettext("No member matches these words."),
    )


def account_links(request):
    user = request.user
    if user.has_perm("members.change_member"):
        return []  # network staff keep every member in the administration
    return [Link(gettext("My municipality"), reverse("members:mine"))]


section = Section(
    name="members",
    label=_("Members"),
    description=_(
        "The towns, regions and other members of the network, their coordinators and their "
        "Local Agenda 21 ratings."
    ),
    list_url_name="members:list",
    path=_("members/"),
    urls="members.urls",
    order=10,
    home=home,
    search=search,
    account_links=account_links,
    sitemaps=sitemaps,
)
