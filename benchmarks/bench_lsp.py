"""How long the language server takes to re-check a 1,000-word draft once warm.

    python benchmarks/bench_lsp.py [--runs 15]

Two numbers: the lint itself in process (what each re-check costs the server's worker thread), and
the round trip over stdio with `contentlint lsp --debounce 0`, from sending a change to receiving its
diagnostics (an editor adds the debounce, 0.25 s by default, on top). Each run changes one word, as
typing does. Also the "fix all safe" code action, which lints until nothing is left to fix.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from contentlint.lsp.features import code_actions, lint
from contentlint.options import LintOptions

ROOT = Path(__file__).resolve().parent.parent


def draft(words: int = 1000) -> str:
    """Whole paragraphs of the samples and the clean training texts, in a fixed order, to ~``words``."""
    paragraphs: list[str] = []
    for path in sorted((ROOT / "samples").glob("*.txt")) + sorted((ROOT / "training" / "clean").glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    out, count = ["# A Guide To Skin Care"], 0
    for p in paragraphs:
        if count >= words:
            break
        out.append(p)
        count += len(p.split())
    return "\n\n".join(out) + "\n"


def edited(text: str, i: int) -> str:
    return text + f"\nEdit number {i} of the draft.\n"


def in_process(text: str, runs: int) -> tuple[list[float], float]:
    options = LintOptions()
    lint("file:///tmp/draft.md", text, 0, "markdown", options)  # warm: spaCy pipeline, rule tables
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        linted = lint("file:///tmp/draft.md", edited(text, i), i + 1, "markdown", options)
        times.append(time.perf_counter() - t0)
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0))
    t0 = time.perf_counter()
    code_actions(linted, whole, [lsp.CodeActionKind.SourceFixAll])
    fix_all = time.perf_counter() - t0
    print(f"findings in the draft: {len(linted.report.findings)}")
    return times, fix_all


async def over_stdio(text: str, runs: int, folder: Path) -> list[float]:
    client = LanguageClient("bench", "1")
    arrived: dict[int, float] = {}
    event = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        arrived[params.version or 0] = time.perf_counter()
        event.set()

    async def wait(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 120)
        return arrived[version]

    await client.start_io(sys.executable, "-m", "contentlint", "lsp", "--debounce", "0", cwd=str(folder))
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
    client.initialized(lsp.InitializedParams())
    uri = (folder / "draft.md").as_uri()
    item = lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
    await wait(1)
    times = []
    for i in range(runs):
        version = i + 2
        doc = lsp.VersionedTextDocumentIdentifier(uri=uri, version=version)
        change = lsp.TextDocumentContentChangeWholeDocument(text=edited(text, i))
        sent = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(text_document=doc, content_changes=[change]))
        times.append(await wait(version) - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    text = draft()
    print(f"draft: {len(text.split())} words")
    times, fix_all = in_process(text, args.runs)
    print(
        f"re-check in process (warm): median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    print(f"fix-all-safe code action: {fix_all * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        stdio = asyncio.run(over_stdio(text, args.runs, Path(tmp)))
    print(
        f"change -> diagnostics over stdio (debounce 0): median {statistics.median(stdio) * 1000:.0f} ms, "
        f"max {max(stdio) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
