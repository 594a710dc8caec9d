"""extract.writers: tables round-trip through Parquet, JSONL and CSV; the Arrow schema
comes from the pydantic models (SPEC §3, README "The dataset")."""
from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.writers import FORMATS, SUFFIX, arrow_schema, read_table, write_table
from schemas import TABLES
from schemas.records import VALUE_SCALE

TEXT = (
    "Năm 2019, Ủy ban MTTQ xã Hàm Liêm vận động góp Quỹ vì người nghèo hơn 4,2 tỷ đồng, "
    "làm mới 16.935m đường, từ 5 đến 7 triệu đồng/hộ, có 21/21 khu phố đạt chuẩn, tỷ lệ 99,78%.\n"
)


@cache
def sample_rows() -> dict[str, list[dict]]:
    from extract.pipeline import extract_document

    ex = extract_document(TEXT, "mẫu-1", source="mẫu.txt", sha256="0" * 64)
    rows = {name: [r.model_dump() for r in records] for name, records in ex.tables()}
    rows["quarantine"] = [
        {"source": "a.jsonl", "line": 3, "doc_id": None, "stage": "parse", "reason": "invalid JSON: \"x\", dấu phẩy"},
        {"source": "b,c.txt", "line": None, "doc_id": "b", "stage": "decode", "reason": "binary data\nsecond line"},
    ]
    return rows


def test_sample_has_every_value_shape():
    rows = sample_rows()
    assert {t for t, rs in rows.items() if rs} == set(TABLES)
    values = [q["value"] for q in rows["quantities"]]
    assert Decimal("4200000000") in values and Decimal("99.78") in values
    assert any(q["value_max"] is not None for q in rows["quantities"])
    assert any(q["total"] is not None for q in rows["quantities"])


def _as_written(value, fmt: str):
    """A Python value as read_table gives it back in ``fmt``."""
    if fmt == "parquet":
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if fmt == "csv":
        return "" if value is None else str(value)
    return value


