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
rare w is, how topical: see ``WordCandidates.topical``) give the probability that w was substituted,
*given that the document is spun*. The weights are fitted by :mod:`.train` and read from
``rules/spin_model.toml``.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LENGTH, LOWER, SENT_START, SPACY
from spacy.tokens import Doc

from .. import ruledata
from ..nlp import TABLE_DETECTOR, doc_table, unique_sorted
from .resources import LanguageModel, ThesaurusIndex, topicality

BOUNDARY = "<s>"
CANDIDATE_FEATURES = ("gain", "freq", "sim", "brown", "mutual", "choice", "present")
WORD_FEATURES = ("best", "spread", "fit", "rarity", "repeats", "topical", "bias")
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
# From this many words on, judging them again in full is one batch of the array model; fewer are judged one
# pocketsphinx look-up at a time, which costs less than a batch's numpy calls (measured: 3 words 0.17 ms one at
# a time, 0.33 ms as a batch; 10 words 0.64 and 0.52 ms).
EXACT_BATCH = 8
# Where the topicality feature starts to count and where in full (see _gated_topicality).
TOPICAL_GATE_FROM = 0.5
TOPICAL_GATE_SPAN = 0.5
# Scored words per call of a batch (score_documents): each call costs a few hundred numpy calls, and arrays
# larger than the processor's caches cost more per element. Measured on 138 real pages of ~240 tokens (a
# loaded 2-core machine), ms per 1,000 tokens: one page a call 6.5, about 1,000 tokens a call 5.5, 2,000 5.3,
# 4,000 5.2, 8,000 6.1, 16,000 6.6. About half of a page's tokens are scored words.
BATCH_WORDS = 1000
_BREAKS = frozenset(".!?;:()[]{}|/\\…")


# Not frozen: a frozen dataclass's __init__ costs five times as much, and a document makes hundreds of these.
@dataclass(slots=True)
class WordCandidates:
    """One word of the document that could be a substitute, with its candidate originals (treat as read-only)."""

    token: int
    start: int  # character offsets into the analysed text
    end: int
    word: str  # lower case
    fit: float  # log10 P(word | context) - log10 P(word): how well the word itself fits here
    rarity: float  # negative unigram log-probability of the word (spaCy's natural-log table)
    repeats: float  # log of how often the word occurs in the document (a topic word recurs)
    # Its frequency in clean prose on the spam's topics over its general frequency (resources.topicality),
    # gated by the document's own (see _gated_topicality): a trigram model of general English finds domain
    # words ("pigment", "waxing") odd; topical writers do not.
    topical: float
    forms: tuple[str, ...]  # candidate originals, inflected like the word found
    features: numpy.ndarray  # one row per candidate, columns CANDIDATE_FEATURES (gain capped)
    gains: numpy.ndarray  # the language model's gain of each candidate, uncapped (some estimated)
    place: _Place | None = None  # where it stands in the document's stream (see window)

    @property
    def window(self) -> _Context | None:
        """The words around it, to judge every candidate fully (see exact()); made when asked for: the
        document's scoring works on arrays of model ids, and few words are judged again."""
        return None if self.place is None else _window(self.place.words, self.place.at, self.place.knows)


@dataclass(frozen=True)
class Weights:
    candidate: tuple[float, ...]  # one per CANDIDATE_FEATURES
    word: tuple[float, ...]  # one per WORD_FEATURES
    rate: float = 0.1  # share of scoreable words the simulator replaced in the fitting data

    def without(self, *names: str) -> Weights:
        """These weights with the features ``names`` (candidate or word features) left out."""
        unknown = set(names) - set(CANDIDATE_FEATURES) - set(WORD_FEATURES)
        if unknown:
            raise ValueError(f"unknown detector features: {sorted(unknown)}")
        candidate = tuple(0.0 if n in names else w for n, w in zip(CANDIDATE_FEATURES, self.candidate, strict=True))
        word = tuple(0.0 if n in names else w for n, w in zip(WORD_FEATURES, self.word, strict=True))
        return dataclasses.replace(self, candidate=candidate, word=word)

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
        return (top, spread, item.fit, item.rarity, item.repeats, item.topical, 1.0), best

    def logit(self, item: WordCandidates) -> tuple[float, str]:
        """Log-odds that the word was replaced, at the fitting data's spin rate, and its best original."""
        features, best = self.word_features(item)
        return sum(w * f for w, f in zip(self.word, features, strict=True)), item.forms[best]

    def logits(self, items: Sequence[WordCandidates] | DocumentCandidates) -> numpy.ndarray:
        """:meth:`logit` of many words at once (the log-odds only), over their candidates' flat arrays."""
        if isinstance(items, DocumentCandidates):
            own = numpy.column_stack([items.fit, items.rarity, items.repeats, items.topical])
            return self._logits(items.features, items.sizes, own, items.starts)
        if not items:
            return numpy.zeros(0)
        sizes = numpy.fromiter((len(i.forms) for i in items), dtype="int64", count=len(items))
        own = numpy.array([(i.fit, i.rarity, i.repeats, i.topical) for i in items], dtype="float64").reshape(-1, 4)
        return self._logits(numpy.concatenate([i.features for i in items]), sizes, own)

    def _logits(
        self, features: numpy.ndarray, sizes: numpy.ndarray, own: numpy.ndarray, starts: numpy.ndarray | None = None
    ) -> numpy.ndarray:
        """Word k's candidates are the next ``sizes[k]`` rows of ``features`` (from ``starts[k]``, worked out when
        not given); ``own`` its fit, rarity, repeats, topical."""
        if not len(sizes):
            return numpy.zeros(0)
        if starts is None:
            starts = numpy.cumsum(sizes) - sizes
        scores = features @ numpy.asarray(self.candidate)
        top = numpy.maximum.reduceat(scores, starts)
        spread = numpy.log(numpy.add.reduceat(numpy.exp(scores - numpy.repeat(top, sizes)), starts))
        w = self.word
        return w[0] * top + w[1] * spread + own @ numpy.asarray(w[2:6]) + w[6]  # type: ignore[no-any-return]

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


class _Entries(Sequence[str]):
    """A stream's words as strings, each sliced from the lower-case text when asked for (see _streams_of): the
    scoring reads the model ids, and the strings of a few words per document; making them all was a tenth of
    the detector's time. Entry k is BOUNDARY where ``begin[k]`` is -1, else ``text[begin[k]:end[k]]`` followed
    by ``joins.get(k, "")`` (a clitic joined to it: see _streams_of)."""

    __slots__ = ("begin", "end", "joins", "text")

    def __init__(self, text: str, begin: numpy.ndarray, end: numpy.ndarray, joins: dict[int, str]) -> None:
        self.text, self.begin, self.end, self.joins = text, begin, end, joins

    def __len__(self) -> int:
        return len(self.begin)

    @overload
    def __getitem__(self, k: int) -> str: ...

    @overload
    def __getitem__(self, k: slice) -> list[str]: ...

    def __getitem__(self, k: int | slice) -> str | list[str]:
        if isinstance(k, slice):
            return list(self)[k]
        a = int(self.begin[k])  # IndexError out of range, as a list's
        if a < 0:
            return BOUNDARY
        return self.text[a : int(self.end[k])] + self.joins.get(k % len(self.begin), "")

    def __iter__(self) -> Iterator[str]:
        words = [self.text[a:b] for a, b in zip(self.begin.tolist(), self.end.tolist(), strict=True)]
        for k in numpy.flatnonzero(self.begin < 0).tolist():
            words[k] = BOUNDARY
        for k, tail in self.joins.items():
            words[k] += tail
        return iter(words)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable arrays inside, compared by value

    def __repr__(self) -> str:
        return f"_Entries({list(self)!r})"

    def strings(self, which: list[int]) -> list[str]:
        """Entries ``which`` (indices >= 0), as ``[self[k] for k in which]`` without a call per entry."""
        begin, end, text, joins = self.begin.take(which).tolist(), self.end.take(which).tolist(), self.text, self.joins
        return [
            BOUNDARY if a < 0 else text[a:b] + joins.get(k, "") for k, a, b in zip(which, begin, end, strict=True)
        ]

    def part(self, a: int, b: int) -> _Entries:
        """Entries ``a:b``, as a stream of their own."""
        joins = {k - a: tail for k, tail in self.joins.items() if a <= k < b}
        return _Entries(self.text, self.begin[a:b], self.end[a:b], joins)


