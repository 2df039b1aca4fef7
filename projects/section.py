"""The projects section: running projects on the home page, a member's projects on its profile,
the funders' acknowledgement on every page of a record linked to a project, site search."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from network_portal.listing import first_and_count
from network_portal.sections import Block, SearchResults, Section
from projects.models import Funder, Project, ProjectPartner
from projects.sitemaps import sitemaps

HOME_COUNT = 3
PROFILE_COUNT = 20


def home(request):
    running = list(
        Project.objects.published()
        .running()
        .only("slug", "name_cs", "name_en", "acronym", "summary_cs", "summary_en", "start", "end")
        .order_by("-start", "pk")[:HOME_COUNT]
    )
    if not running:
        return None
    return Block("projects/includes/_home_running.html", {"projects": running}, home_order=40)


def _linked_projects(record) -> list[Project]:
    """The projects a record of any section belongs to: its ``project`` link or its
    ``projects`` links (found by name, so no other app is imported here)."""
    project_id = getattr(record, "project_id", None)
    if project_id:
        return list(
            Project.objects.published().filter(pk=project_id).only("slug", "name_cs", "name_en")
        )
    manager = getattr(record, "projects", None)
    if manager is not None and getattr(manager, "model", None) is Project:
        # Filtered here, not in SQL, so that a page's prefetched links are used as they are.
        return [project for project in manager.all() if project.is_published]
    return []


def acknowledgement(request, record):
    """The funders' acknowledgement for a project page or a record linked to a project."""
    if isinstance(record, Project):
        projects, funders = [record], list(record.funders.all())
    else:
        projects = _linked_projects(record)
        if not projects:
            return None
        funders = list(
            Funder.objects.filter(projects__in=[project.pk for project in projects])
            .distinct()
            .order_by("name")
        )
    if not funders:
        return None
    return Block(
        "projects/includes/_acknowledgement.html",
        {
            "ack_projects": projects,
            "ack_funders": funders,
            "ack_on_project": isinstance(record, Project),
        },
    )


def member_projects(request, member):
    projects = list(
        Project.objects.published()
        .of_member(member)
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.filter(member=member),
                to_attr="member_partnerships",
            )
        )
        .order_by("-start", "pk")[:PROFILE_COUNT]
    )
    if not projects:
        return None
    return Block(
        "projects/includes/_member_projects.html", {"projects": projects, "member": member}
    )


def related(request, record):
    if record._meta.label == "members.Member":
        return member_projects(request, record)
    return acknowledgement(request, record)


def search(request, query: str, limit: int) -> SearchResults:
    projects = Project.objects.published().search(query).order_by("-start", "pk")
    items, total = first_and_count(projects, limit)
    return SearchResults(
        items=items,
        total=total,
        template="projects/includes/_search_result.html",
        more_url=f"{reverse('projects:list')}?{urlencode({'q': query})}",
        more_phrase=ngettext_lazy(
            "Show the %(counter)s project found", "Show all %(counter)s projects found", "counter"
        ),
        empty_label=gettext("No project matches these words."),
    )


section = Section(
    name="projects",
    label=_("Projects"),
    description=_(
        "PART-NET and the network's other projects: their partners, funders, activities and "
        "results."
    ),
    list_url_name="projects:list",
    path=_("projects/"),
    urls="projects.urls",
    order=40,
    home=home,
    related=related,
    search=search,
    sitemaps=sitemaps,
)
