"""The public list of projects on the shared list engine (network_portal.listing).

Filters: status (derived from the dates, never stored), funder, topic and partner member. Each
count is the size the list would have with that value chosen; the page, the feeds and the open
data build the list from the same query string.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from goodpractice.models import Topic
from members.models import Member
from network_portal.listing import Filter, FilteredList
from projects.models import Funder, Project, ProjectPartner, status_condition


class StatusFilter(Filter):
    """Planned / running / finished on the list's day, counted in one grouped query."""

    def q(self, values, listing):
        condition = Q()
        for value in values:
            condition |= status_condition(value, listing.today)
        return condition

    def counts(self, listing):
        rows = (
            listing.filtered(without=self.name)
            .with_status(listing.today)
            .values("current_status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["current_status"]: row["n"] for row in rows}


def _funders():
    return [(funder.slug, funder.name) for funder in Funder.objects.all()]


def _topics():
    return [(topic.slug, topic.name) for topic in Topic.objects.all()]


def _partner_members():
    members = Member.objects.filter(
        project_partnerships__project__publication=Project.Publication.PUBLISHED
    ).distinct()
    # The names alone: a member's description is none of this page's (network_portal.pagecolumns).
    return list(members.order_by("name").values_list("slug", "name"))


def _partners():
    return ProjectPartner.objects.filter(member__isnull=False)


class ProjectList(FilteredList):
    count_phrase = ngettext_lazy("%(count)s project", "%(count)s projects", "count")
    filters = (
        StatusFilter(
            "status",
            _("Status"),
            choices=lambda: Project.Status.choices,
            valid=lambda value: value in Project.Status.values,
        ),
        Filter.linked("funder", _("Funder"), Project.funders, choices=_funders),
        Filter.linked("topic", _("Topic"), Project.topics, choices=_topics),
        Filter(
            "member",
            _("Partner member"),
            choices=_partner_members,
            through=_partners,
            through_field="project",
            count_by="member__slug",
            distinct=True,
            hide_empty=True,
        ),
    )

    def __init__(self, params: QueryDict, language: str | None = None, today=None):
        self.today = today or timezone.localdate()
        super().__init__(params, language)

    def base(self) -> QuerySet:
        return Project.objects.published()

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by("-start", "name_cs", "pk")
