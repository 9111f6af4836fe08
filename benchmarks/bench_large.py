"""Time and peak memory of `contentlint check` on one large document, 1 KB to 10 MB, per format.

    python benchmarks/bench_large.py [--sizes 1e3,1e5,1e6,2e6,5e6,1e7] [--formats txt,md,html] [--json OUT]

Each document is built from the paragraphs and headings of samples/ (spun and clean, so every rule
has work), shuffled with a fixed seed so no heading repeats more than a real archive page would; a
fifth of the headings are repeats (duplicate-heading work) and one line in each document is a long
run of characters with no space (the tokenizer's and the syllable counter's worst case). Each size is
linted by a fresh `contentlint check` process; wall time and the child's peak RSS are printed with
seconds per MB, whose ratio between the largest and the 1 MB size is what issue 17 bounds (<= 1.5x).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _pool() -> tuple[list[str], list[str]]:
    """Paragraphs and heading lines of the plain-text samples."""
    paragraphs: list[str] = []
    headings: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = block.strip()
            if not block:
                continue
            (paragraphs if len(block.split()) > 12 else headings).append(block.replace("\n", " "))
    return paragraphs, headings


def build(size: int, fmt: str, seed: int = 7) -> str:
    rng = random.Random(seed)
    paragraphs, headings = _pool()
    parts: list[str] = []
    total, section = 0, 0
    long_line = "x" * min(max(size // 20, 10), 200_000)
    parts.append(_paragraph(f"See {long_line} for details.", fmt))
    while total < size:
        section += 1
        heading = rng.choice(headings) if rng.random() < 0.2 else f"{rng.choice(headings)} {section}"
        block = [_heading(heading, fmt)]
        block += [_paragraph(rng.choice(paragraphs), fmt) for _ in range(rng.randint(2, 5))]
        text = "\n\n".join(block)
        parts.append(text)
        total += len(text) + 2
    body = "\n\n".join(parts) + "\n"
    if fmt == "html":
        head = "<!doctype html><html><head><title>Guide</title></head><body><article>"
        return f"{head}\n{body}</article></body></html>\n"
    return body


def _heading(text: str, fmt: str) -> str:
    return {"txt": text, "md": f"## {text}", "html": f"<h2>{text}</h2>"}[fmt]


def _paragraph(text: str, fmt: str) -> str:
    return f"<p>{text}</p>" if fmt == "html" else text


def measure(path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `contentlint check` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "contentlint", "check", str(path), "--exit-zero", "--format", "json",
         "--max-bytes", str(64 * 1024 * 1024)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) not in (0, 1) or "Traceback" in err:
        raise SystemExit(f"check failed on {path}: {err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e3,1e5,1e6,2e6,5e6,1e7", help="document sizes in characters")
    parser.add_argument("--formats", default="txt,md,html")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    rows = []
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.2f} at start")
    print(f"{'format':<6} {'size':>10} {'seconds':>9} {'s/MB':>8} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats.split(","):
            for size in sizes:
                path = Path(tmp) / f"large-{size}.{fmt}"
                path.write_text(build(size, fmt), encoding="utf-8")
                mb = path.stat().st_size / 1e6
                seconds, rss = measure(path)
                rows.append({"format": fmt, "bytes": path.stat().st_size, "seconds": seconds, "peak_rss_mb": rss})
                size_b = path.stat().st_size
                print(f"{fmt:<6} {size_b:>10} {seconds:>9.2f} {seconds / mb:>8.2f} {rss:>12.0f}", flush=True)
                path.unlink()
    for fmt in args.formats.split(","):
        big = [r for r in rows if r["format"] == fmt and r["bytes"] >= 1e6]
        if len(big) >= 2:
            per_mb = [r["seconds"] / (r["bytes"] / 1e6) for r in big]
            print(f"{fmt}: s/MB at the largest size / at 1 MB = {per_mb[-1] / per_mb[0]:.2f} (goal <= 1.5)")
    if args.json:
        args.json.write_text(json.dumps({"load": load, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
