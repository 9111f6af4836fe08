"""The descriptive register of product copy (contentlint/spin/register.py): the data file's shape, what the
document's evidence does with its words and what it leaves alone, and how tools/spin/register.py chooses them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from contentlint import check_text, ruledata
from contentlint.config import Config
from contentlint.ruledata import RuleDataError
from contentlint.spin import register, signal
from tools.spin import register as tool

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules" / "spin_register.toml"
# Wine notes written for the tests: ornate vocabulary the trigram model reads as substitutes.
CELLAR = ROOT / "tests" / "fixtures" / "spin" / "rich" / "cellar-notes.txt"
SPUN = ROOT / "tests" / "fixtures" / "spin" / "spun"
SHIPPED_WORDS = register.register_words  # the cached loader, before any test replaces it


@pytest.fixture
def no_register(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The pipeline with an empty register: what the verdict said before the list. The verdict is read as fitted,
    not held at the cap of a page that shows no substitute outright (spin.signal.STATISTICS_ALONE_CAP), which
    would hide what the register does to the word statistics."""
    monkeypatch.setattr(signal, "STATISTICS_ALONE_CAP", 1.0)
    monkeypatch.setattr(register, "register_words", lambda: frozenset())
    register._TABLES.clear()
    yield
    register._TABLES.clear()


def _spin(text: str) -> tuple[float, int, list[tuple[str, int, int]]]:
    report = check_text(text, config=Config(select=("CL",)))
    assert report.spin is not None
    return report.spin.value, report.spin.register, [(f.rule, f.start, f.end) for f in report.findings]


def test_the_shipped_list_holds_the_copy_vocabulary_and_no_spinner_word() -> None:
    words = register.register_words()
    assert len(words) >= 500
    assert {"velvety", "aromas", "silhouette", "palate"} <= words
    with open(ROOT / "rules" / "spinner_dictionary.toml", "rb") as fh:
        dictionary = tomllib.load(fh)
    assert not words & (set(dictionary["words"]) | set(dictionary["also"]))
    # Common words the copy's telegraphic style makes odd are no register of it (their lift is low).
    assert not words & {"further", "again", "rather", "around", "also", "plus"}


def test_shape_is_checked() -> None:
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    register.SHAPE.check("spin_register", data)
    with pytest.raises(RuleDataError, match=r"missing \[words\]"):
        register.SHAPE.check("spin_register", {"meta": data["meta"], "word": data["words"]})
    with pytest.raises(RuleDataError, match="positive page counts"):
        register.SHAPE.check("spin_register", {"words": {"velvety": "many"}})
    with pytest.raises(RuleDataError, match="positive page counts"):
        register.SHAPE.check("spin_register", {"words": {"velvety": 0}})


def test_an_empty_list_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ruledata, "load", lambda name, shape=None: {"words": {}})
    register.register_words.cache_clear()
    try:
        with pytest.raises(RuleDataError, match="empty"):
            register.register_words()
    finally:
        register.register_words.cache_clear()


def test_copy_spin_falls_and_gains_no_finding(no_register: None) -> None:
    text = CELLAR.read_text(encoding="utf-8")
    before, aside, findings = _spin(text)
    assert before >= 0.5 and aside == 0  # the verdict's old weakness on wine notes
    register._TABLES.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(register, "register_words", SHIPPED_WORDS)
        after, aside, findings_after = _spin(text)
    assert after < 0.3 and aside >= 10
    assert set(findings_after) <= set(findings)


