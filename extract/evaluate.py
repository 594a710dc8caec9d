"""Score extracted quantities against gold annotations (SPEC §5).

Conventions, in one place (each one has a test in ``tests/test_evaluate.py``):

* **Spans are half-open** ``[start, end)``. Two spans overlap iff
  ``max(starts) < min(ends)``: ``[0, 5)`` and ``[5, 9)`` do *not* overlap.
  (nervaluate mixes inclusive and exclusive ends; there is exactly one
  convention here.)
* **Lenient matching**: per document, every overlapping (gold, prediction)
  pair is a candidate; pairs are taken greedily, one-to-one, by overlap size
  (largest first), ties broken by the smaller union (the tighter fit), then by
  gold position, then prediction position, then row order — deterministic.
* **Strict matching** is computed separately: identical ``(start, end)``,
  one-to-one.
* **Per kind**: recall of kind K counts gold quantities of kind K (the kind
  comes from the gold side); precision of kind K counts predictions of kind K
  (the kind comes from the prediction). Per kind, ``tp`` is the number of
  matched *gold* quantities (``tp + fn = n_gold``) and ``tp_pred`` the number
  of matched *predictions* (``tp_pred + fp = n_pred``); on the ``ALL`` row they
  are equal.
* **Value F1** (the headline): a lenient match is a true positive only if
  value, unit, total and value_max all agree exactly (``Decimal`` equality,
  ``None == None``). A matched pair with a wrong value is one value FN *and*
  one value FP.
* **Undefined ratios**: precision with no predictions and recall with no gold
  are NaN (``null`` in JSON), never a made-up 0 or 1. F1 is NaN only when both
  are undefined; otherwise an undefined side counts as 0, so overall
  ``F1 = 2·tp / (2·tp + fp + fn)`` always (an empty prediction scores F1 0).
* **Accuracy** of kind, approx, item, per, campaign, area and period is over
  *all* leniently matched pairs, including pairs whose gold field is null:
  predicting null when gold is null is right, predicting a value when gold is
  null is wrong (and so is null when gold has a value). NaN when nothing
  matched.
* **Values are Decimal**, never float: JSON numbers are parsed as Decimal,
  strings as Decimal, Parquet decimal128 arrives as Decimal, CSV cells are
  strings. A float that does reach us (e.g. a float64 Parquet column) is taken
  at its shortest repr (``0.1`` → ``Decimal("0.1")``), never at its binary
  expansion.
"""
from __future__ import annotations

import gzip
import html as html_lib
import json
import math
import numbers
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from .errors import InputError

__all__ = [
    "ACCURACY_FIELDS",
    "Report",
    "evaluate",
    "evaluate_by",
    "fold",
    "gold_sources",
    "load_quantities",
    "load_texts",
    "main",
    "render_errors",
    "render_groups",
    "render_html",
    "render_text",
]

KINDS = ("money", "length", "area", "volume", "mass", "percent", "count", "duration", "rate", "other")
NO_KIND = "(none)"
DECIMAL_COLUMNS = ("value", "value_max", "total")
STRING_COLUMNS = ("text", "kind", "unit", "item", "per", "approx", "campaign", "area", "area_code", "period")
#: The columns the evaluator reads; any others are carried along untouched.
COLUMNS = ("doc_id", "start", "end") + STRING_COLUMNS + DECIMAL_COLUMNS
#: What must agree for a value true positive.
VALUE_FIELDS = ("value", "unit", "total", "value_max")
LINK_FIELDS = ("campaign", "area", "period")
#: Fields scored by accuracy over leniently matched pairs.
ACCURACY_FIELDS = ("kind", "approx", "item", "per") + LINK_FIELDS
TABLE_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".parquet", ".csv", ".csv.gz")

#: Error types in the errors table, and the label each gets in HTML and text.
ERROR_LABELS = {
    "fn": "MISS",
    "fp": "FP",
    "value_mismatch": "WRONG-VALUE",
    "link_mismatch": "WRONG-LINK",
    "field_mismatch": "WRONG-FIELD",
    "boundary": "BOUNDARY",
}
_ERROR_ORDER = {name: i for i, name in enumerate(ERROR_LABELS)}
_COMPARED = ("start", "end", "text", "kind") + VALUE_FIELDS + ("item", "per", "approx") + LINK_FIELDS


# --------------------------------------------------------------------------- loading


def _table_in(folder: Path, name: str) -> Path | None:
    for suffix in TABLE_SUFFIXES:
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    candidate = folder / name  # a folder of Parquet parts, as Spark/Dask and `--format parquet-dataset` write them
    if _is_parquet_folder(candidate):
        return candidate
    return None


def _is_parquet_folder(path: Path) -> bool:
    """A folder with Parquet files in it: one table as Spark, Dask and ``--format
    parquet-dataset`` write one (unless a table of the name sought sits in it)."""
    return path.is_dir() and any(path.glob("*.parquet"))


def _open_text(path: Path):
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def _read_jsonl(path: Path) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    try:
        with _open_text(path) as handle:
            for lineno, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line, parse_float=Decimal)
                except json.JSONDecodeError as exc:
                    raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", source=str(path), line=lineno) from None
                if not isinstance(obj, dict):
                    raise InputError(f"expected one JSON object per line, got {type(obj).__name__}", source=str(path), line=lineno)
                obj["_line"] = lineno
                rows.append(obj)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 ({exc.reason} at byte {exc.start})", source=str(path)) from None
    return pd.DataFrame(rows)


def _read_table(path: Path) -> pd.DataFrame:
    name = path.name.lower()
    try:
        if path.is_dir() or name.endswith((".parquet", ".pq")):
            return pd.read_parquet(path)
        if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json")):
            return _read_jsonl(path)
        if name.endswith((".csv", ".csv.gz")):
            # strings everywhere: values stay exact, empty cells become None later
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except InputError:
        raise
    except (OSError, ValueError) as exc:  # pyarrow and pandas parse errors are ValueErrors
        raise InputError(f"cannot read table: {exc}", source=str(path)) from None
    raise InputError("unknown table format; expected .jsonl, .parquet or .csv (or a folder holding one)", source=str(path))


