"""Side columns: a write of columns that few pages read makes stale only the pages whose SQL
names them (``network_portal.pagecache``).

A table's generation covers every page whose SQL named the table: a coordinator saving the
description of their municipality made stale every list and record that shows a member's
*name* (examples, events, news, the home page), though none of them reads the description.
A table registered here (``register``, from the app's ``ready()``) has, beside its own
generation, one for its side columns (``<table>~side``):

- a statement that reads the table is tagged with the table's generation, as always, and with
  the side one too when it may read a side column: it names one (quoted or not, unqualified or
  behind an alias: only another table's name in front makes it that table's column) or has a
  ``*`` other than ``COUNT(*)``'s (``SELECT *``, ``table.*``, a product: more than it reads is
  only ever safer);
- an ``UPDATE`` of the table whose every assignment sets a side column bumps the side
  generation alone; any other write to the table (another column among them, an insert, a
  delete, a statement this module cannot take apart) bumps the table's generation, which every
  page that read the table carries.

So never-stale rests on what the SQL says, not on a promise: Django names every column it
selects or sets. A write changes side columns alone only through ``save(update_fields=...)``
or ``update()``; a plain ``save()`` sets every column and bumps the table whole.
"""

from __future__ import annotations

import functools
import re

SUFFIX = "~side"

_side: dict[str, frozenset[str]] = {}

# A "*" that is not COUNT(*)'s: SELECT *, "table".*, a product.
_STAR = re.compile(r"(?<!\()\s*\*")
_UPDATE = re.compile(r'^\s*UPDATE\s+"?(\w+)"?\s+SET\s+(.*?)\s+WHERE\s', re.IGNORECASE | re.DOTALL)
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)
_ASSIGNED = re.compile(r'^\s*"?(\w+)"?\s*=(?!=)')


def register(table: str, columns) -> None:
    """Make ``columns`` of ``table`` its side columns (an app's ``ready()``)."""
    _side[table] = frozenset(columns) | _side.get(table, frozenset())
    _side_pattern.cache_clear()


def name(table: str) -> str:
    return f"{table}{SUFFIX}"


def names() -> list[str]:
    """Every side generation."""
    return [name(table) for table in _side]


def read_names(sql: str, tables: frozenset[str]) -> frozenset[str]:
    """The side generations of ``tables`` (those the statement ``sql`` names) that it may
    read (called once per statement: ``pagecache._read_tables`` keeps the answer)."""
    found = tables & _side.keys()
    if not found:
        return frozenset()
    star = bool(_STAR.search(sql.replace("(*)", "")))
    return frozenset(
        name(table) for table in found if star or _names_side_column(sql, table, tables)
    )


def _names_side_column(sql: str, table: str, tables: frozenset[str]) -> bool:
    """Whether ``sql`` names a side column of ``table``: one qualified by another table the
    statement names (``"projects_project"."description"``) is that table's; unqualified or
    behind an alias (``U0."description"``), it may be this one's."""
    for match in _side_pattern(table).finditer(sql):
        qualifier = match.group(1)
        if qualifier is None or qualifier == table or qualifier not in tables:
            return True
    return False


@functools.cache
def _side_pattern(table: str) -> re.Pattern:
    columns = "|".join(sorted(map(re.escape, _side[table])))
    return re.compile(rf'(?:"?(\w+)"?\s*\.\s*)?"?\b(?:{columns})\b')


def divert(sql: str, tables: set[str]) -> set[str]:
    """The generations a write to ``tables`` by ``sql`` bumps: a table's side generation in
    place of the table when the statement is an ``UPDATE`` of side columns alone."""
    if not tables & _side.keys():
        return tables
    match = _UPDATE.match(sql)
    if match is None or match.group(1) not in tables or len(tables) != 1:
        return tables
    table = match.group(1)
    if _FROM.search(match.group(2)):
        return tables  # another table's rows, a subquery: not taken apart
    pieces = _top_level_pieces(match.group(2))
    assigned = [_ASSIGNED.match(piece) for piece in pieces or ()]
    if not assigned or None in assigned:
        return tables
    if {found.group(1) for found in assigned} <= _side.get(table, frozenset()):
        return {name(table)}
    return tables


def _top_level_pieces(clause: str) -> list[str] | None:
    """``clause`` split at the commas outside parentheses and quotes; ``None`` when a quote or
    a parenthesis is left open (the ``WHERE`` found was inside a string or a subquery)."""
    pieces, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(clause):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            pieces.append(clause[start:index])
            start = index + 1
    if quote or depth:
        return None
    pieces.append(clause[start:])
    return pieces
