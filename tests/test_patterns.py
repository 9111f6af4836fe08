"""CaselessPattern matches exactly what an IGNORECASE pattern matches, at the same offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contentlint.patterns import (
    CaselessPattern,
    PatternSet,
    SkippingPattern,
    _SplitScan,
    alternation,
    by_first_chars,
    first_char_gate,
    grouped_alternation,
    ignorecase_lowered,
    letter_led,
    lowered,
    may_match,
    required_text,
)

PATTERNS = [
    r"\bclinically (?:proven|tested)\b",
    r"\(\s*[A-Z][A-Za-z'-]+,? (?:19|20)\d\d\)",
    r"(?P<verb>mouse click)\s+\S+",
    r"\bFDA[- ]approved\b",
    r"\d+\s?%",
]
TEXT = st.text(
    alphabet=st.sampled_from([*list("aAbBcClLiInNyYfFdDpProOvVeEmMuUsSkK ()-,%1290"), "İ", "ẞ", " "]), max_size=80
)


@given(st.sampled_from(PATTERNS), TEXT)
def test_same_matches_as_ignorecase(pattern: str, text: str) -> None:
    caseless = CaselessPattern(pattern)
    expected = [(m.start(), m.end()) for m in re.compile(pattern, re.IGNORECASE).finditer(text)]
    low = lowered(text)
    got = [(m.start(), m.end()) for m in caseless.finditer(text, low)]
    if low is not None and "ẞ" not in text:  # ß/ẞ fold differently under IGNORECASE and lower()
        assert got == expected
    assert all(0 <= s <= e <= len(text) for s, e in got)


def test_length_changing_lowercase_falls_back() -> None:
    text = "İstanbul clinics: clinically proven."
    assert lowered(text) is None
    m = CaselessPattern(r"clinically proven").search(text, lowered(text))
    assert m is not None and text[m.start() : m.end()] == "clinically proven"


# --- alternation: regrouped only where the matches cannot change -------------------------------------


def test_alternation_groups_word_led_alternatives_first_when_the_rest_cannot_start_a_word() -> None:
    pattern = alternation([r"\bnumber one\b", r"#1\b", r"\b(?:best|top) pick\b"])
    assert pattern == r"(?:(?:\bnumber one\b)|(?:\b(?:best|top) pick\b))|(?:#1\b)"


@pytest.mark.parametrize(
    "patterns",
    [
        [r"\bone\b", r"\btwo\b"],  # all word-led: nothing to gain
        [r"#1\b", r"\(x\)"],  # none word-led
        [r"\bone\b", r"[#a]1"],  # a class of word and non-word characters: unknown
        [r"\bone\b", r"x?"],  # can match nothing: unknown
        [r"\bone\b", r"\s+%"],  # a category of non-word characters: not a known set
    ],
)
def test_alternation_keeps_the_order_when_it_cannot_prove_the_groups_disjoint(patterns: list[str]) -> None:
    assert alternation(patterns) == "|".join(f"(?:{p})" for p in patterns)


def test_alternation_finds_the_same_matches_as_the_plain_alternation() -> None:
    patterns = [r"\bno\.? ?1\b", r"#1\b", r"\bthe (?:best|only) \w+", r"(?<![a-z])\[\w+\]", r"\bbest\b"]
    text = "Our #1 pick, the No. 1 serum and the best cream [ref] are the only way; x#1 and a[b] too. #12 best"
    plain = re.compile("|".join(f"(?:{p})" for p in patterns))
    regrouped = re.compile(alternation(patterns))
    assert regrouped.pattern != plain.pattern
    assert [m.span() for m in regrouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


MIXED = [r"\bno\.? ?1\b", r"#1\b", r"\b(?:the|our) (?:best|only)\b", r"(?<![a-z])\[\w+\]", r"\bbest\b", r"\(\w+\)"]


@given(st.text(alphabet=st.sampled_from(list("theourbsnlyo1#[]() .,")), max_size=60))
def test_regrouped_alternation_matches_like_the_plain_one(text: str) -> None:
    plain = re.compile("|".join(f"(?:{p})" for p in MIXED))
    regrouped = re.compile(alternation(MIXED))
    assert [m.span() for m in regrouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_first_char_gate_names_the_characters_a_match_can_begin_with() -> None:
    assert first_char_gate(r"(?<!\bmy\s)(?:web\s+site|internet|blog)") == "(?=[biw])"
    assert first_char_gate(r"(?i:web|blog)") == ""  # the group folds case: its literals are not the set
    assert first_char_gate(r"\w+ site") == ""
    assert first_char_gate(r"x*y") == "(?=[xy])"  # an optional first item: it or what follows
    assert first_char_gate(r"x*") == ""
    assert first_char_gate(r"\d+") == ""  # a category is not a list of characters


@given(st.text(alphabet=st.sampled_from(list("mywebsitlog \n")), max_size=60))
def test_a_gated_pattern_matches_like_the_ungated_one(text: str) -> None:
    body = r"(?:web\s+site|site|blog)\s+(?:log|web)"
    guarded = r"(?<!\bmy\s)" + body
    gated = re.compile(first_char_gate(body) + guarded)
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in re.finditer(guarded, text)]


SCAN_PARTS = [
    r"\bbest\b",
    r"\bthe best \w+",
    r"#1\b",  # not at a word boundary
    r"\b[ab]c",  # a class: in two groups
    r"\b\d+\s?%",
    r"(?:x|y)?z",  # optional first item: x, y or z
    r"\s*%",  # first characters unknown: tried everywhere
    r"\bÉt",  # not ASCII: tried everywhere
    r"\bbe|st",  # a top-level alternation: "st" need not begin at a boundary
    r"(?<!a)ct",
]


@given(st.text(alphabet=st.sampled_from(list("theBsTopac#1 2%xyzÉéİ.")), max_size=60))
def test_grouped_alternation_matches_where_the_plain_one_does(text: str) -> None:
    grouped = CaselessPattern(f"(?={grouped_alternation(SCAN_PARTS)})")
    plain = CaselessPattern(f"(?={alternation(SCAN_PARTS)})")
    for low in (lowered(text), None):  # the lower-cased scan and the IGNORECASE one
        assert [m.start() for m in grouped.finditer(text, low)] == [m.start() for m in plain.finditer(text, low)]


# Parts at a word boundary before a word character (scanned behind a non-word character), one at a boundary
# before a non-word character, which must not be, and the others of SCAN_PARTS.
SPLIT_SCAN_PARTS = [*SCAN_PARTS, r"\b#2", r"\b(?:to|at)p\b", r"\bthe\b", r"\b\d\d"]


@given(st.text(alphabet=st.sampled_from(list("theBsTopac#1 2%xyzÉéİ._\n")), max_size=60))
@example("The top")  # a part at the start, in capitals: the IGNORECASE scan finds it too
@example("12 x")
def test_a_split_scan_finds_the_places_of_the_grouped_one(text: str) -> None:
    split = _SplitScan(SPLIT_SCAN_PARTS)
    assert len(split.scans) == 3 and split.words  # every kind of scan is exercised
    grouped = CaselessPattern(f"(?={grouped_alternation(SPLIT_SCAN_PARTS)})")
    for low in (lowered(text), None):
        assert split.positions(text, low) == [m.start() for m in grouped.finditer(text, low)]


def test_grouped_alternation_puts_parts_behind_their_first_characters() -> None:
    scan = grouped_alternation([r"\bbest\b", r"\b[ab]c", r"\bbad", r"\b[a-m]", r"#1", r"\s*%"])
    few = r"a(?<=(?=(?:\b[ab]c))a)|b(?<=(?=(?:\bbest\b)|(?:\b[ab]c)|(?:\bbad))b)"
    assert scan.startswith(rf"(?:\b(?:[abcdefghijklm](?<=(?=(?:\b[a-m]))[abcdefghijklm])|{few}))")
    assert r"\#(?<=(?=(?:#1))\#)" in scan
    assert scan.endswith(r"(?:(?:\s*%))")
    assert grouped_alternation([]) == "(?!)"


SET = (
    CaselessPattern(alternation([r"\bbest\b", r"\bthe best \w+", r"#1\b"]), (r"\bbest\b", r"\bthe best \w+", r"#1\b")),
    CaselessPattern(r"\bthe (?P<word>best|top)\b"),  # overlaps the first: each keeps its own matches
    CaselessPattern(r"\b\d+\s?%"),  # digits: word characters, scanned with the others
    CaselessPattern(r"\s*%"),  # a class of spaces first: scanned alone
    CaselessPattern(r"x*"),  # empty matches: its own finditer
)


@given(st.text(alphabet=st.sampled_from(list("theBsTop#1 2%x.İ")), max_size=60))
def test_pattern_set_finds_each_patterns_own_matches(text: str) -> None:
    low = lowered(text)
    expected = [[(m.span(), m.groups()) for m in p.finditer(text, low)] for p in SET]
    got = [[(m.span(), m.groups()) for m in matches] for matches in PatternSet(SET).finditer(text, low)]
    assert got == expected
    assert PatternSet(SET).finditer_starts(text, low) == [[span[0] for span, _ in e] for e in expected]


def test_pattern_set_scans_jointly_only_what_it_can_group() -> None:
    assert [p in PatternSet(SET)._joint for p in SET] == [True, True, True, False, False]


def test_pattern_set_with_clashing_group_names_scans_each_pattern_alone() -> None:
    patterns = (CaselessPattern(r"\b(?P<w>best)\b"), CaselessPattern(r"\b(?P<w>top)\b"))
    found = PatternSet(patterns)
    assert found._joint == []
    assert found.finditer_starts("Top and best", "top and best") == [[8], [0]]


def test_required_text_lists_the_caseless_literals_a_match_contains() -> None:
    assert required_text(r"\b(?:info|mail)@example\.com\b") == (("@",), (".",))
    assert required_text(r"\b[a-z]+ (?:…|\.\.\.) [A-Z]") == ((" ",), ("…", "..."), (" ",))
    assert required_text(r"(?:ab|\.)?x(?=@)") == ()  # optional, cased or only looked at: nothing required
    assert required_text(r"(?:[ab]@)+") == (("@",),)  # repeated at least once: its "@" is in every match
    assert required_text(r"(?:[ab]@)*") == ()
    assert required_text(r"(?:@x)+") == (("@",),)
    assert required_text(r"(") == ()  # not a pattern: nothing is assumed


REQUIRING = [r"\b(?:info|mail)@ex\.com\b", r"\b[a-z]+ (?:…|\.\.\.) [A-Z]", r"(?i:tip|note):", r"\(x[.,]+y\)"]


REQUIRING_TEXT = st.text(alphabet=st.sampled_from(list("infomal@ex.comTIP:tipnote (xy),…aZ")), max_size=40)


@given(st.sampled_from(REQUIRING), REQUIRING_TEXT)
def test_a_text_that_can_match_is_never_skipped(pattern: str, text: str) -> None:
    regex = re.compile(pattern, re.IGNORECASE)
    if regex.search(text):
        assert may_match(required_text(pattern, re.IGNORECASE), text)


def test_required_text_with_letters_keeps_the_cased_literals() -> None:
    assert required_text(r"\b(?:info|mail)@example\.com\b", letters=True) == (("info", "mail"), ("@example.com",))
    assert required_text(r"(?i:ab)c", letters=True) == (("c",),)  # a group that folds case: its letters are not
    assert required_text(r"(?i)abc@", letters=True) == (("@",),)  # nor under a global flag
    assert required_text(r"x(?:ab|cd)?y(?!z)", letters=True) == (("x",), ("y",))


REQUIRING_LOWER = [*REQUIRING, r"lorem ipsum(?: dolor)+", r"\b(?:your|company) (?:site|name) (?:here|goes here)\b"]


@given(
    st.sampled_from(REQUIRING_LOWER),
    st.lists(
        st.sampled_from(
            [
                "lorem",
                " ",
                "ipsum",
                "dolor",
                "your",
                "Company",
                "site",
                "name",
                "here",
                "goes",
                "İ",
                "ı",
                "ſ",
                "K",
                "Tip:",
            ]
        ),
        max_size=12,
    ).map("".join),
)
def test_a_lower_cased_text_that_can_match_is_never_skipped(pattern: str, text: str) -> None:
    caseless = CaselessPattern(pattern)
    low = ignorecase_lowered(text)
    if low is not None and caseless.search(text, low):
        assert may_match(required_text(caseless.lc.pattern, letters=True), low)


def test_alternation_never_moves_a_capturing_group() -> None:
    assert alternation([r"\b(best)\b", r"#1"]) == r"(?:\b(best)\b)|(?:#1)"


def test_pattern_set_scans_a_pattern_with_a_backreference_alone() -> None:
    patterns = (CaselessPattern(r"\b(a)x"), CaselessPattern(r"\b(b)\1"))
    found = PatternSet(patterns)
    assert found._joint == [patterns[0]]
    assert found.finditer_starts("ax bb ab", "ax bb ab") == [[0], [3]]


def test_letter_led_only_for_letters_matched_by_their_two_cases_alone() -> None:
    assert letter_led(["your", "his"]) == r"(?:[hHyY](?<=\b[hHyY])(?:(?<=[yY])(?i:our)|(?<=[hH])(?i:is)))"
    assert letter_led(["its"]) is None  # "i" also matches "ı" and "İ"
    assert letter_led(["skin"]) is None  # "s" also matches "ſ"
    assert letter_led([]) is None


SPLIT_PARTS = [
    r"\b(?:best|bad|top|the) (?:one|two)\b",  # three first letters: three parts
    r"\b(?:a[]|]b|\(c|d|e\|f)x",  # a class holding "]" and "|", escaped brackets and bars
    r"\b(?:ab|ac|)x",  # an empty alternative: its first characters are those of what follows
    r"\b(?:(?:o|p)q|oz|\d+%)",  # a nested group, digits
    r"\b(?:(?<=x)b|c)",  # a lookbehind first
    r"\b(?:b|c)|de",  # a top-level alternation after the group
    r"\b(?:(?P<n>xa)|xb)y",  # a named group
]


def test_by_first_chars_splits_a_leading_group_by_the_first_characters_of_its_alternatives() -> None:
    assert by_first_chars(r"\b(?:best|bad|top|the) (?:one|two)\b") == [
        r"\b(?:best|bad) (?:one|two)\b",
        r"\b(?:top|the) (?:one|two)\b",
    ]
    assert by_first_chars(r"\b(?:a[]|]b|\(c|d|e\|f)x") == [
        r"\b(?:a[]|]b)x",
        r"\b(?:\(c)x",
        r"\b(?:d)x",
        r"\b(?:e\|f)x",
    ]
    for whole in (r"\b(?:ab|ac|)x", r"\bbest\b", r"(?:a|b)c", r"\b(?:a|b", r"\b(?:ab|ac)x"):
        assert by_first_chars(whole) == [whole]


@given(st.text(alphabet=st.sampled_from(list("abcdeoptqxyz()|]%1 hesnwBT\\")), max_size=60))
def test_split_parts_scan_where_the_whole_ones_do(text: str) -> None:
    grouped = CaselessPattern(f"(?={grouped_alternation(SPLIT_PARTS)})")
    plain = CaselessPattern(f"(?={alternation(SPLIT_PARTS)})")
    for low in (lowered(text), None):
        assert [m.start() for m in grouped.finditer(text, low)] == [m.start() for m in plain.finditer(text, low)]


def _own_sentences() -> list[str]:
    """Sentences of our own with the words the claim and link phrase lists begin with, and the samples."""
    from pathlib import Path

    written = [
        "Our dramatic results are clinically proven: studies show a 40% drop, and most customers saw it in 3 days.",
        "Many users noticed visible improvement; it's completely safe, pain-free and FDA-approved, the No. 1 serum.",
        "Click here to read more about the best creams, or visit our shop. Sponsored by the brand.",
        "Thousands of women report that the FDA said in a warning letter the court found it was not FDA cleared.",
        "My skin was clear after two weeks! The world's first anti-inflammatory formula, better than any other.",
    ]
    samples = Path(__file__).resolve().parent.parent / "samples"
    return written + [p.read_text(encoding="utf-8") for p in sorted(samples.iterdir()) if p.is_file()]


def test_the_claim_and_link_scans_find_the_places_the_whole_parts_do() -> None:
    from contentlint.checks.claims.lexicon import lexicon
    from contentlint.checks.links import _phrase_set

    for patterns in (lexicon().claim_phrases, _phrase_set()):
        parts = [part for p in patterns._joint for part in p.parts]
        plain = CaselessPattern(f"(?={alternation(parts)})")
        found = 0
        for text in _own_sentences():
            for low in (lowered(text), None):
                expected = [m.start() for m in plain.finditer(text, low)]
                assert [m.start() for m in patterns._scan.finditer(text, low)] == expected
                assert patterns.positions(text, low) == expected
                found += len(expected)
        assert found  # the texts reach the scans


SKIPPED = [
    r"\b(?:your|company) (?:site|name) (?:here|goes here)\b",  # a word boundary first: skipped to "y" and "c"
    r"lorem ip[^\n.]*",  # a letter first
    r"[{%\[][0-9a-f]{4,}[}%\]]",  # a class first
    r"\b(?:is|so)\b",  # letters that IGNORECASE also matches to "ı" and "ſ"
    r"(?<!x)\bkey\b",  # a look-behind first; "k" is also the Kelvin sign's lower case
    r"\s*%",  # first characters unknown: not skipped
]


@given(
    st.sampled_from(SKIPPED),
    st.lists(
        st.sampled_from([*"aAbcCyYİıſKẞ{}%[]0f9.\n x", "your site here", "Company Name goes here", "Lorem ip", "IS"]),
        max_size=25,
    ).map("".join),
)
def test_a_skipping_pattern_finds_what_ignorecase_finds(pattern: str, text: str) -> None:
    expected = [(m.span(), m.groups()) for m in re.finditer(pattern, text, re.IGNORECASE)]
    found = SkippingPattern(CaselessPattern(pattern)).finditer(text, ignorecase_lowered(text))
    assert [(m.span(), m.groups()) for m in found] == expected


def test_skipping_patterns_skip_to_their_first_characters() -> None:
    assert SkippingPattern(CaselessPattern(SKIPPED[0]))._skip is not None
    assert SkippingPattern(CaselessPattern(r"\s*%"))._skip is None
    assert ignorecase_lowered("Is it so?") == "is it so?"
    assert ignorecase_lowered("ıs ſo") is None  # IGNORECASE matches them to "i" and "s": its own scan then


def _lowercase_one_by_one(pattern: str) -> str:
    """The lower-casing as first written: character by character, escapes and "(?P" kept."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("(?P", i):
            out.append("(?P")
            i += 3
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


_PIECES = [*"aB\\(?P<>)|.\nΣΑσİK ſ\u212a", "(?P", "\\B", "ΑΣ "]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
@example("ΑΣ (?P<Name>\\W)\\")
def test_lowercasing_a_pattern_keeps_escapes_and_lowers_each_letter_alone(pattern: str) -> None:
    from contentlint.patterns import _lowercase_pattern

    assert _lowercase_pattern(pattern) == _lowercase_one_by_one(pattern)


def test_facts_read_back_from_the_cache_are_the_parsed_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contentlint import patterns

    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    kept = patterns._kept()
    monkeypatch.setattr(kept, "_table", None)
    monkeypatch.setattr(kept, "_new", {})
    samples = [r"\bbuy\s+now\b", r"#\d+", r"(?:a|#)b", r"(x)?y", r"\W(?=q)", "(", r"[^a]b", r"é\w+"]
    parsed = [(patterns._parsed_facts(p), patterns._parsed_gate(p)) for p in samples]
    assert [(patterns._facts.__wrapped__(p), patterns.first_char_gate(p)) for p in samples] == parsed
    kept.save()
    monkeypatch.setattr(kept, "_table", None)  # as a new process
    monkeypatch.setattr(patterns, "_parsed_facts", None)  # read back, not parsed
    monkeypatch.setattr(patterns, "_parsed_gate", None)
    assert [(patterns._facts.__wrapped__(p), patterns.first_char_gate(p)) for p in samples] == parsed


def test_facts_of_another_shape_are_not_used() -> None:
    from contentlint.patterns import _fits

    assert _fits((None, False, ("a", "\\d"), True)) and _fits((True, True, None, False))
    for bad in ((1, False, None, False), (None, 0, None, False), (None, False, ["a"], False), (None, False, None), "x"):
        assert not _fits(bad)