def _resolve_table(path: str | Path, name: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or folder", source=str(p))
    if p.is_dir():
        found = _table_in(p, name)
        if found is None and any(p.glob("*.parquet")) and not any(p.glob("*.jsonl")):
            return p  # the table itself, as a folder of Parquet parts
        if found is None:
            expected = ", ".join(f"{name}{s}" for s in TABLE_SUFFIXES)
            raise InputError(f"no {name} table in this folder; expected one of {expected} or a {name}/ folder of Parquet parts", source=str(p))
        return found
    return p


def load_quantities(path: str | Path) -> pd.DataFrame:
    """Quantities from a JSONL/Parquet/CSV file, an extractor output folder or a
    gold folder; values as ``Decimal``, missing optional columns as ``None``."""
    table = _resolve_table(path, "quantities")
    return _standardise(_read_table(table), source=str(table))


def _is_missing(x: Any) -> bool:
    if x is None or x is pd.NA:
        return True
    return isinstance(x, float) and math.isnan(x)


def _to_decimal(x: Any, column: str, where: str, source: str) -> Decimal | None:
    if _is_missing(x):
        return None
    try:
        if isinstance(x, Decimal):
            d = x
        elif isinstance(x, bool):
            raise InvalidOperation
        elif isinstance(x, numbers.Integral):
            d = Decimal(int(x))
        elif isinstance(x, numbers.Real):
            d = Decimal(repr(float(x)))  # shortest repr: 0.1 -> Decimal("0.1")
        elif isinstance(x, str):
            s = x.strip()
            if not s or s.lower() in {"null", "none", "nan"}:
                return None
            d = Decimal(s)
        else:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise InputError(f"{where}: {column} {x!r} is not a decimal number", source=source) from None
    if not d.is_finite():
        raise InputError(f"{where}: {column} {x!r} is not a finite number", source=source)
    return d


def _to_offset(x: Any, column: str, where: str, source: str) -> int:
    if isinstance(x, numbers.Integral) and not isinstance(x, bool):
        value = int(x)
    elif isinstance(x, str) and x.strip().isdigit():
        value = int(x.strip())
    elif isinstance(x, (float, Decimal)) and not _is_missing(x) and x == int(x):
        value = int(x)
    else:
        raise InputError(f"{where}: {column} {x!r} is not a character offset", source=source)
    if value < 0:
        raise InputError(f"{where}: {column} {value} is negative", source=source)
    return value


def _to_str(x: Any) -> str | None:
    if _is_missing(x):
        return None
    s = str(x)
    return s if s else None


def _strings(values: list[Any]) -> list[str | None]:
    return [x if type(x) is str and x else _to_str(x) for x in values]


def _standardise(df: pd.DataFrame, source: str = "<DataFrame>") -> pd.DataFrame:
    """Coerce a quantities table to the evaluator's columns and types."""
    missing = [c for c in ("doc_id", "start", "end") if c not in df.columns]
    if missing and len(df):
        raise InputError(f"missing column(s) {', '.join(missing)}; a quantities table needs doc_id, start, end (found: {', '.join(map(str, df.columns))})", source=source)
    n = len(df)
    # idempotent: the line numbers of a JSONL file survive a second pass as "line"
    line_column = "_line" if "_line" in df.columns else "line" if "line" in df.columns else None
    lines = [None if _is_missing(x) else int(x) for x in df[line_column].tolist()] if line_column else [None] * n

    def where(i: int) -> str:
        return f"line {lines[i]}" if lines[i] is not None else f"row {i + 1}"

    out: dict[str, list[Any]] = {}
    out["doc_id"] = _strings(df["doc_id"].tolist()) if n else []
    for i, doc in enumerate(out["doc_id"]):
        if doc is None:
            raise InputError(f"{where(i)}: doc_id is missing", source=source)
    for col in ("start", "end"):
        if not n:
            out[col] = []
        elif pd.api.types.is_integer_dtype(df[col].dtype) and not pd.api.types.is_extension_array_dtype(df[col].dtype):
            out[col] = df[col].tolist()
            if min(out[col]) < 0:
                i = out[col].index(min(out[col]))
                raise InputError(f"{where(i)}: {col} {out[col][i]} is negative", source=source)
        else:
            out[col] = [_to_offset(x, col, where(i), source) for i, x in enumerate(df[col].tolist())]
    for i, (s, e) in enumerate(zip(out["start"], out["end"])):
        if e <= s:
            raise InputError(f"{where(i)}: empty or reversed span [{s}, {e})", source=source)
    for col in STRING_COLUMNS:
        out[col] = _strings(df[col].tolist()) if col in df.columns else [None] * n
    for col in DECIMAL_COLUMNS:
        if col in df.columns:
            out[col] = [x if type(x) is Decimal and x.is_finite() else _to_decimal(x, col, where(i), source) for i, x in enumerate(df[col].tolist())]
        else:
            out[col] = [None] * n
    out["line"] = lines
    result = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in out.items()}, index=range(n))
    if n:
        result["start"] = result["start"].astype("int64")
        result["end"] = result["end"].astype("int64")
    extras = [c for c in df.columns if c not in out and c != "_line"]
    for col in extras:
        result[col] = df[col].to_numpy()
    return result


def _read_txt(path: Path) -> str:
    # bytes, not text mode: universal newlines would turn \r\n into \n and shift every offset
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")  # the BOM is not text (the decode stage drops it too)
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 ({exc.reason} at byte {exc.start})"
    try:  # a legacy encoding: decode it as the extractor does, so offsets agree
        from .decode import decode_bytes
    except ImportError:
        raise InputError(reason, source=str(path)) from None
    return decode_bytes(data, source=str(path)).text