@dataclass
class _Stream:
    """The document as the language model reads it: lower-case words and sentence boundaries."""

    words: Sequence[str]  # a list, or the _Entries of an array-made stream
    position: numpy.ndarray  # token index -> index in ``words``, -1 for tokens not there
    ids: numpy.ndarray  # the model's id of each word (-1: unknown to it)
    boundary: numpy.ndarray  # bool: the word is BOUNDARY


@dataclass(slots=True)
class _Place:
    """A word's index in the stream's words, for its window (see WordCandidates.window)."""

    words: Sequence[str]
    at: int
    knows: Callable[[str], bool]


def _stream(doc: Doc, low: str, lm: LanguageModel, known: _Known | None = None) -> _Stream:
    """The stream (see _stream_loop, which defines it one token at a time), made with array operations
    (see _streams_of; a document whose stream they cannot make is left to the token loop); with ``known``,
    the model ids of the words the index knows read from it (see _entry_ids)."""
    arr = doc.to_array([IS_ALPHA, IS_PUNCT, IS_SPACE, SENT_START, IDX, LENGTH, SPACY])
    if not len(arr):
        return _stream_loop(doc, low, lm)
    made = _streams_of(tuple(arr[:, k] for k in range(7)), low, numpy.zeros(1, dtype="int64"))
    if made.loop[0]:
        return _stream_loop(doc, low, lm)
    return _Stream(made.entries, made.position, _entry_ids(made, lm, known), made.boundary)


@dataclass(frozen=True)
class _Known:
    """What the index knows of a run of tokens: each token's index word id (-1: none; see _eligible), and
    the model id of every index word (see _lm_ids)."""

    token_ids: numpy.ndarray
    model_ids: numpy.ndarray


def _entry_ids(made: _Streams, lm: LanguageModel, known: _Known | None) -> numpy.ndarray:
    """The model's id of each entry of ``made``: ``lm.id_array(list(made.entries))``, with the words the index
    knows (most of them) read from its table of model ids instead of by their strings. An index word's
    string is the token's lower case (its LOWER hash found it), which is the entry's unless a clitic joined it."""
    if known is None:
        return lm.id_array(list(made.entries))
    out = numpy.full(len(made.entries), int(lm.id_array([BOUNDARY])[0]), dtype="int64")
    wid = known.token_ids[made.word_token]
    out[made.word_slot] = known.model_ids[wid]  # wid -1 reads the last word's: set again below
    by_string = numpy.concatenate([made.word_slot[wid < 0], numpy.fromiter(made.entries.joins, "int64")]).tolist()
    out[by_string] = lm.id_array(made.entries.strings(by_string))
    return out


@dataclass(frozen=True)
class _Streams:
    """The streams of documents one after another: document d's entries start at ``first[d]`` (with its
    boundary), ``position`` maps every token to its entry; ``loop[d]``: left to the token loop."""

    entries: _Entries
    position: numpy.ndarray
    boundary: numpy.ndarray
    first: list[int]
    loop: numpy.ndarray
    word_slot: numpy.ndarray  # the entry of each word (IS_ALPHA token), in order
    word_token: numpy.ndarray  # its token


def _streams_of(columns: tuple[numpy.ndarray, ...], low: str, firsts: numpy.ndarray) -> _Streams:
    """The streams of documents whose tokens are one after another (each document's first token at
    ``firsts``; IS_ALPHA, IS_PUNCT, IS_SPACE, SENT_START, IDX, LENGTH, SPACY columns, IDX into ``low``).

    A sentence start and a token that is neither a word, a clitic that may join the word before, nor
    punctuation without a break, each end the current run of words (one boundary between runs); a word
    starts or continues one. Whether the stream ends in a word before each token is then the kind of the
    last such event, and every word's index is the number of entries before it. A document's start is an
    event that always puts a boundary (the first document's is the first entry). Two clitics in a row
    (the second may not join) are left to the token loop."""
    alpha, punct, space, sent, idx, length, spacy = columns
    n = len(alpha)
    looked = space == 0
    texts = _token_texts(low, idx, length, numpy.flatnonzero(looked & (alpha == 0)))
    clitic = numpy.zeros(n, dtype=bool)
    clitic[[i for i, t in texts.items() if t in _CLITICS]] = True
    may_join = clitic.copy()
    may_join[firsts] = False
    may_join[1:] &= spacy[:-1] == 0
    ends_run = looked & (alpha == 0) & ~may_join
    punct_of = punct.tolist()
    ends_run[[i for i, t in texts.items() if punct_of[i] and _BREAKS.isdisjoint(t)]] = False
    # Events at 2i (the sentence start of token i) and 2i + 1 (token i itself): 1 ends a run, 2 is a word,
    # 3 starts a document.
    kind = numpy.zeros(2 * n, dtype="int8")
    starts = looked & (sent == 1)
    starts[firsts] = False
    kind[0::2][starts] = 1
    kind[1::2][ends_run] = 1
    kind[1::2][looked & (alpha == 1)] = 2
    kind[2 * firsts[1:]] = 3
    last = numpy.maximum.accumulate(numpy.where(kind > 0, numpy.arange(2 * n), -1))
    in_word = numpy.r_[False, (last >= 0) & (kind[numpy.maximum(last, 0)] == 2)][:-1]  # before each event
    emits = ((kind == 1) & in_word) | (kind >= 2)
    slot = numpy.cumsum(emits)  # entries after each event, the first BOUNDARY not counted
    words_at = numpy.flatnonzero(kind[1::2] == 2)
    word_slot = slot[1::2][words_at]
    # Each entry's span in ``low`` (none for a boundary); the strings are sliced when asked for (see _Entries).
    begin = numpy.full(int(slot[-1]) + 1, -1, dtype="int64")
    end = numpy.full(len(begin), -1, dtype="int64")
    begin[word_slot] = idx[words_at]
    end[word_slot] = idx[words_at] + length[words_at]
    joins: dict[int, str] = {}
    for c in numpy.flatnonzero(may_join & in_word[1::2]).tolist():
        host = int(slot[last[2 * c]])  # the word the stream ends in: its index
        joins[host] = joins.get(host, "") + texts[c]
    position = numpy.full(n, -1, dtype="int64")
    position[words_at] = word_slot
    boundary = numpy.zeros(len(begin), dtype=bool)  # a word is never "<s>": the boundaries are the first
    boundary[0] = True  # entry, the documents' starts and the runs' ends
    boundary[slot[(emits & (kind == 1)) | (kind == 3)]] = True
    first = [0, *slot[2 * firsts[1:]].tolist()]
    entries = _Entries(low, begin, end, joins)
    return _Streams(entries, position, boundary, first, _clitic_pairs(clitic, looked, firsts), word_slot, words_at)


