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

import dataclasses
import functools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LENGTH, LOWER, SENT_START, SPACY
from spacy.tokens import Doc

from .. import ruledata
from .resources import LanguageModel, ThesaurusIndex

BOUNDARY = "<s>"
CANDIDATE_FEATURES = ("gain", "freq", "sim", "brown", "mutual", "choice", "present")
WORD_FEATURES = ("best", "spread", "fit", "rarity", "repeats", "bias")
# Clitics spaCy splits off ("you'll" -> "you", "'ll"); the language model knows the joined forms.
_CLITICS = frozenset({"'ll", "'re", "'s", "'ve", "'d", "'m", "n't"})
# Punctuation that ends the context a word is judged in; commas, quotes and hyphens do not.
# A trigram model knows little of specialised wording ("tomatoes ripen"): one strong opinion of it is
# capped, so that it must agree with the other evidence to make a word suspect.
GAIN_CAP = 4.0
# Candidates of a word judged with the whole window (three trigrams); the others with the first trigram
# and an estimate of the rest (see _window_gains). Measured on dev and dev2 (README): 3-6 keep the
# document rates' order; each candidate left out saves two of the three model calls.
FULL_CANDIDATES = 4
_BREAKS = frozenset(".!?;:()[]{}|/\\…")


@dataclass(frozen=True, slots=True)
class WordCandidates:
    """One word of the document that could be a substitute, with its candidate originals."""

    token: int
    start: int  # character offsets into the analysed text
    end: int
    word: str  # lower case
    fit: float  # log10 P(word | context) - log10 P(word): how well the word itself fits here
    rarity: float  # negative unigram log-probability of the word (spaCy's natural-log table)
    repeats: float  # log of how often the word occurs in the document (a topic word recurs)
    forms: tuple[str, ...]  # candidate originals, inflected like the word found
    features: numpy.ndarray  # one row per candidate, columns CANDIDATE_FEATURES (gain capped)
    gains: numpy.ndarray  # the language model's gain of each candidate, uncapped (some estimated)
    window: _Context | None = None  # the words around it, to judge every candidate fully (see exact())


@dataclass(frozen=True)
class Weights:
    candidate: tuple[float, ...]  # one per CANDIDATE_FEATURES
    word: tuple[float, ...]  # one per WORD_FEATURES
    rate: float = 0.1  # share of scoreable words the simulator replaced in the fitting data

    def scores(self, item: WordCandidates) -> numpy.ndarray:
        """Each candidate's score: higher is a likelier original."""
        return item.features @ numpy.asarray(self.candidate)  # type: ignore[no-any-return]

    def suggestion_scores(self, item: WordCandidates) -> numpy.ndarray:
        """As :meth:`scores`, with the language model's full opinion: the cap that keeps one strong
        opinion from making a word suspect would hide which original the context prefers."""
        return self.scores(item) + self.candidate[0] * (item.gains - item.features[:, 0])  # type: ignore[no-any-return]

    def word_features(self, item: WordCandidates) -> tuple[tuple[float, ...], int]:
        """The word's features (WORD_FEATURES) and the index of its best candidate."""
        scores = self.scores(item)
        top = float(scores.max())
        spread = float(numpy.log(numpy.exp(scores - top).sum()))
        best = int(self.suggestion_scores(item).argmax())
        return (top, spread, item.fit, item.rarity, item.repeats, 1.0), best

    def logit(self, item: WordCandidates) -> tuple[float, str]:
        """Log-odds that the word was replaced, at the fitting data's spin rate, and its best original."""
        features, best = self.word_features(item)
        return sum(w * f for w, f in zip(self.word, features, strict=True)), item.forms[best]

    def logits(self, items: Sequence[WordCandidates]) -> numpy.ndarray:
        """:meth:`logit` of many words at once (the log-odds only), over their candidates' flat arrays."""
        if not items:
            return numpy.zeros(0)
        sizes = numpy.fromiter((len(i.forms) for i in items), dtype="int64", count=len(items))
        starts = numpy.r_[0, numpy.cumsum(sizes)[:-1]]
        scores = numpy.concatenate([i.features for i in items]) @ numpy.asarray(self.candidate)
        top = numpy.maximum.reduceat(scores, starts)
        spread = numpy.log(numpy.add.reduceat(numpy.exp(scores - numpy.repeat(top, sizes)), starts))
        own = numpy.array([(i.fit, i.rarity, i.repeats) for i in items], dtype="float64").reshape(-1, 3)
        w = self.word
        return w[0] * top + w[1] * spread + own @ numpy.asarray(w[2:5]) + w[5]  # type: ignore[no-any-return]

    def ranked(self, item: WordCandidates) -> list[str]:
        """The candidate originals, likeliest first."""
        return [item.forms[i] for i in numpy.argsort(-self.suggestion_scores(item), kind="stable").tolist()]

    def probability(self, item: WordCandidates, rate: float | None = None) -> tuple[float, str]:
        """P(replaced) in a document whose spin rate is ``rate`` (default: the fitting data's)."""
        z, best = self.logit(item)
        if rate is not None:
            z += _logit(rate) - _logit(self.rate)
        return _sigmoid(z), best


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2.0


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
        if not prev_joined and _is_clitic_of_previous(text, i, arr, words):
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


