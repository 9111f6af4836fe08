"""The mined phrasebook: the pipeline on a small corpus written for these tests, the gate, and the shipped file."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from contentlint import check_text, ruledata
from contentlint.checks.spun import CL101, PHRASE_LIST
from contentlint.config import Config
from tools.spin import build_phrasebook as bp

from .conftest import ROOT

MINED = ROOT / "rules" / "spun_phrases_mined.toml"

# Our own sentences: three spun pages on two sites by two spinners, one phrase pair shared by all
# ("visage region" for "face"), one also written by a careful writer ("tepid liquid").
PAGES = {
    "spun/one.txt": (
        "alpha.example",
        "A test spinner",
        "Wash your visage region gently every morning. Then rinse with tepid liquid.",
    ),
    "spun/two.txt": (
        "beta.example",
        "E test spinner",
        "A mild cleanser keeps the visage region calm. Use tepid liquid in winter.",
    ),
    "spun/three.txt": ("beta.example", "E test spinner", "Pat the visage regions dry with a soft towel."),
}
GOLD = {
    "spun/one.txt": [("visage region", "face"), ("tepid liquid", "warm water")],
    "spun/two.txt": [("visage region", "face"), ("tepid liquid", "warm water")],
    "spun/three.txt": [("visage regions", "faces")],
}


def _corpus(root: Path) -> Path:
    (root / "spun").mkdir(parents=True)
    rows = ["file\turl_or_repo_path\tsite\tset\tspinner_guess"]
    for name, (site, spinner, text) in PAGES.items():
        (root / name).write_text(text + "\n", encoding="utf-8")
        gold = {"spun_phrases": [{"text": t, "original": o} for t, o in GOLD[name]]}
        (root / name).with_suffix(".json").write_text(json.dumps(gold), encoding="utf-8")
        rows.append(f"{name}\thttps://{site}/\t{site}\tspun\t{spinner}")
    (root / "SOURCES.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def _clean(root: Path, texts: list[str]) -> Path:
    root.mkdir(parents=True)
    for i, text in enumerate(texts):
        (root / f"c{i}.txt").write_text(text + "\n", encoding="utf-8")
    return root


def test_pipeline_keeps_a_shared_phrase_with_its_provenance(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    clean = _clean(tmp_path / "clean", ["Pour the tepid liquid into a jug and stir it.", "Rinse the brush after use."])
    result = bp.build(corpus, [clean], bp.Policy())
    kept = {c.spun: c for c in result.kept}
    entry = kept["visage region"]
    assert entry.original == "face"
    assert (len(entry.pages), len(entry.sites), entry.families) == (3, 2, {"A", "E"})  # lemma match: "regions"
    assert entry.clean_docs == 0 and "gold" in entry.methods
    # Seen on two sites too, but a clean document uses it: the gate drops it.
    gated = result.found["tepid liquid"]
    assert len(gated.sites) == 2 and gated.clean_docs == 1 and gated.verdict.startswith("gated out")
    assert "tepid liquid" not in kept
    assert result.clean_sizes == {str(clean): 15}


def test_too_few_sites_drop_a_phrase(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    # Three sites wanted, and the fallback for fewer (several pages and a language model gap) asks for four pages.
    result = bp.build(corpus, [], bp.Policy(min_sites=3, single_site_pages=4))
    assert "visage region" not in {c.spun for c in result.kept}
    assert result.found["visage region"].verdict == "too few sites"


def test_general_corpus_tolerates_one_document(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    once = _clean(tmp_path / "once", ["An old map showed the visage region of the moon."])
    twice = _clean(tmp_path / "twice", ["The visage region of the moon.", "A visage region again."])
    one_family = bp.Policy(cross_family_tolerance=0)
    assert "visage region" in {c.spun for c in bp.build(corpus, [], one_family, [once]).kept}
    assert "visage region" not in {c.spun for c in bp.build(corpus, [], one_family, [twice]).kept}


def test_two_spinner_families_tolerate_one_general_document_more(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")  # "visage region" on sites of families A and E
    twice = _clean(tmp_path / "twice", ["The visage region of the moon.", "A visage region again."])
    thrice = _clean(tmp_path / "thrice", ["A visage region.", "The visage region.", "One visage region."])
    kept = {c.spun: c for c in bp.build(corpus, [], bp.Policy(), [twice]).kept}
    assert kept["visage region"].verdict == "kept (sites, families)"
    assert "visage region" not in {c.spun for c in bp.build(corpus, [], bp.Policy(), [thrice]).kept}


def test_units_generalise_to_phrases_and_collocations() -> None:
    unit = next(bp.units("protect your pores and skin", "protect your skin"))
    assert unit.spun == ("pores", "and") and unit.original == ()
    wide = bp.Unit(("openness",), ("exposure",), ("limit", "sun"), ("every", "day"))
    assert ("sun openness", "sun exposure") in set(bp.entries(wide))
    assert ("openness", "exposure") in set(bp.entries(wide))  # a lone word only ever passes the gate on its own


def test_a_word_swap_keeps_its_function_word_frame() -> None:
    # No content word near "encounter": the swap is kept with the article before it, which the gate judges.
    framed = bp.Unit(("encounter",), ("face",), ("for", "the"), ())
    assert ("the encounter", "the face") in set(bp.entries(framed))
    # A content word near gives a collocation instead, and no frame.
    near = bp.Unit(("encounter",), ("face",), ("wash", "the"), ())
    assert set(bp.entries(near)) == {("encounter", "face"), ("wash the encounter", "wash the face")}


def test_rare_words_are_an_option(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "spun").mkdir(parents=True)
    (root / "spun" / "one.txt").write_text("Rinse the vizzage with cold water.\n", encoding="utf-8")
    gold = {"spun_phrases": [{"text": "vizzage", "original": "face"}]}
    (root / "spun" / "one.json").write_text(json.dumps(gold), encoding="utf-8")
    (root / "SOURCES.tsv").write_text(
        "file\turl_or_repo_path\tsite\tset\tspinner_guess\nspun/one.txt\thttps://a.example/\ta.example\tspun\tD\n",
        encoding="utf-8",
    )
    assert bp.Policy().rare_words is False
    assert "vizzage" not in {c.spun for c in bp.build(root, [], bp.Policy()).kept}
    kept = {c.spun: c for c in bp.build(root, [], bp.Policy(rare_words=True)).kept}
    assert kept["vizzage"].verdict == "kept (rare word)" and kept["vizzage"].original == "face"


def test_command_writes_a_loadable_rule_file(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "mined.toml"
    proc = subprocess.run(
        [sys.executable, "-m", "tools.spin.build_phrasebook", "--spun", str(corpus), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    PHRASE_LIST.check("mined", data)
    assert data["phrases"]["visage region"] == "face"
    assert data["provenance"]["visage region"]["sites"] == 2


def test_command_names_a_bad_corpus(tmp_path: Path) -> None:
    (tmp_path / "spun").mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "tools.spin.build_phrasebook", "--spun", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2 and "SOURCES.tsv" in proc.stderr and "Traceback" not in proc.stderr


# -- the shipped file --------------------------------------------------------------------------------


def test_shipped_entries_all_carry_provenance() -> None:
    data = ruledata.load("spun_phrases_mined", PHRASE_LIST)
    assert data["phrases"] and set(data["phrases"]) == set(data["provenance"])
    policy = data["meta"]["policy"]
    tiers = {
        "sites": (2, 2),
        "sites, families": (2, 2),
        "rare word": (1, 1),
        "template": (2, 2),
        "template, single-site": (2, 1),
        "template, single-page": (1, 1),
        "single-site, language model": (2, 1),
        "single-page, language model": (1, 1),
    }
    for phrase, where in data["provenance"].items():
        pages, sites = tiers[where["tier"]]  # an unknown tier fails here
        assert where["pages"] >= pages and where["sites"] >= sites and where["families"], phrase
        assert where["clean_documents"] == 0, phrase  # the topical gate allows none
        if where["tier"] not in bp.TOLERANT_TIERS:
            assert where["general_documents"] == 0, phrase  # weaker support, no tolerance
        if where["tier"] == "sites, families":
            assert len(where["families"]) >= 2, phrase  # the extra tolerance needs two spinner families
    assert data["meta"]["gate_words"] > 1_000_000 and "sites" in policy


def test_a_renamed_table_fails_loudly() -> None:
    data = tomllib.loads(MINED.read_text(encoding="utf-8"))
    data["phrase"] = data.pop("phrases")
    with pytest.raises(ruledata.RuleDataError, match="phrase"):
        PHRASE_LIST.check("spun_phrases_mined", data)


def test_cl101_reads_the_mined_file() -> None:
    assert "spun_phrases_mined" in CL101.data_files
    findings = check_text("These creams fade old stretch imprints slowly.", config=Config(select=("CL101",))).findings
    assert [(f.text, f.suggestion) for f in findings] == [("stretch imprints", "stretch marks")]


def _swap_pages() -> list[bp.Page]:
    return [
        bp.Page("p1.txt", "alpha.example", "A", "Rinse your visage twice.", (("your visage", "your face"),)),
        bp.Page("p2.txt", "beta.example", "E", "Dry the visage gently.", (("the visage", "the face"),)),
    ]


def test_word_swaps_seen_on_two_sites_become_collocations() -> None:
    swaps = bp.word_swaps(_swap_pages(), min_sites=2)
    assert [(w.spun, w.original, len(w.sites)) for w in swaps] == [("visage", "face", 2)]
    clean = [bp.CleanText("t", f"c{i}", "Use a mild face wash and a soft towel.") for i in range(2)]
    found: dict[str, bp.Candidate] = {}
    bp.expand_templates(swaps, clean, found)
    entry = found["visage wash"]
    assert entry.original == "face wash" and entry.methods == {"template"} and entry.families == {"A", "E"}
    assert "mild visage" in found  # both sides of the original word
    # Clean pages on the topic that use the spun word as freely as the original give no template.
    both = [*clean, *(bp.CleanText("t", f"v{i}", "A visage and a visage.") for i in range(2))]
    found = {}
    bp.expand_templates(swaps, both, found)
    assert found == {}


def test_general_prose_gives_no_template() -> None:
    swaps = bp.word_swaps(_swap_pages(), min_sites=2)
    general = [bp.CleanText("g", f"g{i}", "Use a mild face wash.", general=True) for i in range(3)]
    found: dict[str, bp.Candidate] = {}
    bp.expand_templates(swaps, general, found)
    assert found == {}


def test_review_rejects_an_entry(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    review = tmp_path / "review.tsv"
    review.write_text("spun\tdecision\treason\nvisage region\treject\tread as ordinary\n", encoding="utf-8")
    result = bp.build(corpus, [], bp.Policy(), (), bp.read_review(review))
    assert "visage region" not in {c.spun for c in result.kept}
    assert result.found["visage region"].verdict == "rejected in review: read as ordinary"
    (tmp_path / "bad.tsv").write_text("phrase\tverdict\n", encoding="utf-8")
    with pytest.raises(bp.CorpusError, match=r"bad\.tsv"):
        bp.read_review(tmp_path / "bad.tsv")


def test_review_can_stop_a_word_swap_seeding_templates(tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("spun\tdecision\treason\nvisage\treject-swap\tordinary here\n", encoding="utf-8")
    assert bp.read_review(review).swaps == {"visage": "ordinary here"}
    # An entry read and accepted is recorded as "keep": it rejects nothing, and admits a new entry under --review-new.
    review.write_text("spun\tdecision\treason\nvisage region\tkeep\tread: spun\n", encoding="utf-8")
    assert bp.read_review(review) == bp.Review(kept=frozenset({"visage region"}))
    review.write_text("spun\tdecision\treason\nvisage\tmaybe\tunsure\n", encoding="utf-8")
    with pytest.raises(bp.CorpusError, match="unknown decision 'maybe'"):
        bp.read_review(review)


def test_cross_validation_holds_out_whole_sites(tmp_path: Path) -> None:
    from tools.spin import crossval_phrasebook as cv

    corpus = _corpus(tmp_path / "corpus")
    pages = bp.read_pages(corpus)
    assert cv.folds(pages, 2) == [{"alpha.example"}, {"beta.example"}]
    results = cv.run(corpus, [], [], bp.Review(), 2)
    assert [(r.sites, r.pages, r.gold) for r in results] == [(1, 1, 2), (1, 2, 3)]
    # "visage region", mined from the two pages of beta.example, is found on alpha.example's page.
    assert results[0].found >= 1 and all(r.outside == 0 and r.found <= r.gold for r in results)


def test_a_mined_entry_offers_its_fix_as_unsafe_and_a_reviewed_one_as_safe() -> None:
    """Mined entries were read as a list, not in each sentence: `fix` applies them only with --unsafe."""
    findings = check_text(
        "These creams fade old stretch imprints. Allow's begin.", config=Config(select=("CL101",))
    ).findings
    safety = {f.text: f.fix.safe for f in findings if f.fix is not None}
    assert safety == {"stretch imprints": False, "Allow's": True}


def _table(tmp_path: Path, corpus: Path, clean: list[Path]) -> Path:
    out = tmp_path / "earlier.toml"
    result = bp.build(corpus, clean, bp.Policy())
    out.write_text(bp.render(result.kept, bp._meta(result, bp.Policy(), ["--spun", "x"])), encoding="utf-8")
    return out


def test_an_earlier_table_is_carried_forward_and_gated_again(tmp_path: Path) -> None:
    earlier = _table(tmp_path, _corpus(tmp_path / "old"), [])
    # A new corpus of one page on a third site, which shows "visage region" once more.
    new = tmp_path / "new"
    (new / "spun").mkdir(parents=True)
    (new / "spun" / "p.txt").write_text("Dry the visage region softly.\n", encoding="utf-8")
    gold = {"spun_phrases": [{"text": "visage region", "original": "face"}]}
    (new / "spun" / "p.json").write_text(json.dumps(gold), encoding="utf-8")
    (new / "SOURCES.tsv").write_text("file\tsite\tspinner_guess\nspun/p.txt\tgamma.example\tB\n", encoding="utf-8")
    result = bp.build([new], [], bp.Policy(), earlier=earlier)
    entry = {c.spun: c for c in result.kept}["visage region"]
    # The earlier build's three pages on two sites, and the new page's own support, families of both.
    assert (len(entry.pages), len(entry.sites), entry.families) == (4, 3, {"A", "B", "E"})
    assert any("Carried forward" in line for line in bp._meta(result, bp.Policy(), [])["sources"])  # type: ignore[union-attr]
    # A new clean document that uses the phrase drops the carried entry: the gate applies to it again.
    clean = _clean(tmp_path / "clean", ["The visage region of the statue was worn smooth."])
    regated = bp.build([new], [clean], bp.Policy(), earlier=earlier)
    assert "visage region" not in {c.spun for c in regated.kept}
    assert regated.found["visage region"].verdict.startswith("gated out")


def test_a_malformed_earlier_table_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[phrases]\n"x y" = "z"\n', encoding="utf-8")
    with pytest.raises(bp.CorpusError, match=r"bad\.toml"):
        bp.read_earlier(bad)


def test_several_corpora_keep_their_pages_apart(tmp_path: Path) -> None:
    first, second = _corpus(tmp_path / "first"), _corpus(tmp_path / "second")
    pages = bp.read_corpora([first, second])
    assert len({p.name for p in pages}) == 6 and {p.name.split(":")[0] for p in pages} == {"first", "second"}


def test_an_evaluation_layout_corpus_gives_its_spinner_families(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "dev-like")
    table = (root / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in table]
    # dev2's columns: the spinner sits in "spinner/type" as "spun; spinner X <description>".
    renamed = ["\t".join(["file", "source", "site", "set", "spinner/type"])]
    renamed += ["\t".join([*r[:4], f"spun; spinner {r[4][0]} a word swapper"]) for r in rows[1:]]
    (root / "SOURCES.tsv").write_text("\n".join(renamed) + "\n", encoding="utf-8")
    pages = bp.read_pages(root)
    assert [p.family for p in pages] == [r[4][0] for r in rows[1:]]
    (root / "SOURCES.tsv").write_text("file\tsite\n" + "\n".join(f"{r[0]}\t{r[2]}" for r in rows[1:]) + "\n")
    with pytest.raises(bp.CorpusError, match="spinner column"):
        bp.read_pages(root)


def test_a_grammar_only_difference_gives_no_entry() -> None:
    # A number changed, an article added: no word of the spinner's own, nothing a phrasebook can match.
    assert list(bp.entries(bp.Unit(("products",), ("product",), ("skin", "care"), ()))) == []
    assert list(bp.entries(bp.Unit(("the",), (), (), ("moisture", "is")))) == []
    swap = bp.Unit(("pores", "and", "skin"), ("skin",), ("your",), ("care",))
    assert bp.substitutes_a_word(swap) and ("pores and skin", "skin") in set(bp.entries(swap))


def test_review_new_only_proposes_what_nobody_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    clean = _clean(tmp_path / "clean", ["Wash your face twice a day and wear sunscreen."])
    free = bp.build(corpus, [clean], bp.Policy(templates=False))
    assert free.kept, "the corpus must give entries for this test to mean anything"
    read = free.kept[0].spun
    review = bp.Review(kept=frozenset({read}))
    strict = bp.build(corpus, [clean], bp.Policy(templates=False, review_new=True), review=review)
    assert [c.spun for c in strict.kept] == [read]
    proposed = [c for c in strict.found.values() if c.verdict.startswith("proposed")]
    # Everything else the free build kept is only proposed (longer phrases its entries covered may be too).
    assert {c.spun for c in proposed} >= {c.spun for c in free.kept} - {read}
    assert all(c.verdict.endswith("not yet read") for c in proposed)
