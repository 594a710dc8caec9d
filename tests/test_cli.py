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
        # a bare number is a count (other projects' family 10), whatever its spelling
        ("2000", {"kind": "count", "value": "2000"}),
        ("1.000.000.000", {"kind": "count", "value": "1000000000"}),
        ("ba", {"kind": "count", "value": "3"}),
        ("hai không hai mốt", {"kind": "count", "value": "2021"}),
        ("trừ 10", {"kind": "count", "value": "-10"}),
        ("hai muoi lam", {"kind": "count", "value": "25"}),
        ("3/4m", {"kind": "length", "value": "0.75", "unit": "m"}),
        ("5 đô la và 23 xu", {"kind": "money", "value": "5.23", "unit": "USD"}),
        ("USD1,23", {"kind": "money", "value": "1.23", "unit": "USD"}),
        ("1,2M", {"kind": "count", "value": "1200000"}),
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


def test_schema_unknown_table_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "schema", "--table", "nope")
    assert code == EXIT_USAGE and "unknown table 'nope'" in err and "Traceback" not in err


def test_version(capsys) -> None:
    from extract import __version__

    code, out, _ = run(capsys, "--version")
    assert code == EXIT_OK and out.strip() == f"baocao {__version__}" and __version__[0].isdigit()


@pytest.mark.parametrize("argv", [["--debug", "schema", "--table", "nope"], ["schema", "--table", "nope", "--debug"],
                                  ["gold", "check", "--debug", "--corpus", "corpus"]])
def test_debug_is_accepted_before_or_after_the_subcommand(capsys, argv) -> None:
    code, _, err = run(capsys, *argv)
    assert "unrecognized arguments" not in err and code in (EXIT_OK, EXIT_USAGE)


@pytest.mark.parametrize("command", ["extract", "show", "evaluate", "parse", "schema", "gold"])
def test_subcommand_help_has_examples(capsys, command) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == EXIT_OK and "examples:" in out and f"baocao {command}" in out


def test_extract_of_inputs_that_do_not_exist_is_an_error(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path / "nonexist"), "-o", str(tmp_path / "o"), "--no-progress")
    assert code == EXIT_ERROR and "no such input" in err and "nonexist" in err
    assert not (tmp_path / "o").exists()  # refused before any work
    code, _, err = run(capsys, "extract", str(tmp_path / "*.txt"), "-o", str(tmp_path / "o"), "--no-progress")
    assert code == EXIT_ERROR and "matches nothing" in err


def test_extract_expands_a_quoted_glob(capsys, tmp_path) -> None:
    for name in ("a.txt", "b.txt", "c.html"):
        (tmp_path / name).write_text(DOC.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "extract", str(tmp_path / "*.txt"), "-o", str(tmp_path / "o"), "--no-progress",
                       "--format", "jsonl", "--workers", "1")
    assert code == EXIT_OK, err
    docs = [json.loads(line)["doc_id"] for line in (tmp_path / "o" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert docs == ["a", "b"]


@pytest.mark.parametrize(("stdin", "doc_ids"), [
    (DOC.read_text(encoding="utf-8"), ["stdin"]),
    ('{"id": "x1", "text": "Xã góp 5 triệu đồng."}\n{"id": "x2", "text": "Huyện có 12 xã."}\n', ["x1", "x2"]),
])
def test_extract_reads_standard_input(capsys, monkeypatch, tmp_path, stdin, doc_ids) -> None:
    import extract.readers as readers

    readers._stdin_bytes.cache_clear()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code, _, err = run(capsys, "extract", "-", "-o", str(tmp_path / "o"), "--no-progress", "--format", "jsonl", "--workers", "1")
    readers._stdin_bytes.cache_clear()
    assert code == EXIT_OK, err
    docs = [json.loads(line)["doc_id"] for line in (tmp_path / "o" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert docs == doc_ids


def test_a_run_in_another_format_replaces_the_old_tables(capsys, tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DOC.read_text(encoding="utf-8"), encoding="utf-8")
    for fmt in ("jsonl", "csv"):
        code, _, err = run(capsys, "extract", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--format", fmt, "--workers", "1")
        assert code == EXIT_OK, err
    assert not list((tmp_path / "o").glob("*.jsonl")) and len(list((tmp_path / "o").glob("*.csv"))) == 7
    assert "another format" in err


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
    assert '<html lang="vi">' in html and '<meta charset="utf-8">' in html
    assert "ADMIN_UNIT" in html and "PLACE" not in html  # a unit named in the text, not the quantity kind area (SURFACE)
    # every figure carries its value, unit and links, in a tooltip and in the side table
    assert "title='money 4200000000 VND · approx: gt · campaign: Quỹ Vì người nghèo · area: huyện Hàm Thuận Bắc" in html
    assert "<td>hơn 4,2 tỷ đồng</td><td>MONEY</td><td class='num'>4200000000</td><td>VND</td>" in html


def test_show_one_article_of_a_jsonl_file_by_id(capsys, tmp_path) -> None:
    lines = [{"id": "a1", "text": "Xã góp 5 triệu đồng."}, {"id": "a2", "text": "Huyện làm 12 km đường."}]
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    code, out, err = run(capsys, "show", str(tmp_path / "d.jsonl"), "--id", "a2", "--no-colour")
    assert code == EXIT_OK and "doc_id:   a2" in out and "12 km" in out, err
    code, _, err = run(capsys, "show", str(tmp_path / "d.jsonl"), "--id", "zz")
    assert code == EXIT_ERROR and "no article 'zz'" in err and "a1, a2" in err


def test_show_an_extracted_output_folder(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "extract", str(DOC), "-o", str(tmp_path / "o"), "--format", "jsonl", "--workers", "1", "--no-progress")
    assert code == EXIT_OK, err
    code, out, _ = run(capsys, "show", str(tmp_path / "o"), "--id", DOC.stem, "--no-colour")
    assert code == EXIT_OK and "hơn 4,2 tỷ đồng" in out and "campaign=Quỹ Vì người nghèo" in out


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


def test_gold_export_to_label_studio_writes_its_config_and_every_table(capsys, tmp_path) -> None:
    out = tmp_path / "tasks.json"
    code, _, err = run(capsys, "gold", "export", "--to", "label-studio", "--gold", str(ROOT / "gold"),
                       "--corpus", str(ROOT / "corpus"), "-o", str(out))
    assert code == EXIT_OK, err
    config = (tmp_path / "tasks.config.xml").read_text(encoding="utf-8")
    assert "<Labels" in config and 'value="ADMIN_UNIT"' in config and 'value="money"' in config
    labels = {r["value"]["labels"][0] for task in json.loads(out.read_text(encoding="utf-8"))
              for ann in task.get("annotations", task.get("predictions", [])) for r in ann["result"]}
    assert {"money", "ADMIN_UNIT", "CAMPAIGN"} <= labels
    code, _, err = run(capsys, "gold", "export", "--to", "doccano", "--tables", "nope", "-o", str(tmp_path / "x"))
    assert code == EXIT_USAGE and "unknown table" in err


def test_schema_describes_every_column_of_every_table(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == EXIT_OK
    for table, schema in json.loads(out).items():
        undescribed = [name for name, prop in schema["properties"].items() if not prop.get("description")]
        assert undescribed == [], table
