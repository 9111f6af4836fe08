"""The one spaCy pipeline of a process: blank English, rule-based sentences, lookup lemmas.

No statistical model is needed (none can be downloaded where contentlint runs); a user who has
``en_core_web_sm`` installed may name it in the config and rules that gain from tags use it then.
Lemmas come from spaCy's English lookup table (``spacy-lookups-data``), applied to the lower-cased
token so that "Conveniences" and "conveniences" share a lemma; phrase rules match on that.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import numpy
import spacy
from spacy.attrs import (
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    ORTH,
    SENT_START,
    SPACY,
)
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import minibatch

from .cache import Table
from .startup import resume_collection

DEFAULT_MODEL = "blank:en"
# spaCy's English lemma lookup table as arrays; shipped with contentlint (tools/build_data.py). Lemmas get
# StringStore ids, which are spaCy's symbol ids for its built-in strings: spaCy's symbols count.
LEMMA_TABLE = Table("en-lemma-arrays", 2, ("spacy-lookups-data", "spacy"))
_LEMMA_COMPONENT = "contentlint_lemmas"
_SENTENCE_COMPONENT = "contentlint_sentences"


@Language.factory(_SENTENCE_COMPONENT)
def _make_sentences(nlp: Language, name: str) -> RuleSentences:
    return RuleSentences(nlp)


class _BatchComponent:
    """A pipeline component whose work is whole-array numpy calls over a batch of documents: one document
    through ``__call__``, a batch at a time through ``pipe`` (``nlp.pipe``'s path), since the cost is the
    calls, not the tokens."""

    def __call__(self, doc: Doc) -> Doc:
        self._process([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._process(batch)
            yield from batch

    def _process(self, docs: list[Doc]) -> None:
        raise NotImplementedError


class RuleSentences(_BatchComponent):
    """Rule-based sentence boundaries, with spaCy's sentencizer's rule, plus one of contentlint's own.

    A sentence ends after a run of sentence-final punctuation (spaCy's ``Sentencizer`` characters).
    A blank line also ends one: headings and paragraphs never share a sentence, even without a full
    stop, and loaders join blocks with blank lines, so this holds for Markdown and HTML too. Computed
    on whole token arrays and written once: a Python object per token costs more than the rule.
    """

    def __init__(self, nlp: Language) -> None:
        from spacy.pipeline import Sentencizer

        strings = nlp.vocab.strings
        self._punct = numpy.array(sorted(strings.add(c) for c in Sentencizer.default_punct_chars), dtype="uint64")

    def _process(self, docs: list[Doc]) -> None:
        full = [doc for doc in docs if len(doc)]
        if not full:
            return
        tokens = _Batch(full)
        orth, space, punct = numpy.concatenate([doc.to_array([ORTH, IS_SPACE, IS_PUNCT]) for doc in full]).T
        # Membership by binary search in the sorted table: ``numpy.isin`` compares every token with each of
        # the sixty-odd characters in turn.
        at = numpy.searchsorted(self._punct, orth).clip(max=len(self._punct) - 1)
        final = self._punct[at] == orth
        starts = numpy.full(len(orth), -1, dtype="int64")
        starts[tokens.first] = 1
        # As spaCy's sentencizer: after final punctuation, the next token that is not punctuation
        # (a closing quote or bracket stays with its sentence) starts a new sentence, in the same document.
        words = numpy.flatnonzero(~(final | punct.astype(bool)))
        if len(words):
            finals = numpy.flatnonzero(final)
            nxt = numpy.searchsorted(words, finals + 1)
            inside = nxt < len(words)
            targets = words[nxt[inside]]
            starts[targets[targets < tokens.end_of[finals[inside]]]] = 1
        spaces = numpy.flatnonzero(space)
        for i in spaces[spaces + 1 < tokens.end_of[spaces]].tolist():
            if "\n\n" in tokens.token(i).text:
                starts[i + 1] = 1
        # spaCy's stubs ask for thinc's Ints2d; a 2-D uint64 array is what it takes.
        values = starts.reshape(-1, 1).astype("uint64")
        for doc, a, b in tokens.ranges():
            doc.from_array([SENT_START], values[a:b])  # type: ignore[arg-type]


class _Batch:
    """Documents' tokens numbered one after another, as in their arrays joined."""

    def __init__(self, docs: list[Doc]) -> None:
        self.docs = docs
        lengths = numpy.fromiter((len(doc) for doc in docs), dtype="int64", count=len(docs))
        ends = numpy.cumsum(lengths)
        self.first = ends - lengths  # each document's first token
        self.bounds = list(zip(self.first.tolist(), ends.tolist(), strict=True))
        self.end_of = numpy.repeat(ends, lengths)  # for each token, the end of its document
        self._doc_of = numpy.repeat(numpy.arange(len(docs)), lengths)

    def token(self, i: int) -> Token:
        k = int(self._doc_of[i])
        return self.docs[k][i - self.bounds[k][0]]

    def ranges(self) -> Iterator[tuple[Doc, int, int]]:
        return ((doc, a, b) for doc, (a, b) in zip(self.docs, self.bounds, strict=True))


@Language.factory(_LEMMA_COMPONENT)
def _make_lemmatizer(nlp: Language, name: str) -> LowerLookupLemmatizer:
    return LowerLookupLemmatizer(nlp)


class LowerLookupLemmatizer(_BatchComponent):
    """Sets ``token.lemma_`` from the English lookup table, keyed on the lower-cased form."""

    def __init__(self, nlp: Language) -> None:
        # The table is keyed by the hash of the surface form already; the values are resolved to hashes
        # once (and the table cached on disk). Look-ups are then one vectorised binary search per document.
        from .cache import derived, unpack_strings

        table = derived(LEMMA_TABLE, _lemma_arrays)
        self._keys = table["keys"]
        # Lemma strings enter the StringStore when a document first uses them, not all 41,000 up front.
        self._lemma_strings = unpack_strings(table["strings"])
        self._lemma_hashes = string_ids(self._lemma_strings)  # sorted: the table lists lemmas by id
        self._lemma_of = table["lemma_of"]
        self._values = self._lemma_hashes[self._lemma_of]
        self._added = numpy.zeros(len(self._lemma_strings), dtype=bool)  # lemma i is in the StringStore
        self._strings = nlp.vocab.strings

    def _process(self, docs: list[Doc]) -> None:
        full = [doc for doc in docs if len(doc)]
        if not full or not len(self._keys):
            return
        # Whole-array reads and writes: creating a Token object per token costs more than the look-up.
        lowers = numpy.concatenate([doc.to_array(LOWER) for doc in full])
        # Each distinct form looked up once: a batch has a few thousand among tens of thousands of tokens, and
        # one sort of the batch costs less than a binary search of the table per token.
        distinct, inverse = numpy.unique(lowers, return_inverse=True)
        at = numpy.minimum(numpy.searchsorted(self._keys, distinct), len(self._keys) - 1)
        found = self._keys[at] == distinct
        lemmas = numpy.where(found, self._values[at], distinct).astype("uint64")[inverse.reshape(-1)]
        # The lemmas (by their index in the table) not yet in the StringStore: after the first documents, none.
        used = unique_sorted(self._lemma_of[at[found]])
        for i in used[~self._added[used]].tolist():
            self._strings.add(self._lemma_strings[i])
        self._added[used] = True
        for doc, a, b in _Batch(full).ranges():
            doc.from_array([LEMMA], lemmas[a:b])  # type: ignore[arg-type]  # (see RuleSentences)


def _lemma_arrays() -> dict[str, numpy.ndarray]:
    """spaCy's English lemma lookup table: sorted surface-form hashes, and for each its lemma's index.

    The lemmas are listed in the order of their string ids, which are computed when the table is
    loaded (:func:`string_ids`), so the table holds no 64-bit id that can be derived.
    """
    from spacy.lookups import load_lookups

    from .cache import pack_strings

    table = dict(load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup").items())
    keys = numpy.array(sorted(table), dtype="uint64")
    strings = sorted(set(table.values()), key=lambda s: int(string_ids([s])[0]))
    index = {s: i for i, s in enumerate(strings)}
    lemma_of = numpy.array([index[table[int(k)]] for k in keys.tolist()], dtype="int64")
    return {"keys": keys, "lemma_of": lemma_of, "strings": pack_strings(strings)}


def unique_sorted(values: numpy.ndarray) -> numpy.ndarray:
    """``numpy.unique(values)`` of a one-dimensional array: its values sorted, each once. numpy.unique asks on every
    call whether the array is masked, which imports numpy.ma the first time: 8 ms of a cold one-file check."""
    ordered = numpy.sort(values)
    first = numpy.empty(len(ordered), dtype=bool)
    first[:1] = True
    numpy.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]  # type: ignore[no-any-return]


def string_ids(strings: list[str]) -> numpy.ndarray:
    """spaCy's string id of each string, as a StringStore gives it (and so the LOWER and LEMMA attributes).

    That is the string's hash, except for spaCy's built-in symbols ("mark" is one), which have small
    ids; a hundred times faster than adding the strings to a StringStore. The shipped tables that
    rely on it are keyed by a digest of spaCy's symbols (contentlint.cache.source_key).
    """
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # in spaCy's Cython module, not its stubs
    from spacy.symbols import IDS

    return numpy.fromiter((IDS.get(s) or hash_string(s) for s in strings), dtype="uint64", count=len(strings))


class Sentences:
    """Sentence bounds of a Doc as plain lists: token start/end and character start/end.

    ``Doc.sents`` builds a Span per sentence and walks every token to do it; checks that only need
    the bounds read them from these lists (computed once per document from whole arrays).
    """

    __slots__ = ("end", "end_char", "start", "start_char")

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        if not n:
            self.start = self.end = self.start_char = self.end_char = []
            return
        table = doc_table(doc)
        sent_start, idx, length = (table[:, c] for c in (TABLE_SENT_START, TABLE_IDX, TABLE_LENGTH))
        starts = numpy.flatnonzero(sent_start == 1)
        if not len(starts) or starts[0] != 0:
            starts = numpy.r_[0, starts]
        ends = numpy.r_[starts[1:], n]
        self.start = starts.tolist()
        self.end = ends.tolist()
        self.start_char = idx[starts].tolist()
        self.end_char = (idx[ends - 1] + length[ends - 1]).tolist()

    def __len__(self) -> int:
        return len(self.start)


# The token attributes read after the pipeline (the sentences' bounds, the checks' token table, the spin
# detector's columns), in one ``Doc.to_array`` call per document: each column costs about as much as another
# call's, and three calls read LOWER, IDX, LENGTH, SENT_START and the lexeme flags two or three times over.
# The detector's ten columns come first, in its order (it reads ``table[:, :TABLE_DETECTOR]``).
TABLE_COLUMNS = (
    *(LOWER, IS_ALPHA, IS_TITLE, IS_UPPER, SENT_START, IS_PUNCT, IS_SPACE, IDX, LENGTH, SPACY),
    *(LEMMA, LIKE_NUM),
)
TABLE_SENT_START, TABLE_IDX, TABLE_LENGTH, TABLE_DETECTOR = 4, 7, 8, 10
_TABLE_KEY = "contentlint.token-table"


def doc_table(doc: Doc) -> numpy.ndarray:
    """``TABLE_COLUMNS`` of each token of a Doc the pipeline has processed (uint64, one row per token), read once
    and kept in the Doc's ``user_data``: whichever reader comes first pays for it. Not for a pipeline component:
    the sentence starts and lemmas are not yet written there."""
    table = doc.user_data.get(_TABLE_KEY)
    if table is None or len(table) != len(doc):
        if len(doc):
            table = doc.to_array(list(TABLE_COLUMNS))
        else:
            table = numpy.zeros((0, len(TABLE_COLUMNS)), dtype="uint64")
        doc.user_data[_TABLE_KEY] = table
    return table


def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The process's pipeline for ``model``, built on first use."""
    nlp = _build(model)  # one cache key per model, however the argument was passed
    resume_collection()  # the start-up is over (see contentlint.startup)
    return nlp


@functools.cache
def _build(model: str) -> Language:
    if model == DEFAULT_MODEL:
        nlp = spacy.blank("en")
        nlp.add_pipe(_SENTENCE_COMPONENT)
        nlp.add_pipe(_LEMMA_COMPONENT)
        # spaCy's 1M-character guard protects parser and NER memory; a tokenizer-only pipeline needs
        # about 1 KB per token, so the input size limit (--max-bytes) is the one that matters here.
        nlp.max_length = 10**9
        return nlp
    try:
        nlp = spacy.load(model, exclude=["ner"])  # a user-installed model: tags and parses help claim rules
    except (OSError, ImportError) as exc:
        from .errors import ConfigError

        raise ConfigError(
            f"spaCy model {model!r} is not installed ({exc.__class__.__name__}); install it with pip, or "
            'use model = "blank:en"'
        ) from None
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe(_SENTENCE_COMPONENT)
    return nlp
