"""Batch extraction: inputs -> chunks -> workers -> parts -> tables.

- Inputs stream from :func:`extract.readers.iter_inputs` and are cut into
  chunks of ``CHUNK_DOCS`` in input order; at most ``2 x workers`` chunks are
  in flight, so memory stays flat however large the archive.
- A chunk runs in a worker process (``engine="local"``) or on a Dask cluster
  (``engine="dask"``); a document that fails in any stage — including a record
  its table cannot store, such as a 30-digit value in ``decimal128(38, 10)`` —
  becomes a quarantine row with the stage and the reason; the chunk goes on.
- Each finished chunk is written to ``OUT/_parts/`` as one Parquet file per
  table (atomically: temporary name, then rename) and then recorded in
  ``OUT/_parts/manifest.jsonl`` with the keys of its inputs: the hash of source,
  line and content, so two inputs with the same bytes are still two inputs.
  ``--resume`` skips every input whose key the manifest already lists; a
  manifest line cut by a crash and ``*.partial`` files are dropped.
- At the end the parts are concatenated in chunk order into the final tables
  (streamed, one part at a time; every table is complete before any is renamed
  into place), so the same inputs give byte-identical tables whatever the
  worker count or engine. A resumed run gives the same rows as a clean one;
  their order follows the order the chunks finished in.
- ``parquet-dataset`` skips the concatenation: the part files are renamed into
  one folder per table, ``OUT/<table>/part-NNNNNNN.parquet``, so the end of the
  run costs renames, not a rewrite of every row.
- Whatever the format, the new tables replace the old ones together, through a
  journal of renames (:func:`finish_swap`) that the next run completes after a kill.
- Progress goes to stderr: a tqdm bar on a terminal (percent, count, elapsed,
  rate, ETA, done and quarantined; the total is counted in a background
  thread), a plain line every 30 s otherwise.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES

from .errors import BaocaoError
from .limits import TimedOut, time_limit
from .writers import DATASET, LAYOUTS, OUTPUT_FORMATS, SUFFIX, arrow_schema, bare_schema, is_dataset_folder, table_path

CHUNK_DOCS = 32
#: Seconds one document may spend in the pipeline before it is quarantined (local engine).
DOC_TIMEOUT = 600.0
PARTS = "_parts"
MANIFEST = "manifest.jsonl"
TABLE_NAMES = tuple(TABLES)


class WorkerDied(BaocaoError):
    """A worker process or Dask worker died; the run stops, its finished parts stay."""


@dataclass(frozen=True, slots=True)
class Job:
    """One input to process: a decoded document or an input already refused."""

    key: str  # content hash (or source:line for refused inputs): what --resume skips
    doc: Any | None = None  # readers.RawDoc
    skipped: Any | None = None  # readers.Skipped
    duplicate_of: str | None = None  # an earlier near-duplicate's doc_id (dedup.NearDuplicates)


@dataclass(slots=True)
class Summary:
    inputs: int = 0
    done: int = 0
    quarantined: int = 0
    skipped_resume: int = 0
    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    tail_seconds: float = 0.0  # from the last document's records to the end of the run (consolidation)
    out: str = ""

    def line(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.records.items() if k not in ("documents", "quarantine"))
        resumed = f", {self.skipped_resume} already done" if self.skipped_resume else ""
        return (
            f"{self.inputs} inputs: {self.done} done, {self.quarantined} quarantined{resumed} "
            f"in {self.seconds:.1f}s ({self.tail_seconds:.1f}s after the last document) -> {self.out} ({counts})"
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


def process_chunk(jobs: list[Job], debug: bool = False, doc_timeout: float | None = None,
                  area: str | None = None) -> dict[str, pa.Table]:
    """Run the pipeline over one chunk; every job ends as records or a quarantine row.

    Records become Arrow tables as they are made (``extract_document(spill=...)``, a few
    thousand at a time) and are let go, so a huge article holds its rows columnar, not as
    records plus dicts (bench/bench_long_doc.py measures it).

    ``doc_timeout``: seconds one document may take before it is quarantined (enforced
    with SIGALRM, so only where the chunk runs in a process's main thread: local
    workers and ``workers=1``, not Dask's worker threads).
    """
    from .pipeline import extract_document

    warm_up()
    tables: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
    quarantine: list[dict[str, Any]] = []
    for job in jobs:
        if job.skipped is not None:
            s = job.skipped
            quarantine.append(dict(source=s.source, line=s.line, doc_id=s.doc_id, stage=s.stage, reason=s.reason))
            continue
        d = job.doc
        try:
            with time_limit(doc_timeout):
                spilled: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
                result = extract_document(
                    d.text, d.doc_id, source=d.source, encoding=d.encoding, sha256=d.sha256,
                    title=d.title, date=d.date, url=d.url, known_area=getattr(d, "area", None) or area,
                    duplicate_of=job.duplicate_of,
                    spill=lambda name, records: spilled[name].append(_to_arrow(name, records)),
                )
                for name, records in result.tables():
                    if records:
                        spilled[name].append(_to_arrow(name, records))
                        records.clear()
        except (Exception, TimedOut) as exc:  # noqa: BLE001 - one bad document must not stop the batch
            where = _failing_stage(exc)
            if isinstance(exc, TimedOut):
                reason = f"took longer than {doc_timeout:g} s ({len(d.text)} characters); stopped in {where}"
            elif isinstance(exc, _NotStorable):
                reason = str(exc)
            else:
                reason = f"{type(exc).__name__}: {exc}"
            if debug:
                reason += "\n" + traceback.format_exc()
            quarantine.append(dict(source=d.source, line=d.line, doc_id=d.doc_id, stage=where, reason=reason))
            continue
        for name, ts in spilled.items():
            tables[name].extend(ts)
    if quarantine:
        tables["quarantine"].append(pa.Table.from_pylist(quarantine, schema=bare_schema("quarantine")))
    return {name: _concat_tables(ts, name) for name, ts in tables.items()}


def _to_arrow(name: str, records: list) -> pa.Table:
    """Records of one table as an Arrow table. Raises _NotStorable if a row does not fit the
    table's schema (e.g. a 30-digit value in decimal128(38, 10)): that document is
    quarantined, not the part."""
    try:
        return pa.Table.from_pylist([r.model_dump() for r in records], schema=bare_schema(name))
    except (pa.ArrowException, ValueError, TypeError, OverflowError) as exc:
        raise _NotStorable(f"a {name} row does not fit the table schema: {exc}") from None


def _concat_tables(tables: list[pa.Table], name: str) -> pa.Table:
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return bare_schema(name).empty_table()
    # one chunk per column: a table of many small chunks (one per document) costs a
    # millisecond a document to pickle between processes
    return tables[0] if len(tables) == 1 else pa.concat_tables(tables).combine_chunks()


class _NotStorable(ValueError):
    pass


def _failing_stage(exc: BaseException) -> str:
    if isinstance(exc, _NotStorable):
        return "write"
    tb = exc.__traceback__
    stage = "extract"
    while tb is not None:
        mod = tb.tb_frame.f_globals.get("__name__", "")
        if mod.startswith("extract.") and mod not in ("extract.batch", "extract.pipeline", "extract.limits"):
            stage = mod.split(".", 1)[1]
        tb = tb.tb_next
    return stage


# --- the driver side ---------------------------------------------------------


def _jobs(paths: Iterable[str | Path], jsonl_fields: Any, dedup: bool = True) -> Iterator[Job]:
    from .readers import RawDoc, iter_inputs

    near = None
    if dedup:
        from .dedup import NearDuplicates

        near = NearDuplicates()
    for item in iter_inputs(paths, jsonl_fields=jsonl_fields) if jsonl_fields is not None else iter_inputs(paths):
        if isinstance(item, RawDoc):
            # where + what: two inputs with the same bytes are still two inputs
            key = hashlib.sha256(f"{item.source}\0{item.line}\0{item.sha256}".encode()).hexdigest()
            yield Job(key=key, doc=item, duplicate_of=near.check(item.doc_id, item.text) if near is not None else None)
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
        ours = [out / f"{name}{suffix}.partial" for name in TABLE_NAMES for suffix in SUFFIX.values()]
        for leftover in [*ours, *self.dir.glob("*.partial")]:
            leftover.unlink(missing_ok=True)  # a killed run's half-written file: never a table
        for name in TABLE_NAMES:
            _remove_dataset_folder(_partial(out / name))  # likewise a half-built dataset folder
        self.manifest = self.dir / MANIFEST
        self.done_keys: set[str] = set()
        self.entries: list[dict[str, Any]] = []
        if resume and self.manifest.exists():
            kept: list[str] = []
            for line in self.manifest.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a crash: its part is not recorded, so it is redone
                if all((self.dir / f).exists() for f in entry["files"].values()):
                    kept.append(line)
                    self.done_keys.update(entry.pop("keys"))
                    self.entries.append(entry)
            # rewrite without the cut line, so the next entry does not glue onto it
            tmp = self.manifest.with_name(MANIFEST + ".partial")
            tmp.write_text("".join(k + "\n" for k in kept), encoding="utf-8")
            os.replace(tmp, self.manifest)
        self.next_index = 1 + max((e["index"] for e in self.entries), default=0)

    def write(self, index: int, keys: list[str], tables: dict[str, pa.Table]) -> None:
        files = {name: self._write_file(index, name, tables[name]) for name in TABLE_NAMES}
        entry = {"index": index, "files": files, "counts": {k: v.num_rows for k, v in tables.items()}}
        with open(self.manifest, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({**entry, "keys": keys}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.entries.append(entry)  # without the keys: memory stays flat on long runs

    def _write_file(self, index: int, name: str, table: pa.Table) -> str:
        """One table of one part, atomically; zstd, as the dataset layout keeps these very
        files (the other formats read them back once)."""
        fname = f"part-{index:07d}.{name}.parquet"
        tmp = self.dir / (fname + ".partial")
        pq.write_table(table.cast(arrow_schema(name)), tmp, compression="zstd")  # the descriptions back
        os.replace(tmp, self.dir / fname)
        return fname

    def consolidate(self, out: Path, fmt: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        entries = sorted(self.entries, key=lambda e: e["index"])
        if fmt == DATASET:
            return self._as_dataset(out, entries)
        if fmt == "duckdb":
            from .database import FILE_NAME, write_duckdb

            merged = {}
            for name in TABLE_NAMES:
                merged[name] = self.dir / f"all.{name}.parquet"
                counts[name] = _concat([self.dir / e["files"][name] for e in entries], name, merged[name], "parquet")
            write_duckdb(merged, out / FILE_NAME)
            return counts
        finals: list[tuple[Path, Path]] = []
        for name in TABLE_NAMES:
            final = out / f"{name}{SUFFIX[fmt]}"
            tmp = final.with_name(final.name + ".partial")
            counts[name] = _concat([self.dir / e["files"][name] for e in entries], name, tmp, fmt)
            finals.append((tmp, final))
        _swap_in(out, finals)  # every table complete before any is renamed
        return counts

    def _as_dataset(self, out: Path, entries: list[dict[str, Any]]) -> dict[str, int]:
        """The parts become the dataset: each table's parts that hold rows are renamed (not
        rewritten) into ``OUT/<table>.partial/``, then every folder replaces the old one.
        One journal lists all these renames, so a kill anywhere in them is finished by the
        next run and the old folders are never mixed with new files."""
        moves = [(self.dir / fname, _partial(out / name) / f"part-{index:07d}.parquet")
                 for name in TABLE_NAMES for index, fname in self._dataset_files(name, entries)]
        _swap_in(out, [*moves, *((_partial(out / name), out / name) for name in TABLE_NAMES)])
        return {name: sum(e["counts"][name] for e in entries) for name in TABLE_NAMES}

    def _dataset_files(self, name: str, entries: list[dict[str, Any]]) -> list[tuple[int, str]]:
        """(index, file) of the parts that hold rows of ``name``. A table without rows keeps
        one empty file (written now if the run had no input), so readers still see its columns."""
        files = [(e["index"], e["files"][name]) for e in entries if e["counts"][name]]
        if files:
            return files
        if entries:
            return [(entries[0]["index"], entries[0]["files"][name])]
        return [(0, self._write_file(0, name, bare_schema(name).empty_table()))]


SWAP_JOURNAL = "_swap.json"


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _old(path: Path) -> Path:
    return path.with_name(path.name + ".old")


def _swap_in(out: Path, renames: Iterable[tuple[Path, Path]]) -> None:
    """Do ``renames`` (paths in ``out``) through a journal: written first, then followed by
    :func:`finish_swap`, so a kill in the middle is finished by the next run and the set
    of tables is never half old, half new once baocao has run again."""
    journal = out / SWAP_JOURNAL
    pairs = [[src.relative_to(out).as_posix(), dst.relative_to(out).as_posix()] for src, dst in renames]
    _partial(journal).write_text(json.dumps(pairs), encoding="utf-8")
    os.replace(_partial(journal), journal)
    finish_swap(out)


def finish_swap(out: Path) -> None:
    """Complete the renames a journal in ``out`` lists (after a kill during the swap).

    Each step is skipped once done (its source is gone), so running the journal again
    from the top, as often as kills interrupt it, ends in the same state."""
    journal = Path(out) / SWAP_JOURNAL
    if not journal.exists():
        return
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        journal.unlink(missing_ok=True)
        return
    for src_name, dst_name in pairs:
        _replace(Path(out) / src_name, Path(out) / dst_name)
    journal.unlink(missing_ok=True)


def _replace(src: Path, dst: Path) -> None:
    """Put ``src`` in the place of ``dst``. A file is renamed over the old one; a folder
    cannot be, so the old folder is first renamed aside to ``<dst>.old`` and removed after:
    readers never see a half-removed table, and a kill in the removal is finished next time."""
    old = _old(dst)
    if src.exists():
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir() and dst.exists():
            _remove_dataset_folder(old)
            os.replace(dst, old)
        os.replace(src, dst)
    _remove_dataset_folder(old)


def _remove_dataset_folder(path: Path) -> bool:
    """Remove ``path`` if it is a dataset folder baocao wrote; say whether it did."""
    if not is_dataset_folder(path):
        return False
    shutil.rmtree(path)
    return True


#: Documents per part file: finished chunks are gathered, in input order, into parts of
#: about this many documents (or PART_SECONDS of work), so a million short documents make a
#: few hundred part files, not tens of thousands; --resume redoes at most one part.
PART_DOCS = 4096
PART_SECONDS = 30.0
#: ... or once the gathered documents hold this many characters of text (long articles make
#: big rows: the main process keeps at most about one part's rows in memory)
PART_CHARS = 4_000_000
#: Rows per Parquet row group in the final tables, fixed so the bytes do not depend on how
#: the run was cut into parts (documents carry whole texts: fewer of them per group).
ROW_GROUP_ROWS = {"documents": 1024}
ROW_GROUP_DEFAULT = 65536


class _PartBuffer:
    """Gathers finished chunks (which arrive in any order) and writes them as parts in
    chunk order: only a contiguous run of chunks is ever written, so parts concatenated in
    order give the same rows in the same order whatever the worker count or engine."""

    def __init__(self, parts: "_Parts", part_docs: int | None = None) -> None:
        self.parts = parts
        self.limit = part_docs or PART_DOCS
        self.waiting: dict[int, tuple[list[Job], dict[str, pa.Table]]] = {}
        self.next_chunk = 0
        self.keys: list[str] = []
        self.tables: dict[str, list[pa.Table]] = {name: [] for name in TABLE_NAMES}
        self.docs = 0
        self.chars = 0
        self.started = time.perf_counter()

    def add(self, index: int, chunk: list[Job], tables: dict[str, pa.Table]) -> None:
        self.waiting[index] = (chunk, tables)
        while self.next_chunk in self.waiting:
            chunk, tables = self.waiting.pop(self.next_chunk)
            self.next_chunk += 1
            self.keys.extend(j.key for j in chunk)
            for name, table in tables.items():
                self.tables[name].append(table)
            self.docs += len(chunk)
            self.chars += sum(len(j.doc.text) for j in chunk if j.doc is not None)
        if self.docs >= self.limit or self.chars >= PART_CHARS or (self.docs and time.perf_counter() - self.started >= PART_SECONDS):
            self.flush()

    def flush(self) -> None:
        if not self.docs:
            return
        self.parts.write(self.parts.next_index, self.keys,
                         {name: _concat_tables(ts, name) for name, ts in self.tables.items()})
        self.parts.next_index += 1
        self.keys, self.tables, self.docs, self.chars = [], {name: [] for name in TABLE_NAMES}, 0, 0
        self.started = time.perf_counter()


def _concat(parts: list[Path], table: str, dest: Path, fmt: str) -> int:
    schema = arrow_schema(table)
    n = 0
    if fmt == "parquet":
        group = ROW_GROUP_ROWS.get(table, ROW_GROUP_DEFAULT)
        carry: list[pa.Table] = []
        carried = 0
        with pq.ParquetWriter(dest, schema, compression="zstd") as writer:
            for p in parts:
                t = pq.read_table(p, schema=schema)
                if not t.num_rows:
                    continue
                n += t.num_rows
                carry.append(t)
                carried += t.num_rows
                if carried >= group:
                    whole = pa.concat_tables(carry)
                    cut = carried - carried % group
                    writer.write_table(whole.slice(0, cut), row_group_size=group)
                    rest = whole.slice(cut)
                    carry, carried = ([rest] if rest.num_rows else []), rest.num_rows
            if carried:
                writer.write_table(pa.concat_tables(carry), row_group_size=group)
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
    """Progress on stderr: a tqdm bar (percent, count, elapsed, rate, ETA, done and
    quarantined) on a terminal; a plain line every ``LOG_EVERY`` seconds when stderr is a
    file or a pipe; nothing when disabled. The total is counted in a background thread, so
    the bar starts as a counter and gains its percent and ETA when the count is in."""

    TTY_EVERY = 0.2  # seconds between redraws on a terminal
    LOG_EVERY = 30.0  # seconds between plain lines when stderr is a file or pipe

    def __init__(self, enabled: bool, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream is not None
        try:
            self.tty = self.enabled and self.stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        self.total: int | None = None
        self.t0 = time.perf_counter()
        self.last = self.t0
        self._bar: Any = None

    def count_in_background(self, inputs: list[str | Path], jsonl_fields: Any) -> None:
        """Count the inputs for the ETA without delaying the run (one more pass over
        JSONL and WARC files, no decoding)."""
        if not self.enabled or any(str(i) == "-" for i in inputs):
            return
        import threading

        import warcio.archiveiterator  # noqa: F401 - imported here, not in the thread a fork may copy

        from .readers import count_inputs

        def count() -> None:
            try:
                kw = {} if jsonl_fields is None else {"jsonl_fields": jsonl_fields}
                self.total = count_inputs(inputs, **kw)
            except Exception:  # noqa: BLE001 - no ETA is better than a failed run
                pass

        threading.Thread(target=count, name="baocao-count", daemon=True).start()

    def text(self, seen: int, done: int, quarantined: int, now: float) -> str:
        elapsed = max(now - self.t0, 1e-9)
        processed = done + quarantined
        rate = processed / elapsed
        if self.total is not None and self.total:
            head = f"{seen}/{self.total} inputs ({100 * min(seen, self.total) / self.total:.0f}%)"
        else:
            head = f"{seen} inputs"
        line = f"{head}: {done} done, {quarantined} quarantined, {rate:.1f} articles/s, elapsed {_duration(elapsed)}"
        if self.total is not None and processed and seen < self.total:
            line += f", ETA {_duration((self.total - seen) / rate)}"
        return line

    def _tqdm(self) -> Any:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=self.total, file=self.stream, unit="doc", desc="baocao", mininterval=self.TTY_EVERY,
                             smoothing=0.1, dynamic_ncols=True, leave=True)
        elif self.total is not None and self._bar.total != self.total:
            self._bar.total = self.total
        return self._bar

    def update(self, seen: int, done: int, quarantined: int) -> None:
        if not self.enabled:
            return
        if self.tty:
            bar = self._tqdm()
            bar.set_postfix_str(f"{done} done, {quarantined} quarantined", refresh=False)
            bar.update(seen - bar.n)
            return
        now = time.perf_counter()
        if now - self.last < self.LOG_EVERY:
            return
        self.last = now
        self.stream.write(self.text(seen, done, quarantined, now) + "\n")
        self.stream.flush()

    def finish(self, seen: int, done: int, quarantined: int) -> None:
        """Close the bar on its final state (a plain log needs nothing more)."""
        if not (self.enabled and self.tty):
            return
        bar = self._tqdm()
        if bar.total is not None and bar.total < seen:
            bar.total = seen
        bar.set_postfix_str(f"{done} done, {quarantined} quarantined", refresh=False)
        bar.update(seen - bar.n)
        bar.close()


def _duration(seconds: float) -> str:
    s = int(seconds + 0.5)
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


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
    doc_timeout: float | None = DOC_TIMEOUT,
    keep_parts: bool = False,
    area: str | None = None,
    dedup: bool = True,
    part_docs: int | None = None,
) -> Summary:
    """Extract every input into the tables of ``out``; see the module docstring."""
    if fmt not in OUTPUT_FORMATS:
        raise BaocaoError(f"unknown format {fmt!r}; accepted: {', '.join(OUTPUT_FORMATS)}")
    if fmt == DATASET and keep_parts:
        raise BaocaoError(f"--keep-parts does not go with --format {DATASET}: its parts become the dataset's files")
    if engine not in ("local", "dask"):
        raise BaocaoError(f"unknown engine {engine!r}; accepted: local, dask")
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == DATASET:
        _check_dataset_paths(out)
    from . import readers

    (out / readers.OUTPUT_MARKER).write_text("tables written by `baocao extract`; a folder walk never reads this folder as input\n", encoding="utf-8")
    readers.set_html_seconds(doc_timeout)
    finish_swap(out)  # a run killed while swapping its tables in: finish that swap first
    parts = _Parts(out, resume)
    workers = max(1, workers or os.cpu_count() or 1)
    summary = Summary(out=str(out))
    bar = _Progress(progress)
    bar.count_in_background(inputs, jsonl_fields)

    def todo() -> Iterator[list[Job]]:
        def fresh() -> Iterator[Job]:
            for job in _jobs(inputs, jsonl_fields, dedup):
                summary.inputs += 1
                if job.key in parts.done_keys:
                    summary.skipped_resume += 1
                    continue
                yield job
        return _chunks(fresh(), chunk_docs)

    sink = _PartBuffer(parts, part_docs)

    def record(index: int, chunk: list[Job], tables: dict[str, pa.Table]) -> None:
        sink.add(index, chunk, tables)
        summary.quarantined += tables["quarantine"].num_rows
        summary.done += len(chunk) - tables["quarantine"].num_rows
        bar.update(summary.done + summary.quarantined + summary.skipped_resume, summary.done, summary.quarantined)

    runner: Callable[..., None] = _run_dask if engine == "dask" else _run_local
    try:
        runner(todo(), 0, record, workers=workers, scheduler=scheduler, debug=debug, doc_timeout=doc_timeout,
               area=area)
    finally:  # also when interrupted: what is finished in order is kept for --resume; the next message starts on its own line
        sink.flush()
        bar.finish(summary.done + summary.quarantined + summary.skipped_resume, summary.done, summary.quarantined)
    last_document = time.perf_counter()

    counts = parts.consolidate(out, fmt)
    stale = _remove_stale(out, fmt)
    if stale and progress:
        print(f"baocao: removed {stale} tables an earlier run wrote to {out} in another format", file=sys.stderr)
    if not keep_parts:
        shutil.rmtree(parts.dir, ignore_errors=True)  # the run is complete: nothing to resume
    summary.records = counts
    # what earlier (resumed) runs did counts too: every input is done or quarantined
    summary.quarantined = counts["quarantine"]
    summary.done = counts["documents"]
    summary.seconds = time.perf_counter() - t0
    summary.tail_seconds = time.perf_counter() - last_document
    return summary


def _check_dataset_paths(out: Path) -> None:
    """Refuse, before any work, a folder baocao did not write where a dataset's table
    goes: the swap replaces ``OUT/<table>/`` and builds ``OUT/<table>.partial/``."""
    for name in TABLE_NAMES:
        final = out / name
        for path in (final, _partial(final), _old(final)):
            if path.exists() and not is_dataset_folder(path):
                raise BaocaoError(f"{path} is in the way of the {name} table and is not a folder of part-*.parquet "
                                  "files baocao wrote; move it away or write to another folder")


def _remove_stale(out: Path, fmt: str) -> int:
    """Remove an earlier run's tables in another format (one dataset per folder); return
    how many. Only files named like a table, and folders :func:`is_dataset_folder` accepts."""
    removed = 0
    for layout in (other for other in LAYOUTS if other != fmt):
        for name in TABLE_NAMES:
            path = table_path(out, name, layout)
            if layout == DATASET:
                removed += _remove_dataset_folder(path)
            elif path.is_file():
                path.unlink()
                removed += 1
    if fmt != "duckdb" and (out / "baocao.duckdb").is_file():
        (out / "baocao.duckdb").unlink()
        removed += 1
    return removed


def _run_local(chunks: Iterator[list[Job]], first_index: int, record, *, workers: int, scheduler, debug: bool,
               doc_timeout: float | None, area: str | None = None) -> None:
    if workers == 1:
        for i, chunk in enumerate(chunks, first_index):
            record(i, chunk, process_chunk(chunk, debug, doc_timeout, area))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
        pending: dict[Any, tuple[int, list[Job]]] = {}
        try:
            for i, chunk in enumerate(chunks, first_index):
                try:
                    fut = pool.submit(process_chunk, chunk, debug, doc_timeout, area)
                except BrokenProcessPool as exc:  # a worker died between two submissions
                    raise WorkerDied(_died(chunk, exc)) from exc
                pending[fut] = (i, chunk)
                if len(pending) >= 2 * workers:
                    _drain(pending, record, FIRST_COMPLETED)
            while pending:
                _drain(pending, record, FIRST_COMPLETED)
        except BaseException:
            _kill_workers(pool)
            raise


def _worker_init() -> None:
    """In each worker: die with the main process (a killed driver leaves no orphans, on
    Linux through PR_SET_PDEATHSIG, elsewhere through a watchdog thread), then warm up."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        def watch() -> None:
            while True:
                time.sleep(1.0)
                if os.getppid() != parent:
                    os._exit(1)

        threading.Thread(target=watch, name="baocao-orphan-watch", daemon=True).start()
    warm_up()


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's processes now (a dead worker or Ctrl-C ends the run: nothing to wait for)."""
    for proc in list(getattr(pool, "_processes", {}).values()):
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _drain(pending: dict, record, how) -> None:
    finished, _ = wait(list(pending), return_when=how)
    for fut in finished:
        i, chunk = pending.pop(fut)
        record(i, chunk, _result(fut, chunk))


