"""An audit task's documents linted as one batch (worker.audit_batch) give the rows audit_item gives
each alone, errors included."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from contentlint.audit import worker
from contentlint.audit.sources import Item, prepare
from contentlint.audit.worker import DocResult, audit_batch, audit_item

FIXTURES = Path(__file__).parent / "fixtures" / "spin"


def _orders() -> list[tuple[Item, str | None]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/*.txt"))]
    items = [Item("src", f"doc{k}.txt", text, "text") for k, text in enumerate(texts)]
    page = "<html><body><p>A short page about garden hoses.</p></body></html>"
    items.insert(1, Item("src", "page.html", page, "html"))
    items.insert(3, Item("src", "broken.txt", "", "text", error="cannot read: no such file"))
    unchanged = Item("src", "again.txt", texts[0], "text")
    orders: list[tuple[Item, str | None]] = [(item, None) for item in items]
    orders.append((unchanged, prepare(unchanged).raw_hash))
    return orders


def _row(result: DocResult) -> dict[str, object]:
    row = dataclasses.asdict(result)
    del row["seconds"], row["idle"]  # times
    return row


def test_a_batch_gives_each_document_its_own_row() -> None:
    orders = _orders()
    batched = audit_batch(orders)
    alone = [audit_item(item, known) for item, known in orders]
    assert [_row(r) for r in batched] == [_row(r) for r in alone]
    assert sum(r.spin is not None for r in batched) >= 5
    assert batched[3].error and batched[-1].unchanged
    assert all(r.seconds > 0 for r in batched if r.spin is not None)


def test_a_document_that_fails_in_the_batch_gets_audit_items_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    orders = _orders()[:4]
    real = worker._filled

    def failing(result: DocResult, document, report):  # type: ignore[no-untyped-def]
        if document.path == "doc0.txt":
            raise RuntimeError("sketching exploded")
        return real(result, document, report)

    monkeypatch.setattr(worker, "_filled", failing)
    batched = audit_batch(orders)
    assert batched[0].error == "cannot audit: RuntimeError: sketching exploded"
    assert [_row(r) for r in batched[1:]] == [_row(audit_item(item, known)) for item, known in orders[1:]]
