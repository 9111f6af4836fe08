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

Cost: two regular-expression scans of the text (no tokens, no model).
"""

from __future__ import annotations

import re

# Subordinators that cannot stand alone before a comma: "Although, ..." is a clause cut from its sentence.
_SUBORDINATORS = ("Although", "Though", "Because", "Whereas", "While", "Since", "Unless", "Despite", "Even though")
CONNECTIVE = re.compile(r"(?:^|(?<=[.!?])\s+)(?:" + "|".join(_SUBORDINATORS) + r")\s*,", re.MULTILINE)
# A word written twice in a row; "that that", "had had" and an emphatic "very very" are English.
DOUBLED = re.compile(r"\b([A-Za-z]+) \1\b", re.IGNORECASE)
_FINE_TWICE = frozenset({"that", "had", "very"})
# Pseudo-count of words that shrinks the rate towards 0 on short texts (as fluency.BREAK_PRIOR).
SLIP_PRIOR = 100.0


def count_slips(text: str) -> int:
    """The run-in slips of ``text``: sentence-opening subordinators with a comma, and doubled words."""
    doubled = sum(1 for m in DOUBLED.finditer(text) if m.group(1).lower() not in _FINE_TWICE)
    return len(CONNECTIVE.findall(text)) + doubled


def slip_rate(slips: int, words: int) -> float:
    """Slips per 1,000 words, shrunk on short texts."""
    return 1000.0 * slips / (words + SLIP_PRIOR)
