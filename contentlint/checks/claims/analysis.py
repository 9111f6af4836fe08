"""One pass over the document: for each sentence that may hold a claim, what the claim detectors need.

A :class:`SentenceView` holds the sentence's words (lower case and lemma) with their offsets, the
product or treatment class it is about, who speaks, and (lazily) whether evidence or a disclaimer
next to it clears its claims.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

import numpy
from spacy.strings import StringStore
from spacy.tokens import Span

from ...model import Context
from ...patterns import CaselessPattern, lowered
from ..tokens import LOWER_LEMMA_IDX_LENGTH, token_table
from .lexicon import CueTable, Lexicon
from .severity import ProductClass, Speaker

# Checked first: a named drug or device decides the class even in a sentence about "treatment".
_CLASS_ORDER = (
    ProductClass.DRUG,
    ProductClass.COSMETIC,
    ProductClass.SUPPLEMENT,
    ProductClass.DEVICE,
    ProductClass.PROCEDURE,
)
_MAX_LIST_ITEM_WORDS = 25  # a disclaimer may follow a list of short items it covers
_LIST_LOOKAHEAD = 8


@dataclass
class SentenceView:
    index: int
    start: int  # character offsets in the document text
    end: int
    text: str
    words: list[tuple[str, str]]  # (lower, lemma) per token
    offsets: list[tuple[int, int]]  # (start, end) character offsets per token
    product: ProductClass
    last: int  # the last sentence of the run this view covers (see ``_continued``)
    tokens: tuple[int, int]  # token bounds in the Doc
    # The speaker, the span and the evidence window are read only where a claim may be: made on first use.
    dv: DocumentView = field(repr=False)
    _cleared: bool | None = field(default=None, repr=False)

    @functools.cached_property
    def speaker(self) -> Speaker:
        return _speaker(self.dv, self.text)

    @functools.cached_property
    def span(self) -> Span:
        return self.dv.ctx.doc[self.tokens[0] : self.tokens[1]]

    @functools.cached_property
    def window_end(self) -> int:
        """Evidence may sit up to here (the next sentence of the same block)."""
        return _window_end(self.dv, self.last)

    @functools.cached_property
    def low(self) -> str | None:
        """The lower-cased text the detectors' patterns scan, made once rather than once per detector."""
        return lowered(self.text)

    @functools.cached_property
    def lowers(self) -> list[str]:
        """The lower-case form of each token, which several exclusions read for every verb."""
        return [lower for lower, _ in self.words]

    @functools.cached_property
    def phrase_matches(self) -> dict[CaselessPattern, list[re.Match[str]]]:
        """Each claim phrase pattern's matches in the sentence (each its own ``finditer``'s), from one joint
        scan instead of one scan per detector."""
        phrases = self.dv.lex.claim_phrases
        if self.dv.phrase_free(self.start, self.end):
            return {pattern: [] for pattern in phrases.patterns}
        return dict(zip(phrases.patterns, phrases.finditer(self.text, self.low), strict=True))

    def before(self, char: int) -> str:
        """The sentence's text before a document offset."""
        return self.text[: char - self.start]


