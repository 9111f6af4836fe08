"""Archive sources, read lazily one document at a time: directories, WordPress exports, JSON Lines.

Every item comes out as an :class:`Item`: where it came from, its URL or path, the text to lint
and its format. Full HTML pages (crawled pages, .html files that are whole pages) go through
trafilatura's main-content extraction, so navigation, sidebars and footers are not linted; the
offsets of their findings point into the extracted text, which the audit stores with them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..discovery import iter_paths, read_file
from ..errors import InputError
from ..formats import Format, decode, format_for

_FULL_PAGE = re.compile(r"<(?:!doctype\s+html|html[\s>]|body[\s>])", re.IGNORECASE)
WXR_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
WP = "{http://wordpress.org/export/1.2/}"


@dataclass(frozen=True)
class Item:
    source: str  # the SOURCE argument the item came from
    uri: str  # URL of a page or post, or a file path
    text: str  # what is linted (for full pages: the extracted main content, as Markdown)
    fmt: Format
    title: str = ""
    error: str | None = None


def extract_main_content(html: str) -> str | None:
    """The page's main content as Markdown (headings kept), or None when no article text is found."""
    import trafilatura

    return trafilatura.extract(html, output_format="markdown", include_comments=False, include_tables=True)


def _page(source: str, uri: str, html: str) -> Item:
    content = extract_main_content(html)
    if content is None:
        return Item(source, uri, "", "markdown", error="no main content found in the page")
    title = next((line.lstrip("# ").strip() for line in content.splitlines() if line.startswith("#")), "")
    return Item(source, uri, content + "\n", "markdown", title)


def _title_of(text: str) -> str:
    """The first Markdown heading, else the first line of text (front matter skipped)."""
    lines = text.splitlines()
    if lines and lines[0].strip() in ("---", "+++"):
        fence = lines[0].strip()
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == fence), 0)
        lines = lines[end + 1 :]
    heading = next((line for line in lines if line.startswith("#")), None)
    first = heading or next((line for line in lines if line.strip()), "")
    return first.strip().lstrip("#").strip()[:200]


def iter_directory(source: str, include: tuple[str, ...], exclude: tuple[str, ...], max_bytes: int) -> Iterator[Item]:
    for display, path in iter_paths([source], include, exclude):
        data = read_file(path, display, max_bytes)
        if isinstance(data, InputError):
            yield Item(source, display, "", "text", error=data.problem)
            continue
        try:
            text, _ = decode(data, display)
        except InputError as exc:
            yield Item(source, display, "", "text", error=exc.problem)
            continue
        fmt = format_for(display, text)
        if fmt == "html" and _FULL_PAGE.search(text[:4096]):
            yield _page(source, display, text)
        else:
            yield Item(source, display, text, fmt, _title_of(text))


def iter_jsonl(source: str, path: Path) -> Iterator[Item]:
    """One crawled page per line: {"url": ..., "html": ...} or {"url": ..., "text": ...}."""
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            uri = f"{source}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(source, uri, "", "text", error=f"line {number}: not JSON ({exc.msg})")
                continue
            if not isinstance(record, dict):
                yield Item(source, uri, "", "text", error=f"line {number}: not a JSON object")
                continue
            uri = str(record.get("url") or uri)
            if isinstance(record.get("html"), str):
                yield _page(source, uri, record["html"])
            elif isinstance(record.get("text"), str):
                yield Item(source, uri, record["text"], "text", str(record.get("title") or _title_of(record["text"])))
            else:
                yield Item(source, uri, "", "text", error=f'line {number}: needs an "html" or "text" field')


def iter_wxr(source: str, path: Path) -> Iterator[Item]:
    """Posts and pages of a WordPress export (WXR), streamed; entity tricks are refused by defusedxml."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        for _, element in iterparse(
            str(path), events=("end",), forbid_dtd=False, forbid_entities=True, forbid_external=True
        ):
            if element.tag != "item":
                continue
            post_type = element.findtext(f"{WP}post_type") or "post"
            status = element.findtext(f"{WP}status") or "publish"
            body = element.findtext(WXR_CONTENT) or ""
            title = (element.findtext("title") or "").strip()
            uri = element.findtext("link") or element.findtext("guid") or f"{source}#{element.findtext(f'{WP}post_id')}"
            element.clear()
            if post_type not in ("post", "page") or status == "trash" or not body.strip():
                continue
            html = (f"<h1>{_escape(title)}</h1>\n" if title else "") + body
            yield Item(source, uri.strip(), html, "html", title)
    except DefusedXmlException as exc:
        yield Item(
            source,
            str(path),
            "",
            "text",
            error=f"refused: the XML declares entities or external references ({exc.__class__.__name__}); "
            "WordPress exports never need them, and they are how entity-expansion and file-disclosure "
            "attacks work",
        )
    except Exception as exc:  # ParseError from the XML parser, with line and column
        yield Item(source, str(path), "", "text", error=f"not a valid WordPress export: {exc}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def iter_source(source: str, include: tuple[str, ...], exclude: tuple[str, ...], max_bytes: int) -> Iterator[Item]:
    path = Path(source)
    if path.is_dir():
        yield from iter_directory(source, include, exclude, max_bytes)
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from iter_jsonl(source, path)
    elif path.suffix.lower() == ".xml":
        yield from iter_wxr(source, path)
    elif path.is_file():
        yield from iter_directory(source, ("*",), (), max_bytes)
    else:
        yield Item(source, source, "", "text", error="no such file or directory")
