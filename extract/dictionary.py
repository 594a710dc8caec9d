"""The data dictionary: every table and column with its type and meaning, from the
pydantic models (the single source: the same text is in ``baocao schema`` and in the
Parquet column metadata). ``baocao schema --markdown`` prints it; docs/DATA_DICTIONARY.md
is its committed copy (a test keeps them equal)."""
from __future__ import annotations

import typing
from decimal import Decimal

from schemas import TABLES

INTRO = """# Data dictionary

Generated from the pydantic models in `schemas/records.py` by `baocao schema --markdown`;
do not edit by hand. Every table is written by `baocao extract` as
`OUT/<table>.parquet|.jsonl|.csv`, as a folder of Parquet files `OUT/<table>/` with
`--format parquet-dataset`, or in one DuckDB file with `--format duckdb`.

Conventions for every table:
- **Spans** are half-open `[start, end)` character offsets (Python `str` indices) into
  `documents.text`, the original decoded text: `documents.text[start:end] == text`.
- **Decimals** are exact: Parquet `decimal128(38, 10)`, DuckDB `DECIMAL(38,10)`, JSON and CSV
  decimal strings. pandas reads Parquet decimals as Python `Decimal` objects; use
  `pd.read_parquet(p, dtype_backend="pyarrow")` to keep them typed, or
  `df["value"].astype(float)` for a float view.
- **null** means "the text does not say" unless the column says otherwise.
- **Codes** (`area_code`, `areas.code`): `province:NN`, `district:NNN`, `ward:NNNNN` are the
  pre-2025 units (General Statistics Office codes); `province@2025:NN`, `ward@2025:NNNNN` the
  units after the 2025 reorganisation (34 provinces, no districts), in `area_new_code` and
  `areas.new_code`.
"""


def _type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType")):
        inner = [a for a in args if a is not type(None)]
        return _type_name(inner[0]) + (" or null" if len(inner) < len(args) else "")
    if origin is typing.Literal:
        return "string (one of: " + ", ".join(map(str, args)) + ")" if len(args) <= 12 else "string (a code, see meaning)"
    if annotation is Decimal:
        return "decimal"
    if annotation is int:
        return "integer"
    if annotation is str:
        return "string"
    return getattr(annotation, "__name__", str(annotation))


def render_markdown() -> str:
    lines = [INTRO]
    for table, model in TABLES.items():
        doc = (model.__doc__ or "").strip().split("\n")[0]
        lines += [f"## `{table}`", "", doc, "", "| column | type | meaning |", "|---|---|---|"]
        for name, field in model.model_fields.items():
            meaning = (field.description or "").replace("|", "\\|")
            lines.append(f"| `{name}` | {_type_name(field.annotation).replace('|', '/')} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
