"""Counting every filter of the good-practice list in one pass over its search rows.

Counting each filter's values with every other filter applied is one query per filter when
the filters live in link tables (the shared engine's default, ``network_portal.listing``). The
good-practice list keeps each example's filter values as integer keys in a narrow
denormalised table (``PracticeSearchRow``, ``goodpractice.indexing``) and counts them all in
one scan of the matching rows instead, with the counts over the whole table kept aside
(``PracticeFacetTotal``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class ChosenKeys:
    """A chosen filter on a denormalised table with one integer per filter value in a
    ``keys`` array (``facet × span + value``): a row passes when it holds any of ``keys``."""

    facet: int
    keys: list[int]


def count_in_one_pass(
    candidates: QuerySet,
    *,
    span: int,
    chosen: list[ChosenKeys],
    searching: bool,
    totals: QuerySet | None = None,
    all_rows_key: int = -1,
    bounds: bool = False,
    once_per_row: int | None = None,
) -> tuple[int, dict[int, int]]:
    """The number of rows passing every chosen filter, and for every key the number of rows
    holding it among those passing every *other* filter, in one query.

    ``candidates`` selects the ``keys`` of the rows that can count anywhere (those matching
    the search and failing at most one filter, see :func:`rows_failing_at_most_one`). They are
    read once into a materialised CTE with a bit per chosen filter that fails; one ``unnest``
    of the rows that fail none counts every facet at once, and a row failing exactly one
    filter counts only for that filter's values. ``totals`` (rows of ``key``, ``count`` over
    the whole table, ``all_rows_key`` for the number of rows) answers what needs no reading of
    the rows: without a search, a facet none of whose *other* filters is chosen counts over
    every row, and so does the unfiltered list.

    With ``bounds``, ``candidates`` also select ``bounds``: the keys are stored facet by facet
    and facet *f*'s keys are ``keys[bounds[f + 1]:bounds[f + 2] - 1]``. A row failing one
    filter then unnests only that facet's few keys instead of all of them (with one filter
    and broad words, that is every matching row).

    ``once_per_row`` names a facet of which every row holds exactly one key: with nothing
    chosen, the number of rows is the sum of its counts, so the rows are read by one plain
    ``unnest`` without the materialised CTE (half the time for a broad search alone).
    """
    if not chosen and searching and once_per_row is not None:
        sql, candidate_params = candidates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT k, count(*) FROM (SELECT unnest(keys) AS k "  # noqa: S608
                f"FROM ({sql}) AS c) AS s GROUP BY k",
                candidate_params,
            )
            by_key = dict(cursor.fetchall())
        low, high = once_per_row * span, (once_per_row + 1) * span
        return sum(n for key, n in by_key.items() if low <= key < high), by_key
    facets_from_totals = set()
    if not searching and totals is not None:
        if not chosen:
            facets_from_totals = {"all"}
        elif len(chosen) == 1:
            facets_from_totals = {chosen[0].facet}
    parts, params = [], []
    if facets_from_totals != {"all"}:
        fails = " + ".join(
            f"(CASE WHEN keys && %s::int[] THEN 0 ELSE {1 << number} END)"
            for number in range(len(chosen))
        )
        sql, candidate_params = candidates.query.sql_with_params()
        params += [item.keys for item in chosen] + list(candidate_params)
        parts.append(
            f"WITH matched AS MATERIALIZED (SELECT keys, {'bounds, ' if bounds else ''}"  # noqa: S608
            f"{fails or '0'} AS fails FROM ({sql}) AS c) "
            "SELECT -1 AS key, count(*) FROM matched WHERE fails = 0 "
            # unnest() in the select list (one ProjectSet) rather than a lateral join (a
            # function scan per row): about a third faster over thousands of rows.
            "UNION ALL SELECT k, count(*) FROM "
            "(SELECT unnest(keys) AS k FROM matched WHERE fails = 0) AS passing WHERE true"
            + "".join(
                f" AND NOT (k >= {facet * span} AND k < {(facet + 1) * span})"
                for facet in facets_from_totals
            )
            + " GROUP BY k"
        )
        if chosen and (searching or len(chosen) > 1):
            which = " ".join(
                f"WHEN {1 << number} THEN {item.facet}" for number, item in enumerate(chosen)
            )
            if bounds:
                # Slices of one facet each; a NULL slice (no such facet) unnests to nothing.
                parts.append(
                    "SELECT k, count(*) FROM (SELECT unnest(keys[bounds[f + 1]:bounds[f + 2] - 1]) "  # noqa: S608
                    f"AS k FROM (SELECT keys, bounds, CASE fails {which} END AS f FROM matched "
                    "WHERE fails <> 0) AS failing) AS sliced GROUP BY k"
                )
            else:
                parts.append(
                    "SELECT k, count(*) FROM (SELECT unnest(keys) AS k, fails FROM matched "  # noqa: S608
                    f"WHERE fails <> 0) AS failing WHERE k >= 0 AND k / {span} = "
                    f"(CASE fails {which} END) GROUP BY k"
                )
    if facets_from_totals:
        sql, total_params = totals.values_list("key", "count").order_by().query.sql_with_params()
        if facets_from_totals != {"all"}:
            facet = next(iter(facets_from_totals))
            sql = (
                f"SELECT * FROM ({sql}) AS t WHERE t.key >= {facet * span} "  # noqa: S608
                f"AND t.key < {(facet + 1) * span}"
            )
        parts.append(f"SELECT * FROM ({sql}) AS totals")  # noqa: S608
        params += list(total_params)
    counts: dict[int, int] = {}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for key, count in cursor.fetchall():
            if key == all_rows_key or key == -1:
                total = count
            else:
                counts[key] = counts.get(key, 0) + count
    return total, counts


def rows_failing_at_most_one(conditions: list[Q]) -> Q:
    """The rows that pass every condition but one at most, as an OR of ANDs, so that the
    planner can combine the indexes of the conditions (with one condition: all rows)."""
    if len(conditions) < 2:
        return Q()
    either = Q()
    for skipped in range(len(conditions)):
        both = Q()
        for number, condition in enumerate(conditions):
            if number != skipped:
                both &= condition
        either |= both
    return either