@dataclass
class DocumentView:
    ctx: Context
    lex: Lexicon
    low: str | None
    arrays: numpy.ndarray  # LOWER, LEMMA, IDX, LENGTH per token
    block_ends: list[int]
    product: ProductClass
    # A warning letter, a court summary: every claim in it is someone else's, reported.
    regulatory: bool
    parsed: bool  # a dependency parse ran (a statistical model is configured)
    phrase_starts: list[list[int]]  # where each of ``Lexicon.claim_phrases`` matches
    cues: numpy.ndarray  # per token, the class bits of its lower-case form and lemma (Lexicon.cue_table)
    verb_tokens: numpy.ndarray  # the tokens whose lemma is a claim verb
    # Every claim phrase match in the document, by start, with the largest end of any match that starts no later
    # (see phrase_free); None when the lower-cased text changes length (the gate is then off).
    phrase_reach: tuple[list[int], list[int]] | None = None

    def words(self, t0: int, t1: int) -> list[tuple[str, str]]:
        """(lower, lemma) of tokens t0..t1, read only for the sentences that may hold a claim."""
        # One mapped look-up over the flattened (lower, lemma) pairs: no Python loop per token.
        hashes = self.arrays[t0:t1, :2].ravel().tolist()
        names = list(map(_names(self.ctx.doc.vocab.strings).__getitem__, hashes))
        return list(zip(names[::2], names[1::2], strict=True))

    def phrase_free(self, start: int, end: int) -> bool:
        """Does the sentence text ``[start, end)`` hold no claim phrase match, as the document's scan shows?

        A pattern's first match in the sentence alone is a match in the document at the same place, unless
        the document's own matches of the pattern ran over that place (then one of them overlaps the sentence)
        or an assertion reads differently at the sentence's edges. The claim phrases' assertions are word
        boundaries, a positive look-ahead (which finds at least as much in the document as in the sentence)
        and a negative look-ahead just after a word (tests/test_claims_phrase_gate.py keeps this list): with
        non-word characters before the sentence and at its end, on both sides, each reads alike. So a sentence
        that no match of the document overlaps needs no scan of its own."""
        if self.phrase_reach is None:
            return False
        low = cast(str, self.low)
        if _WORD.match(low, end - 1) or (start > 0 and _WORD.match(low, start - 1)) or _WORD.match(low, end):
            return False
        starts, reach = self.phrase_reach
        k = bisect.bisect_left(starts, end)
        return k == 0 or reach[k - 1] <= start

    def offsets(self, t0: int, t1: int) -> list[tuple[int, int]]:
        starts = self.arrays[t0:t1, 2]
        return list(zip(starts.tolist(), (starts + self.arrays[t0:t1, 3]).tolist(), strict=True))

    def cleared(self, view: SentenceView) -> bool:
        """Evidence next to the claim, or a disclaimer that takes it back, clears it."""
        if view._cleared is None:
            view._cleared = _has_evidence(self, view.start, view.window_end) or self._disclaimed(view)
        return view._cleared

    def _disclaimed(self, view: SentenceView) -> bool:
        sents = self.ctx.sentences
        text = self.ctx.text
        for k in range(view.index, min(len(sents), view.index + _LIST_LOOKAHEAD)):
            s0, s1 = sents.start_char[k], sents.end_char[k]
            if self.lex.disclaimers.search(text, self.low, s0, s1):
                return True
            if k > view.index and sents.end[k] - sents.start[k] > _MAX_LIST_ITEM_WORDS:
                return False
        return False


class _Names(dict[int, str]):
    """String hash -> string, for the words of one StringStore, kept across documents: a dict look-up costs a
    third of the store's, and articles share most of their words. A hash names one string, so a kept name is
    the store's own answer; one not seen yet is asked of the store (which raises as before for an unknown one)."""

    def __init__(self, strings: StringStore) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        if len(self) >= _NAMES_KEPT:
            self.clear()  # a long audit of varied pages: start again rather than grow without bound
        # (StringStore's __getitem__ is typed for both directions; hashes give strings)
        name = cast(str, self.strings[key])
        self[key] = name
        return name


_NAMES_KEPT = 200_000
_NAMES: list[_Names] = []


def _names(strings: StringStore) -> _Names:
    """The kept names of ``strings`` (the process's pipeline has one store; another replaces them)."""
    if not _NAMES or _NAMES[0].strings is not strings:
        _NAMES[:] = [_Names(strings)]
    return _NAMES[0]


def document_view(ctx: Context, lex: Lexicon) -> DocumentView:
    arrays = token_table(ctx)[:, LOWER_LEMMA_IDX_LENGTH]
    low = lowered(ctx.text)
    matches = lex.claim_phrases.finditer(ctx.text, low)
    starts = [[m.start() for m in found] for found in matches]
    cues, verb_tokens = _cues(arrays, lex.cue_table)
    return DocumentView(
        ctx,
        lex,
        low,
        arrays,
        sorted(b.end for b in ctx.document.blocks),
        _document_class(cues, lex.cue_table),
        len(starts[-1]) >= _REGULATORY_MENTIONS,
        ctx.doc.has_annotation("DEP"),
        starts[:-1],
        cues,
        verb_tokens,
        None if low is None else _phrase_reach(matches),
    )


