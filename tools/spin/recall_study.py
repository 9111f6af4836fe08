"""Where spun-phrase recall is lost, and what CL102 reporting policies would give, from recall_dump's output.

    python -m tools.spin.recall_study losses DUMP.jsonl [DUMP.jsonl ...]
    python -m tools.spin.recall_study policies DUMP.jsonl [DUMP.jsonl ...]
    python -m tools.spin.recall_study grid CHOOSE_ON.jsonl [OTHER.jsonl ...] [--floor 0.91]
    python -m tools.spin.recall_study heldout DUMP.jsonl [--floor 0.91] [--family gate|floor] [--clean-max 0.2]

``losses`` sorts every gold spun phrase no finding overlaps into (a) a word the detector scored (with the
posterior it got), (b) a single-word substitution whose word the detector had no candidate for (with the
original the gold gives), (c) a multi-word substitution it did not score. ``policies`` replays CL102's
decision on the dumped posteriors under several reporting policies and prints spun-phrase recall and
precision per corpus and spinner family, and the findings per 1,000 words on clean pages. ``grid`` ranks
the graded thresholds of GRID (CL102_THRESHOLD falling linearly to a floor between two spins) by recall on
the first dump at precision >= ``--floor`` with quiet clean pages; ``heldout`` repeats that choice with one
site left out at a time and scores it on the left-out site (counts pooled), which is the number to quote.
``--family gate`` makes both choose among CL106's policies instead (GATES: no word below a document spin,
words at a threshold above it); ``--family floor`` among CL106's top tiers (FLOORS: from a document spin on,
the words whose probability at a floored prior rate reaches a threshold; the shipped gate below it).
``--clean-max`` sets the clean findings per 1,000 words a chosen policy may make (0.2).
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy

Page = dict[str, Any]
Word = dict[str, Any]
Policy = Callable[[Page, list[Word]], list[Word]]
_WORD = re.compile(r"[A-Za-z']+")


def read(paths: Iterable[Path]) -> dict[str, list[Page]]:
    """Each dump's pages, by the dump's file name (without .jsonl)."""
    out = {}
    for path in paths:
        try:
            with path.open(encoding="utf-8") as handle:
                out[path.stem] = [json.loads(line) for line in handle]
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SystemExit(f"{path}: not a dump written by tools.spin.recall_dump ({exc})") from None
    return out


def _overlaps(a: tuple[int, int], spans: Iterable[Sequence[int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _diff(text: str, original: str) -> tuple[list[str], list[str]]:
    """The spun words and the original words that differ (lower case)."""
    a, b = [w.lower() for w in _WORD.findall(text)], [w.lower() for w in _WORD.findall(original)]
    spun, orig = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            spun += a[i1:i2]
            orig += b[j1:j2]
    return spun, orig


def posterior(word: Word) -> float:
    return float(word.get("exact", word["p"]))


def loss_kind(page: Page, item: dict[str, Any]) -> tuple[str, str]:
    spun, orig = _diff(item["text"], item["original"] or item["text"])
    pair = f"{' '.join(spun)} -> {' '.join(orig)}"
    # Only the words the spinner changed count: a gold span keeps unchanged context words too.
    changed = set(spun) if item["original"] else {w.lower() for w in _WORD.findall(item["text"])}
    scored = [w for w in page["scored"] if _overlaps((w["start"], w["end"]), item["spans"]) and w["word"] in changed]
    if scored:
        best = max(scored, key=posterior)
        return "a", f"{best['word']} p={posterior(best):.2f}"
    if len(spun) <= 1 and len(orig) <= 1:
        return "b", pair
    return "c", pair


def losses(corpora: dict[str, list[Page]]) -> None:
    for name, pages in corpora.items():
        kinds: Counter[str] = Counter()
        by_family: dict[str, Counter[str]] = defaultdict(Counter)
        posteriors: list[float] = []
        pairs: dict[str, Counter[str]] = defaultdict(Counter)
        total = found = 0
        for page in pages:
            for item in page["gold"]:
                total += 1
                if any(_overlaps((f["start"], f["end"]), item["spans"]) for f in page["findings"]):
                    found += 1
                    continue
                kind, detail = loss_kind(page, item)
                kinds[kind] += 1
                by_family[page["family"]][kind] += 1
                pairs[kind][detail if kind != "a" else detail.split()[0]] += 1
                if kind == "a":
                    posteriors.append(float(detail.split("p=")[1]))
        print(f"== {name}: {total} gold, {found} found, missed: {dict(kinds)}")
        for family, c in sorted(by_family.items()):
            print(f"   family {family}: {dict(c)}")
        bins = Counter(min(int(p * 10), 9) for p in posteriors)
        print("   (a) posterior deciles:", {f"{k / 10:.1f}": bins[k] for k in range(10)})
        for kind in ("b", "c"):
            print(f"   ({kind}) most common:", pairs[kind].most_common(25))


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    tp: int = 0
    fp: int = 0
    clean: int = 0
    clean_words: int = 0
    fps: list[str] = field(default_factory=list)

    def row(self) -> str:
        r = self.found / self.gold if self.gold else float("nan")
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        k = 1000 * self.clean / self.clean_words if self.clean_words else float("nan")
        return f"R {r:.3f} ({self.found}/{self.gold})  P {p:.3f} ({self.tp}/{self.tp + self.fp})  clean/1k {k:.2f}"


def replay(page: Page, policy: Policy) -> list[dict[str, Any]]:
    """The page's spun-phrase findings with CL102's replaced by the policy's choice."""
    kept = [f for f in page["findings"] if f["rule"] != "CL102"]
    spans = [(f["start"], f["end"]) for f in kept]
    free = [w for w in page["scored"] if w["start"] >= 0 and not _overlaps((w["start"], w["end"]), spans)]
    chosen = policy(page, free)
    return kept + [{"rule": "CL102", "start": w["start"], "end": w["end"], "text": w["word"]} for w in chosen]


