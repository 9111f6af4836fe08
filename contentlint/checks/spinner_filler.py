"""Filler a spinner padded the text with: "as well as" for "and", "the particular" for "the" (CL108).

Data: ``rules/spinner_filler.toml`` (the filler and the plain word each most often replaces, and the gate). One
such phrase is good English; a page that prints several different ones again and again, past a density no clean
document of a large collection reaches, was padded by a machine. The rule reports each of them there and nowhere
else, and the document's spin verdict counts a page past the gate as a spinner's tell (``spin.signal``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import ruledata
from ..casing import match_case
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from .tokens import IS_ALPHA_COLUMN, token_table

CL108 = Rule(
    code="CL108",
    name="spinner-filler",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary='Finds the filler spinners pad a text with ("as well as" and "and also" for "and", "the particular" '
    'and "the actual" for "the", "exactly what" for "what", "or perhaps" for "or"), in articles that print many '
    "different ones, densely.",
    why="Rewriters that lengthen a text swap short function words for padded ones all through the article. One "
    "such phrase is the writer's; several kinds, ten or more per 1,000 words, are a machine's: no clean article "
    "of about 6 million words of news, health and marketing prose reaches that density. The padding makes every "
    "sentence wordier and marks the page as spun.",
    fix='Use the plain word (the suggestion). The fix is unsafe: a phrase such as "the actual cost" can be what '
    "the writer meant, so read the sentence before applying it.",
    fix_safety="unsafe",
    data_files=("spinner_filler",),
    # Not to spun-phrase: where another spun-phrase rule reports the same words, this rule leaves them out itself.
    yields_to=("stray-link", "boilerplate"),
    must_fire=(
        "Exactly what is the particular role of the skin? It keeps out germs as well as heat, and also it holds "
        "in water. Wash it gently or perhaps use a mild cleanser, and the actual results will show.",
    ),
    must_not_fire=(
        "Eat fruit as well as vegetables every day, and drink plenty of water.",
        "Salt as well as sugar, oil as well as water, tea as well as milk: each pair mixes in its own way.",
    ),
)


def _gate(value: Any) -> bool:
    keys = {"min_count", "min_distinct", "min_per_1000_words"}
    return (
        isinstance(value, dict)
        and set(value) == keys
        and all(isinstance(value[k], (int, float)) and not isinstance(value[k], bool) and value[k] > 0 for k in keys)
    )


SHAPE = ruledata.Shape(
    (
        ("gate", ("a table of min_count, min_distinct and min_per_1000_words, each a positive number", _gate)),
        ("filler", ruledata.STR_MAP),
    ),
    required=("gate", "filler"),
)


@dataclass(frozen=True)
class _Lists:
    pattern: re.Pattern[str]
    plain: dict[str, str]  # lower-case filler -> plain word ("" when it depends on the sentence)
    min_count: int
    min_distinct: int
    min_per_1000_words: float


@functools.cache
def _lists() -> _Lists:
    data = ruledata.load("spinner_filler", SHAPE)
    plain: dict[str, str] = {" ".join(k.lower().split()): v for k, v in data["filler"].items()}
    if not plain:
        raise ruledata.RuleDataError("rules/spinner_filler.toml: [filler] is empty")
    # Longest first, so that "their particular" is one match rather than "particular" left over; the words of an
    # entry may be split by any run of spaces (a line break in the source's prose).
    alternatives = "|".join(r"\s+".join(map(re.escape, k.split())) for k in sorted(plain, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", re.IGNORECASE)
    gate = data["gate"]
    return _Lists(pattern, plain, int(gate["min_count"]), int(gate["min_distinct"]), float(gate["min_per_1000_words"]))


@dataclass(frozen=True)
class Filler:
    """The filler a document prints, and whether it is past the gate (``padded``)."""

    spans: tuple[tuple[int, int, str], ...]  # start, end, the entry (lower case)
    words: int
    padded: bool

    @property
    def per_1000_words(self) -> float:
        return 1000.0 * len(self.spans) / max(self.words, 1)


def filler_of(text: str, words: int) -> Filler:
    """The filler in ``text`` of ``words`` words, and whether it passes the gate."""
    lists = _lists()
    spans = tuple((m.start(), m.end(), " ".join(m.group(0).lower().split())) for m in lists.pattern.finditer(text))
    distinct = len({entry for _, _, entry in spans})
    padded = (
        len(spans) >= lists.min_count
        and distinct >= lists.min_distinct
        and 1000.0 * len(spans) / max(words, 1) >= lists.min_per_1000_words
    )
    return Filler(spans, words, padded)


def _filler(ctx: Context) -> Filler:
    return filler_of(ctx.text, int(token_table(ctx)[:, IS_ALPHA_COLUMN].sum()))


# Computed once per document: CL108 reports these spans, and the spin verdict counts a padded page as a tell.
FILLER: Analysis[Filler] = Analysis("spinner-filler", _filler)


def check_spinner_filler(ctx: Context) -> Iterator[Hit]:
    filler: Filler = ctx.analysis(FILLER)
    if not filler.padded:
        return
    from .spun import SPIN

    taken = [(h.start, h.end) for h in ctx.analysis(SPIN).hits]
    plain = _lists().plain
    for start, end, entry in filler.spans:
        if any(s < end and start < e for s, e in taken):
            continue
        yield _hit(ctx.text[start:end], start, end, plain[entry], filler)


def _hit(found: str, start: int, end: int, plain: str, filler: Filler) -> Hit:
    density = f"{len(filler.spans)} such phrases, {filler.per_1000_words:.0f} per 1,000 words"
    if not plain:
        return Hit(
            CL108.code,
            start,
            end,
            f'"{found}" is a spinner\'s filler in an article padded throughout ({density}); the plain word depends '
            "on the sentence.",
            no_fix="the plain word depends on the sentence",
        )
    suggestion = match_case(found, plain)
    return Hit(
        CL108.code,
        start,
        end,
        f'"{found}" is probably a spinner\'s filler for "{suggestion}", in an article padded throughout ({density}).',
        suggestion,
        fix=Fix(start, end, suggestion),
    )


CHECKS = (Check((CL108,), check_spinner_filler, analyses=(FILLER,)),)
