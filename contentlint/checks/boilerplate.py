"""Template residue: "Blog Article" under the title, and bylines glued to a hyphen ("Developed By-Name").

Data: ``rules/boilerplate.toml``. Only whole blocks (a line between blank lines, a Markdown or HTML
block) are considered: these lines never occur inside a sentence.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import recompile, ruledata
from ..document import Block
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from ..patterns import CaselessPattern, SkippingPattern, ignorecase_lowered, may_match, required_text

CL301 = Rule(
    code="CL301",
    name="template-boilerplate",
    category="boilerplate",
    severity=Severity.WARNING,
    summary='Finds lines a blog template or a scraping pipeline left in the article body ("Blog Article", '
    '"Leave a comment", "Posted in Uncategorized").',
    why="Template residue shows the article was scraped and re-posted without an editor; it clutters the "
    "page and repeats across every post of the site.",
    fix="Delete the line; it belongs to the template, not to the article.",
    fix_safety="safe",
    data_files=("boilerplate",),
    must_fire=(
        "Benefits of Retinol\n\nBlog Article\n\nRetinol speeds up cell turnover.",
        "Retinol speeds up cell turnover.\n\nPosted in Uncategorized",
    ),
    must_not_fire=(
        "This blog article explains how retinol works.",
        "Read more about retinol in our guide to night creams.",
    ),
)

CL302 = Rule(
    code="CL302",
    name="spun-byline",
    category="boilerplate",
    severity=Severity.WARNING,
    summary='Finds template bylines glued to a hyphen ("Developed By-Ottosen Hauge", "Written By-Jane Roe"), '
    'the byline format of spun blog networks; a verb other than "Written" is itself a spin.',
    why="Spam networks stamp every spun copy with a generated author name in this format; no edited "
    "publication writes bylines this way.",
    fix="Delete the byline, or replace it with the real author's name in the site's byline format.",
    fix_safety="safe",
    data_files=("boilerplate",),
    must_fire=(
        "Benefits of Retinol\n\nDeveloped By-Ottosen Hauge\n\nRetinol speeds up cell turnover.",
        "Benefits of Retinol\n\nContent Author-Mia Lund\n\nRetinol speeds up cell turnover.",
    ),
    must_not_fire=(
        "Benefits of Retinol\n\nBy Jane Roe, MD\n\nRetinol speeds up cell turnover.",
        "The serum was developed by dermatologists in Oslo.",
    ),
)

CL303 = Rule(
    code="CL303",
    name="page-chrome",
    category="boilerplate",
    severity=Severity.WARNING,
    summary="Finds page chrome and template residue left in extracted text: widget and navigation labels "
    '("Skip to main content", "RECOMMENDED FOR YOU:", "More from <Publication>"), icon-font licence banners, '
    'theme placeholders ("Address Line One | Address Line Two"), hashed plugin tokens, teaser cuts ("[…]").',
    why="These strings belong to the page around the article, not to the article: they show it was scraped "
    "or pasted without an editor, and readers and search engines see them as clutter.",
    fix='Delete the residue; where it replaced a character (a hashed token for "%"), write the character back.',
    fix_safety="safe",
    data_files=("residue",),
    must_fire=(
        "Skip to main content\nNight creams and retinol\n\nRetinol speeds up cell turnover.",
        "Retinol speeds up cell turnover.\nRECOMMENDED FOR YOU:\nOur guide to night creams",
        "Retinol speeds up cell turnover.\n\nMore from Skin Weekly\n\nSerums are popular.",
        "Visit us\n\nAddress Line One | Address Line Two\n\nWe open at nine.",
        "Most adults should aim for 20{0a1b2c3d4e5f60718293a4b5c6d7e8f9} less sugar.",
        "StarFont Awesome Free 5.1.0 by @fontawesome - https://fontawesome.com License - see the licence file",
        "Retinol works slowly and gently [...]\n\nRead the full story on our site.",
    ),
    must_not_fire=(
        "Read more about retinol in our guide to night creams.",
        "We recommended it for you and your family.",
        "There is more from the same lab in the spring issue.",
        "Skip the toner if your skin feels tight.",
        "The hash of the file is shown in the log.",
        '"We changed [...] the formula," the chemist said.',
    ),
)

CL304 = Rule(
    code="CL304",
    name="numbered-title-copy",
    category="boilerplate",
    severity=Severity.WARNING,
    summary='Finds a copy of a title with a number after it ("Caring for curly hair 1"), the caption or alt '
    "text of an image that a scraper glued into the text.",
    why="Image captions generated from the post title and a counter are template residue; glued to a "
    "sentence they break it and repeat the title.",
    fix="Delete the numbered copy of the title.",
    fix_safety="safe",
    must_fire=(
        "Curly hair needs moisture.Caring for curly hair 1\nUse a wide-tooth comb.",
        "Caring for Curly Hair\n\nCurly hair needs moisture.\n\nCaring for Curly Hair 2\n\nUse a wide comb.",
    ),
    must_not_fire=(
        "Curly hair needs moisture. Use a comb with 2\nwide teeth.",
        "Step 1\n\nWash your hair.\n\nStep 2\n\nDry it gently.",
    ),
)

CL305 = Rule(
    code="CL305",
    name="spam-title-template",
    category="boilerplate",
    severity=Severity.WARNING,
    summary='Finds titles made by link-farm generators: a fixed frame around a keyword ("The 5-Second Trick '
    'For Retinol", "Top Guidelines Of Teeth Whitening", "Not Known Facts About Hair Oil").',
    why="Link farms title thousands of generated pages with the same few frames; a title in one of them "
    "marks the page as generated link spam.",
    fix="Write a title that says what the article is about.",
    data_files=("residue",),
    must_fire=(
        "The 5-Second Trick For Night Creams\n\nNight creams help dry skin.",
        "Not Known Facts About Teeth Whitening\n\nWhitening strips are popular.",
        "5 Simple Statements About Hair Oil Explained\n\nHair oil adds shine.",
    ),
    must_not_fire=(
        "The Ultimate Guide To Night Creams\n\nNight creams help dry skin.",
        "There are top guidelines of hygiene in every clinic.",
        "Five simple statements about safety are printed on the label.",
    ),
)

_PUNCT = re.compile(r"[^\w\s]+")


# rules/boilerplate.toml: template lines, and the byline labels and verbs.
BOILERPLATE = ruledata.Shape(
    (("template", ruledata.TABLE), ("byline", ruledata.TABLE)), required=("template", "byline")
)
# rules/residue.toml: page chrome, residue patterns and link-farm title templates.
RESIDUE = ruledata.Shape(
    (("chrome", ruledata.TABLE), ("residue", ruledata.TABLE), ("title_templates", ruledata.TABLE)),
    required=("chrome", "residue", "title_templates"),
)


@functools.cache
def _data() -> tuple[frozenset[str], re.Pattern[str], str]:
    data = ruledata.load("boilerplate", BOILERPLATE)
    lines = frozenset(" ".join(_PUNCT.sub(" ", s.lower()).split()) for s in data["template"]["lines"])
    verbs = sorted(set(data["byline"]["verbs"]), key=len, reverse=True)
    labels = sorted(set(data["byline"]["labels"]), key=len, reverse=True)
    alt = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs)
    labels_alt = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in labels)
    byline = re.compile(
        rf"^(?:(?P<verb>{alt})\s+by|(?P<label>{labels_alt}))\s*-\s*(?P<name>[^\W\d_][^\n]{{0,60}})$", re.IGNORECASE
    )
    return lines, byline, data["byline"]["original"]


def _removable(code: str, block: Block, message: str) -> Hit:
    """A finding whose fix deletes the whole block (its line, or its HTML element)."""
    return Hit(code, block.start, block.end, message, fix=Fix(block.start, block.end, "", remove_block=True))


def _short_blocks(ctx: Context) -> Iterator[tuple[Block, str]]:
    text = ctx.text
    for block in ctx.document.blocks:
        body = text[block.start : block.end]
        if "\n" not in body.strip() and len(body) <= 100:
            yield block, body


def _byline(body: str) -> tuple[bool, str] | None:
    """(is a byline, its verb) for a block that is a spam-network byline, else None."""
    _, byline, _ = _data()
    m = byline.match(body.strip())
    if m and len(m.group("name").split()) <= 5:
        return True, (m.group("verb") or "").strip()
    return None


def spun_bylines(ctx: Context) -> Iterator[tuple[Block, str, str]]:
    """Spam-network bylines: (block, verb as written, the original verb when the verb is a spin, else "")."""
    _, _, original = _data()
    for block, body in _short_blocks(ctx):
        found = _byline(body)
        if found:
            verb = found[1]
            yield block, verb, original if verb and verb.lower() != original.lower() else ""


def check_boilerplate(ctx: Context) -> Iterator[Hit]:
    lines, _, original = _data()
    for block, body in _short_blocks(ctx):
        key = " ".join(_PUNCT.sub(" ", body.lower()).split())
        if key in lines:
            yield _removable("CL301", block, f'"{body.strip()}" is template residue, not part of the article.')
            continue
        found = _byline(body)
        if found:
            verb = found[1]
            spun = bool(verb) and verb.lower() != original.lower()
            detail = f' ("{verb} By" is a spun "{original} By")' if spun else ""
            yield _removable("CL302", block, f'"{body.strip()}" is a spam-network byline glued to a hyphen{detail}.')


@dataclass(frozen=True)
class _ResiduePattern:
    label: str
    regex: re.Pattern[str]
    required: tuple[tuple[str, ...], ...]  # required_text of the regex: tested on the text
    caseless: SkippingPattern | None  # its case-insensitive form (None when case matters)
    # required_text of the case-insensitive form's lower-case pattern, letters too: tested on the lower-cased text
    required_lower: tuple[tuple[str, ...], ...] = ()


def _residue_pattern(label: str, regex: re.Pattern[str]) -> _ResiduePattern:
    caseless = _caseless(regex)
    lower = required_text(caseless.pattern.lc.pattern, letters=True) if caseless is not None else ()
    return _ResiduePattern(label, regex, required_text(regex.pattern, regex.flags), caseless, lower)


@dataclass(frozen=True)
class _Residue:
    chrome: frozenset[str]
    navigation: frozenset[str]
    line_pattern: re.Pattern[str]
    patterns: tuple[_ResiduePattern, ...]
    icon_glued: re.Pattern[str]
    title: re.Pattern[str]


def _key(line: str) -> str:
    return " ".join(_PUNCT.sub(" ", line.lower()).split())


def _template_regex(template: str) -> str:
    # X is the keyword: one to six words; spaces in the frame match any run of spaces.
    frame = re.escape(template).replace(r"\ ", r"\s+")
    return frame.replace("X", r"(?:[^\s]+(?:\s+[^\s]+){0,5}?)")


@functools.cache
def _residue() -> _Residue:
    data = ruledata.load("residue", RESIDUE)
    chrome = data["chrome"]
    patterns = tuple(
        _residue_pattern(p["label"], recompile.compile(p["regex"], 0 if p.get("case") else re.IGNORECASE))
        for p in data["residue"]["patterns"]
    )
    titles = "|".join(_template_regex(t) for t in data["title_templates"]["templates"])
    return _Residue(
        frozenset(_key(s) for s in chrome["lines"]),
        frozenset(_key(s) for s in chrome["navigation"]),
        recompile.compile("|".join(f"(?:{p})" for p in chrome["line_patterns"])),
        patterns,
        recompile.compile(data["residue"]["icon_glued"]),
        recompile.compile(rf"(?:{titles})[.!?]?", re.IGNORECASE),
    )


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    block: Block | None  # the block this line is the whole of, if any


def _split_lines(ctx: Context) -> tuple[_Line, ...]:
    whole = {(b.start, b.end): b for b in ctx.document.blocks}
    out = []
    at = 0  # where the line begins: the pieces between line breaks, without a match object for each
    for body in ctx.text.split("\n"):
        start = at + len(body) - len(body.lstrip())
        end = at + len(body.rstrip())
        if end > start:
            out.append(_Line(start, end, whole.get((start, end))))
        at += len(body) + 1
    return tuple(out)


# Three checks read the lines: split once per document.
_LINES = Analysis("boilerplate lines", _split_lines)


def _lines(ctx: Context) -> tuple[_Line, ...]:
    """Every non-blank line of the text, stripped, with the block it makes up on its own."""
    return ctx.analysis(_LINES)


def _line_fix(ctx: Context, line: _Line) -> Fix | None:
    """Removing a whole line is safe; in markup, only when the line is a whole block."""
    if line.block is not None:
        return Fix(line.block.start, line.block.end, "", remove_block=True)
    if ctx.document.format == "text":
        text = ctx.text
        end = line.end + 1 if line.end < len(text) and text[line.end] == "\n" else line.end
        start = text.rfind("\n", 0, line.start) + 1 if end == line.end else line.start
        return Fix(start, end, "")
    return None


def _live_link(ctx: Context, line: _Line) -> bool:
    """The line is a working link ("Skip to main content" to #main, "Next post" to the post): the page's
    own navigation, which a reader can use, not text left behind in the article."""
    return any(link.start <= line.start and line.end <= link.end and link.href for link in ctx.document.links)


def _editorial(ctx: Context, line: _Line, following: Block | None) -> bool:
    """An editor's own "Read more" heading, or a label introducing a list of further reading."""
    heading = line.block is not None and line.block.kind == "heading" and ctx.document.format != "text"
    return heading or (following is not None and following.kind == "item")


def _chrome_lines(ctx: Context, r: _Residue) -> Iterator[Hit]:
    text = ctx.text
    starts = [b.start for b in ctx.document.blocks]
    for line in _lines(ctx):
        body = text[line.start : line.end]
        if len(body) > 80:
            continue
        key = _key(body)
        i = bisect.bisect_right(starts, line.end)
        following = ctx.document.blocks[i] if i < len(starts) else None
        navigation = key in r.navigation and not _editorial(ctx, line, following)
        if (key in r.chrome or navigation or r.line_pattern.fullmatch(body)) and not _live_link(ctx, line):
            fix = _line_fix(ctx, line)
            yield Hit(
                "CL303",
                line.start,
                line.end,
                f'"{body}" is a widget or navigation label of the page, not part of the article.',
                fix=fix,
                no_fix=None if fix else "remove the label from the page template",
            )


def _caseless(regex: re.Pattern[str]) -> SkippingPattern | None:
    """A case-insensitive pattern's faster form: lower case against the lower-cased text, skipping to its first
    letters (see patterns.SkippingPattern); None for a pattern whose case matters."""
    return SkippingPattern(CaselessPattern(regex.pattern)) if regex.flags & re.IGNORECASE else None


def _residue_spans(ctx: Context, r: _Residue) -> Iterator[tuple[int, int, str]]:
    text = ctx.text
    low: str | None = None  # lowered once, when a case-insensitive pattern first needs it
    for p in r.patterns:
        label, caseless = p.label, p.caseless
        if not may_match(p.required, text):
            continue  # most articles have no "@" or "…": those patterns need no scan
        if caseless is not None and low is None:
            low = ignorecase_lowered(text)  # (None again for a text with "ı" or "ſ": a test for two letters)
        if caseless is not None and low is not None and not may_match(p.required_lower, low):
            continue  # nor "lorem ipsum" or "address line"
        matches = caseless.finditer(text, low) if caseless is not None else p.regex.finditer(text)
        for m in matches:
            start = m.start()
            if label.startswith("an icon-font"):
                # Glyph names are short: a bounded look-behind keeps many banners on one line linear.
                line_start = text.rfind("\n", max(0, start - 60), start) + 1 or max(0, start - 60)
                glued = r.icon_glued.match(text, line_start, m.end())
                start = line_start if glued and glued.end() == start else start
            yield start, m.end(), label


def _residue_hits(ctx: Context, r: _Residue) -> Iterator[Hit]:
    spans = sorted(_residue_spans(ctx, r))
    last_end = -1
    for start, end, label in spans:
        if start < last_end:
            continue  # two patterns on one banner: report it once
        last_end = end
        body = ctx.text[start:end]
        fix = _whole_line_fix(ctx, start, end) if not label.startswith("a hashed") else None
        yield Hit(
            "CL303",
            start,
            end,
            f'"{_short(body)}" is {label}, page residue rather than article text.',
            fix=fix,
            no_fix=None if fix else "delete the residue by hand and restore any word or sign it replaced",
        )


def _short(s: str, limit: int = 60) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _whole_line_fix(ctx: Context, start: int, end: int) -> Fix | None:
    text = ctx.text
    # Only the first non-blank character on either side matters: bounded, whatever the line's length.
    before = text[max(0, start - 200) : start].rsplit("\n", 1)
    after = text[end : end + 200].split("\n", 1)
    if (
        before[-1].strip()
        or after[0].strip()
        or (len(before) == 1 and start > 200)
        or (len(after) == 1 and end + 200 < len(text))
    ):
        return None
    line_start = start - len(before[-1])
    line_end = end + len(after[0])
    return _line_fix(ctx, _Line(line_start, line_end, None)) if ctx.document.format == "text" else None


def check_residue(ctx: Context) -> Iterator[Hit]:
    r = _residue()
    yield from _chrome_lines(ctx, r)
    yield from _residue_hits(ctx, r)


# "...the results.Caring for curly hair 1": an image caption (title + counter) glued to a sentence.
# Begun with the capital (the end mark before it checked behind it), not with the look-behind: the same matches,
# and the engine's fast scan skips to the next capital instead of trying every position.
_GLUED_NUMBERED = re.compile(
    r"[A-Z](?<=[a-z][.!?][A-Z])[\w'’-]*(?:[ \t]+[\w'’&-]+){2,12}[ \t]+\d{1,2}(?=[ \t]*(?:\n|$))"
)
_NUMBERED_LINE = re.compile(r"(.*\S)[ \t]+\d{1,2}")


def check_numbered_titles(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    message = "A copy of the title with a counter after it: image-caption residue of the page template."
    lines = _lines(ctx)
    # A numbered line ends in a digit (\d is a decimal digit): the keys of all lines are made, and the text
    # scanned for a caption, only when one does, which few articles have.
    numbered_lines = [ln for ln in lines if text[ln.end - 1].isdecimal()]
    if not numbered_lines:
        # A glued caption ends its line with its number (only spaces or tabs after it): that line, stripped,
        # ends in a digit. Without such a line the text is not scanned for one.
        return
    for m in _GLUED_NUMBERED.finditer(text):
        yield Hit("CL304", m.start(), m.end(), message, fix=Fix(m.start(), m.end(), ""))
    keys = {_key(text[ln.start : ln.end]) for ln in lines}
    for line in numbered_lines:
        numbered = _NUMBERED_LINE.fullmatch(text, line.start, line.end)
        if not numbered:
            continue
        base = _key(numbered.group(1))
        if len(base.split()) >= 3 and base in keys:
            fix = _line_fix(ctx, line)
            yield Hit("CL304", line.start, line.end, message, fix=fix, no_fix=None if fix else "delete it by hand")


def check_title_templates(ctx: Context) -> Iterator[Hit]:
    title = _residue().title
    text = ctx.text
    for line in _lines(ctx):
        if line.end - line.start <= 120 and title.fullmatch(text, line.start, line.end):
            yield Hit(
                "CL305",
                line.start,
                line.end,
                f'"{text[line.start : line.end]}" is a link-farm title template: a fixed frame around a keyword.',
            )


CHECKS = (
    Check((CL301, CL302), check_boilerplate),
    Check((CL303,), check_residue),
    Check((CL304,), check_numbered_titles),
    Check((CL305,), check_title_templates),
)
