"""Single words a dictionary spinner swapped in: "epidermis" for "skin", "additionally" for "also" (CL109).

Data: ``rules/spinner_dictionary.toml``, written by ``tools/spin/dictionary.py`` from the mined phrase lists: the
words the dictionary spinners (families A and B) swapped inside the phrases those lists hold, each with the word it
replaced there. One such word is English; a page that prints several different ones, densely, past a gate no clean
document of a large collection reaches, was run through the dictionary, and there the rule reports each of them
with the word it most likely replaced.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .. import ruledata
from ..casing import match_case
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from .gated_lists import GATE, Gated, GatedList, build
from .tokens import IS_ALPHA_COLUMN, token_table

CL109 = Rule(
    code="CL109",
    name="spinner-dictionary",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary='Finds the single words dictionary spinners swap in ("epidermis" for "skin", "physique" for "body", '
    '"merchandise" for "products", "additionally" for "also", "wholesome" for "healthy"), in articles that print '
    'several different ones densely; there also the commoner ones ("extra" for "more", "typical" for "common").',
    why="A dictionary spinner swaps words one by one from the same table wherever it runs. Each of these words is "
    "English on its own, so no list can report it everywhere; but three or more different ones, ten or more per "
    "1,000 words, mark a page the dictionary ran through: none of 8,568 clean news and health documents (4.9 "
    "million words) reaches that. There the word is far likelier the spinner's than the writer's, and the mined "
    "phrase lists show the word it replaced.",
    fix="Use the word it replaced (the suggestion). The fix is unsafe: the same word can be the writer's (\"the "
    'epidermis" in a dermatology paragraph), so read the sentence before applying it.',
    fix_safety="unsafe",
    data_files=("spinner_dictionary",),
    # Not to spun-phrase: where another spun-phrase rule reports the same words, this rule leaves them out itself.
    yields_to=("stray-link", "boilerplate"),
    must_fire=("Wholesome epidermis needs care: in winter the physique additionally loses dampness.",),
    must_not_fire=(
        "The epidermis is the outer layer of the skin; its cells are renewed about once a month.",
        "A wholesome breakfast and a walk to the seaside: that is how the day starts.",
    ),
)

SHAPE = ruledata.Shape(
    (
        ("gate", GATE),
        ("words", ruledata.STR_MAP),  # counted for the gate and reported past it
        ("also", ruledata.STR_MAP),  # reported past the gate only: commoner in careful prose
        ("provenance", ruledata.TABLE),  # where each word was seen: not read by the rule
    ),
    required=("gate", "words"),
)


@functools.cache
def _lists() -> GatedList:
    data = ruledata.load("spinner_dictionary", SHAPE)
    return build("spinner_dictionary", data["words"], data.get("also", {}), data["gate"])


def dictionary_of(text: str, words: int) -> Gated:
    """The spinner's dictionary words in ``text`` of ``words`` words, and whether they pass the gate."""
    return _lists().gate(text, words)


def _dictionary(ctx: Context) -> Gated:
    return dictionary_of(ctx.text, int(token_table(ctx)[:, IS_ALPHA_COLUMN].sum()))


DICTIONARY: Analysis[Gated] = Analysis("spinner-dictionary", _dictionary)


def check_spinner_dictionary(ctx: Context) -> Iterator[Hit]:
    found: Gated = ctx.analysis(DICTIONARY)
    if not found.passed:
        return
    from .spun import SPIN

    text = ctx.text
    taken = [(h.start, h.end) for h in ctx.analysis(SPIN).hits]
    lists = _lists()
    density = f"{len(found.spans)} words of the spinner's dictionary, {found.per_1000_words:.0f} per 1,000 words"
    for start, end, entry in lists.reported(text, found):
        if any(s < end and start < e for s, e in taken):
            continue
        word = text[start:end]
        suggestion = match_case(word, lists.plain[entry] or "")
        yield Hit(
            CL109.code,
            start,
            end,
            f'"{word}" is probably a dictionary spinner\'s word for "{suggestion}", in an article that prints '
            f"many of them ({density}).",
            suggestion,
            fix=Fix(start, end, suggestion),
        )


CHECKS = (Check((CL109,), check_spinner_dictionary, analyses=(DICTIONARY,)),)