def load_texts(path: str | Path) -> dict[str, str]:
    """Original texts by doc_id: from a documents table (a file, a folder of Parquet parts, or a
    folder holding ``documents.jsonl|.parquet|.csv`` or ``documents/``) or a corpus folder of
    ``<doc_id>.txt`` (searched recursively, hidden entries left out)."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or folder", source=str(p))
    if p.is_file() and p.suffix == ".txt":
        return {p.stem: _read_txt(p)}
    if p.is_dir():
        table = _table_in(p, "documents") or (p if _is_parquet_folder(p) else None)
        if table is None:
            txts = sorted(t for t in p.rglob("*.txt") if not any(part.startswith(".") for part in t.relative_to(p).parts))
            if not txts:
                raise InputError("neither a documents table (documents.jsonl|.parquet|.csv) nor <doc_id>.txt files in this folder", source=str(p))
            out: dict[str, str] = {}
            for t in txts:
                if t.stem in out:
                    raise InputError(f"two articles with doc_id {t.stem!r} (doc_id is the file stem; stems must be unique across subfolders)", source=str(t))
                out[t.stem] = _read_txt(t)
            return out
        p = table
    df = _read_table(p)
    if len(df) and not {"doc_id", "text"} <= set(df.columns):
        raise InputError(f"a documents table needs doc_id and text columns (found: {', '.join(map(str, df.columns))})", source=str(p))
    if not len(df):
        return {}
    return {str(d): ("" if _is_missing(t) else str(t)) for d, t in zip(df["doc_id"].tolist(), df["text"].tolist())}


# --------------------------------------------------------------------------- folding


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_QUOTES = re.compile(r"[\"'“”‘’«»„‟‚‛`´]")
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]\s*")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _canonical_tones(word: str) -> str:
    """Move a syllable's tone mark to its end so hoà/hòa and thuỷ/thủy fold alike."""
    chars = unicodedata.normalize("NFD", word)
    tones = [c for c in chars if c in _TONES]
    if not tones:
        return unicodedata.normalize("NFC", chars)
    base = "".join(c for c in chars if c not in _TONES)
    return unicodedata.normalize("NFC", base) + "".join(tones)


@lru_cache(maxsize=65536)
def fold(s: str | None) -> str | None:
    """Case, quotes, dashes, spacing and tone placement folded; ``None`` for empty."""
    if s is None:
        return None
    s = _INVISIBLE.sub("", unicodedata.normalize("NFC", s)).casefold()
    s = _QUOTES.sub("", s)
    s = _DASHES.sub("-", s)
    words = [_canonical_tones(w) for w in s.split()]
    return " ".join(words) or None


def _same_value(g: Any, p: Any) -> bool:
    return g == p  # Decimal equality: Decimal("8500000000") == Decimal("8.5E9"); None == None


def _same_exact(g: str | None, p: str | None) -> bool:
    return g == p


def _same_folded(g: str | None, p: str | None) -> bool:
    return fold(g) == fold(p)


_EDGE_PUNCT = re.compile(r"[,;:.!?()\[\]]+")


def _words(s: str | None) -> list[str] | None:
    """Folded words, punctuation dropped first: "mới," ~ "mới"; None for empty."""
    if s is None:
        return None
    folded = fold(_EDGE_PUNCT.sub(" ", s))
    return folded.split() if folded else None


def _same_item(g: str | None, p: str | None) -> bool:
    """Word-prefix: "hộ" ~ "hộ nghèo" (head-first noun phrases), but not "hộ" ~ "hội viên"."""
    a, b = _words(g), _words(p)
    if a is None or b is None:
        return a is b
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_[: len(short)] == short


def _same_link(g: str | None, p: str | None) -> bool:
    """Equal after folding, or one contained in the other at word boundaries."""
    a, b = _words(g), _words(p)
    if a is None or b is None:
        return a is b
    wg, wp = " ".join(a), " ".join(b)
    return f" {wg} " in f" {wp} " or f" {wp} " in f" {wg} "


_FIELD_CHECKS = {
    "kind": _same_exact,
    "approx": _same_exact,
    "item": _same_item,
    "per": _same_folded,
    "campaign": _same_link,
    "area": _same_link,
    "period": _same_folded,
}


# --------------------------------------------------------------------------- matching


