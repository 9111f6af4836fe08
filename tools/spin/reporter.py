"""A second-stage reporter for CL102 fitted on real spun pages' gold: the fitter and its comparison with the ramp.

    python -m tools.spin.reporter cv TRAIN.jsonl [TRAIN.jsonl ...] [--floor 0.9] [--rechecks 0.3 0.1 ...]
    python -m tools.spin.reporter fit TRAIN.jsonl [...] --inputs all --l2 3 --recheck 0.1 --model OUT.toml
    python -m tools.spin.reporter compare TRAIN.jsonl --model OUT.toml --test TEST.jsonl [TEST.jsonl ...]

The dumps are tools/spin/recall_dump.py's output (they carry each rechecked word's ``fx``, word_inputs below).
Every word the detector judged again (document posterior >= ``--recheck``, outside the page's phrasebook and
variant findings) is one example: positive when it lies in a gold spun phrase and is one of the words the
spinner changed there (the gold ``text`` against its ``original``, as recall_study.loss_kind compares them),
negative otherwise; every word of a clean or claims page is negative. The model is an L2-regularised logistic
regression over standardised INPUTS (or a subset), fitted by Newton's method.

``cv`` leaves whole sites out (outer site folds) and, within each outer training part, chooses the reporting
threshold by an inner site-fold cross-validation: the threshold with most gold spun phrases found whose pooled
precision (gold span overlap, as recall_study counts it) reaches ``--floor`` with every clean page quiet. It
prints the outer folds' pooled recall and precision for each input set, penalty and recheck floor, after
today's ramp on the same pages. ``fit`` fits on all the pages given, chooses the threshold the same way and
writes the model (TOML) to ``--model``; ``compare`` replays the ramp and that model on other dumps, per corpus
and spinner family. Measured on 2026-12-01 (README, "Spin detection"): it did not beat the ramp on the
held-out sets, so the product does not use it. No corpus text goes into the repository.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy

from tools.spin.recall_study import _WORD, Page, Tally, _diff, _overlaps, graded_policy, read, tally

# The inputs, in the order of the vector vector() builds: the word's own and best-candidate features from the
# full judgement (as detector.Weights.word_features gives them, with topicality), log(candidate forms), then
# what the detector and the verdict already computed for the word and its document.
WORD_INPUTS = (
    "best",
    "spread",
    "fit",
    "rarity",
    "repeats",
    "topical",
    "gain",
    "freq",
    "sim",
    "brown",
    "mutual",
    "choice",
    "present",
    "forms",
)
INPUTS = (*WORD_INPUTS, "posterior", "exact", "z", "spin", "rate")


def word_inputs(weights: Any, item: Any) -> list[float]:
    """WORD_INPUTS of a word (a detector.WordCandidates judged in full) under the model ``weights``."""
    own, best = weights.word_features(item)
    return [*(float(v) for v in own[:6]), *(float(v) for v in item.features[best]), math.log(len(item.forms))]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Reporter:
    """A fitted model over standardised INPUTS and the probability from which it reports a word."""

    intercept: float
    weights: tuple[float, ...]
    centre: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float
    recheck: float  # document posterior from which a word is judged again and shown to the model

    def probability(self, x: Sequence[float]) -> float:
        s = self.intercept + sum(
            w * (v - c) / k for v, w, c, k in zip(x, self.weights, self.centre, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-min(max(s, -30.0), 30.0)))


SUBSETS: dict[str, tuple[str, ...]] = {
    "posteriors": ("posterior", "exact", "z", "spin", "rate"),
    "word": (*WORD_INPUTS, "exact"),
    "all": INPUTS,
}
THRESHOLDS = tuple(round(float(t), 3) for t in numpy.arange(0.3, 0.96, 0.025))


def _changed(item: dict[str, Any]) -> set[str]:
    if not item["original"]:
        return {w.lower() for w in _WORD.findall(item["text"])}
    return set(_diff(item["text"], item["original"])[0])


def label(page: Page, word: dict[str, Any]) -> int:
    """1 when the word is one the spinner changed inside a gold spun phrase."""
    here = (word["start"], word["end"])
    return int(any(_overlaps(here, i["spans"]) and word["word"] in _changed(i) for i in page["gold"]))


def _free(page: Page) -> list[dict[str, Any]]:
    """The page's scored words CL102 could report: not inside another spun-phrase rule's finding."""
    spans = [(f["start"], f["end"]) for f in page["findings"] if f["rule"] != "CL102"]
    return [w for w in page["scored"] if w["start"] >= 0 and not _overlaps((w["start"], w["end"]), spans)]


def vector(page: Page, word: dict[str, Any]) -> list[float]:
    """The word's INPUTS (probabilities as log-odds); ``fx`` is recall_dump's word_inputs of it."""
    return [*word["fx"], _logit(word["p"]), _logit(word["exact"]), word["z"], page["spin"], _logit(page["rate"])]


def examples(pages: list[Page], recheck: float) -> tuple[numpy.ndarray, numpy.ndarray, list[tuple[int, int]]]:
    """(inputs, labels, (page, word) index of each row) of every rechecked word of ``pages``."""
    rows, labels, where = [], [], []
    for i, page in enumerate(pages):
        for j, word in enumerate(page["scored"]):
            if "exact" in word and word["p"] >= recheck and word["start"] >= 0:
                rows.append(vector(page, word))
                labels.append(label(page, word) if page["kind"] == "spun" else 0)
                where.append((i, j))
    return numpy.array(rows).reshape(-1, len(INPUTS)), numpy.array(labels, dtype=float), where


class Model:
    """Logistic regression over the columns ``use`` of standardised inputs, L2 penalty ``l2`` on the weights."""

    def __init__(self, use: Sequence[str], l2: float) -> None:
        self.mask = numpy.array([name in use for name in INPUTS])
        self.l2 = l2
        self.centre = numpy.zeros(len(INPUTS))
        self.scale = numpy.ones(len(INPUTS))
        self.w = numpy.zeros(len(INPUTS))
        self.b = 0.0

    def fit(self, x: numpy.ndarray, y: numpy.ndarray) -> Model:
        self.centre = x.mean(axis=0)
        self.scale = numpy.where(x.std(axis=0) > 1e-9, x.std(axis=0), 1.0)
        z = ((x - self.centre) / self.scale)[:, self.mask]
        a = numpy.column_stack([numpy.ones(len(z)), z])
        beta = numpy.zeros(a.shape[1])
        penalty = numpy.full(a.shape[1], self.l2)
        penalty[0] = 0.0
        for _ in range(50):
            p = 1 / (1 + numpy.exp(-numpy.clip(a @ beta, -30, 30)))
            grad = a.T @ (p - y) + penalty * beta
            hess = (a * (p * (1 - p))[:, None]).T @ a + numpy.diag(penalty) + 1e-9 * numpy.eye(a.shape[1])
            step = numpy.linalg.solve(hess, grad)
            beta -= step
            if numpy.abs(step).max() < 1e-8:
                break
        self.b = float(beta[0])
        self.w = numpy.zeros(len(INPUTS))
        self.w[self.mask] = beta[1:]
        return self

    def predict(self, x: numpy.ndarray) -> numpy.ndarray:
        s = self.b + ((x - self.centre) / self.scale) @ self.w
        return 1 / (1 + numpy.exp(-numpy.clip(s, -30, 30)))  # type: ignore[no-any-return]


def _folds(pages: list[Page], k: int, seed: int = 0) -> list[int]:
    """A fold number per page; a site's pages share one fold."""
    sites = sorted({page["site"] for page in pages})
    order = numpy.random.default_rng(seed).permutation(len(sites))
    fold_of = {sites[s]: n % k for n, s in enumerate(order)}
    return [fold_of[page["site"]] for page in pages]


