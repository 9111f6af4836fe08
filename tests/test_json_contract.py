"""The JSON output follows the wire contract (tests/json_schema_v1.json)."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from .conftest import ROOT, SAMPLES
from .test_cli import run

SCHEMA = json.loads((ROOT / "tests" / "json_schema_v1.json").read_text())


def test_json_output_matches_schema_and_offsets() -> None:
    proc = run("check", str(SAMPLES), "--format", "json")
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["version"] == 1
    assert data["summary"]["files"] == len(data["files"]) == len(list(SAMPLES.iterdir()))
    assert data["summary"]["findings"] == sum(len(f["findings"]) for f in data["files"])
    for entry in data["files"]:
        source = (ROOT / entry["path"]).read_text(encoding="utf-8")  # absolute paths stay absolute
        for f in entry["findings"]:
            assert source[f["start"] : f["end"]] == f["text"]


def test_json_reports_errors() -> None:
    proc = run("check", "no-such-file.md", "--format", "json")
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["errors"] == 1
    assert proc.returncode == 2


_JSON_TEXT = st.text(alphabet=st.sampled_from(list('ab "\\/\n\t\x00\x1f\x7f\x85\u2028\u2029é€😀')), max_size=8)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(_JSON_VALUES, st.sampled_from(["", "  ", "    "]))
def test_report_writer_writes_what_json_dumps_and_textwrap_write(value: object, indent: str) -> None:
    import json
    import textwrap

    from contentlint.output.jsonfmt import indented

    assert indented(value, indent) == textwrap.indent(json.dumps(value, indent=2, ensure_ascii=False), indent)