def tally(pages: list[Page], policy: Policy, tallies: dict[str, Tally]) -> None:
    for page in pages:
        findings = replay(page, policy)
        if page["kind"] != "spun":
            for key in ("all", "clean:" + page["kind"]):
                tallies[key].clean += len(findings)
                tallies[key].clean_words += page["words"]
                tallies[key].fps += [f"{page['path']}: {f['text']}" for f in findings]
            continue
        all_spans = [s for item in page["gold"] for s in item["spans"]]
        for key in ("all", "family:" + page["family"]):
            t = tallies[key]
            t.gold += len(page["gold"])
            t.found += sum(
                1 for item in page["gold"] if any(_overlaps((f["start"], f["end"]), item["spans"]) for f in findings)
            )
            for f in findings:
                if _overlaps((f["start"], f["end"]), all_spans):
                    t.tp += 1
                else:
                    t.fp += 1
                    t.fps.append(f"{page['path']}: {f['rule']} {f['text']!r}")


def threshold_policy(spun_gate: float = 0.6, low: float = 0.7, high: float = 0.8) -> Policy:
    """Today's rule: ``low`` from the gate on, ``high`` below it."""

    def choose(page: Page, words: list[Word]) -> list[Word]:
        t = low if page["spin"] >= spun_gate else high
        return [w for w in words if w.get("exact", 0.0) >= t]

    return choose


def graded_policy(s0: float, s1: float, low: float, high: float = 0.8) -> Policy:
    """Threshold ``high`` at spin <= s0, falling linearly to ``low`` at spin >= s1."""

    def choose(page: Page, words: list[Word]) -> list[Word]:
        x = min(max((page["spin"] - s0) / (s1 - s0), 0.0), 1.0)
        t = high - x * (high - low)
        return [w for w in words if w.get("exact", 0.0) >= t]

    return choose


def _observed(page: Page, least: int) -> bool:
    """Does the page show at least ``least`` substitutes outright (CL106_OBSERVED)? A dump made before the
    count was recorded passes."""
    observed = page.get("observed")
    return observed is None or observed >= least


