"""The public list of news on the shared list engine (network_portal.listing).

Only published articles are ever listed (``Article.objects.published()``). Filters: topic,
member, project (through the article's links) and year; search is the engine's: the
lemmatized vectors of ``network_portal.search``.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from goodpractice.models import Topic
from members.models import Member
from network_portal.listing import Facet, Filter, FilteredList, Option
from news.models import Article
from projects.models import Project


class YearFilter(Filter):
    """Years of publication that occur in the list (one grouped query)."""

    def q(self, values, listing):
        return Q(published_at__year__in=[int(value) for value in values])

    def facet(self, listing):
        rows = (
            listing.filtered(without=self.name)
            .annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        chosen = listing.selected.get(self.name, [])
        options = [
            Option(str(row["year"]), str(row["year"]), row["n"], str(row["year"]) in chosen)
            for row in rows
        ]
        present = {option.value for option in options}
        options += [Option(year, year, 0, True) for year in chosen if year not in present]
        return Facet(self.name, str(self.label), options)


def _topics():
    return [(topic.slug, topic.name) for topic in Topic.objects.all()]


def _members():
    # The names alone: a member's description is none of this page's (network_portal.pagecolumns).
    members = Member.objects.filter(articles__isnull=False).distinct().order_by("name")
    return list(members.values_list("slug", "name"))


def _projects():
    projects = (
        Project.objects.published().filter(articles__isnull=False).distinct().order_by("-start")
    )
    return [(project.slug, project.acronym or project.name) for project in projects]


class ArticleList(FilteredList):
    count_phrase = ngettext_lazy("%(count)s article", "%(count)s articles", "count")
    filters = (
        Filter.linked("topic", _("Topic"), Article.topics, choices=_topics),
        Filter.linked("member", _("Member"), Article.members, choices=_members),
        Filter.linked("project", _("Project"), Article.projects, choices=_projects),
        YearFilter("year", _("Year"), valid=lambda value: value.isdigit() and len(value) == 4),
    )

    def base(self) -> QuerySet:
        return Article.objects.published()

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by("-published_at", "-pk")
