"""lemminflect's answers kept on disk (spin.resources.InflectionAnswers) are lemminflect's own."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from lemminflect import getAllInflections, getInflection, getLemma

from contentlint.spin.resources import InflectionAnswers


def test_answers_are_lemminflects_and_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "answers.marshal"
    first = InflectionAnswers(path)
    assert first.all_inflections("deal") == getAllInflections("deal")
    assert first.lemma("offered", "VERB") == getLemma("offered", upos="VERB")
    assert first.inflection("offer", "VBD") == getInflection("offer", tag="VBD")
    kept = marshal.loads(path.read_bytes())
    assert set(kept) == {("all", "deal"), ("lemma", "offered", "VERB"), ("inflection", "offer", "VBD")}
    # A later process reads them from the file: an answer planted there is what it gets.
    path.write_bytes(marshal.dumps({**kept, ("inflection", "offer", "VBD"): ("planted",)}))
    assert InflectionAnswers(path).inflection("offer", "VBD") == ("planted",)


def test_a_damaged_or_unwritable_file_only_costs_time(tmp_path: Path) -> None:
    damaged = tmp_path / "answers.marshal"
    damaged.write_bytes(b"\x00not marshal")
    assert InflectionAnswers(damaged).lemma("cancers", "NOUN") == getLemma("cancers", upos="NOUN")
    assert marshal.loads(damaged.read_bytes()) == {("lemma", "cancers", "NOUN"): getLemma("cancers", upos="NOUN")}
    blocked = tmp_path / "file" / "answers.marshal"
    (tmp_path / "file").write_text("a file where the folder should be", encoding="utf-8")
    assert InflectionAnswers(blocked).all_inflections("scar") == getAllInflections("scar")


def test_many_new_answers_rewrite_the_file_a_few_times_and_flush_keeps_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "answers.marshal"
    answers = InflectionAnswers(path)
    writes = []
    write = InflectionAnswers._write
    monkeypatch.setattr(InflectionAnswers, "_write", lambda self: (writes.append(1), write(self)))
    words = [f"word{k}s" for k in range(200)]
    for word in words:
        assert answers.lemma(word, "NOUN") == getLemma(word, upos="NOUN")
    assert 5 <= len(writes) <= 20  # geometric: about log1.5(200) + a few, not 200
    answers.flush()
    assert set(marshal.loads(path.read_bytes())) == {("lemma", w, "NOUN") for w in words}