def _lenient_pairs(g_rows: list[int], p_rows: list[int], gs, ge, ps, pe) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of overlapping spans, largest overlap first.

    A sweep over starts finds the overlapping pairs without comparing every
    gold with every prediction.
    """
    events = sorted([(gs[i], 0, i) for i in g_rows] + [(ps[j], 1, j) for j in p_rows])
    active_g: list[int] = []
    active_p: list[int] = []
    candidates = []
    for start, side, k in events:
        if active_g:
            active_g = [i for i in active_g if ge[i] > start]
        if active_p:
            active_p = [j for j in active_p if pe[j] > start]
        if side == 0:
            partners = [(k, j) for j in active_p]
            active_g.append(k)
        else:
            partners = [(i, k) for i in active_g]
            active_p.append(k)
        for i, j in partners:
            overlap = min(ge[i], pe[j]) - max(gs[i], ps[j])
            union = max(ge[i], pe[j]) - min(gs[i], ps[j])
            candidates.append((-overlap, union, gs[i], ps[j], ge[i], pe[j], i, j))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _strict_pairs(g_rows: list[int], p_rows: list[int], gs, ge, ps, pe) -> list[tuple[int, int]]:
    by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in sorted(g_rows, key=lambda i: (gs[i], ge[i], i)):
        by_span[(gs[i], ge[i])].append(i)
    pairs = []
    for j in sorted(p_rows, key=lambda j: (ps[j], pe[j], j)):
        waiting = by_span.get((ps[j], pe[j]))
        if waiting:
            pairs.append((waiting.pop(0), j))
    return pairs


# --------------------------------------------------------------------------- report


def _ratio(num: int, den: int) -> float:
    return num / den if den else math.nan


def _f1(precision: float, recall: float) -> float:
    if math.isnan(precision) and math.isnan(recall):
        return math.nan
    p = 0.0 if math.isnan(precision) else precision
    r = 0.0 if math.isnan(recall) else recall
    return 2 * p * r / (p + r) if p + r else 0.0


def _json_number(x: float) -> float | None:
    return None if isinstance(x, float) and math.isnan(x) else x


def _json_value(x: Any) -> Any:
    if isinstance(x, Decimal):
        return _fmt_decimal(x)
    if _is_missing(x):
        return None
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, numbers.Real):
        return float(x)
    return x


def _fmt_decimal(d: Decimal | None) -> str:
    if d is None:
        return "null"
    return format(d.normalize(), "f")


SCHEMES = (("span_lenient", "lenient"), ("span_strict", "strict"), ("value", "value"))


@dataclass
class Report:
    """The evaluation of §5.

    ``summary``: one row per kind, ``ALL`` first; for each scheme
    (``lenient``, ``strict``, ``value``) columns ``<scheme>_precision``,
    ``_recall``, ``_f1``, ``_tp`` (matched gold), ``_tp_pred`` (matched
    predictions), ``_fp``, ``_fn``; plus ``n_gold`` and ``n_pred``.
    ``errors``: one row per miss, false positive and mismatch (see
    ``ERROR_LABELS``), with gold and predicted fields and the sentence.
    """

    summary: pd.DataFrame
    accuracy: dict[str, float]
    errors: pd.DataFrame
    accuracy_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    n_docs: int = 0
    ignored_predictions: int = 0

    def row(self, kind: str = "ALL") -> pd.Series:
        return self.summary.set_index("kind").loc[kind]

    def _scheme_dict(self, row: pd.Series, prefix: str) -> dict[str, Any]:
        return {
            "precision": _json_number(float(row[f"{prefix}_precision"])),
            "recall": _json_number(float(row[f"{prefix}_recall"])),
            "f1": _json_number(float(row[f"{prefix}_f1"])),
            "tp": int(row[f"{prefix}_tp"]),
            "tp_pred": int(row[f"{prefix}_tp_pred"]),
            "fp": int(row[f"{prefix}_fp"]),
            "fn": int(row[f"{prefix}_fn"]),
        }

    def to_dict(self, *, errors: bool = False) -> dict[str, Any]:
        """A JSON-able dict; NaN (undefined ratio) becomes ``None``."""
        rows = {r["kind"]: r for _, r in self.summary.iterrows()}
        overall = rows["ALL"]
        out: dict[str, Any] = {key: self._scheme_dict(overall, prefix) for key, prefix in SCHEMES}
        out["n_gold"] = int(overall["n_gold"])
        out["n_pred"] = int(overall["n_pred"])
        out["n_docs"] = self.n_docs
        out["ignored_predictions"] = self.ignored_predictions
        out["accuracy"] = {k: _json_number(v) for k, v in self.accuracy.items()}
        out["accuracy_counts"] = {k: {"correct": c, "n": n} for k, (c, n) in self.accuracy_counts.items()}
        out["per_kind"] = {
            kind: {"n_gold": int(r["n_gold"]), "n_pred": int(r["n_pred"]), **{key: self._scheme_dict(r, prefix) for key, prefix in SCHEMES}}
            for kind, r in rows.items()
            if kind != "ALL"
        }
        out["conventions"] = {
            "spans": "half-open [start, end); overlap iff max(start) < min(end)",
            "matching": "one-to-one, greedy by overlap size; strict = identical spans",
            "per_kind": "recall by gold kind, precision by predicted kind; tp = matched gold, tp_pred = matched predictions",
            "undefined": "precision with no predictions / recall with no gold is null; f1 is null only if both are",
            "accuracy": "over all leniently matched pairs, gold nulls included (null vs null is correct)",
        }
        if errors:
            out["errors"] = [{k: _json_value(v) for k, v in rec.items()} for rec in self.errors.to_dict("records")]
        return out


_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")
_CONTEXT_REACH = 400


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """From the previous sentence end to the next one; a dot inside a number
    ("1.314.626.000") is not an end because it is not followed by space."""
    lo = max(0, start - _CONTEXT_REACH)
    left = lo
    # endpos one past the boundary so the lookahead can see the space after a dot
    for m in _SENTENCE_END.finditer(text, lo, min(len(text), start + 1)):
        if m.end() <= start:
            left = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + _CONTEXT_REACH + 1))
    right = m.end() if m else min(len(text), end + _CONTEXT_REACH)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return left, right


def _counts_row(kind: str, n_gold: Counter, n_pred: Counter, hits: dict[str, tuple[Counter, Counter]]) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": kind, "n_gold": n_gold[kind], "n_pred": n_pred[kind]}
    for _, prefix in SCHEMES:
        gold_hits, pred_hits = hits[prefix]
        tp, tp_pred = gold_hits[kind], pred_hits[kind]
        precision = _ratio(tp_pred, n_pred[kind])
        recall = _ratio(tp, n_gold[kind])
        row[f"{prefix}_precision"] = precision
        row[f"{prefix}_recall"] = recall
        row[f"{prefix}_f1"] = _f1(precision, recall)
        row[f"{prefix}_tp"] = tp
        row[f"{prefix}_tp_pred"] = tp_pred
        row[f"{prefix}_fp"] = n_pred[kind] - tp_pred
        row[f"{prefix}_fn"] = n_gold[kind] - tp
    return row


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind), "") if kind in KINDS else (len(KINDS), kind)


def evaluate(
    gold_df: pd.DataFrame,
    pred_df: pd.DataFrame,
    texts: Mapping[str, str] | None = None,
    *,
    docs: Iterable[str] | None = None,
) -> Report:
    """Score ``pred_df`` against ``gold_df`` (SPEC §5; conventions in the module doc).

    ``texts`` (doc_id -> original text) gives each error its sentence.
    ``docs`` limits the evaluation to those documents (predictions elsewhere
    are ignored and counted in ``Report.ignored_predictions``); by default
    every document on either side is in scope.
    """
    gold = _standardise(gold_df, "gold")
    pred = _standardise(pred_df, "prediction")
    ignored = 0
    if docs is not None:
        scope = set(docs)
        keep_g = gold["doc_id"].isin(scope)
        keep_p = pred["doc_id"].isin(scope)
        ignored = int((~keep_p).sum())
        gold = gold[keep_g].reset_index(drop=True)
        pred = pred[keep_p].reset_index(drop=True)
    g = {c: gold[c].tolist() for c in gold.columns if c in COLUMNS or c == "line"}
    p = {c: pred[c].tolist() for c in pred.columns if c in COLUMNS or c == "line"}
    gs, ge, ps, pe = g["start"], g["end"], p["start"], p["end"]

    g_by_doc: dict[str, list[int]] = defaultdict(list)
    p_by_doc: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(g["doc_id"]):
        g_by_doc[doc].append(i)
    for j, doc in enumerate(p["doc_id"]):
        p_by_doc[doc].append(j)
    all_docs = sorted(set(g_by_doc) | set(p_by_doc))

    lenient: list[tuple[int, int]] = []
    strict: list[tuple[int, int]] = []
    for doc in all_docs:
        g_rows, p_rows = g_by_doc.get(doc, []), p_by_doc.get(doc, [])
        if g_rows and p_rows:
            lenient.extend(_lenient_pairs(g_rows, p_rows, gs, ge, ps, pe))
            strict.extend(_strict_pairs(g_rows, p_rows, gs, ge, ps, pe))

    g_kind = [k or NO_KIND for k in g["kind"]]
    p_kind = [k or NO_KIND for k in p["kind"]]
    n_gold, n_pred = Counter(g_kind), Counter(p_kind)
    hits: dict[str, tuple[Counter, Counter]] = {prefix: (Counter(), Counter()) for _, prefix in SCHEMES}
    for i, j in strict:
        hits["strict"][0][g_kind[i]] += 1
        hits["strict"][1][p_kind[j]] += 1

    correct = Counter()
    error_rows: list[tuple[str, int | None, int | None, str]] = []
    matched_g: set[int] = set()
    matched_p: set[int] = set()
    for i, j in lenient:
        matched_g.add(i)
        matched_p.add(j)
        hits["lenient"][0][g_kind[i]] += 1
        hits["lenient"][1][p_kind[j]] += 1
        value_diff = [f for f in VALUE_FIELDS if not _same_value(g[f][i], p[f][j])]
        if not value_diff:
            hits["value"][0][g_kind[i]] += 1
            hits["value"][1][p_kind[j]] += 1
        field_diff = []
        for name, same in _FIELD_CHECKS.items():
            if same(g[name][i], p[name][j]):
                correct[name] += 1
            else:
                field_diff.append(name)
        if value_diff:
            error_rows.append(("value_mismatch", i, j, ",".join(value_diff)))
        links = [f for f in field_diff if f in LINK_FIELDS]
        others = [f for f in field_diff if f not in LINK_FIELDS]
        if links:
            error_rows.append(("link_mismatch", i, j, ",".join(links)))
        if others:
            error_rows.append(("field_mismatch", i, j, ",".join(others)))
        if (gs[i], ge[i]) != (ps[j], pe[j]):
            error_rows.append(("boundary", i, j, "span"))
    for i in range(len(gs)):
        if i not in matched_g:
            error_rows.append(("fn", i, None, ""))
    for j in range(len(ps)):
        if j not in matched_p:
            error_rows.append(("fp", None, j, ""))

    kinds = sorted(set(n_gold) | set(n_pred), key=_kind_order)
    total_gold, total_pred = Counter({"ALL": len(gs)}), Counter({"ALL": len(ps)})
    total_hits = {prefix: (Counter({"ALL": sum(a.values())}), Counter({"ALL": sum(b.values())})) for prefix, (a, b) in hits.items()}
    rows = [_counts_row("ALL", total_gold, total_pred, total_hits)]
    rows += [_counts_row(k, n_gold, n_pred, hits) for k in kinds]
    summary = pd.DataFrame(rows)

    n_matched = len(lenient)
    accuracy = {name: _ratio(correct[name], n_matched) for name in _FIELD_CHECKS}
    accuracy_counts = {name: (correct[name], n_matched) for name in _FIELD_CHECKS}
    errors = _errors_frame(error_rows, g, p, texts)
    return Report(summary=summary, accuracy=accuracy, errors=errors, accuracy_counts=accuracy_counts, n_docs=len(all_docs), ignored_predictions=ignored)


_ERROR_COLUMNS = ["doc_id", "error", "label", "fields", "start", "end", "text", "kind", "context", "context_start"] + [
    f"{side}_{name}" for side in ("gold", "pred") for name in _COMPARED + ("line",)
]


def _errors_frame(
    found: list[tuple[str, int | None, int | None, str]],
    g: dict[str, list[Any]],
    p: dict[str, list[Any]],
    texts: Mapping[str, str] | None,
) -> pd.DataFrame:
    """One row per error: the error's own span (gold's, or the prediction's for
    an FP), both sides' fields, and the sentence around it."""
    import numpy as np

    found.sort(key=lambda e: (
        (g if e[1] is not None else p)["doc_id"][e[1] if e[1] is not None else e[2]],
        (g if e[1] is not None else p)["start"][e[1] if e[1] is not None else e[2]],
        (g if e[1] is not None else p)["end"][e[1] if e[1] is not None else e[2]],
        _ERROR_ORDER[e[0]],
    ))
    n_g, n_p = len(g["doc_id"]), len(p["doc_id"])
    gi = np.array([n_g if i is None else i for _, i, _, _ in found], dtype=np.int64)
    pj = np.array([n_p if j is None else j for _, _, j, _ in found], dtype=np.int64)

    def take(column: list[Any], index: Any) -> np.ndarray:
        arr = np.empty(len(column) + 1, dtype=object)  # the extra last cell is the missing side's None
        arr[:-1] = column
        return arr[index]

    cols: dict[str, Any] = {}
    for side, table, index in (("gold", g, gi), ("pred", p, pj)):
        for name in _COMPARED + ("line",):
            cols[f"{side}_{name}"] = take(table[name], index)
    own = np.array([i is not None for _, i, _, _ in found], dtype=bool)
    cols["doc_id"] = np.where(own, take(g["doc_id"], gi), take(p["doc_id"], pj))
    for name in ("start", "end", "text", "kind"):
        cols[name] = np.where(own, cols[f"gold_{name}"], cols[f"pred_{name}"])
    cols["error"] = np.array([e[0] for e in found], dtype=object)
    cols["label"] = np.array([ERROR_LABELS[e[0]] for e in found], dtype=object)
    cols["fields"] = np.array([e[3] for e in found], dtype=object)
    contexts = np.empty(len(found), dtype=object)
    context_starts = np.empty(len(found), dtype=object)
    if texts:
        for k in range(len(found)):
            doc, start, end = cols["doc_id"][k], cols["start"][k], cols["end"][k]
            text = texts.get(doc)
            if text is not None and end <= len(text):
                left, right = _sentence_bounds(text, start, end)
                contexts[k], context_starts[k] = text[left:right], left
                if cols["text"][k] is None:
                    cols["text"][k] = text[start:end]
    cols["context"], cols["context_start"] = contexts, context_starts
    frame = pd.DataFrame({c: pd.Series(cols[c], dtype=object) for c in _ERROR_COLUMNS}, index=range(len(found)))
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    return frame