@pytest.mark.parametrize("table", list(TABLES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(tmp_path, table, fmt):
    rows = sample_rows()[table]
    path = write_table(rows, table, tmp_path / f"{table}{SUFFIX[fmt]}", fmt)
    assert path.exists() and not list(tmp_path.glob("*.partial"))
    back = read_table(path)
    assert len(back) == len(rows)
    for got, want in zip(back, rows):
        assert list(got) == list(TABLES[table].model_fields)  # column order = model order
        assert got == {k: _as_written(v, fmt) for k, v in want.items()}
    if fmt == "parquet":  # exact: the same Decimal, whatever its exponent
        assert all(type(g[k]) is type(w[k]) or w[k] is None for g, w in zip(back, rows) for k in w)


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_table_is_written_with_its_columns(tmp_path, fmt):
    path = write_table([], "quantities", tmp_path / f"q{SUFFIX[fmt]}", fmt)
    assert read_table(path) == []
    if fmt == "parquet":
        assert pq.read_schema(path).names == list(TABLES["quantities"].model_fields)
    elif fmt == "csv":
        assert path.read_text(encoding="utf-8").strip().split(",") == list(TABLES["quantities"].model_fields)


@pytest.mark.parametrize("fmt", FORMATS)
def test_decimals_are_exact_in_every_format(tmp_path, fmt):
    row = dict(sample_rows()["quantities"][0])
    for value in (Decimal("8.5E+9"), Decimal("0.0000000001"), Decimal("1234567890123456789012345678"), Decimal("16.9350")):
        row["value"] = value
        path = write_table([row], "quantities", tmp_path / f"q{SUFFIX[fmt]}", fmt)
        got = read_table(path)[0]["value"]
        assert Decimal(got) == value
        if fmt != "parquet":
            assert "E" not in got and got == format(value.normalize(), "f")  # plain notation, no float


def test_jsonl_decimals_are_strings_and_utf8(tmp_path):
    path = write_table(sample_rows()["quantities"], "quantities", tmp_path / "q.jsonl", "jsonl")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert "\\u" not in first  # Vietnamese written as UTF-8, not escaped
    assert isinstance(json.loads(first)["value"], str)


def test_failed_write_keeps_the_old_table_and_leaves_no_partial(tmp_path):
    path = write_table(sample_rows()["quarantine"], "quarantine", tmp_path / "q.jsonl", "jsonl")
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_table([{"source": "x", "line": None, "doc_id": None, "stage": "read", "reason": object()}],
                    "quarantine", path, "jsonl")
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.partial"))
    too_big = dict(sample_rows()["quantities"][0], value=Decimal(10) ** 30)  # > decimal128(38, 10)
    with pytest.raises(pa.ArrowException):
        write_table([too_big], "quantities", tmp_path / "q.parquet", "parquet")
    assert not list(tmp_path.glob("*"))[1:]  # only q.jsonl


def test_unknown_format_or_suffix(tmp_path):
    with pytest.raises(ValueError, match="accepted: parquet, jsonl, csv"):
        write_table([], "documents", tmp_path / "d.xlsx", "xlsx")  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())
    (tmp_path / "d.xlsx").write_bytes(b"")
    with pytest.raises(ValueError, match="not a table file"):
        read_table(tmp_path / "d.xlsx")


# --------------------------------------------------------------------------- Arrow schema

def _annotation_kind(model, name: str) -> tuple[str, bool]:
    """('decimal' | 'int' | 'string', nullable) read from the model's JSON Schema, i.e.
    independently of the annotation walk in writers._arrow_type."""
    schema = model.model_json_schema(mode="validation")
    prop = schema["properties"][name]
    options = prop.get("anyOf", [prop])
    types = {o.get("type") for o in options}
    nullable = "null" in types or name not in schema.get("required", [])
    if {"number", "string"} <= types:  # pydantic's JSON Schema of a Decimal
        return "decimal", nullable
    if "integer" in types:
        return "int", nullable
    return "string", nullable


@pytest.mark.parametrize("table", list(TABLES))
def test_arrow_schema_follows_the_model(table):
    model = TABLES[table]
    schema = arrow_schema(table)
    assert schema.names == list(model.model_fields)
    for name, f in model.model_fields.items():
        field = schema.field(name)
        assert field.nullable == (not f.is_required()), name
        kind, _ = _annotation_kind(model, name)
        expected = {"decimal": pa.decimal128(38, VALUE_SCALE), "int": pa.int64(), "string": pa.string()}[kind]
        assert field.type == expected, name


@pytest.mark.parametrize(
    "table, column, arrow_type, nullable",
    [
        ("quantities", "value", pa.decimal128(38, 10), False),
        ("quantities", "value_max", pa.decimal128(38, 10), True),
        ("quantities", "total", pa.decimal128(38, 10), True),
        ("quantities", "start", pa.int64(), False),
        ("quantities", "kind", pa.string(), False),
        ("quantities", "unit", pa.string(), True),
        ("documents", "text", pa.string(), False),
        ("documents", "body_end", pa.int64(), False),
        ("sentences", "paragraph", pa.int64(), False),
        ("quarantine", "line", pa.int64(), True),
        ("quarantine", "reason", pa.string(), False),
    ],
    ids=lambda v: str(v) if isinstance(v, str) else None,
)
def test_arrow_schema_documented_columns(table, column, arrow_type, nullable):
    field = arrow_schema(table).field(column)
    assert (field.type, field.nullable) == (arrow_type, nullable)


def test_pandas_reads_every_format_with_documented_dtypes(tmp_path):
    rows = sample_rows()["quantities"]
    frames = {}
    for fmt in FORMATS:
        path = write_table(rows, "quantities", tmp_path / f"q{SUFFIX[fmt]}", fmt)
        frames[fmt] = {
            "parquet": lambda p: pd.read_parquet(p),
            "jsonl": lambda p: pd.read_json(p, lines=True, dtype={"value": str, "value_max": str, "total": str}),
            "csv": lambda p: pd.read_csv(p, dtype={"value": str, "value_max": str, "total": str}),
        }[fmt](path)
    for fmt, df in frames.items():
        assert list(df.columns) == list(TABLES["quantities"].model_fields)
        for col in ("start", "end", "sentence"):
            assert df[col].dtype == "int64", (fmt, col)
        values = [Decimal(str(v)) for v in df["value"]]
        assert values == [r["value"] for r in rows], fmt
    assert all(isinstance(v, Decimal) for v in frames["parquet"]["value"])


def test_pandas_reads_nullable_integers_as_integers(tmp_path):
    """Quarantine `line` and mention `sentence` are nullable ints: Int64, never float NaN."""
    import pandas as pd

    from extract.batch import run_batch

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Xã góp 5 triệu đồng.", encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text('{"id": "x", "text": "Huyện có 12 xã."}\n{broken\n', encoding="utf-8")
    (tmp_path / "in" / "c.pdf").write_bytes(b"%PDF")
    run_batch([tmp_path / "in"], tmp_path / "o", workers=1, progress=False)
    q = pd.read_parquet(tmp_path / "o" / "quarantine.parquet")
    assert str(q["line"].dtype) == "Int64"
    assert sorted(q["line"].dropna().tolist()) == [2] and q["line"].isna().sum() == 1
    typed = pd.read_parquet(tmp_path / "o" / "quantities.parquet", dtype_backend="pyarrow")
    assert str(typed["value"].dtype).startswith("decimal128(38, 10)")