def _clitic_pairs(clitic: numpy.ndarray, looked: numpy.ndarray, firsts: numpy.ndarray) -> numpy.ndarray:
    """Per document: does it have two clitics in a row among the tokens the stream looks at?"""
    at = numpy.flatnonzero(looked)
    seen = clitic[at]
    second = at[1:][seen[1:] & seen[:-1]]
    doc = numpy.searchsorted(firsts, second, side="right") - 1
    previous = at[:-1][seen[1:] & seen[:-1]]
    loop = numpy.zeros(len(firsts), dtype=bool)
    loop[doc[previous >= firsts[doc]]] = True  # a pair across two documents' border is no pair
    return loop


def _is_clitic_of_previous(text: str, i: int, rows: list[list[int]], words: list[str]) -> bool:
    """ "'ll" right after a word (no space between): the model knows "you'll", not "you" "'ll"."""
    return text in _CLITICS and i > 0 and not rows[i - 1][6] and words[-1] != BOUNDARY


def _token_texts(low: str, idx: numpy.ndarray, length: numpy.ndarray, which: numpy.ndarray) -> dict[int, str]:
    spans = zip(which.tolist(), idx[which].tolist(), length[which].tolist(), strict=True)
    return {i: low[a : a + b] for i, a, b in spans}


def _stream_loop(doc: Doc, low: str, lm: LanguageModel) -> _Stream:
    """The document as the language model reads it, token by token (the definition _stream follows)."""
    arr = doc.to_array([IS_ALPHA, IS_PUNCT, IS_SPACE, SENT_START, IDX, LENGTH, SPACY])
    rows = arr.tolist()
    words: list[str] = [BOUNDARY]
    position = numpy.full(len(rows), -1, dtype="int64")
    prev_joined = False
    for i, (alpha, punct, space, sent_start, idx, length, _) in enumerate(rows):
        if space:
            continue
        text = low[idx : idx + length]
        if sent_start == 1 and i and words[-1] != BOUNDARY:
            words.append(BOUNDARY)
        if not prev_joined and _is_clitic_of_previous(text, i, rows, words):
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
    boundary = numpy.fromiter((w == BOUNDARY for w in words), dtype=bool, count=len(words))
    return _Stream(words, position, lm.id_array(words), boundary)


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
    return _eligible_of(doc.to_array([LOWER, IS_ALPHA, IS_TITLE, IS_UPPER, SENT_START]).T, index)


def _eligible_of(columns: numpy.ndarray, index: ThesaurusIndex) -> tuple[numpy.ndarray, numpy.ndarray]:
    """_eligible from the LOWER, IS_ALPHA, IS_TITLE, IS_UPPER, SENT_START columns (of one document, or of
    documents one after another, each beginning a sentence: no sentence then spans two of them)."""
    lowers, alpha, title, upper, sent_start = columns
    n = len(lowers)
    ids = index.ids_of(lowers)
    ids[alpha == 0] = -1
    ok = index.has_candidates(ids)
    # A capitalised word inside a sentence is usually a name ("Rose", "Tiffany"); in a heading
    # written in Title Case or capitals every word is capitalised, and spinners spin headings too.
    caps = (title == 1) | (upper == 1)
    starts = numpy.flatnonzero(sent_start == 1) if n else numpy.array([], dtype="int64")
    sentence = numpy.searchsorted(starts, numpy.arange(n), side="right") - 1
    words_per = numpy.bincount(sentence[alpha == 1], minlength=len(starts)) if len(starts) else numpy.array([])
    caps_per = numpy.bincount(sentence[(alpha == 1) & caps], minlength=len(starts)) if len(starts) else words_per
    headline = (caps_per >= 0.6 * numpy.maximum(words_per, 1)) if len(starts) else numpy.array([], dtype=bool)
    first = numpy.zeros(n, dtype=bool)
    if len(starts):
        first[starts] = True
    name_like = caps & ~first & ~(headline[sentence] if len(starts) else False)
    return numpy.flatnonzero(ok & ~name_like), ids


class _Pool:
    """Every word's candidate originals met so far, in flat arrays: word w's are rows
    ``offset[w]:offset[w] + count[w]`` of ``form_ids``, ``static`` and ``roots`` (count -1: not yet worked out).

    They depend on the word only, so a process works them out once per word; a document's candidates are
    then a few array reads, not one Python object per word."""

    def __init__(self, index: ThesaurusIndex) -> None:
        self.index = index
        self.offset = numpy.zeros(len(index.words), dtype="int64")
        self.count = numpy.full(len(index.words), -1, dtype="int64")
        self.forms: dict[int, tuple[str, ...]] = {}  # filled by forms_of
        self.form_ids = numpy.zeros(1024, dtype="int64")
        # Per row, what the scoring reads of its pair (index.pair_static's row and cand_root): a batch's words then
        # read them from these few contiguous rows, not from the index's tables of 450,000 pairs by pair. The static
        # features sit in the columns of CANDIDATE_FEATURES they fill (the others 0): a batch's rows read are then
        # its feature matrix, with no copy into one.
        self.static = numpy.zeros((1024, len(CANDIDATE_FEATURES)), dtype="float64")
        self.roots = numpy.zeros(1024, dtype="int64")
        self.used = 0
        self.lock = threading.Lock()  # a server may score documents in threads: rows are appended under it

    def counts(self, wids: numpy.ndarray) -> numpy.ndarray:
        """How many candidate forms each word of ``wids`` has (working out the new words')."""
        new = wids[self.count[wids] < 0]
        if len(new):
            with self.lock:
                new = unique_sorted(new[self.count[new] < 0])
                if len(new):
                    self._add(new, *_alternatives_of_many(self.index, new))
        return self.count[wids]

    def forms_of(self, wid: int) -> tuple[str, ...]:
        """Word ``wid``'s candidate originals as strings (made when first asked: few words are reported)."""
        forms = self.forms.get(wid)
        if forms is None:
            at = int(self.offset[wid])
            words = self.index.words
            forms = self.forms[wid] = tuple(words[f] for f in self.form_ids[at : at + int(self.count[wid])].tolist())
        return forms

    def _add(self, wids: numpy.ndarray, sizes: numpy.ndarray, form_ids: numpy.ndarray, pairs: numpy.ndarray) -> None:
        total = len(pairs)
        if self.used + total > len(self.form_ids):
            grown = max(2 * len(self.form_ids), self.used + total)
            self.form_ids = numpy.resize(self.form_ids, grown)
            self.static = numpy.resize(self.static, (grown, self.static.shape[1]))
            self.roots = numpy.resize(self.roots, grown)
        span = slice(self.used, self.used + total)
        self.form_ids[span] = form_ids
        self.static[span, 1:-1] = self.index.pair_static[pairs]
        self.roots[span] = self.index.cand_root[pairs]
        self.offset[wids] = self.used + numpy.cumsum(sizes) - sizes
        self.used += total
        self.count[wids] = sizes  # last: a reader that sees the count sees the rows


def _alternatives_of_many(
    index: ThesaurusIndex, wids: numpy.ndarray
) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """The candidate originals of many distinct words at once, over all their readings (lemma, inflection),
    first reading first, a form listed under two readings in its first place: how many candidates each word
    has, and their word ids and index pairs one word after another (tests/test_spin_arrays.py holds this
    equal to a one-word-at-a-time definition)."""
    readings = numpy.diff(index.surface_ptr[numpy.stack([wids, wids + 1])], axis=0)[0]
    at = _ranges(index.surface_ptr[wids], readings)
    owner = numpy.repeat(numpy.arange(len(wids)), readings)
    lemma, tag = index.surface_lemma[at], index.surface_tag[at]
    first, listed = index.cand_ptr[lemma], index.cand_ptr[lemma + 1] - index.cand_ptr[lemma]
    pairs = _ranges(first, listed)
    owner = numpy.repeat(owner, listed)
    form = index.inflections[index.cand_root[pairs], numpy.repeat(tag, listed)].astype("int64")
    keep = numpy.flatnonzero((form >= 0) & (form != wids[owner]))
    pairs, owner, form = pairs[keep], owner[keep], form[keep]
    # A form listed twice (under two readings) keeps its first place: the first of each (word, form) run.
    order = numpy.lexsort((numpy.arange(len(form)), form, owner))
    repeated = numpy.zeros(len(form), dtype=bool)
    repeated[order[1:]] = (owner[order[1:]] == owner[order[:-1]]) & (form[order[1:]] == form[order[:-1]])
    owner, form, pairs = owner[~repeated], form[~repeated], pairs[~repeated]
    return numpy.bincount(owner, minlength=len(wids)), form, pairs


