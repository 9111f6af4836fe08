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
    'and "the actual" for "the", "exactly what" for "what", "or perhaps" for "or") and the stock phrases of '
    'WordAi-style rewriters ("due to this fact" for "therefore", "in the event you" for "if you", "you\'ll be able '
    'to" for "you can"), in articles that print many different ones, densely; there also the padding careful '
    'writers print too ("plus" for "and", "at all times" for "always") and the words such spinners insert ("is '
    'actually torn").',
    why="Rewriters that lengthen a text swap short function words and phrases for padded ones all through the "
    "article. One "
    "such phrase is the writer's; several kinds, ten or more per 1,000 words, are a machine's: no clean article "
    "of about 6 million words of news, health and marketing prose reaches that density. The padding makes every "
    "sentence wordier and marks the page as spun.",
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


def _gate(value: Any) -> bool:
    keys = {"min_count", "min_distinct", "min_per_1000_words"}
    return (
        isinstance(value, dict)
        and set(value) == keys
        and all(isinstance(value[k], (int, float)) and not isinstance(value[k], bool) and value[k] > 0 for k in keys)
    )


def _inserted(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"words"} and ruledata.STR_LIST[1](value["words"])


SHAPE = ruledata.Shape(
    (
        ("gate", ("a table of min_count, min_distinct and min_per_1000_words, each a positive number", _gate)),
        ("filler", ruledata.STR_MAP),
        ("also", ruledata.STR_MAP),  # reported in a padded page, not counted for the gate
        # words reported in a padded page as inserted: no plain word, delete them
        ("inserted", ("a table with words, a list of strings", _inserted)),
    ),
    required=("gate", "filler"),
)


@dataclass(frozen=True)
class _Lists:
    pattern: re.Pattern[str]  # the gate's filler
    lowered: re.Pattern[str]  # the same, for the text in lower case (see gate_spans)
    plain: dict[str, str | None]  # lower-case phrase -> plain word ("" when it depends on the sentence, None: inserted)
    also: re.Pattern[str] | None  # what is reported in a padded page besides the gate's filler
    min_count: int
    min_distinct: int
    min_per_1000_words: float


# Entries are written with a straight apostrophe ("you'll be able to"); the text may print a curly one.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def _normal(phrase: str) -> str:
    return " ".join(phrase.lower().translate(_APOSTROPHES).split())


def _word_pattern(word: str) -> str:
    return re.escape(word).replace("'", "['’‘]")


def _alternatives(phrases: list[str]) -> str:
    """``phrases`` as one alternation, longest first, so that "their particular" is one match rather than
    "particular" left over; the words of an entry may be split by any run of spaces (a line break in the prose),
    and its apostrophes may be curly."""
    return "|".join(r"\s+".join(map(_word_pattern, k.split())) for k in sorted(phrases, key=len, reverse=True))


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    """The case-blind pattern of ``phrases`` (None for none), each a whole word sequence."""
    if not phrases:
        return None
    return re.compile(rf"(?<![\w'’-])(?:{_alternatives(phrases)})(?![\w'’-])", re.IGNORECASE)


def _lowered(phrases: list[str]) -> re.Pattern[str]:
    """_alternation's pattern for text in lower case: with neither IGNORECASE nor a look-behind in front, which
    made every position of every document cost a few steps (0.58 ms per 1,000 words against 0.19 measured); the
    look-behind's apostrophe and hyphen are checked on the few matches instead (gate_spans)."""
    return re.compile(rf"\b(?:{_alternatives(phrases)})(?![\w'’-])")


@functools.cache
def _lists() -> _Lists:
    data = ruledata.load("spinner_filler", SHAPE)
    gated: dict[str, str | None] = {_normal(k): v for k, v in data["filler"].items()}
    pattern = _alternation(list(gated))
    if pattern is None:
        raise ruledata.RuleDataError("rules/spinner_filler.toml: [filler] is empty")
    also: dict[str, str | None] = {_normal(k): v for k, v in data.get("also", {}).items()}
    also.update((_normal(k), None) for k in data.get("inserted", {}).get("words", []))
    if set(also) & set(gated):
        raise ruledata.RuleDataError("rules/spinner_filler.toml: [also] and [inserted] repeat an entry of [filler]")
    gate = data["gate"]
    return _Lists(
        pattern,
        _lowered(list(gated)),
        {**gated, **also},
        _alternation(list(also)),
        int(gate["min_count"]),
        int(gate["min_distinct"]),
        float(gate["min_per_1000_words"]),
    )


@dataclass(frozen=True)
class Filler:
    """The filler a document prints, and whether it is past the gate (``padded``)."""

    spans: tuple[tuple[int, int, str], ...]  # start, end, the entry (lower case)
    words: int
    padded: bool

    @property
    def per_1000_words(self) -> float:
        return 1000.0 * len(self.spans) / max(self.words, 1)


# What joins a word to the one before it and is not a word character, which ``\b`` already rules out (the
# case-blind pattern's look-behind).
_JOINERS = ("'", "’", "-")


def gate_spans(text: str) -> list[tuple[int, int]]:
    """Where the gate's filler occurs in ``text``: the matches of the case-blind pattern, found in the lower-cased
    text when lower-casing keeps every offset (it does not for a few characters, "İ" among them)."""
    lists = _lists()
    lowered = text.lower()
    if len(lowered) != len(text):
        return [(m.start(), m.end()) for m in lists.pattern.finditer(text)]
    return [
        (m.start(), m.end())
        for m in lists.lowered.finditer(lowered)
        if lowered[m.start() - 1 : m.start()] not in _JOINERS
    ]


def filler_of(text: str, words: int) -> Filler:
    """The filler in ``text`` of ``words`` words, and whether it passes the gate."""
    lists = _lists()
    spans = tuple((start, end, _normal(text[start:end])) for start, end in gate_spans(text))
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

    text = ctx.text
    taken = [(h.start, h.end) for h in ctx.analysis(SPIN).hits]
    lists = _lists()
    spans = list(filler.spans)
    if lists.also is not None:
        spans.extend((m.start(), m.end(), _normal(m.group(0))) for m in lists.also.finditer(text))
    for start, end, entry in sorted(spans):
        if any(s < end and start < e for s, e in taken):
            continue
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