def _result(fut: Any, chunk: list[Job]) -> dict[str, pa.Table]:
    """A chunk's tables; a worker that died (killed, out of memory) ends the run with a
    message, not a traceback: the finished parts are kept for --resume."""
    try:
        return fut.result()
    except BrokenProcessPool as exc:
        raise WorkerDied(_died(chunk, exc)) from exc
    except Exception as exc:  # noqa: BLE001 - dask: KilledWorker, lost connection, ...
        if type(exc).__module__.startswith(("distributed", "dask")):
            raise WorkerDied(_died(chunk, exc)) from exc
        raise


def _died(chunk: list[Job], exc: BaseException) -> str:
    first = chunk[0].doc or chunk[0].skipped
    where = f"{first.source}:{first.line}" if getattr(first, "line", None) else getattr(first, "source", "?")
    return (f"a worker died on the chunk starting at {where} ({type(exc).__name__}: {exc}); "
            "finished parts are kept: run again with --resume")


def _run_dask(chunks: Iterator[list[Job]], first_index: int, record, *, workers: int, scheduler: str | None, debug: bool,
              doc_timeout: float | None, area: str | None = None) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    import tempfile

    cluster = None
    scratch = None
    if scheduler:
        client = Client(scheduler)
    else:
        scratch = tempfile.mkdtemp(prefix="baocao-dask-")  # removed at the end: no dask-scratch-space left behind
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               local_directory=scratch)
        client = Client(cluster)
    try:
        client.run(warm_up)
        window = as_completed()
        meta: dict[str, tuple[int, list[Job]]] = {}
        for i, chunk in enumerate(chunks, first_index):
            fut = client.submit(process_chunk, chunk, debug, doc_timeout, area, pure=False)
            meta[fut.key] = (i, chunk)
            window.add(fut)
            if window.count() >= 2 * workers:
                fut = next(window)
                i, chunk = meta.pop(fut.key)
                record(i, chunk, _result(fut, chunk))
        for fut in window:
            i, chunk = meta.pop(fut.key)
            record(i, chunk, _result(fut, chunk))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