# --------------------------------------------------------------------------- rendering


def _fmt_ratio(x: float) -> str:
    return "  -  " if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def render_text(report: Report) -> str:
    """An aligned table for the terminal: overall and per kind, then accuracies."""
    s = report.summary
    overall = report.row("ALL")
    lines = [
        f"{report.n_docs} documents, {int(overall['n_gold'])} gold and {int(overall['n_pred'])} predicted quantities"
        + (f" ({report.ignored_predictions} predictions outside the gold documents ignored)" if report.ignored_predictions else ""),
        "",
    ]
    width = max([len("kind")] + [len(k) for k in s["kind"]])
    nw = max([5] + [len(str(int(x))) for x in s["n_gold"].tolist() + s["n_pred"].tolist()])
    head1 = f"{'':<{width}}  {'':>{nw}} {'':>{nw}} │" + " │".join(f"{name:^18}" for name in ("span lenient", "span strict", "value (headline)"))
    head2 = f"{'kind':<{width}}  {'gold':>{nw}} {'pred':>{nw}} │" + " │".join([f" {'P':>5} {'R':>5} {'F1':>5}"] * 3)
    lines += [head1, head2, "─" * len(head2)]
    for _, r in s.iterrows():
        cells = []
        for _, prefix in SCHEMES:
            cells.append(f" {_fmt_ratio(r[f'{prefix}_precision']):>5} {_fmt_ratio(r[f'{prefix}_recall']):>5} {_fmt_ratio(r[f'{prefix}_f1']):>5}")
        lines.append(f"{r['kind']:<{width}}  {int(r['n_gold']):>{nw}} {int(r['n_pred']):>{nw}} │" + " │".join(cells))
        if r["kind"] == "ALL":
            lines.append("─" * len(head2))
    lines += ["", "counts (tp = matched gold, tp_pred = matched predictions)"]
    lines.append(f"{'':<{width}} │" + " │".join(f"{name:^{4 * nw + 6}}" for name in ("span lenient", "span strict", "value")))
    lines.append(f"{'kind':<{width}} │" + " │".join([f"{'tp':>{nw + 1}}{'tp_pred':>{nw + 3}}{'fp':>{nw + 1}}{'fn':>{nw + 1}}"] * 3))
    for _, r in s.iterrows():
        cells = [f"{int(r[f'{p}_tp']):>{nw + 1}}{int(r[f'{p}_tp_pred']):>{nw + 3}}{int(r[f'{p}_fp']):>{nw + 1}}{int(r[f'{p}_fn']):>{nw + 1}}" for _, p in SCHEMES]
        lines.append(f"{r['kind']:<{width}} │" + " │".join(cells))
    matched = next(iter(report.accuracy_counts.values()), (0, 0))[1]
    lines += ["", f"accuracy over {matched} leniently matched pairs (gold null counts: null vs null is right)"]
    for name, acc in report.accuracy.items():
        c, n = report.accuracy_counts.get(name, (0, 0))
        lines.append(f"  {name:<9} {_fmt_ratio(acc):>5}  ({c}/{n})")
    return "\n".join(lines)


