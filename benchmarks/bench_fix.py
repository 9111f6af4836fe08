"""Time of the `fix` diff at 100k and 1M words: the diff built from the edits, against difflib's.

    python benchmarks/bench_fix.py [--words 100000 1000000] [--difflib-up-to 100000]

`contentlint fix` is run once on samples/spun-retinol-guide.md to get the edits it makes. The
benchmark document is that sample repeated until it has the number of words asked for, every
non-blank line tagged with its copy's number so that lines do not repeat (as in a real long text),
with the same edits in every copy. It then times ``FixResult.diff()`` (built from the edits) and,
up to ``--difflib-up-to`` words, ``difflib.unified_diff`` of the same two texts, and checks that
both give the same bytes. The diff's time is the fastest of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contentlint.api import Linter  # noqa: E402
from contentlint.config import Config  # noqa: E402
from contentlint.diff import Span  # noqa: E402
from contentlint.edits import apply  # noqa: E402
from contentlint.fix import FixResult, fix_document  # noqa: E402
from contentlint.formats import load_string  # noqa: E402

SAMPLE = ROOT / "samples" / "spun-retinol-guide.md"


def tagged_copy(text: str, edits: list[Span], copy: int, base: int) -> tuple[str, list[Span]]:
    """The sample with " [copy]" before each line break of a non-blank line, and the edits moved to match."""
    tag = f" [{copy}]"
    out: list[str] = []
    inserted_at: list[int] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        out.append(body + (tag if body.strip() else "") + line[len(body) :])
        if body.strip():
            inserted_at.append(pos + len(body))
        pos += len(line)

    def moved(p: int, is_end: bool) -> int:
        # An edit ending at a line's end keeps the tag after it; one running past the break takes it along.
        k = bisect.bisect_left(inserted_at, p) if is_end else bisect.bisect_right(inserted_at, p - 1)
        return base + p + k * len(tag)

    return "".join(out), [Span(moved(e.start, False), moved(e.end, True), e.replacement) for e in edits]


def build(words: int, text: str, edits: list[Span]) -> tuple[str, list[Span]]:
    parts: list[str] = []
    all_edits: list[Span] = []
    size = count = 0
    while count < words:
        copy, moved = tagged_copy(text, edits, len(parts), size)
        parts.append(copy)
        all_edits += moved
        size += len(copy)
        count += len(copy.split())
    return "".join(parts), all_edits


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--difflib-up-to", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    args = parser.parse_args()
    config = Config()
    text = SAMPLE.read_text(encoding="utf-8")
    sample = fix_document(load_string(text, SAMPLE.name, "markdown"), Linter(config), config)
    print(f"edits per copy of {SAMPLE.name}: {len(sample.edits)} ({len(text.split())} words)")
    base_time = None
    for words in args.words:
        doc, edits = build(words, text, sample.edits)
        result = FixResult(path="long.md", original=doc, fixed=apply(doc, edits), edits=edits)  # type: ignore[arg-type]
        runs = [timed(result.diff) for _ in range(args.repeat)]
        ours, seconds = runs[0][0], min(t for _, t in runs)
        base_time = base_time or seconds
        line = f"{len(doc.split()):>9,} words {len(edits):>6} edits: diff from edits {seconds:7.2f} s "
        line += f"({seconds / base_time:4.1f}x the first size)"
        if words <= args.difflib_up_to:
            old_lines, new_lines = doc.splitlines(True), result.fixed.splitlines(True)
            theirs, d_seconds = timed(
                lambda: "".join(difflib.unified_diff(old_lines, new_lines, "a/long.md", "b/long.md"))  # noqa: B023
            )
            line += f"; difflib {d_seconds:7.2f} s; same bytes: {ours == theirs}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