_WORD = re.compile(r"\w")


def _phrase_reach(matches: list[list[re.Match[str]]]) -> tuple[list[int], list[int]]:
    """The starts of all matches in order, and for each the largest end of the matches up to it: a span
    ``[a, b)`` overlaps a match exactly when, of the matches that start before ``b``, one ends after ``a``."""
    spans = sorted(m.span() for found in matches for m in found)
    return [a for a, _ in spans], list(itertools.accumulate((b for _, b in spans), max))


_REGULATORY_MENTIONS = 2  # one mention of the FDA is a brand page; two or more, a report about someone


def _cues(arrays: numpy.ndarray, table: CueTable) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Each token's class bits (of its lower-case form or its lemma) and the tokens whose lemma is a claim
    verb: one binary search per column in the table of both kinds of word."""
    if not len(table.keys):
        return numpy.zeros(len(arrays), dtype="uint8"), numpy.zeros(0, dtype="int64")
    lemma_at = numpy.searchsorted(table.keys, arrays[:, 1]).clip(max=len(table.keys) - 1)
    lemma_found = table.keys[lemma_at] == arrays[:, 1]
    lower_at = numpy.searchsorted(table.keys, arrays[:, 0]).clip(max=len(table.keys) - 1)
    cues = numpy.where(lemma_found, table.bits[lemma_at], 0) | numpy.where(
        table.keys[lower_at] == arrays[:, 0], table.bits[lower_at], 0
    )
    return cues.astype("uint8", copy=False), numpy.flatnonzero(lemma_found & table.verb[lemma_at])


# Row v: the bits of the byte v (bit i in column i), to count each class's tokens from a tally of the cue bytes.
_BYTE_BITS = (numpy.arange(256)[:, None] >> numpy.arange(8)) & 1


def _document_class(cues: numpy.ndarray, table: CueTable) -> ProductClass:
    """The class whose cue words occur most often (lower case or lemma), counted on whole arrays."""
    per_bit = (numpy.bincount(cues, minlength=256) @ _BYTE_BITS).tolist()
    counts = {cls: per_bit[table.classes.index(cls.value)] for cls in _CLASS_ORDER}
    if not any(counts.values()):
        return ProductClass.UNKNOWN
    return max(_CLASS_ORDER, key=lambda c: (counts[c], -_CLASS_ORDER.index(c)))


def sentence_class(dv: DocumentView, t0: int, t1: int) -> ProductClass:
    """The first class, in priority order, with a cue word among tokens t0..t1; else the document's."""
    present = int(numpy.bitwise_or.reduce(dv.cues[t0:t1]))
    classes = dv.lex.cue_table.classes
    return next((c for c in _CLASS_ORDER if present >> classes.index(c.value) & 1), dv.product)


def _candidate_sentences(dv: DocumentView) -> list[int]:
    """Sentences holding a claim verb or a claim phrase; scanning once beats running every pattern per sentence."""
    sents = dv.ctx.sentences
    found = set((numpy.searchsorted(numpy.array(sents.start), dv.verb_tokens, side="right") - 1).tolist())
    for starts in dv.phrase_starts:
        found.update(bisect.bisect_right(sents.start_char, start) - 1 for start in starts)
    return sorted(i for i in found if i >= 0)


def sentences(dv: DocumentView) -> Iterator[SentenceView]:
    sents = dv.ctx.sentences
    text = dv.ctx.text
    merged_until = -1
    for index in _candidate_sentences(dv):
        if index <= merged_until:
            continue
        last = merged_until = _continued(dv, index)
        s0, s1 = sents.start_char[index], sents.end_char[last]
        if len(text[s0:s1].strip()) < 8:
            continue
        t0, t1 = sents.start[index], sents.end[last]
        words = dv.words(t0, t1)
        yield SentenceView(
            index,
            s0,
            s1,
            text[s0:s1],
            words,
            dv.offsets(t0, t1),
            sentence_class(dv, t0, t1),
            last,
            (t0, t1),
            dv,
        )


