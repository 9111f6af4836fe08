"""`contentlint lsp`: a language server for Markdown, HTML and plain text drafts (needs the ``lsp``
extra: ``pip install "contentlint[lsp]"``)."""

from __future__ import annotations

MISSING = 'contentlint lsp needs the language-server extra: pip install "contentlint[lsp]"'


def available() -> bool:
    """Whether pygls and lsprotocol are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("pygls", "lsprotocol"))
