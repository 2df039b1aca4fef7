"""Measure a simpler design of the good-practice list's search against today's engine.

Today's engine (``goodpractice.listing`` and ``goodpractice.indexing``) keeps a narrow row per
example and language for filters and sorting, a text row with an index of words, ranking text
and filter keys together, kept totals per key, a shortcut that ranks only the rows that can rank
first, and planner settings per statement. The simpler design has one table: per example and
language the lemmatized text as one weighted vector with positions and the filter keys, with one
GIN index on each, ranked by ``ts_rank`` over every match, counted by one statement for the list
and its facets plus one per chosen filter, with PostgreSQL's default planner settings.

The simpler design's table is built in the bench database from the examples (the same
lemmatized text and keys as today's rows) and is dropped at the end. Both designs answer the
same random cases as ``benchmark_search`` (same seed); so do today's engine without its planner
settings (``today - plan``) and the simpler design with them (``simpler + plan``: no JIT, no
parallel workers, with words no sequential scan). The command prints the database time of
their search statements: the ranked page of 20 ids and the counts. The rest of a page (the 20
examples, their members, the vocabularies) is the same work in every design and is not timed.
Times are measured around the driver's call, as in ``benchmark_search``.
"""

import random
import statistics
import time
from contextlib import nullcontext

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models.sql import Query
from django.http import QueryDict
from django.test.utils import override_settings
from django.utils import translation

from bench.management.commands.benchmark_search import QUERIES, random_case
from bench.measure import StatementTimer, percentile
from goodpractice.indexing import ALL_ROWS, BATCH, DOCUMENT, TEXTS_FROM, lemmatized_texts
from goodpractice.listing import PracticeSearch, list_plan
from goodpractice.models import PracticeSearchRow, PracticeSearchText, TargetGroup, Topic
from members.models import Region

TABLE = "bench_simple_practice_search"
_INSERT = f"""
INSERT INTO {TABLE} (practice_id, language, published_at, keys, document)
SELECT t.id, l.language, r.published_at, r.keys, {DOCUMENT}
{TEXTS_FROM}
ORDER BY l.language, t.id
"""


