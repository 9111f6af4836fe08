"""Score each word of a document: is it a thesaurus substitute, and for which original?

For a word w at position i the candidates are the originals a spinner could have replaced with w
(:class:`~.resources.ThesaurusIndex`), each put into w's inflection ("outcomes" -> "results"). A
candidate r is described by

- ``gain``: how much more probable the trigram model finds the text with r than with w, over the
  three trigrams that contain position i (log10);
- ``freq``: unigram log-probability of r minus that of w (originals are usually the commoner word);
- ``sim``: log of the thesaurus-neighbourhood overlap of r and w;
- ``brown``: share of Brown-cluster path in common (same word class and distribution);
- ``mutual``: each word lists the other in the thesaurus;
- ``choice``: log-probability that a spinner holding r picks w (see ``SPINNER_BETA``);
- ``present``: r itself occurs elsewhere in the document (spinners replace some occurrences of a
  word and leave others).

A linear score of these ranks the candidates (the best one is the suggestion); the word's own
features (the best candidate score, the log-sum of all, how well w itself fits its context, how
rare w is) give the probability that w was substituted, *given that the document is spun*. The
weights are fitted by :mod:`.train` and read from ``rules/spin_model.toml``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LENGTH, LOWER, SENT_START, SPACY
from spacy.tokens import Doc

from .resources import SPINNER_BETA, SPINNER_GAMMA, LanguageModel, ThesaurusIndex, brown_similarity

BOUNDARY = "<s>"
CANDIDATE_FEATURES = ("gain", "freq", "sim", "brown", "mutual", "choice", "present")
WORD_FEATURES = ("best", "spread", "fit", "rarity", "bias")
# Clitics spaCy splits off ("you'll" -> "you", "'ll"); the language model knows the joined forms.
_CLITICS = frozenset({"'ll", "'re", "'s", "'ve", "'d", "'m", "n't"})
# Punctuation that ends the context a word is judged in; commas, quotes and hyphens do not.
_BREAKS = frozenset(".!?;:()[]{}|/\\…")


@dataclass(frozen=True, slots=True)
class Candidate:
    form: str  # the original, inflected like the word found
    features: tuple[float, ...]  # CANDIDATE_FEATURES


@dataclass(frozen=True, slots=True)
class WordCandidates:
    """One word of the document that could be a substitute, with its candidate originals."""

    token: int
    start: int  # character offsets into the analysed text
    end: int
    word: str  # lower case
    fit: float  # log10 P(word | context) - log10 P(word): how well the word itself fits here
    rarity: float  # negative unigram log-probability of the word (spaCy's natural-log table)
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class SpunWord:
    token: int
    start: int
    end: int
    word: str
    suggestion: str  # lower case; the caller gives it the text's letter case
    probability: float  # P(substituted | the document is spun)


@dataclass(frozen=True)
class Weights:
    candidate: tuple[float, ...]  # one per CANDIDATE_FEATURES
    word: tuple[float, ...]  # one per WORD_FEATURES
    rate: float = 0.1  # share of scoreable words the simulator replaced in the fitting data

    def candidate_score(self, features: tuple[float, ...]) -> float:
        return sum(w * f for w, f in zip(self.candidate, features, strict=True))

    def logit(self, item: WordCandidates) -> tuple[float, Candidate]:
        """Log-odds that the word was replaced, at the fitting data's spin rate, and its best original."""
        scores = [self.candidate_score(c.features) for c in item.candidates]
        best = max(range(len(scores)), key=scores.__getitem__)
        top = scores[best]
        spread = math.log(sum(math.exp(s - top) for s in scores))
        z = sum(w * f for w, f in zip(self.word, (top, spread, item.fit, item.rarity, 1.0), strict=True))
        return z, item.candidates[best]

    def probability(self, item: WordCandidates, rate: float | None = None) -> tuple[float, Candidate]:
        """P(replaced) in a document whose spin rate is ``rate`` (default: the fitting data's)."""
        z, best = self.logit(item)
        if rate is not None:
            z += _logit(rate) - _logit(self.rate)
        return _sigmoid(z), best


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class _Stream:
    """The document as the language model reads it: lower-case words and sentence boundaries."""

    words: list[str]
    position: dict[int, int]  # token index -> index in ``words``


def _stream(doc: Doc, low: str) -> _Stream:
    arr = doc.to_array([IS_ALPHA, IS_PUNCT, IS_SPACE, SENT_START, IDX, LENGTH, SPACY])
    words: list[str] = [BOUNDARY]
    position: dict[int, int] = {}
    prev_joined = False
    for i, (alpha, punct, space, sent_start, idx, length, _) in enumerate(arr.tolist()):
        if space:
            continue
        text = low[idx : idx + length]
        if sent_start == 1 and i and words[-1] != BOUNDARY:
            words.append(BOUNDARY)
        if text in _CLITICS and i and not arr[i - 1][6] and words[-1] != BOUNDARY and not prev_joined:
            words[-1] += text
            prev_joined = True
            continue
        prev_joined = False
        if alpha:
            position[i] = len(words)
            words.append(text)
        elif punct and not any(c in _BREAKS for c in text):
            continue
        elif words[-1] != BOUNDARY:
            words.append(BOUNDARY)
    return _Stream(words, position)


def _history(words: list[str], j: int) -> tuple[str, ...]:
    """The (up to) two words before position j, most recent first, ending at a sentence start."""
    first = words[j - 1]
    if first == BOUNDARY:
        return (BOUNDARY,)
    second = words[j - 2] if j >= 2 else BOUNDARY
    return (first, second)


