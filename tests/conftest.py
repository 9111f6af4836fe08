"""Shared fixtures. `--corpus PATH` points the corpus tests at an annotated corpus (CI passes
../shared/corpus/dev); `--update-snapshots` rewrites the golden files after a reviewed change."""

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
    parser.addoption("--corpus", default=None, help="annotated corpus directory (spun/, clean/, claims/)")
    parser.addoption("--update-snapshots", action="store_true", help="rewrite golden snapshot files")


@pytest.fixture(scope="session")
def corpus(request: pytest.FixtureRequest) -> Path:
    value = request.config.getoption("--corpus")
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
