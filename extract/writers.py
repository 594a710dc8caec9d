"""Table writers: Parquet (default), JSONL and CSV, from pydantic records.

Column types come from the models in :mod:`schemas`: strings, 64-bit ints,
and exact decimals (Parquet ``decimal128(38, 10)``; JSONL and CSV carry
decimals as strings so nothing is rounded). Files are written under a
temporary name and renamed when complete, so a table that looks whole is whole.
"""
from __future__ import annotations

import csv
import io
import json
import os
import types
import typing
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Literal, get_args, get_origin

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from schemas import TABLES
from schemas.records import VALUE_SCALE

Format = Literal["parquet", "jsonl", "csv"]
FORMATS: tuple[str, ...] = ("parquet", "jsonl", "csv")
SUFFIX = {"parquet": ".parquet", "jsonl": ".jsonl", "csv": ".csv"}
#: ``--format parquet-dataset``: each table a folder ``OUT/<table>/`` of Parquet files, the
#: part files of the run themselves (``part-NNNNNNN.parquet``, in row order by name).
DATASET = "parquet-dataset"
PART_GLOB = "part-*.parquet"
#: How an output folder holds its tables: one file per table, or one folder per table.
LAYOUTS: tuple[str, ...] = (*FORMATS, DATASET)
#: What ``baocao extract --format`` accepts: the table layouts, and one DuckDB file.
OUTPUT_FORMATS: tuple[str, ...] = (*LAYOUTS, "duckdb")


def _arrow_type(annotation: Any) -> pa.DataType:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _arrow_type(args[0])
    if origin is typing.Annotated:
        return _arrow_type(get_args(annotation)[0])
    if origin is Literal:
        return pa.string()
    if annotation is Decimal:
        return pa.decimal128(38, VALUE_SCALE)
    if annotation is int:
        return pa.int64()
    if annotation is bool:
        return pa.bool_()
    return pa.string()


@cache
def bare_schema(table: str) -> pa.Schema:
    """:func:`arrow_schema` without its metadata (descriptions, pandas hints): what rows travel
    in between processes, so each small table does not carry and re-parse the whole data
    dictionary; :func:`arrow_schema` is put back when a table is written."""
    full = arrow_schema(table)
    return pa.schema([f.remove_metadata() for f in full])


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of one table, derived from its pydantic model."""
    model = TABLES[table]
    fields = [pa.field(name, _arrow_type(f.annotation), nullable=not f.is_required(),
                       metadata={"description": f.description} if f.description else None)
              for name, f in model.model_fields.items()]
    # pandas reads a nullable integer column as Int64 (not float with NaN) when told so
    nullable_ints = [{"name": f.name, "field_name": f.name, "pandas_type": "int64", "numpy_type": "Int64", "metadata": None}
                     for f in fields if f.nullable and pa.types.is_integer(f.type)]
    pandas_meta = {"index_columns": [], "column_indexes": [], "columns": nullable_ints, "attributes": {},
                   "creator": {"library": "baocao"}, "pandas_version": "2.0.0"}
    return pa.schema(fields, metadata={"description": (model.__doc__ or "").strip().split("\n")[0], "table": table,
                                       "pandas": json.dumps(pandas_meta)})


def _tmp(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def rows_of(records: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [r.model_dump() for r in records]


def write_table(rows: list[dict[str, Any]], table: str, path: Path, fmt: Format) -> Path:
    """Write one table atomically; returns its path."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")
    tmp = _tmp(path)
    try:
        if fmt == "parquet":
            arrow = pa.Table.from_pylist(rows, schema=arrow_schema(table))
            pq.write_table(arrow, tmp, compression="zstd")
        elif fmt == "jsonl":
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False, default=_json_default))
                    fh.write("\n")
        else:
            names = list(TABLES[table].model_fields)
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=names, lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    except BaseException:
        tmp.unlink(missing_ok=True)  # a failed write leaves the old table (if any) and no partial one
        raise
    os.replace(tmp, path)
    return path


def _json_default(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return v


def table_path(out: Path, table: str, layout: str) -> Path:
    """Where ``layout`` puts ``table`` in an output folder: ``OUT/<table><suffix>``, or the
    folder ``OUT/<table>/`` for a dataset."""
    return Path(out) / (table if layout == DATASET else f"{table}{SUFFIX[layout]}")


def is_dataset_folder(path: Path) -> bool:
    """A folder of part files and nothing else, as ``--format parquet-dataset`` writes one:
    the only kind of folder baocao removes or replaces (a user's own ``OUT/quantities/``
    is never touched)."""
    path = Path(path)
    return path.is_dir() and all(p.is_file() and p.match(PART_GLOB) for p in path.iterdir())


def output_layout(out: Path) -> str | None:
    """The layout of an output folder's tables (that of its documents table), or None."""
    def holds(layout: str) -> bool:
        path = table_path(out, "documents", layout)
        return is_dataset_folder(path) if layout == DATASET else path.is_file()
    return next((layout for layout in LAYOUTS if holds(layout)), None)


def read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a table written by :func:`write_table`, or of a dataset folder (its files in
    name order, which is part order: the rows in the order the run wrote them)."""
    path = Path(path)
    if path.is_dir() or path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    if path.suffix == ".jsonl":
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(io.StringIO(fh.read())))
    raise ValueError(f"{path}: not a table file (.parquet, .jsonl or .csv) or folder of Parquet files")
