"""Rule data: the reviewed lists in ``rules/`` (phrasebooks, anchor grammar, claim lexicons).

In a source checkout they sit at the top of the repository; an installed wheel carries them as
``contentlint/_rules``. Each file is TOML with a ``[meta]`` table naming sources and licences. A rule
module loads its file with a :class:`Shape` saying which tables the file holds and what is in them,
so a renamed or mistyped table fails loudly instead of silently emptying the rule.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


@functools.cache
def rules_dir() -> Path:
    for candidate in (_HERE / "_rules", _HERE.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("contentlint's rule data is missing: reinstall the package")


class RuleDataError(ValueError):
    """A rule data file that is missing or does not have the shape its rule reads."""


def _str_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _table(value: Any) -> bool:
    return isinstance(value, dict)


# What a table may be, with the words an error uses for it.
STR_MAP: tuple[str, Callable[[Any], bool]] = ("a table of strings", _str_map)
STR_LIST: tuple[str, Callable[[Any], bool]] = ("a list of strings", _str_list)
TABLE: tuple[str, Callable[[Any], bool]] = ("a table", _table)


@dataclass(frozen=True)
class Shape:
    """The top-level keys a rule data file may hold (besides [meta]), each with what it must be, and
    the ones it must hold."""

    keys: tuple[tuple[str, tuple[str, Callable[[Any], bool]]], ...]
    required: tuple[str, ...] = ()

    def check(self, name: str, data: dict[str, Any]) -> None:
        allowed = dict(self.keys)
        for key in self.required:
            if key not in data:
                raise RuleDataError(f"rules/{name}.toml: missing [{key}] (the rule reads it)")
        for key, value in data.items():
            if key == "meta":
                continue
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise RuleDataError(f"rules/{name}.toml: unknown table [{key}] (the rule reads: {known})")
            what, valid = allowed[key]
            if not valid(value):
                raise RuleDataError(f"rules/{name}.toml: [{key}] must be {what}")


@functools.cache
def load(name: str, shape: Shape | None = None) -> dict[str, Any]:
    """Parse ``rules/NAME.toml`` once per process and check it against ``shape``; callers must not
    mutate the result."""
    path = rules_dir() / f"{name}.toml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RuleDataError(f"rules/{name}.toml is missing: reinstall contentlint") from None
    data = _parsed(name, raw)
    meta = data.get("meta", {})
    if not meta.get("sources") or not meta.get("licence"):
        raise RuleDataError(f"rules/{name}.toml: [meta] must name its sources and licence")
    if shape is not None:
        shape.check(name, data)
    return data


# Parsed files are kept in the cache folder, under a digest of the file's bytes: parsing the phrase lists with
# tomllib took 30 ms of every cold one-file check. An edited file has another digest and is parsed again.
_CACHE_FORMAT = 1


def _parsed(name: str, raw: bytes) -> dict[str, Any]:
    """The TOML document ``raw`` (``rules/NAME.toml``), parsed or read back from the cache folder; the checks
    of :func:`load` run on it either way."""
    from . import cache

    def parse() -> dict[str, Any]:
        try:
            return tomllib.loads(raw.decode())
        except tomllib.TOMLDecodeError as exc:
            raise RuleDataError(f"rules/{name}.toml: not valid TOML ({exc})") from None

    key = f"{_CACHE_FORMAT}-{hashlib.sha256(raw).hexdigest()[:16]}"
    return cache.cached_latest(f"rules-{name}", key, parse, lambda found: isinstance(found, dict))


def names() -> list[str]:
    """Every rule data file's name."""
    return sorted(p.stem for p in rules_dir().glob("*.toml"))
