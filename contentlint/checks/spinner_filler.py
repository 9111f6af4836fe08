"""Filler a spinner padded the text with: "as well as" for "and", "the particular" for "the" (CL108).

Data: ``rules/spinner_filler.toml`` (the filler and the plain word each most often replaces, and the gate). One
such phrase is good English; a page that prints several different ones again and again, past a density no clean
document of a large collection reaches, was padded by a machine. The rule reports each of them there and nowhere
else, and the document's spin verdict counts a page past the gate as a spinner's tell (``spin.signal``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from .. import ruledata
from ..casing import match_case
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from .gated_lists import GATE, Gated, GatedList, build, outside_other_rules
from .tokens import IS_ALPHA_COLUMN, token_table

CL108 = Rule(
    code="CL108",
    name="spinner-filler",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary='Finds the filler spinners pad a text with ("as well as" and "and also" for "and", "the particular" '
    'and "the actual" for "the", "exactly what" for "what", "or perhaps" for "or") and the stock phrases of '
    'WordAi-style rewriters ("due to this fact" for "therefore", "in the event you" for "if you", "you\'ll be able '
    'to" for "you can"), in articles that print many different ones, densely; there also the padding careful '
    'writers print too ("plus" for "and", "at all times" for "always") and the words such spinners insert ("is '
    'actually torn").',
    why="Rewriters that lengthen a text swap short function words and phrases for padded ones all through the "
    "article. One such phrase is the writer's; several kinds, ten or more per 1,000 words, are a machine's: no "
    "clean article of about 6 million words of news, health and marketing prose reaches that density. The padding "
    "makes every sentence wordier and marks the page as spun.",
    fix="Use the plain word (the suggestion), or delete an inserted word. The fix is unsafe: a phrase such as "
    '"the actual cost" can be what the writer meant, so read the sentence before applying it.',
    fix_safety="unsafe",
    data_files=("spinner_filler",),
    # Not to spun-phrase: where another spun-phrase rule reports the same words, this rule leaves them out itself.
    yields_to=("stray-link", "boilerplate"),
    must_fire=(
        "Exactly what is the particular role of the skin? It keeps out germs as well as heat, and also it holds "
        "in water. Wash it gently or perhaps use a mild cleanser, and the actual results will show.",
        "Exactly what is the particular role of the skin? It is actually a shield as well as a store, plus it "
        "holds in water.",
    ),
    must_not_fire=(
        "Eat fruit as well as vegetables every day, and drink plenty of water.",
        "Salt as well as sugar, oil as well as water, tea as well as milk: each pair mixes in its own way.",
        "It is actually a shield, plus it really holds in water, whenever you need it.",
    ),
)


def _inserted(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"words"} and ruledata.STR_LIST[1](value["words"])


SHAPE = ruledata.Shape(
    (
        ("gate", GATE),
        ("filler", ruledata.STR_MAP),
        ("also", ruledata.STR_MAP),  # reported in a padded page, not counted for the gate
        # words reported in a padded page as inserted: no plain word, delete them
        ("inserted", ("a table with words, a list of strings", _inserted)),
    ),
    required=("gate", "filler"),
)


@functools.cache
def _lists() -> GatedList:
    data = ruledata.load("spinner_filler", SHAPE)
    also: dict[str, str | None] = dict(data.get("also", {}))
    also.update((k, None) for k in data.get("inserted", {}).get("words", []))
    return build("spinner_filler", data["filler"], also, data["gate"])


# The filler a document prints, and whether it is past the gate (``passed``: the page is padded).
Filler = Gated


def gate_spans(text: str) -> list[tuple[int, int]]:
    """Where the gate's filler occurs in ``text`` (GatedList.spans)."""
    return _lists().spans(text)


def filler_of(text: str, words: int) -> Filler:
    """The filler in ``text`` of ``words`` words, and whether it passes the gate."""
    return _lists().gate(text, words)


def _filler(ctx: Context) -> Filler:
    return filler_of(ctx.text, int(token_table(ctx)[:, IS_ALPHA_COLUMN].sum()))


# Computed once per document: CL108 reports these spans, and the spin verdict counts a padded page as a tell.
FILLER: Analysis[Filler] = Analysis("spinner-filler", _filler)


def reported(ctx: Context) -> list[tuple[int, int, str]]:
    """What CL108 reports in the document before other rules take their spans: nothing under its gate."""
    filler: Filler = ctx.analysis(FILLER)
    return _lists().reported(ctx.text, filler) if filler.passed else []


def check_spinner_filler(ctx: Context) -> Iterator[Hit]:
    filler: Filler = ctx.analysis(FILLER)
    if not filler.passed:
        return
    text = ctx.text
    lists = _lists()
    for start, end, entry in outside_other_rules(ctx, reported(ctx)):
        plain = lists.plain[entry]
        if plain is None:
            yield _inserted_hit(text, start, end, filler)
        else:
            yield _hit(text[start:end], start, end, plain, filler)


def _density(filler: Filler) -> str:
    return f"{len(filler.spans)} filler phrases, {filler.per_1000_words:.0f} per 1,000 words"


def _inserted_hit(text: str, start: int, end: int, filler: Filler) -> Hit:
    """A word the spinner inserts ("is actually torn" for "is torn"): deleted with the space after it, where it
    sits inside a sentence between two words."""
    found = text[start:end]
    message = (
        f'"{found}" is probably a word the spinner inserted, in an article padded throughout ({_density(filler)}); '
        "the sentence reads the same without it."
    )
    inside = found.islower() and text[start - 1 : start] == " " and text[end : end + 1] == " "
    if inside and text[end + 1 : end + 2].isalpha():
        return Hit(CL108.code, start, end, message, fix=Fix(start, end + 1, ""))
    return Hit(CL108.code, start, end, message, no_fix="deleting it here would need the sentence rewritten")


def _hit(found: str, start: int, end: int, plain: str, filler: Filler) -> Hit:
    density = _density(filler)
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
