"""Markdown via markdown-it-py: headings and paragraphs from the markup, code never linted.

markdown-it gives block tokens line ranges but inline tokens no positions, so the text of each
inline child is aligned with the source lines of its block, left to right, skipping markup.
"""

from __future__ import annotations

import functools
import re
from html import unescape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..document import Block, BlockKind, Document, Link, TextBuilder
from .html import extract_html

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Its default written out: the strikethrough rule asks for this option once per paragraph, and a missing
    # key costs a KeyError raised and caught inside the options Mapping's .get (about 1% of a check's CPU).
    md.options["strikethrough_single_tilde"] = False
    return md


def _front_matter_lines(source: str, lines: list[str]) -> int:
    """Number of leading lines taken by YAML (---) or TOML (+++) front matter."""
    m = _FRONT_MATTER.match(source)
    if not m:
        return 0
    fence = source[:3]
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n").strip() in (fence, "..." if fence == "---" else fence):
            return i + 1
    return 0


class _Aligner:
    """Walks the source of one inline block, mapping each text child to where it was written."""

    def __init__(self, src: str, start: int, end: int, builder: TextBuilder) -> None:
        self.src, self.pos, self.end, self.b = src, start, end, builder

    def text(self, content: str) -> bool:
        if not content:
            return True
        k = self.src.find(content, self.pos, self.end)
        if k != -1:
            self.b.add(content, k)
            self.pos = k + len(content)
            return True
        return self._slow(content)

    def _slow(self, content: str) -> bool:
        """Character by character, through backslash escapes and entities."""
        src, i, j = self.src, 0, self.pos
        budget = self.pos + len(content) * 8 + 64
        placed: list[tuple[str, int, int]] = []
        while i < len(content):
            if j >= self.end or j > budget:
                return False
            c = content[i]
            if src[j] == c:
                placed.append((c, j, j + 1))
                i, j = i + 1, j + 1
                continue
            if src[j] == "\\" and j + 1 < self.end and src[j + 1] == c:
                placed.append((c, j, j + 2))
                i, j = i + 1, j + 2
                continue
            if src[j] == "&":
                m = _ENTITY.match(src, j)
                if m:
                    value = unescape(m.group())
                    if value and content.startswith(value, i):
                        placed.append((value, j, m.end()))
                        i, j = i + len(value), m.end()
                        continue
            j += 1  # markup the parser consumed (emphasis markers, link brackets)
        for text, s, e in placed:
            self.b.add(text, s, e if e - s != len(text) else None)
        self.pos = j
        return True

    def skip_past(self, literal: str) -> None:
        k = self.src.find(literal, self.pos, self.end)
        if k != -1:
            self.pos = k + len(literal)

    def skip_link_tail(self) -> None:
        """After a link's text: skip `](destination "title")` so URLs are never matched as text."""
        if self.src.startswith("](", self.pos):
            depth, j = 0, self.pos + 1
            while j < self.end:
                ch = self.src[j]
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        self.pos = j + 1
                        return
                j += 1
        elif self.src.startswith("][", self.pos):
            self.skip_past("]")
            self.skip_past("]")
        elif self.src.startswith(">", self.pos) or self.src.startswith("]", self.pos):
            self.pos += 1


def load_markdown(source: str, path: str, encoding: str = "utf-8") -> Document:
    line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source)]
    lines = [
        source[line_starts[i] : line_starts[i + 1] if i + 1 < len(line_starts) else len(source)]
        for i in range(len(line_starts))
    ]
    skip = _front_matter_lines(source, lines)
    parse_src = "\n" * skip + "".join(lines[skip:]) if skip else source
    walk = _Walk(source, line_starts)
    for tok in _parser().parse(parse_src):
        walk.token(tok)
    text, offsets = walk.builder.build()
    return Document(
        path=path,
        source=source,
        text=text,
        format="markdown",
        blocks=walk.blocks,
        links=walk.links,
        offsets=offsets,
        masked=walk.masked,
        encoding=encoding,
    )


_BLOCK_OPENERS: dict[str, BlockKind] = {"th_open": "cell", "td_open": "cell"}


class _Walk:
    """The block structure of markdown-it's token stream, turned into text, blocks and links."""

    def __init__(self, source: str, line_starts: list[int]) -> None:
        self.source, self.line_starts = source, line_starts
        self.builder = TextBuilder()
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.masked: list[tuple[int, int]] = []
        self.kind: BlockKind = "paragraph"
        self.level = 0
        self.list_depth = 0

    def offset(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.source)

    def token(self, tok: Token) -> None:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            self.list_depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            self.list_depth -= 1
        elif t == "heading_open":
            self.kind, self.level = "heading", int(tok.tag[1])
        elif t == "paragraph_open":
            self.kind, self.level = ("item" if self.list_depth else "paragraph"), 0
        elif t in _BLOCK_OPENERS:
            self.kind, self.level = _BLOCK_OPENERS[t], 0
        elif t == "inline" and tok.map:
            self.inline(tok)
        elif t == "html_block" and tok.map:
            begin, end = self.offset(tok.map[0]), self.offset(tok.map[1])
            extract_html(self.source[begin:end], begin, self.builder, self.blocks, self.links, self.masked)

    def inline(self, tok: Token) -> None:
        assert tok.map is not None
        start = len(self.builder)
        begin, end = self.offset(tok.map[0]), self.offset(tok.map[1])
        _inline(tok, self.source, begin, end, self.builder, self.links, self.masked)
        if len(self.builder) > start:
            self.blocks.append(Block(self.kind, start, len(self.builder), self.level))
            self.builder.add_gap("\n\n")


def _inline(
    tok: Token,
    source: str,
    begin: int,
    end: int,
    builder: TextBuilder,
    links: list[Link],
    masked: list[tuple[int, int]],
) -> None:
    align = _Aligner(source, begin, end, builder)
    open_links: list[tuple[int, str]] = []
    for child in tok.children or []:
        t = child.type
        if t == "image":
            align.skip_past("](")  # alt text is not prose of the article
            align.skip_link_tail()
        elif t == "text":
            if not align.text(child.content):
                start = len(builder)
                builder.add_gap(child.content)
                masked.append((start, len(builder)))
        elif t == "code_inline":
            align.skip_past(child.content)
            start = len(builder)
            builder.add_gap("CODE")
            masked.append((start, len(builder)))
        elif t in ("softbreak", "hardbreak"):
            builder.add_gap("\n")
        elif t == "html_inline":
            align.skip_past(child.content)
            if child.content.lower().startswith("<br"):
                builder.add_gap("\n")
        elif t == "link_open":
            open_links.append((len(builder), str(child.attrs.get("href", ""))))
        elif t == "link_close" and open_links:
            start, href = open_links.pop()
            if len(builder) > start:
                links.append(Link(start, len(builder), href))
            align.skip_link_tail()