class Command(BaseCommand):
    help = (
        "Build a one-table design of the good-practice search in the bench database and "
        "compare the database time of its ranked page and counts with today's engine on the "
        "same random list pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=100)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep", action="store_true", help="keep the simpler table")

    @override_settings(PAGE_CACHE_ENABLED=False)
    def handle(self, *args, runs, seed, keep, **options):
        started = time.perf_counter()
        self._build()
        size = self._size()
        self.stdout.write(
            f"The simpler design's table: built in {time.perf_counter() - started:.0f} s, "
            f"{size}; {runs} cases of each kind per language"
        )
        try:
            for language in ("cs", "en"):
                self._compare(language, runs, seed)
        finally:
            if not keep:
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    # --- the simpler design's table ---------------------------------------------------------
    def _build(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(
                f"CREATE TABLE {TABLE} (practice_id int NOT NULL, language varchar(2) NOT NULL, "
                "published_at timestamptz NOT NULL, keys int[] NOT NULL, "
                "document tsvector NOT NULL)"
            )
        ids = list(
            PracticeSearchRow.objects.filter(language="cs")
            .order_by("practice")
            .values_list("practice", flat=True)
        )
        for start in range(0, len(ids), BATCH):
            columns = lemmatized_texts(ids[start : start + BATCH])
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(_INSERT, columns)
        with connection.cursor() as cursor:
            for language in ("cs", "en"):
                where = f"WHERE language = '{language}'"
                cursor.execute(
                    f"CREATE INDEX {TABLE}_document_{language} ON {TABLE} "
                    f"USING gin (document) {where}"
                )
                cursor.execute(
                    f"CREATE INDEX {TABLE}_keys_{language} ON {TABLE} USING gin (keys) {where}"
                )
            cursor.execute(
                f"CREATE INDEX {TABLE}_newest ON {TABLE} "
                "(language, published_at DESC, practice_id DESC)"
            )
            # VACUUM cannot run inside a transaction (the tests' one).
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{vacuum} {TABLE}")

    def _size(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size(%s)), "
                "pg_size_pretty(pg_total_relation_size(%s) + pg_total_relation_size(%s) "
                "+ pg_total_relation_size('goodpractice_practicefacettotal'))",
                [TABLE, PracticeSearchRow._meta.db_table, PracticeSearchText._meta.db_table],
            )
            simple, today = cursor.fetchone()
        return f"{simple} with its indexes (today's three tables: {today})"

    # --- the comparison ---------------------------------------------------------------------
    def _compare(self, language, runs, seed):
        rng = random.Random(seed)
        topics = list(Topic.objects.values_list("slug", flat=True))
        groups = list(TargetGroup.objects.values_list("slug", flat=True))
        regions = list(Region.objects.values_list("nuts3", flat=True))
        kinds = {
            "words and filters": [
                random_case(rng, language, topics, groups, regions, True) for _n in range(runs)
            ],
            "filters, no words": [
                random_case(rng, language, topics, groups, regions, False) for _n in range(runs)
            ],
            "words alone": [QueryDict(f"q={query}") for query in QUERIES[language]]
            * max(1, runs // len(QUERIES[language])),
            "unfiltered first page": [QueryDict()] * max(10, runs // 10),
        }
        self.stdout.write(f" {language}:")
        self.stdout.write(f"  {'':36s} {'ranked page':>23s} {'counts':>23s} {'both':>23s}")
        self.stdout.write(f"  {'':36s}" + "     p50    p95    max" * 3)
        with translation.override(language):
            for kind, cases in kinds.items():
                totals = {}
                for design, run in self._designs():
                    for params in cases[: len(cases) // 2]:  # warm both designs' pages
                        run(params)
                    measured = [run(params) for params in cases]
                    columns = ""
                    for part in range(3):
                        values = [times[part] for times in measured]
                        columns += (
                            f"  {statistics.median(values):6.1f} "
                            f"{percentile(values, 0.95):6.1f} {max(values):6.1f}"
                        )
                    self.stdout.write(f"  {kind:22s} {design:14s}{columns}")
                    totals[design] = [times[3] for times in measured]
                same = sum(a == b for a, b in zip(totals["today"], totals["simpler"], strict=True))
                self.stdout.write(f"  {kind:22s} same number of results: {same} of {len(cases)}")

    def _designs(self):
        yield "today", self._today
        yield "today - plan", lambda params: self._today(params, search=_Unplanned)
        yield "simpler", self._simpler

        def planned(params):
            with list_plan(bool(params.get("q"))):
                return self._simpler(params)

        yield "simpler + plan", planned

    def _today(self, params, search=PracticeSearch):
        """Today's engine, as the list view runs it: the ranked page's ids and the counts."""
        search = search(params)
        timer = StatementTimer()
        with connection.execute_wrapper(timer):
            with search.plan():
                if search.searching and search.sort == "relevance":
                    search._ranked_ids(0, 20)
                else:
                    list(search.results().values_list("pk", flat=True)[:20])
            ranked = timer.total()
            total, _counts = search._count()
        return ranked, timer.total() - ranked, timer.total(), total

    def _simpler(self, params):
        search = PracticeSearch(params)
        chosen = {
            list_filter.name: list_filter.keys(search.selected[list_filter.name], search)
            for list_filter in search.filters
            if list_filter.name in search.selected
        }
        tsquery, match, match_params = "", "", []
        if search.searching:
            query = Query(PracticeSearchText)
            expression = search._query().resolve_expression(query)
            compiler = query.get_compiler(connection=connection)
            tsquery, match_params = expression.as_sql(compiler, connection)
            match = f" AND document @@ {tsquery}"

        def where(without=None):
            keys = [keys for name, keys in chosen.items() if name != without]
            sql = "language = %s" + match + " AND keys && %s::int[]" * len(keys)
            return sql, [search.language, *match_params, *keys]

        condition, condition_params = where()
        timer = StatementTimer()
        with connection.execute_wrapper(timer), connection.cursor() as cursor:
            if search.searching:
                cursor.execute(
                    f"SELECT practice_id FROM {TABLE} WHERE {condition} "  # noqa: S608
                    f"ORDER BY ts_rank(document, {tsquery}) DESC, published_at DESC, "
                    "practice_id DESC LIMIT 20",
                    [*condition_params, *match_params],
                )
            else:
                cursor.execute(
                    f"SELECT practice_id FROM {TABLE} WHERE {condition} "  # noqa: S608
                    "ORDER BY published_at DESC, practice_id DESC LIMIT 20",
                    condition_params,
                )
            cursor.fetchall()
            ranked = timer.total()
            for without in [None, *chosen]:
                condition, condition_params = where(without)
                cursor.execute(
                    f"SELECT k, count(*) FROM (SELECT unnest(keys || {ALL_ROWS}) AS k "  # noqa: S608
                    f"FROM {TABLE} WHERE {condition}) AS s GROUP BY k",
                    condition_params,
                )
                counts = dict(cursor.fetchall())
                if without is None:
                    total = counts.get(ALL_ROWS, 0)
        return ranked, timer.total() - ranked, timer.total(), total


class _Unplanned(PracticeSearch):
    """Today's engine with PostgreSQL's default planner settings."""

    def plan(self):
        return nullcontext()