# Per index (by identity; the process has one): its pool of candidate originals.
_POOLS: dict[int, _Pool] = {}


def _pool(index: ThesaurusIndex) -> _Pool:
    pool = _POOLS.get(id(index))
    if pool is None or pool.index is not index:
        pool = _POOLS[id(index)] = _Pool(index)
    return pool


def _form_counts(index: ThesaurusIndex, wids: numpy.ndarray) -> numpy.ndarray:
    """The number of candidate forms of each word of ``wids``."""
    return _pool(index).counts(wids)


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
    def of(cls, stream: _Stream, at: numpy.ndarray, forms: numpy.ndarray, sizes: numpy.ndarray) -> _Windows:
        """The windows of the words at stream indices ``at`` (see _window, which makes one as strings)."""
        ids, boundary, last = stream.ids, stream.boundary, len(stream.ids) - 1
        after = numpy.minimum(at + 1, last)
        no_n1 = (at + 1 > last) | boundary[after]
        no_n2 = no_n1 | (at + 2 > last) | boundary[numpy.minimum(at + 2, last)]
        return cls(
            word=ids[at],
            h1=ids[at - 1],
            h2=numpy.where(boundary[at - 1], -1, ids[numpy.maximum(at - 2, 0)]),
            n1=numpy.where(no_n1, -1, ids[after]),
            n2=numpy.where(no_n2, -1, ids[numpy.minimum(at + 2, last)]),
            forms=forms,
            sizes=sizes,
        )

    def take(self, rows: numpy.ndarray, forms: numpy.ndarray, sizes: numpy.ndarray) -> _Windows:
        return _Windows(self.word[rows], self.h1[rows], self.h2[rows], self.n1[rows], self.n2[rows], forms, sizes)


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
    n, forms = len(windows.word), len(windows.forms)
    win = numpy.repeat(numpy.arange(n), windows.sizes)
    # Each window's word is scored as one more form after all the candidates (rows ``forms:`` of these): the
    # same look-ups in one call each instead of two, and each call costs a few dozen numpy calls whatever its size.
    ext = numpy.concatenate([win, numpy.arange(n)])
    x = numpy.concatenate([windows.forms, windows.word])
    unigram = lm.unigram_scores(windows.word)
    # The bigrams a window's queries share, found once: (h1, h2) and (n2, n1) are the window's; the bigram (x, h1)
    # of a word x's first trigram is also the backoff of its right context's (see _right_scores). All in one
    # look-up (each costs a few dozen numpy calls whatever its size); gathers by take (see TrieModel._combine).
    history = numpy.concatenate([windows.h1.take(ext), windows.h2, windows.n1])
    entries = lm.bigram_entries(numpy.concatenate([x, windows.h1, windows.n2]), history)
    before, shared = entries[: len(x)], entries[len(x) :]
    # ``ext`` is the window argument, by position (bench_stages.py's timer of the look-ups passes positions only).
    scores = lm.scores_given(x, windows.h1, windows.h2, before, shared[:n], ext)
    own_first = scores[forms:]
    first = scores[:forms] - own_first.take(win)
    context = (windows.n1 >= 0) | (windows.n2 >= 0)
    estimated = context & (windows.sizes > full) if full is not None else numpy.zeros(n, dtype=bool)
    needs = ~estimated.take(win)
    shift = numpy.zeros(n)
    if estimated.any():
        clipped = numpy.clip(first * lm.TO_LOG10, -GAIN_CAP, GAIN_CAP)
        assert full is not None  # estimated is all False without it
        needs |= _top_of_each(gain_weight * clipped + prior, windows.sizes, full)
    chosen = numpy.flatnonzero(needs)
    of_chosen = win.take(chosen)
    # The chosen forms' right contexts and the words' own (rows ``forms:``), in one call as above.
    rows = numpy.concatenate([chosen, numpy.arange(forms, forms + n)])
    scored = _right_scores(lm, windows, x.take(rows), ext.take(rows), before.take(rows), shared[n:])
    right = scored[: len(chosen)] - scored[len(chosen) :].take(of_chosen)
    if estimated.any():
        assert full is not None
        top = estimated.take(of_chosen)  # in window order, ``full`` per estimated window
        medians = _row_medians(right.compress(top).reshape(-1, full))
        shift[numpy.flatnonzero(estimated)] = numpy.minimum(medians, 0.0)
    # What each form adds to its first trigram's gain: its right context's, or its window's estimate. Integers
    # below 2**53 add exactly as float64: the same numbers as the int64 sum made float.
    extra = shift.take(win)
    extra[chosen] = right
    return first + extra, (own_first - unigram).astype("float64")


def _row_medians(rows: numpy.ndarray) -> numpy.ndarray:
    """``numpy.median(rows, axis=1)`` of integer rows, bit for bit (the middle value, or the two middle values
    added as float64 and halved, as numpy's mean of them): its partition and mean cost a tenth of a
    millisecond a call for a few hundred rows of four, a sort of the rows a fraction of that."""
    ordered = numpy.sort(rows, axis=1)
    mid = rows.shape[1] // 2
    if rows.shape[1] % 2:
        return ordered[:, mid].astype("float64")  # type: ignore[no-any-return]
    return (ordered[:, mid - 1].astype("float64") + ordered[:, mid].astype("float64")) / 2.0  # type: ignore[no-any-return]


def _right_scores(
    lm: LanguageModel,
    windows: _Windows,
    x: numpy.ndarray,
    win: numpy.ndarray,
    before: numpy.ndarray,
    ahead: numpy.ndarray,
) -> numpy.ndarray:
    """The right context's score of words ``x`` put in windows ``win``: P(n1 | h1 x) + P(n2 | x n1), each term
    where the window uses it (the model stops the history at an unknown n1, as the window does), given the
    bigram entries ``before`` (x, h1) and ``ahead`` (n2, n1, per window).

    The bigram (n1, x) is the first term's and the second's backoff: found once (three bigram look-ups per
    word become one)."""
    n1, n2 = windows.n1.take(win), windows.n2.take(win)
    a, b = numpy.flatnonzero(n1 >= 0), numpy.flatnonzero(n2 >= 0)
    after = lm.bigram_entries(n1, x)
    # Both terms' queries in one call (each costs a few dozen numpy calls whatever its size): a's, then b's.
    words = numpy.concatenate([n1.take(a), n2.take(b)])
    h1 = numpy.concatenate([x.take(a), n1.take(b)])
    h2 = numpy.concatenate([windows.h1.take(win.take(a)), x.take(b)])
    bigram = numpy.concatenate([after.take(a), ahead.take(win.take(b))])
    pair = numpy.concatenate([before.take(a), after.take(b)])
    both = lm.scores_given(words, h1, h2, bigram, pair)
    total = numpy.zeros(len(x), dtype="int64")
    total[a] = both[: len(a)]
    total[b] += both[len(a) :]
    return total


