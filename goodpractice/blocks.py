"""Broad words counted and ranked block by block, each block's part kept until it changes.

Words found in most examples (``PracticeSearch._words_are_broad``) match tens of thousands of
text rows, and counting or ranking those means visiting every one of them (a GIN index
returns no columns): 50–110 ms at 50,000 examples, again after every write to any example,
as a write makes every shared count stale. So the examples are split by id into blocks
(``indexing.SEARCH_BLOCK`` ids each), whose generations (``PracticeSearchBlock``) the indexer
renews in the same transaction as each write to a block's text rows. What one block gives
for one query, its facet counts and the head of its ranked list, is kept in the shared cache
under the block's generation: after a write only the written block is read again, and the
list adds up the blocks' parts.

Never stale: a part is computed in the same statement (the same snapshot) as the generation
it is kept under, and a generation is a new random value with each write; a part is used
only under the generation the list has just read. On only where shared parts are
(``pagecache.sharing_enabled``).
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

# The ranked rows kept of each block: five pages of twenty. A deeper page asks for more.
HEAD = 100
# Beyond this rank the list is ranked as a whole (a part would keep too many rows).
DEEPEST = 1_000
# Kept at most this long: a part is valid until its block changes, whenever that is, and
# reading all of them again (the first visitor of broad words after a deploy or this long)
# costs about three times what one count of them as a whole does (225 vs 68 ms at 50,000
# examples: every match counted, not the rows the words miss).
TIMEOUT = 24 * 3_600


def counted_and_ranked(rows: QuerySet, top: int) -> tuple[Counter, list[int]]:
    """The matching rows' keys counted (``ALL_ROWS``: their number) and the examples of ranks
    0–``top`` of their ranked list, block by block.

    ``rows``: the matching text rows with ``practice_id``, ``keys``, ``published_at`` and
    ``rank``, as ``PracticeSearch`` ranks them (rank, then date, then id, all descending)."""
    generations = dict(PracticeSearchBlock.objects.values_list("number", "generation"))
    prefix = _prefix(rows)
    keys = {number: f"{prefix}:{number}:{generation}" for number, generation in generations.items()}
    parts = _found(keys, top)
    missing = sorted(set(generations) - set(parts))
    if missing:
        kept = {}
        for number, (generation, part) in _computed(rows, missing, head=max(top, HEAD)).items():
            parts[number] = kept[f"{prefix}:{number}:{generation}"] = part
        _keep(kept)
    counts: Counter = Counter()
    for part_counts, _head in parts.values():
        counts.update(part_counts)
    ranked = heapq.merge(*(head for _counts, head in parts.values()), reverse=True)
    return counts, [practice_id for _rank, _date, practice_id in islice(ranked, top)]


def _prefix(rows: QuerySet) -> str:
    """The cache keys' start for this query: the code, the block size and the statement."""
    sql, params = rows.query.sql_with_params()
    namespace = getattr(settings, "PAGE_CACHE_NAMESPACE", "")
    parts = [namespace, code_version(), indexing.SEARCH_BLOCK, sql, *map(repr, params)]
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
    return f"goodpractice:block:{digest}"


def _found(keys: dict[int, str], top: int) -> dict[int, tuple]:
    """The kept parts of the blocks (by number) that hold the head down to ``top``."""
    try:
        found = caches["default"].get_many(keys.values())
    except Exception:
        logger.exception("The blocks' parts cannot be read")
        return {}
    parts = {}
    for number, key in keys.items():
        part = found.get(key)
        if part is not None and len(part[1]) >= min(top, part[0].get(ALL_ROWS, 0)):
            parts[number] = part
    return parts


def _keep(parts: dict[str, tuple]) -> None:
    try:
        caches["default"].set_many(parts, timeout=TIMEOUT)
    except Exception:
        logger.exception("The blocks' parts cannot be written")


def _computed(rows: QuerySet, numbers: list[int], *, head: int) -> dict[int, tuple]:
    """Block number → (its generation, (its counts, its head)) for the blocks ``numbers``:
    in one statement, so each part is of the generation it comes with."""
    size = indexing.SEARCH_BLOCK
    within = Q()
    for low, high in _runs(numbers):
        within |= Q(practice_id__gte=low * size, practice_id__lt=(high + 1) * size)
    sql, params = rows.filter(within).query.sql_with_params()
    table = PracticeSearchBlock._meta.db_table
    order = "rank DESC, published_at DESC, practice_id DESC"
    statement = (
        f"WITH matching AS MATERIALIZED ({sql}) "  # noqa: S608 - our names and integers
        f"SELECT 0, number, NULL::bigint, NULL::bigint, NULL::real, NULL::timestamptz, "
        f"generation FROM {table} WHERE number = ANY(%s) "
        "UNION ALL "
        f"SELECT 1, practice_id / {size}, k, count(*), NULL, NULL, NULL "
        f"FROM (SELECT practice_id, unnest(keys || {ALL_ROWS}) AS k FROM matching) AS s "
        "GROUP BY 2, 3 "
        "UNION ALL "
        "SELECT 2, b, practice_id, NULL, rank, published_at, NULL FROM ("
        f"SELECT practice_id / {size} AS b, practice_id, rank, published_at, "
        f"row_number() OVER (PARTITION BY practice_id / {size} ORDER BY {order}) AS n "
        f"FROM matching) AS h WHERE n <= {int(head)}"
    )
    generations, counts, heads = {}, {}, {}
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, numbers])
        for kind, number, key, count, rank, published_at, generation in cursor.fetchall():
            if kind == 0:
                generations[number] = generation
            elif kind == 1:
                counts.setdefault(number, {})[key] = count
            else:
                heads.setdefault(number, []).append((rank, published_at, key))
    return {
        number: (generation, (counts.get(number, {}), sorted(heads.get(number, []), reverse=True)))
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
