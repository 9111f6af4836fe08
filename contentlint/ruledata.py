"""Rule data: the reviewed lists in ``rules/`` (phrasebooks, anchor grammar, claim lexicons).

In a source checkout they sit at the top of the repository; an installed wheel carries them as
``contentlint/_rules``. Each file is TOML with a ``[meta]`` table naming sources and licences.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


@functools.cache
def rules_dir() -> Path:
    for candidate in (_HERE / "_rules", _HERE.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("contentlint's rule data is missing: reinstall the package")


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Parse ``rules/NAME.toml`` once per process; callers must not mutate the result."""
    with (rules_dir() / f"{name}.toml").open("rb") as fh:
        data = tomllib.load(fh)
    meta = data.get("meta", {})
    if not meta.get("sources") or not meta.get("licence"):
        raise ValueError(f"rules/{name}.toml: [meta] must name its sources and licence")
    return data
