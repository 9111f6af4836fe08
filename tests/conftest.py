"""Shared fixtures. `--corpus PATH` (repeatable) points the corpus tests at annotated corpora: each
corpus test runs once per corpus (CI passes ../shared/corpus/dev and ../shared/corpus/dev2);
`--update-snapshots` rewrites the golden files after a reviewed change."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run: a test suite must be deterministic.
settings.register_profile("deterministic", derandomize=True, database=None, deadline=None)
settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--corpus", action="append", default=[], help="annotated corpus directory (spun/, clean/, claims/); repeatable"
    )
    parser.addoption("--update-snapshots", action="store_true", help="rewrite golden snapshot files")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "corpus" in metafunc.fixturenames:
        given = metafunc.config.getoption("--corpus") or [None]
        ids = [Path(p).name if p else "no-corpus" for p in given]
        metafunc.parametrize("corpus", given, ids=ids, indirect=True, scope="session")


@pytest.fixture(scope="session")
def corpus(request: pytest.FixtureRequest) -> Path:
    value = request.param
    if not value:
        pytest.skip("no --corpus given")
    path = Path(value)
    if not path.is_dir():
        pytest.fail(f"--corpus {value}: not a directory")
    return path


@pytest.fixture(scope="session")
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


def sample_paths() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file())