def _is_clitic_of_previous(text: str, i: int, arr: numpy.ndarray, words: list[str]) -> bool:
    """ "'ll" right after a word (no space between): the model knows "you'll", not "you" "'ll"."""
    return text in _CLITICS and i > 0 and not arr[i - 1][6] and words[-1] != BOUNDARY


@dataclass(frozen=True, slots=True)
class _Context:
    """The words around one position: P(x | h2 h1), P(n1 | h1 x), P(n2 | x n1) judge a word x there.

    The window ends at a sentence boundary; a word the model does not know costs the same after any
    history, so its term is left out (use1, use2).
    """

    word: str  # the word found at the position
    history: tuple[str, ...]
    h1: str
    n1: str
    n2: str
    use1: bool
    use2: bool

    def score(self, prob: Callable[[tuple[str, ...]], int], x: str) -> int:
        total = prob((x, *self.history))
        if self.use1:
            total += prob((self.n1, x, self.h1))
        if self.use2:
            total += prob((self.n2, self.n1, x))
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


@dataclass(frozen=True, slots=True)
class _Alternatives:
    """A word's candidate originals, context-free: their forms (inflected like the word) and index pairs."""

    forms: tuple[str, ...]
    form_ids: numpy.ndarray  # word ids in the index
    pairs: numpy.ndarray  # position of each (word, candidate) pair in the index's candidate arrays


# Per index (by identity; the process has one) and word id: the word's candidate originals.
_ALTERNATIVES: dict[int, tuple[ThesaurusIndex, dict[int, _Alternatives]]] = {}


def _alternatives_of(index: ThesaurusIndex, wid: int) -> _Alternatives:
    """The candidates of word ``wid`` over all its readings (lemma, inflection), first reading first.

    They depend on the word only, so a process works them out once per word, not once per occurrence.
    """
    entry = _ALTERNATIVES.get(id(index))
    if entry is None or entry[0] is not index:
        entry = _ALTERNATIVES[id(index)] = (index, {})
    found = entry[1].get(wid)
    if found is None:
        found = entry[1][wid] = _find_alternatives(index, wid)
    return found


def _find_alternatives(index: ThesaurusIndex, wid: int) -> _Alternatives:
    seen: dict[int, int] = {}
    for lemma, tag in index.readings(wid):
        a = int(index.cand_ptr[lemma])
        forms = index.inflections[index.cand_root[a : int(index.cand_ptr[lemma + 1])], tag].tolist()
        for k, form in enumerate(forms):
            if form >= 0 and form != wid and form not in seen:
                seen[form] = a + k
    words = index.words
    return _Alternatives(
        tuple(words[f] for f in seen),
        numpy.fromiter(seen, dtype="int64", count=len(seen)),
        numpy.fromiter(seen.values(), dtype="int64", count=len(seen)),
    )


