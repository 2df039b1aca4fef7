"""Full-text search of the examples: turning what a visitor typed into safe tsqueries.

Nothing typed ever reaches ``to_tsquery`` as is. The input is cut into words (letters and
digits only, so quotes, ``& | ! : * ( )`` and emoji disappear), at most ``MAX_WORDS`` of them,
and the query is assembled here from those words and the operators ``&``, ``|`` and ``:*``.

Czech: PostgreSQL has no Czech stemmer, so the stored vector keeps whole words, lower-cased
and without diacritics (the ``cs_unaccent`` configuration). Czech inflects by changing the
ending, so each query word is reduced to a stem by cutting off a known case ending and then
matched as a *prefix*: "zdravých měst" becomes ``zdrav:* & mest:*``, which finds "Zdravé
město", "zdravá města" and "zdravých městech". Two common alternations are added as
alternatives: the fleeting e ("rozpočet" → also ``rozpoct:*`` for "rozpočtu", and back) and
the h/z and k/c changes before -e ("v Praze" → also ``prah:*`` for "Praha", and back).
Prefix matching uses the GIN index of the tsvector; trigram similarity was not used because
it cannot use that index, ranks poorly on long texts and matches unrelated short words.

English: the words go through the ``english`` configuration (Snowball stemming), so
"budgets" finds "budget" and "participating" finds "participation".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True)
class SearchTerms:
    """The raw tsquery strings for both languages, built only from sanitized words."""

    czech: str
    english: str

    def __bool__(self):
        return bool(self.czech)


def build(text: str | None) -> SearchTerms:
    found = words(text)
    if not found:
        return SearchTerms("", "")
    czech_parts = []
    for word in found:
        stems = czech_stems(word)
        alternatives = " | ".join(f"{stem}:*" for stem in stems)
        czech_parts.append(f"({alternatives})" if len(stems) > 1 else alternatives)
    czech = " & ".join(czech_parts)
    english = " & ".join(found)
    return SearchTerms(czech=czech, english=english)
