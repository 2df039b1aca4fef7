"""The search vectors of the pages, written after every save: the words lemmatized in Python
(``goodpractice.search.lemmatize``) as for the news and good practice, then weighted title A,
lead B, text C. A write that bypasses ``save()`` must call :func:`page_index_refresh`."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db.models import TextField, Value
from django.db.models.signals import post_save

from goodpractice.models import CZECH_SEARCH_CONFIG, ENGLISH_SEARCH_CONFIG
from goodpractice.search import lemmatize
from pages.models import Page

_PARTS = (("title", "A"), ("lead", "B"), ("body", "C"))


def _vector(page: Page, language: str, config: str):
    vector = None
    for name, weight in _PARTS:
        text = lemmatize(getattr(page, f"{name}_{language}"), language)
        part = SearchVector(Value(text, output_field=TextField()), weight=weight, config=config)
        vector = part if vector is None else vector + part
    return vector


def _write(page: Page) -> None:
    Page.objects.filter(pk=page.pk).update(
        search_cs=_vector(page, "cs", CZECH_SEARCH_CONFIG),
        search_en=_vector(page, "en", ENGLISH_SEARCH_CONFIG),
    )


def page_index_refresh(page_ids: Iterable[int] | None = None) -> int:
    """Rewrite the search vectors of these pages (all without ids) from their text."""
    pages = Page.objects.all()
    if page_ids is not None:
        pages = pages.filter(pk__in=list(page_ids))
    count = 0
    for page in pages.iterator():
        _write(page)
        count += 1
    return count


def _page_saved(sender, instance, **kwargs):
    _write(instance)


def connect() -> None:
    post_save.connect(_page_saved, sender=Page, dispatch_uid="page_index_save")
