"""The topical word-count table (rules/spin_topical.toml), its builder (tools/spin/topical.py) and the
detector's topicality feature."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import numpy
import pytest

from contentlint import ruledata
from contentlint.nlp import get_nlp
from contentlint.spin import resources
from contentlint.spin.detector import WORD_FEATURES, load_weights, score_words
from contentlint.spin.resources import language_model, thesaurus_index, topical_counts, topicality
from tools.spin import topical

FIXTURES = Path(__file__).parent / "fixtures" / "spin"


def test_the_shipped_table_states_its_sources_totals_and_command() -> None:
    data = ruledata.load("spin_topical", resources.TOPICAL_SHAPE)
    meta = data["meta"]
    counts, total = topical_counts()
    assert "tools.spin.topical" in meta["command"] and "shared/corpus" not in meta["command"]
    assert "collected" not in meta["command"]
    assert meta["words"] == len(counts) > 1000
    assert min(counts.values()) >= meta["min_count"] >= 1
    assert total == meta["total_words"] >= sum(counts.values())
    assert all(w == w.lower() for w in counts)


def _load_with(monkeypatch: pytest.MonkeyPatch, fake: dict[str, Any]) -> str:
    """topical_counts() over ``fake`` as the file's content, with the real shape check; the error it raises."""

    def load(name: str, shape: ruledata.Shape | None = None) -> dict[str, Any]:
        assert shape is not None
        shape.check(name, fake)
        return fake

    monkeypatch.setattr(resources.ruledata, "load", load)
    with pytest.raises(ruledata.RuleDataError) as info:
        topical_counts.__wrapped__()
    return str(info.value)


def test_a_renamed_or_empty_table_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    meta = {"sources": ["x"], "licence": "MIT", "total_words": 100}
    message = _load_with(monkeypatch, {"meta": meta, "count": {"serum": 3}})
    assert "rules/spin_topical.toml" in message and "[counts]" in message
    assert "positive integers" in _load_with(monkeypatch, {"meta": meta, "counts": {}})
    assert "positive integers" in _load_with(monkeypatch, {"meta": meta, "counts": {"serum": "3"}})
    assert "total_words" in _load_with(monkeypatch, {"meta": meta | {"total_words": 0}, "counts": {"serum": 3}})


def _word_ids(*words: str) -> list[int]:
    known = {w: i for i, w in enumerate(thesaurus_index().words)}
    assert all(w in known for w in words)
    return [known[w] for w in words]


def test_topicality_is_observed_over_expected_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    index = thesaurus_index()
    monkeypatch.setattr(resources, "_TOPICALITY", {})
    monkeypatch.setattr(resources, "topical_counts", lambda: ({"lotion": 40, "friends": 1}, 100_000))
    values = topicality(index)
    lotion, friends, apex = _word_ids("lotion", "friends", "apex")
    # used far more often than its general frequency predicts: topical, within the cap
    assert 0 < values[lotion] <= resources.TOPICAL_CAP
    # a common word the texts (almost) lack is marked down
    assert values[friends] < -1.0
    # a rare word they lack was expected less than once: its absence says little
    assert abs(values[apex]) < 0.5
    assert numpy.abs(values).max() <= resources.TOPICAL_CAP


def test_the_detector_gives_each_word_its_topicality() -> None:
    assert "topical" in WORD_FEATURES and len(load_weights().word) == len(WORD_FEATURES)
    text = (FIXTURES / "spun" / "winter-lips.txt").read_text(encoding="utf-8")
    index = thesaurus_index()
    scored = score_words(get_nlp()(text), index, language_model(), text, estimate=True)
    assert len(scored) > 50
    assert scored.topical.tolist() == topicality(index)[scored.wid].tolist()
    assert len(set(scored.topical.tolist())) > 5
    k = len(scored) // 2
    assert scored.item(k).topical == scored.topical[k]
    assert scored.take(numpy.array([k])).topical.tolist() == [scored.topical[k]]


def _tsv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "SOURCES.tsv"
    path.write_text("name\tpath\tsource\tcommit\tlicence\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_builder_counts_prose_words_and_prunes(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.md").write_text(
        "Rinse the serum off. See [our shop](https://example.org/serum) or <b>www.example.org</b>.\n"
        "A serum's texture matters; serum again.",
        encoding="utf-8",
    )
    (tmp_path / "texts" / "skip.json").write_text("serum serum serum", encoding="utf-8")
    sources = topical.read_sources(_tsv(tmp_path, ["blog\ttexts\tgithub:someone/blog\tabc\tMIT"]))
    counts, totals = topical.count(sources)
    assert counts["serum"] == 2 and counts["serum's"] == 1
    assert "https" not in counts and "www" not in counts and "shop" not in counts
    assert totals == {"blog": sum(counts.values())}
    data = tomllib.loads(topical.render(counts, totals, sources, 2, "python -m tools.spin.topical X"))
    assert data["counts"] == {"serum": 2}
    assert data["meta"]["total_words"] == totals["blog"] and data["meta"]["words"] == 1
    assert "github:someone/blog" in data["meta"]["sources"][0] and "MIT" in data["meta"]["sources"][0]


def test_the_builder_names_the_file_and_line_of_a_bad_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tsv = _tsv(tmp_path, ["blog\tmissing-folder\tgithub:someone/blog\tabc\tMIT"])
    with pytest.raises(topical.SourceError, match=r"SOURCES.tsv, line 2: .*missing-folder does not exist"):
        topical.read_sources(tsv)
    assert topical.main([str(tsv), "--output", str(tmp_path / "out.toml")]) == 2
    assert "line 2" in capsys.readouterr().err and not (tmp_path / "out.toml").exists()
    with pytest.raises(topical.SourceError, match="line 2: missing licence"):
        topical.read_sources(_tsv(tmp_path, ["blog\ttexts\tgithub:someone/blog\tabc\t"]))
