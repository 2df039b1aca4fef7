"""Measure the database time of the public list: ranked search with filters, and the page."""

import random
import statistics

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.http import QueryDict
from django.test.utils import override_settings
from django.utils import translation

from bench.measure import StatementTimer, percentile
from goodpractice.listing import PracticeSearch
from goodpractice.models import Practice, TargetGroup, Topic
from goodpractice.views import PAGE_SIZE, _list_queryset
from members.models import Region

QUERIES = {
    "cs": [
        "participativní rozpočet",
        "pocitove mapy",
        "zdravých měst",
        "senioři",
        "mladí lidé",
        "kulatý stůl",
        "cyklostezky",
        "zeleň v parku",
        "bezpečné ulice",
        "rodiny s dětmi",
        "dobrovolníci",
        "komunitní zahrada",
        "veřejné fórum",
        "prevence",
        "bydlení seniorů",
        "školní hřiště",
        "odpadů",
        "klimatu",
        "Brno",
        "Litoměřice",
    ],
    "en": [
        "participatory budget",
        "feeling maps",
        "healthy cities",
        "seniors",
        "young people",
        "round table",
        "cycle paths",
        "green parks",
        "safe streets",
        "families",
        "volunteers",
        "community gardens",
        "public forum",
        "prevention",
        "housing",
        "school playground",
        "waste",
        "climate",
        "Brno",
        "Litoměřice",
    ],
}


def random_case(rng, language, topics, groups, regions, words):
    """A list page's query string: with ``words`` one of the set's queries, and one to three
    random filters."""
    params = QueryDict(mutable=True)
    if words:
        params["q"] = rng.choice(QUERIES[language])
    for _number in range(rng.randint(1, 3)):
        name = rng.choice(["topic", "group", "region", "year", "verified"])
        if name == "topic":
            params.appendlist("topic", rng.choice(topics))
        elif name == "group":
            params.appendlist("group", rng.choice(groups))
        elif name == "region":
            params.appendlist("region", rng.choice(regions))
        elif name == "year":
            params.appendlist("year", str(rng.randint(2008, 2024)))
        else:
            params["verified"] = "1"
    return params


class Command(BaseCommand):
    help = (
        "Run random list pages (with and without search words, with random filters) against "
        "the examples and report database time p50/p95/max of the ranked result query, of the "
        "one query that counts the list and all its facets, and of the whole page; then the "
        "unfiltered first page; print EXPLAIN ANALYZE of one search."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=300)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--language", choices=["cs", "en"], default="cs")

    @override_settings(PAGE_CACHE_ENABLED=False)  # database time, not the shared cache's
    def handle(self, *args, runs, seed, language, **options):
        rng = random.Random(seed)
        topics = list(Topic.objects.values_list("slug", flat=True))
        groups = list(TargetGroup.objects.values_list("slug", flat=True))
        regions = list(Region.objects.values_list("nuts3", flat=True))
        total = Practice.objects.published().count()
        self.stdout.write(f"{total} published examples; {runs} runs per case; language {language}")
        with translation.override(language):
            for label, words in (("with search words", True), ("without search words", False)):
                cases = [
                    random_case(rng, language, topics, groups, regions, words) for _n in range(runs)
                ]
                for params in cases:  # the steady state: every case's pages read once
                    self._run(params)
                measured = [self._run(params) for params in cases]
                self.stdout.write(f" {label}:")
                self._report("ranked result page (20 rows)", [m[0] for m in measured])
                self._report("count + all 9 facets (one query)", [m[1] for m in measured])
                self._report("whole list page (every query)", [m[2] for m in measured])
                slowest = sorted(zip(measured, cases, strict=True), key=lambda pair: -pair[0][2])
                self.stdout.write("  slowest whole pages:")
                for times, params in slowest[:3]:
                    self.stdout.write(f"    {times[2]:6.1f} ms  {params.urlencode()}")
            # Words alone, as typed into the search box: broad ones ("zdravých měst", in half
            # of the examples) read every match. Reported apart from the goal's mix above.
            alone = [QueryDict(mutable=True) for _query in QUERIES[language]]
            for params, query in zip(alone, QUERIES[language], strict=True):
                params["q"] = query
                self._run(params)
            measured = [self._run(params) for params in alone * max(1, runs // 40)]
            self.stdout.write(" search words without filters (each query of the set):")
            self._report("ranked result page (20 rows)", [m[0] for m in measured])
            self._report("count + all 9 facets (one query)", [m[1] for m in measured])
            self._report("whole list page (every query)", [m[2] for m in measured])
            first = [self._run(QueryDict()) for _n in range(max(10, runs // 10))]
            self.stdout.write(" unfiltered first page (no words, no filters):")
            self._report("ranked result page (20 rows)", [m[0] for m in first])
            self._report("count + all 9 facets (one query)", [m[1] for m in first])
            self._report("whole list page (every query)", [m[2] for m in first])
            self._explain(random_case(rng, language, topics, groups, regions, True))

    def _run(self, params):
        """(ranked result query, counting query, every query of the page) in ms, as the list
        view runs them: the page with its count, the members of its examples, the facets."""
        search = PracticeSearch(params)
        timer = StatementTimer()
        with connection.execute_wrapper(timer):
            search.page(_list_queryset(search.results()), 1, PAGE_SIZE)
            search.facets()
        reset_queries()
        ranked = sum(ms for sql, ms in timer.times if "ORDER BY" in sql and "LIMIT" in sql)
        counting = sum(ms for sql, ms in timer.times if "unnest(keys" in sql)
        return ranked, counting, sum(ms for _sql, ms in timer.times)

    def _report(self, label, values):
        self.stdout.write(
            f"  {label:40s} p50 {statistics.median(values):6.1f} ms   "
            f"p95 {percentile(values, 0.95):6.1f} ms   max {max(values):6.1f} ms"
        )

    def _explain(self, params):
        search = PracticeSearch(params)
        queryset = search.results()[:PAGE_SIZE]
        sql, sql_params = queryset.query.sql_with_params()
        with search.plan(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, sql_params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.stdout.write(f"\nEXPLAIN ANALYZE for {params.urlencode()}:\n{plan}")
        index = "practice_text_search_"
        used = index in plan
        self.stdout.write(
            self.style.SUCCESS(f"GIN index used: {index}{search.language}")
            if used
            else self.style.WARNING("The GIN index was not used in this plan.")
        )