@dataclass(frozen=True)
class _Windows:
    """Distinct windows of a document as language-model ids (-1: unknown to it, or no word), with their
    candidate forms flattened: ``forms[starts[k]:starts[k + 1]]`` are window k's."""

    word: numpy.ndarray
    h1: numpy.ndarray
    h2: numpy.ndarray
    n1: numpy.ndarray  # -1 where the window does not use it (see _Context.use1)
    n2: numpy.ndarray
    forms: numpy.ndarray
    sizes: numpy.ndarray

    @classmethod
    def of(
        cls, lm: LanguageModel, contexts: Sequence[_Context], forms: numpy.ndarray, sizes: numpy.ndarray
    ) -> _Windows:
        columns = [
            (c.word, c.h1, c.history[1] if len(c.history) > 1 else "", c.n1 if c.use1 else "", c.n2 if c.use2 else "")
            for c in contexts
        ]
        ids = lm.id_array([w for row in columns for w in row]).reshape(-1, 5)
        return cls(ids[:, 0], ids[:, 1], ids[:, 2], ids[:, 3], ids[:, 4], forms=forms, sizes=sizes)

    def first(self, x: numpy.ndarray, win: numpy.ndarray) -> _Queries:
        """P(x | h2 h1) for words ``x`` put in windows ``win`` (see _Context.score)."""
        return _Queries(x, self.h1[win], self.h2[win], numpy.arange(len(x)))

    def right(self, x: numpy.ndarray, win: numpy.ndarray) -> _Queries:
        """P(n1 | h1 x) and P(n2 | x n1), where the window uses them, for words ``x`` in windows ``win``;
        the model stops the history at an unknown n1, as the window does."""
        n1, n2 = self.n1[win], self.n2[win]
        a, b = numpy.flatnonzero(n1 >= 0), numpy.flatnonzero(n2 >= 0)
        return _Queries(
            numpy.concatenate([n1[a], n2[b]]),
            numpy.concatenate([x[a], n1[b]]),
            numpy.concatenate([self.h1[win[a]], x[b]]),
            numpy.concatenate([a, b]),
        )


@dataclass(frozen=True)
class _Queries:
    """Trigrams to score, each counted towards item ``owner`` of what asked for them."""

    word: numpy.ndarray
    h1: numpy.ndarray
    h2: numpy.ndarray
    owner: numpy.ndarray


def _score_all(lm: LanguageModel, *groups: tuple[_Queries, int]) -> list[numpy.ndarray]:
    """Score several groups of queries in one batch (a batch costs a few dozen numpy calls, whatever its
    size); each group's scores summed per owner, for ``size`` owners."""
    scores = lm.scores(*(numpy.concatenate([getattr(q, k) for q, _ in groups]) for k in ("word", "h1", "h2")))
    out, at = [], 0
    for q, size in groups:
        part = scores[at : at + len(q.word)]
        at += len(q.word)
        out.append(numpy.bincount(q.owner, weights=part, minlength=size).astype("int64"))
    return out


