"""A seeded article spinner, for fitting and testing the detector on text whose spins are known.

It does what the spinners behind spam networks do: walk the text and replace words with entries
of the Moby thesaurus, put into the same inflection, blind to context. Measured on the annotated
dev article, that spinner prefers close and common synonyms without always taking the closest or
the commonest: here a synonym is drawn with weight ``similarity**GAMMA * exp(BETA * logprob)``
(constants and measurements in :mod:`.resources`).

This is a maintainers' tool (training, benchmarks, tests), not part of linting: it parses the
thesaurus itself, which takes a second.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy

from contentlint.nlp import get_nlp
from contentlint.spin.resources import (
    MIN_ORIGINAL_LOGPROB,
    SPINNER_BETA,
    SPINNER_GAMMA,
    _neighbourhood_similarity,
    _read_moby,
    language_model,
    thesaurus_index,
)

# Words a spinner leaves alone: grammar words, and the ones whose synonyms are never grammatical.
_KEEP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these "
    "those he she they we you i me my our your their his her them us not no do does did have has had can could "
    "will would should may might must there here than then so such very".split()
)


@dataclass(frozen=True)
class Substitution:
    start: int  # offsets into the spun text
    end: int
    spun: str
    original: str


@functools.cache
def _forward() -> tuple[dict[str, list[tuple[str, float]]], dict[str, int]]:
    """Moby root -> (listed word, similarity), restricted to words the index knows."""
    words, roots, listed = _read_moby()
    index = thesaurus_index()
    known = {w: i for i, w in enumerate(index.words)}
    keep = numpy.array(
        [words[r] in known and words[w] in known for r, w in zip(roots.tolist(), listed.tolist(), strict=True)]
    )
    pr, pl = roots[keep], listed[keep]
    sims = _neighbourhood_similarity(len(words), roots, listed, pr, pl)
    out: dict[str, list[tuple[str, float]]] = {}
    for r, w, s in zip(pr.tolist(), pl.tolist(), sims.tolist(), strict=True):
        if index.logprob[known[words[r]]] >= MIN_ORIGINAL_LOGPROB:
            out.setdefault(words[r], []).append((words[w], s))
    return out, known


def choose(original_lemma: str, tag: int, rng: random.Random, beta: float = SPINNER_BETA) -> str | None:
    """A synonym of ``original_lemma`` in inflection ``TAGS[tag]``, drawn as the spinner would."""
    forward, known = _forward()
    index = thesaurus_index()
    lm = language_model()
    options: list[tuple[str, float]] = []
    for synonym, sim in forward.get(original_lemma, ()):
        form_id = int(index.inflections[known[synonym], tag])
        if form_id < 0:
            continue
        form = index.words[form_id]
        if not lm.knows(form):
            continue
        options.append((form, max(sim, 1e-4) ** SPINNER_GAMMA * float(numpy.exp(beta * index.logprob[known[synonym]]))))
    if not options:
        return None
    total = sum(w for _, w in options)
    pick = rng.random() * total
    for form, weight in options:
        pick -= weight
        if pick <= 0:
            return form
    return options[-1][0]


def spin(text: str, seed: int, rate: float = 0.2) -> tuple[str, list[Substitution]]:
    """Spin ``text``: each eligible word is replaced with probability ``rate``. Same seed, same output."""
    rng = random.Random(seed)
    index = thesaurus_index()
    _, known = _forward()
    doc = get_nlp()(text)
    out: list[str] = []
    subs: list[Substitution] = []
    pos = 0
    length = 0
    for token in doc:
        word = token.lower_
        replacement = None
        if token.is_alpha and word not in _KEEP and word in known and not (token.is_title and not token.is_sent_start):
            readings = index.readings(known[word])
            if readings and rng.random() < rate:
                lemma, tag = readings[rng.randrange(len(readings))]
                replacement = choose(index.words[lemma], tag, rng)
        out.append(text[pos : token.idx])
        length += token.idx - pos
        if replacement is None or replacement == word:
            out.append(token.text)
            length += len(token.text)
        else:
            spun = _like(token.text, replacement)
            subs.append(Substitution(length, length + len(spun), spun, token.text))
            out.append(spun)
            length += len(spun)
        pos = token.idx + len(token.text)
    out.append(text[pos:])
    return "".join(out), subs


def _like(found: str, word: str) -> str:
    if found.isupper() and len(found) > 1:
        return word.upper()
    if found[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


__all__ = ["Substitution", "choose", "spin"]


def write_corpus(sources: list[Path], out: Path, rate: float, seed: int) -> int:
    """A corpus in the dev corpus's layout: ``clean/`` (the sources) and ``spun/`` (spins with gold JSON)."""
    (out / "clean").mkdir(parents=True, exist_ok=True)
    (out / "spun").mkdir(parents=True, exist_ok=True)
    count = 0
    for i, path in enumerate(sources):
        text = path.read_text(encoding="utf-8")
        (out / "clean" / path.name).write_text(text, encoding="utf-8")
        spun, subs = spin(text, seed=seed + i, rate=rate)
        name = f"{path.stem}-spun-{rate:g}"
        (out / "spun" / f"{name}.txt").write_text(spun, encoding="utf-8")
        gold = {"spun_phrases": [{"text": s.spun, "original": s.original} for s in subs]}
        (out / "spun" / f"{name}.json").write_text(json.dumps(gold, indent=1), encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Spin clean .txt articles into an evaluation corpus (spun/ with gold, clean/) for contentlint eval."
    )
    parser.add_argument("sources", type=Path, nargs="+", help="clean .txt files or directories of them")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--rate", type=float, default=0.2, help="share of eligible words replaced")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    files = sorted(f for s in args.sources for f in ([s] if s.is_file() else s.glob("*.txt")))
    n = write_corpus(files, args.out, args.rate, args.seed)
    print(f"wrote {n} spun articles and their clean sources to {args.out}")


if __name__ == "__main__":
    main()
