"""The document verdict on annotated corpora: how well `score` and `spin` separate spun from clean.

    python benchmarks/bench_verdict.py ../shared/corpus/dev2 [../shared/corpus/dev] [--select CL,CL102]
        [--ignore CODE] [--files] [--json OUT]

For each corpus (spun/, clean/, claims/ as `contentlint eval` reads them) it lints every article with
the given rules (default: the default rules, as a user runs them) and prints the ROC AUC of `score`
(clean above spun), of `spin` (spun above clean), the distribution of both per set, and, with
--files, every article's numbers. The AUC is the Mann-Whitney statistic: the share of (clean, spun)
pairs ordered the right way, ties counting one half.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

from contentlint.evaluate import auc

SETS = ("spun", "clean", "claims")


def summary(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {}
    qs = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return {"min": min(values), "q1": qs[0], "median": qs[1], "q3": qs[2], "max": max(values)}


def lint_corpus(corpus: Path, select: tuple[str, ...], ignore: tuple[str, ...]) -> dict[str, list[dict[str, object]]]:
    from contentlint.api import Linter
    from contentlint.config import Config
    from contentlint.evaluate import _articles, _lint

    config = Config(select=select, ignore=ignore) if select else Config(ignore=ignore)
    linter = Linter(config)
    out: dict[str, list[dict[str, object]]] = {}
    for kind in SETS:
        rows = []
        for path in _articles(corpus / kind):
            report = _lint(linter, path)
            if report.error is not None or report.score is None:
                print(f"{path}: {report.error}", file=sys.stderr)
                continue
            spin = report.spin.to_json() if report.spin is not None else {}
            rows.append(
                {"path": path.name, "words": report.words, "score": report.score.value, "spin": spin.get("value", 0.0)}
                | {"rate": spin.get("rate"), "scored": spin.get("scored_words")}
            )
        out[kind] = rows
    return out


def measures(rows: dict[str, list[dict[str, object]]]) -> dict[str, object]:
    def col(kind: str, key: str) -> list[float]:
        return [float(r[key]) for r in rows.get(kind, [])]  # type: ignore[arg-type]

    return {
        "score_auc": auc(col("spun", "score"), col("clean", "score")),
        "spin_auc": auc(col("clean", "spin"), col("spun", "spin")),
        "score_auc_vs_claims": auc(col("spun", "score"), col("claims", "score")),
        "clean_spin_over_0.3": sum(v > 0.3 for v in col("clean", "spin")),
        "spun_scoring_above_lowest_clean": sum(
            v > min(col("clean", "score"), default=101) for v in col("spun", "score")
        ),
        "score": {k: summary(col(k, "score")) for k in SETS},
        "spin": {k: summary(col(k, "spin")) for k in SETS},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--select", default="", help="comma-separated selectors (default: the default rules)")
    parser.add_argument("--ignore", action="append", default=[])
    parser.add_argument("--files", action="store_true", help="print every article's score and spin")
    parser.add_argument("--json", type=Path, help="write the measures as JSON")
    args = parser.parse_args(argv)
    select = tuple(s for s in args.select.split(",") if s)
    results = {}
    for corpus in args.corpora:
        if not corpus.is_dir():
            parser.error(f"{corpus}: not a directory")
        rows = lint_corpus(corpus, select, tuple(args.ignore))
        m = measures(rows)
        results[str(corpus)] = {"measures": m, "files": rows}
        print(f"== {corpus} ({', '.join(f'{k} {len(rows[k])}' for k in SETS)})")
        for key in ("score_auc", "spin_auc", "score_auc_vs_claims", "clean_spin_over_0.3"):
            print(f"  {key}: {m[key] if m[key] is None or isinstance(m[key], int) else round(m[key], 3)}")
        print(f"  spun scoring above the lowest clean: {m['spun_scoring_above_lowest_clean']}")
        for what in ("score", "spin"):
            for kind, s in m[what].items():  # type: ignore[attr-defined]
                print(f"  {what:5} {kind:6} " + " ".join(f"{k} {v:.3g}" for k, v in s.items()))
        if args.files:
            for kind in SETS:
                for r in sorted(rows[kind], key=lambda r: r["score"]):  # type: ignore[arg-type, return-value]
                    line = f"{kind:6} {r['score']:5} spin {r['spin']:.3f} rate {r['rate']} {r['words']}w"
                    print(f"    {line} {r['path']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
