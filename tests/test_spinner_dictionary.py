"""CL109 dictionary-spinner words: the document gate, what it reports and leaves to other rules, its fix, the data
file's shape and where its words come from (tools/spin/dictionary.py), and silence on the clean pages of the
corpora given."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from contentlint import check_text, ruledata
from contentlint.api import Linter
from contentlint.checks import ALL_CHECKS, RULES
from contentlint.checks.spinner_dictionary import SHAPE
from contentlint.config import Config
from contentlint.fix import fix_document
from contentlint.formats import load_string
from contentlint.ruledata import RuleDataError
from contentlint.spin.signal import FILLER_EVIDENCE
from tools.spin import dictionary as tool

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules" / "spinner_dictionary.toml"
# A page the dictionary ran through: five kinds of its words in 30 words.
SPUN = (
    "Wholesome food helps: greens and rooster keep the physique strong. Docs say the solar additionally dries the "
    "epidermis, so drink water.\n"
)
# The plain article it was made from, four times over, with two of the words kept: under the gate.
PLAIN = (
    "Healthy food helps: vegetables and chicken keep the body strong. Doctors say the sun also dries the skin, so "
    "drink water. "
) * 4 + "A wholesome lunch at the seaside is fine.\n"


def _found(text: str, select: tuple[str, ...] = ("CL109",)) -> list[tuple[str, str, str | None]]:
    report = check_text(text, config=Config(select=select))
    return [(f.rule, f.text, f.suggestion) for f in report.findings]


def _dictionary_words(text: str) -> int:
    """The words of a page past the gate, as the verdict's breakdown counts them (0: not past it)."""
    report = check_text(text, config=Config())
    assert report.spin is not None
    return int(report.spin.to_json()["dictionary_words"])


def test_registered_by_its_module_alone() -> None:
    assert "CL109" in RULES and any("CL109" in check.codes for check in ALL_CHECKS)


def test_a_dictionary_spun_page_has_its_words_reported_with_the_words_they_replaced() -> None:
    assert _found(SPUN) == [
        ("CL109", "Wholesome", "Healthy"),
        ("CL109", "greens", "vegetables"),
        ("CL109", "rooster", "chicken"),
        ("CL109", "physique", "body"),
        ("CL109", "Docs", "Doctors"),
        ("CL109", "solar", "sun"),
        ("CL109", "additionally", "also"),
        ("CL109", "epidermis", "skin"),
    ]


def test_the_gate_counts_words_kinds_and_density() -> None:
    assert _found(PLAIN) == [] and _dictionary_words(PLAIN) == 0
    # One counted kind, however often ("greens" is an [also] word): under the gate; two words of two kinds too.
    assert _found("Wholesome greens. Wholesome greens. Wholesome greens.") == []
    assert _found("Wholesome physique.") == []
    # Counted: "Wholesome", "rooster", "physique", "Docs", "epidermis"; "greens", "solar", "additionally" are not.
    assert _dictionary_words(SPUN) == 5
    # Joined to a neighbour, a word is not the list's: "herbal-based", "greens'".
    joined = "Wholesome food: greens' leaves, herbal-based rooster feed and epidermis-deep physique care."
    assert [t for _, t, _ in _found(joined)] == ["Wholesome", "rooster", "physique"]


def test_many_kinds_of_the_commoner_words_densely_pass_the_second_gate() -> None:
    # Seven kinds of [also] words and none of [words]: past [gate_any] (6 kinds at 15 per 1,000 words), not [gate].
    seven = "Typical meals add extra greens, and additionally the solar heat dries humans. " * 2
    assert _dictionary_words(seven) == 14
    assert {t.lower() for _, t, _ in _found(seven)} == {
        "typical",
        "meals",
        "extra",
        "greens",
        "additionally",
        "solar",
        "humans",
    }
    # Five kinds are not enough, however dense; seven in a long page under the density neither.
    five = seven.replace("humans", "people").replace("solar", "summer")
    assert _dictionary_words(five) == 0 and _found(five) == []
    long = seven + "The walk to the harbour took an hour, and the boats were out on the water all day. " * 60
    assert _dictionary_words(long) == 0 and _found(long) == []


