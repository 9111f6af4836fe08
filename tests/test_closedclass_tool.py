"""tools/spin/closedclass.py: the closed-class word-sequence model measured as spin evidence (issue 12).

The texts are written for these tests: a "human" style and a "rewritten" style that differ only in which
function words follow which.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy
import pytest

from contentlint.nlp import get_nlp
from tools.spin import closedclass as cc

from .conftest import ROOT

HUMAN = "The dog ran to the park. It was happy in the sun, and the children played with it."
REWRITTEN = "Of the dog ran plus of the park. It might be happy around of the sun, plus of the children played."


def _page(text: str, site: str, spun: bool, cmap: cc.ClassMap) -> cc.Page:
    return cc.Page(f"{site}.txt", site, spun, "", cmap.of(get_nlp()(text)))


@pytest.fixture(scope="module")
def cmap() -> cc.ClassMap:
    return cc.class_map()


def test_function_words_keep_their_class_and_other_tokens_get_their_shape(cmap: cc.ClassMap) -> None:
    classes = cmap.of(get_nlp()("The Cat sat on 3 mats.\n\nIt left"))
    words = [*cmap.words, *cc.SHAPES]
    assert [words[c] for c in classes] == [
        "BREAK", "the", "CAP", "WORD", "on", "NUM", "WORD", ".", "BREAK", "it", "WORD",
    ]  # fmt: skip
    assert [words[c] for c in cmap.of(get_nlp()(""))] == ["BREAK"]


def test_the_word_list_has_no_duplicates_and_is_lower_case(cmap: cc.ClassMap) -> None:
    assert len(set(cmap.words)) == len(cmap.words) > 200
    assert all(w == w.lower() for w in cmap.words)


def test_a_malformed_word_list_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "words.toml"
    bad.write_text('[classes]\nwords = ["the", "The"]\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="lower-case"):
        cc.class_map(bad)


def test_witten_bell_probabilities_sum_to_one_after_any_history(cmap: cc.ClassMap) -> None:
    model = cc.WittenBell([_page(HUMAN, "a", False, cmap), _page(REWRITTEN, "b", False, cmap)], 3, cmap.size)
    the, of = cmap.words.index("the"), cmap.words.index("of")
    for history in ((of, the), (the, the), (cmap.shape("BREAK"), of)):
        base = (history[0] * cmap.size + history[1]) * cmap.size
        total = sum(model.prob(base + c, 3) for c in range(cmap.size))
        assert total == pytest.approx(1.0)


def test_the_rewritten_style_reads_as_rewritten_and_the_human_as_human(cmap: cc.ClassMap) -> None:
    pages = [_page(HUMAN, f"h{i}", False, cmap) for i in range(3)]
    pages += [_page(REWRITTEN, f"r{i}", True, cmap) for i in range(3)]
    table = cc.fit_table(pages, 2, 1, cmap.size)
    assert table.score(cmap.of(get_nlp()(REWRITTEN))) > 0 > table.score(cmap.of(get_nlp()(HUMAN)))
    # a short text is shrunk towards 0 by the prior
    short = cmap.of(get_nlp()("Of the dog plus of the park."))
    assert 0 < table.score(short) < table.score(cmap.of(get_nlp()(" ".join([REWRITTEN] * 10))))


def test_longer_histories_answer_before_shorter_ones(cmap: cc.ClassMap) -> None:
    size = cmap.size
    unigram = numpy.zeros(size)
    a, b, c = 0, 1, 2
    model = cc.ClassModel(
        size, unigram, (numpy.asarray([b * size + c]), numpy.asarray([(a * size + b) * size + c])),
        (numpy.asarray([1.0]), numpy.asarray([5.0])),
    )  # fmt: skip
    assert model.ratios(numpy.asarray([a, b, c])).tolist() == [0.0, 5.0]
    assert model.ratios(numpy.asarray([c, b, c])).tolist() == [0.0, 1.0]


def test_leave_site_out_never_sees_the_held_out_site(cmap: cc.ClassMap) -> None:
    # One site writes in the rewritten style but is labelled clean: held out, it is judged by the others,
    # which call that style rewritten; fitted with itself, the same page would pull the model its way.
    pages = [_page(HUMAN, f"h{i}", False, cmap) for i in range(3)]
    pages += [_page(REWRITTEN, f"r{i}", True, cmap) for i in range(3)]
    odd = _page(REWRITTEN, "odd", False, cmap)
    held_out = cc.leave_site_out([*pages, odd], 2, 1, cmap.size)
    in_sample = cc.fit_table([*pages, odd], 2, 1, cmap.size).score(odd.classes)
    assert held_out[-1] > in_sample
    assert cc.auc_of(held_out[:-1], [p.spun for p in pages]) == 1.0


def test_the_tool_refuses_the_evaluation_corpora_and_missing_directories(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "corpus" / "dev2" / "spun"
    shared.mkdir(parents=True)
    run = [sys.executable, "-m", "tools.spin.closedclass", "--spun", str(shared), "--clean", str(tmp_path)]
    out = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode != 0 and "evaluation sets" in out.stderr and "Traceback" not in out.stderr
    run = [sys.executable, "-m", "tools.spin.closedclass", "--spun", str(tmp_path / "nope"), "--clean", str(tmp_path)]
    out = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode != 0 and "nope: not a directory" in out.stderr and "Traceback" not in out.stderr
