"""Gold annotations: checking them, and moving them to and from annotation tools.

The gold folder holds one JSONL file per table — ``quantities.jsonl``
(``schemas.GoldQuantity``), ``areas.jsonl`` (``AreaMention``),
``campaigns.jsonl`` (``CampaignMention``) and optionally ``periods.jsonl``
(``PeriodMention``) — with spans into the texts of a corpus folder of
``<doc_id>.txt`` files (or a documents table).

Interop with Label Studio and doccano keeps spans as Python code-point
offsets, which is what both tools store today (Label Studio since its
frontend stopped counting UTF-16 units; doccano computes offsets server-side).
Spans and labels travel in the tools' own fields; every other field of a
record travels alongside so that a round trip loses nothing:

* Label Studio: each region's ``meta`` (``{"text": [<record as JSON>]}``,
  the field Label Studio shows as the region's note and keeps on save), so the
  fields stay with the region even if an annotator moves it;
* doccano: a top-level ``records`` list on each line
  (``{"start", "end", "label", "record"}``), matched back to its label by
  ``(start, end, label)``; a label whose span was edited keeps its
  span and kind but loses the other fields (they become ``None``).

Quantity labels are the kinds (``money``, ``count``, ...); mention labels are
``AREA``, ``CAMPAIGN`` and ``PERIOD``.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping

from pydantic import BaseModel, ValidationError

from schemas import AreaMention, CampaignMention, GoldQuantity, PeriodMention

from .errors import GoldError, InputError
from .evaluate import KINDS, load_texts

__all__ = [
    "GOLD_TABLES",
    "LABEL_STUDIO_CONFIG",
    "GoldProblem",
    "check_gold",
    "from_doccano",
    "from_label_studio",
    "main_check",
    "read_gold",
    "records_to_doccano",
    "records_to_label_studio",
    "to_doccano",
    "to_label_studio",
]

#: Gold file name -> table name and the model every line must validate against.
GOLD_TABLES: dict[str, tuple[str, type[BaseModel]]] = {
    "quantities.jsonl": ("quantities", GoldQuantity),
    "areas.jsonl": ("areas", AreaMention),
    "campaigns.jsonl": ("campaigns", CampaignMention),
    "periods.jsonl": ("periods", PeriodMention),
}
_MODELS = {table: model for table, model in GOLD_TABLES.values()}
#: Label of each mention table in the annotation tools (quantities use their kind).
#: ADMIN_UNIT, not AREA: "area" is also a quantity kind (land area), and the two must not be confused.
MENTION_LABELS = {"areas": "ADMIN_UNIT", "campaigns": "CAMPAIGN", "periods": "PERIOD"}
_TABLE_OF_LABEL = {label: table for table, label in MENTION_LABELS.items()} | {"AREA": "areas"}  # older exports
_SPAN_KEYS = ("doc_id", "start", "end", "text")

LABEL_STUDIO_CONFIG = (
    "<View>\n  <Labels name=\"label\" toName=\"text\">\n"
    + "".join(f"    <Label value=\"{k}\"/>\n" for k in KINDS + tuple(MENTION_LABELS.values()))
    + "  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n"
)


@dataclass(frozen=True)
class GoldProblem:
    """One problem in a gold file; ``line`` is 1-based (0: the file as a whole)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


# --------------------------------------------------------------------------- checking


def _validation_messages(exc: ValidationError) -> list[str]:
    messages = []
    for err in exc.errors():
        msg = err["msg"].removeprefix("Value error, ")
        loc = ".".join(str(part) for part in err["loc"])
        if loc:
            messages.append(f"{loc}: {msg} (got {err['input']!r})")
        else:
            messages.append(msg)
    return messages


def _grounding_hint(obj: Mapping[str, Any], original: str) -> str:
    """Where the annotated text does occur, nearest first — usually an off-by-N offset."""
    surface, start = obj.get("text"), obj.get("start")
    if not isinstance(surface, str) or not surface or not isinstance(start, int):
        return ""
    hits = []
    i = original.find(surface)
    while i != -1 and len(hits) < 50:
        hits.append(i)
        i = original.find(surface, i + 1)
    if not hits:
        return "; the text does not occur in the document"
    best = sorted(hits, key=lambda h: abs(h - start))[:3]
    return "; the text occurs at " + ", ".join(f"[{h}, {h + len(surface)})" for h in best)