def gate_policy(gate: float, threshold: float) -> Policy:
    """CL106's rule: nothing below a document spin of ``gate`` or with fewer observed substitutes than
    CL106_OBSERVED, words at ``threshold`` or more from it on."""
    from contentlint.checks import spun

    def choose(page: Page, words: list[Word]) -> list[Word]:
        if page["spin"] < gate or not _observed(page, spun.CL106_OBSERVED):
            return []
        return [w for w in words if w.get("exact", 0.0) >= threshold]

    return choose


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))


def _word_logit(page: Page, word: Word, fitted_rate: float) -> float:
    """The word's log-odds at the fitting rate: the full judgement's where it was judged again, else its
    document posterior's moved back from the page's rate (signal.posteriors' shift, undone)."""
    if "z" in word:
        return float(word["z"])
    return _logit(word["p"]) - (_logit(max(page["rate"], 1e-6)) - _logit(fitted_rate))


def floor_policy(high_gate: float, high_rate: float, high_threshold: float) -> Policy:
    """CL106 with its top tier: the shipped gate and threshold below ``high_gate``; from it on, the words whose
    probability at a prior rate of at least ``high_rate`` reaches ``high_threshold``."""
    from contentlint.checks import spun
    from contentlint.spin.detector import load_weights

    fitted = load_weights().rate
    lower = gate_policy(spun.CL106_GATE, spun.CL106_THRESHOLD)

    def choose(page: Page, words: list[Word]) -> list[Word]:
        if page["spin"] < high_gate or not _observed(page, spun.CL106_HIGH_OBSERVED):
            return lower(page, words)
        shift = _logit(max(page["rate"], high_rate)) - _logit(fitted)
        return [w for w in words if _word_logit(page, w, fitted) + shift >= _logit(high_threshold)]

    return choose


@dataclass(frozen=True)
class Family:
    """A family of reporting policies the study chooses among: their parameters, and how to make one."""

    name: str
    grid: list[tuple[float, ...]]
    make: Callable[..., Policy]
    fallback: tuple[float, ...]  # chosen when no policy keeps the floor on the training sites

    def label(self, params: tuple[float, ...]) -> str:
        return f"{self.name} {' '.join(str(p) for p in params)}"


def grid(corpora: dict[str, list[Page]], floor: float = 0.91, family: str = "graded", clean_max: float = 0.2) -> None:
    """Every policy of the family, ranked by recall on the first corpus among those keeping its precision at
    ``floor`` and its clean pages at most 0.2 findings per 1,000 words; the other corpora are only printed."""
    fam = FAMILIES[family]
    choose_on = next(iter(corpora))
    rows = []
    for params in fam.grid:
        result = {}
        for name, pages in corpora.items():
            tallies: dict[str, Tally] = defaultdict(Tally)
            tally(pages, fam.make(*params), tallies)
            result[name] = tallies["all"]
        mine = result[choose_on]
        if mine.tp >= floor * (mine.tp + mine.fp) and 1000 * mine.clean <= clean_max * mine.clean_words:
            rows.append((mine.found, fam.label(params), result))
    for _, label, result in sorted(rows, key=lambda r: -r[0])[:25]:
        print(label, " | ".join(f"{n} {t.row()}" for n, t in result.items()))


GRID = [
    (s0, s1, low)
    for s0 in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
    for s1 in (0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9)
    for low in (0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75)
    if s1 > s0
]
GATES = [
    (g, t) for g in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8) for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
]
FLOORS = [
    (g, r, t)
    for g in (0.6, 0.7, 0.8, 0.85, 0.9, 0.93)
    for r in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)
    for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
]
FAMILIES = {
    "graded": Family("graded", GRID, graded_policy, (0.5, 0.6, 0.7)),
    "gate": Family("gate", GATES, gate_policy, (0.5, 0.8)),
    "floor": Family("floor", FLOORS, floor_policy, (0.93, 0.05, 0.6)),
}


