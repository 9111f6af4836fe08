"""Configuration files: discovery, validation, and what each key does."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentlint import check_path
from contentlint.checks import RULE_CODES
from contentlint.config import Config, ConfigResolver, parse_config
from contentlint.errors import ConfigError
from contentlint.model import Severity

from .test_cli import SPUN, run


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.contentlint]\nignore = ["CL1"]\n')
    (tmp_path / "blog" / "drafts").mkdir(parents=True)
    (tmp_path / "blog" / "contentlint.toml").write_text('select = ["CL101"]\n')
    (tmp_path / "blog" / "drafts" / "a.txt").write_text(SPUN)
    (tmp_path / "b.txt").write_text(SPUN)
    resolver = ConfigResolver(RULE_CODES)
    assert resolver.for_path(tmp_path / "blog" / "drafts" / "a.txt").select == ("CL101",)
    assert resolver.for_path(tmp_path / "b.txt").ignore == ("CL1",)
    assert check_path(tmp_path / "b.txt").findings == []
    assert {f.rule for f in check_path(tmp_path / "blog" / "drafts" / "a.txt").findings} == {"CL101"}


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n')
    assert ConfigResolver(RULE_CODES).for_path(tmp_path / "x.md") == Config()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["CL1"]}, "unknown key 'selct'"),
        ({"select": "CL8"}, "matches no rule"),
        ({"fail-on": "fatal"}, "unknown severity"),
        ({"fail-under": 120}, "from 0 to 100"),
        ({"severity": {"CL101": "loud"}}, "unknown severity"),
        ({"severity": {"CL777": "info"}}, "unknown rule"),
        ({"thresholds": {"max-sentence-words": -3}}, "positive"),
        ({"thresholds": {"sentence-length": 3}}, "unknown threshold"),
        ({"accept": [1, 2]}, "list of non-empty strings"),
    ],
)
def test_bad_config_is_a_clear_error(table: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ConfigError, match=message):
        parse_config(table, "contentlint.toml", RULE_CODES)


def test_bad_config_exits_two_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "contentlint.toml").write_text('fail-on = "sometimes"\n')
    (tmp_path / "a.txt").write_text(SPUN)
    proc = run("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "contentlint.toml" in proc.stderr and "fail-on" in proc.stderr
    assert "Traceback" not in proc.stderr
    (tmp_path / "contentlint.toml").write_text("this is = = not toml\n")
    proc = run("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "not valid TOML" in proc.stderr


def test_select_ignore_prefix_semantics() -> None:
    cfg = Config(select=("CL",), ignore=("CL4",))
    assert cfg.is_enabled("CL101") and not cfg.is_enabled("CL401")
    cfg = Config(select=("CL401",), ignore=("CL4",))
    assert cfg.is_enabled("CL401") and not cfg.is_enabled("CL402")


def test_severity_override_and_accept_list(tmp_path: Path) -> None:
    (tmp_path / "contentlint.toml").write_text(
        'accept = ["Skin Kind"]\n[severity]\nCL101 = "error"\n[thresholds]\nmax-sentence-words = 5\n'
    )
    (tmp_path / "a.txt").write_text(SPUN)
    report = check_path(tmp_path / "a.txt")
    spun = [f for f in report.findings if f.rule == "CL101"]
    assert [f.text for f in spun] == ["Conveniences of Retinol", "deals many benefits"]  # "skin kind" accepted
    assert all(f.severity is Severity.ERROR for f in spun)
    assert any(f.rule == "CL501" for f in report.findings)  # threshold applied


def test_fail_on_from_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.contentlint]\nfail-on = "error"\n')
    (tmp_path / "a.txt").write_text(SPUN)
    assert run("check", "a.txt", cwd=tmp_path).returncode == 0
    assert run("check", "a.txt", "--fail-on", "warning", cwd=tmp_path).returncode == 1
