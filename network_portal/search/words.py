"""The words of the portal's search: what a visitor typed, turned into safe tsqueries, and the
lemmas every section stores.

Nothing typed ever reaches ``to_tsquery`` as is. The input is cut into words (letters and
digits only, so quotes, ``& | ! : * ( )`` and emoji disappear), at most ``MAX_WORDS`` of them,
and the query is assembled here from those words and the operators ``&``, ``|`` and ``:*``.

Lemmas first (:func:`build_lemmatized`): the stored text and the query both go through
simplemma's Czech and English dictionaries, which know the irregular forms that no ending
rule finds (lidé → člověk, děti → dítě, women → woman). A query word the dictionary knows
becomes its base form, matched as a *prefix*, so "senior" still finds a stored "senioři"
that the dictionary does not know and "sport" finds "sportovní". (Exact terms would be
cheaper in the GIN index for broad words – 2 ms instead of 10 ms for "zdravých měst" at
50,000 examples, as a prefix makes it collect every matching entry's whole posting list –
but they lose exactly those derived words; the list meets its time goal with prefixes.)
Lemmatizing happens once per word form in Python at write time (cached), never per search
in the database; the stored vectors keep the unaccented matching.

Where simplemma alone misses, the curated tables of ``network_portal.search.variants`` come
first or correct its answer: place names in another case ("v Brně" is not the verb "brnět"),
words spelled two ways ("kurs"/"kurz"), feminine forms and the adjectives of the portal's
subjects ("koordinátorka", "zdravotní") and English plurals in Czech text ("coordinators").

Rules where the dictionary has no entry (a typo, a place name, Czech typed without
diacritics): Czech inflects by changing the ending, so the word is reduced to a stem by
cutting off a known case ending and matched as a *prefix* ("pocitove" → ``pocit:*``). Two
common alternations are added as alternatives: the fleeting e ("rozpočet" → also
``rozpoct:*`` for "rozpočtu", and back) and the h/z and k/c changes before -e ("v Praze" →
also ``prah:*`` for "Praha", and back). Trigram similarity was not used because it cannot use
the GIN index, ranks poorly on long texts and matches unrelated short words.

English: the words go through the ``english`` configuration (Snowball stemming) after the
dictionary, so "budgets" finds "budget" and "participating" finds "participation".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from network_portal.search import variants

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
MIN_STEM = 3

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Czech case and adjective endings (without diacritics), longest first.
CZECH_ENDINGS = sorted(
    {
        "ovych",
        "ovymi",
        "ovani",
        "ovem",
        "ovou",
        "ovy",
        "ove",
        "ova",
        "ovi",
        "ou",
        "eho",
        "emu",
        "ych",
        "ymi",
        "ich",
        "imi",
        "ami",
        "emi",
        "ach",
        "ech",
        "ata",
        "aty",
        "ete",
        "eti",
        "em",
        "ym",
        "im",
        "um",
        "am",
        "es",
        "at",
        "y",
        "a",
        "e",
        "i",
        "o",
        "u",
    },
    key=len,
    reverse=True,
)
# Short words that carry no meaning for search (prepositions, conjunctions, articles).
STOP_WORDS = {
    "a",
    "i",
    "k",
    "ke",
    "o",
    "s",
    "se",
    "u",
    "v",
    "ve",
    "z",
    "ze",
    "na",
    "do",
    "od",
    "po",
    "pro",
    "pri",
    "za",
    "je",
    "to",
    "by",
    "jak",
    "nebo",
    "ani",
    "ale",
    "the",
    "of",
    "and",
    "or",
    "in",
    "on",
    "for",
    "an",
    "with",
}
# Consonant changes before the endings -e/-i (Praha → v Praze, ruka → v ruce), both ways.
_ALTERNATIONS = {"z": "h", "c": "k", "h": "z", "k": "c"}
_CONSONANTS = set("bcdfghjklmnpqrstvwxz")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str | None) -> list[str]:
    """The searchable words of ``text``: letters and digits only, lower-cased, capped."""
    found = []
    for word in _WORD.findall((text or "")[:1000]):
        word = word.lower()[:MAX_WORD_LENGTH]
        if strip_accents(word) in STOP_WORDS and len(word) <= 4:
            continue
        found.append(word)
        if len(found) == MAX_WORDS:
            break
    return found


def czech_stems(word: str) -> list[str]:
    """Prefixes that find the Czech forms of ``word`` (already lower-case)."""
    plain = strip_accents(word)
    if not plain.isalpha() or len(plain) <= MIN_STEM:
        return [plain]
    stem = plain
    for ending in CZECH_ENDINGS:
        if plain.endswith(ending) and len(plain) - len(ending) >= MIN_STEM:
            stem = plain[: -len(ending)]
            break
    stems = [stem]
    inflected = stem != plain
    # Fleeting e: rozpočet → rozpočtu and back, domeček → domečku.
    if (
        len(stem) > MIN_STEM + 1
        and stem[-2] == "e"
        and stem[-1] in _CONSONANTS
        and stem[-3] in _CONSONANTS
    ):
        stems.append(stem[:-2] + stem[-1])
    elif inflected and stem[-1] in "ckltn" and stem[-2] in _CONSONANTS and len(stem) > MIN_STEM:
        stems.append(stem[:-1] + "e" + stem[-1])
    if inflected and stem[-1] in _ALTERNATIONS:
        stems.append(stem[:-1] + _ALTERNATIONS[stem[-1]])
    return stems


# --- lemmas ------------------------------------------------------------------------------------
# Suppletive forms the dictionary files under their own headword: "people" is its own lemma
# in simplemma's English data, so it would never meet "person".
_EXTRA_LEMMAS = {"en": {"people": "person"}}


def dictionary_lemma(word: str, language: str) -> str | None:
    """simplemma's answer alone: the dictionary form of ``word`` (lower-case), or ``None``."""
    word = word.lower()
    extra = _EXTRA_LEMMAS.get(language, {}).get(word)
    if extra:
        return extra
    if not simplemma.is_known(word, lang=language):
        # Sentence-initial capitals and proper names are stored capitalised.
        if not simplemma.is_known(word.capitalize(), lang=language):
            return None
        word = word.capitalize()
    found = simplemma.lemmatize(word, lang=language).lower()
    return _EXTRA_LEMMAS.get(language, {}).get(found, found)


