"""Single words a dictionary spinner swapped in: "epidermis" for "skin", "additionally" for "also" (CL109).

Data: ``rules/spinner_dictionary.toml``, written by ``tools/spin/dictionary.py`` from the mined phrase lists: the
words the dictionary spinners (families A and B) swapped inside the phrases those lists hold, each with the word it
replaced there. One such word is English; a page that prints several different ones, densely, past a gate no clean
document of a large collection reaches, was run through the dictionary, and there the rule reports each of them
with the word it most likely replaced. There it also reports ``rules/spinner_swaps.toml``, written by
``tools/spin/swaps.py`` from a spinner's synonym groups: commoner words and short phrases ("earlier than" for
"before") that count for neither gate.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython function, not in the stub

from .. import ruledata
from ..casing import match_case
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from .gated_lists import GATE, JOINERS, Gate, Gated, alternation, normal, outside_other_rules
from .tokens import IDX_LENGTH, IS_ALPHA_COLUMN, LOWER_COLUMN, token_table

CL109 = Rule(
    code="CL109",
    name="spinner-dictionary",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary='Finds the single words dictionary spinners swap in ("epidermis" for "skin", "physique" for "body", '
    '"merchandise" for "products", "additionally" for "also", "wholesome" for "healthy"), in articles that print '
    'several different ones densely; there also the commoner ones ("extra" for "more", "typical" for "common") '
    'and the commoner swaps of a spinner\'s synonym database ("earlier than" for "before", "12 months" for "year").',
    why="A dictionary spinner swaps words one by one from the same table wherever it runs. Each of these words is "
    "English on its own, so no list can report it everywhere; but the rarest of them, three or more of two or more "
    "kinds at eight or more per 1,000 words (or six kinds of the whole list, the commoner words included, at 15), "
    "mark a page the dictionary ran through: none of 8,568 clean news and health documents (4.8 million words) "
    "reaches that. There the word is far likelier the spinner's than the "
    "writer's, and the phrase lists mined from spun pages show the word it replaced. A page past CL108's gate (a "
    "rewriter's filler, densely) has these words reported too: those rewriters swap dictionary words as well. "
    "Past a gate the rule also reports the commoner members of a spinner's synonym groups that clean text seldom "
    "prints beside the other members (rules/spinner_swaps.toml); they count for neither gate.",
    fix="Use the word it replaced (the suggestion). The fix is unsafe: the same word can be the writer's (\"the "
    'epidermis" in a dermatology paragraph), so read the sentence before applying it.',
    fix_safety="unsafe",
    data_files=("spinner_dictionary", "spinner_swaps"),
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
        ("gate_any", GATE),  # the same over [words] and [also] together
        ("words", ruledata.STR_MAP),  # counted for the gate and reported past it
        ("also", ruledata.STR_MAP),  # reported past the gate only: commoner in careful prose
        ("provenance", ruledata.TABLE),  # where each word was seen: not read by the rule
    ),
    required=("gate", "words"),
)

# rules/spinner_swaps.toml: a spinner's commoner swaps from its synonym database (tools/spin/swaps.py), reported
# past the gates like [also] but counted by neither: each is common enough that a clean page prints several.
SWAPS_SHAPE = ruledata.Shape(
    (("swaps", ruledata.STR_MAP), ("provenance", ruledata.TABLE)),
    required=("swaps",),
)


@dataclass(frozen=True)
class _Words:
    """The list by the hash of each word's lower-case form, as the token table holds it (LOWER_COLUMN)."""

    counted: numpy.ndarray  # hashes of the [words], counted for the gate
    reported: numpy.ndarray  # hashes of the [words] and the [also] words
    plain: dict[str, str]  # word -> the word it replaced
    entry: dict[int, str]  # hash -> the word
    gate: Gate
    gate_any: Gate | None  # over every word of the list, [words] and [also] alike


@functools.cache
def _lists() -> _Words:
    data = ruledata.load("spinner_dictionary", SHAPE)
    counted = {normal(k): v for k, v in data["words"].items()}
    also = {normal(k): v for k, v in data.get("also", {}).items()}
    both = {**counted, **also}
    if not counted or set(counted) & set(also) or any(" " in word for word in both):
        raise ruledata.RuleDataError(
            "rules/spinner_dictionary.toml: [words] must be single words, not empty, none repeated in [also]"
        )
    ids = {hash_string(word): word for word in both}
    return _Words(
        numpy.array(sorted(hash_string(w) for w in counted), dtype=numpy.uint64),
        numpy.array(sorted(ids), dtype=numpy.uint64),
        both,
        ids,
        Gate.of(data["gate"]),
        Gate.of(data["gate_any"]) if "gate_any" in data else None,
    )


@dataclass(frozen=True)
class _Swaps:
    """rules/spinner_swaps.toml: single words by hash (as _Words), phrases as one pattern."""

    words: numpy.ndarray  # sorted hashes of the single-word swaps
    entry: dict[int, str]  # hash -> the word
    phrases: re.Pattern[str] | None  # the swaps of several words
    plain: dict[str, str]  # swap -> its likely original


