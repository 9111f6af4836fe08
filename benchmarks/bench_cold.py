"""Cold against warm start: `contentlint check` of one ~1,000-word draft with an empty cache and a filled one.

    python benchmarks/bench_cold.py [--repeat 3] [--exe .venv/bin/contentlint]

A CI runner starts with an empty ~/.cache. Each cold run gets a new, empty XDG_CACHE_HOME (and no
CONTENTLINT_CACHE_DIR); each warm run reuses one that an earlier run filled. Runs alternate cold and
warm so that load on the machine falls on both alike. Printed per configuration (default rules, and
with the CL102 spin detector): median wall time and peak RSS of each, and cold / warm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"default rules": [], "with CL102": ["--select", "CL,CL102"]}


def draft(words: int = 1000) -> str:
    """Paragraphs of the repository's samples, in order, until the draft has about ``words`` words."""
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "samples").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) > 8
    ]
    out: list[str] = ["Draft: caring for your skin"]
    count, k = 0, 0
    while count < words:
        out.append(paragraphs[k % len(paragraphs)])
        count += len(paragraphs[k % len(paragraphs)].split())
        k += 1
    return "\n\n".join(out) + "\n"


def run(exe: str, path: Path, args: list[str], cache_home: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `contentlint check`."""
    env = {k: v for k, v in os.environ.items() if k != "CONTENTLINT_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [exe, "check", *args, str(path)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1) or "Traceback" in err:
        raise SystemExit(f"contentlint check failed ({proc.returncode}):\n{err}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exe", default=str(ROOT / ".venv" / "bin" / "contentlint"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        path = base / "draft.md"
        path.write_text(draft(), encoding="utf-8")
        print(f"{args.exe}: one draft of {len(path.read_text().split())} words, {args.repeat} runs each")
        print(f"{'':15} {'cold s':>8} {'warm s':>8} {'cold/warm':>9} {'cold MB':>8} {'warm MB':>8}")
        for name, extra in CONFIGS.items():
            warm_home = base / f"warm-{len(name)}"
            run(args.exe, path, extra, warm_home)  # fills the warm cache
            cold, warm = [], []
            for k in range(args.repeat):
                cold.append(run(args.exe, path, extra, base / f"cold-{len(name)}-{k}"))
                warm.append(run(args.exe, path, extra, warm_home))
            c, w = statistics.median(t for t, _ in cold), statistics.median(t for t, _ in warm)
            c_mb, w_mb = max(m for _, m in cold), max(m for _, m in warm)
            print(f"{name:15} {c:8.2f} {w:8.2f} {c / w:9.2f} {c_mb:8.0f} {w_mb:8.0f}", flush=True)


if __name__ == "__main__":
    main()
