"""Carry the letter case of the text a finding covers over to its suggestion."""

from __future__ import annotations

# Words that stay lower case inside Title Case ("Benefits of Microneedling"); plain-text heading
# inference uses the same list.
MINOR_WORDS = frozenset(
    (
        "a an the and or nor but for of to in on at by with from as into onto over per than up out off vs via is are be"
    ).split()
)
_MINOR = MINOR_WORDS


def match_case(found: str, suggestion: str) -> str:
    """ "TRIP RIGHT INTO" -> "DIVE RIGHT INTO"; "Trip Right Into" -> "Dive Right Into"; "Trip" -> "Dive"."""
    letters = [c for c in found if c.isalpha()]
    if not letters or not suggestion:
        return suggestion
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return suggestion.upper()
    words = found.split()
    if len(words) > 1:
        titled = _title_case(words, suggestion)
        if titled is not None:
            return titled
    return _first_letter_case(found, suggestion)


def _title_case(words: list[str], suggestion: str) -> str | None:
    """Every word capitalised ("Trip Right Into"), or every major word ("Benefits of Retinol"); else None."""
    if all(w[0].isupper() for w in words if w[:1].isalpha()):
        return " ".join(w[:1].upper() + w[1:] for w in suggestion.split(" "))
    majors = [w for w in words if w.lower() not in _MINOR and w[:1].isalpha()]
    if not majors or not all(w[0].isupper() for w in majors):
        return None
    out = []
    for i, w in enumerate(suggestion.split(" ")):
        keep_lower = i > 0 and w.lower() in _MINOR
        out.append(w if keep_lower or not w else w[0].upper() + w[1:])
    return " ".join(out)


def _first_letter_case(found: str, suggestion: str) -> str:
    if found[0].isupper() and suggestion[0].islower():
        return suggestion[0].upper() + suggestion[1:]
    if found[0].islower() and suggestion[0].isupper() and not _keeps_capital(suggestion):
        return suggestion[0].lower() + suggestion[1:]
    return suggestion


def _keeps_capital(word: str) -> bool:
    """Proper nouns and acronyms in a suggestion ("UV exposure", "YouTube video") stay as written."""
    first = word.split(" ", 1)[0]
    return sum(1 for c in first if c.isupper()) > 1 or first in {"Botox", "I"}


_CONSONANT_SOUND = ("uni", "use", "usu", "uti", "eu", "one", "once", "ewe", "ufo", "ura", "ure")
_VOWEL_SOUND = ("hour", "honest", "honou", "heir")


def indefinite_article(phrase: str) -> str:
    """ "a" or "an" for the phrase that follows it ("an even", "a popular", "an hour", "a user")."""
    word = phrase.lstrip().lower()
    if word.startswith(_VOWEL_SOUND):
        return "an"
    if word.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if word[:1] in "aeiou" and word[:1] else "a"
