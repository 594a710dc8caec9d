"""The baocao command, in process: parse, schema, show, evaluate, errors and exit codes."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from extract.cli import EXIT_ERROR, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "corpus" / "seeds" / "001_e978e5b1d23108f2.txt"


def run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("hơn 4,2 tỷ đồng", {"kind": "money", "value": "4200000000", "unit": "VND", "approx": "gt"}),
        ("16.935m", {"kind": "length", "value": "16935", "unit": "m"}),
        ("21/21 khu phố", {"kind": "count", "value": "21", "total": "21", "item": "khu phố"}),
        ("99,78%", {"kind": "percent", "value": "99.78", "unit": "percent"}),
    ],
)
def test_parse_one(capsys, expression: str, expected: dict) -> None:
    code, out, _ = run(capsys, "parse", expression)
    assert code == EXIT_OK
    record = json.loads(out)
    assert {k: record[k] for k in expected} == expected


def test_parse_stdin_one_line_out_per_line_in(capsys, monkeypatch) -> None:
    lines = ["hơn 4,2 tỷ đồng", "không có số", "", "17,5 ha"]
    code, out, _ = run(capsys, "parse", "-", stdin="\n".join(lines) + "\n", monkeypatch=monkeypatch)
    assert code == EXIT_OK
    records = [json.loads(x) for x in out.splitlines()]
    assert len(records) == len(lines)
    assert records[1] is None and records[2] is None
    assert records[3]["value"] == "17.5" and records[3]["unit"] == "ha"


def test_schema_lists_every_table(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == EXIT_OK
    schemas = json.loads(out)
    assert {"documents", "sentences", "quantities", "areas", "campaigns", "periods", "quarantine"} <= set(schemas)
    props = schemas["quantities"]["properties"]
    for field in ("doc_id", "sentence", "start", "end", "text", "kind", "value", "value_max", "total", "unit",
                  "item", "per", "approx", "campaign", "area", "area_code", "period"):
        assert field in props, field


def test_schema_unknown_table_is_a_clear_error(capsys) -> None:
    code, _, err = run(capsys, "schema", "--table", "nope")
    assert code == EXIT_ERROR and "unknown table 'nope'" in err and "Traceback" not in err


def test_show_terminal(capsys) -> None:
    code, out, _ = run(capsys, "show", str(DOC), "--no-colour")
    assert code == EXIT_OK
    assert "⟦" in out and "quantities" in out and "Dân vận khéo" in out


def test_show_html(capsys, tmp_path) -> None:
    page = tmp_path / "a.html"
    code, _, _ = run(capsys, "show", str(DOC), "--html", str(page))
    assert code == EXIT_OK
    html = page.read_text(encoding="utf-8")
    assert "<mark" in html and "MONEY" in html


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["show", "no/such/file.txt"], "no such file"),
        (["evaluate", "--gold", "gold", "--pred", "no/such/out"], "no such file or folder"),
    ],
)
def test_errors_name_the_file_and_reason(capsys, argv, reason) -> None:
    code, _, err = run(capsys, *argv)
    assert code == EXIT_ERROR
    assert reason in err and argv[-1] in err and "Traceback" not in err


def test_show_binary_file_is_a_clear_error(capsys, tmp_path) -> None:
    f = tmp_path / "blob.txt"
    f.write_bytes(bytes(range(256)) * 8)
    code, _, err = run(capsys, "show", str(f))
    assert code == EXIT_ERROR and "blob.txt" in err and "Traceback" not in err


def test_usage_error_exit_code(capsys) -> None:
    code, _, _ = run(capsys, "extract")
    assert code == EXIT_USAGE


def test_evaluate_json_on_gold_against_itself(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "evaluate", "--gold", str(ROOT / "gold"), "--pred", str(ROOT / "gold" / "quantities.jsonl"), "--json")
    assert code == EXIT_OK
    report = json.loads(out)
    for key in ("span_lenient", "span_strict", "value"):
        assert report[key]["f1"] == 1.0
