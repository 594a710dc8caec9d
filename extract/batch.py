"""Batch extraction: inputs -> chunks -> workers -> parts -> tables.

- Inputs stream from :func:`extract.readers.iter_inputs` and are cut into
  chunks of ``CHUNK_DOCS`` in input order; at most ``2 x workers`` chunks are
  in flight, so memory stays flat however large the archive.
- A chunk runs in a worker process (``engine="local"``) or on a Dask cluster
  (``engine="dask"``); a document that fails in any stage becomes a quarantine
  row with the stage and the reason; the chunk goes on.
- Each finished chunk is written to ``OUT/_parts/`` as one Parquet file per
  table (atomically: temporary name, then rename) and then recorded in
  ``OUT/_parts/manifest.jsonl`` with the content hashes of its inputs.
  ``--resume`` skips every input whose hash the manifest already lists.
- At the end the parts are concatenated in chunk order into the final tables
  (streamed, one part at a time), so the same inputs give byte-identical
  tables whatever the worker count or engine.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES

from .errors import BaocaoError
from .writers import FORMATS, SUFFIX, arrow_schema

CHUNK_DOCS = 32
PARTS = "_parts"
MANIFEST = "manifest.jsonl"
TABLE_NAMES = tuple(TABLES)


@dataclass(frozen=True, slots=True)
class Job:
    """One input to process: a decoded document or an input already refused."""

    key: str  # content hash (or source:line for refused inputs): what --resume skips
    doc: Any | None = None  # readers.RawDoc
    skipped: Any | None = None  # readers.Skipped


@dataclass(slots=True)
class Summary:
    inputs: int = 0
    done: int = 0
    quarantined: int = 0
    skipped_resume: int = 0
    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    out: str = ""

    def line(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.records.items() if k not in ("documents", "quarantine"))
        resumed = f", {self.skipped_resume} already done" if self.skipped_resume else ""
        return (
            f"{self.inputs} inputs: {self.done} done, {self.quarantined} quarantined{resumed} "
            f"in {self.seconds:.1f}s -> {self.out} ({counts})"
        )


# --- the worker side ---------------------------------------------------------

_WARM = False


def warm_up() -> None:
    """Load every model and table once per worker process."""
    global _WARM
    if not _WARM:
        from .pipeline import extract_document

        extract_document("Năm 2018, xã Hàm Liêm góp hơn 4,2 tỷ đồng cho phong trào “Dân vận khéo”.", "warmup")
        _WARM = True


def process_chunk(jobs: list[Job], debug: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Run the pipeline over one chunk; every job ends as records or a quarantine row."""
    from .pipeline import extract_document

    warm_up()
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
    for job in jobs:
        if job.skipped is not None:
            s = job.skipped
            tables["quarantine"].append(dict(source=s.source, line=s.line, doc_id=s.doc_id, stage=s.stage, reason=s.reason))
            continue
        d = job.doc
        try:
            result = extract_document(
                d.text, d.doc_id, source=d.source, encoding=d.encoding, sha256=d.sha256,
                title=d.title, date=d.date, url=d.url,
            )
            rows = {name: [r.model_dump() for r in records] for name, records in result.tables()}
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            where = _failing_stage(exc)
            reason = f"{type(exc).__name__}: {exc}"
            if debug:
                reason += "\n" + traceback.format_exc()
            tables["quarantine"].append(dict(source=d.source, line=d.line, doc_id=d.doc_id, stage=where, reason=reason))
            continue
        for name, rs in rows.items():
            tables[name].extend(rs)
    return tables


def _failing_stage(exc: BaseException) -> str:
    tb = exc.__traceback__
    stage = "extract"
    while tb is not None:
        mod = tb.tb_frame.f_globals.get("__name__", "")
        if mod.startswith("extract.") and mod not in ("extract.batch", "extract.pipeline"):
            stage = mod.split(".", 1)[1]
        tb = tb.tb_next
    return stage


# --- the driver side ---------------------------------------------------------


def _jobs(paths: Iterable[str | Path], jsonl_fields: Any) -> Iterator[Job]:
    from .readers import RawDoc, iter_inputs

    for item in iter_inputs(paths, jsonl_fields=jsonl_fields) if jsonl_fields is not None else iter_inputs(paths):
        if isinstance(item, RawDoc):
            yield Job(key=item.sha256, doc=item)
        else:
            key = hashlib.sha256(f"{item.source}\0{item.line}\0{item.reason}".encode()).hexdigest()
            yield Job(key=key, skipped=item)


