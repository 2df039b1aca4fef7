"""A section's stored search text: two lemmatized vectors per record, written after every save.

A searchable model has two ``SearchVectorField`` columns, ``search_cs`` and ``search_en``
(``null=True, editable=False``), each with a GIN index, and declares which of its fields go
into each, with their weights, as a :class:`SearchIndex` connected in its app's ``ready()``.
The words are lemmatized in Python (:func:`network_portal.search.lemmatize`) and PostgreSQL
builds the vectors: Czech without diacritics (``cs_unaccent``), English stemmed
(``english``). A ``post_save`` signal rather than ``save()``: a save with ``update_fields``
still refreshes them. A write that bypasses ``save()`` (``QuerySet.update()`` of the text)
must call :meth:`SearchIndex.refresh`; ``manage.py refresh_search`` rewrites every index
(after a change of the lemmatizer or of its tables), and after ``migrate`` the rows without
vectors are filled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Model, Q, TextField, Value
from django.db.models.signals import post_save

from network_portal.search.words import LemmaTerms, lemmatize

# "cs_unaccent" is the `simple` parser with unaccent and no stemming (the words arrive
# lemmatized); it is created by network_portal's migration 0006.
CZECH_SEARCH_CONFIG = "cs_unaccent"
ENGLISH_SEARCH_CONFIG = "english"
CONFIGS = {"cs": CZECH_SEARCH_CONFIG, "en": ENGLISH_SEARCH_CONFIG}

# What ``manage.py refresh_search`` rewrites: every connected index, and the sections that
# keep their search text in their own tables (good practice) through register_rebuild().
_rebuilds: dict[str, Callable[[], int]] = {}
_registry: list[SearchIndex] = []


@dataclass(frozen=True)
class SearchIndex:
    """Which fields of ``model`` are searched, per language, with their weights (A–D):
    ``SearchIndex(Event, cs=(("title_cs", "A"), ("summary_cs", "B")), en=(...))``."""

    model: type[Model]
    cs: tuple[tuple[str, str], ...]
    en: tuple[tuple[str, str], ...]

    def vector(self, instance: Model, language: str):
        """The vector of ``instance``'s text in ``language`` (an expression for ``update()``)."""
        vector = None
        for name, weight in getattr(self, language):
            text = lemmatize(getattr(instance, name), language)
            part = SearchVector(
                Value(text, output_field=TextField()), weight=weight, config=CONFIGS[language]
            )
            vector = part if vector is None else vector + part
        return vector

    def write(self, instance: Model) -> None:
        self.model._default_manager.filter(pk=instance.pk).update(
            search_cs=self.vector(instance, "cs"), search_en=self.vector(instance, "en")
        )

    def refresh(self, ids: Iterable[int] | None = None, *, missing: bool = False) -> int:
        """Rewrite the vectors of these records (all without ids; only those without vectors
        with ``missing``) from their text."""
        records = self.model._default_manager.all()
        if ids is not None:
            records = records.filter(pk__in=list(ids))
        if missing:
            records = records.filter(search_cs__isnull=True)
        count = 0
        for record in records.iterator():
            self.write(record)
            count += 1
        return count

    def _saved(self, sender, instance, raw=False, **kwargs):
        if not raw:
            self.write(instance)

    def connect(self) -> SearchIndex:
        """Keep the vectors in step with every save (call from the app's ``ready()``)."""
        label = self.model._meta.label_lower
        post_save.connect(
            self._saved, sender=self.model, weak=False, dispatch_uid=f"search_index_{label}"
        )
        if self not in _registry:
            _registry.append(self)
            _rebuilds[label] = self.refresh
        return self


def index_of(model: type[Model]) -> SearchIndex:
    """The connected index of ``model``."""
    return next(index for index in _registry if index.model is model)


def register_rebuild(label: str, rebuild: Callable[[], int]) -> None:
    """Have ``manage.py refresh_search`` call ``rebuild`` too (a section's own search tables)."""
    _rebuilds[label] = rebuild


def refresh_all() -> dict[str, int]:
    """Rewrite every section's search text: the number of records per model."""
    return {label: rebuild() for label, rebuild in _rebuilds.items()}


def fill_missing(**kwargs) -> None:
    """After ``migrate``: write the vectors of the records that have none (the rows already
    there when a section's search columns were added)."""
    for index in _registry:
        index.refresh(missing=True)


def matches(terms: LemmaTerms, language: str, prefix: str = "") -> Q:
    """The records whose stored vectors hold every word of ``terms``: the Czech vector on
    Czech pages; on English pages each word may match the English text or the Czech one.
    ``prefix`` reaches the columns through a relation (``"article__"``)."""
    czech_words = " & ".join(f"({alternatives})" for alternatives in terms.czech)
    czech = Q(
        **{
            f"{prefix}search_cs": SearchQuery(
                czech_words, search_type="raw", config=CZECH_SEARCH_CONFIG
            )
        }
    )
    if language != "en":
        return czech
    either = None
    for alternatives, english in zip(terms.czech, terms.english, strict=True):
        word = Q(
            **{
                f"{prefix}search_en": SearchQuery(
                    english, search_type="raw", config=ENGLISH_SEARCH_CONFIG
                )
            }
        ) | Q(
            **{
                f"{prefix}search_cs": SearchQuery(
                    alternatives, search_type="raw", config=CZECH_SEARCH_CONFIG
                )
            }
        )
        either = word if either is None else either & word
    return either
