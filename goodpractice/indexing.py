"""The search rows of the public list (``PracticeSearchRow``): written here, on every write.

The rows are derived data, like a database index: whichever way an example, its
classification or its members change (the services, the admin, an import, a factory in a
test), the rows follow in the same transaction, so the list never shows a stale count. That
is why they are kept from signals rather than from each service: a service that forgot would
leave the list wrong without any error. Nothing a user sees happens here.

The text is lemmatized in Python (``network_portal.search.lemmatize``: simplemma's
dictionaries, cached per word form) and only the resulting vectors are stored; everything
else is computed by PostgreSQL from the example and its link tables in one statement per
batch. A change of classification or of a member's region or kind recomputes the filter
columns only, without the text.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
)

from goodpractice.models import (
    Country,
    Practice,
    PracticeFacetTotal,
    PracticeSearchBlock,
    PracticeSearchRow,
    PracticeSearchText,
)
from members.models import Member
from network_portal.search import CZECH_SEARCH_CONFIG, ENGLISH_SEARCH_CONFIG, lemmatize

BATCH = 2_000

# The facets in the order of their numbers in ``keys``; a key is number × FACET_SPAN + value
# (a vocabulary id, a year, 1 for verified, or the position of a kind or country among the
# choices: reordering those choices needs `manage.py rebuild_search_rows`).
FACETS = ("topic", "group", "method", "goal", "region", "kind", "country", "year", "verified")
FACET_SPAN = 100_000
ALL_ROWS = -1

_ROWS = PracticeSearchRow._meta.db_table
_TEXTS = PracticeSearchText._meta.db_table
_TOTALS = PracticeFacetTotal._meta.db_table
_BLOCKS = PracticeSearchBlock._meta.db_table

# Examples by id in a block of ``PracticeSearchBlock`` (``goodpractice.blocks``). Changing it
# needs `manage.py rebuild_search_rows`, which numbers the blocks again.
SEARCH_BLOCK = 2_000


def _key(facet: str, value_sql: str) -> str:
    return f"{FACETS.index(facet) * FACET_SPAN} + {value_sql}"


_MEMBERS = (
    "FROM goodpractice_practice_members pm JOIN members_member m ON m.id = pm.member_id "
    "WHERE pm.practice_id = p.id"
)
_KIND = "COALESCE(array_position(%s::text[], m.kind::text), 0)"
_COUNTRY = "COALESCE(array_position(%s::text[], p.country::text), 0)"
_YEARS = "generate_series(p.year_from, LEAST(COALESCE(p.year_to, p.year_from), p.year_from + 50))"
# Every key of one example ``p`` (facet, how its values are selected); kinds and countries
# are numbered by %s arrays of the choices.
_KEY_SOURCES = (
    ("topic", "VALUES (p.topic_id)"),
    (
        "group",
        "SELECT targetgroup_id FROM goodpractice_practice_target_groups WHERE practice_id = p.id",
    ),
    ("method", "SELECT method_id FROM goodpractice_practice_methods WHERE practice_id = p.id"),
    ("goal", "SELECT goal_id FROM goodpractice_practice_goals WHERE practice_id = p.id"),
    ("region", f"SELECT DISTINCT m.region_id {_MEMBERS}"),
    ("kind", f"SELECT DISTINCT {_KIND} {_MEMBERS}"),
    ("country", f"VALUES ({_COUNTRY})"),
    ("year", f"SELECT {_YEARS}"),
    ("verified", "VALUES (p.verified::int)"),
)
# Every key of example ``p`` in one array (the %s of kinds and countries, in this order).
_UNION = " UNION ALL ".join(
    f"SELECT {_key(facet, 'v')} FROM ({source}) AS s{number}(v)"  # noqa: S608
    for number, (facet, source) in enumerate(_KEY_SOURCES)
)
_KEYS = f"ARRAY({_UNION})"


def _choices_params() -> list:
    return [list(Member.Kind.values), list(Country.values)]


def code(facet: str, value) -> int:
    """The number a kind or a country has in the keys (its position among the choices)."""
    values = {"kind": Member.Kind.values, "country": Country.values}[facet]
    return values.index(value) + 1


def _vector(config: str, parts: Iterable[tuple[str, str]]) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{config}', {column}), '{weight}')" for column, weight in parts
    )


_CZECH_DOCUMENT = (("t.title_cs", "A"), ("t.summary_cs", "B"), ("t.body_cs", "C"))
_ENGLISH_DOCUMENT = (("t.title_en", "A"), ("t.summary_en", "B"), ("t.body_en", "C"))
_CS = CZECH_SEARCH_CONFIG
_EN = ENGLISH_SEARCH_CONFIG

_INSERT_ROWS = f"""
INSERT INTO {_ROWS} (practice_id, language, published_at, title, keys)
SELECT p.id, l.language, COALESCE(p.published_at, p.created_at),
    CASE WHEN l.language = 'en' THEN COALESCE(NULLIF(p.title_en, ''), p.title_cs)
         ELSE p.title_cs END,
    f.keys
