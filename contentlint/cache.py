"""A small on-disk cache for data derived from installed packages (built once, reused by every run).

Entries live in ``$CONTENTLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/contentlint``, else
``~/.cache/contentlint``, keyed by the source package's version. A cache that cannot be read or
written is simply rebuilt in memory: it only ever saves time.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    explicit = os.environ.get("CONTENTLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "contentlint"


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``'s result (dicts, lists, str, numbers: what marshal stores), cached under name and key."""
    path = cache_dir() / f"{name}-{key}.marshal"
    try:
        with path.open("rb") as fh:
            return marshal.load(fh)  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(value, fh)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