def _describe(row: Mapping[str, Any], side: str) -> str:
    def get(name: str) -> Any:
        v = row.get(f"{side}_{name}")
        return None if _is_missing(v) else v

    if get("start") is None:
        return "—"
    parts = [f"[{int(get('start'))},{int(get('end'))})"]
    if get("text"):
        parts.append(repr(get("text")))
    parts.append(str(get("kind")))
    value = _fmt_decimal(get("value"))
    if get("value_max") is not None:
        value += "–" + _fmt_decimal(get("value_max"))
    if get("total") is not None:
        value += "/" + _fmt_decimal(get("total"))
    parts.append(value)
    for name in ("unit", "approx", "item", "per", "campaign", "area", "period"):
        if get(name) is not None:
            parts.append(f"{name}={get(name)}")
    return " ".join(parts)


def _marked_context(row: Mapping[str, Any]) -> str | None:
    ctx = row.get("context")
    if not ctx or _is_missing(row.get("context_start")):
        return None
    a = int(row["start"]) - int(row["context_start"])
    b = int(row["end"]) - int(row["context_start"])
    return " ".join((ctx[:a] + "⟦" + ctx[a:b] + "⟧" + ctx[b:]).split())


def render_errors(report: Report) -> str:
    """Every error, grouped by document, with gold and prediction side by side."""
    errors = report.errors
    if errors.empty:
        return "no errors"
    out: list[str] = []
    for doc_id, group in errors.groupby("doc_id", sort=True):
        counts = Counter(group["label"])
        out.append(f"== {doc_id}  (" + ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) + ")")
        for row in group.to_dict("records"):
            what = f" ({row['fields']})" if row["fields"] and row["error"] not in {"fn", "fp"} else ""
            surface = "" if _is_missing(row["text"]) else repr(row["text"])
            out.append(f"  {row['label']:<11} [{row['start']},{row['end']}) {surface}{what}")
            if row["error"] != "fp":
                out.append(f"      gold: {_describe(row, 'gold')}" + (f"  (line {row['gold_line']})" if row.get("gold_line") else ""))
            if row["error"] != "fn":
                out.append(f"      pred: {_describe(row, 'pred')}")
            ctx = _marked_context(row)
            if ctx:
                out.append(f"      … {ctx}")
        out.append("")
    return "\n".join(out).rstrip()


