"""Large regular expressions compiled once per machine rather than once per process.

``re.compile`` parses a pattern and assembles the engine's code in Python (``re._parser``, ``re._compiler``)
before the engine (``_sre``) builds the Pattern from that code. For contentlint's large alternations (claim
phrases, the link grammar, boilerplate templates) this was about 40 ms of every cold one-file check. The code is
a list of integers: it is kept per (pattern, flags) in one file of the cache folder, and the Pattern is built
from it with the engine's constructor, as ``re._compiler.compile`` does.

The engine checks the code it is given before it builds a Pattern, and the file is named by the interpreter's
version and the engine's magic number, so code from another interpreter is never read; an entry that is missing,
unreadable or refused is compiled as ``re.compile`` would. Entries compiled in a process are added to the file
when it ends.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib
import marshal
import re
import sys
from pathlib import Path
from typing import Any

try:
    import _sre
    import re._parser as _parser

    _compiler = importlib.import_module("re._compiler")  # (not in typeshed)
except ImportError:  # pragma: no cover - an interpreter without CPython's engine: compiled as usual
    _sre = None

_FORMAT = 1
# A file with more entries than this (patterns of many former versions) is started again at the next write.
_MAX_ENTRIES = 5000
# What a malformed entry or a changed constructor raises: the pattern is then compiled as usual.
_REFUSED = (TypeError, ValueError, RuntimeError, OverflowError, AttributeError, IndexError)

_table: dict[Any, Any] | None = None
_new: dict[tuple[str, int], tuple[Any, ...]] = {}


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the code kept in the cache folder when it is there."""
    flags = int(flags)
    if _sre is None:
        return re.compile(pattern, flags)
    entry = _entries().get((pattern, flags))
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
    if not _new:
        _save_at_exit()
    _new[(pattern, flags)] = entry
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


def _path() -> Path:
    from .cache import cache_dir

    engine = f"{_FORMAT} {sys.version} {getattr(_sre, 'MAGIC', '')} {getattr(_sre, 'CODESIZE', '')}"
    return cache_dir() / f"regex-code-{hashlib.sha256(engine.encode()).hexdigest()[:16]}.marshal"


def _entries() -> dict[Any, Any]:
    global _table
    if _table is None:
        from .cache import read_marshal

        found = read_marshal(_path())
        _table = found if isinstance(found, dict) else {}
    return _table


@functools.cache
def _save_at_exit() -> None:
    atexit.register(_save)


def _save() -> None:
    """Add the process's new entries to the file (re-read first: another process may have added its own)."""
    from .cache import read_marshal, replace_file

    try:
        path = _path()
        found = read_marshal(path)
        table = found if isinstance(found, dict) and len(found) < _MAX_ENTRIES else {}
        table.update(_new)
        packed = marshal.dumps(table)
    except (OSError, ValueError):  # (a cache that cannot be read or written only costs the compiling)
        return
    replace_file(path, lambda fh: fh.write(packed))
