"""CL105, structural spins: articles, doubled determiners, turned possessives and rates, on text written here."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint import check_text, ruledata
from contentlint.checks import spun_grammar
from contentlint.config import Config

CFG = Config(select=("CL105",))


def found(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in check_text(text, config=CFG).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is a excellent balm.", [("a excellent", "an excellent")]),
        ("It is an great balm.", [("an great", "a great")]),
        ("An wonderful scent.", [("An wonderful", "A wonderful")]),
        ("Rub it into the our hands.", [("the our", "our")]),
        ("The their routine is short.", [("The their", "Their")]),
        ("Brush the molars of yours twice.", [("the molars of yours", "your molars")]),
        ("Rinse the front teeth of mine.", [("the front teeth of mine", "my front teeth")]),
        ("Drop the former bad diet of theirs.", [("the former bad diet of theirs", "their former bad diet")]),
        ("The Plan of yours works.", [("The Plan of yours", "Your Plan")]),
        ("Brush twice one day and floss once 1 week.", [("one", "a"), ("1", "a")]),
        ("Take it 3 times 1 day, or four times one week.", [("1", "a"), ("one", "a")]),
    ],
)
def test_spans_and_suggestions(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It is an excellent balm for a unique, useful and European routine.",
        "Take an hour, then an herbal tea or a herbal tea, with a one-time fee.",  # "herb" is said both ways
        "Plan A worked. Grade A eggs and a vitamin a supplement are sold.",
        "He wrote a and b on the board, then an x.",
        "A Zorblat cream is a qwertz idea.",  # words the dictionary does not know are not judged
        "Is that bag of yours? The rest of yours can wait.",
        "I took the car instead of yours, and the code you fixed of mine.",
        "Today's masks suit your skin; the day's end is near.",
        "an\nextremely long line break",
        "Once one day has passed, brush twice a day. At times one day feels long; sometimes one day is enough.",
        "It rained twice, one day after another; and once one day is over, rest.",
    ],
)
def test_look_alikes_are_left_alone(text: str) -> None:
    assert found(text) == []


def test_two_possessives_get_a_finding_without_a_suggestion() -> None:
    (finding,) = check_text("Rub the balm into your their hands.", config=CFG).findings
    assert finding.text == "your their" and finding.suggestion is None and finding.fix is None
    assert finding.no_fix
    assert found("Rub the balm into your your hands.") == []


def test_fix_replaces_the_whole_seam() -> None:
    text = "Use a extremely light touch."
    (finding,) = check_text(text, config=CFG).findings
    assert finding.fix is not None and finding.fix.safe
    assert (
        text[: finding.fix.start] + finding.fix.replacement + text[finding.fix.end :] == "Use an extremely light touch."
    )


def test_a_renamed_table_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ruledata.rules_dir(), rules)
    path = rules / "spun_grammar.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[doubled]", "[doubles]"), encoding="utf-8")
    monkeypatch.setattr(ruledata, "rules_dir", lambda: rules)
    ruledata.load.cache_clear()
    spun_grammar._lists.cache_clear()
    try:
        with pytest.raises(ruledata.RuleDataError, match=r"spun_grammar\.toml"):
            spun_grammar._lists()
    finally:
        ruledata.load.cache_clear()
        spun_grammar._lists.cache_clear()


def test_a_list_of_the_wrong_type_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ruledata.rules_dir(), rules)
    path = rules / "spun_grammar.toml"
    text = path.read_text(encoding="utf-8").replace('possessives = ["your"', 'possessives = [1, "your"')
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(ruledata, "rules_dir", lambda: rules)
    ruledata.load.cache_clear()
    spun_grammar._lists.cache_clear()
    try:
        with pytest.raises(ruledata.RuleDataError, match=r"\[doubled\] possessives"):
            spun_grammar._lists()
    finally:
        ruledata.load.cache_clear()
        spun_grammar._lists.cache_clear()


_TOKENS = ["the", "The", "THE", "a", "an", "A", "An", "AN", "your", "their", "today's", "of", "yours", "teeth", "hour"]
_TOKENS += ["Your", "THEIR", "his", "HIS", "hiſ", "thıs", "my", "our", "skin", "\u212aey", "İt"]
_SEAM_TEXT = st.lists(
    st.sampled_from([*_TOKENS, "x", "Xthe", "xa", "_a", "1a", "'a", "apple", " ", "  ", "\t", "\n", "-", "é"]),
    max_size=16,
).map(" ".join)


@given(_SEAM_TEXT)
def test_letter_led_patterns_match_like_their_word_boundary_forms(text: str) -> None:
    """The patterns begin with a letter checked by a lookbehind, for speed: the matches of the ``\\b`` forms."""
    lists = spun_grammar._lists()
    forms = [
        (spun_grammar._ARTICLE, "([aA](?<=\\b[aA])n?)", "\\b(a|an|A|An)"),
        (lists.doubled, "([TtAa](?<=\\b[TtAa])(?:(?<=[Tt])he|(?<=[Aa])n?))", "\\b([Tt]he|[Aa]n?)"),
        (lists.turned, "([Tt](?<=\\b[Tt])he)", "\\b([Tt]he)"),
    ]
    for fast, lead, plain in forms:
        assert fast.pattern.startswith(lead)
        reference = re.compile(plain + fast.pattern[len(lead) :])
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
            (m.span(), m.groups()) for m in reference.finditer(text)
        ]
    words = "|".join(map(re.escape, ["your", "my", "our", "their", "his"]))
    possessives = re.compile(rf"\b({words})[ \t]+({words})(?=[ \t]+[a-z])", re.IGNORECASE)
    fast = spun_grammar._two_possessives(["your", "my", "our", "their", "his"])
    assert fast.flags & re.IGNORECASE == 0  # the letter-led form is in use
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
        (m.span(), m.groups()) for m in possessives.finditer(text)
    ]


# --- the tail that gates the turned-possessive scan (issue 19): the same hits as the scan alone -------------

_TURNED_PIECES = [
    "the", "The", "teeth", "hands", "skin", "rest", "of", "yours", "mine", "ours", "theirs", "hours", "minerals",
    "your", "a", "an", "today's", "extremely", "good", " ", "  ", "\t", "\n", ".", ",", "of yours", "ofyours",
    "the teeth of yours", "The hands of\tmine", "the rest of ours", "the dry skin of theirs", "of  yours",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TURNED_PIECES), max_size=25).map(" ".join))
def test_turned_hits_with_the_tail_gate_are_the_scans(text: str) -> None:
    import dataclasses

    lists = spun_grammar._lists()
    ungated = dataclasses.replace(lists, turned_tail=re.compile(""))

    def shown(hits: list) -> list:  # type: ignore[type-arg]
        return [(h.code, h.start, h.end, h.message, h.suggestion) for h in hits]

    assert shown(list(spun_grammar._turned_hits(text, lists))) == shown(list(spun_grammar._turned_hits(text, ungated)))


def test_the_tail_gate_skips_only_texts_without_the_tail() -> None:
    lists = spun_grammar._lists()
    assert [h.suggestion for h in spun_grammar._turned_hits("Brush the teeth of yours daily.", lists)] == ["your teeth"]
    assert lists.turned_tail.search("Brush the teeth of\tyours")
    assert not lists.turned_tail.search("the hours of the day")
