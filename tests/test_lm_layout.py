"""The language model's look-up layout and the detector's shared look-ups give the numbers of the plain ones.

The batch scoring itself is held to pocketsphinx's own scores in test_spin_detector.py; here each faster
path is held to the path it replaced: the four-place buckets (_Slots) to the pointer buckets (_Buckets),
scores_given with the caller's bigram entries to scores, and _top_of_each's selection to a stable sort.
"""

from __future__ import annotations

import numpy
import pytest

from contentlint.spin.detector import _top_of_each, _top_of_each_sorted
from contentlint.spin.resources import _Buckets, _Slots, language_model


def _queries(keys: numpy.ndarray, rng: numpy.random.Generator, count: int) -> numpy.ndarray:
    """Keys the table holds, keys it mostly does not, and keys outside its range on both sides."""
    top = int(keys.max(initial=0))
    held = keys[rng.integers(0, len(keys), count)] if len(keys) else keys
    other = rng.integers(0, 2 * top + 2, count)
    edges = numpy.array([-7, -1, 0, top, top + 1, 1 << top.bit_length(), (1 << top.bit_length()) + 5])
    return numpy.concatenate([held, other, edges]).astype("int64")


@pytest.mark.parametrize("level", ["bigrams", "trigrams"])
def test_slots_find_what_the_pointer_buckets_find_in_the_model(level: str) -> None:
    keys = getattr(language_model().trie, level).keys
    slots, buckets = _Slots.of(keys), _Buckets.of(keys)
    assert len(slots.overflow.keys) > 0  # the model's levels fill some buckets past four keys
    wanted = _queries(keys, numpy.random.default_rng(5), 20000)
    assert slots.find(wanted).tolist() == buckets.find(wanted).tolist()
    sample = numpy.random.default_rng(6).integers(0, len(keys), 5000)
    assert slots.find(keys[sample]).tolist() == sample.tolist()


@pytest.mark.parametrize("count", [0, 1, 5, 300, 4096])
def test_slots_of_small_tables_with_crowded_buckets(count: int) -> None:
    rng = numpy.random.default_rng(count)
    # Multiples of a power of two: many share their low bits, which a poor mixing would crowd together.
    keys = numpy.unique(rng.integers(0, 1 << 20, 2 * count + 1) * 64)[:count].astype("int64")
    slots = _Slots.of(keys)
    assert slots.find(keys).tolist() == list(range(len(keys)))
    wanted = _queries(keys, rng, 3000)
    assert slots.find(wanted).tolist() == _Buckets.of(keys).find(wanted).tolist()
    rebuilt = _Slots.from_arrays(slots.arrays("level"), "level")
    assert rebuilt.find(wanted).tolist() == slots.find(wanted).tolist()


