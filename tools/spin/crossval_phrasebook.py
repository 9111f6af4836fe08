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
from dataclasses import dataclass, field
from pathlib import Path

from tools.spin import build_phrasebook as bp


@dataclass
class Tally:
    """Gold spans and matches on held-out pages; ``by_family`` maps a spinner letter to (found, gold)."""

    gold: int = 0
    found: int = 0
    outside: int = 0
    examples: list[str] = field(default_factory=list)
    by_family: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add_page(self, family: str, gold: int, found: int) -> None:
        self.gold += gold
        self.found += found
        f, g = self.by_family.get(family, (0, 0))
        self.by_family[family] = (f + found, g + gold)


@dataclass
class FoldResult:
    sites: int
    pages: int
    entries: int
    tally: Tally

    # The fold's totals, read through so callers need not know the tally's shape.
    @property
    def gold(self) -> int:
        return self.tally.gold

    @property
    def found(self) -> int:
        return self.tally.found

    @property
    def outside(self) -> int:
        return self.tally.outside


def folds(pages: Sequence[bp.Page], k: int) -> list[set[str]]:
    """Sites dealt into k folds in name order (deterministic)."""
    sites = sorted({p.site for p in pages})
    return [set(sites[i::k]) for i in range(k)]


def _overlaps(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _score_page(page: bp.Page, matches: Sequence[tuple[str, int, int]], tally: Tally) -> None:
    spans = {s for s, _ in page.spans}
    hit = [(start, end) for _, start, end in matches]
    found = sum(1 for span in spans if any(_overlaps(hit, s, e) for s, e in bp.occurrences(page.text, span)))
    tally.add_page(page.family, len(spans), found)
    gold_ranges = [r for span in spans for r in bp.occurrences(page.text, span)]
    for phrase, start, end in matches:
        if not _overlaps(gold_ranges, start, end):
            tally.outside += 1
            if len(tally.examples) < 5:
                tally.examples.append(f"{page.name}: {page.text[start:end]!r} ({phrase})")


def score(kept: Sequence[bp.Candidate], held: Sequence[bp.Page]) -> Tally:
    """Gold spans of the held-out pages a kept entry overlaps, and kept entries' matches outside gold."""
    tally = Tally()
    if not kept:
        for page in held:
            tally.add_page(page.family, len({s for s, _ in page.spans}), 0)
        return tally
    index = bp.LemmaIndex(c.spun for c in kept)
    for page, matches in zip(held, index.spans([p.text for p in held]), strict=True):
        _score_page(page, matches, tally)
    return tally


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
        out.append(FoldResult(len(held_sites), len(held), len(kept), score(kept, held)))
    return out


def report(results: Sequence[FoldResult]) -> None:
    """Per fold, overall, and by spinner family (the letter of the corpus's spinner_guess)."""
    for i, r in enumerate(results):
        t = r.tally
        print(
            f"fold {i}: {r.sites} sites, {r.pages} pages held out; {r.entries} entries mined from the rest; "
            f"gold spans found {t.found}/{t.gold}; matches outside gold {t.outside}"
        )
        for example in t.examples:
            print(f"    outside gold: {example}")
    gold, found = sum(r.tally.gold for r in results), sum(r.tally.found for r in results)
    outside = sum(r.tally.outside for r in results)
    print(f"overall: gold spans found {found}/{gold} = {found / max(gold, 1):.3f}; matches outside gold {outside}")
    families: dict[str, tuple[int, int]] = {}
    for r in results:
        for fam, (f, g) in r.tally.by_family.items():
            f0, g0 = families.get(fam, (0, 0))
            families[fam] = (f0 + f, g0 + g)
    for fam, (f, g) in sorted(families.items()):
        print(f"  family {fam}: {f}/{g} = {f / max(g, 1):.3f}")


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
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
