"""The detector's array form (detector.score_words) against its per-word objects (detector.candidates).

The check scores a document on arrays and makes a word's object only for the words it reports; the
training and mining tools iterate over objects. Both must give the same numbers, bit for bit.
"""

from __future__ import annotations

from pathlib import Path

import numpy
from hypothesis import given
from hypothesis import strategies as st

from contentlint.checks.spun import _overlapping, _overlaps
from contentlint.model import Hit
from contentlint.nlp import get_nlp
from contentlint.spin.detector import candidates, exact, load_weights, score_words
from contentlint.spin.resources import language_model, thesaurus_index

FIXTURES = Path(__file__).parent / "fixtures" / "spin"


def _scored(name: str):  # type: ignore[no-untyped-def]
    text = (FIXTURES / name).read_text(encoding="utf-8")
    doc = get_nlp()(text)
    return doc, text, score_words(doc, thesaurus_index(), language_model(), text, estimate=True)


def test_objects_are_the_arrays_rows() -> None:
    doc, text, scored = _scored("spun/winter-lips.txt")
    items = list(candidates(doc, thesaurus_index(), language_model(), text, estimate=True))
    assert len(items) == len(scored) > 50
    for k, item in enumerate(items):
        a = int(scored.starts[k])
        assert (item.token, item.start, item.end) == (int(scored.token[k]), int(scored.start[k]), int(scored.end[k]))
        assert item.word == text[item.start : item.end].lower()
        assert (item.fit, item.rarity, item.repeats) == (scored.fit[k], scored.rarity[k], scored.repeats[k])
        assert len(item.forms) == int(scored.sizes[k])
        assert item.features.tolist() == scored.features[a : a + len(item.forms)].tolist()
        assert item.window is not None and item.window.word == item.word


def test_log_odds_of_the_arrays_equal_those_of_the_objects() -> None:
    """Every word, and a subset (as the phrasebook's hits leave out), bit for bit."""
    weights = load_weights()
    for name in ("spun/winter-lips.txt", "clean/running-shoes.txt"):
        _, _, scored = _scored(name)
        rows = numpy.flatnonzero(numpy.arange(len(scored)) % 3 != 1)
        for part in (scored, scored.take(rows)):
            objects = list(part)
            assert len(objects) == len(part) > 0
            assert weights.logits(part).tolist() == weights.logits(objects).tolist()


def test_taking_words_keeps_their_candidates() -> None:
    _, _, scored = _scored("spun/running-shoes.txt")
    rows = numpy.flatnonzero(numpy.arange(len(scored)) % 2 == 0)
    part = scored.take(rows)
    assert len(part) == len(rows)
    for j, k in enumerate(rows.tolist()):
        mine, whole = part.item(j), scored.item(k)
        assert (mine.token, mine.word, mine.forms) == (whole.token, whole.word, whole.forms)
        assert mine.features.tolist() == whole.features.tolist()
        assert mine.gains.tolist() == whole.gains.tolist()
    assert len(scored.take(numpy.zeros(0, dtype="int64"))) == 0


def test_a_document_without_scoreable_words() -> None:
    doc = get_nlp()("1 2 3 ...")
    scored = score_words(doc, thesaurus_index(), language_model(), "1 2 3 ...", estimate=True)
    assert len(scored) == 0 and list(scored) == []
    assert load_weights().logits(scored).tolist() == []


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=12)


@given(spans, spans)
def test_overlap_filter_on_arrays_is_the_one_span_at_a_time(
    hits: list[tuple[int, int]], words: list[tuple[int, int]]
) -> None:
    found = [Hit("CL101", s, s + n, "m") for s, n in hits]
    start = numpy.array([s for s, _ in words], dtype="int64")
    end = numpy.array([s + n for s, n in words], dtype="int64")
    taken = sorted((h.start, h.end) for h in found)
    expected = [_overlaps(taken, s, e) for s, e in zip(start.tolist(), end.tolist(), strict=True)]
    assert _overlapping(found, start, end).tolist() == expected


def test_bigram_look_ups_in_runs_find_what_one_at_a_time_finds() -> None:
    """Repeats next to each other are looked up once (the backoff of a window's history): same bigram codes."""
    trie = language_model().trie
    ids = [trie.ids[w] for w in ("the", "skin", "of", "winter", "dry", "lips", "care")]
    # Runs of three: the look-up in runs is taken (fewer than half the entries start a run).
    word = numpy.repeat([ids[k] for k in (0, 1, 2, 3, 3, 4, 5, 6)], 3)
    history = numpy.repeat([ids[k] for k in (1, 2, 2, 4, 5, 5, 6, 0)], 3)
    expected = trie._bigram_codes_of(word, history)
    assert (expected != -1).any()
    assert trie._bigram(word, history).tolist() == expected.tolist()
    alone = [int(trie._bigram_codes_of(word[k : k + 1], history[k : k + 1])[0]) for k in range(len(word))]
    assert alone == expected.tolist()


