"""Configuration: ``[tool.contentlint]`` in pyproject.toml or a ``contentlint.toml``.

The file nearest to a linted file wins (found by walking up from its directory). Unknown keys and
bad values are errors that name the file and the key: a typo must never silently disable a rule.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import Severity

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.mdx", "*.txt", "*.html", "*.htm", "*.xhtml")


@dataclass(frozen=True)
class Thresholds:
    max_sentence_words: int = 45  # CL501: a sentence longer than this is reported
    max_grade: float = 14.0  # CL502: Flesch-Kincaid grade above this is reported
    min_words_for_grade: int = 150  # CL502: shorter texts give unstable grade estimates
    near_duplicate: float = 0.8  # CL002: token-set similarity at which two headings are near-duplicates


_THRESHOLD_KEYS = {f.name.replace("_", "-"): f for f in dataclasses.fields(Thresholds)}


@dataclass(frozen=True)
class Override:
    """``[[tool.contentlint.overrides]]``: settings for the files matching ``files`` (gitignore-style globs)."""

    files: tuple[str, ...]
    table: dict[str, Any]
    where: str

    def matches(self, relpath: str) -> bool:
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(self.files).match_file(relpath)


_OVERRIDE_KEYS = {
    "select",
    "ignore",
    "severity",
    "fail-on",
    "fail-under",
    "fail-on-spin",
    "accept",
    "model",
    "thresholds",
}


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("CL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    fail_under: float | None = None
    fail_on_spin: float | None = None  # exit 1 when a file's spin (a probability) is at or above it
    accept: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    max_bytes: int = 10_000_000
    processes: int | None = None  # `check -j` for the whole run (from the configuration of the current directory)
    model: str = "blank:en"
    thresholds: Thresholds = field(default_factory=Thresholds)
    source: str | None = None  # the file this came from, for messages
    root: str | None = None  # the directory of that file: override globs are relative to it
    overrides: tuple[Override, ...] = ()

    def is_enabled(self, code: str) -> bool:
        """ruff's rule: the most specific matching prefix decides; select wins a tie."""
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select >= 0 and best_select >= best_ignore

    def selects_explicitly(self, code: str) -> bool:
        """Opt-in rules run only when a selector names them more precisely than "CL"."""
        return self.is_enabled(code) and any(code.startswith(p) and len(p) > 2 for p in self.select)

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


# Keys of the whole table: what an override may set, and what only applies to the whole run.
_KEYS = _OVERRIDE_KEYS | {"overrides", "include", "exclude", "max-bytes", "processes"}


def _str_list(where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _check_codes(where: str, key: str, codes: tuple[str, ...], known: frozenset[str]) -> None:
    for code in codes:
        if not any(k.startswith(code.upper()) for k in known):
            raise ConfigError(f"{where}: '{key}' names {code!r}, which matches no rule (see `contentlint rules`)")


def parse_config(data: dict[str, Any], where: str, known_codes: frozenset[str], base: Config | None = None) -> Config:
    """Validate a ``[tool.contentlint]`` table and apply it on top of ``base``."""
    cfg = base or Config()
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known keys: {', '.join(sorted(_KEYS))})")
    changes: dict[str, Any] = {"source": where}
    for key in ("select", "ignore"):
        if key in data:
            codes = tuple(c.upper() for c in _str_list(where, key, data[key]))
            _check_codes(where, key, codes, known_codes)
            changes[key] = codes
    for key in ("accept", "include", "exclude"):
        if key in data:
            changes[key] = _str_list(where, key, data[key])
    if "severity" in data:
        changes["severity"] = {**cfg.severity, **_parse_severities(data["severity"], where, known_codes)}
    for key, parse in _SCALARS.items():
        if key in data:
            changes[key.replace("-", "_")] = parse(data[key], where)
    if "thresholds" in data:
        changes["thresholds"] = _parse_thresholds(data["thresholds"], where, cfg.thresholds)
    if "overrides" in data:
        changes["overrides"] = _parse_overrides(data["overrides"], where, known_codes, cfg)
    return dataclasses.replace(cfg, **changes)


def _parse_severities(table: Any, where: str, known_codes: frozenset[str]) -> dict[str, Severity]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of CODE = \"info|warning|error\"")
    sev: dict[str, Severity] = {}
    for code, value in table.items():
        if code.upper() not in known_codes:
            raise ConfigError(f"{where}: 'severity' names unknown rule {code!r}")
        try:
            sev[code.upper()] = Severity.parse(str(value))
        except ValueError as exc:
            raise ConfigError(f"{where}: severity of {code}: {exc}") from None
    return sev