def _window_gains(
    lm: LanguageModel, windows: _Windows, prior: numpy.ndarray, full: int | None, gain_weight: float
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Each form's score in its window minus the word's own (see _Context.score), in model units, and each
    window's fit term P(word | h2 h1) - P(word).

    The full window costs three look-ups per form. With ``full``, only the ``full`` forms of a window
    likeliest to be the original (first trigram and context-free score ``prior``) get it; the others get
    their first trigram's gain plus the median right-context gain of those scored fully, when that is a
    loss (a form that fits the left context rarely fits the right one better than the best do).
    Measured on dev and dev2: the document rates keep their order (README, "Spin detection").
    """
    n = len(windows.word)
    win = numpy.repeat(numpy.arange(n), windows.sizes)
    each = numpy.arange(n)
    none = numpy.full(n, -1)
    own_first, own_right, unigram, first = _score_all(
        lm,
        (windows.first(windows.word, each), n),
        (windows.right(windows.word, each), n),
        (_Queries(windows.word, none, none, each), n),
        (windows.first(windows.forms, win), len(win)),
    )
    first -= own_first[win]
    context = (windows.n1 >= 0) | (windows.n2 >= 0)
    estimated = context & (windows.sizes > full) if full is not None else numpy.zeros(n, dtype=bool)
    needs = ~estimated[win]
    shift = numpy.zeros(n)
    if estimated.any():
        clipped = numpy.clip(first * lm.TO_LOG10, -GAIN_CAP, GAIN_CAP)
        ranking = gain_weight * clipped + prior
        order = numpy.lexsort((numpy.arange(len(win)), -ranking, win))
        starts = numpy.r_[0, numpy.cumsum(windows.sizes)[:-1]]
        rank = numpy.empty(len(win), dtype="int64")
        rank[order] = numpy.arange(len(win)) - starts[win[order]]
        needs |= rank < full
    right = numpy.zeros(len(win), dtype="int64")
    chosen = numpy.flatnonzero(needs)
    right[chosen] = _score_all(lm, (windows.right(windows.forms[chosen], win[chosen]), len(chosen)))[0]
    right[chosen] -= own_right[win[chosen]]
    if estimated.any():
        top = chosen[estimated[win[chosen]]]  # in window order, ``full`` per estimated window
        medians = numpy.median(right[top].reshape(-1, full), axis=1)
        shift[numpy.flatnonzero(estimated)] = numpy.minimum(medians, 0.0)
    gains = numpy.where(needs, first + right, first + shift[win])
    return gains.astype("float64"), (own_first - unigram).astype("float64")


@dataclass(frozen=True, slots=True)
class _Position:
    """A word to score: its token, character span, word id and window."""

    token: int
    start: int
    end: int
    wid: int
    context: _Context


def candidates(
    doc: Doc, index: ThesaurusIndex, lm: LanguageModel, text: str | None = None, *, estimate: bool = False
) -> Iterator[WordCandidates]:
    """Every scoreable word of ``doc`` (made from ``text``, when the caller has it) with its candidates.

    The context-free features of all the document's candidates are computed in one pass over flat
    arrays, and the language model's look-ups for all of them in two batches (see _window_gains). With
    ``estimate`` (the document verdict), only the likeliest candidates of a word get the full window;
    without it (training, mining) every candidate is judged in full.
    """
    positions, ids = _positions(doc, index, lm, text)
    if not positions:
        return
    alternatives = [_alternatives_of(index, p.wid) for p in positions]
    sizes = numpy.fromiter((len(a.forms) for a in alternatives), dtype="int64", count=len(alternatives))
    pairs = numpy.concatenate([a.pairs for a in alternatives])
    features = numpy.empty((len(pairs), len(CANDIDATE_FEATURES)), dtype="float64")
    features[:, 1:-1] = index.pair_static[pairs]
    features[:, -1] = _lemmas_present(index, ids)[index.cand_root[pairs]]
    weights = load_weights()
    prior = features[:, 1:] @ numpy.asarray(weights.candidate[1:])
    ends = numpy.cumsum(sizes)
    starts = ends - sizes
    gains, fit_of = _position_gains(index, lm, positions, alternatives, prior, FULL_CANDIDATES if estimate else None)
    features[:, 0] = numpy.clip(gains, -GAIN_CAP, GAIN_CAP)
    found, found_counts = numpy.unique(ids[ids >= 0], return_counts=True)
    counts = dict(zip(found.tolist(), found_counts.tolist(), strict=True))
    wids = [p.wid for p in positions]
    rarities = (-index.logprob[wids].astype("float64") / 10.0).tolist()
    spans = zip(starts.tolist(), ends.tolist(), fit_of, rarities, strict=True)
    for p, alt, (a, b, fit, rarity) in zip(positions, alternatives, spans, strict=True):
        repeats = math.log(counts.get(p.wid, 1))
        yield WordCandidates(
            p.token,
            p.start,
            p.end,
            p.context.word,
            fit,
            rarity,
            repeats,
            alt.forms,
            features[a:b],
            gains[a:b],
            p.context,
        )


def _position_gains(
    index: ThesaurusIndex,
    lm: LanguageModel,
    positions: list[_Position],
    alternatives: list[_Alternatives],
    prior: numpy.ndarray,
    full: int | None,
) -> tuple[numpy.ndarray, list[float]]:
    """Every candidate's gain (log10, uncapped) and every position's fit, each distinct window scored once:
    spam repeats its phrases, and a word in a window already scored has the same gains."""
    sizes = numpy.fromiter((len(a.forms) for a in alternatives), dtype="int64", count=len(alternatives))
    ends = numpy.cumsum(sizes)
    starts = ends - sizes
    distinct: dict[_Context, int] = {}
    window_of = numpy.fromiter(
        (distinct.setdefault(p.context, len(distinct)) for p in positions), dtype="int64", count=len(positions)
    )
    first = numpy.zeros(len(distinct), dtype="int64")
    first[window_of[::-1]] = numpy.arange(len(positions))[::-1]  # each window's first position
    picked = numpy.concatenate([numpy.arange(starts[k], ends[k]) for k in first.tolist()])
    forms = _lm_ids(index, lm)[_forms_of(alternatives, first)]
    windows = _Windows.of(lm, list(distinct), forms, sizes[first])
    window_gains, fits = _window_gains(lm, windows, prior[picked], full, load_weights().candidate[0])
    window_starts = numpy.cumsum(windows.sizes) - windows.sizes
    # Each position takes its window's gains: pair j of a position is pair j of its window.
    offset = numpy.arange(int(ends[-1])) - numpy.repeat(starts, sizes)
    gains = window_gains[numpy.repeat(window_starts[window_of], sizes) + offset] * lm.TO_LOG10
    return gains, (fits * lm.TO_LOG10)[window_of].tolist()


def _forms_of(alternatives: list[_Alternatives], which: list[int] | numpy.ndarray) -> numpy.ndarray:
    """The index word ids of the candidate forms of the given positions, one after another."""
    return numpy.concatenate([alternatives[k].form_ids for k in numpy.asarray(which).tolist()])


# Per index and model (by identity; the process has one of each): the model's id of every index word.
_LM_IDS: dict[tuple[int, int], tuple[ThesaurusIndex, LanguageModel, numpy.ndarray]] = {}


def _lm_ids(index: ThesaurusIndex, lm: LanguageModel) -> numpy.ndarray:
    entry = _LM_IDS.get((id(index), id(lm)))
    if entry is None or entry[0] is not index or entry[1] is not lm:
        entry = _LM_IDS[(id(index), id(lm))] = (index, lm, lm.id_array(index.words))
    return entry[2]


def exact(item: WordCandidates, lm: LanguageModel) -> WordCandidates:
    """``item`` with every candidate judged in the whole window (no estimated gains): for the few words
    whose suggestion is shown, where the right original matters more than the cost."""
    context = item.window
    if context is None:
        return item
    # A few dozen look-ups: pocketsphinx one call at a time costs less than a batch's fixed numpy overhead.
    own = context.score(lm.raw, context.word)
    gains = numpy.array([context.score(lm.raw, x) - own for x in item.forms], dtype="float64") * lm.TO_LOG10
    features = item.features.copy()
    features[:, 0] = numpy.clip(gains, -GAIN_CAP, GAIN_CAP)
    return dataclasses.replace(item, features=features, gains=gains)


def _positions(
    doc: Doc, index: ThesaurusIndex, lm: LanguageModel, text: str | None
) -> tuple[list[_Position], numpy.ndarray]:
    """The document's scoreable words (known to the model, with candidate originals), and the word ids."""
    if text is None:
        text = doc.text  # rebuilt token by token: pass the string when you have it
    low = text.lower()
    if len(low) != len(text):
        low = "".join(t.lower_ + t.whitespace_ for t in doc)
    tokens, ids = _eligible(doc, index)
    if not len(tokens):
        return [], ids
    stream = _stream(doc, low)
    knows = lm.knows
    idx_of, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
    word_ids = ids.tolist()
    out = []
    for i in tokens.tolist():
        p = stream.position.get(i)
        if p is None or not knows(stream.words[p]):
            continue
        wid = word_ids[i]
        if _alternatives_of(index, wid).forms:
            out.append(_Position(i, idx_of[i], idx_of[i] + lengths[i], wid, _window(stream.words, p, knows)))
    return out, ids


def _lemmas_present(index: ThesaurusIndex, ids: numpy.ndarray) -> numpy.ndarray:
    """Per word id of the index: is it a lemma of a word of the document? (The "present" feature.)"""
    mask = numpy.zeros(len(index.words), dtype=bool)
    for w in numpy.unique(ids[ids >= 0]).tolist():
        for lemma, _ in index.readings(w):
            mask[lemma] = True
    return mask


def _window(words: list[str], p: int, knows: Callable[[str], bool]) -> _Context:
    """The words around position ``p`` (see _Context)."""
    n_words = len(words)
    h1 = words[p - 1]
    history = (h1,) if h1 == BOUNDARY else (h1, words[p - 2] if p >= 2 else BOUNDARY)
    n1 = words[p + 1] if p + 1 < n_words else BOUNDARY
    n2 = words[p + 2] if n1 != BOUNDARY and p + 2 < n_words else BOUNDARY
    use1 = n1 != BOUNDARY and knows(n1)
    use2 = n2 != BOUNDARY and knows(n2)
    return _Context(words[p], history, h1, n1, n2, use1, use2)


# rules/spin_model.toml: the fitted weights of the candidate and word features.
MODEL_SHAPE = ruledata.Shape((("candidate", ruledata.TABLE), ("word", ruledata.TABLE)), required=("candidate", "word"))


@functools.cache
def load_weights() -> Weights:
    """The fitted weights in ``rules/spin_model.toml`` (written by ``python -m tools.spin.train``)."""
    data = ruledata.load("spin_model", MODEL_SHAPE)
    try:
        return Weights(
            tuple(float(data["candidate"][k]) for k in CANDIDATE_FEATURES),
            tuple(float(data["word"][k]) for k in WORD_FEATURES),
            float(data["word"]["rate"]),
        )
    except KeyError as exc:
        raise ValueError(f"rules/spin_model.toml lacks {exc}; regenerate it with python -m tools.spin.train") from None
