"""The public list of news: search, filters with counts (topic, member, project, year).

Built simply here (the shared filtered-list engine was not on main yet), in the same shape as
the projects' list: values of one filter are alternatives, different filters must all hold, and
each count is the size of the list with that value chosen. ``facets()`` runs one query per
filter. Only published articles are ever listed (``Article.objects.published()``).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from goodpractice import search
from goodpractice.listing import Facet, Option
from goodpractice.models import CZECH_SEARCH_CONFIG, ENGLISH_SEARCH_CONFIG, Topic
from members.models import Member
from news.models import Article
from projects.models import Project

FACETS = ["topic", "member", "project", "year"]
FACET_LABELS = {
    "topic": _("Topic"),
    "member": _("Member"),
    "project": _("Project"),
    "year": _("Year"),
}
LINKS = {"topic": "topics", "member": "members", "project": "projects"}
MAX_QUERY_LENGTH = 1000


class ArticleList:
    def __init__(self, params: QueryDict, language: str | None = None):
        self.language = language or get_language() or "cs"
        self.q = (params.get("q") or "")[:MAX_QUERY_LENGTH].strip()
        self.terms = search.build(self.q)
        self.selected: dict[str, list[str]] = {}
        for name in FACETS:
            values = [v[:80] for v in params.getlist(name) if v and "\x00" not in v][:30]
            if name == "year":
                values = [v for v in values if v.isdigit() and len(v) == 4]
            if values:
                self.selected[name] = list(dict.fromkeys(values))

    @classmethod
    def from_words(cls, words: str) -> ArticleList:
        params = QueryDict(mutable=True)
        params["q"] = words
        return cls(params)

    def _match(self) -> Q:
        czech = Q(
            search_cs=SearchQuery(self.terms.czech, search_type="raw", config=CZECH_SEARCH_CONFIG)
        )
        if self.language == "en":
            english = SearchQuery(
                self.terms.english, search_type="raw", config=ENGLISH_SEARCH_CONFIG
            )
            return Q(search_en=english) | czech
        return czech

    def _filter_q(self, name: str, values: list[str]) -> Q:
        if name == "year":
            return Q(published_at__year__in=[int(value) for value in values])
        relation = LINKS[name]
        through = getattr(Article, relation).through.objects
        target = {"topic": "topic", "member": "member", "project": "project"}[name]
        return Q(Exists(through.filter(article=OuterRef("pk"), **{f"{target}__slug__in": values})))

    def filtered(self, *, without: str | None = None) -> QuerySet:
        queryset = Article.objects.published()
        if self.terms:
            queryset = queryset.filter(self._match())
        for name, values in self.selected.items():
            if name != without:
                queryset = queryset.filter(self._filter_q(name, values))
        return queryset

    def results(self) -> QuerySet:
        return self.filtered().order_by("-published_at", "-pk")

    def preview(self, limit: int):
        """The newest ``limit`` matches and the number of all, for the site search."""
        queryset = self.results().only(
            "slug", "title_cs", "title_en", "perex_cs", "perex_en", "published_at"
        )
        total = queryset.count()
        return (list(queryset[:limit]) if total else []), total

    def _linked_facet(self, name: str, candidates: QuerySet, label=lambda item: item.name):
        chosen = self.selected.get(name, [])
        relation = "articles"
        counted = candidates.filter(Q(**{f"{relation}__isnull": False}) | Q(slug__in=chosen))
        counted = counted.annotate(
            n=Count(
                relation,
                filter=Q(articles__in=self.filtered(without=name).values("pk")),
                distinct=True,
            )
        )
        options = [Option(item.slug, label(item), item.n, item.slug in chosen) for item in counted]
        return Facet(name, FACET_LABELS[name], [o for o in options if o.count or o.selected])

    def facets(self) -> list[Facet]:
        """Every filter with its values and counts: four queries."""
        facets = [
            self._linked_facet("topic", Topic.objects.all()),
            self._linked_facet("member", Member.objects.order_by("name")),
            self._linked_facet(
                "project",
                Project.objects.order_by("-start"),
                label=lambda project: project.acronym or project.name,
            ),
        ]
        years = (
            self.filtered(without="year")
            .annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        chosen = self.selected.get("year", [])
        options = [
            Option(str(row["year"]), str(row["year"]), row["n"], str(row["year"]) in chosen)
            for row in years
        ]
        present = {option.value for option in options}
        options += [Option(year, year, 0, True) for year in chosen if year not in present]
        facets.append(Facet("year", FACET_LABELS["year"], options))
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