def _page_counts(page: Page, policy: Policy) -> tuple[int, int, int, int, int]:
    """(gold, found, true positives, false positives, clean findings) of one page under a policy."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    tally([page], policy, tallies)
    t = tallies["all"]
    return t.gold, t.found, t.tp, t.fp, t.clean


def heldout(
    corpora: dict[str, list[Page]], floor: float = 0.91, family: str = "graded", clean_max: float = 0.2
) -> None:
    """Leave one site out: the family's policy chosen on the other sites (most recall at precision >= floor,
    clean pages at most 0.2 findings per 1,000 words), scored on the held-out site's pages; counts pooled."""
    fam = FAMILIES[family]
    for name, pages in corpora.items():
        counts = numpy.array([[_page_counts(page, fam.make(*g)) for g in fam.grid] for page in pages])
        words = numpy.array([page["words"] if page["kind"] != "spun" else 0 for page in pages])
        sites = [page["site"] for page in pages]
        pooled = numpy.zeros(5, dtype=int)
        chosen: Counter[tuple[float, ...]] = Counter()
        for site in sorted(set(sites)):
            held = numpy.array([s == site for s in sites])
            train = counts[~held].sum(axis=0)  # policies x 5
            precision = train[:, 2] / numpy.maximum(train[:, 2] + train[:, 3], 1)
            quiet = 1000 * train[:, 4] / max(int(words[~held].sum()), 1) <= clean_max
            ok = numpy.flatnonzero((precision >= floor) & quiet)
            best = int(ok[numpy.argmax(train[ok, 1])]) if len(ok) else fam.grid.index(fam.fallback)
            chosen[fam.grid[best]] += 1
            pooled += counts[held, best].sum(axis=0)
        gold, found, tp, fp, clean = pooled.tolist()
        print(
            f"{name}: held-out by site R {found / max(gold, 1):.3f} ({found}/{gold}) P {tp / max(tp + fp, 1):.3f} "
            f"({tp}/{tp + fp}) clean findings {clean}; policies chosen: {chosen.most_common(5)}"
        )


def policies(corpora: dict[str, list[Page]]) -> None:
    candidates: dict[str, Policy] = {"today": threshold_policy()}
    for s0, s1 in ((0.3, 0.6), (0.4, 0.7), (0.4, 0.8), (0.5, 0.8)):
        for low in (0.4, 0.5, 0.6):
            candidates[f"graded {s0}-{s1} to {low}"] = graded_policy(s0, s1, low)
    for label, policy in candidates.items():
        print(f"== {label}")
        for name, pages in corpora.items():
            tallies: dict[str, Tally] = defaultdict(Tally)
            tally(pages, policy, tallies)
            fams = " ".join(
                f"{k[7:]}:{t.found / t.gold:.2f}" for k, t in sorted(tallies.items()) if k.startswith("family:")
            )
            cleans = " ".join(
                f"{k[6:]}:{1000 * t.clean / max(t.clean_words, 1):.2f}"
                for k, t in sorted(tallies.items())
                if k[:6] == "clean:"
            )
            print(f"   {name:10} {tallies['all'].row()}  | {fams} | clean {cleans}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("losses", "policies", "grid", "heldout"))
    parser.add_argument("dumps", nargs="+", type=Path, help="the first is the corpus policies are chosen on")
    parser.add_argument("--floor", type=float, default=0.91, help="precision a chosen policy keeps (grid, heldout)")
    parser.add_argument(
        "--family",
        choices=sorted(FAMILIES),
        default="graded",
        help="policies grid and heldout choose among: CL102's graded threshold, CL106's gate and threshold, or "
        "CL106's top tier (gate, floor of the prior rate, threshold)",
    )
    parser.add_argument(
        "--clean-max", type=float, default=0.2, help="findings per 1,000 clean words a chosen policy may make"
    )
    args = parser.parse_args(argv)
    corpora = read(args.dumps)
    if args.command in ("grid", "heldout"):
        {"grid": grid, "heldout": heldout}[args.command](corpora, args.floor, args.family, args.clean_max)
    else:
        {"losses": losses, "policies": policies}[args.command](corpora)
    return 0


if __name__ == "__main__":
    sys.exit(main())