_COLORS = {
    "MISS": "#f4a3a3",
    "FP": "#f7cf7c",
    "WRONG-VALUE": "#c8a2f0",
    "WRONG-LINK": "#96cdf2",
    "WRONG-FIELD": "#a8e0b4",
    "BOUNDARY": "#d9d9d9",
}


def _merged_marks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """displaCy's ent style cannot draw overlapping spans: merge them, joining labels."""
    marks = sorted(((int(r["start"]), int(r["end"]), r["label"]) for r in rows))
    merged: list[dict[str, Any]] = []
    for start, end, label in marks:
        if merged and start < merged[-1]["end"]:
            last = merged[-1]
            last["end"] = max(last["end"], end)
            if label not in last["labels"]:
                last["labels"].append(label)
        else:
            merged.append({"start": start, "end": end, "labels": [label]})
    priority = {label: i for i, label in enumerate(ERROR_LABELS.values())}
    for m in merged:
        m["label"] = "+".join(sorted(m.pop("labels"), key=lambda label: priority.get(label, len(priority))))
    return merged


def render_html(report: Report, texts: Mapping[str, str] | None = None, *, whole_text: bool = False, groups: Mapping[str, Report] | None = None) -> str:
    """A page a person can read: the scores, then per document the sentences
    holding errors (or the whole text) highlighted with displaCy, and a table
    of gold against prediction for each error."""
    from spacy import displacy

    esc = html_lib.escape
    texts = texts or {}
    parts = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>baocao evaluation</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "pre{background:#f6f6f6;padding:1rem;overflow-x:auto;font-size:.85rem}"
        "table.err{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 2rem}"
        "table.err td,table.err th{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;text-align:left}"
        "section{border-top:2px solid #ccc;margin-top:2rem}.legend span{padding:.1rem .4rem;margin-right:.5rem;border-radius:.3rem}"
        ".gap{color:#999;margin:.2rem 0}</style></head><body>",
        "<h1>baocao evaluation</h1>",
        (f"<h2>Per source</h2><pre>{esc(render_groups(groups, report))}</pre><h2>All sources</h2>" if groups else ""),
        f"<pre>{esc(render_text(report))}</pre>",
        "<p class='legend'>" + "".join(f"<span style='background:{c}'>{esc(label)}</span>" for label, c in _COLORS.items()) + "</p>",
    ]
    errors = report.errors
    if errors.empty:
        parts.append("<p>No errors.</p>")
    else:
        docs = sorted(errors["doc_id"].unique())
        parts.append("<p>Documents: " + ", ".join(f"<a href='#doc-{esc(d)}'>{esc(d)}</a>" for d in docs) + "</p>")
        for doc_id, group in errors.groupby("doc_id", sort=True):
            rows = group.to_dict("records")
            parts.append(f"<section id='doc-{esc(doc_id)}'><h2>{esc(doc_id)}</h2>")
            text = texts.get(doc_id)
            if text is not None and all(int(r["end"]) <= len(text) for r in rows):
                parts.append(_displacy_fragments(displacy, text, rows, whole_text))
            else:
                parts.append("<p><em>no text for this document; details only</em></p>")
            parts.append(_details_table(rows))
            parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _displacy_fragments(displacy: Any, text: str, rows: list[dict[str, Any]], whole_text: bool) -> str:
    marks = _merged_marks(rows)
    colors = dict(_COLORS)
    for m in marks:  # a merged label takes the colour of its first (most serious) part
        colors.setdefault(m["label"], _COLORS.get(m["label"].split("+")[0], "#e8b4d8"))
    if whole_text:
        windows = [(0, len(text))]
    else:
        windows = []
        for m in marks:
            left, right = _sentence_bounds(text, m["start"], m["end"])
            if windows and left <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], right))
            else:
                windows.append((left, right))
    docs = []
    for left, right in windows:
        ents = [
            {"start": m["start"] - left, "end": m["end"] - left, "label": m["label"]}
            for m in marks
            if left <= m["start"] and m["end"] <= right
        ]
        docs.append({"text": text[left:right], "ents": ents, "title": None})
    chunks = []
    for (left, right), doc in zip(windows, docs):
        chunks.append(f"<p class='gap'>characters {left}–{right}</p>")
        chunks.append(displacy.render([doc], style="ent", manual=True, page=False, jupyter=False, options={"colors": colors}))
    return "\n".join(chunks)


def _details_table(rows: list[dict[str, Any]]) -> str:
    esc = html_lib.escape
    out = ["<table class='err'><tr><th>error</th><th>span</th><th>what differs</th><th>gold</th><th>prediction</th></tr>"]
    for r in rows:
        color = _COLORS.get(r["label"], "#eee")
        out.append(
            f"<tr><td style='background:{color}'>{esc(r['label'])}</td><td>[{r['start']},{r['end']}) {esc('' if _is_missing(r['text']) else repr(r['text']))}</td>"
            f"<td>{esc(r['fields'] or '')}</td><td>{esc(_describe(r, 'gold'))}</td><td>{esc(_describe(r, 'pred'))}</td></tr>"
        )
    out.append("</table>")
    return "\n".join(out)


# --------------------------------------------------------------------------- command line


