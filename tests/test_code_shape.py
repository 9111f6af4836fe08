"""The package stays readable: no function over 60 lines or over cyclomatic complexity 15 (radon's
count), maintainer tools aside. A function that grows past either is split, not excused here."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Class, Function

from .conftest import ROOT

MAX_COMPLEXITY = 15
MAX_LINES = 60
# Maintainer scripts (training, simulation, mining) run offline by the maintainers, not by users.
EXEMPT = ()  # maintainer tools live in tools/, outside the package


def _functions(blocks: list[Function | Class]) -> list[Function]:
    out: list[Function] = []
    for block in blocks:
        if isinstance(block, Class):
            out.extend(block.methods)
        else:
            out.append(block)
    return out


def test_no_function_is_too_long_or_too_complex() -> None:
    offenders = []
    for path in sorted((ROOT / "contentlint").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(EXEMPT):
            continue
        for f in _functions(cc_visit(path.read_text(encoding="utf-8"))):
            lines = f.endline - f.lineno + 1
            if f.complexity > MAX_COMPLEXITY or lines > MAX_LINES:
                offenders.append(f"{rel}:{f.lineno} {f.fullname}: complexity {f.complexity}, {lines} lines")
    assert not offenders, "split these functions:\n" + "\n".join(offenders)


def test_the_check_sees_nested_functions(tmp_path: Path) -> None:
    """The measure itself: a long branching function is caught (so the test above can fail)."""
    body = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(20))
    blocks = cc_visit(f"def f(x):\n{body}\n    return -1\n")
    assert _functions(blocks)[0].complexity > MAX_COMPLEXITY
