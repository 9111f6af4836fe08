"""Large regular expressions compiled once per machine rather than once per process.

``re.compile`` parses a pattern and assembles the engine's code in Python (``re._parser``, ``re._compiler``)
before the engine (``_sre``) builds the Pattern from that code. For contentlint's large alternations (claim
phrases, the link grammar, boilerplate templates) this was about 40 ms of every cold one-file check. The code is
a list of integers: it is kept per (pattern, flags) in the cache folder (:class:`cache.KeptTable`), and the
Pattern is built from it with the engine's constructor, as ``re._compiler.compile`` does.

The engine checks the code it is given before it builds a Pattern, and the table is named by the interpreter's
version and the engine's magic number, so code from another interpreter is never read; an entry that is
missing, unreadable or refused is compiled as ``re.compile`` would.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cache import KeptTable

try:
    import _sre
    import re._parser as _parser

    _compiler = importlib.import_module("re._compiler")  # (not in typeshed)
except ImportError:  # pragma: no cover - an interpreter without CPython's engine: compiled as usual
    _sre = None

_FORMAT = 1
# Shorter patterns compile in well under a millisecond: they are compiled as usual, which keeps the table to the
# large ones (a test run's thousands of small generated patterns would otherwise fill it).
_MIN_KEPT = 80
# What a malformed entry or a changed constructor raises: the pattern is then compiled as usual.
_REFUSED = (TypeError, ValueError, RuntimeError, OverflowError, AttributeError, IndexError)


@functools.cache
def _table() -> KeptTable:
    from .cache import KeptTable

    engine = f"{_FORMAT} {sys.version} {getattr(_sre, 'MAGIC', '')} {getattr(_sre, 'CODESIZE', '')}"
    return KeptTable("regex-code", engine)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the code kept in the cache folder when it is there."""
    flags = int(flags)
    if _sre is None or len(pattern) < _MIN_KEPT:
        return re.compile(pattern, flags)
    table = _table()
    entry = table.get((pattern, flags))
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)  # type: ignore[no-any-return]
        except _REFUSED:
            pass
    try:
        entry = _assemble(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
    except re.error:
        raise
    except _REFUSED:  # re's internals are not those this module knows
        return re.compile(pattern, flags)
    table.put((pattern, flags), entry)
    return compiled  # type: ignore[no-any-return]


def _assemble(pattern: str, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What ``re._compiler.compile`` hands the engine, in types marshal can keep."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | tree.state.flags, [int(c) for c in code], tree.state.groups - 1, groupindex, tuple(indexgroup)
