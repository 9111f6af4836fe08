"""The topical word-count table's builder and reader (tools/spin/topical.py) and its topicality measure."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

import numpy
import pytest

from tools.spin import topical


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
    values = topical.topicality(counts, total, logprob)
    assert values[0] == pytest.approx(0.0)  # used as often as expected
    assert values[1] == pytest.approx(math.log(1 / 31))  # a common word the texts lack is marked down
    assert abs(values[2]) < 0.1  # a rare word they lack: its absence says little
    assert values[3] == pytest.approx(math.log(41 / 1.1))  # a domain word
    assert values[4] == topical.TOPICAL_CAP