def _top_of_each(ranking: numpy.ndarray, sizes: numpy.ndarray, full: int) -> numpy.ndarray:
    """Is each value among the ``full`` highest of its group (groups of ``sizes`` values one after another;
    ties go to the earlier value)? The groups as rows of a matrix: each row's ``full``-th highest value by
    selection, not a sort (a third of the time), then the values up to it. A row with more such values (a tie
    at the ``full``-th place) keeps those above it and the first of those equal to it that fit. The same answer
    as a stable sort of each row (``_top_of_each_sorted``, kept where a value is NaN: it compares unequal to
    itself)."""
    width = int(sizes.max()) if len(sizes) else 0
    if width <= full:
        return numpy.ones(int(sizes.sum()), dtype=bool)
    if numpy.isnan(ranking).any():
        win = numpy.repeat(numpy.arange(len(sizes)), sizes)
        col = numpy.arange(len(win)) - (numpy.cumsum(sizes) - sizes).take(win)
        table = numpy.full((len(sizes), width), numpy.nan)
        table[win, col] = -ranking
        return _top_of_each_sorted(table, win, col, full)
    # Each value's place in the flat matrix: one-dimensional scatter and take, not two index arrays.
    row_start = numpy.arange(len(sizes)) * width - (numpy.cumsum(sizes) - sizes)
    place = numpy.arange(len(ranking)) + numpy.repeat(row_start, sizes)
    flat = numpy.full(len(sizes) * width, numpy.nan)  # NaN sorts last, and compares False
    flat[place] = -ranking
    table = flat.reshape(len(sizes), width)
    kth = numpy.partition(table, full - 1, axis=1)[:, full - 1 : full]  # NaN in a row of fewer values
    top = table <= kth
    kept = top.reshape(-1).take(place)
    # Each row's count of kept values, added up over the values themselves (count_nonzero along the padded rows
    # cost twice as much); the padding, NaN, is never kept. An empty row reads one value, at most 1: not crowded.
    firsts = numpy.minimum(numpy.cumsum(sizes) - sizes, len(kept) - 1)
    counts = numpy.add.reduceat(kept.view(numpy.uint8), firsts, dtype="int64")
    crowded = numpy.flatnonzero(counts > full)
    if len(crowded):
        rows, bound = table[crowded], kth[crowded]
        tied = rows == bound
        room = full - numpy.count_nonzero(rows < bound, axis=1, keepdims=True)
        top[crowded] = (rows < bound) | (tied & (numpy.cumsum(tied, axis=1) <= room))
        kept = top.reshape(-1).take(place)
    return kept | numpy.repeat(sizes <= full, sizes)  # type: ignore[no-any-return]


def _top_of_each_sorted(table: numpy.ndarray, win: numpy.ndarray, col: numpy.ndarray, full: int) -> numpy.ndarray:
    """_top_of_each by a stable sort of each row of ``table`` (the negated values, NaN after the row's end)."""
    top = numpy.zeros(table.shape, dtype=bool)
    numpy.put_along_axis(top, numpy.argsort(table, axis=1, kind="stable")[:, :full], True, axis=1)
    return top[win, col]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Positions:
    """The words to score, as arrays: token, character span, index word id and index in the stream."""

    token: numpy.ndarray
    start: numpy.ndarray
    end: numpy.ndarray
    wid: numpy.ndarray
    at: numpy.ndarray
    stream: _Stream


@dataclass(frozen=True)
class _Flat:
    """The candidates of many words one after another: word k's are ``[starts[k], starts[k] + sizes[k])``."""

    sizes: numpy.ndarray
    starts: numpy.ndarray
    static: numpy.ndarray  # a new feature matrix, index.pair_static's row of each candidate's pair in columns 1:-1
    roots: numpy.ndarray  # index.cand_root of each candidate's pair
    form_ids: numpy.ndarray  # index word id of each candidate

    @classmethod
    def of(cls, index: ThesaurusIndex, wids: numpy.ndarray) -> _Flat:
        """Candidates of each word of ``wids``, read from the process's pool."""
        pool = _pool(index)
        sizes = pool.counts(wids)
        with pool.lock:  # the arrays may be replaced by a larger copy while another thread adds a word
            rows = _ranges(pool.offset[wids], sizes)
            static = _take_rows(pool.static, rows)
            roots, form_ids = pool.roots.take(rows), pool.form_ids.take(rows)
        return cls(sizes, numpy.cumsum(sizes) - sizes, static, roots, form_ids)


def _take_rows(table: numpy.ndarray, rows: numpy.ndarray) -> numpy.ndarray:
    """``table[rows]`` of a contiguous 2-D table, its rows read as items of a one-dimensional view (numpy's
    indexing of a 2-D array's rows costs several times as much; see PairFeatures)."""
    items = table.view(f"V{table.shape[1] * table.itemsize}").reshape(-1)
    return numpy.take(items, rows).view(table.dtype).reshape(len(rows), table.shape[1])  # type: ignore[no-any-return]


def _ranges(starts: numpy.ndarray, sizes: numpy.ndarray) -> numpy.ndarray:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, sizes)])`` in a few array operations."""
    total = int(sizes.sum())
    ends = numpy.cumsum(sizes)
    return numpy.repeat(starts - (ends - sizes), sizes) + numpy.arange(total)


def candidates(
    doc: Doc, index: ThesaurusIndex, lm: LanguageModel, text: str | None = None, *, estimate: bool = False
) -> Iterator[WordCandidates]:
    """Every scoreable word of ``doc`` (made from ``text``, when the caller has it) with its candidates, one
    object per word: for training, mining and tests; the check reads :func:`score_words`' arrays."""
    yield from score_words(doc, index, lm, text, estimate=estimate)


def score_words(
    doc: Doc, index: ThesaurusIndex, lm: LanguageModel, text: str | None = None, *, estimate: bool = False
) -> DocumentCandidates:
    """Every scoreable word of ``doc`` with its candidates, as arrays (see DocumentCandidates).

    The context-free features of all the document's candidates are computed in one pass over flat
    arrays, and the language model's look-ups for all of them in two batches (see _window_gains). With
    ``estimate`` (the document verdict), only the likeliest candidates of a word get the full window;
    without it (training, mining) every candidate is judged in full.
    """
    found, ids = _positions(doc, index, lm, text)
    if found is None:
        return DocumentCandidates.empty(lm)
    return _scored(index, lm, found, ids, None, estimate)


def score_documents(
    docs: Sequence[tuple[Doc, str | None]], index: ThesaurusIndex, lm: LanguageModel, *, estimate: bool = False
) -> list[DocumentCandidates]:
    """:func:`score_words` of each of several documents, equal to it document by document.

    A document's scoring pays a few hundred numpy calls whatever its length, which weighs on short pages:
    here the documents' words are scored in one pass over their concatenated arrays, and the result is cut
    back into documents. What is per document stays so: the "present" and "repeats" features, and the
    windows told apart per document (a window's candidates' ranking depends on its document)."""
    parts = _positions_of_many(docs, index, lm)
    out = [DocumentCandidates.empty(lm) for _ in docs]
    for live in _batches(parts):
        if len(live) == 1:
            out[live[0]] = _scored(index, lm, *parts[live[0]], None, estimate)  # type: ignore[arg-type]
            continue
        batch = _Batch.of([parts[k] for k in live])  # type: ignore[misc]
        whole = _scored(index, lm, batch.found, batch.ids, batch, estimate)
        for k, piece in zip(live, batch.split(whole), strict=True):
            out[k] = piece
    return out


def _batches(parts: Sequence[tuple[_Positions | None, numpy.ndarray]]) -> Iterator[list[int]]:
    """The documents with words to score, in runs of about BATCH_WORDS scored words."""
    run: list[int] = []
    words = 0
    for k, (found, _) in enumerate(parts):
        if found is None:
            continue
        run.append(k)
        words += len(found.wid)
        if words >= BATCH_WORDS:
            yield run
            run, words = [], 0
    if run:
        yield run


