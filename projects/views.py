from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext

from members.models import Member
from network_portal import exports
from network_portal.exports import csv_lines, xlsx_workbook_bytes
from network_portal.feeds import CleanAtomFeed, CleanRssFeed
from network_portal.listing import FilteredListView
from network_portal.records import RecordView
from projects.listing import ProjectList
from projects.models import Project, ProjectPartner
from projects.report import project_events, report_sheets

PAGE_SIZE = 20
FEED_SIZE = 50
REPORT_PERMISSION = "projects.view_project"


def _list_queryset(queryset):
    # The lead member's name, not its description (network_portal.pagecolumns).
    return (
        queryset.select_related("lead_member")
        .defer(*Member.side_fields("lead_member__"))
        .prefetch_related("funders")
    )


class ProjectListView(FilteredListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = PAGE_SIZE
    listing_class = ProjectList

    def with_joins(self, queryset):
        return _list_queryset(queryset)


class ProjectDetailView(RecordView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"
    # The members' names, not their descriptions (network_portal.pagecolumns).
    body_lookups = (
        Prefetch("lead_member", queryset=Member.objects.only("name", "slug")),
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.select_related("member").defer(
                *Member.side_fields("member__")
            ),
        ),
        "funders",
        "topics",
        "target_groups",
        "goals",
    )

    def get_queryset(self):
        # Staff who may edit projects preview drafts; to anyone else a draft is a 404.
        return Project.objects.visible_to(self.request.user)

    def body_context(self):
        project = self.object
        return {
            "activities": project_events(project),
            "outputs": list(
                project.practices.published()
                .prefetch_related(
                    Prefetch(
                        "members", queryset=Member.objects.only("name", "slug").order_by("name")
                    )
                )
                .order_by("-published_at", "-pk")
            ),
            "show_czech_notice": get_language() == "en" and not project.has_english,
            "can_report": self.request.user.has_perm(REPORT_PERMISSION),
        }


# --- feeds and open data -------------------------------------------------------------------
class ProjectRssFeed(Feed):
    feed_type = CleanRssFeed
    """The projects of any filtered list, newest first (the list's query string applies)."""

    def get_object(self, request):
        return ProjectList(request.GET)

    def title(self, obj):
        return gettext("Projects of the Healthy Cities Network")

    def link(self, obj):
        query = obj.params().urlencode()
        return reverse("projects:list") + (f"?{query}" if query else "")

    def description(self, obj):
        return gettext("Projects of the Czech Healthy Cities Network and their partners.")

    def items(self, obj):
        return obj.fetch(_list_queryset(obj.results())[:FEED_SIZE])

    def item_title(self, item):
        return f"{item.name} ({item.acronym})" if item.acronym else item.name

    def item_description(self, item):
        return f"{item.period}. {item.summary}"

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at


class ProjectAtomFeed(ProjectRssFeed):
    feed_type = CleanAtomFeed
    subtitle = ProjectRssFeed.description


OPEN_DATA = exports.OpenData(
    "projects",
    "Projects of the Healthy Cities Network",
    {
        "url": exports.URL,
        "name": exports.TEXT,
        "acronym": exports.TEXT,
        "summary": exports.TEXT,
        "start": exports.TEXT,
        "end": exports.OPTIONAL_TEXT,
        "status": exports.TEXT,
        "lead_organisation": exports.TEXT,
        "partners": exports.TEXT_LIST,
        "funders": exports.TEXT_LIST,
        "programme": exports.OPTIONAL_TEXT,
        "programme_operator": exports.OPTIONAL_TEXT,
        "grant_number": exports.TEXT,
        "budget": exports.OPTIONAL_TEXT,
        "currency": exports.OPTIONAL_TEXT,
        "topics": exports.TEXT_LIST,
    },
)


def _export_rows(request):
    listing = ProjectList(request.GET)
    queryset = _list_queryset(listing.results()).prefetch_related(
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("member")), "topics"
    )
    for project in listing.iterate(queryset):
        yield {
            "url": request.build_absolute_uri(project.get_absolute_url()),
            "name": project.name,
            "acronym": project.acronym,
            "summary": project.summary,
            "start": project.start.strftime("%Y-%m"),
            "end": project.end.strftime("%Y-%m") if project.end else None,
            "status": project.status,
            "lead_organisation": project.lead_organisation,
            "partners": [partner.name for partner in project.partners.all()],
            "funders": [funder.name for funder in project.funders.all()],
            "programme": project.programme,
            "programme_operator": project.programme_operator,
            "grant_number": project.grant_number,
            "budget": str(project.budget) if project.budget is not None else None,
            "currency": project.currency if project.budget is not None else None,
            "topics": [topic.name for topic in project.topics.all()],
        }


@exports.limited_download
def export_csv(request):
    """The filtered list as CSV (cells safe to open in a spreadsheet)."""
    return OPEN_DATA.csv(_export_rows(request))


@exports.limited_download
def export_json(request):
    """The filtered list as a JSON array (``?format=schema``: its JSON schema)."""
    return OPEN_DATA.json(request, _export_rows(request))


# --- the funder's report (staff) -----------------------------------------------------------
def project_report(request, slug, format):
    """Activities, outputs and news of one project as XLSX or CSV, for the funder.

    Anonymous visitors are sent to log in; an account without the permission gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied
    project = get_object_or_404(Project, slug=slug)
    sheets = report_sheets(project, request.build_absolute_uri)
    filename = f"{slugify(project.acronym or project.slug)}-report"
    if format == "xlsx":
        response = HttpResponse(
            xlsx_workbook_bytes(sheets),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    # One file: each part starts with its own header row, then its rows.
    header = [gettext("Part"), gettext("Details")]

    def rows():
        for title, columns, part_rows in sheets:
            yield [title, *columns]
            for row in part_rows:
                yield [title, *row]

    response = StreamingHttpResponse(
        csv_lines(header, rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
