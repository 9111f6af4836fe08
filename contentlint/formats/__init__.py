"""Format loaders: bytes in, :class:`~contentlint.document.Document` out. One module per markup."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Literal

from ..document import Document
from ..errors import InputError
from .decode import decode
from .plaintext import load_text

Format = Literal["text", "markdown", "html"]

SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_HTML_SNIFF = re.compile(
    r"\A\s*(?:<!doctype html|<html|<head|<body|<p[\s>]|<h[1-6][\s>]|<div[\s>]|<article)", re.IGNORECASE
)


def format_for(path: str, text: str = "") -> Format:
    """The format a file is parsed as: by suffix, else by sniffing (stdin, unknown suffixes)."""
    fmt = SUFFIXES.get(PurePath(path).suffix.lower())
    if fmt:
        return fmt
    return "html" if _HTML_SNIFF.match(text) else "text"


def load_string(source: str, path: str = "<string>", fmt: Format | None = None, encoding: str = "utf-8") -> Document:
    fmt = fmt or format_for(path, source)
    try:
        # Imported on use: a run over plain-text drafts never loads the Markdown or HTML parsers.
        if fmt == "markdown":
            from .markdown import load_markdown

            return load_markdown(source, path, encoding)
        if fmt == "html":
            from .html import load_html

            return load_html(source, path, encoding)
    except (RecursionError, ValueError, AssertionError) as exc:
        raise InputError(path, f"cannot parse as {fmt}: {exc}") from None
    return load_text(source, path, encoding)


def load_bytes(data: bytes, path: str, fmt: Format | None = None) -> Document:
    text, encoding = decode(data, path)
    return load_string(text, path, fmt, encoding)


__all__ = ["SUFFIXES", "Format", "format_for", "load_bytes", "load_string"]
