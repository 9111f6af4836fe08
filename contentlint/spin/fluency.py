"""Document evidence of spin that does not depend on any one spinner's vocabulary.

The spin rate (:mod:`.signal`) counts words a thesaurus could have put in place of a commoner one.
Two more document-level features are combined with it by the calibration
(``rules/spin_calibration.toml``). Each is 0 when a text has no such evidence, grows with it, and is
shrunk towards 0 on a short text (a few words cannot show a document-level habit; shrunk towards the
clean articles' share instead, the odd words cross-validated a little better, 0.800-0.807 against
0.785-0.793, but 30 clean words then read as an ordinary article, not as no evidence):

- ``odd_words``: the share of the scored words whose log-odds of being a substitute exceed
  :data:`ODD_LOGIT`, judged without the detector's ``present`` feature (see :func:`document_blind_logits`).
  The rate's EM puts most clean *and* many lightly spun articles at its floor; the share of unusual words
  still orders them. It costs one more product of the candidates' features with the weights.
- ``breakage``: grammatical breaks that spinners leave, per 1,000 words: the structural spins of rule
  CL105 ("a extremely", "the your", "the today's", "the teeth of yours").
- ``slips``: run-in slips that machine translation and paraphrasers leave, per 1,000 words: a subordinator
  alone before a comma at a sentence start ("Although, ...") and doubled words (:mod:`.slips`).
- ``wording``: the wording real spinners print ("weight reduction", "skin layer", "utilization"), per 1,000
  words, on a log scale (``log1p``): the ``[verdict]`` entries of ``rules/spinner_wording.toml``, those of rule
  CL107's list that are rare in general English and in careful health prose. Mined from the spun pages of many
  sites and spinners, it is evidence a thesaurus-and-trigram model cannot see: rich marketing copy (perfume,
  wine, fashion) is as odd to the trigram model as spun text, but does not print a spinner's wording. Its weight
  was fitted with the other weights held as shipped (``python -m tools.spin.calibrate --extend wording``).

Measured and left out (tools/spin/calibrate.py fits only what is listed in FEATURES; the README's spin
section has the figures of later attempts: function-word surprise, a likelihood ratio in place of the
odd-word count, other ways of counting and shrinking it): how much less
the trigram model gains from a word's two-word history than from one (AUC 0.75 alone on the fitting
pages, 0.70 on dev2, but it lowered dev2's AUC when combined), the pointwise mutual information of
each word with its history, unattested bigrams of frequent words, and function-word swaps the model
prefers ("around" -> "on"): the general trigram model is too small to tell spun collocations from
topic vocabulary. A class n-gram model of function-word sequences (tools/spin/closedclass.py) raised the
fitting pages' cross-validated AUC but lowered dev2's (README, "What `spin` means").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:
    from .detector import DocumentCandidates, Weights, WordCandidates

FEATURES = ("odd_words", "breakage", "slips", "wording")
# A scored word counts as odd when its log-odds of being a substitute (at the detector's training rate)
# exceed ODD_LOGIT; chosen among -2, -1.5, -1, -0.5 and 0 by the cross-validated AUC of the calibration
# on its fitting pages, before the multi-word phrase list was merged (README, "Spin detection"); still the
# best of them with the words judged without ``present`` (0.793 against 0.758-0.784).
ODD_LOGIT = -1.0
# Pseudo-counts of words that shrink each feature towards 0 on short texts.
ODD_PRIOR = 40.0
BREAK_PRIOR = 100.0
WORDING_PRIOR = 100.0


@dataclass(frozen=True)
class Fluency:
    """The document-level features of one text (see the module docstring)."""

    odd_words: float | None = None  # None: not computed (the detector's evidence was left out)
    breakage: float = 0.0
    breaks: int = 0  # the grammatical breaks found (breakage is their shrunk rate)
    slips: float = 0.0
    wording: float | None = None  # None: not computed (rule CL107, whose list it reads, is off)
    wording_hits: int = 0  # the spinner wording found (wording is their shrunk rate, on a log scale)

    def values(self) -> dict[str, float]:
        """The features computed (a missing one counts as an ordinary article's in the calibration)."""
        return {name: float(value) for name in FEATURES if (value := getattr(self, name)) is not None}


# The candidate feature the odd-word share leaves out (see document_blind_logits).
DOCUMENT_FEATURE = "present"
# The word feature no document-level evidence reads (see document_blind_logits and rate_logits).
TOPIC_FEATURE = "topical"


def document_blind_logits(weights: Weights, items: Sequence[WordCandidates] | DocumentCandidates) -> numpy.ndarray:
    """The words' substitute log-odds without the ``present`` feature (a candidate original occurs elsewhere in
    the document) and without ``topical``.

    ``present`` helps the per-word verdict on spun text (spinners replace some occurrences of a word and
    leave others), but a share of odd words over a whole document then counts its topic vocabulary: an
    article uses several words that the thesaurus links ("told" and "said", "diverse" and "different",
    "shift" and "change" in two clean dev2 articles), and each then reads as half of a substitution. Left out, the
    share's own AUC on the calibration's fitting pages rose from 0.743 to 0.767 (and repairing a spun
    phrase no longer makes the article's other substitutes of that word odd). ``topical``: see rate_logits."""
    return _blind(weights).logits(items)


@functools.lru_cache(maxsize=8)
def _blind(weights: Weights) -> Weights:
    """The weights without DOCUMENT_FEATURE and TOPIC_FEATURE, made once per weights (a process has one set)
    rather than once per document."""
    return weights.without(DOCUMENT_FEATURE, TOPIC_FEATURE)


def rate_logits(
    weights: Weights, items: Sequence[WordCandidates] | DocumentCandidates, logits: numpy.ndarray | None = None
) -> numpy.ndarray:
    """The words' substitute log-odds for the document's spin rate: without ``topical`` (from ``logits``, the
    words' full log-odds, when the caller has them: the log-odds are linear in the feature).

    Topicality tells which words of an article on the spam's topics a topical writer would use, which ranks
    the words of a spun article; but it also tells what an article is about, and a document verdict that read
    it judged articles by their topic (every form measured lowered dev2's document spin AUC, 0.951 to
    0.926-0.945, with the verdict refitted). Left out of the rate and the odd-word share, the verdict is
    the same as without the feature."""
    from .detector import WORD_FEATURES, DocumentCandidates

    full = weights.logits(items) if logits is None else logits
    topical = items.topical if isinstance(items, DocumentCandidates) else numpy.array([i.topical for i in items])
    return full - weights.word[WORD_FEATURES.index(TOPIC_FEATURE)] * topical  # type: ignore[no-any-return]


def odd_word_share(logits: Sequence[float] | numpy.ndarray, words: int) -> float:
    """Odd words (substitute log-odds above ODD_LOGIT) per word of the document, shrunk on short texts.

    Counted per word of the whole text, not per scored word: repairing a spun phrase often removes scored
    words without touching the odd ones, and a share of scored words would then rise. The log-odds are
    the detector's own, which discount a word by how often it recurs (a topic word does): so a long
    article that keeps to its subject has fewer odd words, and so does an article pasted twice (see the
    README's limits)."""
    z = numpy.asarray(logits, dtype="float64")
    return float((z > ODD_LOGIT).sum() / (words + ODD_PRIOR))


def breakage(breaks: int, words: int) -> float:
    """Breaks per 1,000 words, shrunk on short texts."""
    return 1000.0 * breaks / (words + BREAK_PRIOR)


def wording_rate(hits: int, words: int) -> float:
    """Spinner wording per 1,000 words, shrunk on short texts, on a log scale (one hit in a short text is less
    than a habit; a tenth hit in a long one adds less than the first)."""
    return math.log1p(1000.0 * hits / (words + WORDING_PRIOR))


def fluency(
    breaks: int,
    words: int,
    odd_words: float,
    text: str = "",
    tokens: numpy.ndarray | None = None,
    wording_hits: int | None = None,
) -> Fluency:
    """The features of a document ``text`` of ``words`` words with ``breaks`` structural spins (rule CL105's
    hits), the odd-word share ``odd_words`` and ``wording_hits`` matches of the spinner wording;
    ``tokens``: its token table (contentlint.checks.tokens)."""
    return Fluency(
        odd_words,
        breakage(breaks, words),
        breaks,
        _slips(text, tokens, words),
        None if wording_hits is None else wording_rate(wording_hits, words),
        wording_hits or 0,
    )


def phrase_list_fluency(
    breaks: int, words: int, text: str = "", tokens: numpy.ndarray | None = None, wording_hits: int | None = None
) -> Fluency:
    """The features that need neither the detector nor the model (when CL102's evidence is left out)."""
    return Fluency(
        breakage=breakage(breaks, words),
        breaks=breaks,
        slips=_slips(text, tokens, words),
        wording=None if wording_hits is None else wording_rate(wording_hits, words),
        wording_hits=wording_hits or 0,
    )


def _slips(text: str, tokens: numpy.ndarray | None, words: int) -> float:
    from .slips import count_slips, slip_rate, token_table_of

    return slip_rate(count_slips(text, token_table_of(text) if tokens is None else tokens), words)