def _chunks(jobs: Iterator[Job], size: int) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Parts:
    """The part files of one output folder and their manifest."""

    def __init__(self, out: Path, resume: bool) -> None:
        self.dir = out / PARTS
        if self.dir.exists() and not resume:
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest = self.dir / MANIFEST
        self.done_keys: set[str] = set()
        self.entries: list[dict[str, Any]] = []
        if resume and self.manifest.exists():
            for line in self.manifest.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a crash: its part is not recorded, so it is redone
                if all((self.dir / f).exists() for f in entry["files"].values()):
                    self.entries.append(entry)
                    self.done_keys.update(entry["keys"])
        self.next_index = 1 + max((e["index"] for e in self.entries), default=0)

    def write(self, index: int, keys: list[str], tables: dict[str, list[dict[str, Any]]]) -> None:
        files: dict[str, str] = {}
        for name in TABLE_NAMES:
            fname = f"part-{index:07d}.{name}.parquet"
            tmp = self.dir / (fname + ".partial")
            pq.write_table(pa.Table.from_pylist(tables[name], schema=arrow_schema(name)), tmp)
            os.replace(tmp, self.dir / fname)
            files[name] = fname
        entry = {"index": index, "keys": keys, "files": files, "counts": {k: len(v) for k, v in tables.items()}}
        with open(self.manifest, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.entries.append(entry)

    def consolidate(self, out: Path, fmt: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        entries = sorted(self.entries, key=lambda e: e["index"])
        for name in TABLE_NAMES:
            final = out / f"{name}{SUFFIX[fmt]}"
            tmp = final.with_name(final.name + ".partial")
            counts[name] = _concat([self.dir / e["files"][name] for e in entries], name, tmp, fmt)
            os.replace(tmp, final)
        return counts


def _concat(parts: list[Path], table: str, dest: Path, fmt: str) -> int:
    schema = arrow_schema(table)
    n = 0
    if fmt == "parquet":
        with pq.ParquetWriter(dest, schema, compression="zstd") as writer:
            for p in parts:
                t = pq.read_table(p, schema=schema)
                if t.num_rows:
                    writer.write_table(t)
                    n += t.num_rows
        return n
    from .writers import _csv_cell, _json_default

    names = list(TABLES[table].model_fields)
    with open(dest, "w", encoding="utf-8", newline="\n" if fmt == "jsonl" else "") as fh:
        if fmt == "csv":
            import csv

            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(names)
        for p in parts:
            for row in pq.read_table(p, schema=schema).to_pylist():
                n += 1
                if fmt == "jsonl":
                    fh.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
                else:
                    writer.writerow([_csv_cell(row[k]) for k in names])
    return n


class _Progress:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr is not None
        self.t0 = time.perf_counter()
        self.last = 0.0

    def update(self, done: int, quarantined: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        rate = (done + quarantined) / max(now - self.t0, 1e-9)
        sys.stderr.write(f"\r{done} done, {quarantined} quarantined, {rate:.1f} articles/s")
        if force:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_batch(
    inputs: list[str | Path],
    out: str | Path,
    *,
    fmt: str = "parquet",
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = False,
    jsonl_fields: Any = None,
    progress: bool = True,
    debug: bool = False,
    chunk_docs: int = CHUNK_DOCS,
) -> Summary:
    """Extract every input into the tables of ``out``; see the module docstring."""
    if fmt not in FORMATS:
        raise BaocaoError(f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")
    if engine not in ("local", "dask"):
        raise BaocaoError(f"unknown engine {engine!r}; accepted: local, dask")
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    parts = _Parts(out, resume)
    workers = max(1, workers or os.cpu_count() or 1)
    summary = Summary(out=str(out))
    bar = _Progress(progress)

    def todo() -> Iterator[list[Job]]:
        def fresh() -> Iterator[Job]:
            for job in _jobs(inputs, jsonl_fields):
                summary.inputs += 1
                if job.key in parts.done_keys:
                    summary.skipped_resume += 1
                    continue
                yield job
        return _chunks(fresh(), chunk_docs)

    def record(index: int, chunk: list[Job], tables: dict[str, list[dict[str, Any]]]) -> None:
        parts.write(index, [j.key for j in chunk], tables)
        summary.quarantined += len(tables["quarantine"])
        summary.done += len(chunk) - len(tables["quarantine"])
        bar.update(summary.done, summary.quarantined)

    runner: Callable[..., None] = _run_dask if engine == "dask" else _run_local
    runner(todo(), parts.next_index, record, workers=workers, scheduler=scheduler, debug=debug)

    counts = parts.consolidate(out, fmt)
    summary.records = counts
    # what earlier (resumed) runs did counts too: every input is done or quarantined
    summary.quarantined = counts["quarantine"]
    summary.done = counts["documents"]
    summary.seconds = time.perf_counter() - t0
    bar.update(summary.done, summary.quarantined, force=True)
    return summary


def _run_local(chunks: Iterator[list[Job]], first_index: int, record, *, workers: int, scheduler, debug: bool) -> None:
    if workers == 1:
        for i, chunk in enumerate(chunks, first_index):
            record(i, chunk, process_chunk(chunk, debug))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=warm_up) as pool:
        pending: dict[Any, tuple[int, list[Job]]] = {}
        for i, chunk in enumerate(chunks, first_index):
            pending[pool.submit(process_chunk, chunk, debug)] = (i, chunk)
            if len(pending) >= 2 * workers:
                _drain(pending, record, FIRST_COMPLETED)
        while pending:
            _drain(pending, record, FIRST_COMPLETED)


def _drain(pending: dict, record, how) -> None:
    finished, _ = wait(list(pending), return_when=how)
    for fut in finished:
        i, chunk = pending.pop(fut)
        record(i, chunk, fut.result())


def _run_dask(chunks: Iterator[list[Job]], first_index: int, record, *, workers: int, scheduler: str | None, debug: bool) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        client.run(warm_up)
        window = as_completed()
        meta: dict[str, tuple[int, list[Job]]] = {}
        for i, chunk in enumerate(chunks, first_index):
            fut = client.submit(process_chunk, chunk, debug, pure=False)
            meta[fut.key] = (i, chunk)
            window.add(fut)
            if window.count() >= 2 * workers:
                fut = next(window)
                record(*meta.pop(fut.key), fut.result())
        for fut in window:
            record(*meta.pop(fut.key), fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
