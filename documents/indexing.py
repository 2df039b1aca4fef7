"""The search vectors of the documents, written after every save (their own index, not a
``SearchIndex``: the PDF's text is lemmatized in the document's language): title, description
and the text of the PDF, lemmatized in Python (``network_portal.search.lemmatize``) and
weighted A, B and C, so that a word inside the PDF in
another grammatical form finds the document.

The PDF's own text is in the document's language: it is lemmatized in that language (Czech
for a document in another language) and goes into both vectors, so the Czech and the English
list both find it. After a save whose file has not been read yet, the text extraction job is
queued on commit (``documents.tasks``); the job writes the text and the vectors again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import TextField, Value
from django.db.models.signals import post_save

from documents.models import Document
from network_portal.search import (
    CZECH_SEARCH_CONFIG,
    ENGLISH_SEARCH_CONFIG,
    lemmatize,
    register_rebuild,
)


def _part(text: str, weight: str, config: str):
    return SearchVector(Value(text, output_field=TextField()), weight=weight, config=config)


def _vector(document: Document, language: str, config: str, body: str):
    return (
        _part(lemmatize(getattr(document, f"title_{language}"), language), "A", config)
        + _part(lemmatize(getattr(document, f"description_{language}"), language), "B", config)
        + _part(body, "C", config)
    )


def _write(document: Document) -> None:
    text_language = "en" if document.language == Document.Language.ENGLISH else "cs"
    body = lemmatize(document.text, text_language)
    Document.objects.filter(pk=document.pk).update(
        search_cs=_vector(document, "cs", CZECH_SEARCH_CONFIG, body),
        search_en=_vector(document, "en", ENGLISH_SEARCH_CONFIG, body),
    )


def document_index_refresh(document_ids: Iterable[int] | None = None) -> int:
    """Rewrite the search vectors of these documents (all without ids) from their text."""
    documents = Document.objects.all()
    if document_ids is not None:
        documents = documents.filter(pk__in=list(document_ids))
    count = 0
    for document in documents.iterator():
        _write(document)
        count += 1
    return count


def _document_saved(sender, instance, **kwargs):
    _write(instance)
    if instance.file.name and instance.file.name != instance.text_of:
        from documents.tasks import text_extract

        pk = instance.pk
        transaction.on_commit(lambda: text_extract.defer(document_id=pk))


def connect() -> None:
    post_save.connect(_document_saved, sender=Document, dispatch_uid="document_index_save")
    register_rebuild("documents", document_index_refresh)
