"""Spintax left in the text: "{best|top|greatest}", the spinner's template showing through.

Data: ``rules/spintax.toml`` (the notations). A group is reported when it has at least two
alternatives and every alternative reads as a few words of prose, so placeholders ("{name}"),
set notation ("{x | x > 0}") and code are left alone. Nested groups are repaired from the inside
out: `fix` runs until nothing is left to apply.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .. import ruledata
from ..model import Check, Context, Fix, Hit, Rule, Severity

CL104 = Rule(
    code="CL104",
    name="spintax-residue",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary='Finds spintax, the template notation of article spinners, left in the text ("our {best|top} '
    'serum", "[spin]fast|quick[/spin]"), and suggests the first alternative.',
    why="Spintax in a published article proves it was machine-spun from a template, and it reads as broken "
    "text; search engines treat such pages as auto-generated spam.",
    fix="Replace the group with the wording you mean; the first alternative is usually the template's own.",
    fix_safety="safe",
    data_files=("spintax",),
    must_fire=(
        "Our {best|top|greatest} serum hydrates dry skin.",
        "Apply it [spin]every day|daily[/spin] after cleansing.",
        "It is {very {good|great}|excellent} for oily skin.",
    ),
    must_not_fire=(
        "Hello {first_name}, your order has shipped.",
        "The set {x | x > 0} holds every positive number.",
        "Choose a cleanser | a toner | a serum from the menu above.",
    ),
)

def _notations(value: object) -> bool:
    keys = {"name", "open", "close", "separator"}
    return isinstance(value, list) and all(isinstance(t, dict) and keys <= set(t) for t in value)


SHAPE = ruledata.Shape(
    (("syntax", ("a list of [[syntax]] tables with name, open, close and separator", _notations)),),
    required=("syntax",),
)
# An alternative is a few words of prose: letters, digits, spaces, apostrophes, hyphens, commas, periods.
_ALTERNATIVE = re.compile(r"[\w\s'’,.\-]{0,80}")
_MAX_WORDS = 8


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for syntax in ruledata.load("spintax", SHAPE)["syntax"]:
        opening, closing, separator = (re.escape(syntax[k]) for k in ("open", "close", "separator"))
        # The innermost group: no delimiter of this notation inside it.
        body = rf"(?:(?!{opening}|{closing})[^\n])*?"
        pattern = re.compile(rf"{opening}({body}{separator}{body}){closing}")
        out.append((pattern, syntax["separator"]))
    return tuple(out)


def _alternatives(body: str, separator: str) -> list[str] | None:
    parts = [p.strip() for p in body.split(separator)]
    if len(parts) < 2 or not any(any(c.isalpha() for c in p) for p in parts):
        return None
    if not all(_ALTERNATIVE.fullmatch(p) and len(p.split()) <= _MAX_WORDS for p in parts):
        return None
    return parts


def check_spintax(ctx: Context) -> Iterator[Hit]:
    text = ctx.text
    for pattern, separator in _patterns():
        for match in pattern.finditer(text):
            parts = _alternatives(match.group(1), separator)
            if parts is None:
                continue
            first = parts[0]
            yield Hit(
                CL104.code,
                match.start(),
                match.end(),
                f'Spintax "{match.group(0)}" was left in the text: the spinner\'s template shows through.',
                first,
                fix=Fix(match.start(), match.end(), first),
            )


CHECKS = (Check((CL104,), check_spintax),)
