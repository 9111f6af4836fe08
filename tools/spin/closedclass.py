"""Measure a candidate spin feature: a stylometric model of closed-class word sequences (issue 12).

    python -m tools.spin.closedclass --spun DIR... --clean DIR... [--order 2] [--min-count 3]
        [--classes full|no-breaks|no-caps|function-words|no-modals] [--machine-family F]
        [--verdict] [--dev CORPUS...] [--features OUT.tsv]

Every token is mapped to a class: a closed-class word (tools/spin/closed_class_words.toml) is its own
class, any other token its shape's (WORD, CAP, NUM, PUNCT, BREAK). Two Witten-Bell smoothed class
n-gram models are counted, one on the spun pages ("machine-rewritten"), one on the clean ones ("human").
For every n-gram of order 2..N seen at least ``--min-count`` times, the table holds log P_rewritten(class
| history) - log P_human(class | history); a document's value is the mean of those log-ratios over its
tokens (the longest listed history answers), shrunk towards 0 by PRIOR tokens. ``--classes`` merges
classes (each choice includes the ones before it): no line breaks, capitalised words counted as words,
only function words kept apart (numbers as words, every punctuation mark one class), the modal verbs
one class.

The AUC printed is out of sample: leave-site-out cross-validation (all pages of one site are held out
together; sites come from the SOURCES.tsv beside the pages, else each file stands for its own site).
``--verdict`` also refits the spin calibration (tools/spin/calibrate.py) with the feature's out-of-fold
values, floored at 0, beside the shipped features, and prints its cross-validated AUCs with and without
it; ``--dev CORPUS`` then applies both fits to an annotated corpus's spun/ and clean/ pages (dev figures:
nothing is fitted on them). Nothing is written to rules/: the feature was measured and not shipped
(README, "What `spin` means"). The annotated evaluation corpora must not be given as --spun/--clean.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy

from tools.spin.calibrate import _auc_of as auc_of

ROOT = Path(__file__).resolve().parents[2]
WORDS_FILE = Path(__file__).with_name("closed_class_words.toml")
SHAPES = ("WORD", "CAP", "NUM", "PUNCT", "BREAK")
ORDER = 2
MIN_COUNT = 3
PRIOR = 150.0  # pseudo-count of tokens that shrinks a short text's value towards 0
MODALS = ("will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought")


@dataclass(frozen=True)
class ClassMap:
    """Token -> class: a listed word's own class, else its shape's (SHAPES, numbered after the words)."""

    words: tuple[str, ...]
    ids: numpy.ndarray  # spaCy string ids of the words, sorted
    classes: numpy.ndarray  # the class of each id in ``ids``

    @property
    def size(self) -> int:
        return len(self.words) + len(SHAPES)

    def shape(self, name: str) -> int:
        return len(self.words) + SHAPES.index(name)

    def of(self, doc: object) -> numpy.ndarray:
        """The class of every token of a spaCy ``doc`` (int64), after a BREAK that stands for the start."""
        from spacy.attrs import IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LIKE_NUM, LOWER

        start = numpy.full(1, self.shape("BREAK"), dtype="int64")
        if not len(doc):  # type: ignore[arg-type]
            return start
        a = doc.to_array([LOWER, IS_TITLE, IS_UPPER, LIKE_NUM, IS_PUNCT, IS_SPACE])  # type: ignore[attr-defined]
        out = numpy.full(len(a), self.shape("WORD"), dtype="int64")
        for column, name in ((1, "CAP"), (2, "CAP"), (3, "NUM"), (4, "PUNCT"), (5, "BREAK")):
            out[a[:, column] > 0] = self.shape(name)
        at = numpy.minimum(numpy.searchsorted(self.ids, a[:, 0]), len(self.ids) - 1)
        known = self.ids[at] == a[:, 0]
        out[known] = self.classes[at[known]]
        return numpy.concatenate([start, out])


def class_map(path: Path = WORDS_FILE) -> ClassMap:
    """The closed-class words of ``path``; a clear error when the list is missing or malformed."""
    from contentlint.nlp import string_ids

    try:
        words = tomllib.loads(path.read_text(encoding="utf-8"))["classes"]["words"]
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        sys.exit(f"closedclass: {path}: cannot read [classes] words ({exc})")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w == w.lower() for w in words):
        sys.exit(f"closedclass: {path}: [classes] words must be a non-empty list of lower-case strings")
    if len(set(words)) != len(words):
        sys.exit(f"closedclass: {path}: [classes] words lists a word twice")
    ids = string_ids(list(words))
    order = numpy.argsort(ids, kind="stable")
    return ClassMap(tuple(words), ids[order], order.astype("int64"))


def merged(cmap: ClassMap, choice: str) -> Callable[[numpy.ndarray], numpy.ndarray]:
    """The class sequence with classes merged as ``--classes`` says (each choice includes those before it)."""
    choices = ("full", "no-breaks", "no-caps", "function-words", "no-modals")
    level = choices.index(choice)
    punct = numpy.asarray([i for i, w in enumerate(cmap.words) if not (w[0].isalpha() or w[0] == "'")])
    modals = numpy.asarray([cmap.words.index(w) for w in MODALS if w in cmap.words])

    def apply(c: numpy.ndarray) -> numpy.ndarray:
        if level >= 1:
            c = numpy.concatenate([c[:1], c[1:][c[1:] != cmap.shape("BREAK")]])
        c = c.copy()
        if level >= 2:
            c[c == cmap.shape("CAP")] = cmap.shape("WORD")
        if level >= 3:
            c[c == cmap.shape("NUM")] = cmap.shape("WORD")
            c[numpy.isin(c, punct)] = cmap.shape("PUNCT")
        if level >= 4 and len(modals):
            c[numpy.isin(c, modals)] = modals[0]
        return c

    return apply


@dataclass(frozen=True)
class ClassModel:
    """Log-ratios log P(class | history) under rewritten over human text, for the n-grams the fitting pages
    attest (a shorter history answers when a longer is not listed)."""

    size: int
    unigram: numpy.ndarray
    keys: tuple[numpy.ndarray, ...]  # per order 2..N: sorted n-gram keys (base ``size`` digits)
    values: tuple[numpy.ndarray, ...]

    def ratios(self, classes: numpy.ndarray) -> numpy.ndarray:
        """The log-ratio of every class after the first."""
        out = self.unigram[classes[1:]].astype("float64")
        key = classes.astype("int64")
        for keys, values in zip(self.keys, self.values, strict=True):
            key = key[:-1] * self.size + classes[len(classes) - len(key) + 1 :]
            if not len(keys) or not len(key):
                continue
            at = numpy.minimum(numpy.searchsorted(keys, key), len(keys) - 1)
            hit = keys[at] == key
            tail = out[len(out) - len(key) :]
            tail[hit] = values[at[hit]]
        return out

    def score(self, classes: numpy.ndarray) -> float:
        """Mean log-ratio per token, shrunk towards 0 by PRIOR tokens (negative: reads as human)."""
        if len(classes) < 2:
            return 0.0
        return float(self.ratios(classes).sum()) / (len(classes) - 1 + PRIOR)


@dataclass(frozen=True)
class Page:
    path: str
    site: str
    spun: bool
    family: str  # the spinner family letter of SOURCES.tsv ("F": machine translation), "" when unknown
    classes: numpy.ndarray


def _sources(directory: Path) -> dict[str, tuple[str, str]]:
    """file path -> (site, spinner family) from the SOURCES.tsv at or up to two levels above ``directory``."""
    for root in (directory, directory.parent, directory.parent.parent):
        tsv = root / "SOURCES.tsv"
        if tsv.is_file():
            with tsv.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle, delimiter="\t"))
            return {
                str((root / r["file"]).resolve()): (r.get("site") or r["file"], (r.get("spinner_guess") or "")[:1])
                for r in rows
                if r.get("file")
            }
    return {}


def load_pages(directories: Sequence[Path], spun: bool, cmap: ClassMap) -> list[Page]:
    from contentlint.evaluate import _articles
    from contentlint.formats import load_bytes
    from contentlint.nlp import get_nlp

    nlp = get_nlp()
    pages = []
    for directory in directories:
        if not directory.is_dir():
            sys.exit(f"closedclass: {directory}: not a directory")
        paths = _articles(directory)
        if not paths:
            sys.exit(f"closedclass: {directory}: no articles (.txt, .md, .html) found")
        sources = _sources(directory)
        for path in paths:
            site, family = sources.get(str(path.resolve()), (str(path), ""))
            try:
                text = load_bytes(path.read_bytes(), str(path)).text
            except (OSError, ValueError) as exc:
                sys.exit(f"closedclass: {path}: cannot read it ({exc})")
            pages.append(Page(str(path), site, spun, family, cmap.of(nlp(text))))
    return pages


def _ngrams(classes: numpy.ndarray, n: int, size: int) -> numpy.ndarray:
    key = numpy.zeros(len(classes) - n + 1, dtype="int64")
    for i in range(n):
        key = key * size + classes[i : len(classes) - n + 1 + i]
    return key


class WittenBell:
    """An interpolated Witten-Bell class n-gram model (add-one at the unigrams)."""

    def __init__(self, pages: Sequence[Page], order: int, size: int) -> None:
        self.order, self.size = order, size
        self.counts: list[Counter[int]] = [Counter() for _ in range(order + 1)]
        for page in pages:
            for n in range(1, min(order, len(page.classes)) + 1):
                keys, counts = numpy.unique(_ngrams(page.classes, n, size), return_counts=True)
                self.counts[n].update(dict(zip(keys.tolist(), counts.tolist(), strict=True)))
        self.history: list[Counter[int]] = [Counter() for _ in range(order + 1)]
        self.types: list[Counter[int]] = [Counter() for _ in range(order + 1)]
        for n in range(2, order + 1):
            for key, count in self.counts[n].items():
                self.history[n][key // size] += count
                self.types[n][key // size] += 1
        self.total = sum(self.counts[1].values())
        self._memo: dict[tuple[int, int], float] = {}

    def prob(self, key: int, n: int) -> float:
        """P(last class | the n-1 before it), ``key`` the n-gram in base ``size`` digits."""
        if n == 1:
            return (self.counts[1][key] + 1.0) / (self.total + self.size)
        memo = self._memo.get((key, n))
        if memo is None:
            lower = self.prob(key % self.size ** (n - 1), n - 1)
            seen, types = self.history[n][key // self.size], self.types[n][key // self.size]
            memo = lower if seen == 0 else (self.counts[n][key] + types * lower) / (seen + types)
            self._memo[(key, n)] = memo
        return memo


def fit_table(pages: Sequence[Page], order: int, min_count: int, size: int, machine: str = "") -> ClassModel:
    """The log-ratio tables from ``pages`` (the rewritten side only from family ``machine`` if given)."""
    human = WittenBell([p for p in pages if not p.spun], order, size)
    rewritten = WittenBell([p for p in pages if p.spun and (not machine or p.family == machine)], order, size)
    unigram = numpy.asarray([math.log(rewritten.prob(c, 1) / human.prob(c, 1)) for c in range(size)])
    keys, values = [], []
    for n in range(2, order + 1):
        seen = set(human.counts[n]) | set(rewritten.counts[n])
        kept = sorted(k for k in seen if human.counts[n][k] + rewritten.counts[n][k] >= min_count)
        keys.append(numpy.asarray(kept, dtype="int64"))
        values.append(numpy.asarray([math.log(rewritten.prob(k, n) / human.prob(k, n)) for k in kept]))
    return ClassModel(size, unigram, tuple(keys), tuple(values))


def leave_site_out(pages: Sequence[Page], order: int, min_count: int, size: int, machine: str = "") -> list[float]:
    """Each page's value from the models fitted without its site's pages."""
    by_site: dict[str, list[int]] = defaultdict(list)
    for i, page in enumerate(pages):
        by_site[page.site].append(i)
    out = [0.0] * len(pages)
    for held in by_site.values():
        kept = [p for p in pages if p.site != pages[held[0]].site]
        model = fit_table(kept, order, min_count, size, machine)
        for i in held:
            out[i] = model.score(pages[i].classes)
    return out


def _with_feature(rows: list, values: dict[str, float]) -> list:
    from tools.spin.calibrate import Row

    return [
        Row(r.path, r.spun, r.rate, {**r.features, "closed_class": values[str(Path(r.path).resolve())]}) for r in rows
    ]


def verdict(args: argparse.Namespace, pages: Sequence[Page], held_out: Sequence[float], model: ClassModel) -> None:
    """The calibration refitted with the out-of-fold feature beside the shipped ones, and (--dev) applied."""
    from contentlint.spin.fluency import FEATURES
    from tools.spin import calibrate

    rows = calibrate.document_rates(args.spun, True) + calibrate.document_rates(args.clean, False)
    rows = _with_feature(rows, {str(Path(p.path).resolve()): max(v, 0.0) for p, v in zip(pages, held_out, strict=True)})
    sites = calibrate.site_of(rows)
    fits = {}
    for label, names in (("shipped features", list(FEATURES)), ("with closed_class", [*FEATURES, "closed_class"])):
        fitted = calibrate.fit_model(rows, names, calibrate.RATE_FLOOR)
        design = calibrate._design(rows, names, calibrate.RATE_FLOOR)
        by_site = calibrate.leave_site_out(design, [r.spun for r in rows], fitted.ridge, sites)
        weights = ", ".join(f"{k} {v:.2f}" for k, v in fitted.weights.items())
        print(f"verdict, {label}: 5-fold AUC {fitted.cv_auc:.3f}, leave-site-out {by_site:.3f} ({weights})")
        fits[label] = fitted
    for corpus in args.dev:
        _dev_figures(corpus, fits, model, args)


def _dev_figures(corpus: Path, fits: dict, model: ClassModel, args: argparse.Namespace) -> None:
    """spin AUC and the highest clean spin on an annotated corpus (dev figures; byline tell left out)."""
    from contentlint.spin.signal import calibration
    from tools.spin import calibrate

    cmap = class_map()
    apply = merged(cmap, args.classes)
    spun, clean = [corpus / "spun"], [corpus / "clean"]
    rows = calibrate.document_rates(spun, True, mined=True) + calibrate.document_rates(clean, False, mined=True)
    pages = load_pages(spun, True, cmap) + load_pages(clean, False, cmap)
    rows = _with_feature(rows, {str(Path(p.path).resolve()): max(model.score(apply(p.classes)), 0.0) for p in pages})
    alone = [r.features["closed_class"] for r in rows]
    print(f"  {corpus.name}: the feature alone (floored at 0), AUC {auc_of(alone, [r.spun for r in rows]):.3f}")
    prior = math.log(calibration().base_rate / (1 - calibration().base_rate))
    for label, fitted in fits.items():
        spins = [1 / (1 + math.exp(-(fitted.log_odds(r, calibrate.RATE_FLOOR) + prior))) for r in rows]
        top = max((s, Path(r.path).name) for s, r in zip(spins, rows, strict=True) if not r.spun)
        print(
            f"  {corpus.name}, {label}: spin AUC {auc_of(spins, [r.spun for r in rows]):.3f}, "
            f"highest clean {top[0]:.3f} ({top[1]})"
        )
        lowest = sorted((s, Path(r.path).stem) for s, r in zip(spins, rows, strict=True) if r.spun)[:5]
        print("    least spin among the spun pages: " + ", ".join(f"{name} {s:.3f}" for s, name in lowest))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spun", type=Path, action="append", required=True)
    parser.add_argument("--clean", type=Path, action="append", required=True)
    parser.add_argument("--order", type=int, default=ORDER)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument(
        "--classes", default="full", choices=("full", "no-breaks", "no-caps", "function-words", "no-modals")
    )
    parser.add_argument("--machine-family", default="", help="count the rewritten model on this spinner family only")
    parser.add_argument("--verdict", action="store_true", help="also refit the spin calibration with the feature")
    parser.add_argument("--dev", type=Path, action="append", default=[], help="an annotated corpus to apply it to")
    parser.add_argument("--features", type=Path, help="write each page's out-of-fold value as TSV")
    args = parser.parse_args(argv)
    if any("shared/corpus" in str(p.resolve()) for p in [*args.spun, *args.clean]):
        parser.error("the shared dev corpora are evaluation sets: do not fit on them")
    if not 2 <= args.order <= 4 or args.min_count < 1:
        parser.error("--order must be 2-4 and --min-count at least 1")
    cmap = class_map()
    apply = merged(cmap, args.classes)
    pages = [
        replace(p, classes=apply(p.classes))
        for p in load_pages(args.spun, True, cmap) + load_pages(args.clean, False, cmap)
    ]
    held_out = leave_site_out(pages, args.order, args.min_count, cmap.size, args.machine_family)
    sites = len({p.site for p in pages})
    alone = auc_of(held_out, [p.spun for p in pages])
    print(f"{len(pages)} pages, {sites} sites: the feature alone, leave-site-out AUC {alone:.3f}")
    if args.features:
        rows = (
            f"{p.path}\t{p.site}\t{int(p.spun)}\t{p.family}\t{v:.5f}\n" for p, v in zip(pages, held_out, strict=True)
        )
        args.features.write_text("".join(rows), encoding="utf-8")
    if args.verdict or args.dev:
        model = fit_table(pages, args.order, args.min_count, cmap.size, args.machine_family)
        verdict(args, pages, held_out, model)


if __name__ == "__main__":
    main()
