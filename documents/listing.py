"""The public list of documents on the shared list engine (network_portal.listing).

Only published documents are listed. Filters: type, year, language, topic, member, project
(its own documents and its events'), event; search in the lemmatized vectors of title,
description and the PDF's own text (``documents.indexing``), as the news do.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from documents.models import Document
from goodpractice.models import Topic
from members.models import Member
from network_portal.listing import Facet, Filter, FilteredList, Option


class YearFilter(Filter):
    """The years that occur in the list (one grouped query), newest first."""

    def facet(self, listing):
        counts = listing.counts_for(self)
        chosen = listing.selected.get(self.name, [])
        years = sorted(set(counts) | set(chosen), reverse=True)
        options = [Option(year, year, counts.get(year, 0), year in chosen) for year in years]
        return Facet(self.name, str(self.label), options)


class ProjectFilter(Filter):
    """A project's documents: its own and those of its events (one grouped query)."""

    def q(self, values, listing):
        return Q(project__slug__in=values) | Q(
            project__isnull=True, event__project__slug__in=values
        )

    def counts(self, listing):
        rows = (
            listing.filtered(without=self.name)
            .annotate(key=Coalesce("project__slug", "event__project__slug"))
            .filter(key__isnull=False)
            .values("key")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["key"]: row["n"] for row in rows}


def _topics():
    return [(topic.slug, topic.name) for topic in Topic.objects.all()]


def _members():
    members = (
        Member.objects.filter(documents__status=Document.Status.PUBLISHED)
        .distinct()
        .order_by("name")
    )
    return [(member.slug, member.name) for member in members]


def _projects():
    from projects.models import Project

    published = Document.objects.published()
    projects = (
        Project.objects.published()
        .filter(
            Exists(published.filter(project=OuterRef("pk")))
            | Exists(published.filter(event__project=OuterRef("pk")))
        )
        .order_by("-start")
    )
    return [(project.slug, project.acronym or project.name) for project in projects]


def _events():
    from events.models import Event

    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .filter(Exists(Document.objects.published().filter(event=OuterRef("pk"))))
        .order_by("-start")
    )
    return [(event.slug, event.title) for event in events]


class DocumentList(FilteredList):
    count_phrase = ngettext_lazy("%(count)s document", "%(count)s documents", "count")
    filters = (
        Filter("kind", _("Type"), choices=lambda: Document.Kind.choices, hide_empty=True),
        YearFilter("year", _("Year"), valid=lambda value: value.isdigit() and len(value) == 4),
        Filter(
            "language", _("Language"), choices=lambda: Document.Language.choices, hide_empty=True
        ),
        Filter.linked("topic", _("Topic"), Document.topics, choices=_topics),
        Filter.linked("member", _("Member"), Document.members, choices=_members),
        ProjectFilter("project", _("Project"), choices=_projects, hide_empty=True),
        Filter(
            "event",
            _("Event"),
            field="event__slug",
            choices=_events,
            hide_empty=True,
        ),
    )

    def base(self) -> QuerySet:
        return Document.objects.published()

    def order(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by("-year", "title", "pk")