FROM goodpractice_practice p
CROSS JOIN LATERAL (SELECT {_KEYS} AS keys) AS f
CROSS JOIN (VALUES ('cs'), ('en')) AS l(language)
WHERE p.id = ANY(%s)
ORDER BY l.language, p.id
"""  # noqa: S608 - only our own names, numbers and configurations are formatted in

# An example's document in a language, with positions and weights (title A, summary B, body
# C): the English one holds the English text and the Czech text. ``t`` is a row of
# ``TEXTS_FROM``; the text rows keep it stripped of its positions.
DOCUMENT = f"""CASE WHEN l.language = 'en'
         THEN {_vector(_EN, _ENGLISH_DOCUMENT)} || {_vector(_CS, _CZECH_DOCUMENT)}
         ELSE {_vector(_CS, _CZECH_DOCUMENT)} END"""
# The lemmatized texts of a batch (the arrays of ``lemmatized_texts``), once per language,
# with the filter row of each (``r``).
TEXTS_FROM = f"""FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[],
            %s::text[], %s::text[])
     AS t(id, title_cs, summary_cs, body_cs, title_en, summary_en, body_en)
CROSS JOIN (VALUES ('cs'), ('en')) AS l(language)
JOIN {_ROWS} r ON r.practice_id = t.id AND r.language = l.language"""

# Rows are written language by language: a batch's Czech rows share pages, so a search in
# one language visits about half the pages it would if the languages alternated row by row.
_INSERT_TEXTS = f"""
INSERT INTO {_TEXTS} (practice_id, language, published_at, keys, document, ranking)
SELECT t.id, l.language, r.published_at, r.keys, strip({DOCUMENT}),
    CASE WHEN l.language = 'en'
         THEN {_vector(_EN, _ENGLISH_DOCUMENT[:2])} || {_vector(_CS, _CZECH_DOCUMENT[:2])}
         ELSE {_vector(_CS, _CZECH_DOCUMENT[:2])} END
{TEXTS_FROM}
ORDER BY l.language, t.id
"""

_RECLASSIFY = f"""
WITH changed AS (
    UPDATE {_ROWS} AS r SET keys = {_KEYS}
    FROM goodpractice_practice p
    WHERE p.id = r.practice_id AND r.practice_id = ANY(%s)
    RETURNING r.practice_id, r.language, r.keys
)
UPDATE {_TEXTS} AS x SET keys = changed.keys FROM changed
WHERE x.practice_id = changed.practice_id AND x.language = changed.language
"""  # noqa: S608 - as above


def _totals(sign: str) -> str:
    """Add (``+``) or take away (``-``) the keys of the rows of some examples."""
    return f"""
INSERT INTO {_TOTALS} (language, key, count)
SELECT language, k, {sign}count(*)
FROM {_ROWS}, unnest(keys || {ALL_ROWS}) AS k
WHERE practice_id = ANY(%s) GROUP BY 1, 2
ON CONFLICT (language, key) DO UPDATE SET count = {_TOTALS}.count + EXCLUDED.count
"""  # noqa: S608 - as above


def _renew_blocks() -> str:
    """A new generation for the blocks of some examples (``%s``: their ids), written or not."""
    return f"""