def load_dictionaries() -> None:
    """Load simplemma's Czech and English dictionaries now: a process loads each on its first
    question (Czech about 0.35 s, English 0.17 s here), which would otherwise be inside the
    first search a server process answers. gunicorn's workers call it before their first
    request (``post_worker_init`` in gunicorn.conf.py)."""
    for language, word in (("cs", "město"), ("en", "city")):
        simplemma.is_known(word, lang=language)


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str | None:
    """The form of ``word`` (lower-case) the search stores in ``language``: the curated
    variants first, then the dictionary (its answer brought to the one spelling and base the
    variants name), or ``None`` when neither knows the word."""
    word = word.lower()
    if language == "cs":
        return variants.czech_lemma(word, dictionary_lemma)
    return dictionary_lemma(word, language)


def lemmatize(text: str | None, language: str) -> str:
    """``text`` as the search stores it: every word in its dictionary form (lower-case), a
    word the dictionary does not know as it is."""
    return " ".join(lemma(word, language) or word.lower() for word in _WORD.findall(text or ""))


@dataclass(frozen=True)
class LemmaTerms:
    """Per query word: the Czech alternatives (tsquery of the ``cs_unaccent`` configuration)
    and the English form (for the ``english`` configuration); ``highlight`` finds the typed
    forms in raw, unlemmatized text for the snippets."""

    czech: tuple[str, ...]
    english: tuple[str, ...]
    highlight: str

    def __bool__(self):
        return bool(self.czech)


def tsquery_word(word: str) -> str:
    # Lemmas come from the dictionary: keep letters and digits only, like typed words.
    return "".join(_WORD.findall(strip_accents(word)))


def build_lemmatized(text: str | None) -> LemmaTerms:
    """The tsqueries for lemmatized vectors; only sanitized words and our operators."""
    czech, english, highlight = [], [], []
    for word in words(text):
        found = lemma(word, "cs")
        rules = czech_stems(word)
        alternatives = [tsquery_word(found)] if found and tsquery_word(found) else rules
        czech.append(" | ".join(f"{stem}:*" for stem in dict.fromkeys(alternatives)))
        english_form = lemma(word, "en") or word
        english.append(tsquery_word(english_form) or tsquery_word(word))
        # Snippets are cut from raw text: mark the typed forms and the dictionary form.
        shown = dict.fromkeys([*rules, *alternatives, *czech_stems(found or word)])
        highlight.append("(" + " | ".join(f"{stem}:*" for stem in shown) + ")")
    return LemmaTerms(tuple(czech), tuple(english), " & ".join(highlight))