def _model_queries(rng: numpy.random.Generator, count: int) -> tuple[numpy.ndarray, ...]:
    """(word, h1, h2) ids: random words, bigrams the model holds with a random h2, and trigrams it holds;
    unknown words (-1) in every place, and histories repeated as a window's candidates repeat them."""
    trie = language_model().trie
    base = 1 << 25  # resources._KEY_BASE: a level's key is parent * base + word
    bigram_keys, trigram_keys = trie.bigrams.keys, trie.trigrams.keys
    pairs = bigram_keys[rng.integers(0, len(bigram_keys), count)]
    triples = trigram_keys[rng.integers(0, len(trigram_keys), count)]
    parents = bigram_keys[triples // base]
    word = numpy.concatenate([rng.integers(-1, 3000, count), pairs // base, parents // base])
    h1 = numpy.concatenate([rng.integers(-1, 3000, count), pairs % base, parents % base])
    h2 = numpy.concatenate([rng.integers(-1, 3000, 2 * count), triples % base])
    for column in (word, h1, h2):
        column[rng.integers(0, len(column), count // 10)] = -1
    h1[::7], h2[::5] = h1[1], h2[1]
    return word, h1, h2


def test_scores_given_the_bigram_entries_are_the_scores() -> None:
    lm = language_model()
    word, h1, h2 = _model_queries(numpy.random.default_rng(11), 10000)
    bigram, pair = lm.bigram_entries(word, h1), lm.bigram_entries(h1, h2)
    assert (bigram != -1).mean() > 0.5 and (pair != -1).mean() > 0.2  # the model's n-grams are met
    expected = lm.scores(word, h1, h2)
    assert lm.scores_given(word, h1, h2, bigram, pair).tolist() == expected.tolist()
    assert lm.unigram_scores(word).tolist() == lm.scores(word, numpy.full(len(word), -1), h2).tolist()


def test_scores_given_per_window_are_the_scores_of_each_query() -> None:
    """The window form of scores_given (history and its bigram once per window) gives every query the score
    scores() gives it with its window's history; windows with a history of -1, one word, or no bigram included."""
    lm = language_model()
    rng = numpy.random.default_rng(5)
    word, h1, h2 = _model_queries(rng, 6000)
    # Windows are the queries' distinct histories (the model's n-grams among them); some words are moved to
    # another window of the same h1, so that a window holds words with and without a trigram there.
    histories, window = numpy.unique(numpy.stack([h1, h2], axis=1), axis=0, return_inverse=True)
    window = window.reshape(-1)
    h1w, h2w = histories[:, 0].copy(), histories[:, 1].copy()
    moved = rng.integers(0, len(word), len(word) // 5)
    window[moved] = rng.integers(0, len(h1w), len(moved))
    bigram = lm.bigram_entries(word, h1w[window])
    pair = lm.bigram_entries(h1w, h2w)
    assert (h1w < 0).any() and (h2w < 0).any() and (bigram != -1).mean() > 0.3 and (pair != -1).mean() > 0.2
    expected = lm.scores(word, h1w[window], h2w[window])
    assert lm.scores_given(word, h1w, h2w, bigram, pair, window=window).tolist() == expected.tolist()


def test_top_of_each_selects_what_a_stable_sort_selects() -> None:
    rng = numpy.random.default_rng(3)
    for case in range(400):
        sizes = rng.integers(0 if case % 3 == 0 else 1, 30, rng.integers(1, 20))  # empty groups in some cases
        total = int(sizes.sum())
        # Whole numbers tie often; the ties must go to the earlier value, and -0.0 equals 0.0.
        ranking = rng.integers(-2, 3, total).astype("float64") if case % 2 else rng.normal(size=total)
        ranking[rng.integers(0, total, 2)] = -0.0
        full = int(rng.integers(1, 6))
        win = numpy.repeat(numpy.arange(len(sizes)), sizes)
        col = numpy.arange(total) - (numpy.cumsum(sizes) - sizes)[win]
        table = numpy.full((len(sizes), int(sizes.max())), numpy.nan)
        table[win, col] = -ranking
        assert _top_of_each(ranking, sizes, full).tolist() == _top_of_each_sorted(table, win, col, full).tolist()


def test_one_look_up_finds_what_pocketsphinx_finds_in_groups_out_of_order() -> None:
    """The table leaves out the entries of groups out of order that pocketsphinx's search misses: one look-up
    then answers as the search in those groups and the full table elsewhere did (the file's groups out of
    order are trigram groups)."""
    trie = language_model().trie
    words = trie.trigrams
    vocabulary = len(trie.words)
    assert len(words.disordered) > 0
    rng = numpy.random.default_rng(8)
    odd = words.disordered.astype("int64")
    sizes = (words.next[odd + 1] - words.next[odd]).astype("int64")
    starts = words.next[odd].tolist()
    members = numpy.concatenate([numpy.arange(a, a + n) for a, n in zip(starts, sizes.tolist(), strict=True)])
    parent = numpy.concatenate([numpy.repeat(odd, sizes), odd[rng.integers(0, len(odd), 2000)]])
    key = numpy.concatenate([words.word[members].astype("int64"), rng.integers(0, vocabulary, 2000)])
    expected = words.find_as_pocketsphinx(parent, key, vocabulary)
    assert (expected[: len(members)] < 0).any()  # the search misses some entries: the test sees the difference
    assert words.find(parent, key, vocabulary).tolist() == expected.tolist()
    sample = rng.integers(0, len(words.keys), 5000)
    plain = words.keys[sample] // (1 << 25)
    sorted_groups = ~numpy.isin(plain, odd)
    found = words.find(plain, words.keys[sample] % (1 << 25), vocabulary)
    assert found[sorted_groups].tolist() == sample[sorted_groups].tolist()



def test_the_bigram_code_table_holds_what_the_entry_table_points_to() -> None:
    """lm.bigram_entries gives each bigram's probability and backoff codes packed, as the entry table then the
    code arrays would: the same hits, the same codes."""
    lm = language_model()
    trie = lm.trie
    word, h1, _ = _model_queries(numpy.random.default_rng(13), 10000)
    packed = lm.bigram_entries(word, h1)
    entries = numpy.full(len(word), -1, dtype="int64")
    both = (word >= 0) & (h1 >= 0)
    entries[both] = trie.bigrams.buckets.find(word[both].astype("int64") * (1 << 25) + h1[both])
    assert (entries >= 0).mean() > 0.5 and (packed == -1).tolist() == (entries < 0).tolist()
    hit = entries >= 0
    assert ((packed[hit] >> 16) & 0xFFFF).tolist() == trie.bigram_prob[entries[hit]].tolist()
    assert (packed[hit] & 0xFFFF).tolist() == trie.bigram_backoff[entries[hit]].tolist()
    assert (trie.bigram_prob[entries[hit]] >= 0x8000).any()  # packed values with the sign bit: not misses


def test_the_trigram_probability_table_holds_what_the_entry_table_points_to() -> None:
    """The scoring's table of trigram probabilities, keyed by the three word ids, answers as the table of
    entries under the parent bigram's entry, then the entry's quantised probability, would: the same hits
    (groups out of order included), the same float32 bits."""
    trie = language_model().trie
    base = 1 << 25
    keys = trie.trigrams.keys
    rng = numpy.random.default_rng(12)
    sample = keys[rng.integers(0, len(keys), 20000)]
    odd = keys[numpy.isin(keys // base, trie.trigrams.disordered.astype("int64"))]  # some the search misses
    parent, h2 = numpy.concatenate([sample, odd]) // base, numpy.concatenate([sample, odd]) % base
    h2[:5000] = rng.integers(0, len(trie.words), 5000)  # mostly trigrams the model lacks
    entries = trie.trigrams.buckets.find(parent * base + h2)
    assert (entries >= 0).mean() > 0.3 and (entries[-len(odd) :] < 0).any() and (entries[:5000] < 0).any()
    bigram = trie.bigrams.keys[parent]
    bits = trie.trigram_probs.find_raw(trie._trigram_keys(bigram // base, bigram % base, h2))
    assert bits.dtype == numpy.int32 and (bits == -1).tolist() == (entries < 0).tolist()
    expected = trie.quant[2 * (1 << 16) + trie.trigram_prob[entries[entries >= 0]].astype("int64")]
    assert bits[entries >= 0].view("float32").tobytes() == expected.tobytes()
    assert (expected < 0).any()  # negative log-probabilities: values with the sign bit, not taken for misses


def test_pair_feature_rows_read_as_computed() -> None:
    """The table of pair features, read by rows as one-dimensional items, gives the rows computed."""
    from contentlint.spin.resources import _pair_rows, thesaurus_index

    table = thesaurus_index().pair_static
    pairs = numpy.random.default_rng(14).integers(0, len(table), 3000)
    read = table[pairs]
    assert read.dtype == numpy.float64 and read.shape == (len(pairs), 5)
    assert read.tobytes() == _pair_rows(table._arrays, pairs).tobytes()
    assert table[pairs[::-1]].tobytes() == read[::-1].tobytes()  # rows already computed, read again


def test_index_ids_of_finds_what_a_binary_search_finds() -> None:
    """ThesaurusIndex.ids_of's buckets give the word ids of a binary search of the sorted hashes: for words of
    the index, ids it lacks, the first and last hashes and the extremes of the range, read from a strided column."""
    from contentlint.spin.resources import thesaurus_index

    index = thesaurus_index()
    hashes, rng = index.hashes, numpy.random.default_rng(21)
    others = rng.integers(0, 2**63, 5000, dtype="int64").astype("uint64") * numpy.uint64(2)
    edges = numpy.array([0, 1, 2**63, 2**64 - 1], dtype="uint64")
    wanted = numpy.concatenate([hashes[rng.integers(0, len(hashes), 5000)], others, hashes[:3], hashes[-3:], edges])
    at = numpy.minimum(numpy.searchsorted(hashes, wanted), len(hashes) - 1)
    expected = numpy.where(hashes[at] == wanted, index.hash_ids[at], -1)
    assert (expected >= 0).sum() >= 5006
    assert index.ids_of(wanted).tolist() == expected.tolist()
    column = numpy.stack([wanted, wanted[::-1]], axis=1)[:, 0]  # a column of spaCy's to_array is strided
    assert index.ids_of(column).tolist() == expected.tolist()