def _by_page(q: dict[tuple[int, int], float]) -> dict[int, list[tuple[int, float]]]:
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), v in q.items():
        out[i].append((j, v))
    return out


def _counts(pages: list[Page], q: dict[int, list[tuple[int, float]]], picks: Sequence[int], t: float) -> Tally:
    """recall_study's tally of ``picks`` (page indices) when CL102 reports the words with q >= t."""
    totals: dict[str, Tally] = defaultdict(Tally)
    for i in picks:
        page = pages[i]
        ids = {id(page["scored"][j]) for j, v in q.get(i, []) if v >= t}
        tally([page], lambda _p, words, ids=ids: [w for w in words if id(w) in ids], totals)
    return totals["all"]


def _oof(pages: list[Page], use: Sequence[str], l2: float, recheck: float, picks: list[int], k: int) -> dict:
    """Out-of-fold probabilities (site folds) of the rechecked words of the pages ``picks``, by page."""
    sub = [pages[i] for i in picks]
    x, y, where = examples(sub, recheck)
    page_fold = _folds(sub, k)
    folds = numpy.array([page_fold[i] for i, _ in where], dtype=int).reshape(-1)
    q = numpy.zeros(len(y))
    for f in range(k):
        held = folds == f
        if held.any() and y[~held].sum() > 0:
            q[held] = Model(use, l2).fit(x[~held], y[~held]).predict(x[held])
    return _by_page({(picks[i], j): float(v) for (i, j), v in zip(where, q, strict=True)})


