"""Command-line options to a :class:`Linter`: one place for every command that lints (check, fix, audit,
eval) and for the front ends to come (language server, review page).

Options given on the command line override the configuration files found for each path, key by key.
Rule selections are validated against the rule registry here, so every command rejects an unknown
code the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config, ConfigResolver, parse_config
from .model import Severity

if TYPE_CHECKING:
    from .api import Linter


def split_codes(values: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Rule codes or prefixes from repeated, comma-separated option values ("CL1, CL201")."""
    return tuple(code.strip().upper() for value in values or () for code in value.split(",") if code.strip())


@dataclass(frozen=True)
class LintOptions:
    """What a user can set for a run without a configuration file."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: Severity | None = None
    fail_under: float | None = None
    fail_on_spin: float | None = None
    max_bytes: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    config_file: Path | None = None

    def overrides(self) -> dict[str, Any]:
        """The options as configuration overrides; raises ConfigError on an unknown rule code."""
        from .checks import RULE_CODES

        table = {key: list(value) for key, value in (("select", self.select), ("ignore", self.ignore)) if value}
        out: dict[str, Any] = {}
        if table:
            parsed = parse_config(table, "command line", RULE_CODES, Config())
            out.update({key: getattr(parsed, key) for key in table})
        values = {
            "fail_on": self.fail_on,
            "fail_under": self.fail_under,
            "fail_on_spin": self.fail_on_spin,
            "max_bytes": self.max_bytes,
            "include": self.include or None,
            "exclude": self.exclude or None,
        }
        out.update({key: value for key, value in values.items() if value is not None})
        return out

    def linter(self) -> Linter:
        """A linter that resolves each path's configuration files, with these options on top."""
        from .api import Linter
        from .checks import RULE_CODES

        return Linter(resolver=ConfigResolver(RULE_CODES, self.config_file), overrides=self.overrides())

    def config(self, base: Config | None = None) -> Config:
        """One fixed configuration (no files searched): ``base`` with these options on top."""
        overrides = self.overrides()
        base = base or Config()
        return base.replace(**overrides) if overrides else base
