"""The topical word-count table (rules/spin_topical.toml), its builder and reader (tools/spin/topical.py), the
topicality measure and the detector's ``topical`` feature."""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import numpy
import pytest

from contentlint import ruledata
from contentlint.nlp import get_nlp
from contentlint.spin import resources
from contentlint.spin.detector import (
    TOPICAL_GATE_FROM,
    TOPICAL_GATE_SPAN,
    WORD_FEATURES,
    DocumentCandidates,
    load_weights,
    score_words,
)
from contentlint.spin.fluency import document_blind_logits, rate_logits
from contentlint.spin.resources import TOPICAL_CAP, language_model, thesaurus_index, topical_ratio
from tools.spin import topical, train

FIXTURES = Path(__file__).parent / "fixtures" / "spin"


def _tsv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "SOURCES.tsv"
    path.write_text("name\tpath\tsource\tcommit\tlicence\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _built(tmp_path: Path) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.md").write_text(
        "Rinse the serum off. See [our shop](https://example.org/serum) or <b>www.example.org</b>.\n"
        "A serum's texture matters; serum again.",
        encoding="utf-8",
    )
    (tmp_path / "texts" / "skip.json").write_text("serum serum serum", encoding="utf-8")
    out = tmp_path / "table.toml"
    assert (
        topical.main([str(_tsv(tmp_path, ["blog\ttexts\tgithub:someone/blog\tabc\tMIT"])), "--output", str(out)]) == 0
    )
    return out


def test_the_builder_counts_prose_words_prunes_and_states_its_sources(tmp_path: Path) -> None:
    out = _built(tmp_path)
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    # two "serum" in prose; the link, the address, the tag and the .json file are not prose
    assert data["counts"] == {"serum": 2}
    meta = data["meta"]
    assert meta["total_words"] == 12 and meta["words"] == 1 and meta["min_count"] == 2
    assert "github:someone/blog at abc, 12 words; licence: MIT" in meta["sources"][0]
    assert "tools.spin.topical" in meta["command"] and meta["licence"]
    assert topical.load_table(out) == ({"serum": 2}, 12)


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


