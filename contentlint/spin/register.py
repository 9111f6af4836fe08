"""The descriptive register: words that legitimate product copy uses and the statistical detector finds odd.

The detector judges a word by how much likelier a trigram model finds a plainer candidate in its place. The
sensory and descriptive vocabulary of product copy (tasting notes, perfume, fashion, hotel and restaurant pages:
"velvety", "aromas", "silhouette", "plush") is exactly what such a model finds unlikely, so a short page of it got
the evidence of a spun page: of 1,937 pages of thirteen sources of such copy (150 a source), 39% had a spin above
0.3 (README, "Spin detection"). Spinners put a rare word in place of a common one; they do not write tasting notes.

``rules/spin_register.toml`` (built by ``python -m tools.spin.register``) lists the words that many copy pages of
several sources hold as odd and that the spun pages of the mining corpora do not. Where they are at least
REGISTER_SHARE of a document's odd words (a page of product copy), the document's evidence (the spin rate and
the odd-word share, hence its spin and the gates of CL103, CL106 and CL107 that read them) counts them as plain
words. Each word's own probability, by which CL102 and CL106 judge it, does not change: in a page the verdict
still calls spun, a listed word can be the spinner's.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy
from spacy.strings import get_string_id

from .. import ruledata

if TYPE_CHECKING:
    from .resources import ThesaurusIndex


def _counts(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0 for k, v in value.items()
    )


SHAPE = ruledata.Shape((("words", ("a table of words to positive page counts", _counts)),), required=("words",))
# The register is set aside only where its words are at least this share of the document's odd words: a page of
# product copy (on the copy pages above 0.3 spin, a median of 0.70; on oos1205all's clean pages above 0.3, rich
# copy, 0.46), not an article on the spam's topics that uses a few of them (the spun pages of dev2 and of
# oos1205all, a median of 0.07-0.08), where they may be the spinner's choice or the source's wording that the
# spun page kept. Chosen among 0 (always), 0.3 and 0.4 on dev2 and oos1205all (README, "Spin detection").
REGISTER_SHARE = 0.3
# The log-odds a listed word gets in the verdict's arrays: far below the odd-word cut (fluency.ODD_LOGIT) and a
# posterior of about e**-30 at any rate the EM reaches, so it counts as a scored word that is plain.
PLAIN_LOGIT = -30.0


@functools.cache
def register_words() -> frozenset[str]:
    """The listed words (lower case), checked: a file without them is an error naming it, never an empty list."""
    words = ruledata.load("spin_register", SHAPE)["words"]
    if not words:
        raise ruledata.RuleDataError("rules/spin_register.toml: [words] is empty")
    return frozenset(words)


_TABLES: dict[int, tuple[ThesaurusIndex, numpy.ndarray]] = {}


def register_table(index: ThesaurusIndex) -> numpy.ndarray:
    """One bool per word id of ``index`` (and a last False, for an id of -1): the word is listed."""
    entry = _TABLES.get(id(index))
    if entry is None or entry[0] is not index:
        entry = _TABLES[id(index)] = (index, index_table(index, register_words()))
    return entry[1]


def index_table(index: ThesaurusIndex, words: frozenset[str]) -> numpy.ndarray:
    """register_table from a word set (``words``)."""
    table = numpy.zeros(len(index.words) + 1, dtype=bool)
    if words:
        ids = index.ids_of(numpy.array([get_string_id(w) for w in sorted(words)], dtype="uint64"))
        table[ids[ids >= 0]] = True
    return table


def register_mask(index: ThesaurusIndex, word_ids: numpy.ndarray) -> numpy.ndarray:
    """For each word id of a document's scored words (DocumentCandidates.wid), whether the word is listed."""
    return register_table(index)[word_ids]  # type: ignore[no-any-return]