def choose_threshold(pages: list[Page], q: dict, picks: Sequence[int], floor: float) -> float:
    """The threshold with most gold found on ``picks`` among those whose pooled precision reaches ``floor`` and
    that leave every clean page quiet (the highest of THRESHOLDS when none does)."""
    best, found = THRESHOLDS[-1], -1
    for t in THRESHOLDS:
        tl = _counts(pages, q, picks, t)
        if tl.tp >= floor * max(tl.tp + tl.fp, 1) and tl.clean == 0 and tl.found > found:
            best, found = t, tl.found
    return best


def _add(total: Tally, part: Tally) -> None:
    for key in ("gold", "found", "tp", "fp", "clean", "clean_words"):
        setattr(total, key, getattr(total, key) + getattr(part, key))


def nested(pages: list[Page], use: Sequence[str], l2: float, recheck: float, floor: float, k: int = 5) -> Tally:
    """Outer site folds: the model and threshold chosen on the other folds (threshold by inner site folds),
    scored on the held-out fold; counts pooled over the outer folds."""
    folds = _folds(pages, k, seed=1)
    pooled = Tally()
    for f in range(k):
        train = [i for i, g in enumerate(folds) if g != f]
        test = [i for i, g in enumerate(folds) if g == f]
        t = choose_threshold(pages, _oof(pages, use, l2, recheck, train, k), train, floor)
        x, y, _ = examples([pages[i] for i in train], recheck)
        model = Model(use, l2).fit(x, y)
        xt, _, where_t = examples([pages[i] for i in test], recheck)
        q = model.predict(xt) if len(xt) else numpy.zeros(0)
        by_page = _by_page({(test[i], j): float(v) for (i, j), v in zip(where_t, q, strict=True)})
        _add(pooled, _counts(pages, by_page, test, t))
    return pooled


def cv(
    pages: list[Page], floor: float, rechecks: Sequence[float], subsets: Sequence[str], l2s: Sequence[float]
) -> None:
    ramp: dict[str, Tally] = defaultdict(Tally)
    tally(pages, graded_policy(0.35, 0.65, 0.3), ramp)
    print(f"today's ramp (no fitting): {ramp['all'].row()}  clean findings {ramp['all'].clean}")
    for recheck in rechecks:
        for name in subsets:
            for l2 in l2s:
                t = nested(pages, SUBSETS[name], l2, recheck, floor)
                print(f"recheck {recheck} inputs {name:10} l2 {l2:5}: {t.row()}  clean findings {t.clean}")


HEADER = """\
# CL102 reporter: which of the detector's rechecked words CL102 would report (an experiment, not rule data).
#
# Generated by `python -m tools.spin.reporter fit`; do not edit by hand, run it again.
# A word whose document posterior reaches [reporter].recheck is judged again in full, and reported when
#   sigmoid(intercept + sum of weights[k] * (input[k] - centre[k]) / scale[k]) >= threshold,
# the inputs being contentlint/spin/reporter.py INPUTS: the word's own and best-candidate features from the
# full judgement, log(candidate forms), the log-odds of its document and full posteriors, the full logit z,
# the document's spin and the log-odds of its rate. Fitted (L2-regularised logistic regression) on the gold
# of real spun pages (positive: a word the spinner changed inside a gold spun phrase) and of clean pages
# (every word negative). The threshold is the one with most spun phrases found at pooled precision >= {floor}
# and no finding on a clean page, in a cross-validation that leaves whole sites out.
"""


def _toml_table(name: str, values: Sequence[float]) -> str:
    body = "".join(f"{k} = {float(v)!r}\n" for k, v in zip(INPUTS, values, strict=True))
    return f"\n[{name}]\n{body}"


