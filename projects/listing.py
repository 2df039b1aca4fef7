"""The public list of projects: filters with counts from the GET parameters.

Built simply here (the shared filtered-list engine was not on main yet): one
:class:`ProjectList` describes a list, so the page, its feed and its open-data twins hold the
same projects. Values of one filter are alternatives; different filters must all hold; the count
next to a value is the size of the list with that value chosen (every *other* filter applied).
``facets()`` runs one query per filter, whatever the number of projects.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goodpractice.listing import Facet, Option
from goodpractice.models import Topic
from members.models import Member
from projects.models import Funder, Project, ProjectPartner, status_condition

FACETS = ["status", "funder", "topic", "member"]
FACET_LABELS = {
    "status": _("Status"),
    "funder": _("Funder"),
    "topic": _("Topic"),
    "member": _("Partner member"),
}
MAX_QUERY_LENGTH = 200


class ProjectList:
    def __init__(self, params: QueryDict, today=None):
        self.today = today or timezone.localdate()
        self.q = (params.get("q") or "")[:MAX_QUERY_LENGTH].strip().replace("\x00", "")
        self.selected: dict[str, list[str]] = {}
        for name in FACETS:
            values = [v[:80] for v in params.getlist(name) if v and "\x00" not in v][:30]
            if name == "status":
                values = [v for v in values if v in Project.Status.values]
            if values:
                self.selected[name] = list(dict.fromkeys(values))

    def _filter_q(self, name: str, values: list[str]) -> Q:
        if name == "status":
            condition = Q()
            for value in values:
                condition |= status_condition(value, self.today)
            return condition
        if name == "funder":
            through = Project.funders.through.objects
            return Q(Exists(through.filter(project=OuterRef("pk"), funder__slug__in=values)))
        if name == "topic":
            through = Project.topics.through.objects
            return Q(Exists(through.filter(project=OuterRef("pk"), topic__slug__in=values)))
        if name == "member":
            return Q(
                Exists(
                    ProjectPartner.objects.filter(project=OuterRef("pk"), member__slug__in=values)
                )
            )
        raise ValueError(name)

    def filtered(self, *, without: str | None = None) -> QuerySet:
        queryset = Project.objects.all()
        if self.q:
            queryset = queryset.search(self.q)
        for name, values in self.selected.items():
            if name != without:
                queryset = queryset.filter(self._filter_q(name, values))
        return queryset

    def results(self) -> QuerySet:
        return self.filtered().order_by("-start", "name_cs", "pk")

    def facets(self) -> list[Facet]:
        """Every filter with its values and counts: four queries."""
        status_counts = {
            row["current_status"]: row["n"]
            for row in self.filtered(without="status")
            .with_status(self.today)
            .values("current_status")
            .annotate(n=Count("pk"))
            .order_by()
        }
        chosen = self.selected.get("status", [])
        facets = [
            Facet(
                "status",
                FACET_LABELS["status"],
                [
                    Option(value, str(label), status_counts.get(value, 0), value in chosen)
                    for value, label in Project.Status.choices
                ],
            )
        ]
        for name, terms in (("funder", Funder.objects.all()), ("topic", Topic.objects.all())):
            counted = terms.annotate(
                n=Count(
                    "projects",
                    filter=Q(projects__in=self.filtered(without=name).values("pk")),
                    distinct=True,
                )
            )
            chosen = self.selected.get(name, [])
            options = [
                Option(term.slug, term.name, term.n, term.slug in chosen) for term in counted
            ]
            facets.append(
                Facet(name, FACET_LABELS[name], [o for o in options if o.count or o.selected])
            )
        chosen = self.selected.get("member", [])
        members = (
            Member.objects.filter(Q(project_partnerships__isnull=False) | Q(slug__in=chosen))
            .annotate(
                n=Count(
                    "project_partnerships__project",
                    filter=Q(
                        project_partnerships__project__in=self.filtered(without="member").values(
                            "pk"
                        )
                    ),
                    distinct=True,
                )
            )
            .order_by("name")
        )
        options = [Option(m.slug, m.name, m.n, m.slug in chosen) for m in members]
        facets.append(
            Facet("member", FACET_LABELS["member"], [o for o in options if o.count or o.selected])
        )
        for facet in facets:
            for option in facet.selected_options:
                option.remove_query = self.without(facet.name, option.value)
        return facets

    def params(self) -> QueryDict:
        query = QueryDict(mutable=True)
        if self.q:
            query["q"] = self.q
        for name, values in self.selected.items():
            query.setlist(name, values)
        return query

    def without(self, name: str, value: str) -> str:
        query = self.params()
        query.setlist(name, [v for v in query.getlist(name) if v != value])
        return query.urlencode()

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.selected)