def test_the_commoner_words_are_reported_past_the_gate_only() -> None:
    # "typical" and "meals" are in [also]: careful writers print them too often for them to count.
    text = "Typical meals are fine; typical meals again; typical meals."
    assert _dictionary_words(text) == 0 and _found(text) == []
    found = _found(SPUN + "Typical meals help too.\n")
    assert ("CL109", "Typical", "Common") in found and ("CL109", "meals", "food") in found


# A page padded past CL108's gate, with two of the dictionary's words: under this rule's own gate.
PADDED = (
    "Exactly what is the particular role of the skin? It keeps out germs as well as heat, and also it holds in "
    "water. Wholesome meals help, or perhaps a mild cleanser, and the actual results will show.\n"
)


def test_a_page_past_cl108s_gate_has_its_words_reported_too() -> None:
    assert _dictionary_words(PADDED) == 0
    report = check_text(PADDED, config=Config(select=("CL108", "CL109")))
    found = [(f.rule, f.text, f.suggestion) for f in report.findings if f.rule == "CL109"]
    assert found == [("CL109", "Wholesome", "Healthy"), ("CL109", "meals", "food")]
    assert all("a rewriter ran through" in f.message for f in report.findings if f.rule == "CL109")
    # CL108's gate is read only when CL108 runs; this rule's own gate alone does not open.
    assert _found(PADDED) == []
    unpadded = "What is the role of the skin? It keeps out germs and heat, and it holds in water. Wholesome meals help."
    assert _found(unpadded, ("CL108", "CL109")) == []


def test_words_another_spun_phrase_rule_reports_are_left_to_it() -> None:
    # "pores and skin" is a phrasebook entry (CL101); "solar" inside "solar damage" is CL101's too.
    text = SPUN + "Pores and skin suffers solar damage.\n"
    found = _found(text, ("CL101", "CL109"))
    cl101 = [t for rule, t, _ in found if rule == "CL101"]
    assert cl101 and all(not any(w.lower() in c.lower() for c in cl101) for rule, w, _ in found if rule == "CL109")


# Fluent news prose with a dictionary spinner's words in it: the statistics alone find little.
NEWS = (
    "The council said that people who declare benefits will get the payment in July, as the welfare invoice keeps "
    "hovering this yr. It additionally said that those who solely declare tax credits will be paid later. The "
    "excessive number of people entitled to it is why the payments are staggered, and the council will write to "
    "everyone before the summer.\n"
)


def test_a_page_past_the_gate_is_at_least_the_tells_spin_and_says_why() -> None:
    report = check_text(NEWS, config=Config())
    assert report.spin is not None and report.spin.value >= FILLER_EVIDENCE
    assert report.spin.to_json()["dictionary_words"] == 3  # "invoice", "hovering", "yr"; the others are [also]
    assert "3 words of a dictionary spinner (at least 0.75)" in report.spin.evidence()
    ignored = check_text(NEWS, config=Config(ignore=("CL109",)))
    assert ignored.spin is not None and ignored.spin.to_json()["dictionary_words"] == 0
    assert ignored.spin.value < FILLER_EVIDENCE <= report.spin.value


def test_the_fix_restores_the_words_with_their_case_and_is_unsafe() -> None:
    linter = Linter(Config(select=("CL109",)))
    document = load_string(SPUN, "x.txt", "text")
    fixed = fix_document(document, linter, Config(select=("CL109",)), unsafe=True).fixed
    assert fixed == (
        "Healthy food helps: vegetables and chicken keep the body strong. Doctors say the sun also dries the skin, "
        "so drink water.\n"
    )
    assert fix_document(load_string(SPUN, "x.txt", "text"), linter, Config(select=("CL109",))).fixed == SPUN


def test_a_data_file_of_the_wrong_shape_fails_loudly() -> None:
    gate = {"min_count": 3, "min_distinct": 3, "min_per_1000_words": 10.0}
    SHAPE.check("spinner_dictionary", {"meta": {}, "gate": gate, "words": {"physique": "body"}})
    with pytest.raises(RuleDataError, match=r"unknown table \[word\]"):
        SHAPE.check("spinner_dictionary", {"meta": {}, "gate": gate, "words": {}, "word": {"physique": "body"}})
    with pytest.raises(RuleDataError, match=r"missing \[words\]"):
        SHAPE.check("spinner_dictionary", {"meta": {}, "gate": gate})
    with pytest.raises(RuleDataError, match="min_distinct"):
        SHAPE.check("spinner_dictionary", {"meta": {}, "gate": {"min_count": 3}, "words": {}})
    shipped = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    shipped["word"] = shipped.pop("words")
    with pytest.raises(RuleDataError, match=r"missing \[words\]"):
        SHAPE.check("spinner_dictionary", shipped)


