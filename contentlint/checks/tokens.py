"""The token attributes several checks read (the claims, the spin evidence, readability), read from the Doc
in one ``to_array`` call per document.

Each check used to make its own call for two or three attributes: the per-call cost, and attributes such as
LIKE_NUM read two or three times over, came to about twice what one call for all of them costs.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_ALPHA, LEMMA, LENGTH, LIKE_NUM, LOWER

from ..model import Analysis, Context
from ..nlp import TABLE_COLUMNS, doc_table

# The columns of the table, in order (see the slices below).
COLUMNS = (LOWER, LEMMA, IDX, LENGTH, IS_ALPHA, LIKE_NUM)
LOWER_LEMMA_IDX_LENGTH = slice(0, 4)
LOWER_COLUMN, IDX_LENGTH, IS_ALPHA_COLUMN, LIKE_NUM_COLUMN, ALPHA_OR_NUMBER = 0, slice(2, 4), 4, 5, slice(4, 6)
LEMMA_COLUMN = 1
IDX_COLUMN = 2


# Where each of COLUMNS is in the Doc's shared table (nlp.TABLE_COLUMNS).
_FROM_DOC_TABLE = [TABLE_COLUMNS.index(c) for c in COLUMNS]


def _table(ctx: Context) -> numpy.ndarray:
    """One row per token, ``COLUMNS`` (uint64, as ``Doc.to_array`` gives each of them), taken from the table
    that the sentences and the spin detector read too (``nlp.doc_table``)."""
    return doc_table(ctx.doc)[:, _FROM_DOC_TABLE]


TOKENS: Analysis[numpy.ndarray] = Analysis("token-arrays", _table)


def token_table(ctx: Context) -> numpy.ndarray:
    """The document's token table (see ``COLUMNS``), read once per document."""
    return ctx.analysis(TOKENS)