def test_catalogue_copy_with_a_slip_no_longer_gets_its_words_reported(no_register: None) -> None:
    """Catalogue copy written for the tests, with one real slip ("A adjustable", CL105): that observed break let
    CL106 report the copy's own words ("lining", "yoke") while the verdict read them as substitutes. With the
    register set aside, CL106's gate reads the plain evidence and reports none of them; the slip is still found."""
    text = (ROOT / "tests" / "fixtures" / "spin" / "rich" / "field-jacket.txt").read_text(encoding="utf-8")
    _, _, before = _spin(text)
    register._TABLES.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(register, "register_words", SHIPPED_WORDS)
        _, aside, after = _spin(text)
    assert [rule for rule, _, _ in before].count("CL106") >= 2  # what the copy got before
    assert aside > 0 and "CL106" not in [rule for rule, _, _ in after]
    assert [f for f in after if f[0] == "CL105"] == [f for f in before if f[0] == "CL105"]


def test_the_evidence_says_what_was_set_aside() -> None:
    report = check_text(CELLAR.read_text(encoding="utf-8"), config=Config(select=("CL",)))
    assert report.spin is not None and report.spin.register >= 10
    assert f"{report.spin.register} odd words of product copy set aside" in report.spin.evidence()
    assert report.spin.to_json()["register_words"] == report.spin.register


@pytest.mark.parametrize("path", sorted(SPUN.glob("*.txt")), ids=lambda p: p.stem)
def test_a_spun_article_with_few_register_words_keeps_its_spin(path: Path, no_register: None) -> None:
    """Under REGISTER_SHARE of its odd words, the register changes nothing: such words in an article on the spam's
    topics may be the spinner's choice."""
    text = path.read_text(encoding="utf-8")
    before = _spin(text)
    register._TABLES.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(register, "register_words", SHIPPED_WORDS)
        assert _spin(text) == before


def test_register_share_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same wine notes with the share set above 1: nothing is set aside."""
    text = CELLAR.read_text(encoding="utf-8")
    monkeypatch.setattr(register, "REGISTER_SHARE", 1.01)
    monkeypatch.setattr(signal, "STATISTICS_ALONE_CAP", 1.0)  # the verdict as fitted (see no_register)
    value, aside, _ = _spin(text)
    assert aside == 0 and value >= 0.5


def _tally() -> tool.Tally:
    found = tool.Tally(copy_pages=400, copy_words=1_000_000, spun_pages=20)
    rows = {
        # word: (copy pages, sources, spun pages)
        "velvety": (12, 3, 0),
        "aromas": (12, 2, 0),  # too few sources
        "silky": (9, 3, 0),  # too few pages
        "plush": (12, 3, 2),  # on too many spun pages
        "physique": (12, 3, 0),  # a dictionary spinner's word
        "further": (12, 3, 0),  # common in general English: low lift
    }
    for word, (pages, sources, spun) in rows.items():
        found.pages[word] = pages
        found.sources[word] = {f"s{i}" for i in range(sources)}
        found.spun[word] = spun
        found.counts[word] = 100  # per million words: many times "velvety"'s general rate, under "further"'s
    return found


def test_the_tool_keeps_what_is_odd_on_many_copy_pages_of_several_sources_only() -> None:
    args = tool.argparse.Namespace(min_pages=10, min_sources=3, max_spun_pages=1, min_lift=4.0)
    assert tool.select(_tally(), args) == {"velvety": 12}


def test_the_tool_writes_a_file_the_rule_reads(tmp_path: Path) -> None:
    sources = tmp_path / "copy.tsv"
    sources.write_text(
        "folder\tsource\tregister\tdocuments\twords\tlicence\n"
        "wine\towner/repo:notes.csv@abc\twine notes\t40\t8000\tMIT\n",
        encoding="utf-8",
    )
    args = tool.argparse.Namespace(
        min_pages=10, min_sources=3, max_spun_pages=1, min_lift=4.0, sources=sources, spun=[tmp_path / "pages"]
    )
    text = tool.render({"velvety": 12}, _tally(), args, ["wine"])
    data = tomllib.loads(text)
    register.SHAPE.check("spin_register", data)
    assert data["words"] == {"velvety": 12} and data["meta"]["licence"] and len(data["meta"]["sources"]) == 2
    with pytest.raises(SystemExit, match="no row for the copy folders beer"):
        tool.render({}, _tally(), args, ["beer"])