INSERT INTO {_BLOCKS} (number, generation)
SELECT number, gen_random_uuid()
FROM (SELECT DISTINCT id / {SEARCH_BLOCK} AS number FROM unnest(%s::int[]) AS id) AS b
ON CONFLICT (number) DO UPDATE SET generation = EXCLUDED.generation
"""  # noqa: S608 - as above


# Writers of the rows take this lock first (inside their transaction), so that the totals
# are always updated in one order and never deadlock.
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('goodpractice.search_rows'))"

_TEXT_FIELDS = ("title_cs", "summary_cs", "body_cs", "title_en", "summary_en", "body_en")


def lemmatized_texts(practice_ids: Iterable[int]) -> list[list]:
    """The published ones of these examples as the arrays of ``TEXTS_FROM``: their ids, then
    each of their texts lemmatized (``_TEXT_FIELDS``' order)."""
    published = (
        Practice.objects.filter(pk__in=practice_ids, status=Practice.Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", *_TEXT_FIELDS)
    )
    columns: list[list] = [[] for _n in range(1 + len(_TEXT_FIELDS))]
    for row in published:
        columns[0].append(row[0])
        for number, (name, text) in enumerate(zip(_TEXT_FIELDS, row[1:], strict=True), 1):
            columns[number].append(lemmatize(text, name[-2:]))
    return columns


@transaction.atomic
def practice_index_refresh(practice_ids: Iterable[int]) -> None:
    """Rewrite the search rows of these examples: published ones get their two rows (text
    lemmatized here), any other loses them; the totals follow."""
    ids = sorted(set(practice_ids))
    if not ids:
        return
    columns = lemmatized_texts(ids)
    with connection.cursor() as cursor:
        cursor.execute(_LOCK)
        cursor.execute(_totals("-"), [ids])
        for table in (_ROWS, _TEXTS):
            cursor.execute(f"DELETE FROM {table} WHERE practice_id = ANY(%s)", [ids])  # noqa: S608
        if columns[0]:
            cursor.execute(_INSERT_ROWS, [*_choices_params(), columns[0]])
            cursor.execute(_INSERT_TEXTS, columns)
            cursor.execute(_totals(""), [columns[0]])
        cursor.execute(_renew_blocks(), [ids])


@transaction.atomic
def practice_index_remove(practice_ids: Iterable[int]) -> None:
    """Take these examples out of the rows and the totals (before they are deleted: the
    database would drop their rows with them, but not their share of the totals)."""
    ids = sorted(set(practice_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_LOCK)
        cursor.execute(_totals("-"), [ids])
        for table in (_ROWS, _TEXTS):
            cursor.execute(f"DELETE FROM {table} WHERE practice_id = ANY(%s)", [ids])  # noqa: S608
        cursor.execute(_renew_blocks(), [ids])


@transaction.atomic
def practice_index_reclassify(practice_ids: Iterable[int]) -> None:
    """Recompute the keys (classification, members' regions and kinds) only."""
    ids = sorted(set(practice_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_LOCK)
        cursor.execute(_totals("-"), [ids])
        cursor.execute(_RECLASSIFY, [*_choices_params(), ids])
        cursor.execute(_totals(""), [ids])
        cursor.execute(_renew_blocks(), [ids])


@transaction.atomic
def practice_index_rebuild(*, batch: int = BATCH) -> int:
    """Rewrite every search row and the totals (after a change of the lemmatizer, of the
    choices, of the row layout or of ``SEARCH_BLOCK``)."""
    ids = list(
        Practice.objects.filter(status=Practice.Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(_LOCK)
        for table in (_ROWS, _TEXTS, _TOTALS, _BLOCKS):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    for start in range(0, len(ids), batch):
        practice_index_refresh(ids[start : start + batch])
    return len(ids)


# --- keeping the rows in step --------------------------------------------------------------
def _practice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        practice_index_refresh([instance.pk])


def _practice_deleting(sender, instance, **kwargs):
    practice_index_remove([instance.pk])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # Which examples lose the link is only known before the clear.
        instance._search_rows_cleared = list(
            sender.objects.filter(**{_target_field(sender, instance): instance.pk}).values_list(
                "practice_id", flat=True
            )
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        practice_index_reclassify([instance.pk])
    elif action == "post_clear":
        practice_index_reclassify(getattr(instance, "_search_rows_cleared", []))
    else:
        practice_index_reclassify(pk_set or [])


def _target_field(through, instance) -> str:
    for field in through._meta.get_fields():
        if getattr(field, "related_model", None) is type(instance):
            return field.attname
    raise LookupError(through)


def _member_loaded(sender, instance, **kwargs):
    # What the examples' rows hold for this member, remembered without a query.
    instance._search_placement = (instance.__dict__.get("region_id"), instance.__dict__.get("kind"))


def _member_saved(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_search_placement", None)
    if raw or created or before == (instance.region_id, instance.kind):
        return
    instance._search_placement = (instance.region_id, instance.kind)
    practice_index_reclassify(instance.practices.values_list("pk", flat=True))


def _member_deleting(sender, instance, **kwargs):
    # Deleting a member drops its links without an m2m signal: remember whose keys change.
    instance._search_practices = list(instance.practices.values_list("pk", flat=True))


def _member_deleted(sender, instance, **kwargs):
    practice_index_reclassify(getattr(instance, "_search_practices", []))


def connect() -> None:
    post_save.connect(_practice_saved, sender=Practice, dispatch_uid="practice_index_save")
    pre_delete.connect(_practice_deleting, sender=Practice, dispatch_uid="practice_index_delete")
    for relation in ("members", "target_groups", "methods", "goals"):
        m2m_changed.connect(
            _links_changed,
            sender=getattr(Practice, relation).through,
            dispatch_uid=f"practice_index_{relation}",
        )
    pre_delete.connect(_member_deleting, sender=Member, dispatch_uid="practice_index_member_del")
    post_delete.connect(_member_deleted, sender=Member, dispatch_uid="practice_index_member_gone")
    post_init.connect(_member_loaded, sender=Member, dispatch_uid="practice_index_member_init")
    post_save.connect(_member_saved, sender=Member, dispatch_uid="practice_index_member")
