"""The detector's word stream made with array operations is the token loop's, entry for entry."""

from __future__ import annotations

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.nlp import get_nlp
from contentlint.spin.detector import BOUNDARY, _eligible, _Known, _lm_ids, _stream, _stream_loop
from contentlint.spin.resources import language_model, thesaurus_index

PIECES = [
    "skin", "Warm", "you", "it", "They", "don", "can", "Dr", "e.g", "'s", "'ll", "n't", "'re", "'d", "'m", "'ve",
    ",", ".", "!", "?", ";", ":", "-", "(", ")", '"', "'", "…", "/", "42", "$", "%", " ", " ", " ", "  ", "\n",
    "\n\n", "\t",
]  # fmt: skip


def _same(text: str) -> None:
    doc = get_nlp()(text)
    low = text.lower()
    fast, slow = _stream(doc, low, language_model()), _stream_loop(doc, low, language_model())
    assert fast.words == slow.words
    assert fast.position.tolist() == slow.position.tolist()
    assert fast.ids.tolist() == slow.ids.tolist()
    assert fast.boundary.tolist() == slow.boundary.tolist()
    # The model ids of the words the index knows read from its table: the same ids as by their strings.
    index = thesaurus_index()
    known = _stream(doc, low, language_model(), _Known(_eligible(doc, index)[1], _lm_ids(index, language_model())))
    assert known.ids.tolist() == slow.ids.tolist()
    assert known.words == slow.words and list(known.words) == slow.words
    assert [known.words[k] for k in range(-len(slow.words), len(slow.words))] == slow.words + slow.words


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_array_stream_is_the_token_loops(text: str) -> None:
    _same(text)


def test_clitics_join_the_word_before_them() -> None:
    text = "You'll see it's the skin's own layer. They don't. 'S start, then you 'll wait.\n\nWe'd gone."
    _same(text)
    stream = _stream(get_nlp()(text), text.lower(), language_model())
    assert {"you'll", "it's", "skin's", "don't"} <= set(stream.words)
    assert stream.words[0] == BOUNDARY and bool(numpy.all(stream.boundary == [w == BOUNDARY for w in stream.words]))
