"""Search snippets: a record's text cut around the words found, with those words marked.

PostgreSQL's ``ts_headline`` cuts the raw (unlemmatized) text, so the query it gets is the
typed forms and the dictionary form as prefixes (``LemmaTerms.highlight``); on English pages
the English text is cut with the typed words and their English lemmas. The found words are
put between two control characters, which stored text never contains (network_portal.text)
and which are removed from the source text all the same; the ``highlight`` template filter
(``portal`` library) escapes everything, then turns only these into ``<mark>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from network_portal.search.index import CZECH_SEARCH_CONFIG, ENGLISH_SEARCH_CONFIG
from network_portal.search.words import LemmaTerms, tsquery_word, words

HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"


def headline(fields: Sequence[str], query: SearchQuery, config: str):
    """``ts_headline`` of ``fields`` joined by spaces: up to two fragments of 15–35 words."""
    parts = []
    for name in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(F(name), Value(""), output_field=TextField()))
    text = Func(
        Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0],
        Value(HIGHLIGHT_START + HIGHLIGHT_STOP),
        Value(""),
        function="translate",
        output_field=TextField(),
    )
    return SearchHeadline(
        text,
        query,
        config=config,
        start_sel=HIGHLIGHT_START,
        stop_sel=HIGHLIGHT_STOP,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def snippet(terms: LemmaTerms, typed: str, language: str, *, cs: Sequence[str], en: Sequence[str]):
    """The snippet of a record as an annotation: cut from the Czech ``cs`` fields, or on
    English pages from the English ``en`` fields when the first of them is filled."""
    czech = headline(
        cs,
        SearchQuery(terms.highlight, search_type="raw", config=CZECH_SEARCH_CONFIG),
        CZECH_SEARCH_CONFIG,
    )
    if language != "en":
        return czech
    english_words = " & ".join(
        f"({tsquery_word(word)} | {form})"
        for word, form in zip(words(typed), terms.english, strict=False)
        if tsquery_word(word)
    )
    english = headline(
        en,
        SearchQuery(english_words, search_type="raw", config=ENGLISH_SEARCH_CONFIG),
        ENGLISH_SEARCH_CONFIG,
    )
    first = en[0]
    return Case(When(Q(**{first: ""}) | Q(**{first: None}), then=czech), default=english)


def highlight(text: str | None) -> SafeString:
    """A snippet made safe: everything escaped, then only our markers become ``<mark>``."""
    text = escape(text or "")
    # Unbalanced markers (cannot happen with ts_headline, but never trust): drop them all.
    if text.count(HIGHLIGHT_START) != text.count(HIGHLIGHT_STOP):
        return mark_safe(text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, ""))  # noqa: S308
    return mark_safe(  # noqa: S308 - escaped above
        text.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )
