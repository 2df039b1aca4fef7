"""Broad words counted and ranked block by block, each block's part kept until it changes.

Words found in most examples (``PracticeSearch._words_are_broad``) match tens of thousands of
text rows, and counting or ranking those means visiting every one of them (a GIN index
returns no columns): 50–110 ms at 50,000 examples, again after every write to any example,
as a write makes every shared count stale (with several filters, thousands of rows spread
over as many pages: 20–30 ms). So the examples are split by id into blocks
(``indexing.SEARCH_BLOCK`` ids each), whose generations (``PracticeSearchBlock``) the indexer
renews in the same transaction as each write to a block's text rows. What one block gives
for one query, the counts of the keys of its rows the words miss and the head of its ranked
list, is kept in the shared cache under the block's generation: after a write only the
written block is read again, and the list takes the kept totals less the blocks' missed keys
and merges their heads.

Never stale: a part is computed in the same statement (the same snapshot) as the generation
it is kept under, a generation is a new random value with each write, and the totals are
read in the same statement as the generations the parts are looked up by. On only where
shared parts are (``pagecache.sharing_enabled``).
"""

from __future__ import annotations

import hashlib
import heapq
import logging
from collections import Counter
from itertools import islice

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Q, QuerySet

from goodpractice import indexing
from goodpractice.indexing import ALL_ROWS
from goodpractice.models import PracticeSearchBlock
from network_portal.pagekeys import code_version

logger = logging.getLogger(__name__)

# The ranked rows kept of each block: five pages of twenty. A deeper page of broad words is
# ranked as a whole (the parts would have to be read again with longer heads).
HEAD = 100
# Kept at most this long: a part is valid until its block changes, whenever that is.
TIMEOUT = 24 * 3_600
# Tries at a consistent set of parts while writes land between the list's statements.
ATTEMPTS = 3


class Moving(Exception):
    """The blocks kept changing while the list read them (``ATTEMPTS`` times)."""


def counted_and_ranked(
    matching: QuerySet, every: QuerySet, totals: QuerySet, top: int
) -> tuple[Counter, list[int]]:
    """Words alone: the matching rows' keys counted (``ALL_ROWS``: their number) and the
    examples of ranks 0–``top`` (at most ``HEAD``) of their ranked list, block by block.

    ``matching``: the text rows matching the words, with ``practice_id``, ``published_at`` and
    ``rank``, as ``PracticeSearch`` ranks them (rank, then date, then id, all descending);
    ``every``: the language's filter rows (``practice_id``, ``keys``); ``totals``: the kept
    counts of their keys (``key``, ``count``). The counts are the totals less the keys of the
    rows the words miss, as the list counts broad words as a whole (few rows to count): each
    block's part holds its rows' missed keys and the head of its matches ranked. The totals
    are read in the same statement as the generations."""

    def computed(numbers):
        return _computed(matching, numbers, lambda within: _missed(every.filter(within)))

    counts, parts = _read(_prefix(matching, every), computed, totals)
    for missed, _head in parts.values():
        counts.subtract(missed)
    return _positive(counts), _ranked(parts, top)


def counted_by_parts(matching: QuerySet, counting: list[str], top: int):
    """Words and several filters: the counts of the list's parts (``counting``: SQL counting
    the keys of some of the rows of ``matching`` by block, see ``PracticeSearch.
    _parts_of_one_match``) as {(part, key): count}, and ranks 0–``top`` of the rows with a
    ``rank`` (those passing every filter), block by block."""

    def computed(numbers):
        return _computed(matching, numbers, lambda _within: (" UNION ALL ".join(counting), []))

    counts, parts = _read(_prefix(matching, *counting), computed)
    for found, _head in parts.values():
        counts.update(found)
    return counts, _ranked(parts, top)


def _read(prefix: str, computed, totals: QuerySet | None = None):
    """The kept totals (if asked) and every block's part, those not kept ``computed``; both
    as of one snapshot: a part read again must be of the generation read with the totals
    (else a write came between, and everything is read again)."""
    for _attempt in range(ATTEMPTS):
        generations, counts = _generations_and_totals(totals)
        keys = {
            number: f"{prefix}:{number}:{generation}" for number, generation in generations.items()
        }
        parts = _found(keys)
        missing = sorted(set(generations) - set(parts))
        if missing:
            fresh = computed(missing)
            if any(fresh.get(number, (None,))[0] != generations[number] for number in missing):
                continue
            parts.update((number, part) for number, (_generation, part) in fresh.items())
            _keep({keys[number]: part for number, (_generation, part) in fresh.items()})
        return counts, parts
    raise Moving


def _positive(counts: Counter) -> Counter:
    return Counter({key: count for key, count in counts.items() if count > 0})


def _ranked(parts: dict, top: int) -> list[int]:
    """The examples of ranks 0–``top``: the blocks' heads merged."""
    ranked = heapq.merge(*(part[1] for part in parts.values()), reverse=True)
    return [practice_id for _rank, _date, practice_id in islice(ranked, top)]