def write(out: Path, model: Model, threshold: float, args: argparse.Namespace, corpora: dict) -> None:
    spun = sum(p["kind"] == "spun" for ps in corpora.values() for p in ps)
    sizes = ", ".join(f"{n} ({len(ps)} pages, {len({p['site'] for p in ps})} sites)" for n, ps in corpora.items())
    command = " ".join(["python -m tools.spin.reporter fit", *map(str, args.dumps), "--model", str(out)])
    command += f" --inputs {args.inputs} --l2 {args.l2} --recheck {args.recheck} --floor {args.floor}"
    meta = (
        '\n[meta]\ntitle = "CL102 reporter: which rechecked words are reported"\n'
        "sources = [\n"
        f'  "Fitted on recall_dump output of annotated real pages collected by the maintainers: {sizes}; '
        f"{spun} spun pages of several spinner families, the rest clean or claims pages. Kept outside the "
        'repository, not shipped.",\n'
        '  "The evaluation corpora (dev, dev2) and the held-out set oos10 were not used.",\n]\n'
        'licence = "MIT (project data: parameters derived by the maintainers)"\n'
        f'command = "{command}"\n'
    )
    head = f"\n[reporter]\nintercept = {model.b!r}\nthreshold = {float(threshold)!r}\nrecheck = {args.recheck!r}\n"
    tables = _toml_table("weights", model.w) + _toml_table("centre", model.centre) + _toml_table("scale", model.scale)
    out.write_text(HEADER.format(floor=args.floor) + meta + head + tables, encoding="utf-8")


def fit(pages: list[Page], corpora: dict, args: argparse.Namespace) -> None:
    picks = list(range(len(pages)))
    use = SUBSETS[args.inputs]
    threshold = choose_threshold(pages, _oof(pages, use, args.l2, args.recheck, picks, 5), picks, args.floor)
    x, y, _ = examples(pages, args.recheck)
    model = Model(use, args.l2).fit(x, y)
    print(f"{len(y)} rechecked words, {int(y.sum())} positive; threshold {threshold}")
    write(args.model, model, threshold, args, corpora)


def shipped(path: Path) -> Reporter:
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    head = data["reporter"]
    values = {k: tuple(float(data[k][n]) for n in INPUTS) for k in ("weights", "centre", "scale")}
    return Reporter(
        head["intercept"], values["weights"], values["centre"], values["scale"], head["threshold"], head["recheck"]
    )


def reporter_policy(model: Reporter) -> Any:
    def choose(page: Page, words: list[dict[str, Any]]) -> list[dict[str, Any]]:
        keep = [w for w in words if "exact" in w and w["p"] >= model.recheck]
        return [w for w in keep if model.probability(vector(page, w)) >= model.threshold]

    return choose


def compare(corpora: dict, model: Reporter) -> None:
    """Spun-phrase recall and precision per corpus and spinner family, today's ramp against the reporter."""
    for name, pages in corpora.items():
        for label, policy in (("ramp", graded_policy(0.35, 0.65, 0.3)), ("reporter", reporter_policy(model))):
            t: dict[str, Tally] = defaultdict(Tally)
            tally(pages, policy, t)
            fams = " ".join(
                f"{k[7:]}:{v.found / max(v.gold, 1):.2f}/{v.tp / max(v.tp + v.fp, 1):.2f}"
                for k, v in sorted(t.items())
                if k.startswith("family:")
            )
            print(f"{name:8} {label:8} {t['all'].row()} clean findings {t['all'].clean} | R/P {fams}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("cv", "fit", "compare"))
    parser.add_argument("dumps", nargs="+", type=Path, help="recall_dump output of the training pages")
    parser.add_argument("--floor", type=float, default=0.9, help="precision the chosen threshold keeps")
    parser.add_argument("--inputs", choices=tuple(SUBSETS), default="all")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--recheck", type=float, default=0.3)
    parser.add_argument("--rechecks", nargs="+", type=float, default=[0.3, 0.2, 0.1], help="cv: floors to try")
    parser.add_argument("--subsets", nargs="+", choices=tuple(SUBSETS), default=list(SUBSETS), help="cv")
    parser.add_argument("--l2s", nargs="+", type=float, default=[0.3, 3.0, 30.0], help="cv: penalties to try")
    parser.add_argument("--model", type=Path, help="the fitted model (fit writes it, compare reads it)")
    parser.add_argument("--test", nargs="*", type=Path, default=[], help="held-out dumps (compare)")
    args = parser.parse_args(argv)
    if args.command != "cv" and args.model is None:
        parser.error(f"{args.command} needs --model")
    corpora = read(args.dumps)
    pages = [dict(page, site=f"{name}:{page['site']}") for name, ps in corpora.items() for page in ps]
    if args.command == "cv":
        cv(pages, args.floor, args.rechecks, args.subsets, args.l2s)
    elif args.command == "fit":
        fit(pages, corpora, args)
    else:
        compare(read(args.test), shipped(args.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
