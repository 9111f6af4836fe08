"""HTML: headings, paragraphs, list items and link text, with offsets into the source.

The standard library's tokenizer (``html.parser``) is used on purpose: it reports where each piece
of text starts in the source, it never recurses (deeply nested pages cannot overflow the stack),
and it tolerates broken markup the way browsers do.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..document import Block, BlockKind, Document, Link, TextBuilder

_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCKS: dict[str, BlockKind] = {
    "p": "paragraph",
    "div": "paragraph",
    "section": "paragraph",
    "article": "paragraph",
    "main": "paragraph",
    "header": "paragraph",
    "footer": "paragraph",
    "aside": "paragraph",
    "figcaption": "paragraph",
    "caption": "paragraph",
    "address": "paragraph",
    "dt": "item",
    "dd": "item",
    "li": "item",
    "td": "cell",
    "th": "cell",
    "blockquote": "quote",
    "body": "paragraph",
    "form": "paragraph",
    "table": "paragraph",
    "tr": "paragraph",
    "ul": "paragraph",
    "ol": "paragraph",
    "dl": "paragraph",
    "nav": "paragraph",
}
# Never linted: code, scripts, and the document head (its <title> repeats the H1 by design).
_SKIP = frozenset(
    {
        "script",
        "style",
        "pre",
        "code",
        "kbd",
        "samp",
        "noscript",
        "template",
        "head",
        "svg",
        "math",
        "textarea",
        "select",
        "iframe",
        "object",
    }
)
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"}
)
# html.parser counts lines by "\n" alone, so positions are rebuilt the same way.
_NEWLINE = re.compile("\n")


class _Extractor(HTMLParser):
    def __init__(self, source: str, base: int, builder: TextBuilder, blocks: list[Block], links: list[Link]) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        self.base = base
        self.b = builder
        self.blocks = blocks
        self.links = links
        self.skip_depth = 0
        self.skip_stack: list[str] = []
        self.block_start: int | None = None
        self.block_kind: BlockKind = "paragraph"
        self.block_level = 0
        self.link_stack: list[tuple[int, str]] = []
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]

    # -- positions -------------------------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        return self.base + self._line_starts[line - 1] + col

    # -- blocks ----------------------------------------------------------------------------
    def _close_block(self) -> None:
        if self.block_start is not None:
            text_end = len(self.b)
            if text_end > self.block_start:
                self.blocks.append(Block(self.block_kind, self.block_start, text_end, self.block_level))
                self.b.add_gap("\n\n")
        self.block_start = None

    def _open_block(self, kind: BlockKind, level: int = 0) -> None:
        self._close_block()
        self.block_kind, self.block_level = kind, level

    # -- parser callbacks ------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_stack.append(tag)
            if tag in ("pre", "code", "kbd", "samp") and not self.skip_depth and self.block_start is not None:
                self._add_placeholder()
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in _HEADINGS:
            self._open_block("heading", _HEADINGS[tag])
        elif tag in _BLOCKS:
            self._open_block(_BLOCKS[tag])
        elif tag == "br":
            self.b.add_gap("\n")
        elif tag == "a":
            href = next((v or "" for k, v in attrs if k == "href"), "")
            self.link_stack.append((len(self.b), href))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip_depth:
            self.b.add_gap("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack and tag in _SKIP:
            # Close the matching skipped element even when inner tags were left open.
            if tag in self.skip_stack:
                while self.skip_stack:
                    self.skip_depth -= 1
                    if self.skip_stack.pop() == tag:
                        break
            return
        if self.skip_depth:
            return
        if tag in _HEADINGS or tag in _BLOCKS:
            self._close_block()
        elif tag == "a" and self.link_stack:
            start, href = self.link_stack.pop()
            if len(self.b) > start:
                self.links.append(Link(start, len(self.b), href))

    def _ensure_block(self) -> None:
        if self.block_start is None:
            self.block_start = len(self.b)

    def _add_placeholder(self) -> None:
        # Inline code inside a sentence keeps the sentence readable but is never reported.
        start = len(self.b)
        self.b.add_gap("CODE")
        self.masked.append((start, len(self.b)))

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        if self.block_start is None:
            if not data.strip():
                return
            self.block_start = len(self.b)
        self.b.add(data, self._offset())

    def _add_reference(self, raw_len: int, text: str) -> None:
        if self.skip_depth or not text:
            return
        self._ensure_block()
        start = self._offset()
        self.b.add(text, start, start + raw_len)

    def handle_entityref(self, name: str) -> None:
        start = self._offset() - self.base
        raw = "&" + name + (";" if self.src[start + len(name) + 1 : start + len(name) + 2] == ";" else "")
        self._add_reference(len(raw), html.unescape(raw if raw.endswith(";") else raw + ";"))

    def handle_charref(self, name: str) -> None:
        start = self._offset() - self.base
        raw = "&#" + name + (";" if self.src[start + len(name) + 2 : start + len(name) + 3] == ";" else "")
        self._add_reference(len(raw), html.unescape(raw + ("" if raw.endswith(";") else ";")))

    masked: list[tuple[int, int]]


def extract_html(
    source: str, base: int, builder: TextBuilder, blocks: list[Block], links: list[Link], masked: list[tuple[int, int]]
) -> None:
    """Append the readable text of an HTML fragment (``source`` starts at ``base`` in the file)."""
    parser = _Extractor(source, base, builder, blocks, links)
    parser.masked = masked
    parser.feed(source)
    parser.close()
    parser._close_block()


def load_html(source: str, path: str, encoding: str = "utf-8") -> Document:
    builder = TextBuilder()
    blocks: list[Block] = []
    links: list[Link] = []
    masked: list[tuple[int, int]] = []
    extract_html(source, 0, builder, blocks, links, masked)
    text, offsets = builder.build()
    return Document(
        path=path,
        source=source,
        text=text,
        format="html",
        blocks=blocks,
        links=links,
        offsets=offsets,
        masked=masked,
        encoding=encoding,
    )
