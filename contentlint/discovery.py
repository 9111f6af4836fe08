"""Which files a run lints: arguments, recursive directories, include/exclude globs, stdin."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    args: list[str], include: tuple[str, ...], exclude: tuple[str, ...], respect_gitignore: bool = True
) -> Iterator[tuple[str, Path | None]]:
    """Yield ``(display path, path)``; ``path`` is None for stdin. Unknown paths raise InputError lazily."""
    for arg in args:
        if arg == "-":
            yield "-", None
            continue
        path = Path(arg)
        if path.is_dir():
            ignores = _ignores_above(path) if respect_gitignore else None
            yield from _walk(arg, path, include, exclude, ignores)
        else:
            yield arg, path  # a file named on the command line is linted whatever its suffix


Ignores = list[tuple[Path, Any]]  # (directory, pathspec.GitIgnoreSpec)


def _read_gitignore(directory: Path) -> Any:
    import pathspec  # only directory walks need it

    try:
        lines = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignores_above(root: Path) -> Ignores:
    """The .gitignore files between the repository's top (the directory holding .git) and ``root``."""
    root = root.resolve()
    chain = [root, *root.parents]
    top = next((d for d in chain if (d / ".git").exists()), None)
    if top is None:
        return []
    above = list(reversed(chain[1 : chain.index(top) + 1]))
    return [(d, spec) for d in above if (spec := _read_gitignore(d)) is not None]


def _ignored(path: Path, is_dir: bool, ignores: Ignores) -> bool:
    verdict = False
    for base, spec in ignores:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        result = spec.check_file(rel + "/" if is_dir else rel)
        if result.include is not None:  # the deepest, last matching pattern decides
            verdict = result.include
    return verdict


def _walk(
    arg: str, root: Path, include: tuple[str, ...], exclude: tuple[str, ...], ignores: Ignores | None
) -> Iterator[tuple[str, Path]]:
    seen: set[tuple[int, int]] = set()
    inherited: dict[str, Ignores] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        if not _first_visit(dirpath, seen):
            dirnames[:] = []
            continue
        here = Path(dirpath)
        active = _active_ignores(here, inherited.get(dirpath, ignores)) if ignores is not None else None
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        dirnames[:] = _kept_dirs(here, rel_dir, sorted(dirnames), exclude, active)
        if active is not None:
            inherited.update((os.path.join(dirpath, d), active) for d in dirnames)
        for name in sorted(filenames):
            rel = rel_dir + name
            if not _matches(rel, include) or _matches(rel, exclude):
                continue
            if active and _ignored((here / name).resolve(), False, active):
                continue
            yield os.path.join(arg, rel) if arg not in (".", "./") else rel, here / name


def _first_visit(dirpath: str, seen: set[tuple[int, int]]) -> bool:
    """False for an unreadable directory, a symlink loop, or a second way into the same directory."""
    try:
        st = os.stat(dirpath)
    except OSError:
        return False
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _active_ignores(here: Path, inherited: Ignores) -> Ignores:
    spec = _read_gitignore(here)
    return [*inherited, (here.resolve(), spec)] if spec is not None else inherited


def _kept_dirs(
    here: Path, rel_dir: str, dirnames: list[str], exclude: tuple[str, ...], active: Ignores | None
) -> list[str]:
    kept = []
    for d in dirnames:
        if d in SKIP_DIRS or _matches(rel_dir + d, exclude):
            continue
        if active and _ignored((here / d).resolve(), True, active):
            continue
        kept.append(d)
    return kept


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