def _parse_fail_on(value: Any, where: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{where}: 'fail-on': {exc}") from None


def _parse_fail_under(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ConfigError(f"{where}: 'fail-under' must be a number from 0 to 100")
    return float(value)


def _parse_fail_on_spin(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where}: 'fail-on-spin' must be a number from 0 to 1 (a spin probability)")
    return float(value)


def _parse_max_bytes(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{where}: 'max-bytes' must be a positive integer")
    return value


def _parse_processes(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{where}: 'processes' must be a positive integer")
    return value


def _parse_model(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: 'model' must be a spaCy package name or \"blank:en\"")
    return value


# Keys whose value is one scalar: key -> its parser (the Config field is the key with "_" for "-").
_SCALARS: dict[str, Callable[[Any, str], Any]] = {
    "fail-on": _parse_fail_on,
    "fail-under": _parse_fail_under,
    "fail-on-spin": _parse_fail_on_spin,
    "max-bytes": _parse_max_bytes,
    "processes": _parse_processes,
    "model": _parse_model,
}


def _parse_overrides(value: Any, where: str, known_codes: frozenset[str], base: Config) -> tuple[Override, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{where}: 'overrides' must be an array of tables ([[tool.contentlint.overrides]])")
    out = []
    for i, table in enumerate(value, 1):
        here = f"{where} overrides #{i}"
        files = _str_list(here, "files", table.get("files"))
        rest = {k: v for k, v in table.items() if k != "files"}
        unknown = sorted(set(rest) - _OVERRIDE_KEYS)
        if unknown:
            raise ConfigError(
                f"{here}: unknown key {unknown[0]!r} (allowed: files, {', '.join(sorted(_OVERRIDE_KEYS))})"
            )
        parse_config(rest, here, known_codes, base)  # validate now, so a typo fails at once
        out.append(Override(files, rest, here))
    return tuple(out)


def _parse_thresholds(table: Any, where: str, base: Thresholds) -> Thresholds:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: 'thresholds' must be a table")
    changes: dict[str, Any] = {}
    for key, value in table.items():
        fld = _THRESHOLD_KEYS.get(key)
        if fld is None:
            raise ConfigError(f"{where}: unknown threshold {key!r} (known: {', '.join(sorted(_THRESHOLD_KEYS))})")
        kind = int if fld.type in ("int", int) else float
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError(f"{where}: threshold {key!r} must be a positive number")
        if kind is int and not isinstance(value, int):
            raise ConfigError(f"{where}: threshold {key!r} must be a whole number")
        if key == "near-duplicate" and value > 1:
            raise ConfigError(f"{where}: threshold 'near-duplicate' must be between 0 and 1")
        changes[fld.name] = kind(value)
    return dataclasses.replace(base, **changes)


def read_config_file(path: Path, known_codes: frozenset[str]) -> Config | None:
    """The config in ``path``; None for a pyproject.toml without a [tool.contentlint] table."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("contentlint")
        if table is None:
            return None
        where = f"{path} [tool.contentlint]"
    else:
        table = data.get("tool", {}).get("contentlint", data) if "tool" in data else data
        where = str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    return dataclasses.replace(parse_config(table, where, known_codes), root=str(path.parent.resolve()))


class ConfigResolver:
    """Finds the config for each linted file by walking up from its directory (cached per directory)."""

    def __init__(self, known_codes: frozenset[str], explicit: Path | None = None) -> None:
        self._known = known_codes
        self._cache: dict[Path, Config] = {}
        self._explicit = read_config_file(explicit, known_codes) if explicit else None
        if explicit and self._explicit is None:
            raise ConfigError(f"{explicit}: has no [tool.contentlint] table")

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            config = self._explicit
        else:
            directory = path.resolve().parent if not path.is_dir() else path.resolve()
            config = self._for_dir(directory)
        return self._with_overrides(config, path)

    def _with_overrides(self, config: Config, path: Path) -> Config:
        if not config.overrides or config.root is None:
            return config
        try:
            rel = path.resolve().relative_to(config.root).as_posix()
        except ValueError:
            return config
        for override in config.overrides:
            if override.matches(rel):
                config = parse_config(override.table, override.where, self._known, config)
        return config

    def _for_dir(self, directory: Path) -> Config:
        chain: list[Path] = []
        found = Config()
        for d in (directory, *directory.parents):
            if d in self._cache:
                found = self._cache[d]
                break
            chain.append(d)
            cfg = self._read_dir(d)
            if cfg is not None:
                found = cfg
                break
        for d in chain:
            self._cache[d] = found
        return found

    def _read_dir(self, d: Path) -> Config | None:
        for name in ("contentlint.toml", "pyproject.toml"):
            candidate = d / name
            if candidate.is_file():
                cfg = read_config_file(candidate, self._known)
                if cfg is not None:
                    return cfg
        return None