def test_every_shipped_word_is_a_swap_of_the_mined_lists_or_a_kept_mined_word_with_its_original() -> None:
    data = ruledata.load("spinner_dictionary", SHAPE)
    swaps = tool.swaps_of(ROOT / name for name in tool.LISTS)
    aligned = set(swaps)
    tool.add_mined(swaps, ROOT / "tools" / "spin" / "dictionary_mined.tsv")
    rejected = tool.read_review(ROOT / "tools" / "spin" / "dictionary_review.tsv")
    meta = data["meta"]
    assert len(data["words"]) >= 50
    for table, limit in (("words", meta["gate_max_per_million"]), ("also", meta["report_max_per_million"])):
        for word, original in data[table].items():
            assert word in swaps and swaps[word].original() == original, word
            assert word not in rejected, word
            where = data["provenance"][word]
            assert where["entries"] == len(swaps[word].entries) and where["gate_per_million"] <= limit, word
            # aligned from the lists' entries, or mined from unannotated pages on 3 or more sites
            assert word in aligned or where["mined_sites"] >= 3, word


def test_the_tool_splits_words_by_their_rate_in_the_gate(tmp_path: Path) -> None:
    lists = tmp_path / "mined.toml"
    lists.write_text(
        "[phrases]\n"
        '"energetic elements" = "active ingredients"\n'
        '"energetic pimples" = "active acne"\n'
        '"facet results" = "side effects"\n'
        '"the usage of" = "the use of"\n'
        "[provenance]\n"
        '"energetic elements" = { pages = 1, sites = 1, families = ["A"] }\n'
        '"energetic pimples" = { pages = 2, sites = 2, families = ["A", "B"] }\n'
        '"facet results" = { pages = 1, sites = 1, families = ["D"] }\n'
        '"the usage of" = { pages = 1, sites = 1, families = ["A"] }\n',
        encoding="utf-8",
    )
    gate = tmp_path / "gate"
    gate.mkdir()
    (gate / "a.txt").write_text("The elements of the plan. " * 20 + "Energetic children play.", encoding="utf-8")
    review = tmp_path / "review.tsv"
    review.write_text("word\tdecision\treason\npimples\treject\ttopic word\n", encoding="utf-8")
    out = tmp_path / "out.toml"
    args = ["--gate", str(gate), "--lists", str(lists), "--review", str(review), "--output", str(out)]
    limits = ["--gate-max", "10000", "--report-max", "200000", "--general-max-log10", "0"]
    assert tool.main([*args, *limits, "--mined", str(tmp_path / "none.tsv")]) == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    # "facet" is family D's, not a dictionary spinner's; "the" and "of" are grammar words, left alone.
    assert data["words"] == {"energetic": "active", "usage": "use"}
    mined = tmp_path / "mined.tsv"
    mined.write_text(
        "# mined from 9 pages\nphrase\tdecision\toriginal\tsites\tpages\tgate\treason\n"
        "vitality\tkeep\tenergy\t7\t7\t1\tread\nofgem\treject\t\t8\t8\t0\tname\n",
        encoding="utf-8",
    )
    assert tool.main([*args, *limits, "--mined", str(mined)]) == 0
    with_mined = tomllib.loads(out.read_text(encoding="utf-8"))
    assert with_mined["words"] == {"energetic": "active", "usage": "use", "vitality": "energy"}
    assert with_mined["provenance"]["vitality"]["mined_sites"] == 7
    assert "mined from 9 pages" in with_mined["meta"]["sources"]
    assert data["also"] == {"elements": "ingredients"}  # 20 of the gate's 103 words
    assert data["provenance"]["energetic"] == {"entries": 2, "sites": 3, "gate_per_million": 9708.7}
    assert "#   pimples: rejected on reading: topic word" in out.read_text(encoding="utf-8")


def test_no_finding_on_the_clean_pages_of_a_corpus(corpus: Path) -> None:
    paths = [p for kind in ("clean", "claims") for p in sorted((corpus / kind).glob("*")) if p.suffix != ".json"]
    assert paths
    for path in paths:
        report = check_text(path.read_text(encoding="utf-8"), path=str(path), config=Config(select=("CL109",)))
        assert report.findings == [], path
