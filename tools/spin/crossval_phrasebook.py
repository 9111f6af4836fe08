"""How well the mined phrasebook generalises to sites it was not mined from: K folds by site.

    python -m tools.spin.crossval_phrasebook --spun CORPUS --clean DIR ... [--general DIR ...] \
        [--review FILE] [--folds 5] [--baseline-sources OLD_SOURCES.tsv]

Each fold holds out the pages of about 1/K of the sites, mines the rest with tools/spin/build_phrasebook.py's
pipeline (same gate, same policy), and matches the kept entries on the held-out pages as CL101 would (on
lemmas). It reports, per fold and overall, the share of held-out gold spans a kept entry overlaps, and the
matches that overlap no gold span (a gold file is near-exhaustive on some pages only: read them before
calling them false). The review file was written after reading the full corpus's output, so its rejections
leak a little knowledge of the held-out sites into each fold.

With --baseline-sources (the SOURCES.tsv of an earlier state of the corpus), the folds are dealt over that
state's sites and only its pages are scored, so a grown corpus is measured on exactly the held-out pages of
the earlier run: pages added since only ever train (never when their site is held out, which would leak).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.spin import build_phrasebook as bp


@dataclass
class FoldResult:
    sites: int
    pages: int
    entries: int
    gold: int
    found: int
    outside: int
    examples: list[str]


def folds(pages: Sequence[bp.Page], k: int) -> list[set[str]]:
    """Sites dealt into k folds in name order (deterministic)."""
    sites = sorted({p.site for p in pages})
    return [set(sites[i::k]) for i in range(k)]


def score(kept: Sequence[bp.Candidate], held: Sequence[bp.Page]) -> tuple[int, int, int, list[str]]:
    """(gold spans, gold spans overlapped, matches outside gold, a few outside matches)."""
    gold_total = found = outside = 0
    examples: list[str] = []
    if not kept:
        return sum(len({s for s, _ in p.spans}) for p in held), 0, 0, []
    index = bp.LemmaIndex(c.spun for c in kept)
    for page, matches in zip(held, index.spans([p.text for p in held]), strict=True):
        spans = {s for s, _ in page.spans}
        gold_total += len(spans)
        hit = [(start, end) for _, start, end in matches]
        for span in spans:
            ranges = list(bp.occurrences(page.text, span))
            if any(s < e2 and s2 < e for s, e in ranges for s2, e2 in hit):
                found += 1
        gold_ranges = [r for span in spans for r in bp.occurrences(page.text, span)]
        for phrase, start, end in matches:
            if not any(s < end and start < e for s, e in gold_ranges):
                outside += 1
                if len(examples) < 5:
                    examples.append(f"{page.name}: {page.text[start:end]!r} ({phrase})")
    return gold_total, found, outside, examples


def baseline_files(sources: Path | None) -> set[str] | None:
    """The page files an earlier SOURCES.tsv lists (None: score every page)."""
    if sources is None:
        return None
    try:
        lines = sources.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise bp.CorpusError(f"{sources}: cannot read ({exc})") from exc
    if not lines or not lines[0].startswith("file\t"):
        raise bp.CorpusError(f"{sources}: not a SOURCES.tsv (no 'file' column header)")
    return {line.split("\t", 1)[0] for line in lines[1:] if line.strip()}


def run(
    root: Path,
    clean_paths: Sequence[Path],
    general: Sequence[Path],
    review: bp.Review,
    k: int,
    policy: bp.Policy | None = None,
    baseline: set[str] | None = None,
) -> list[FoldResult]:
    pages = bp.read_pages(root)
    patterns = bp.read_patterns(root / "substitution_patterns.tsv")
    clean = bp.read_clean(clean_paths) + bp.read_clean(general, general=True)
    scored = [p for p in pages if baseline is None or p.name in baseline]
    out = []
    for held_sites in folds(scored, k):
        train = [p for p in pages if p.site not in held_sites]
        held = [p for p in scored if p.site in held_sites]
        kept = bp.build_from(train, patterns, clean, policy or bp.Policy(), review).kept
        gold, found, outside, examples = score(kept, held)
        out.append(FoldResult(len(held_sites), len(held), len(kept), gold, found, outside, examples))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--spun", type=Path, required=True)
    parser.add_argument("--clean", type=Path, action="append", default=[])
    parser.add_argument("--general", type=Path, action="append", default=[])
    parser.add_argument("--review", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--baseline-sources", type=Path, default=None, help="score only the pages of this earlier SOURCES.tsv"
    )
    bp.add_policy_arguments(parser)
    args = parser.parse_args(argv)
    policy = bp.policy_from(args)
    try:
        baseline = baseline_files(args.baseline_sources)
        results = run(args.spun, args.clean, args.general, bp.read_review(args.review), args.folds, policy, baseline)
    except bp.CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for i, r in enumerate(results):
        print(
            f"fold {i}: {r.sites} sites, {r.pages} pages held out; {r.entries} entries mined from the rest; "
            f"gold spans found {r.found}/{r.gold}; matches outside gold {r.outside}"
        )
        for example in r.examples:
            print(f"    outside gold: {example}")
    gold, found = sum(r.gold for r in results), sum(r.found for r in results)
    outside = sum(r.outside for r in results)
    print(f"overall: gold spans found {found}/{gold} = {found / max(gold, 1):.3f}; matches outside gold {outside}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
