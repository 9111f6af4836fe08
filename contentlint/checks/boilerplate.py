"""Template residue: "Blog Article" under the title, and bylines glued to a hyphen ("Developed By-Name").

Data: ``rules/boilerplate.toml``. Only whole blocks (a line between blank lines, a Markdown or HTML
block) are considered: these lines never occur inside a sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .. import ruledata
from ..document import Block
from ..model import Check, Context, Fix, Hit, Rule, Severity

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
    must_fire=(
        "Benefits of Retinol\n\nDeveloped By-Ottosen Hauge\n\nRetinol speeds up cell turnover.",
        "Benefits of Retinol\n\nContent Author-Mia Lund\n\nRetinol speeds up cell turnover.",
    ),
    must_not_fire=(
        "Benefits of Retinol\n\nBy Jane Roe, MD\n\nRetinol speeds up cell turnover.",
        "The serum was developed by dermatologists in Oslo.",
    ),
)

_PUNCT = re.compile(r"[^\w\s]+")


@functools.cache
def _data() -> tuple[frozenset[str], re.Pattern[str], str]:
    data = ruledata.load("boilerplate")
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


CHECKS = (Check((CL301, CL302), check_boilerplate),)