@functools.cache
def _swaps() -> _Swaps:
    data = ruledata.load("spinner_swaps", SWAPS_SHAPE)
    plain = {normal(k): v for k, v in data["swaps"].items()}
    taken = set(_lists().plain)
    if not plain or taken & set(plain):
        raise ruledata.RuleDataError(
            "rules/spinner_swaps.toml: [swaps] must not be empty nor repeat spinner_dictionary"
        )
    ids = {hash_string(word): word for word in plain if " " not in word}
    return _Swaps(
        numpy.array(sorted(ids), dtype=numpy.uint64),
        ids,
        alternation([word for word in plain if " " in word]),
        plain,
    )


@functools.cache
def _originals() -> dict[str, str]:
    """Every reported entry, the list's words and the swaps, with the original it suggests."""
    return {**_lists().plain, **_swaps().plain}


def _swap_spans(ctx: Context) -> list[tuple[int, int, str]]:
    """Where the document prints the swaps: single words by the token table, phrases by one pattern."""
    swaps = _swaps()
    spans = list(_spans(ctx, swaps.words, swaps.entry))
    if swaps.phrases is not None:
        text = ctx.text
        spans.extend((m.start(), m.end(), normal(m.group(0))) for m in swaps.phrases.finditer(text))
    return spans


def _spans(
    ctx: Context, wanted: numpy.ndarray, words: dict[int, str] | None = None
) -> tuple[tuple[int, int, str], ...]:
    """Where the document's tokens are words of ``wanted`` (hashes; ``words`` names them, CL109's own lists by
    default), not joined to a neighbour by a hyphen or an apostrophe: a look-up in the token table, no scan."""
    table = token_table(ctx)
    lower = table[:, LOWER_COLUMN]
    # ``wanted`` is sorted: a binary search per token (numpy.isin sorts the document's tokens each time, 4x slower).
    at = numpy.minimum(numpy.searchsorted(wanted, lower), len(wanted) - 1)
    rows = numpy.flatnonzero(wanted[at] == lower)
    text, words = ctx.text, _lists().entry if words is None else words
    spans = []
    for row in rows.tolist():
        start, length = (int(v) for v in table[row, IDX_LENGTH])
        end = start + length
        # joined to a neighbour ("extra-virgin", "herbal's"), it is not the list's word standing alone
        if text[start - 1 : start] in JOINERS or text[end : end + 1] in JOINERS:
            continue
        spans.append((start, end, words[int(table[row, LOWER_COLUMN])]))
    return tuple(spans)


def _dictionary(ctx: Context) -> Gated:
    """The spinner's dictionary words the document prints, and whether they pass the gate: the [words] past
    ``[gate]``, or else every word of the list past ``[gate_any]`` (then the spans are all of them)."""
    lists = _lists()
    words = int(token_table(ctx)[:, IS_ALPHA_COLUMN].sum())
    found = lists.gate.judge(_spans(ctx, lists.counted), words)
    if found.passed or lists.gate_any is None:
        return found
    anywhere = lists.gate_any.judge(_spans(ctx, lists.reported), words)
    return anywhere if anywhere.passed else found


DICTIONARY: Analysis[Gated] = Analysis("spinner-dictionary", _dictionary)


def _past_a_gate(ctx: Context) -> str | None:
    """Why the page counts as spun through, for the message; None when it does not. Past this rule's own gate, or
    past CL108's (a rewriter's filler, densely: WordAi-style rewriters swap dictionary words too). Not the other way
    round: measured on 2026-12-03, CL108 reporting on pages past this gate added 2 findings outside dev2's gold (its
    family-A pages, whose spinner prints no filler) and none inside."""
    found: Gated = ctx.analysis(DICTIONARY)
    if found.passed:
        words = f"{len(found.spans)} words of the spinner's dictionary, {found.per_1000_words:.0f} per 1,000 words"
        return f"an article that prints many of them ({words})"
    if not ctx.config.is_enabled("CL108"):
        return None
    from .spinner_filler import FILLER

    filler: Gated = ctx.analysis(FILLER)
    if filler.passed:
        return f"an article a rewriter ran through ({filler.per_1000_words:.0f} of its filler phrases per 1,000 words)"
    return None


def _reported(ctx: Context) -> list[tuple[int, int, str]]:
    """The list's words and the swaps the document prints, in order; a longer span wins where two overlap (the
    phrase "in line with" over its word "line")."""
    spans = sorted([*_spans(ctx, _lists().reported), *_swap_spans(ctx)], key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    if not ctx.config.is_enabled("CL108"):
        return kept
    from .spinner_filler import reported

    # A swap inside CL108's filler ("particular" in "the particular role") is that rule's, with its own fix.
    filler = [(start, end) for start, end, _ in reported(ctx)]
    return [s for s in kept if not any(a < s[1] and s[0] < b for a, b in filler)]


def check_spinner_dictionary(ctx: Context) -> Iterator[Hit]:
    why = _past_a_gate(ctx)
    if why is None:
        return
    text = ctx.text
    plain = _originals()
    for start, end, entry in outside_other_rules(ctx, _reported(ctx)):
        word = text[start:end]
        suggestion = match_case(word, plain[entry])
        yield Hit(
            CL109.code,
            start,
            end,
            f'"{word}" is probably a dictionary spinner\'s word for "{suggestion}", in {why}.',
            suggestion,
            fix=Fix(start, end, suggestion),
        )


CHECKS = (Check((CL109,), check_spinner_dictionary, analyses=(DICTIONARY,)),)
