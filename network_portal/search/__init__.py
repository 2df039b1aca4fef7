"""The portal's one search: every section's list and the site search find words the same way.

What a section does to be searchable (DEVELOPERS.md, "Search words"):

1. Two columns on the model, ``search_cs`` and ``search_en`` (``SearchVectorField(null=True,
   editable=False)``), each with a ``GinIndex``; a migration adds them (the rows already there
   are filled after ``migrate``).
2. A :class:`SearchIndex` naming the fields and weights per language, connected in the app's
   ``ready()``: ``SearchIndex(Event, cs=(("title_cs", "A"), ...), en=(...)).connect()``.
3. Its list (a ``network_portal.listing.FilteredList``) then searches those columns by
   itself; any other query uses ``matches(build_lemmatized(words), language)``. A snippet
   around the words found: ``snippet(terms, words, language, cs=(...), en=(...))`` as an
   annotation, shown through the ``highlight`` filter of the ``portal`` template library.

The words (:mod:`network_portal.search.words`): lemmas from simplemma corrected by the
curated tables of :mod:`network_portal.search.variants`, ending rules where neither knows a
word, tsqueries built only from sanitised words and our own operators.
"""

from network_portal.search.index import (
    CONFIGS,
    CZECH_SEARCH_CONFIG,
    ENGLISH_SEARCH_CONFIG,
    SearchIndex,
    fill_missing,
    index_of,
    matches,
    refresh_all,
    register_rebuild,
)
from network_portal.search.snippets import highlight, snippet
from network_portal.search.words import (
    MAX_WORDS,
    LemmaTerms,
    build_lemmatized,
    czech_stems,
    dictionary_lemma,
    lemma,
    lemmatize,
    strip_accents,
    tsquery_word,
    words,
)

__all__ = [
    "CONFIGS",
    "CZECH_SEARCH_CONFIG",
    "ENGLISH_SEARCH_CONFIG",
    "MAX_WORDS",
    "LemmaTerms",
    "SearchIndex",
    "build_lemmatized",
    "czech_stems",
    "dictionary_lemma",
    "fill_missing",
    "highlight",
    "index_of",
    "lemma",
    "lemmatize",
    "matches",
    "refresh_all",
    "register_rebuild",
    "snippet",
    "strip_accents",
    "tsquery_word",
    "words",
]
