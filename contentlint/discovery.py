"""Which files a run lints: arguments, recursive directories, include/exclude globs, stdin."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError

# Never descended into: version control, environments, dependencies.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(
        fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*")
        for p in patterns
    )


def iter_paths(
    args: list[str], include: tuple[str, ...], exclude: tuple[str, ...]
) -> Iterator[tuple[str, Path | None]]:
    """Yield ``(display path, path)``; ``path`` is None for stdin. Unknown paths raise InputError lazily."""
    for arg in args:
        if arg == "-":
            yield "-", None
            continue
        path = Path(arg)
        if path.is_dir():
            yield from _walk(arg, path, include, exclude)
        else:
            yield arg, path  # a file named on the command line is linted whatever its suffix


def _walk(arg: str, root: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[tuple[str, Path]]:
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop, or a second way into the same directory
            dirnames[:] = []
            continue
        seen.add(key)
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not _matches(rel_dir + d, exclude))
        for name in sorted(filenames):
            rel = rel_dir + name
            if _matches(rel, include) and not _matches(rel, exclude):
                yield os.path.join(arg, rel) if arg not in (".", "./") else rel, Path(dirpath) / name


def read_file(path: Path | None, display: str, max_bytes: int) -> bytes | InputError:
    """The file's bytes, or an InputError saying in one line why they cannot be had."""
    if path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            return InputError(display, f"standard input is over the --max-bytes limit of {max_bytes:,} bytes")
        return data
    try:
        if path.is_symlink() and not path.exists():
            return InputError(display, "broken symbolic link")
        if not path.exists():
            return InputError(display, "no such file or directory")
        if not path.is_file():
            return InputError(display, "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            return InputError(
                display,
                f"file is {size:,} bytes, over the --max-bytes limit of {max_bytes:,} "
                "(raise the limit with --max-bytes or max-bytes in the config)",
            )
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except PermissionError:
        return InputError(display, "permission denied")
    except OSError as exc:
        return InputError(display, f"cannot read: {exc.strerror or exc}")
