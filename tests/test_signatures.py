"""The dictionary spinners' signature wording: its miner (tools/spin/signatures.py) and the shipped list."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from contentlint import ruledata
from contentlint.api import check_text
from contentlint.checks.spun import CL101, MINED, PHRASE_LIST
from contentlint.config import Config
from tools.spin import signatures as sig

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules" / "spun_phrases_signatures.toml"


def _write_spun(root: Path, pages: dict[str, tuple[str, str]]) -> Path:
    root.mkdir(parents=True)
    rows = ["file\tsource\tsite"]
    for name, (site, text) in pages.items():
        (root / name).write_text(text, encoding="utf-8")
        rows.append(f"{name}\thttps://{site}/\t{site}")
    (root / "SOURCES.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def _mine(tmp_path: Path, pages: dict[str, tuple[str, str]], clean: str) -> dict[str, list[str]]:
    spun = _write_spun(tmp_path / "spun", pages)
    gate = tmp_path / "gate"
    gate.mkdir()
    (gate / "a.txt").write_text(clean, encoding="utf-8")
    out = tmp_path / "c.tsv"
    args = ["mine", "--spun", str(spun), "--clean", str(gate), "--out", str(out), "--max-per-million", "0"]
    assert sig.main(args) == 0
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    return {row[0]: row for row in rows[1:]}


def test_mining_keeps_wording_of_many_sites_that_the_gate_lacks(tmp_path: Path) -> None:
    pages = {
        "a.txt": ("one.example", "It happens withinside the body. Dental practitioners agree. Odd gizmo here."),
        "b.txt": ("two.example", "Water stays withinside the cells, say dental practitioners."),
        "c.txt": ("three.example", "Withinside the skin, as dental practitioners know. Odd gizmo here."),
        "d.txt": ("three.example", "More withinside the house; odd gizmo again; dental practitioners."),
    }
    found = _mine(tmp_path, pages, "The body and the cells of the skin. Practitioners agree on the house.")
    assert found["withinside"][1:3] == ["3", "4"]  # three sites (one has two pages), four pages
    assert "dental" in found  # absent from the gate, printed on three sites
    # already covered by a shorter kept sequence: adds nothing
    assert "withinside the" not in found and "dental practitioners" not in found
    assert "gizmo" not in found  # two sites only: one site's two pages count once
    assert "body" not in found and "practitioners" not in found  # the gate holds them
    assert "[withinside]" in found["withinside"][5].lower()  # contexts show where


def test_render_writes_the_kept_rows_as_a_phrase_list(tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text(
        "# mined from 9 pages of 9 sites\n"
        + "\t".join(sig.REVIEW_COLUMNS)
        + "\nwithinside\tkeep\tin\t5\t6\t0\tnot English\n"
        + "contemporary\treject\t\t7\t7\t0\tordinary English\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.toml"
    assert sig.main(["render", "--review", str(review), "--output", str(out)]) == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    PHRASE_LIST.check("signatures", data)
    assert data["phrases"] == {"withinside": "in"}
    assert data["provenance"]["withinside"] == {"sites": 5, "pages": 6, "gate": 0}
    assert data["meta"]["sources"] == ["mined from 9 pages of 9 sites"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("withinside\tkeep\t\t5\t6\t0\tx", "no original"),
        ("withinside\tmaybe\tin\t5\t6\t0\tx", "keep or reject"),
    ],
)
def test_render_refuses_a_bad_review(tmp_path: Path, row: str, message: str) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("\t".join(sig.REVIEW_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=message):
        sig.main(["render", "--review", str(review), "--output", str(tmp_path / "o.toml")])


def test_the_shipped_list_is_the_review_rendered(tmp_path: Path) -> None:
    out = tmp_path / "out.toml"
    sig.main(["render", "--output", str(out)])
    assert out.read_text(encoding="utf-8") == SHIPPED.read_text(encoding="utf-8")


def test_shipped_entries_carry_provenance_that_passed_the_policy() -> None:
    data = ruledata.load("spun_phrases_signatures", PHRASE_LIST)
    assert data["phrases"] and set(data["phrases"]) == set(data["provenance"])
    for phrase, where in data["provenance"].items():
        assert where["sites"] >= 3 and where["pages"] >= where["sites"], phrase
        assert where["gate"] <= 1, phrase
        assert data["phrases"][phrase].lower() != phrase.lower(), phrase


def test_a_renamed_table_fails_loudly() -> None:
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    data["phrase"] = data.pop("phrases")
    with pytest.raises(ruledata.RuleDataError, match="phrase"):
        PHRASE_LIST.check("spun_phrases_signatures", data)


def test_cl101_reads_the_signatures() -> None:
    assert "spun_phrases_signatures" in MINED and "spun_phrases_signatures" in CL101.data_files
    text = "Teams gain effectivity when they make knowledgeable choices."
    findings = check_text(text, config=Config(select=("CL101",)))
    assert [(f.text, f.suggestion) for f in findings.findings] == [
        ("effectivity", "efficiency"),
        ("make knowledgeable", "make informed"),
    ]
    # mined from spam and read, not reviewed in each sentence: the fix is offered as unsafe
    assert all(f.fix is not None and not f.fix.safe for f in findings.findings)