@dataclass(frozen=True)
class _Batch:
    """Several documents' positions one after another, as one document whose stream is their streams end
    to end (each begins with a boundary, so no window reaches into the next document), with the document
    of each position and of each word id."""

    found: _Positions
    ids: numpy.ndarray  # the documents' word ids (see _eligible), one after another
    ids_doc: numpy.ndarray  # the document of each of ``ids``
    doc_of: numpy.ndarray  # the document of each position
    positions: list[int]  # where each document's positions start, and the end
    shift: list[int]  # where each document's stream starts in the joined one
    streams: list[_Stream]

    @classmethod
    def of(cls, parts: Sequence[tuple[_Positions, numpy.ndarray]]) -> _Batch:
        streams = [found.stream for found, _ in parts]
        shift = numpy.cumsum([0, *(len(s.ids) for s in streams)]).tolist()
        counts = [len(found.wid) for found, _ in parts]
        joined = _Stream(
            [],
            numpy.zeros(0, dtype="int64"),
            numpy.concatenate([s.ids for s in streams]),
            numpy.concatenate([s.boundary for s in streams]),
        )

        def cat(name: str) -> numpy.ndarray:
            return numpy.concatenate([getattr(found, name) for found, _ in parts])

        at = cat("at") + numpy.repeat(numpy.asarray(shift[:-1], dtype="int64"), counts)
        found = _Positions(cat("token"), cat("start"), cat("end"), cat("wid"), at, joined)
        ids = [ids for _, ids in parts]
        return cls(
            found,
            numpy.concatenate(ids),
            numpy.repeat(numpy.arange(len(parts)), [len(i) for i in ids]),
            numpy.repeat(numpy.arange(len(parts)), counts),
            numpy.cumsum([0, *counts]).tolist(),
            shift,
            streams,
        )

    def split(self, whole: DocumentCandidates) -> Iterator[DocumentCandidates]:
        """``whole`` (the batch scored as one document) cut back into its documents."""
        ends = numpy.cumsum(whole.sizes).tolist()
        for d, stream in enumerate(self.streams):
            a, b = self.positions[d], self.positions[d + 1]
            first, last = (ends[a - 1] if a else 0), ends[b - 1]
            yield dataclasses.replace(
                whole,
                token=whole.token[a:b],
                start=whole.start[a:b],
                end=whole.end[a:b],
                at=whole.at[a:b] - self.shift[d],
                fit=whole.fit[a:b],
                rarity=whole.rarity[a:b],
                repeats=whole.repeats[a:b],
                topical=whole.topical[a:b],
                sizes=whole.sizes[a:b],
                starts=whole.starts[a:b] - first,
                features=whole.features[first:last],
                gains=whole.gains[first:last],
                wid=whole.wid[a:b],
                form_ids=whole.form_ids[first:last],
                stream=stream,
            )


def _scored(
    index: ThesaurusIndex,
    lm: LanguageModel,
    found: _Positions,
    ids: numpy.ndarray,
    batch: _Batch | None,
    estimate: bool,
) -> DocumentCandidates:
    """The candidates of the positions ``found`` (of one document, or of a batch's documents end to end)."""
    flat = _Flat.of(index, found.wid)
    features = flat.static  # the pool's rows, a new array: the gain and present columns are filled here
    features[:, -1] = _present(index, ids, batch, flat)
    weights = load_weights()
    prior = features[:, 1:] @ numpy.asarray(weights.candidate[1:])
    group = None if batch is None else batch.doc_of
    gains, fits = _position_gains(index, lm, found, flat, prior, FULL_CANDIDATES if estimate else None, group)
    features[:, 0] = numpy.clip(gains, -GAIN_CAP, GAIN_CAP)
    return DocumentCandidates(
        token=found.token,
        start=found.start,
        end=found.end,
        at=found.at,
        fit=fits,
        rarity=-index.logprob[found.wid].astype("float64") / 10.0,
        repeats=_repeats(index, ids, found.wid, batch),
        topical=_gated_topicality(topicality(index)[found.wid], batch),
        sizes=flat.sizes,
        starts=flat.starts,
        features=features,
        gains=gains,
        wid=found.wid,
        forms_of=_pool(index).forms_of,
        form_ids=flat.form_ids,
        stream=found.stream,
        lm=lm,
        model_ids=_lm_ids(index, lm),
    )


def _present(index: ThesaurusIndex, ids: numpy.ndarray, batch: _Batch | None, flat: _Flat) -> numpy.ndarray:
    """The "present" feature of each candidate: its lemma is a lemma of a word of its document."""
    roots = flat.roots
    if batch is None:
        return _lemmas_present(index, ids)[roots]
    # One row of _lemmas_present's mask per document (a batch's few documents: a few hundred kilobytes).
    n = len(index.words)
    known = ids >= 0
    doc, word = batch.ids_doc[known], ids[known]  # a word met twice sets its lemmas twice: no harm
    first, last = index.surface_ptr[word], index.surface_ptr[word + 1]
    mask = numpy.zeros((len(batch.streams), n), dtype=bool)
    mask[numpy.repeat(doc, last - first), index.surface_lemma[_ranges(first, last - first)]] = True
    return mask.reshape(-1).take(numpy.repeat(batch.doc_of * n, flat.sizes) + roots)  # type: ignore[no-any-return]


def _repeats(index: ThesaurusIndex, ids: numpy.ndarray, wids: numpy.ndarray, batch: _Batch | None) -> numpy.ndarray:
    """The "repeats" feature of each position: log of how often its word occurs in its document."""
    if batch is not None:  # (document, word) pairs as one integer each
        n = len(index.words)
        ids, wids = numpy.where(ids >= 0, batch.ids_doc * n + ids, -1), batch.doc_of * n + wids
    known, known_counts = numpy.unique(ids[ids >= 0], return_counts=True)
    return _log_counts(int(known_counts.max(initial=1))).take(known_counts.take(numpy.searchsorted(known, wids)))


# math.log(c) at index c, grown when a document has a word more often (see _log_counts).
_LOGS: list[numpy.ndarray] = [numpy.zeros(1)]


def _log_counts(most: int) -> numpy.ndarray:
    """``math.log(c)`` at index c (index 0 unused) for every c up to ``most``: a table read by the counts, not a
    second numpy.unique of them. math.log, not numpy.log: numpy's vectorised log may differ in the last bit, and
    results must not move."""
    table = _LOGS[-1]
    if len(table) <= most:
        size = max(2 * len(table), most + 1)
        table = numpy.array([0.0, *(math.log(c) for c in range(1, size))], dtype="float64")
        _LOGS.append(table)  # appended, not replaced in place: a thread reading the old table keeps a valid one
    return table


