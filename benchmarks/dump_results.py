"""Dump `contentlint check --format json` for the corpora a speed change must not alter, so that two
commits' results can be compared byte for byte.

    python benchmarks/dump_results.py OUT_DIR [DIR ...]     # default: samples/ and the shared dev corpora
    diff -r BEFORE_DIR AFTER_DIR

Each directory is checked with the default rules and with the statistical detector's span findings
(``--select CL,CL102``); one JSON file per (directory, configuration). The JSON rounds ``spin``, so each
directory's document spin values are also written at full precision (``.spin.txt``, from the API).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "samples", ROOT.parent / "shared" / "corpus" / "dev", ROOT.parent / "shared" / "corpus" / "dev2"]
CONFIGS = {"default": [], "cl102": ["--select", "CL,CL102"]}


def dump(out: Path, dirs: list[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for d in dirs:
        if not d.is_dir():
            raise SystemExit(f"dump_results: {d}: not a directory")
        for name, extra in CONFIGS.items():
            command = [sys.executable, "-m", "contentlint", "check", "--format", "json", "--exit-zero", *extra, str(d)]
            proc = subprocess.run(command, capture_output=True, text=True, cwd=d)
            if proc.returncode != 0:
                raise SystemExit(f"dump_results: {d}: contentlint failed: {proc.stderr.strip()[-500:]}")
            target = out / f"{d.parent.name}-{d.name}.{name}.json"
            target.write_text(proc.stdout, encoding="utf-8")
            print(f"{target}: {len(proc.stdout):,} characters")
        (out / f"{d.parent.name}-{d.name}.spin.txt").write_text(_spin_values(d), encoding="utf-8")


def _spin_values(directory: Path) -> str:
    """Every file's DocumentSpin, unrounded (repr of its floats), one line per file."""
    from contentlint.api import Linter
    from contentlint.config import Config
    from contentlint.formats import load_bytes

    linter = Linter(Config())
    files = sorted(p for p in directory.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    reports = linter.lint_documents(load_bytes(p.read_bytes(), str(p.relative_to(directory))) for p in files)
    return "".join(f"{r.path}\t{r.spin!r}\n" for r in reports)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("dirs", type=Path, nargs="*")
    args = parser.parse_args()
    dump(args.out, args.dirs or DEFAULT_DIRS)


if __name__ == "__main__":
    main()
