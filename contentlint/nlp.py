"""The one spaCy pipeline of a process: blank English, rule-based sentences, lookup lemmas.

No statistical model is needed (none can be downloaded where contentlint runs); a user who has
``en_core_web_sm`` installed may name it in the config and rules that gain from tags use it then.
Lemmas come from spaCy's English lookup table (``spacy-lookups-data``), applied to the lower-cased
token so that "Conveniences" and "conveniences" share a lemma; phrase rules match on that.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "blank:en"
_LEMMA_COMPONENT = "contentlint_lemmas"
_BLOCK_COMPONENT = "contentlint_block_sentences"


@Language.component(_BLOCK_COMPONENT)
def _block_sentences(doc: Doc) -> Doc:
    """A blank line ends a sentence: headings and paragraphs never share one, even without a full stop.

    Loaders join blocks with blank lines, so this holds for Markdown and HTML too. Done as one array
    write, because setting ``is_sent_start`` token by token rescans the document each time.
    """
    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START])
    changed = False
    for token in doc:
        if token.is_space and "\n\n" in token.text and token.i + 1 < len(doc) and starts[token.i + 1] != 1:
            starts[token.i + 1] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts)
    return doc


@Language.factory(_LEMMA_COMPONENT)
def _make_lemmatizer(nlp: Language, name: str) -> LowerLookupLemmatizer:
    return LowerLookupLemmatizer(nlp)


class LowerLookupLemmatizer:
    """Sets ``token.lemma_`` from the English lookup table, keyed on the lower-cased form."""

    def __init__(self, nlp: Language) -> None:
        # The table is keyed by the hash of the surface form already; the values are resolved to hashes
        # once (and cached on disk), so the per-token work is one dict look-up.
        from importlib.metadata import version

        from .cache import cached

        table = cached("en-lemma-lookup", version("spacy-lookups-data"), _lemma_table)
        add = nlp.vocab.strings.add
        self._by_lower: dict[int, int] = {key: add(value) for key, value in table.items()}

    def __call__(self, doc: Doc) -> Doc:
        get = self._by_lower.get
        for token in doc:
            lower = token.lower
            token.lemma = get(lower, lower)
        return doc


def _lemma_table() -> dict[int, str]:
    """spaCy's English lemma lookup table: hash of the surface form -> lemma."""
    from spacy.lookups import load_lookups

    return dict(load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup").items())


def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The process's pipeline for ``model``, built on first use."""
    return _build(model)  # one cache key per model, however the argument was passed


@functools.cache
def _build(model: str) -> Language:
    if model == DEFAULT_MODEL:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(_BLOCK_COMPONENT)
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
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(_BLOCK_COMPONENT)
    return nlp


def analyse(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32) -> Iterator[Doc]:
    return get_nlp(model).pipe(texts, batch_size=batch_size)