def _gold_docs(gold: str | Path, gold_df: pd.DataFrame) -> set[str]:
    """Documents the gold covers: every doc_id in any gold table (a document
    annotated with areas but no quantities still counts as annotated)."""
    docs = set(gold_df["doc_id"])
    folder = Path(gold)
    if folder.is_dir():
        for name in ("areas.jsonl", "campaigns.jsonl", "periods.jsonl"):
            path = folder / name
            if path.is_file():
                for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                    try:
                        doc = json.loads(line).get("doc_id")
                    except (json.JSONDecodeError, AttributeError):
                        continue
                    if isinstance(doc, str):
                        docs.add(doc)
    return docs


def _texts_for(pred: str | Path, texts_from: str | Path | None) -> dict[str, str] | None:
    p = Path(pred)
    folder = p if p.is_dir() else p.parent
    table = _table_in(folder, "documents")
    if table is not None:
        return load_texts(table)
    if texts_from is not None:
        return load_texts(texts_from)
    return None


#: The gold folder's list of annotated documents: ``doc_id<TAB>source<TAB>path``.
GOLD_DOCUMENTS = "documents.tsv"


def gold_sources(gold: str | Path) -> dict[str, str]:
    """doc_id -> source group ("seeds", "daksong", ...) from the gold folder's
    ``documents.tsv``; empty when the gold has no such list."""
    path = Path(gold) / GOLD_DOCUMENTS if Path(gold).is_dir() else Path(gold).parent / GOLD_DOCUMENTS
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("doc_id\t"):
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise InputError(f"line {n}: expected doc_id<TAB>source<TAB>path", source=str(path))
        out[cells[0]] = cells[1]
    return out


def _pred_sources(pred: str | Path) -> dict[str, str]:
    """doc_id -> the name of the folder its input sat in, from the documents table."""
    p = Path(pred)
    table = _table_in(p if p.is_dir() else p.parent, "documents")
    if table is None:
        return {}
    df = _read_table(table)
    if not len(df) or not {"doc_id", "source"} <= set(df.columns):
        return {}
    return {str(d): Path(str(s)).parent.name or "." for d, s in zip(df["doc_id"].tolist(), df["source"].tolist())}


def evaluate_by(
    gold_df: pd.DataFrame,
    pred_df: pd.DataFrame,
    groups: Mapping[str, str],
    texts: Mapping[str, str] | None = None,
    *,
    docs: Iterable[str] | None = None,
) -> dict[str, Report]:
    """One :class:`Report` per group of documents (``groups``: doc_id -> group name),
    in name order; documents outside ``groups`` form the group ``(other)``."""
    scope = set(docs) if docs is not None else set(gold_df["doc_id"]) | set(pred_df["doc_id"])
    members: dict[str, set[str]] = defaultdict(set)
    for doc in scope:
        members[groups.get(doc, "(other)")].add(doc)
    return {name: evaluate(gold_df, pred_df, texts, docs=members[name]) for name in sorted(members)}


def _group_summary(name: str, r: Report) -> dict[str, Any]:
    row = r.row("ALL")
    out = {"group": name, "docs": r.n_docs, "n_gold": int(row["n_gold"]), "n_pred": int(row["n_pred"])}
    for _, prefix in SCHEMES:
        out[f"{prefix}_f1"] = row[f"{prefix}_f1"]
    out.update(r.accuracy)
    return out


def render_groups(groups: Mapping[str, Report], overall: Report) -> str:
    """One line per source (documents, counts, F1s and link accuracies), then ALL."""
    rows = [_group_summary(name, r) for name, r in groups.items()] + [_group_summary("ALL", overall)]
    width = max(len("source"), *(len(r["group"]) for r in rows))
    cols = [("docs", 4), ("n_gold", 6), ("n_pred", 6), ("lenient_f1", 7), ("strict_f1", 7), ("value_f1", 7)] + [(f, 8) for f in ACCURACY_FIELDS]
    head = f"{'source':<{width}} " + " ".join(f"{c.replace('_f1', ' F1'):>{w}}" for c, w in cols)
    lines = [head, "─" * len(head)]
    for r in rows:
        if r["group"] == "ALL":
            lines.append("─" * len(head))
        cells = []
        for c, w in cols:
            v = r.get(c)
            cells.append(f"{v:>{w}}" if isinstance(v, int) else f"{_fmt_ratio(v):>{w}}")
        lines.append(f"{r['group']:<{width}} " + " ".join(cells))
    return "\n".join(lines)


def main(gold: str, pred: str, *, as_json: bool = False, errors: bool = False, html: str | None = None, texts_from: str | None = None, by: str | None = "auto") -> int:
    """``baocao evaluate --gold GOLD --pred PRED [--by source|none] [--json] [--errors] [--html OUT]``.

    Only documents that the gold annotates are scored; predictions for other
    documents are counted as ignored, not as false positives. With more than
    one source (gold ``documents.tsv``, else the input folders of the
    documents table) the report opens with one line per source.
    """
    gold_df = load_quantities(gold)
    pred_df = load_quantities(pred)
    texts = _texts_for(pred, texts_from)
    docs = _gold_docs(gold, gold_df)
    listed = gold_sources(gold)
    docs |= set(listed)
    report = evaluate(gold_df, pred_df, texts, docs=docs)
    groups: dict[str, Report] = {}
    if by in ("auto", "source"):
        mapping = {**_pred_sources(pred), **listed}
        if by == "source" or len({mapping.get(d, "(other)") for d in docs}) > 1:
            groups = evaluate_by(gold_df, pred_df, mapping, texts, docs=docs)
    if as_json:
        out = report.to_dict(errors=errors)
        if groups:
            out["by_source"] = {name: r.to_dict() for name, r in groups.items()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        if groups:
            print("per source (value F1 is the headline; link accuracies over leniently matched pairs)")
            print(render_groups(groups, report))
            print()
            print("all sources")
        print(render_text(report))
        if errors:
            print()
            print(render_errors(report))
    if html:
        try:
            Path(html).write_text(render_html(report, texts, groups=groups), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write HTML report: {exc.strerror}", source=html) from None
        print(f"wrote {html}", file=sys.stderr)
    if report.ignored_predictions:
        print(f"note: {report.ignored_predictions} predictions in documents without gold annotations were ignored", file=sys.stderr)
    return 0