@dataclass(frozen=True)
class DocumentCandidates:
    """The scoreable words of one document and their candidates, as parallel arrays (treat as read-only).

    Word k is ``token[k]`` at characters ``start[k]:end[k]``, with the word features of WordCandidates;
    its candidates are rows ``starts[k]:starts[k] + sizes[k]`` of ``features``, ``gains`` and ``form_ids``,
    and their forms ``forms_of(wid[k])``. A document has hundreds of words and few are reported: the
    document's scoring works on these arrays, and :meth:`item` makes the object of one word when asked."""

    token: numpy.ndarray
    start: numpy.ndarray
    end: numpy.ndarray
    at: numpy.ndarray  # index in the stream the model reads
    fit: numpy.ndarray
    rarity: numpy.ndarray
    repeats: numpy.ndarray
    topical: numpy.ndarray
    sizes: numpy.ndarray
    starts: numpy.ndarray
    features: numpy.ndarray
    gains: numpy.ndarray
    wid: numpy.ndarray  # the index's word id per word
    forms_of: Callable[[int], tuple[str, ...]]  # a word id's candidate forms
    form_ids: numpy.ndarray  # the index's word id of each candidate (rows as ``features``)
    stream: _Stream
    lm: LanguageModel
    model_ids: numpy.ndarray  # the model's id of each index word

    @classmethod
    def empty(cls, lm: LanguageModel) -> DocumentCandidates:
        ints, floats = numpy.zeros(0, dtype="int64"), numpy.zeros(0)
        no_rows = numpy.zeros((0, len(CANDIDATE_FEATURES)))
        i, f = (ints,) * 4, (floats,) * 4
        stream = _Stream([BOUNDARY], ints, ints, numpy.zeros(0, dtype=bool))
        no_forms: dict[int, tuple[str, ...]] = {}
        return cls(*i, *f, ints, ints, no_rows, floats, ints, no_forms.__getitem__, ints, stream, lm, ints)

    def word(self, k: int) -> str:
        """Word k, lower case."""
        return self.stream.words[int(self.at[k])]

    def __len__(self) -> int:
        return len(self.token)

    def __iter__(self) -> Iterator[WordCandidates]:
        return (self.item(k) for k in range(len(self.token)))

    def item(self, k: int) -> WordCandidates:
        """Word k as an object, for the words whose findings or explanations need one."""
        a = int(self.starts[k])
        b = a + int(self.sizes[k])
        at = int(self.at[k])
        return WordCandidates(
            int(self.token[k]),
            int(self.start[k]),
            int(self.end[k]),
            self.stream.words[at],
            float(self.fit[k]),
            float(self.rarity[k]),
            float(self.repeats[k]),
            float(self.topical[k]),
            self.forms_of(int(self.wid[k])),
            self.features[a:b],
            self.gains[a:b],
            _Place(self.stream.words, at, self.lm.knows),
        )

    def take(self, rows: numpy.ndarray) -> DocumentCandidates:
        """The words ``rows`` (indices, in order), their candidates' rows one after another."""
        if len(rows) == len(self.token):
            return self  # ``rows`` are kept in order: every word
        sizes = self.sizes[rows]
        picked = _ranges(self.starts[rows], sizes)
        return dataclasses.replace(
            self,
            token=self.token[rows],
            start=self.start[rows],
            end=self.end[rows],
            at=self.at[rows],
            fit=self.fit[rows],
            rarity=self.rarity[rows],
            repeats=self.repeats[rows],
            topical=self.topical[rows],
            sizes=sizes,
            starts=numpy.cumsum(sizes) - sizes,
            features=self.features[picked],
            gains=self.gains[picked],
            wid=self.wid[rows],
            form_ids=self.form_ids[picked],
        )

    def exact(self, words: Sequence[int]) -> list[WordCandidates]:
        """:func:`exact` of the words ``words``; from EXACT_BATCH words on, with the language model's look-ups
        of all of them in one batch (the same scores as pocketsphinx's one at a time: see LanguageModel.scores)."""
        if len(words) < EXACT_BATCH:
            return [exact(self.item(k), self.lm) for k in words]
        rows = numpy.asarray(words, dtype="int64")
        sizes = self.sizes[rows]
        picked = _ranges(self.starts[rows], sizes)
        windows = _Windows.of(self.stream, self.at[rows], self.model_ids[self.form_ids[picked]], sizes)
        gains = _window_gains(self.lm, windows, numpy.zeros(len(picked)), None, 0.0)[0] * self.lm.TO_LOG10
        out = []
        for k, a, b in zip(
            rows.tolist(), (numpy.cumsum(sizes) - sizes).tolist(), numpy.cumsum(sizes).tolist(), strict=True
        ):
            item = self.item(k)
            features = item.features.copy()
            features[:, 0] = numpy.clip(gains[a:b], -GAIN_CAP, GAIN_CAP)
            out.append(dataclasses.replace(item, features=features, gains=gains[a:b]))
        return out


def _position_gains(
    index: ThesaurusIndex,
    lm: LanguageModel,
    found: _Positions,
    flat: _Flat,
    prior: numpy.ndarray,
    full: int | None,
    group: numpy.ndarray | None = None,
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Every candidate's gain (log10, uncapped) and every position's fit, each distinct window scored once:
    spam repeats its phrases, and a word in a window already scored has the same gains.

    A window is told apart by the model ids it is scored with and by the word's index id (its candidates):
    two positions alike in these get the same gains and fit, whatever their text. Positions of a batch's
    different documents (``group``) are never alike: the candidates' priors depend on the document."""
    windows = _Windows.of(found.stream, found.at, numpy.zeros(0, dtype="int64"), flat.sizes)
    key = numpy.stack([found.wid, windows.word, windows.h1, windows.h2, windows.n1, windows.n2], axis=1)
    first, window_of = _distinct_rows(key, group)
    sizes = flat.sizes[first]
    picked = _ranges(flat.starts[first], sizes)
    distinct = windows.take(first, _lm_ids(index, lm).take(flat.form_ids.take(picked)), sizes)
    window_gains, fits = _window_gains(lm, distinct, prior.take(picked), full, load_weights().candidate[0])
    window_starts = numpy.cumsum(sizes) - sizes
    # Each position takes its window's gains: pair j of a position is pair j of its window.
    gains = window_gains.take(_ranges(window_starts[window_of], flat.sizes)) * lm.TO_LOG10
    return gains, (fits * lm.TO_LOG10).take(window_of)


def _distinct_rows(key: numpy.ndarray, group: numpy.ndarray | None = None) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The first row of each distinct row of ``key`` (ids >= -1, six columns) and each row's distinct one;
    with ``group``, rows of different groups are distinct.

    Three ids a 64-bit integer: a stable sort of two integer keys costs a tenth of numpy.unique(axis=0),
    which compares the rows' bytes one by one. (The distinct rows' order differs; nothing depends on it.)"""
    bits = int(key.max(initial=0) + 1).bit_length()
    if len(key) < 2 or 3 * bits > 63:
        whole = key if group is None else numpy.column_stack([group, key])
        _, first, inverse = numpy.unique(whole, axis=0, return_index=True, return_inverse=True)
        return first, inverse.reshape(-1)
    k = key + 1
    high = (k[:, 0] << 2 * bits) | (k[:, 1] << bits) | k[:, 2]
    low = (k[:, 3] << 2 * bits) | (k[:, 4] << bits) | k[:, 5]
    order = numpy.lexsort((low, high) if group is None else (low, high, group))
    new = numpy.empty(len(key), dtype=bool)
    new[0] = True
    high, low = high[order], low[order]
    new[1:] = (high[1:] != high[:-1]) | (low[1:] != low[:-1])
    if group is not None:
        sorted_group = group[order]
        new[1:] |= sorted_group[1:] != sorted_group[:-1]
    inverse = numpy.empty(len(key), dtype="int64")
    inverse[order] = numpy.cumsum(new) - 1
    return order[new], inverse


# Per index and model (by identity; the process has one of each): the model's id of every index word.
_LM_IDS: dict[tuple[int, int], tuple[ThesaurusIndex, LanguageModel, numpy.ndarray]] = {}


def _lm_ids(index: ThesaurusIndex, lm: LanguageModel) -> numpy.ndarray:
    entry = _LM_IDS.get((id(index), id(lm)))
    if entry is None or entry[0] is not index or entry[1] is not lm:
        entry = _LM_IDS[(id(index), id(lm))] = (index, lm, index.model_ids(lm))
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
) -> tuple[_Positions | None, numpy.ndarray]:
    """The document's scoreable words (known to the model, with candidate originals), and the word ids."""
    low = _lowered(doc, text)
    tokens, ids = _eligible(doc, index)
    if not len(tokens):
        return None, ids
    stream = _stream(doc, low, lm, _Known(ids, _lm_ids(index, lm)))
    starts, lengths = doc.to_array([IDX, LENGTH]).T
    return _kept(tokens, ids, _form_counts(index, ids[tokens]), stream, starts, lengths)