def _window(lm: LanguageModel, words: list[str], p: int) -> float:
    """Sum of log10 P over the trigrams that predict position p and the two words after it."""
    total = lm.logprob(words[p], _history(words, p))
    for j in (p + 1, p + 2):
        if j >= len(words) or words[j] == BOUNDARY:
            break
        if lm.knows(words[j]):  # an unknown word costs the same whatever came before it
            total += lm.logprob(words[j], _history(words, j))
    return total


def _eligible(doc: Doc, index: ThesaurusIndex) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Tokens worth scoring (word ids >= 0): words with candidate originals, not proper names."""
    lowers, alpha, title, upper, sent_start = doc.to_array([LOWER, IS_ALPHA, IS_TITLE, IS_UPPER, SENT_START]).T
    ids = index.ids_of(lowers)
    ids[alpha == 0] = -1
    ok = index.has_candidates(ids)
    # A capitalised word inside a sentence is usually a name ("Rose", "Tiffany"); in a heading
    # written in Title Case or capitals every word is capitalised, and spinners spin headings too.
    caps = (title == 1) | (upper == 1)
    starts = numpy.flatnonzero(sent_start == 1) if len(doc) else numpy.array([], dtype="int64")
    sentence = numpy.searchsorted(starts, numpy.arange(len(doc)), side="right") - 1
    words_per = numpy.bincount(sentence[alpha == 1], minlength=len(starts)) if len(starts) else numpy.array([])
    caps_per = numpy.bincount(sentence[(alpha == 1) & caps], minlength=len(starts)) if len(starts) else words_per
    headline = (caps_per >= 0.6 * numpy.maximum(words_per, 1)) if len(starts) else numpy.array([], dtype=bool)
    first = numpy.zeros(len(doc), dtype=bool)
    if len(starts):
        first[starts] = True
    name_like = caps & ~first & ~(headline[sentence] if len(starts) else False)
    return numpy.flatnonzero(ok & ~name_like), ids


def candidates(doc: Doc, index: ThesaurusIndex, lm: LanguageModel) -> Iterator[WordCandidates]:
    """Every scoreable word of ``doc`` with its candidate originals and their features."""
    text = doc.text
    low = text.lower()
    if len(low) != len(text):
        low = "".join(t.lower_ + t.whitespace_ for t in doc)
    tokens, ids = _eligible(doc, index)
    if not len(tokens):
        return
    # Lemmas of the document's words, for the "present" feature.
    readings_in_doc = {lemma for w in numpy.unique(ids[ids >= 0]).tolist() for lemma, _ in index.readings(w)}
    stream = _stream(doc, low)
    words = stream.words
    logprob = index.logprob
    norm = index.choice_norm
    for i in tokens.tolist():
        p = stream.position.get(i)
        if p is None:
            continue
        word = words[p]
        if not lm.knows(word):
            continue
        base = _window(lm, words, p)
        wid = int(ids[i])
        seen: dict[str, Candidate] = {}
        for lemma, tag in index.readings(wid):
            roots, sims, mutual = index.candidates(lemma)
            if not len(roots):
                continue
            forms = index.inflections[roots, tag]
            brown = brown_similarity(index.cluster[roots], numpy.full(len(roots), index.cluster[lemma]))
            for root, form, sim, br, mu in zip(
                roots.tolist(), forms.tolist(), sims.tolist(), brown.tolist(), mutual.tolist(), strict=True
            ):
                if form < 0:
                    continue
                original = index.words[form]
                if original == word or original in seen or not lm.knows(original):
                    continue
                words[p] = original
                gain = _window(lm, words, p) - base
                words[p] = word
                freq = float(logprob[root] - logprob[lemma])
                log_sim = math.log(max(sim, 1e-4))
                choice = SPINNER_GAMMA * log_sim + SPINNER_BETA * float(logprob[lemma]) - float(norm[root])
                present = float(root in readings_in_doc)
                seen[original] = Candidate(
                    original, (gain, max(-5.0, min(5.0, freq)), log_sim, br, float(mu), choice, present)
                )
        if not seen:
            continue
        start = int(doc[i].idx)
        fit = lm.logprob(word, _history(words, p)) - lm.logprob(word, ())
        yield WordCandidates(
            i, start, start + len(doc[i]), word, fit, -float(logprob[wid]) / 10.0, tuple(seen.values())
        )


def spun_words(doc: Doc, index: ThesaurusIndex, lm: LanguageModel, weights: Weights) -> list[SpunWord]:
    """Each scoreable word with the probability that it is a substitute, and its best original."""
    out = []
    for item in candidates(doc, index, lm):
        probability, best = weights.probability(item)
        out.append(SpunWord(item.token, item.start, item.end, item.word, best.form, probability))
    return out


@functools.cache
def load_weights() -> Weights:
    """The fitted weights in ``rules/spin_model.toml`` (written by ``python -m contentlint.spin.train``)."""
    from .. import ruledata

    data = ruledata.load("spin_model")
    try:
        return Weights(
            tuple(float(data["candidate"][k]) for k in CANDIDATE_FEATURES),
            tuple(float(data["word"][k]) for k in WORD_FEATURES),
            float(data["word"]["rate"]),
        )
    except KeyError as exc:
        raise ValueError(f"rules/spin_model.toml lacks {exc}; regenerate it with python -m contentlint.spin.train") from None
