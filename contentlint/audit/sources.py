"""Archive sources, read lazily one document at a time: directories, WordPress exports, JSON Lines.

Every item comes out as an :class:`Item`: where it came from, its URL or path, the text to lint
and its format. Full HTML pages (crawled pages, .html files that are whole pages) go through
trafilatura's main-content extraction, so navigation, sidebars and footers are not linted; the
offsets of their findings point into the extracted text, which the audit stores with them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..discovery import iter_paths, read_file
from ..errors import InputError
from ..formats import Format, decode, format_for

_FULL_PAGE = re.compile(r"<(?:!doctype\s+html|html[\s>]|body[\s>])", re.IGNORECASE)
WXR_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
WP = "{http://wordpress.org/export/1.2/}"


@dataclass(frozen=True)
class Item:
    """One document to audit. Sources yield them cheaply; :func:`prepare` (run in the workers) does the
    reading, decoding and main-content extraction, so the parent process only schedules and stores."""

    source: str  # the SOURCE argument the item came from
    uri: str  # URL of a page or post, or a file path
    text: str  # what is linted (for pages, after preparation: the extracted main content, as Markdown)
    fmt: Format
    title: str = ""
    error: str | None = None
    path: str | None = None  # a file still to be read
    page: bool = False  # ``text`` is a whole HTML page still to be extracted
    raw_hash: str = ""  # hash of the raw input, for resuming
    max_bytes: int = 10_000_000


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


def iter_directory(
    source: str, include: tuple[str, ...], exclude: tuple[str, ...], max_bytes: int, root: str | None = None
) -> Iterator[Item]:
    """The files under ``root`` (default: ``source``); a name that is not UTF-8 is shown escaped."""
    for display, path in iter_paths([root or source], include, exclude):
        yield Item(source, printable(display), "", "text", path=str(path) if path else None, max_bytes=max_bytes)


def _digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data).hexdigest()


def prepare(item: Item) -> Item:
    """Read, decode and extract: the expensive part of turning a source entry into lintable text."""
    if item.error is not None:
        return replace(item, raw_hash=_digest("error\0" + item.error))
    if item.path is not None:
        data = read_file(Path(item.path), item.uri, item.max_bytes)
        if isinstance(data, InputError):
            return replace(item, path=None, error=data.problem, raw_hash=_digest("error\0" + data.problem))
        raw_hash = _digest(data)
        try:
            text, _ = decode(data, item.uri)
        except InputError as exc:
            return replace(item, path=None, error=exc.problem, raw_hash=raw_hash)
        fmt = format_for(item.uri, text)
        if fmt == "html" and _FULL_PAGE.search(text[:4096]):
            return replace(_page(item.source, item.uri, text), raw_hash=raw_hash)
        return replace(item, path=None, text=text, fmt=fmt, title=_title_of(text), raw_hash=raw_hash)
    if item.page:
        return replace(_page(item.source, item.uri, item.text), raw_hash=_digest(item.text))
    return replace(item, raw_hash=_digest(f"{item.fmt}\0{item.text}"))


def iter_jsonl(source: str, path: Path) -> Iterator[Item]:
    """One crawled page per line: {"url": ..., "html": ...} or {"url": ..., "text": ...}."""
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                yield _record(source, number, line)


def _record(source: str, number: int, line: str) -> Item:
    uri = f"{source}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Item(source, uri, "", "text", error=f"line {number}: not JSON ({exc.msg})")
    if not isinstance(record, dict):
        return Item(source, uri, "", "text", error=f"line {number}: not a JSON object")
    uri = printable(str(record.get("url") or uri))
    for key in ("html", "text"):
        # JSON may escape a lone surrogate (\ud800): a str Python holds but UTF-8 and SQLite refuse.
        value = record.get(key)
        if isinstance(value, str) and (bad := unencodable(value)) is not None:
            problem = f'the "{key}" field is not valid Unicode (lone surrogate {value[bad]!r} at character {bad})'
            return Item(source, uri, "", "text", error=f"line {number}: {problem}")
    if isinstance(record.get("html"), str):
        return Item(source, uri, record["html"], "markdown", page=True)
    if isinstance(record.get("text"), str):
        title = printable(str(record.get("title") or _title_of(record["text"])))
        return Item(source, uri, record["text"], "text", title)
    return Item(source, uri, "", "text", error=f'line {number}: needs an "html" or "text" field')


def unencodable(text: str) -> int | None:
    """The index of the first character UTF-8 cannot encode (a lone surrogate), or None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def printable(text: str) -> str:
    """``text`` with lone surrogates spelled out (\\ud800), so that it can be stored and shown."""
    return text if unencodable(text) is None else text.encode("utf-8", "backslashreplace").decode("utf-8")


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
            source,
            "",
            "text",
            error=f"refused: the XML declares entities or external references ({exc.__class__.__name__}); "
            "WordPress exports never need them, and they are how entity-expansion and file-disclosure "
            "attacks work",
        )
    except Exception as exc:  # ParseError from the XML parser, with line and column
        yield Item(source, source, "", "text", error=f"not a valid WordPress export: {exc}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def source_key(source: str) -> str:
    """Where a SOURCE argument points (absolute, symlinks resolved): the identity resume keys on, so that
    ``samples``, ``samples/``, ``./samples`` and ``/abs/samples`` name one set of documents."""
    return str(Path(source).resolve())


def iter_source(source: str, include: tuple[str, ...], exclude: tuple[str, ...], max_bytes: int) -> Iterator[Item]:
    """The items of one SOURCE, keyed by its resolved location; a source that fails part-way yields an
    error item and ends, so the other sources are still audited."""
    real = source_key(source)
    key = printable(real)  # a file name that is not UTF-8 (surrogate-escaped) cannot be stored as is
    try:
        yield from _iter_source(key, real, include, exclude, max_bytes)
    except Exception as exc:  # an unreadable directory, a file that vanished mid-read
        yield Item(key, key, "", "text", error=f"cannot read the source: {exc.__class__.__name__}: {exc}")


def _iter_source(
    source: str, real: str, include: tuple[str, ...], exclude: tuple[str, ...], max_bytes: int
) -> Iterator[Item]:
    path = Path(real)
    if path.is_dir():
        yield from iter_directory(source, include, exclude, max_bytes, real)
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from iter_jsonl(source, path)
    elif path.suffix.lower() == ".xml":
        yield from iter_wxr(source, path)
    elif path.is_file():
        yield from iter_directory(source, ("*",), (), max_bytes, real)
    else:
        yield Item(source, source, "", "text", error="no such file or directory")
