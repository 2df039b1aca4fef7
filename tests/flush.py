"""A cheaper flush after each transactional test (the browser tests, the races, the servers).

Django ends a transactional test by truncating every table, and a test with
``serialized_rollback`` (every browser test) begins by saving again, one ``INSERT`` at a
time, every row the migrations wrote (the staff group, regions, vocabularies, content types
and permissions): about 1.5 s per test together. Here a flush truncates only the tables that
hold rows, and keeps the tables the migrations filled while their rows are exactly as the
migrations left them (a checksum of each such table, taken before the first transactional
test of the process); the next test finds them in place and saves nothing again.

When a test has changed, added to or emptied one of those tables, or the truncation fails,
Django's own flush runs and the next test restores the rows as Django does.
"""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import DatabaseError, connections, transaction
from django.test import TransactionTestCase

_reference: dict[str, dict[str, str]] = {}  # database alias → {table: checksum of its rows}
_intact: set[str] = set()  # aliases flushed here, their reference rows in place
_django_setup = TransactionTestCase._fixture_setup.__func__  # a class method
_django_teardown = TransactionTestCase._fixture_teardown


def install() -> None:
    TransactionTestCase._fixture_setup = classmethod(_fixture_setup)
    TransactionTestCase._fixture_teardown = _fixture_teardown


def _fixture_setup(cls) -> None:
    aliases = cls._databases_names(include_mirrors=False)
    if cls.serialized_rollback and all(alias in _intact for alias in aliases):
        own = cls.__dict__.get("serialized_rollback")
        cls.serialized_rollback = False  # the rows to restore are in place
        try:
            _django_setup(cls)
        finally:
            if own is None:
                del cls.serialized_rollback
            else:
                cls.serialized_rollback = own
    else:
        _django_setup(cls)
    for alias in aliases:
        _intact.discard(alias)
        if alias not in _reference:
            connection = connections[alias]
            _reference[alias] = _checksums(connection, _filled(connection))


def _fixture_teardown(self) -> None:
    aliases = self._databases_names(include_mirrors=False)
    if all(alias in _reference and _flush(alias) for alias in aliases):
        _intact.update(aliases)
        return
    _intact.difference_update(aliases)
    _django_teardown(self)


def _flush(alias: str) -> bool:
    """Truncate the tables with rows outside the reference; ``False`` (nothing done or the
    reference changed) when Django's flush must run instead."""
    connection = connections[alias]
    reference = _reference[alias]
    try:  # a connection the test left broken: Django's flush, as before
        filled = _filled(connection)
        if not set(reference) <= filled or _checksums(connection, reference) != reference:
            return False
    except DatabaseError:
        return False
    doomed = sorted(filled - set(reference))
    if not doomed:
        return True
    # CASCADE: the empty tables referring to them go too (PostgreSQL truncates a table only
    # with every table that refers to it); a kept table among them fails the check below.
    statements = connection.ops.sql_flush(no_style(), doomed, allow_cascade=True)
    try:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    except DatabaseError:
        return False
    return set(reference) <= _filled(connection)


def _filled(connection) -> set[str]:
    """The tables of the models (those Django's flush empties) that hold a row."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    probes = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(probes, tables)
        return {table for (table,) in cursor.fetchall()}


def _checksums(connection, tables) -> dict[str, str]:
    """A checksum of the rows of each table, without their ``id``: restoring a group's
    permissions (a many-to-many table) gives its rows new ids, and nothing else."""
    quote = connection.ops.quote_name
    tables = sorted(tables)
    if not tables:
        return {}
    row = "(to_jsonb(t) - 'id')::text"
    sums = " UNION ALL ".join(
        f"SELECT %s, md5(string_agg({row}, '|' ORDER BY {row})) FROM {quote(table)} AS t"  # noqa: S608
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sums, tables)
        return dict(cursor.fetchall())
