"""Duplicated headings: a title repeated by a template, an H2 that repeats the title, near-copies."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Block
from ..model import Check, Context, Fix, Hit, Rule, Severity

CL001 = Rule(
    code="CL001",
    name="duplicate-heading",
    category="duplicate-heading",
    severity=Severity.WARNING,
    summary="Finds a heading that repeats an earlier heading once case, punctuation, dashes and spacing are "
    "ignored; every repeated occurrence is reported.",
    why="Spam templates print the title two or three times (once in capitals, then in Title Case) and "
    "reuse the title as the first section heading. Readers see a broken page; search engines see "
    "duplicated, low-effort content.",
    fix="Delete the repeated heading; keep the first occurrence.",
    fix_safety="safe",
    must_fire=(
        "SKIN CARE FOR BEGINNERS\n\nSkin Care for Beginners\n\nStart with a gentle cleanser.",
        "Benefits of Retinol\n\nRetinol speeds up cell turnover.\n\nBenefits Of Retinol -- \n\nIt also helps.",
    ),
    must_not_fire=(
        "Benefits of Retinol\n\nRetinol speeds up cell turnover.\n\nRisks of Retinol\n\nIt can irritate.",
        "Morning Routine\n\nCleanse.\n\nConclusion\n\nKeep going.\n\nEvening Routine\n\nRinse.\n\n"
        "Conclusion\n\nSleep well.",
    ),
)

CL002 = Rule(
    code="CL002",
    name="near-duplicate-heading",
    category="duplicate-heading",
    severity=Severity.WARNING,
    summary="Finds a heading whose words almost all repeat an earlier heading (a reworded or truncated copy).",
    why="Templates and spinners leave slightly different copies of the same heading; to a reader it is "
    "the same heading twice, and it splits the article's outline.",
    fix="Merge the two sections or reword one heading so that it names what its own section says.",
    fix_safety="none",  # which heading to keep, and how to merge, is an editor's call
    must_fire=(
        "How Microneedling Repairs Skin Texture\n\nIt creates tiny wounds.\n\n"
        "How Microneedling Repairs Your Skin Texture\n\nThe skin responds.",
    ),
    must_not_fire=(
        "How to Apply Sunscreen\n\nUse a generous amount.\n\nHow to Choose a Sunscreen\n\nLook at the SPF.",
    ),
)

_DASHES = re.compile(r"[-‐‑‒–—―]+")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
# Section names that legitimately recur in long documents (one per chapter).
_GENERIC = frozenset(
    {
        "conclusion",
        "summary",
        "overview",
        "introduction",
        "faq",
        "faqs",
        "references",
        "sources",
        "notes",
        "examples",
        "example",
        "see also",
        "related",
        "resources",
        "symptoms",
        "causes",
        "treatment",
        "diagnosis",
        "prevention",
        "benefits",
        "risks",
        "side effects",
        "how it works",
        "results",
        "ingredients",
        "directions",
        "warnings",
        "cost",
        "pros",
        "cons",
        "pros and cons",
        "final thoughts",
        "bottom line",
        "the bottom line",
        "key takeaways",
        "takeaways",
        "tips",
        "step 1",
        "step 2",
        "step 3",
        "method",
        "background",
    }
)


def normalise(heading: str) -> str:
    text = _DASHES.sub(" ", heading.lower())
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACE.sub(" ", text).strip()


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def check_headings(ctx: Context) -> Iterator[Hit]:
    document = ctx.document
    headings: list[Block] = document.headings()
    seen: dict[str, int] = {}  # normalised heading -> index of first occurrence
    distinct: list[tuple[int, set[str]]] = []  # first occurrences of 3+ words, for near-duplicates
    threshold = ctx.config.thresholds.near_duplicate
    for index, block in enumerate(headings):
        key = normalise(document.text[block.start : block.end])
        if not key:
            continue
        first = seen.get(key)
        if first is not None:
            adjacent = first == index - 1
            if key not in _GENERIC or adjacent:
                yield Hit(
                    "CL001",
                    block.start,
                    block.end,
                    _message(ctx, headings[first], "repeats"),
                    fix=Fix(block.start, block.end, "", remove_block=True),
                )
            continue
        seen[key] = index
        tokens = set(key.split())
        if len(tokens) < 3:
            continue
        for earlier, other in distinct:
            if _similarity(tokens, other) >= threshold:
                yield Hit("CL002", block.start, block.end, _message(ctx, headings[earlier], "nearly repeats"))
                break
        distinct.append((index, tokens))


def _message(ctx: Context, first: Block, verb: str) -> str:
    span = ctx.document.offsets.to_source(first.start, first.end)
    where = f" on line {ctx.document.line_col(span[0])[0]}" if span else ""
    return (
        f"This heading {verb} the heading{where}: repeated titles are template residue that readers and "
        "search engines read as duplicated content."
    )


CHECKS = (Check((CL001, CL002), check_headings),)
