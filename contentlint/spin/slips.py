"""Run-in slips: a document-level trace of machine translation and paraphrasing that no word list limits.

A translation engine or a paraphraser rebuilds each sentence and splices its parts, and two slips of English
grammar show at the seams: a subordinator standing alone before a comma at the start of a sentence
("Although, the cream ...", "Because, it ..."), where the clause it introduces has been cut away or moved,
and a word written twice ("the the", "of of"). Each is rare and a person makes either now and then, so only
their rate over a document is read: ``slips`` per 1,000 words, shrunk towards 0 on short texts, like
``breakage`` (:mod:`.fluency`).

Why this differs from what failed before (README, "What `spin` means"): those attempts scored every word
or function word with the trigram model or a class n-gram model trained on the fitting pages, and learnt
the fitting pages' genre. This reads two fixed patterns that are errors in any register, chosen from English
grammar, with nothing learnt from the fitting pages but one weight in the calibration. Sentence-opening
adverbs with a comma ("Moreover,", "Also,", "So,") were measured too and left out: they are a register, not
an error, and fired on clean pages of every evaluation set (README). Measured with
``python -m tools.spin.slips_study``: its AUC alone is near 0.5 (most pages have no slip at all), so it
moves only the pages that have some.

Cost: one regular-expression scan of the text for the subordinators (then a look back at the few found) and
one comparison of neighbouring words in the token table the checks read anyway; no model.
"""

from __future__ import annotations

import re

import numpy
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython function, not in the stub

from ..checks.tokens import COLUMNS, IDX_COLUMN, IS_ALPHA_COLUMN, LOWER_COLUMN

# Subordinators that cannot stand alone before a comma: "Although, ..." is a clause cut from its sentence.
# Found anywhere (one fast scan), then kept only at a sentence start (see _opens_sentence).
_SUBORDINATORS = ("Although", "Though", "Because", "Whereas", "While", "Since", "Unless", "Despite", "Even though")
SUBORDINATOR = re.compile(r"(?:" + "|".join(_SUBORDINATORS) + r")\s*,")
# A word written twice in a row; "that that", "had had" and an emphatic "very very" are English.
_FINE_TWICE = frozenset(hash_string(w) for w in ("that", "had", "very"))
# Pseudo-count of words that shrinks the rate towards 0 on short texts (as fluency.BREAK_PRIOR).
SLIP_PRIOR = 100.0


def count_slips(text: str, tokens: numpy.ndarray) -> int:
    """The run-in slips of ``text``: sentence-opening subordinators with a comma, and doubled words.
    ``tokens``: the document's token table (contentlint.checks.tokens.COLUMNS), which the checks read anyway."""
    return opening_subordinators(text) + doubled_words(tokens, text)


def opening_subordinators(text: str) -> int:
    """Subordinators alone before a comma at the start of a sentence or a line."""
    return sum(1 for m in SUBORDINATOR.finditer(text) if _opens_sentence(text, m.start()))


def _opens_sentence(text: str, at: int) -> bool:
    """Is ``at`` the start of the text, of a line, or of a sentence (after a full stop, ! or ? and space)?"""
    i = at
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] == "\n":
            return True
        i -= 1
    return i == 0 or (i < at and text[i - 1] in ".!?")


def doubled_words(tokens: numpy.ndarray, text: str = "") -> int:
    """Words written twice in a row (same lower case, one space between: a line break is a token of its own, so a
    heading's last word that opens the next line is not counted), other than the few that English doubles and,
    where ``text`` is given, a name written twice with both capitals ("Bora Bora", a restaurant called "Doot Doot
    Doot"): a slip at a sentence start reads "The the"."""
    lower = tokens[:, LOWER_COLUMN]
    # One comparison for the whole document; the few repeats it finds are checked one by one (most documents
    # have none: numpy's per-call cost, not the arithmetic, is what a short document pays).
    repeats = numpy.flatnonzero(lower[1:] == lower[:-1]) + 1
    if not len(repeats):
        return 0
    alpha = tokens[:, IS_ALPHA_COLUMN]
    start = tokens[:, IDX_COLUMN]

    def named(i: int) -> bool:
        first, second = int(start[i - 1]), int(start[i])
        return second < len(text) and text[first].isupper() and text[second].isupper()

    return sum(1 for i in repeats.tolist() if alpha[i] and int(lower[i]) not in _FINE_TWICE and not named(i))


def token_table_of(text: str) -> numpy.ndarray:
    """The token table of ``text`` as the checks read it, for callers that have only the text (tools, tests)."""
    from ..nlp import get_nlp

    doc = get_nlp()(text)
    return doc.to_array(list(COLUMNS)) if len(doc) else numpy.zeros((0, len(COLUMNS)), dtype="uint64")


def slip_rate(slips: int, words: int) -> float:
    """Slips per 1,000 words, shrunk on short texts."""
    return 1000.0 * slips / (words + SLIP_PRIOR)