@given(
    st.lists(
        st.lists(st.sampled_from([-2.0, -0.5, 0.0, 0.5, 1.0, 3.0, float("nan")]), min_size=1, max_size=9),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 5),
)
def test_top_of_each_group_is_the_lexicographic_order(groups: list[list[float]], full: int) -> None:
    """The top ``full`` of each group by value, ties to the earlier one, as a sort by (group, -value, place)."""
    from contentlint.spin.detector import _top_of_each

    sizes = numpy.array([len(g) for g in groups])
    ranking = numpy.array([v for g in groups for v in g])
    win = numpy.repeat(numpy.arange(len(groups)), sizes)
    order = numpy.lexsort((numpy.arange(len(win)), -ranking, win))
    rank = numpy.empty(len(win), dtype="int64")
    rank[order] = numpy.arange(len(win)) - (numpy.cumsum(sizes) - sizes)[win[order]]
    assert _top_of_each(ranking, sizes, full).tolist() == (rank < full).tolist()


def test_words_judged_again_in_one_batch_as_one_at_a_time() -> None:
    """DocumentCandidates.exact (one batch of the array model) gives pocketsphinx's own window scores."""
    lm = language_model()
    for name in ("spun/winter-lips.txt", "clean/garden-tomatoes.txt"):
        _, _, scored = _scored(name)
        rows = list(range(0, len(scored), 2))
        batch = scored.exact(rows)
        assert len(batch) == len(rows) > 20
        for k, again in zip(rows, batch, strict=True):
            alone = exact(scored.item(k), lm)
            assert again.gains.tolist() == alone.gains.tolist()
            assert again.features.tolist() == alone.features.tolist()
            assert (again.word, again.forms) == (scored.word(k), alone.forms)
    assert scored.exact([]) == []
    few = scored.exact([0, 3])  # fewer than EXACT_BATCH: pocketsphinx itself
    assert [w.gains.tolist() for w in few] == [exact(scored.item(k), lm).gains.tolist() for k in (0, 3)]


@given(st.lists(st.tuples(*[st.integers(-1, 3)] * 6), min_size=1, max_size=40), st.booleans())
def test_distinct_windows_are_numpy_uniques(rows: list[tuple[int, ...]], wide: bool) -> None:
    """The same distinct rows as numpy.unique(axis=0), each first met where it first occurs (wide ids take
    numpy.unique's own path)."""
    from contentlint.spin.detector import _distinct_rows

    key = numpy.array(rows, dtype="int64") * (1 << 40 if wide else 1)
    first, inverse = _distinct_rows(key)
    assert key[first][inverse].tolist() == key.tolist()
    assert len(first) == len(numpy.unique(key, axis=0))
    assert all(rows.index(rows[f]) == f for f in first.tolist())


def _one_word_alternatives(index, wid: int) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    """The definition, one word at a time: each reading's candidates inflected like the word, a form kept
    in its first place, the word itself left out. Returns (form ids, index pairs)."""
    seen: dict[int, int] = {}
    for lemma, tag in index.readings(wid):
        a = int(index.cand_ptr[lemma])
        forms = index.inflections[index.cand_root[a : int(index.cand_ptr[lemma + 1])], tag].tolist()
        for k, form in enumerate(forms):
            if form >= 0 and form != wid and form not in seen:
                seen[form] = a + k
    return list(seen), list(seen.values())


def test_candidates_of_many_words_are_each_words_own() -> None:
    """The pool's array derivation gives every word the candidates, in the order, of the one-word definition."""
    from contentlint.spin.detector import _alternatives_of_many

    index = thesaurus_index()
    wids = numpy.flatnonzero(index.has_candidates(numpy.arange(len(index.words))))[::7]
    sizes, form_ids, pairs = _alternatives_of_many(index, wids)
    assert len(wids) > 1000 and len(form_ids) == len(pairs) == int(sizes.sum())
    starts = numpy.cumsum(sizes) - sizes
    for k, wid in enumerate(wids.tolist()):
        one_forms, one_pairs = _one_word_alternatives(index, wid)
        a, b = int(starts[k]), int(starts[k] + sizes[k])
        assert form_ids[a:b].tolist() == one_forms
        assert pairs[a:b].tolist() == one_pairs


def test_a_character_that_lengthens_in_lower_case_shifts_no_word() -> None:
    """"İ" lowers to two characters: the words after it are read at their own offsets all the same."""
    body = (FIXTURES / "spun/winter-lips.txt").read_text(encoding="utf-8")
    plain, dotted = "Istanbul notes. " + body, "İstanbul notes. " + body
    items = {}
    for text in (plain, dotted):
        items[text] = [
            (item.start, item.word) for item in candidates(get_nlp()(text), thesaurus_index(), language_model(), text)
        ]
    assert items[dotted] and all(dotted[s : s + len(w)].lower() == w for s, w in items[dotted])
    assert [i for i in items[plain] if i[0] > 8] == [i for i in items[dotted] if i[0] > 8]