def _generations_and_totals(totals: QuerySet | None) -> tuple[dict, Counter]:
    """Every block's generation and the kept totals (if asked), in one statement."""
    blocks = PracticeSearchBlock.objects.order_by().values_list("number", "generation")
    if totals is None:
        return dict(blocks), Counter()
    blocks_sql, blocks_params = blocks.query.sql_with_params()
    totals_sql, totals_params = (
        totals.order_by().values_list("key", "count").query.sql_with_params()
    )
    generations, counts = {}, Counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number, generation, NULL::integer, NULL::integer FROM ({blocks_sql}) AS b "  # noqa: S608
            f"UNION ALL SELECT NULL, NULL, key, count FROM ({totals_sql}) AS t",
            [*blocks_params, *totals_params],
        )
        for number, generation, key, count in cursor.fetchall():
            if generation is not None:
                generations[number] = generation
            else:
                counts[key] = count
    return generations, counts


def _prefix(*statements: QuerySet | str) -> str:
    """The cache keys' start for these rows: the code, the block size and the statements."""
    namespace = getattr(settings, "PAGE_CACHE_NAMESPACE", "")
    parts = [namespace, code_version(), indexing.SEARCH_BLOCK]
    for statement in statements:
        if isinstance(statement, str):
            parts.append(statement)
        else:
            sql, params = statement.query.sql_with_params()
            parts += [sql, *map(repr, params)]
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
    return f"goodpractice:block:{digest}"


def _found(keys: dict[int, str]) -> dict[int, tuple]:
    """The kept parts of the blocks, by number."""
    try:
        found = caches["default"].get_many(keys.values())
    except Exception:
        logger.exception("The blocks' parts cannot be read")
        return {}
    return {number: found[key] for number, key in keys.items() if key in found}


def _keep(parts: dict[str, tuple]) -> None:
    try:
        caches["default"].set_many(parts, timeout=TIMEOUT)
    except Exception:
        logger.exception("The blocks' parts cannot be written")


def _missed(every: QuerySet) -> tuple[str, list]:
    """SQL counting by block the keys of the rows of ``every`` without a row in ``matching``,
    with its parameters."""
    size = indexing.SEARCH_BLOCK
    every_sql, params = every.query.sql_with_params()
    return (
        f"SELECT practice_id / {size} AS b, NULL::integer AS part, k, count(*) AS n "  # noqa: S608
        f"FROM (SELECT practice_id, unnest(keys || {ALL_ROWS}) AS k FROM ({every_sql}) AS r "
        "WHERE NOT EXISTS (SELECT 1 FROM matching m WHERE m.practice_id = r.practice_id)) AS s "
        "GROUP BY 1, 3"
    ), list(params)


def _computed(matching: QuerySet, numbers: list[int], counting) -> dict:
    """Block number → (its generation, its part) for the blocks ``numbers``, in one statement
    (so each part is of the generation it comes with). A part: the counts that
    ``counting(within)`` gives (SQL and parameters, over the statement's ``matching``, of
    ``b``, ``part``, ``k`` and ``n``; ``within``: the blocks' ids) by (part, key), or by key
    where it gives no part; and the head of the block's ranked rows (rank, date, id)."""
    size = indexing.SEARCH_BLOCK
    within = Q()
    for low, high in _runs(numbers):
        within |= Q(practice_id__gte=low * size, practice_id__lt=(high + 1) * size)
    matching_sql, matching_params = matching.filter(within).query.sql_with_params()
    counted, counted_params = counting(within)
    table = PracticeSearchBlock._meta.db_table
    order = "rank DESC, published_at DESC, practice_id DESC"
    statement = (
        f"WITH matching AS MATERIALIZED ({matching_sql}) "  # noqa: S608 - our names and integers
        "SELECT 0, number, NULL::integer, NULL::bigint, NULL::bigint, NULL::real, "
        f"NULL::timestamptz, generation FROM {table} WHERE number = ANY(%s) "
        f"UNION ALL SELECT 1, b, part, k, n, NULL, NULL, NULL FROM ({counted}) AS c "
        "UNION ALL SELECT 2, b, NULL, practice_id, NULL, rank, published_at, NULL FROM ("
        f"SELECT practice_id / {size} AS b, practice_id, rank, published_at, "
        f"row_number() OVER (PARTITION BY practice_id / {size} ORDER BY {order}) AS n "
        f"FROM matching WHERE rank IS NOT NULL) AS h WHERE n <= {HEAD}"
    )
    generations, counts, heads = {}, {}, {}
    with connection.cursor() as cursor:
        cursor.execute(statement, [*matching_params, numbers, *counted_params])
        for kind, number, part, key, count, rank, published_at, generation in cursor.fetchall():
            if kind == 0:
                generations[number] = generation
            elif kind == 1:
                counts.setdefault(number, {})[key if part is None else (part, key)] = count
            else:
                heads.setdefault(number, []).append((rank, published_at, key))
    return {
        number: (
            generation,
            (counts.get(number, {}), sorted(heads.get(number, []), reverse=True)),
        )
        for number, generation in generations.items()
    }


def _runs(numbers: list[int]):
    """The sorted ``numbers`` as runs of consecutive numbers: (first, last) each."""
    first = last = numbers[0]
    for number in numbers[1:]:
        if number != last + 1:
            yield first, last
            first = number
        last = number
    yield first, last