def _lowered(doc: Doc, text: str | None) -> str:
    """The document's text in lower case, character for character (offsets into it are the text's)."""
    if text is None:
        text = doc.text  # rebuilt token by token: pass the string when you have it
    low = text.lower()
    if len(low) != len(text):
        # A character whose lower case is longer ("İ" -> "i̇") would shift every offset after it: such a
        # character keeps its case (the word is then unknown to the model), every other is lowered.
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


# Every token attribute _positions reads, the first columns of the Doc's shared table (nlp.doc_table):
# _eligible's columns, then the rest of _stream's (whose columns are _STREAM_COLUMNS of these); IDX and LENGTH
# are _IDX and _IDX + 1.
_ALL_COLUMNS = [LOWER, IS_ALPHA, IS_TITLE, IS_UPPER, SENT_START, IS_PUNCT, IS_SPACE, IDX, LENGTH, SPACY]
_STREAM_COLUMNS = [1, 5, 6, 4, 7, 8, 9]
_IDX = 7


def _positions_of_many(
    docs: Sequence[tuple[Doc, str | None]], index: ThesaurusIndex, lm: LanguageModel
) -> list[tuple[_Positions | None, numpy.ndarray]]:
    """:func:`_positions` of each document, equal to it document by document, with the array work done once
    over the documents' tokens one after another (each call pays a few dozen numpy calls, which weigh on
    short pages). A document that does not begin a sentence at its first token (or has none) takes
    _positions itself: _eligible's sentences must not span two documents."""
    arrays = {k: doc_table(doc)[:, :TABLE_DETECTOR] for k, (doc, _) in enumerate(docs) if len(doc)}
    joined = [k for k, arr in arrays.items() if arr[0, 4] == 1]
    alone = set(range(len(docs))) - set(joined)
    out = {k: _positions(docs[k][0], index, lm, docs[k][1]) for k in alone}
    if joined:
        made = _joined_positions([docs[k] for k in joined], [arrays[k] for k in joined], index, lm)
        out.update(zip(joined, made, strict=True))
    return [out[k] for k in range(len(docs))]


def _joined_positions(
    docs: Sequence[tuple[Doc, str | None]], arrays: list[numpy.ndarray], index: ThesaurusIndex, lm: LanguageModel
) -> Iterator[tuple[_Positions | None, numpy.ndarray]]:
    lows = [_lowered(doc, text) for doc, text in docs]
    arr = numpy.concatenate(arrays)
    counts = [len(a) for a in arrays]
    firsts = numpy.cumsum([0, *counts])
    tokens, ids = _eligible_of(arr[:, :5].T, index)
    columns = list(arr[:, _STREAM_COLUMNS].T)
    chars = numpy.cumsum([0, *(len(low) for low in lows)])[:-1].astype(arr.dtype)
    columns[4] = columns[4] + numpy.repeat(chars, counts)  # IDX into the documents' lower-case texts joined
    made = _streams_of(tuple(columns), "".join(lows), firsts[:-1])
    model_ids = _entry_ids(made, lm, _Known(ids, _lm_ids(index, lm)))
    counted = _form_counts(index, ids[tokens])
    # Every token's entry in its own document's stream, and the end of _positions for all documents at once.
    entry_first = numpy.asarray(made.first, dtype="int64")
    of_token = numpy.repeat(entry_first, counts)
    position = numpy.where(made.position >= 0, made.position - of_token, -1)
    at = made.position[tokens]
    keep = (at >= 0) & (counted > 0)
    keep[keep] = model_ids[at[keep]] >= 0
    kept = tokens[keep]
    cut, cut_kept = (numpy.searchsorted(t, firsts).tolist() for t in (tokens, kept))
    ends = [*made.first[1:], len(made.entries)]
    for d, (doc, _) in enumerate(docs):
        a, b = int(firsts[d]), int(firsts[d + 1])
        if cut[d] == cut[d + 1]:
            yield None, ids[a:b]
        elif made.loop[d]:
            stream = _stream_loop(doc, lows[d], lm)
            mine, forms = tokens[cut[d] : cut[d + 1]] - a, counted[cut[d] : cut[d + 1]]
            yield _kept(mine, ids[a:b], forms, stream, arrays[d][:, _IDX], arrays[d][:, _IDX + 1])
        elif cut_kept[d] == cut_kept[d + 1]:
            yield None, ids[a:b]
        else:
            e, f = made.first[d], ends[d]
            stream = _Stream(made.entries.part(e, f), position[a:b], model_ids[e:f], made.boundary[e:f])
            mine = kept[cut_kept[d] : cut_kept[d + 1]]
            starts, lengths = arr[mine, _IDX], arr[mine, _IDX + 1]
            yield _Positions(mine - a, starts, starts + lengths, ids[mine], position[mine], stream), ids[a:b]


def _kept(
    tokens: numpy.ndarray,
    ids: numpy.ndarray,
    counts: numpy.ndarray,
    stream: _Stream,
    starts: numpy.ndarray,
    lengths: numpy.ndarray,
) -> tuple[_Positions | None, numpy.ndarray]:
    """The end of _positions: the eligible ``tokens`` the model knows and that have candidate forms
    (``counts``, per token), with the tokens' character ``starts`` and ``lengths``."""
    at = stream.position[tokens]
    keep = at >= 0
    keep[keep] = stream.ids[at[keep]] >= 0  # the model knows the word (it has no <UNK>: -1 is unknown)
    keep &= counts > 0
    if not keep.any():
        return None, ids
    tokens, at, wids = tokens[keep], at[keep], ids[tokens][keep]
    return _Positions(tokens, starts[tokens], starts[tokens] + lengths[tokens], wids, at, stream), ids


def _gated_topicality(values: numpy.ndarray, batch: _Batch | None) -> numpy.ndarray:
    """The words' topicality, weighed by how much their document itself is on the spam's topics.

    The table knows one field's words: in an article on another field (running shoes, a policy memo) every
    word would read as untopical and the whole article as spun. Below a mean topicality of TOPICAL_GATE_FROM
    over its scored words the feature is 0, and the article is judged as without it; it counts in full from
    TOPICAL_GATE_FROM + TOPICAL_GATE_SPAN (clean articles measured: other fields -0.5 to 0.55; skincare,
    dental and hair care 0.6 to 2.4). In a batch, each document by its own mean."""
    if not len(values):
        return values
    bounds = [0, len(values)] if batch is None else batch.positions
    out = numpy.empty(len(values))
    for a, b in itertools.pairwise(bounds):
        # each document's mean as score_words takes it alone: a batch must give the same numbers
        weight = min(max((float(values[a:b].mean()) - TOPICAL_GATE_FROM) / TOPICAL_GATE_SPAN, 0.0), 1.0)
        out[a:b] = values[a:b] * weight
    return out


def _lemmas_present(index: ThesaurusIndex, ids: numpy.ndarray) -> numpy.ndarray:
    """Per word id of the index: is it a lemma of a word of the document? (The "present" feature.)"""
    mask = numpy.zeros(len(index.words), dtype=bool)
    words = unique_sorted(ids[ids >= 0])
    first, last = index.surface_ptr[words], index.surface_ptr[words + 1]
    mask[index.surface_lemma[_ranges(first, last - first)]] = True
    return mask


def _window(words: Sequence[str], p: int, knows: Callable[[str], bool]) -> _Context:
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
