"""Broad words counted and ranked block by block, each block's part kept until it changes.

Words found in most examples (``PracticeSearch._words_are_broad``) match tens of thousands of
text rows, and counting or ranking those means visiting every one of them (a GIN index
returns no columns): 50–110 ms at 50,000 examples, again after every write to any example,
as a write makes every shared count stale. So the examples are split by id into blocks
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
    """The matching rows' keys counted (``ALL_ROWS``: their number) and the examples of ranks
    0–``top`` (at most ``HEAD``) of their ranked list, block by block.

    ``matching``: the text rows matching the words, with ``practice_id``, ``published_at`` and
    ``rank``, as ``PracticeSearch`` ranks them (rank, then date, then id, all descending);
    ``every``: the language's filter rows (``practice_id``, ``keys``); ``totals``: the kept
    counts of their keys (``key``, ``count``). The counts are the totals less the keys of the
    rows the words miss, as the list counts broad words as a whole (few rows to count): each
    block's part holds its rows' missed keys and the head of its matches ranked. The totals
    and the generations are read in one statement; a part read again must be of the
    generation read there (else a write came between, and the list reads again)."""
    prefix = _prefix(matching, every)
    for _attempt in range(ATTEMPTS):
        generations, counts = _generations_and_totals(totals)
        keys = {
            number: f"{prefix}:{number}:{generation}" for number, generation in generations.items()
        }
        parts = _found(keys, top)
        missing = sorted(set(generations) - set(parts))
        if missing:
            computed = _computed(matching, every, missing, head=HEAD)
            if any(computed.get(number, (None,))[0] != generations[number] for number in missing):
                continue
            kept = {keys[number]: part for number, (_generation, part) in computed.items()}
            parts.update((number, part) for number, (_generation, part) in computed.items())
            _keep(kept)
        for missed, _head, _matches in parts.values():
            counts.subtract(missed)
        ranked = heapq.merge(*(part[1] for part in parts.values()), reverse=True)
        counted = Counter({key: count for key, count in counts.items() if count > 0})
        return counted, [practice_id for _rank, _date, practice_id in islice(ranked, top)]
    raise Moving


def _generations_and_totals(totals: QuerySet) -> tuple[dict, Counter]:
    """Every block's generation and the kept totals, in one statement (one snapshot)."""
    blocks_sql, blocks_params = (
        PracticeSearchBlock.objects.order_by().values_list("number", "generation").query
    ).sql_with_params()
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


def _prefix(*querysets: QuerySet) -> str:
    """The cache keys' start for these rows: the code, the block size and the statements."""
    namespace = getattr(settings, "PAGE_CACHE_NAMESPACE", "")
    parts = [namespace, code_version(), indexing.SEARCH_BLOCK]
    for queryset in querysets:
        sql, params = queryset.query.sql_with_params()
        parts += [sql, *map(repr, params)]
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
        if part is not None and len(part[1]) >= min(top, part[2]):
            parts[number] = part
    return parts


def _keep(parts: dict[str, tuple]) -> None:
    try:
        caches["default"].set_many(parts, timeout=TIMEOUT)
    except Exception:
        logger.exception("The blocks' parts cannot be written")


def _computed(matching: QuerySet, every: QuerySet, numbers: list[int], *, head: int) -> dict:
    """Block number → (its generation, its part) for the blocks ``numbers``, in one statement
    (so each part is of the generation it comes with). A part: the counts of the keys of the
    block's rows the words miss, the head of its matches ranked (rank, date, id), and the
    number of its matches."""
    size = indexing.SEARCH_BLOCK
    within = Q()
    for low, high in _runs(numbers):
        within |= Q(practice_id__gte=low * size, practice_id__lt=(high + 1) * size)
    matching_sql, matching_params = matching.filter(within).query.sql_with_params()
    every_sql, every_params = every.filter(within).query.sql_with_params()
    table = PracticeSearchBlock._meta.db_table
    order = "rank DESC, published_at DESC, practice_id DESC"
    statement = (
        f"WITH matching AS MATERIALIZED ({matching_sql}) "  # noqa: S608 - our names and integers
        f"SELECT 0, number, NULL::bigint, NULL::bigint, NULL::real, NULL::timestamptz, "
        f"generation FROM {table} WHERE number = ANY(%s) "
        "UNION ALL "
        f"SELECT 1, practice_id / {size}, k, count(*), NULL, NULL, NULL "
        f"FROM (SELECT practice_id, unnest(keys || {ALL_ROWS}) AS k FROM ({every_sql}) AS r "
        "WHERE NOT EXISTS (SELECT 1 FROM matching m WHERE m.practice_id = r.practice_id)) AS s "
        "GROUP BY 2, 3 "
        "UNION ALL "
        f"SELECT 2, practice_id / {size}, NULL, count(*), NULL, NULL, NULL FROM matching "
        "GROUP BY 2 "
        "UNION ALL "
        "SELECT 3, b, practice_id, NULL, rank, published_at, NULL FROM ("
        f"SELECT practice_id / {size} AS b, practice_id, rank, published_at, "
        f"row_number() OVER (PARTITION BY practice_id / {size} ORDER BY {order}) AS n "
        f"FROM matching) AS h WHERE n <= {int(head)}"
    )
    generations, missed, matches, heads = {}, {}, {}, {}
    with connection.cursor() as cursor:
        cursor.execute(statement, [*matching_params, numbers, *every_params])
        for kind, number, key, count, rank, published_at, generation in cursor.fetchall():
            if kind == 0:
                generations[number] = generation
            elif kind == 1:
                missed.setdefault(number, {})[key] = count
            elif kind == 2:
                matches[number] = count
            else:
                heads.setdefault(number, []).append((rank, published_at, key))
    return {
        number: (
            generation,
            (
                missed.get(number, {}),
                sorted(heads.get(number, []), reverse=True),
                matches.get(number, 0),
            ),
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
