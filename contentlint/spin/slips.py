"""Run-in slips: a document-level trace of machine translation and paraphrasing that no word list limits.

A translation engine or a paraphraser rebuilds each sentence and links it to the last one with a
connective, and it does so with a comma where an English writer would not put one: a subordinator
standing alone ("Although, the cream ..."), or an adverb of addition or consequence that fluent
marketing copy seldom opens a sentence with ("Moreover, ...", "Also, ...", "Besides, ..."). A tool that
splices phrases also doubles a word at the seam ("the the", "of of"). Each is rare and each a person
writes now and then, so only their rate over a document is read: ``slips`` per 1,000 words, shrunk
towards 0 on short texts, like ``breakage`` (:mod:`.fluency`).

Why this differs from what failed before (README, "What `spin` means"): those attempts scored every word
or function word with the trigram model or a class n-gram model trained on the fitting pages, and learnt
the fitting pages' genre. This reads two fixed patterns of the surface, chosen from English usage before
looking at counts, with no weight per word and nothing learnt from the fitting pages but one weight in
the calibration. Measured (study: ``python -m tools.spin.slips_study``; figures in the README): its AUC
alone is near 0.5 (most pages have no slip at all), so it moves only the pages that have some.

Cost: two regular-expression scans of the text (no tokens, no model); the doubled-word scan reads words
with a backreference, the sentence-start scan only at sentence ends.
"""

from __future__ import annotations

import re

# Subordinators that cannot stand alone before a comma ("Although, ..."), and sentence-opening adverbs
# that fluent copy rarely uses with one. "However," "First," "Finally," "For example," are left out:
# writers of every kind open sentences with them.
_SUBORDINATORS = ("Although", "Though", "Because", "Whereas", "While", "Since", "Unless", "Despite", "Even though")
_ADVERBS = (
    "Also", "Besides", "Moreover", "Furthermore", "Additionally", "Thus", "Hence", "Therefore", "Likewise",
    "Similarly", "Otherwise", "Then", "Now", "Here", "So",
)  # fmt: skip
CONNECTIVE = re.compile(r"(?:^|(?<=[.!?])\s+)(?:" + "|".join(_SUBORDINATORS + _ADVERBS) + r")\s*,", re.MULTILINE)
# A word written twice in a row; "that that", "had had" and an emphatic "very very" are English.
DOUBLED = re.compile(r"\b([A-Za-z]+) \1\b", re.IGNORECASE)
_FINE_TWICE = frozenset({"that", "had", "very"})
# Pseudo-count of words that shrinks the rate towards 0 on short texts (as fluency.BREAK_PRIOR).
SLIP_PRIOR = 100.0


def count_slips(text: str) -> int:
    """The run-in slips of ``text``: sentence-opening connectives with a comma, and doubled words."""
    doubled = sum(1 for m in DOUBLED.finditer(text) if m.group(1).lower() not in _FINE_TWICE)
    return len(CONNECTIVE.findall(text)) + doubled


def slip_rate(slips: int, words: int) -> float:
    """Slips per 1,000 words, shrunk on short texts."""
    return 1000.0 * slips / (words + SLIP_PRIOR)