def _check_file(path: Path, model: type[BaseModel], texts: Mapping[str, str], check_overlaps: bool) -> list[GoldProblem]:
    problems: list[GoldProblem] = []
    name = str(path)

    def report(line: int, message: str) -> None:
        problems.append(GoldProblem(name, line, message))

    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return [GoldProblem(name, 0, f"not UTF-8 ({exc.reason} at byte {exc.start})")]
    seen: dict[tuple[str, int, int], int] = {}
    spans_by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for lineno, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            report(lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            report(lineno, f"expected a JSON object, got {type(obj).__name__}")
            continue
        doc_id = obj.get("doc_id")
        original = texts.get(doc_id) if isinstance(doc_id, str) else None
        if isinstance(doc_id, str) and doc_id and original is None:
            report(lineno, f"unknown doc_id {doc_id!r}: no {doc_id}.txt in the corpus")
        try:
            model.model_validate(obj, context={"text": original} if original is not None else None)
        except ValidationError as exc:
            hint = _grounding_hint(obj, original) if original is not None else ""
            for message in _validation_messages(exc):
                report(lineno, message + (hint if "not grounded" in message else ""))
        start, end = obj.get("start"), obj.get("end")
        if not (isinstance(doc_id, str) and type(start) is int and type(end) is int and start < end):
            continue
        key = (doc_id, start, end)
        if key in seen:
            report(lineno, f"duplicate span [{start}, {end}) in {doc_id}: same as line {seen[key]}")
            continue
        seen[key] = lineno
        spans_by_doc.setdefault(doc_id, []).append((start, end, lineno))
    if check_overlaps:
        for doc_id, spans in spans_by_doc.items():
            spans.sort()
            reach = None  # the span reaching furthest right so far
            for start, end, lineno in spans:
                if reach is not None and start < reach[1]:
                    report(lineno, f"span [{start}, {end}) overlaps [{reach[0]}, {reach[1]}) of line {reach[2]} in {doc_id}; quantities must not overlap")
                if reach is None or end > reach[1]:
                    reach = (start, end, lineno)
    problems.sort(key=lambda p: p.line)
    return problems


def check_gold(path: str | Path, corpus_dir: str | Path) -> list[GoldProblem]:
    """Every problem in a gold file or folder, by line; never raises on bad content.

    Checks: JSON per line, the schema of the table (by file name) with the
    span grounded in the original text, doc_id present in the corpus, no
    duplicate spans, no overlapping quantity spans within a document.
    A missing path or corpus is an ``InputError``.
    """
    p = Path(path)
    if not p.exists():
        raise InputError("no such gold file or folder", source=str(p))
    texts = load_texts(corpus_dir)
    if p.is_dir():
        files = sorted(f for f in p.glob("*.jsonl"))
        if not files:
            return [GoldProblem(str(p), 0, f"no gold files; expected {', '.join(GOLD_TABLES)}")]
    else:
        files = [p]
    problems: list[GoldProblem] = []
    for f in files:
        entry = GOLD_TABLES.get(f.name)
        if entry is None:
            problems.append(GoldProblem(str(f), 0, f"not a gold table name; expected one of {', '.join(GOLD_TABLES)}"))
            continue
        table, model = entry
        problems.extend(_check_file(f, model, texts, check_overlaps=table == "quantities"))
    return problems


def main_check(path: str, corpus: str) -> int:
    """``baocao gold check PATH --corpus CORPUS``: problems as ``file:line: message``; exit 1 if any."""
    problems = check_gold(path, corpus)
    for problem in problems:
        print(problem)
    files = len({p.file for p in problems})
    if problems:
        print(f"{len(problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    print("gold OK", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- reading


def _jsonable(obj: Any) -> Any:
    """Decimals as plain decimal strings (the schema's JSON form), recursively."""
    if isinstance(obj, Decimal):
        return format(obj.normalize(), "f") if obj.is_finite() else str(obj)
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    return obj


def read_gold(gold_dir: str | Path, tables: Iterable[str] = ("quantities", "areas", "campaigns", "periods")) -> dict[str, list[dict[str, Any]]]:
    """The records of each gold table present in ``gold_dir`` (values as decimal
    strings). A bad line is a ``GoldError``: run ``check_gold`` first."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise InputError("not a gold folder", source=str(folder))
    out: dict[str, list[dict[str, Any]]] = {}
    for file_name, (table, _) in GOLD_TABLES.items():
        path = folder / file_name
        if table not in tables or not path.is_file():
            continue
        records = []
        for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line, parse_float=Decimal)
            except json.JSONDecodeError as exc:
                raise GoldError(f"invalid JSON: {exc.msg} (column {exc.colno}); run `baocao gold check`", source=str(path), line=lineno) from None
            if not isinstance(obj, dict) or not all(k in obj for k in ("doc_id", "start", "end")):
                raise GoldError("expected an object with doc_id, start, end; run `baocao gold check`", source=str(path), line=lineno)
            records.append(_jsonable(obj))
        out[table] = records
    return out


def _label_of(table: str, record: Mapping[str, Any]) -> str:
    if table == "quantities":
        kind = record.get("kind")
        if not isinstance(kind, str):
            raise GoldError(f"quantity at [{record.get('start')}, {record.get('end')}) in {record.get('doc_id')} has no kind")
        return kind
    return MENTION_LABELS[table]


def _table_of_label(label: str) -> str | None:
    if label in _TABLE_OF_LABEL:
        return _TABLE_OF_LABEL[label]
    if label.lower() in KINDS:
        return "quantities"
    return None


def _empty_record(table: str) -> dict[str, Any]:
    return {name: None for name in _MODELS[table].model_fields}


def _rebuild(table: str, doc_id: str, start: int, end: int, surface: str, label: str, meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """A gold record from a tool's region: span and label from the region, the
    rest from the record carried alongside (or ``None``)."""
    record = dict(meta) if meta else _empty_record(table)
    record.update(doc_id=doc_id, start=start, end=end, text=surface)
    if table == "quantities":
        record["kind"] = label.lower()
    return record


def _group_by_doc(records_by_table: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    by_doc: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for table, records in records_by_table.items():
        if table not in _MODELS:
            raise GoldError(f"unknown table {table!r}; expected one of {', '.join(_MODELS)}")
        for record in records:
            by_doc.setdefault(record["doc_id"], []).append((table, _jsonable(dict(record))))
    for regions in by_doc.values():
        regions.sort(key=lambda tr: (tr[1]["start"], tr[1]["end"], tr[0]))
    return by_doc


def _task_docs(by_doc: Mapping[str, Any], texts: Mapping[str, str], include_unannotated: bool) -> list[str]:
    missing = sorted(d for d in by_doc if d not in texts)
    if missing:
        raise GoldError(f"gold refers to documents not in the corpus: {', '.join(missing[:10])}")
    return sorted(texts) if include_unannotated else sorted(by_doc)


# --------------------------------------------------------------------------- Label Studio


def records_to_label_studio(
    records_by_table: Mapping[str, Iterable[Mapping[str, Any]]],
    texts: Mapping[str, str],
    *,
    include_unannotated: bool = True,
) -> list[dict[str, Any]]:
    """Label Studio JSON tasks, one per document (see ``LABEL_STUDIO_CONFIG``).

    A document without gold records gets no annotation (it is not yet
    annotated), rather than an empty one (annotated: nothing to find).
    """
    by_doc = _group_by_doc(records_by_table)
    tasks = []
    for doc_id in _task_docs(by_doc, texts, include_unannotated):
        task: dict[str, Any] = {"data": {"text": texts[doc_id], "doc_id": doc_id}}
        regions = by_doc.get(doc_id)
        if regions:
            result = []
            for n, (table, record) in enumerate(regions):
                result.append({
                    "id": f"{doc_id}-{n}",
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "value": {"start": record["start"], "end": record["end"], "text": record["text"], "labels": [_label_of(table, record)]},
                    "meta": {"text": [json.dumps(record, ensure_ascii=False)]},
                })
            task["annotations"] = [{"result": result}]
        tasks.append(task)
    return tasks


def to_label_studio(gold_dir: str | Path, corpus_dir: str | Path, *, tables: Iterable[str] = ("quantities",), include_unannotated: bool = True) -> list[dict[str, Any]]:
    """The gold folder as Label Studio tasks over the corpus texts."""
    return records_to_label_studio(read_gold(gold_dir, tables), load_texts(corpus_dir), include_unannotated=include_unannotated)


def _region_meta(result: Mapping[str, Any]) -> dict[str, Any] | None:
    meta = result.get("meta")
    if not isinstance(meta, dict):
        return None
    if isinstance(meta.get("record"), dict):
        return meta["record"]
    for note in meta.get("text") or []:
        try:
            obj = json.loads(note)
        except (TypeError, json.JSONDecodeError):
            continue
        if isinstance(obj, dict):
            return obj
    return None


def from_label_studio(tasks: Iterable[Mapping[str, Any]], table: str = "quantities") -> list[dict[str, Any]]:
    """Gold records of ``table`` from Label Studio tasks (its JSON export).

    Uses the first annotation of each task that was not cancelled; spans and
    labels come from the regions, every other field from the region's meta
    (``None`` when there is none). Records are sorted by (doc_id, start, end).
    """
    if table not in _MODELS:
        raise GoldError(f"unknown table {table!r}; expected one of {', '.join(_MODELS)}")
    out = []
    for n, task in enumerate(tasks):
        data = task.get("data") or {}
        doc_id = data.get("doc_id")
        text = data.get("text")
        if not isinstance(doc_id, str):
            raise GoldError(f"task {n} has no data.doc_id")
        annotations = [a for a in (task.get("annotations") or task.get("completions") or []) if not a.get("was_cancelled")]
        if not annotations:
            continue
        for result in annotations[0].get("result") or []:
            if result.get("type") != "labels":
                continue
            value = result.get("value") or {}
            labels = value.get("labels") or []
            if len(labels) != 1:
                raise GoldError(f"task {doc_id}: region {result.get('id')} has {len(labels)} labels; expected exactly one")
            if _table_of_label(labels[0]) != table:
                continue
            start, end = value["start"], value["end"]
            surface = value.get("text")
            if surface is None and isinstance(text, str):
                surface = text[start:end]
            out.append(_rebuild(table, doc_id, start, end, surface, labels[0], _region_meta(result)))
    out.sort(key=lambda r: (r["doc_id"], r["start"], r["end"]))
    return out


# --------------------------------------------------------------------------- doccano


def records_to_doccano(
    records_by_table: Mapping[str, Iterable[Mapping[str, Any]]],
    texts: Mapping[str, str],
    *,
    include_unannotated: bool = True,
) -> list[dict[str, Any]]:
    """doccano sequence-labelling JSONL lines:
    ``{"text", "label": [[start, end, LABEL], ...], "doc_id", "records": [{"start", "end", "label", "record"}, ...]}``."""
    by_doc = _group_by_doc(records_by_table)
    lines = []
    for doc_id in _task_docs(by_doc, texts, include_unannotated):
        regions = by_doc.get(doc_id, [])
        lines.append({
            "text": texts[doc_id],
            "label": [[r["start"], r["end"], _label_of(t, r)] for t, r in regions],
            "doc_id": doc_id,
            "records": [{"start": r["start"], "end": r["end"], "label": _label_of(t, r), "record": r} for t, r in regions],
        })
    return lines


def to_doccano(gold_dir: str | Path, corpus_dir: str | Path, *, tables: Iterable[str] = ("quantities",), include_unannotated: bool = True) -> list[dict[str, Any]]:
    """The gold folder as doccano JSONL lines over the corpus texts."""
    return records_to_doccano(read_gold(gold_dir, tables), load_texts(corpus_dir), include_unannotated=include_unannotated)


def _doccano_spans(line: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    spans = []
    for item in line.get("label") or []:
        if isinstance(item, (list, tuple)) and len(item) == 3:
            spans.append((int(item[0]), int(item[1]), str(item[2])))
    for item in line.get("entities") or []:  # doccano >= 1.7 export
        spans.append((int(item["start_offset"]), int(item["end_offset"]), str(item["label"])))
    return spans


def from_doccano(lines: Iterable[Mapping[str, Any]], table: str = "quantities") -> list[dict[str, Any]]:
    """Gold records of ``table`` from doccano JSONL lines (``label`` or ``entities``)."""
    if table not in _MODELS:
        raise GoldError(f"unknown table {table!r}; expected one of {', '.join(_MODELS)}")
    out = []
    for n, line in enumerate(lines, 1):
        doc_id = line.get("doc_id")
        text = line.get("text")
        if not isinstance(doc_id, str) or not isinstance(text, str):
            raise GoldError(f"doccano line {n} needs doc_id and text")
        carried: dict[tuple[int, int, str], dict[str, Any]] = {}
        for entry in line.get("records") or []:
            if isinstance(entry, dict) and isinstance(entry.get("record"), dict):
                carried.setdefault((entry.get("start"), entry.get("end"), entry.get("label")), entry["record"])
        for start, end, label in _doccano_spans(line):
            if _table_of_label(label) != table:
                continue
            meta = carried.get((start, end, label))
            out.append(_rebuild(table, doc_id, start, end, text[start:end], label, meta))
    out.sort(key=lambda r: (r["doc_id"], r["start"], r["end"]))
    return out
