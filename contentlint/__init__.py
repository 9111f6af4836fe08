"""contentlint: lint and clean up marketing articles.

Finds duplicated headings, synonym-spun phrases, stray link text, template boilerplate and
unsupported claims, and scores each article from 0 to 100. See :mod:`contentlint.api`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
# Where the rule pages are published; SARIF and GitHub annotations link each rule there.
DOCS_URL = "https://github.com/contentlint/contentlint/blob/main/docs/rules.md"
JSON_SCHEMA_VERSION = 1

__all__ = ["Config", "FileReport", "Finding", "Linter", "Severity", "__version__", "check_path", "check_text"]

if TYPE_CHECKING:
    from .api import FileReport, Linter, check_path, check_text
    from .config import Config
    from .model import Finding, Severity


def __getattr__(name: str) -> Any:
    # Lazy, so `contentlint --version` and `contentlint rules` do not import spaCy.
    if name in ("FileReport", "Linter", "check_path", "check_text"):
        from . import api

        return getattr(api, name)
    if name == "Config":
        from .config import Config

        return Config
    if name in ("Finding", "Severity"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'contentlint' has no attribute {name!r}")
