"""The search vectors of the news articles, written after every save.

The words are lemmatized in Python (``goodpractice.search.lemmatize``: simplemma's Czech and
English dictionaries, unknown words as they are), as for the good-practice list, so that
"lidé" finds "člověk" in the news too; PostgreSQL then builds the vectors (Czech without
diacritics, English stemmed) with title, perex and body weighted A, B and C.
A ``post_save`` signal rather than ``Article.save()``: a save with ``update_fields`` still
refreshes them. A write that bypasses ``save()`` (``QuerySet.update()`` of the text) must
call :func:`article_index_refresh`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db.models import TextField, Value
from django.db.models.signals import post_save

from goodpractice.models import CZECH_SEARCH_CONFIG, ENGLISH_SEARCH_CONFIG
from goodpractice.search import lemmatize
from news.models import Article

_PARTS = (("title", "A"), ("perex", "B"), ("body", "C"))


def _vector(article: Article, language: str, config: str):
    vector = None
    for name, weight in _PARTS:
        text = lemmatize(getattr(article, f"{name}_{language}"), language)
        part = SearchVector(Value(text, output_field=TextField()), weight=weight, config=config)
        vector = part if vector is None else vector + part
    return vector


def _write(article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(
        search_cs=_vector(article, "cs", CZECH_SEARCH_CONFIG),
        search_en=_vector(article, "en", ENGLISH_SEARCH_CONFIG),
    )


def article_index_refresh(article_ids: Iterable[int] | None = None) -> int:
    """Rewrite the search vectors of these articles (all without ids) from their text."""
    articles = Article.objects.all()
    if article_ids is not None:
        articles = articles.filter(pk__in=list(article_ids))
    count = 0
    for article in articles.iterator():
        _write(article)
        count += 1
    return count


def _article_saved(sender, instance, **kwargs):
    _write(instance)


def connect() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="article_index_save")
