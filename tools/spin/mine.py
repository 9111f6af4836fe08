"""Mine a corpus for phrasebook candidates (spun -> original, with evidence) for human review.

    python -m tools.spin.mine ARTICLES... [--out candidates.tsv] [--min-documents 2]

Two sources of evidence, both written to one TSV sorted by strength:

- ``family``: articles spun from one seed (a spam network publishes many) are found by the long,
  rare words a spinner leaves alone (DSpin's observation; MinHash LSH, datasketch, with the same
  rule as the archive audit's spin families); aligning two of them word by word
  shows the words the spinner changed. Each aligned difference of up to three words on each side
  is a substitution pair, and the side the language model finds likelier in context, or else the
  commoner one, is taken for the original.
- ``detector``: words the statistical detector (CL102) scores as likely substitutes in their
  document, with the collocation they sit in ("manufacturing" after "collagen"), so that an entry
  can be written as a phrase rather than a lone word.

Rows already matched by the reviewed phrasebook are left out. Nothing is added to ``rules/`` by
this tool: a maintainer reads the rows, checks the examples, and copies the good ones by hand.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contentlint.formats import SUFFIXES, load_bytes
from contentlint.nlp import get_nlp

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
FAMILY_THRESHOLD = 0.5  # Jaccard of the long-word sets of two spins of one seed
MAX_RUN = 3


@dataclass
class Evidence:
    spun: str
    original: str
    method: str
    documents: set[str] = field(default_factory=set)
    count: int = 0
    strength: float = 0.0  # summed probability (detector) or alignments (family)
    examples: list[str] = field(default_factory=list)

    def add(self, document: str, weight: float, example: str) -> None:
        self.documents.add(document)
        self.count += 1
        self.strength += weight
        if len(self.examples) < 3 and example not in self.examples:
            self.examples.append(example)


@dataclass
class Article:
    name: str
    text: str  # the analysed text (Markdown and HTML markup removed)
    words: list[str]  # lower-case words, in order


def read_articles(paths: Iterable[Path]) -> list[Article]:
    out = []
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
        for f in files:
            try:
                document = load_bytes(f.read_bytes(), str(f))
            except Exception as exc:  # a maintainer tool: report and go on
                print(f"skipped {f}: {exc}", file=sys.stderr)
                continue
            out.append(Article(str(f), document.text, [w.lower() for w in _WORD.findall(document.text)]))
    return out


# -- spin families ----------------------------------------------------------------------------------


def families(articles: Sequence[Article], threshold: float = FAMILY_THRESHOLD) -> list[tuple[int, int]]:
    """Pairs of articles that look like spins of one seed."""
    from contentlint.startup import defer_scipy_integrate

    defer_scipy_integrate()  # datasketch imports scipy.integrate for LSH parameters only
    from datasketch import MinHash, MinHashLSH

    from contentlint.audit.worker import FAMILY_MIN_LENGTH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sketches = []
    for i, a in enumerate(articles):
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([w.encode("utf-8") for w in sorted({w for w in a.words if len(w) >= FAMILY_MIN_LENGTH})])
        sketches.append(m)
        lsh.insert(str(i), m)
    pairs = set()
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if int(j) != i:
                pairs.add((min(i, int(j)), max(i, int(j))))
    return sorted(pairs)


def _orient(a: str, b: str, left: str, right: str) -> tuple[str, str]:
    """(spun, original): the side the language model prefers in this context is the original."""
    from contentlint.spin.resources import language_model

    lm = language_model()

    def score(phrase: str) -> float:
        words = [w for w in (left, *phrase.split(), right) if w]
        total = 0.0
        for k in range(1, len(words)):
            history = tuple(reversed(words[max(0, k - 2) : k]))
            total += lm.logprob(words[k], history) if lm.knows(words[k]) else -9.0
        return total / max(len(words) - 1, 1)

    return (a, b) if score(b) >= score(a) else (b, a)


def mine_families(articles: Sequence[Article], evidence: dict[tuple[str, str, str], Evidence]) -> int:
    pairs = families(articles)
    for i, j in pairs:
        a, b = articles[i].words, articles[j].words
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "replace" or i2 - i1 > MAX_RUN or j2 - j1 > MAX_RUN:
                continue
            x, y = " ".join(a[i1:i2]), " ".join(b[j1:j2])
            left = a[i1 - 1] if i1 else ""
            right = a[i2] if i2 < len(a) else ""
            spun, original = _orient(x, y, left, right)
            example = " ".join(a[max(0, i1 - 4) : i2 + 4])
            key = (spun, original, "family")
            evidence.setdefault(key, Evidence(spun, original, "family")).add(articles[i].name, 1.0, example)
    return len(pairs)


# -- detector --------------------------------------------------------------------------------------


def mine_detector(
    articles: Sequence[Article], evidence: dict[tuple[str, str, str], Evidence], threshold: float = 0.5
) -> None:
    from contentlint.spin.detector import candidates, load_weights
    from contentlint.spin.resources import language_model, thesaurus_index
    from contentlint.spin.signal import estimate_rate, posteriors

    nlp = get_nlp()
    weights = load_weights()
    index, lm = thesaurus_index(), language_model()
    for article in articles:
        doc = nlp(article.text)
        items = list(candidates(doc, index, lm))
        scored = [weights.logit(item) for item in items]
        logits = [z for z, _ in scored]
        rate = estimate_rate(logits, 0, weights.rate)
        for item, (_, best), p in zip(items, scored, posteriors(logits, rate, weights.rate), strict=True):
            if p < threshold:
                continue
            # The collocation: the word with its neighbour (a content word when there is one).
            left = doc[item.token - 1] if item.token > 0 else None
            right = doc[item.token + 1] if item.token + 1 < len(doc) else None
            neighbour = next((t for t in (left, right) if t is not None and t.is_alpha and not t.is_stop), None)
            if neighbour is None:
                spun, original = item.word, best
            elif neighbour.i < item.token:
                spun, original = f"{neighbour.lower_} {item.word}", f"{neighbour.lower_} {best}"
            else:
                spun, original = f"{item.word} {neighbour.lower_}", f"{best} {neighbour.lower_}"
            sentence = doc[item.token].sent.text.strip().replace("\n", " ")[:160]
            key = (spun, original, "detector")
            evidence.setdefault(key, Evidence(spun, original, "detector")).add(article.name, p, sentence)


def _in_phrasebook(spun: str) -> bool:
    from contentlint.checks.spun import phrasebook_matches

    return phrasebook_matches(spun)


def mine(articles: Sequence[Article], min_documents: int = 1) -> list[Evidence]:
    evidence: dict[tuple[str, str, str], Evidence] = {}
    mine_families(articles, evidence)
    mine_detector(articles, evidence)
    rows = [e for e in evidence.values() if len(e.documents) >= min_documents and not _in_phrasebook(e.spun)]
    # Aligned spins are direct evidence: they come first, the most often seen first; the detector's
    # rows follow, the surest first (a word seen in many documents is not more likely a spin).
    return sorted(
        rows,
        key=lambda e: (
            e.method != "family",
            -len(e.documents) if e.method == "family" else -e.strength / e.count,
            e.spun,
        ),
    )


def write_tsv(rows: Sequence[Evidence], out: Path | None) -> None:
    fh = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["spun", "original", "method", "documents", "count", "strength", "examples"])
        for e in rows:
            writer.writerow(
                [e.spun, e.original, e.method, len(e.documents), e.count, round(e.strength, 2), " | ".join(e.examples)]
            )
    finally:
        if out:
            fh.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs="+", help="articles or directories of articles")
    parser.add_argument("--out", type=Path, default=None, help="TSV file to write (default: stdout)")
    parser.add_argument("--min-documents", type=int, default=1, help="keep rows seen in this many articles")
    args = parser.parse_args(argv)
    articles = read_articles(args.paths)
    rows = mine(articles, args.min_documents)
    write_tsv(rows, args.out)
    print(f"{len(rows)} candidate entries from {len(articles)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