def test_a_renamed_or_broken_table_fails_loudly(tmp_path: Path) -> None:
    text = _built(tmp_path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    cases = {
        text.replace("[counts]", "[count]"): "missing or empty [counts]",
        text.replace('"serum" = 2', '"serum" = "2"'): "positive integers",
        text.replace("total_words = 12", "total_words = 1"): "total_words",
        "[counts\n": "not a readable TOML table",
    }
    for content, message in cases.items():
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(topical.TableError, match=re.escape(message)) as info:
            topical.load_table(bad)
        assert str(bad) in str(info.value)


def test_topicality_is_observed_over_expected_and_capped() -> None:
    total = 100_000
    # general log-probabilities: an ordinary word (expected 30 times), a rare one (expected 0.1 times)
    logprob = numpy.log(numpy.array([30, 30, 0.1, 0.1, 0.1]) / total)
    counts = numpy.array([30.0, 0.0, 0.0, 40.0, 1e9])
    values = topical_ratio(counts, total, logprob)
    assert values[0] == pytest.approx(0.0)  # used as often as expected
    assert values[1] == pytest.approx(math.log(1 / 31))  # a common word the texts lack is marked down
    assert abs(values[2]) < 0.1  # a rare word they lack: its absence says little
    assert values[3] == pytest.approx(math.log(41 / 1.1))  # a domain word
    assert values[4] == TOPICAL_CAP


# The detector's topicality feature (rules/spin_topical.toml).


def _load_with(monkeypatch: pytest.MonkeyPatch, fake: dict[str, Any]) -> str:
    """The topical table's reader over ``fake`` as the file's content, with the real shape check."""

    def load(name: str, shape: ruledata.Shape | None = None) -> dict[str, Any]:
        assert shape is not None
        shape.check(name, fake)
        return fake

    monkeypatch.setattr(resources.ruledata, "load", load)
    with pytest.raises(ruledata.RuleDataError) as info:
        resources._topical_counts()
    return str(info.value)


def test_the_shipped_table_states_its_sources_and_totals() -> None:
    meta = ruledata.load("spin_topical", resources.TOPICAL_SHAPE)["meta"]
    counts, total = resources.topical_counts()
    assert "tools.spin.topical" in meta["command"]
    assert "shared/corpus" not in meta["command"] and "collected" not in meta["command"]
    assert meta["words"] == len(counts) > 1000 and min(counts.values()) >= meta["min_count"]
    assert total == meta["total_words"] >= sum(counts.values())


def test_the_shipped_table_names_each_sources_licence_and_stays_small() -> None:
    meta = ruledata.load("spin_topical", resources.TOPICAL_SHAPE)["meta"]
    # one line per source as render() writes it: name, origin and commit, words, licence
    described = [re.fullmatch(r"[\w.+-]+: \S+.* at \S+, (\d+) words; licence: .+", s) for s in meta["sources"]]
    assert len(described) > 1 and all(described)
    assert sum(int(m.group(1)) for m in described if m) == meta["total_words"]
    assert (ruledata.rules_dir() / "spin_topical.toml").stat().st_size < 2_000_000


def test_a_renamed_or_broken_shipped_table_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    meta = {"sources": ["x"], "licence": "MIT", "total_words": 100}
    message = _load_with(monkeypatch, {"meta": meta, "count": {"serum": 3}})
    assert "rules/spin_topical.toml" in message and "[counts]" in message
    assert "positive integers" in _load_with(monkeypatch, {"meta": meta, "counts": {}})
    assert "total_words" in _load_with(monkeypatch, {"meta": meta | {"total_words": 1}, "counts": {"serum": 3}})


def test_the_table_kept_in_the_cache_is_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTENTLINT_CACHE_DIR", str(tmp_path))
    read = resources._topical_counts()
    assert resources.topical_counts.__wrapped__() == read  # parsed, then kept
    assert len(list(tmp_path.glob("spin-topical-*.marshal"))) == 1
    assert resources.topical_counts.__wrapped__() == read  # read back from the cache


def _scored(kind: str, name: str) -> DocumentCandidates:
    text = (FIXTURES / kind / f"{name}.txt").read_text(encoding="utf-8")
    return score_words(get_nlp()(text), thesaurus_index(), language_model(), text, estimate=True)


def test_topicality_counts_in_articles_on_the_spams_topics_only() -> None:
    values = resources.topicality(thesaurus_index())
    on_topic, off_topic = _scored("clean", "winter-lips"), _scored("clean", "running-shoes")
    assert values[on_topic.wid].mean() >= TOPICAL_GATE_FROM + TOPICAL_GATE_SPAN
    assert on_topic.topical.tolist() == values[on_topic.wid].tolist()
    assert values[off_topic.wid].mean() < TOPICAL_GATE_FROM
    assert not off_topic.topical.any()
    k = len(on_topic) // 2
    assert on_topic.item(k).topical == on_topic.topical[k]
    assert on_topic.take(numpy.array([k])).topical.tolist() == [on_topic.topical[k]]


def test_no_document_evidence_reads_topicality() -> None:
    weights = load_weights()
    assert "topical" in WORD_FEATURES and weights.word[WORD_FEATURES.index("topical")] < 0
    scored = _scored("spun", "winter-lips")
    assert scored.topical.any()
    louder = dataclasses.replace(
        weights, word=tuple(w * (3 if n == "topical" else 1) for n, w in zip(WORD_FEATURES, weights.word, strict=True))
    )
    assert not numpy.allclose(weights.logits(scored), louder.logits(scored))
    assert numpy.allclose(rate_logits(weights, scored), rate_logits(louder, scored), rtol=0, atol=1e-12)
    assert numpy.allclose(rate_logits(weights, scored), weights.without("topical").logits(scored), rtol=0, atol=1e-12)
    assert rate_logits(weights, scored).tolist() == rate_logits(weights, scored, weights.logits(scored)).tolist()
    assert numpy.allclose(rate_logits(weights, list(scored)), rate_logits(weights, scored), rtol=0, atol=1e-12)
    assert document_blind_logits(weights, scored).tolist() == document_blind_logits(louder, scored).tolist()
    with pytest.raises(ValueError, match="unknown detector features"):
        weights.without("topicality")


def test_refitting_one_word_weight_keeps_the_others() -> None:
    weights = load_weights()
    text = (FIXTURES / "clean" / "winter-lips.txt").read_text(encoding="utf-8")
    examples = train.collect([text], spins=2, rate=0.2)
    refitted = train.refit_word(examples, weights, ["topical"])
    k = WORD_FEATURES.index("topical")
    assert refitted.candidate == weights.candidate and refitted.rate == weights.rate
    assert [w for i, w in enumerate(refitted.word) if i != k] == [w for i, w in enumerate(weights.word) if i != k]
    assert refitted.word[k] != weights.word[k]
    with pytest.raises(SystemExit, match="unknown word features"):
        train.refit_word(examples, weights, ["topicality"])
