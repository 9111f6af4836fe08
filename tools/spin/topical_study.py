"""Does topicality separate real substitutes, as a word or as a candidate feature?

    python -m tools.spin.topical_study TABLE.toml FIT.jsonl [OTHER.jsonl ...]

Reads dumps of ``tools.spin.recall_dump`` (real spun pages with gold). A scored word of a spun page is a
positive when it lies inside a gold span and is not a word of that span's original; a word of the original
left in place is left out. Each word is described by the detector's dumped features (its own five and its
best candidate's, with the candidate count) and, as extra columns, by

- ``word``: the word's topicality (``contentlint.spin.resources.topical_ratio``, from TABLE, a table
  written by ``tools.spin.topical``; the detector's own is gated by the document's topicality);
- ``candidate``: the best candidate's topicality minus the word's (a spinner's original is common in
  topical prose, its substitute not);
- ``logfreq``: the word's log frequency per million words of the topical texts alone;
- ``centred``: the word's topicality minus the mean over the page's scored words (an article on another
  topic is not marked down as a whole);
- ``positive``: the word's topicality where above 0, else 0 (domain words vouched for, nothing marked down).

A ridge logistic regression on standardised columns is scored by AUC with one site left out at a time on
FIT (the held-out figure), and fitted on all of FIT and scored on each OTHER dump (dev figures).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.strings import get_string_id

from contentlint.spin.resources import ThesaurusIndex, index_topicality, thesaurus_index
from tools.spin.topical import TableError, load_table

_WORD = re.compile(r"[a-z]+")
EXTRA = ("word", "candidate", "logfreq", "centred", "positive")
VARIANTS = (
    ("base", ()),
    ("+word", ("word",)),
    ("+candidate", ("candidate",)),
    ("+both", ("word", "candidate")),
    ("+logfreq", ("logfreq",)),
    ("+centred", ("centred",)),
    ("+positive", ("positive",)),
)


@dataclass
class Table:
    x: numpy.ndarray  # base features, then EXTRA
    y: numpy.ndarray
    site: numpy.ndarray


class Lookup:
    """Topicality and topical frequency of words by their text."""

    def __init__(self, index: ThesaurusIndex, table: Path) -> None:
        self.index = index
        self.counts, self.total = load_table(table)
        self.values = index_topicality(index, self.counts, self.total)

    def topicality(self, word: str) -> float:
        wid = int(self.index.ids_of(numpy.array([get_string_id(word)], dtype="uint64"))[0])
        return float(self.values[wid]) if wid >= 0 else 0.0

    def logfreq(self, word: str) -> float:
        return math.log((self.counts.get(word, 0) + 0.5) / self.total * 1e6)


def _rows(page: dict, lookup: Lookup) -> tuple[list[list[float]], list[bool]]:
    spans = [(a, b, set(_WORD.findall(g["original"].lower()))) for g in page["gold"] for a, b in g["spans"]]
    xs, ys = [], []
    mean = float(numpy.mean([lookup.topicality(w["word"].lower()) for w in page["scored"]] or [0.0]))
    for w in page["scored"]:
        inside = [o for a, b, o in spans if w["start"] < b and w["end"] > a]
        word = w["word"].lower()
        if inside and word in inside[0]:
            continue  # a word of the original left in place: neither label fits
        own = lookup.topicality(word)
        best = w["forms"][0] if w["forms"] else word
        xs.append([*w["f"], own, lookup.topicality(best) - own, lookup.logfreq(word), own - mean, max(own, 0.0)])
        ys.append(bool(inside))
    return xs, ys


def load(path: Path, lookup: Lookup) -> Table:
    xs: list[list[float]] = []
    ys: list[bool] = []
    sites: list[str] = []
    try:
        pages = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"{path}: not a readable recall_dump file ({exc})") from None
    for page in pages:
        if page.get("kind") != "spun":
            continue
        x, y = _rows(page, lookup)
        xs += x
        ys += y
        sites += [page["site"]] * len(y)
    return Table(numpy.array(xs), numpy.array(ys), numpy.array(sites))


def auc(scores: numpy.ndarray, labels: numpy.ndarray) -> float:
    order = numpy.argsort(scores, kind="mergesort")
    ranks = numpy.empty(len(scores))
    ranks[order] = numpy.arange(1, len(scores) + 1)
    pos = labels.sum()
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / max(pos * (len(labels) - pos), 1))


def fit(x: numpy.ndarray, y: numpy.ndarray, ridge: float = 1.0, steps: int = 30) -> numpy.ndarray:
    design = numpy.c_[numpy.ones(len(x)), x]
    w = numpy.zeros(design.shape[1])
    penalty = ridge * numpy.diag(numpy.r_[0.0, numpy.ones(len(w) - 1)])
    for _ in range(steps):
        p = 1.0 / (1.0 + numpy.exp(-numpy.clip(design @ w, -30, 30)))
        grad = design.T @ (p - y) + penalty @ w
        hess = (design * (p * (1 - p))[:, None]).T @ design + penalty
        w -= numpy.linalg.solve(hess, grad)
    return w


def columns(n_base: int, extra: Sequence[str]) -> list[int]:
    return list(range(n_base)) + [n_base + EXTRA.index(e) for e in extra]


def held_out(table: Table, cols: list[int]) -> float:
    out = numpy.zeros(len(table.y))
    for site in numpy.unique(table.site):
        test = table.site == site
        w = fit(table.x[~test][:, cols], table.y[~test])
        out[test] = numpy.c_[numpy.ones(test.sum()), table.x[test][:, cols]] @ w
    return auc(out, table.y)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path, help="a word-count table written by tools.spin.topical")
    parser.add_argument("fit", type=Path)
    parser.add_argument("others", type=Path, nargs="*")
    args = parser.parse_args(argv)
    try:
        lookup = Lookup(thesaurus_index(), args.table)
    except TableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    raw = [load(p, lookup) for p in (args.fit, *args.others)]
    mean, sd = raw[0].x.mean(0), raw[0].x.std(0) + 1e-9
    tables = [Table((t.x - mean) / sd, t.y, t.site) for t in raw]
    n_base = tables[0].x.shape[1] - len(EXTRA)
    print(f"{args.fit.stem}: {len(tables[0].y)} words, {int(tables[0].y.sum())} substitutes")
    for name, extra in (("word", ("word",)), ("candidate", ("candidate",)), ("logfreq", ("logfreq",))):
        alone = [round(auc(-t.x[:, n_base + EXTRA.index(extra[0])], t.y), 3) for t in tables]
        print(f"{name} alone (low = substitute): AUC {alone}")
    for name, extra in VARIANTS:
        cols = columns(n_base, extra)
        w = fit(tables[0].x[:, cols], tables[0].y)
        dev = [round(auc(numpy.c_[numpy.ones(len(t.y)), t.x[:, cols]] @ w, t.y), 3) for t in tables[1:]]
        print(
            f"{name:12} held-out-by-site AUC {held_out(tables[0], cols):.3f}  others {dev}  extra weights "
            f"{[round(float(v), 3) for v in w[1 + n_base :]]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