_NUMBER_ABBREVIATION = re.compile(r"\b(?:no|nos|vs|approx)\.\s*$", re.IGNORECASE)


def _continued(dv: DocumentView, index: int) -> int:
    """The last sentence of a run the splitter cut after "No." before a number ("the No. 1 serum")."""
    sents = dv.ctx.sentences
    text = dv.ctx.text
    last = index
    while last + 1 < len(sents) and _cut_after_abbreviation(text[sents.start_char[last] : sents.end_char[last]]):
        if not text[sents.start_char[last + 1] : sents.start_char[last + 1] + 1].isdigit():
            break
        last += 1
    return last


def _cut_after_abbreviation(sentence: str) -> bool:
    """Does the sentence end with "No.", "vs." (_NUMBER_ABBREVIATION)? Searched from 8 characters before its last
    non-space one: a match ends at the end, its word and stop are at most 7 characters, so it begins after that
    point, whose character its word boundary still reads (the search of the whole sentence, without its start)."""
    return _NUMBER_ABBREVIATION.search(sentence, max(0, len(sentence.rstrip()) - 8)) is not None


def _speaker(dv: DocumentView, sentence: str) -> Speaker:
    if dv.regulatory or find(dv.lex.regulator, sentence):
        return Speaker.REPORTED
    return Speaker.CLINICIAN if dv.lex.clinician.search(sentence) else Speaker.SELLER


def _window_end(dv: DocumentView, index: int) -> int:
    """This sentence and the next if it is in the same block; a question's answer in the next block."""
    sents = dv.ctx.sentences
    s0, s1 = sents.start_char[index], sents.end_char[index]
    text = dv.ctx.text
    k = bisect.bisect_left(dv.block_ends, s0 + len(text[s0:s1].rstrip()))
    block_end = dv.block_ends[k] if k < len(dv.block_ends) else len(text)
    if index + 1 < len(sents) and sents.start_char[index + 1] < block_end:
        return min(sents.end_char[index + 1], block_end)
    if text[s0:s1].rstrip().endswith("?") and index + 1 < len(sents):
        return sents.end_char[index + 1]
    return s1


def _has_evidence(dv: DocumentView, start: int, end: int) -> bool:
    if dv.lex.evidence.search(dv.ctx.text, dv.low, start, end):
        return True
    return any(
        link.start < end and link.end > start and any(h in link.href.lower() for h in dv.lex.link_hosts)
        for link in dv.ctx.document.links
    )


_NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|no|isn't|aren't|wasn't|hasn't|haven't|doesn't|don't|nor|without|neither)\b(?:\s+[\w-]+){0,2}\s*$",
    re.IGNORECASE,
)


def negated_before(prefix: str) -> bool:
    """ "has not been clinically tested", "is not FDA-approved": the phrase is denied, not claimed."""
    return bool(_NEGATED_BEFORE.search(prefix[-40:]))


def in_quotes(prefix: str) -> bool:
    """An odd number of quotation marks before a point: it sits inside a quotation."""
    straight = prefix.count('"') % 2 == 1
    curly = prefix.count("\u201c") > prefix.count("\u201d")
    return straight or curly


def reported_before(view: SentenceView, lex: Lexicon, char: int) -> bool:
    """Someone else's claim reported ("many products claim to"), unless quoted or described by a regulator."""
    prefix = view.before(char)
    if in_quotes(prefix) or view.speaker is Speaker.REPORTED:
        return False
    return find(lex.reported, prefix) is not None


def find(pattern: CaselessPattern, s: str) -> re.Match[str] | None:
    """Search a short string (a sentence or part of one); anchors refer to its own ends."""
    return pattern.search(s, lowered(s))
