"""Dump what the spun-phrase rules and the statistical detector saw on an annotated corpus, for recall studies.

    python -m tools.spin.recall_dump CORPUS OUT.jsonl [--floor 0.05]

Lints every page under CORPUS (``spun/``, ``families/*/``, ``claims/``, ``clean/``) with the evaluation's
configuration (every rule, CL102's span findings included) and writes one JSON line per page: its kind, site
and spinner family (from ``SOURCES.tsv`` where it has them), word count, spin verdict, the spun-phrase findings,
the gold spun phrases with their occurrences, and every word the detector scored with its posterior in the
document (the full-window posterior too, where the document's reaches ``--floor``, with the full-window
features CL102's reporter reads, ``fx``). Offsets are into the
page's source, as the findings' are. ``tools/spin/recall_study.py`` reads the dump; nothing of the corpus
goes into the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contentlint import api
from contentlint.checks import spun
from contentlint.evaluate import default_config, gold_spans, spinner_family
from contentlint.formats import load_bytes
from contentlint.model import Hit
from tools.spin.reporter import word_inputs

SUFFIXES = (".txt", ".md", ".html")


@dataclass
class Capture:
    """What ``_detector_hits`` was given for the page being linted (set by the wrapper below)."""

    floor: float
    words: list[dict[str, Any]] = field(default_factory=list)
    spin: float = 0.0
    rate: float = 0.0
    observed: int | None = None  # the substitutes the page shows outright, as CL106's gates read them


def _pages(corpus: Path) -> Iterator[tuple[str, Path]]:
    for kind in ("spun", "claims", "clean"):
        folder = corpus / kind
        if folder.is_dir():
            yield from ((kind, p) for p in sorted(folder.iterdir()) if p.suffix in SUFFIXES)
    families = corpus / "families"
    if families.is_dir():
        yield from (("spun", p) for p in sorted(families.glob("*/*")) if p.suffix in SUFFIXES)


def _sources(corpus: Path) -> dict[str, tuple[str, str]]:
    """Corpus-relative path -> (site, spinner family)."""
    path = corpus / "SOURCES.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = {}
    for row in rows:
        spinner = next((v for k, v in row.items() if k and "spinner" in k.lower()), "") or ""
        out[row["file"]] = (row.get("site") or row["file"], spinner_family(spinner))
    return out


def _install(capture: Capture) -> None:
    """Wrap the detector's reporting step so that every scored word is recorded with its posteriors."""
    original = spun._detector_hits
    original_threshold = spun._word_threshold

    def threshold(ctx: Any, rate: float, features: Any) -> float:
        from contentlint.spin.signal import spin_value

        # The verdict CL102's ramp reads (before reported variants join the rate).
        capture.spin = spin_value(rate, spun._has_spun_byline(ctx), features)
        return original_threshold(ctx, rate, features)

    def wrapper(ctx: Any, items: Any, logits: Any, rate: float, weights: Any, *rest: Any, **named: Any) -> list[Hit]:
        from contentlint.spin.detector import exact
        from contentlint.spin.resources import language_model
        from contentlint.spin.signal import posteriors

        capture.rate = rate
        for item, p in zip(items, posteriors(logits, rate, weights.rate), strict=True):
            entry = {"word": item.word, "start": item.start, "end": item.end, "p": p}
            own, best = weights.word_features(item)
            entry["f"] = [*own[:5], *item.features[best].tolist(), float(len(item.forms))]
            entry["forms"] = weights.ranked(item)
            if p >= capture.floor:
                full = exact(item, language_model())
                z, best = weights.logit(full)
                entry |= {"exact": posteriors([z], rate, weights.rate)[0], "best": best, "z": z}
                entry["fx"] = word_inputs(weights, full)
            capture.words.append(entry)
        return original(ctx, items, logits, rate, weights, *rest, **named)

    original_sure = spun._sure_policy

    def sure(gate: float, verdict: float, observed: int, traced: bool = False) -> tuple[float, float] | None:
        capture.observed = observed
        return original_sure(gate, verdict, observed, traced)

    spun._detector_hits = wrapper
    spun._word_threshold = threshold
    spun._sure_policy = sure


def _read_gold(path: Path) -> list[Any]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SystemExit(f"{path}: not a readable JSON gold file ({exc})") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("spun_phrases", []), list):
        raise SystemExit(f"{path}: the gold must be an object whose spun_phrases is a list")
    return gold.get("spun_phrases", [])


def _page(kind: str, path: Path, corpus: Path, linter: api.Linter, capture: Capture, sources: dict) -> dict:
    capture.words, capture.spin, capture.rate, capture.observed = [], 0.0, 0.0, None
    document = load_bytes(path.read_bytes(), str(path))
    report = linter.lint_document(document)
    relative = str(path.relative_to(corpus))
    site, family = sources.get(relative, (relative, "unknown"))
    for word in capture.words:
        mapped = api._source_span(document, Hit("CL102", word["start"], word["end"], ""))
        word["start"], word["end"] = mapped if mapped else (-1, -1)
    gold_file = path.with_suffix(".json")
    gold = []
    if gold_file.is_file():
        raw = _read_gold(gold_file)
        spans = gold_spans(document.source, {"spun_phrases": raw}).get("spun-phrase", [])
        items = [i if isinstance(i, dict) else {"text": i} for i in raw]
        found = [i["text"] for i in items if i["text"] and i["text"] in document.source]
        originals = {i["text"]: i.get("original", "") for i in items}
        gold = [{"text": t, "original": originals[t], "spans": s} for t, s in zip(found, spans, strict=True)]
    findings = [
        {"rule": f.rule, "start": f.start, "end": f.end, "text": f.text, "suggestion": f.suggestion}
        for f in report.findings
        if f.category == "spun-phrase"
    ]
    return {
        "path": relative,
        "kind": kind,
        "site": site,
        "family": family,
        "words": report.words,
        "spin": capture.spin,
        "rate": capture.rate,
        "observed": capture.observed,
        "findings": findings,
        "gold": gold,
        "scored": capture.words,
        "source_len": len(document.source),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--floor", type=float, default=0.05)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: not a corpus directory")
    capture = Capture(args.floor)
    _install(capture)
    linter = api.Linter(default_config())
    sources = _sources(args.corpus)
    with args.out.open("w", encoding="utf-8") as out:
        for kind, path in _pages(args.corpus):
            out.write(json.dumps(_page(kind, path, args.corpus, linter, capture, sources)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
