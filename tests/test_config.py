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
        ({"fail-on-spin": 1.5}, "'fail-on-spin' must be a number from 0 to 1"),
        ({"fail-on-spin": "high"}, "'fail-on-spin' must be a number from 0 to 1"),
        ({"fail-on-spin": True}, "'fail-on-spin' must be a number from 0 to 1"),
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


def test_per_glob_overrides(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.contentlint]\n"
        '[[tool.contentlint.overrides]]\nfiles = ["drafts/**"]\nignore = ["CL1"]\n'
        '[[tool.contentlint.overrides]]\nfiles = ["legacy/**"]\nfail-on = "error"\n'
        "[tool.contentlint.overrides.thresholds]\nmax-sentence-words = 3\n"
    )
    for d in ("drafts", "legacy", "posts"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(SPUN)
    assert {f.rule for f in check_path(tmp_path / "drafts" / "a.txt").findings} == set()
    assert "CL501" in {f.rule for f in check_path(tmp_path / "legacy" / "a.txt").findings}
    assert run("check", "legacy/a.txt", cwd=tmp_path).returncode == 0  # fail-on error there
    assert run("check", "posts/a.txt", cwd=tmp_path).returncode == 1


def test_bad_override_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown key 'include'"):
        parse_config({"overrides": [{"files": ["a/**"], "include": ["*.md"]}]}, "x.toml", RULE_CODES)
    with pytest.raises(ConfigError, match="files"):
        parse_config({"overrides": [{"ignore": ["CL1"]}]}, "x.toml", RULE_CODES)


def test_directory_walk_respects_gitignore(tmp_path: Path) -> None:
    import json

    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.draft.md\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / ".gitignore").write_text("private.md\n")
    for rel in ("a.md", "x.draft.md", "build/out.md", "docs/ok.md", "docs/private.md"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text(SPUN)
    data = json.loads(run("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert sorted(f["path"] for f in data["files"]) == ["a.md", "docs/ok.md"]
    data = json.loads(run("check", "docs", "--format", "json", cwd=tmp_path).stdout)
    assert [f["path"] for f in data["files"]] == ["docs/ok.md"]
    data = json.loads(run("check", ".", "--format", "json", "--no-respect-gitignore", cwd=tmp_path).stdout)
    assert len(data["files"]) == 5


def test_missing_spacy_model_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "contentlint.toml").write_text('model = "en_core_web_nonexistent"\n')
    (tmp_path / "a.txt").write_text(SPUN)
    proc = run("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "en_core_web_nonexistent" in proc.stderr and "Traceback" not in proc.stderr


def test_fail_on_spin_key_is_read() -> None:
    assert parse_config({"fail-on-spin": 0.5}, "contentlint.toml", RULE_CODES).fail_on_spin == 0.5
    assert parse_config({"fail-on-spin": 1}, "contentlint.toml", RULE_CODES).fail_on_spin == 1.0
    assert Config().fail_on_spin is None


def test_bad_fail_on_spin_exits_two_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "contentlint.toml").write_text("fail-on-spin = 7\n")
    (tmp_path / "a.txt").write_text(SPUN)
    proc = run("check", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "contentlint.toml" in proc.stderr and "fail-on-spin" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_linter_resolves_each_paths_configuration_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contentlint.api
    from contentlint.api import Linter

    (tmp_path / "contentlint.toml").write_text("[thresholds]\nmax-sentence-words = 12\n")
    resolver = ConfigResolver(RULE_CODES)
    asked: list[Path] = []
    resolve = resolver.for_path
    monkeypatch.setattr(resolver, "for_path", lambda path: asked.append(path) or resolve(path))
    linter = Linter(resolver=resolver, overrides={"fail_under": 50.0})
    first = linter.config_for(str(tmp_path / "a.md"))
    assert linter.config_for(str(tmp_path / "a.md")) is first and len(asked) == 1
    assert first.thresholds.max_sentence_words == 12 and first.fail_under == 50.0
    monkeypatch.setattr(contentlint.api, "CONFIG_MEMO", 2)  # a full memo starts again, answers unchanged
    answers = [linter.config_for(str(tmp_path / name)) for name in ("b.md", "c.md", "a.md")]
    assert answers[2] == first and len(asked) == 4
