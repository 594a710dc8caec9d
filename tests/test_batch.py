"""extract.batch and `baocao extract` end to end (SPEC §6): every input is a documents row
or a quarantine row, every record is grounded, and the tables do not depend on the worker
count, the engine or on being resumed."""
from __future__ import annotations

import io
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from extract import batch
from extract.batch import _Progress, finish_swap, run_batch
from extract.errors import BaocaoError
from extract.readers import RawDoc, iter_inputs
from extract.writers import SUFFIX, arrow_schema, read_table, table_path
from schemas import TABLES

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "tests" / "fixtures" / "inputs"
CORPUS = ROOT / "corpus" / "seeds"
PARAGRAPH = (INPUTS / "sentence-utf8.txt").read_text(encoding="utf-8")
GROUNDED = ("sentences", "quantities", "areas", "campaigns", "periods")
DECIMALS = ("value", "value_max", "total")


# --------------------------------------------------------------------------- helpers

def hostile_folder(root: Path) -> Path:
    """Every fixture plus the hostile files of a real archive dump."""
    folder = root / "in"
    shutil.copytree(INPUTS, folder)
    # an export cut at a byte limit, inside the last character
    (folder / "cut-utf8.txt").write_bytes("Năm 2019, có 17/17 khu phố đạt chuẩn văn minh đô thị".encode("utf-8")[:-1])
    (folder / "nul-bytes.txt").write_bytes(b"\0" * 64 + PARAGRAPH.encode("utf-8"))
    (folder / "stray-nuls.txt").write_bytes((PARAGRAPH * 3).encode("utf-8").replace(b". ", b".\0 ", 1))
    (folder / "utf16.txt").write_bytes(PARAGRAPH.encode("utf-16"))
    (folder / "cp1258.txt").write_bytes((INPUTS / "sentence-cp1258.txt").read_bytes()[:-20] + b" 21/21 khu ph\xd4\xde.\n")
    huge = {"id": "huge-line", "text": PARAGRAPH, "raw_html": "<p>" + "x" * 4_000_000 + "</p>"}  # several MB, one line
    lines = [json.dumps({"id": "ok-1", "text": PARAGRAPH}, ensure_ascii=False), json.dumps(huge),
             '{"id": "cut", "text": "Góp 4,2 t',  # a broken line in the middle
             json.dumps({"id": "ok-2", "text": "Hoàn thành 21/21 khu phố."}, ensure_ascii=False),
             '{"id": "last", "text": "cut at the end']  # and a last line cut without a newline
    (folder / "dump.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (folder / "page.html").write_text("<html><body><div><p>" + PARAGRAPH + "<table><tr><td>16.935m</div></body>", encoding="utf-8")
    (folder / "too-big.txt").write_text("Quyên góp 999999999999999999999999999999 đồng cho quỹ.\n", encoding="utf-8")
    (folder / "data.xlsx").write_bytes(b"PK\x03\x04")
    return folder


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env)


def tables(out: Path, fmt: str = "parquet") -> dict[str, list[dict]]:
    return {name: read_table(out / f"{name}{SUFFIX[fmt]}") for name in TABLES}


def table_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def check_accounted_and_grounded(inputs: list[Path], got: dict[str, list[dict]]) -> None:
    items = list(iter_inputs(inputs))
    docs = {d["doc_id"]: d for d in got["documents"]}
    quarantine = got["quarantine"]
    assert len(docs) == len(got["documents"])  # doc ids are unique
    # nothing lost: one row per input, in one of the two tables
    assert len(docs) + len(quarantine) == len(items)
    by_where = {(q["source"], q["line"]) for q in quarantine}
    quarantined_ids = {q["doc_id"] for q in quarantine if q["stage"] not in ("read", "decode", "parse", "html")}
    for item in items:
        if isinstance(item, RawDoc):
            assert item.doc_id in docs or item.doc_id in quarantined_ids, item.doc_id
            if item.doc_id in docs:
                assert docs[item.doc_id]["source"] == item.source
                assert docs[item.doc_id]["text"] == item.text  # the decoded text, untouched
        else:
            assert (item.source, item.line) in by_where, str(item)
    for q in quarantine:
        assert q["source"] and q["reason"] and q["stage"]
        assert "Traceback" not in q["reason"]
    # grounded: documents.text[start:end] == text, in every table
    for name in GROUNDED:
        for r in got[name]:
            assert docs[r["doc_id"]]["text"][r["start"]:r["end"]] == r["text"], (name, r)


def sorted_rows(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str, ensure_ascii=False) for r in rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """The hostile folder, extracted once with two workers (Parquet)."""
    root = tmp_path_factory.mktemp("batch")
    folder = hostile_folder(root)
    done = cli("extract", str(folder), "-o", str(root / "out-w2"), "--workers", "2", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return folder, root


# --------------------------------------------------------------------------- end to end

@pytest.mark.slow
def test_hostile_folder_every_input_accounted_for(hostile):
    folder, root = hostile
    got = tables(root / "out-w2")
    check_accounted_and_grounded([folder], got)
    assert not list((root / "out-w2").glob("*.partial"))
    reasons = {Path(q["source"]).name + (f":{q['line']}" if q["line"] else ""): (q["stage"], q["reason"]) for q in got["quarantine"]}
    assert reasons["dump.jsonl:3"][0] == "parse" and reasons["dump.jsonl:5"][0] == "parse"
    assert reasons["data.xlsx"][1].startswith("unsupported file type '.xlsx'")
    assert reasons["nul-bytes.txt"][1].startswith("binary data")
    assert reasons["too-big.txt"][0] == "write"  # a value decimal128(38, 10) cannot hold: that document only
    docs = {d["doc_id"]: d for d in got["documents"]}
    assert docs["huge-line"]["text"] == PARAGRAPH
    assert docs["cut-utf8"]["encoding"] == "utf-8" and docs["cut-utf8"]["text"].endswith("đô th")
    assert docs["stray-nuls"]["encoding"] == "utf-8"
    assert docs["utf16"]["encoding"] == "utf-16-le"
    assert docs["cp1258"]["encoding"] == "cp1258"
    assert {d["encoding"] for d in got["documents"]} >= {"utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1258", "tcvn3", "vni"}
    assert any(q["kind"] == "money" and q["value"] == Decimal(4200000000) for q in got["quantities"])


@pytest.mark.slow
def test_summary_and_progress_on_stderr(tmp_path):
    (tmp_path / "a.txt").write_text(PARAGRAPH, encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    done = cli("extract", str(tmp_path / "a.txt"), str(tmp_path / "b.pdf"), "-o", str(tmp_path / "out"), "--workers", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # data goes to files
    lines = done.stderr.splitlines()
    assert "\r" not in done.stderr  # not a terminal: no redrawn line
    assert lines[-1].startswith("2 inputs: 1 done, 1 quarantined in ")
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_workers_do_not_change_the_tables(hostile):
    folder, root = hostile
    done = cli("extract", str(folder), "-o", str(root / "out-w1"), "--workers", "1", cwd=root)
    assert done.returncode == 0, done.stderr
    assert table_bytes(root / "out-w1") == table_bytes(root / "out-w2")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_formats_hold_the_same_rows(hostile, fmt):
    folder, root = hostile
    out = root / f"out-{fmt}"
    done = cli("extract", str(folder), "-o", str(out), "--format", fmt, "--workers", "2", cwd=root)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted([*(f"{t}.{fmt}" for t in TABLES), ".baocao-output"])
    assert not (out / "_parts").exists()  # a complete run leaves no parts behind
    parquet = tables(root / "out-w2")
    for name in TABLES:
        frame = read_frame(out / f"{name}.{fmt}", name)
        reference = read_frame(root / "out-w2" / f"{name}.parquet", name)
        assert list(frame.columns) == list(TABLES[name].model_fields)
        assert len(frame) == len(parquet[name])
        pd.testing.assert_frame_equal(normalised(frame), normalised(reference), check_dtype=False)
        for col in ("start", "end", "sentence", "body_start", "body_end", "paragraph"):
            if col in frame and TABLES[name].model_fields[col].is_required():
                assert frame[col].dtype == "int64", (name, col)


def read_frame(path: Path, table: str) -> pd.DataFrame:
    """How a user reads each format with pandas (README: decimals are strings in JSON and CSV)."""
    text_cols = {c: str for c, f in TABLES[table].model_fields.items() if c not in ("start", "end", "sentence", "paragraph", "body_start", "body_end", "line")}
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".jsonl":
        return pd.read_json(path, lines=True, dtype=False) if path.stat().st_size else pd.DataFrame(columns=list(TABLES[table].model_fields))
    return pd.read_csv(path, dtype=text_cols, keep_default_na=False, na_values={"line": [""]})


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if col in DECIMALS:
            out[col] = [None if v is None or v == "" or (isinstance(v, float) and v != v) else Decimal(str(v)).normalize() for v in out[col]]
        elif col in ("line", "sentence"):  # nullable ints: Int64 with <NA> from Parquet, float NaN from JSON
            out[col] = [None if v is None or pd.isna(v) else int(v) for v in out[col]]
        elif not pd.api.types.is_numeric_dtype(out[col]):  # CSV has no null: an empty cell is one
            out[col] = [None if v is None or v == "" or (isinstance(v, float) and v != v) else v for v in out[col]]
    return out.reset_index(drop=True)


@pytest.mark.slow
def test_parquet_dtypes_for_pandas(hostile):
    _, root = hostile
    q = pd.read_parquet(root / "out-w2" / "quantities.parquet")
    assert all(isinstance(v, Decimal) for v in q["value"])
    assert q["start"].dtype == "int64" and q["end"].dtype == "int64"
    schema = pq.read_schema(root / "out-w2" / "quantities.parquet")
    assert str(schema.field("value").type) == "decimal128(38, 10)"


# --------------------------------------------------------------------------- dask

@pytest.mark.slow
def test_dask_engine_gives_the_same_tables(tmp_path):
    pytest.importorskip("dask.distributed")
    local = cli("extract", str(CORPUS), "-o", str(tmp_path / "local"), "--workers", "1", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    dask = cli("extract", str(CORPUS), "-o", str(tmp_path / "dask"), "--engine", "dask", "--workers", "2",
               "--no-progress", cwd=tmp_path, timeout=90)
    assert dask.returncode == 0, dask.stderr
    assert "Traceback" not in dask.stderr
    assert table_bytes(tmp_path / "dask") == table_bytes(tmp_path / "local")


# --------------------------------------------------------------------------- resume

def _inputs_for_resume(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, line in enumerate(PARAGRAPH.split(". ")):
        (folder / f"{i}-a.txt").write_text(line + ".\n", encoding="utf-8")
        (folder / f"{i}-b.txt").write_text(line + ".\n", encoding="utf-8")  # same bytes, another input
    (folder / "bad.txt").write_bytes(b"")
    shutil.copy(INPUTS / "articles.jsonl", folder / "articles.jsonl")
    # read last, after its twin 0-a.txt is done: resuming must not take it for done
    shutil.copy(folder / "0-a.txt", folder / "z-twin.txt")
    return [folder]


@pytest.mark.slow
def test_resume_after_a_crash_ends_like_a_clean_run(tmp_path):
    inputs = _inputs_for_resume(tmp_path)
    clean = run_batch(inputs, tmp_path / "clean", workers=1, progress=False, chunk_docs=3)
    out = tmp_path / "resumed"
    first = run_batch(inputs, out, workers=1, progress=False, chunk_docs=3, keep_parts=True, part_docs=3)
    assert first.done == clean.done
    # the crash: the last two parts never finished, the manifest line of the one before
    # was cut mid-write, a part and a final table were half written
    parts = out / batch.PARTS
    manifest = (parts / batch.MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(manifest) >= 4
    for line in manifest[-2:]:
        for f in json.loads(line)["files"].values():
            (parts / f).unlink()
    (parts / batch.MANIFEST).write_text("\n".join(manifest[:-3]) + "\n" + manifest[-3][:25], encoding="utf-8")
    (parts / "part-0000099.documents.parquet.partial").write_bytes(b"PAR1 half")
    (out / "documents.parquet.partial").write_bytes(b"PAR1 half")
    for name in TABLES:
        (out / f"{name}.parquet").unlink()

    resumed = run_batch(inputs, out, workers=1, progress=False, chunk_docs=3, resume=True, keep_parts=True, part_docs=3)
    assert resumed.skipped_resume == 3 * (len(manifest) - 3)
    assert (resumed.done, resumed.quarantined) == (clean.done, clean.quarantined)
    for name in TABLES:
        assert sorted_rows(read_table(out / f"{name}.parquet")) == sorted_rows(read_table(tmp_path / "clean" / f"{name}.parquet")), name
    assert not list(out.rglob("*.partial"))
    # a second resume has nothing left to do and keeps the tables
    again = run_batch(inputs, out, workers=1, progress=False, chunk_docs=3, resume=True)
    assert again.skipped_resume == again.inputs and again.done == clean.done


@pytest.mark.slow
def test_killed_run_leaves_no_half_table_and_resumes(tmp_path):
    inputs = _inputs_for_resume(tmp_path)
    script = (
        "import sys, time\n"
        "from extract import batch\n"
        "real = batch.process_chunk\n"
        "def slow(*args):\n"
        "    time.sleep(0.3)\n"
        "    return real(*args)\n"
        "batch.process_chunk = slow\n"
        "batch.run_batch(sys.argv[1:-1], sys.argv[-1], workers=1, progress=False, chunk_docs=2, part_docs=2)\n"
    )
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, inputs), str(out)], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    manifest = out / batch.PARTS / batch.MANIFEST
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and (
            not manifest.exists() or len(manifest.read_text().splitlines()) < 2):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    assert not [p for p in out.iterdir() if p.is_file() and not p.name.startswith(".")]  # no table, half-written or not
    resumed = run_batch(inputs, out, workers=1, progress=False, resume=True)
    assert resumed.skipped_resume >= 4
    run_batch(inputs, tmp_path / "clean", workers=1, progress=False)
    for name in TABLES:
        assert sorted_rows(read_table(out / f"{name}.parquet")) == sorted_rows(read_table(tmp_path / "clean" / f"{name}.parquet")), name


# --------------------------------------------------------------------------- progress

class FakeStream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_progress_on_a_terminal_is_a_bar_with_percent_rate_and_eta():
    stream = FakeStream(tty=True)
    bar = _Progress(True, stream)
    bar.total = 10
    bar.TTY_EVERY = 0.0
    bar.update(4, 3, 1)
    time.sleep(0.05)
    bar.update(5, 4, 1)
    bar.finish(10, 9, 1)
    out = stream.getvalue()
    frames = [f for f in out.replace("\n", "\r").split("\r") if f.strip()]
    assert out.endswith("\n") and out.count("\n") == 1  # redrawn in place, one final line
    assert any("40%|" in f and "4/10" in f and "3 done, 1 quarantined" in f for f in frames), frames
    last = frames[-1]
    assert "100%|" in last and "10/10" in last and "9 done, 1 quarantined" in last and "doc/s" in last
    assert any("<" in f for f in frames)  # elapsed<remaining: tqdm's ETA


def test_progress_in_a_log_prints_occasional_plain_lines():
    stream = FakeStream(tty=False)
    bar = _Progress(True, stream)
    bar.update(1, 1, 0)  # too soon after the start
    bar.last -= bar.LOG_EVERY
    bar.update(2, 2, 0)
    bar.finish(3, 3, 0)
    out = stream.getvalue()
    assert "\r" not in out and out.count("\n") == 1 and out.startswith("2 inputs: 2 done, 0 quarantined")
    assert "elapsed" in out
    bar.total = 4
    bar.last -= bar.LOG_EVERY
    bar.update(2, 2, 0)
    assert stream.getvalue().splitlines()[-1].startswith("2/4 inputs (50%): 2 done") and "ETA" in stream.getvalue()


def test_progress_disabled_writes_nothing():
    stream = FakeStream(tty=True)
    bar = _Progress(False, stream)
    bar.update(1, 1, 0)
    bar.finish(1, 1, 0)
    assert stream.getvalue() == ""


def test_duration_format():
    assert [batch._duration(s) for s in (0, 59.4, 61, 3600 * 2 + 5)] == ["0:00", "0:59", "1:01", "2:00:05"]


# --------------------------------------------------------------------------- dead workers

def _die(*args, **kwargs):
    os._exit(9)  # what the OOM killer does to a worker


@pytest.mark.slow
def test_a_dead_worker_stops_the_run_with_a_message(tmp_path, monkeypatch):
    import extract.pipeline

    (tmp_path / "a.txt").write_text(PARAGRAPH, encoding="utf-8")
    monkeypatch.setattr(batch, "_WARM", True)
    monkeypatch.setattr(extract.pipeline, "extract_document", _die)  # forked workers inherit it
    with pytest.raises(batch.WorkerDied, match="run again with --resume"):
        run_batch([tmp_path / "a.txt"], tmp_path / "out", workers=2, progress=False)


# --------------------------------------------------------------------------- runaway documents

@pytest.mark.slow
def test_a_long_run_of_letters_does_not_stall_the_pipeline():
    """Bug caught: the Covid-19 pattern in quantities._PROTECTED backtracked quadratically
    over a long run of letters (40k letters ~13 s, a 1 MB base64 blob hours)."""
    # a base64 image pasted into a text dump: one "word" of 40,000 letters
    code = "from extract.pipeline import extract_document as x; x('Ảnh: ' + 'QUJD' * 10000, 'blob')"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=15, check=True, capture_output=True)


_real_extract_document = None


def _slow_on_blob(text, doc_id, **kwargs):
    if doc_id == "blob":
        while True:  # a runaway stage
            time.sleep(0.01)
    return _real_extract_document(text, doc_id, **kwargs)


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_the_time_limit_is_quarantined(tmp_path, monkeypatch, workers):
    global _real_extract_document
    import extract.pipeline

    _real_extract_document = extract.pipeline.extract_document
    monkeypatch.setattr(extract.pipeline, "extract_document", _slow_on_blob)  # forked workers inherit it
    (tmp_path / "blob.txt").write_text("Ảnh: " + "QUJD" * 100, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(PARAGRAPH, encoding="utf-8")
    t0 = time.perf_counter()
    summary = run_batch([tmp_path], tmp_path / "out", workers=workers, progress=False, doc_timeout=0.5)
    assert time.perf_counter() - t0 < 10
    quarantine = read_table(tmp_path / "out" / "quarantine.parquet")
    assert [(q["doc_id"], q["stage"]) for q in quarantine] == [("blob", "extract")]
    assert quarantine[0]["reason"] == "took longer than 0.5 s (405 characters); stopped in extract"
    assert summary.done == 1 and [d["doc_id"] for d in read_table(tmp_path / "out" / "documents.parquet")] == ["ok"]


# --------------------------------------------------------------------------- parquet dataset

DATASET = "parquet-dataset"
PART_FILE = re.compile(r"part-\d{7}\.parquet")
SEED = "001_e978e5b1d23108f2"


def in_small_parts(inputs: list[Path], out: Path, fmt: str, **kwargs) -> batch.Summary:
    """A run cut into many parts (3 documents each), so a table spans many files."""
    return run_batch(inputs, out, fmt=fmt, workers=1, progress=False, chunk_docs=2, part_docs=3, **kwargs)


def entries(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


@pytest.fixture(scope="module")
def layouts(tmp_path_factory) -> Path:
    """The fixture inputs and the seed articles, extracted once as single files and once as a dataset."""
    root = tmp_path_factory.mktemp("layouts")
    for fmt in ("parquet", DATASET):
        in_small_parts([INPUTS, CORPUS], root / fmt, fmt)
    return root


@pytest.mark.parametrize("table", list(TABLES))
def test_a_dataset_folder_reads_as_the_single_file(layouts, table):
    folder, single = layouts / DATASET / table, layouts / "parquet" / f"{table}.parquet"
    assert len(list(folder.iterdir())) > 1  # rows from several part files
    assert pd.read_parquet(folder).equals(pd.read_parquet(single))  # same rows, order, dtypes and Decimals
    assert pq.read_table(folder).equals(pq.read_table(single), check_metadata=True)
    assert read_table(folder) == read_table(single)


def _no_input(tmp_path: Path) -> list[Path]:
    (tmp_path / "empty").mkdir()
    return [tmp_path / "empty"]


@pytest.mark.parametrize(("inputs", "empty"), [
    pytest.param(lambda tmp: [INPUTS, CORPUS], set(), id="every-table-has-rows"),
    pytest.param(lambda tmp: [CORPUS], {"quarantine"}, id="no-quarantine"),
    pytest.param(_no_input, set(TABLES), id="no-input"),
])
def test_dataset_layout(tmp_path, inputs, empty):
    out = tmp_path / "out"
    summary = in_small_parts(inputs(tmp_path), out, DATASET)
    assert entries(out) == sorted([".baocao-output", *TABLES])  # no _parts, journal, .partial or .old left
    for name in TABLES:
        files = sorted((out / name).iterdir())
        assert all(PART_FILE.fullmatch(f.name) for f in files), files
        rows = [pq.ParquetFile(f).metadata.num_rows for f in files]
        assert sum(rows) == summary.records[name]
        # a part without rows of a table leaves no file there; a table without rows keeps one, for its columns
        assert (rows == [0]) if name in empty else all(rows), (name, rows)
        for f in files:
            parquet = pq.ParquetFile(f)
            assert parquet.schema_arrow.equals(arrow_schema(name), check_metadata=True)
            meta = parquet.metadata
            assert {meta.row_group(g).column(c).compression for g in range(meta.num_row_groups)
                    for c in range(meta.num_columns)} <= {"ZSTD"}


class _Killed(BaseException):
    """A SIGKILL, in process: nothing after it runs."""


def _kill_on_call(monkeypatch, module, name: str, n: int, die=None) -> None:
    """Make the ``n``-th call (from 0) of ``module.name`` the moment of a kill; ``die``, if
    given, runs first: what the call got done before the kill, or another way to stop."""
    real, calls = getattr(module, name), itertools.count()

    def maybe_die(*args, **kwargs):
        if next(calls) == n:
            if die is not None:
                die(*args, **kwargs)
            raise _Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, maybe_die)


def _remove_one_file(path, *args, **kwargs):
    next(Path(path).iterdir()).unlink()


def _ctrl_c(*args, **kwargs):
    raise KeyboardInterrupt


def test_a_dataset_swap_killed_at_any_step_is_finished_by_the_next_run(tmp_path, monkeypatch):
    out, expected, snapshot = tmp_path / "out", tmp_path / "expected", tmp_path / "snapshot"
    in_small_parts([INPUTS], out, DATASET)  # the old set: more parts than the new one
    in_small_parts([CORPUS], expected, DATASET)
    with monkeypatch.context() as m:  # the new run, killed once its journal is written
        _kill_on_call(m, batch, "_replace", 0)
        with pytest.raises(_Killed):
            in_small_parts([CORPUS], out, DATASET)
    assert (out / batch.SWAP_JOURNAL).exists()
    shutil.copytree(out, snapshot)
    renames = len(json.loads((out / batch.SWAP_JOURNAL).read_text(encoding="utf-8"))) + len(TABLES)  # + old folders aside
    kills = [(os, "replace", n, None) for n in range(renames)]
    kills += [(shutil, "rmtree", n, _remove_one_file) for n in range(len(TABLES))]  # in the removal of an old folder
    for module, name, n, die in kills:
        case = tmp_path / f"{name}-{n}"
        shutil.copytree(snapshot, case)
        with monkeypatch.context() as m:
            _kill_on_call(m, module, name, n, die)
            with pytest.raises(_Killed):
                finish_swap(case)
        finish_swap(case)
        assert [e for e in entries(case) if e != batch.PARTS] == sorted([".baocao-output", *TABLES]), (name, n)
        for table in TABLES:
            assert entries(case / table) == entries(expected / table), (name, n, table)  # no old file mixed in
            assert read_table(case / table) == read_table(expected / table), (name, n, table)


@pytest.mark.parametrize(("first", "second"), [
    ("parquet", DATASET), (DATASET, "parquet"), ("jsonl", DATASET), (DATASET, "csv"), (DATASET, "duckdb"),
])
def test_a_run_in_another_format_replaces_the_other_layout(capsys, tmp_path, first, second):
    from extract.cli import main

    if "duckdb" in (first, second):
        pytest.importorskip("duckdb")
    out = tmp_path / "out"
    for fmt in (first, second):
        assert main(["extract", str(CORPUS / f"{SEED}.txt"), "-o", str(out), "--format", fmt, "--workers", "1"]) == 0
    assert "another format" in capsys.readouterr().err
    names = ["baocao.duckdb"] if second == "duckdb" else [table_path(out, name, second).name for name in TABLES]
    assert entries(out) == sorted([".baocao-output", *names])


def test_a_folder_baocao_did_not_write_is_never_replaced_or_removed(tmp_path):
    out = tmp_path / "out"
    (out / "quantities").mkdir(parents=True)
    (out / "quantities" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BaocaoError, match="in the way of the quantities table"):
        in_small_parts([CORPUS], out, DATASET)
    in_small_parts([CORPUS], out, "parquet")  # nor is it taken for an earlier dataset
    assert entries(out / "quantities") == ["notes.txt"]


def test_keep_parts_is_refused_with_a_dataset(tmp_path):
    with pytest.raises(BaocaoError, match="--keep-parts"):
        in_small_parts([CORPUS], tmp_path / "out", DATASET, keep_parts=True)


def test_resume_a_dataset_run_after_a_crash(tmp_path, monkeypatch):
    clean = in_small_parts([INPUTS], tmp_path / "clean", DATASET)
    out = tmp_path / "out"
    with monkeypatch.context() as m:  # Ctrl-C in the sixth chunk: five chunks, ten inputs, are done
        _kill_on_call(m, batch, "process_chunk", 5, die=_ctrl_c)
        with pytest.raises(KeyboardInterrupt):
            in_small_parts([INPUTS], out, DATASET)
    assert not set(TABLES) & set(entries(out))  # no table before the run is complete
    resumed = in_small_parts([INPUTS], out, DATASET, resume=True)
    assert resumed.skipped_resume == 10
    assert (resumed.done, resumed.quarantined) == (clean.done, clean.quarantined)
    assert entries(out) == sorted([".baocao-output", *TABLES])
    for name in TABLES:
        assert read_table(out / name) == read_table(tmp_path / "clean" / name), name


def test_evaluate_and_show_read_a_dataset_as_the_single_files(capsys, layouts):
    from extract.cli import main
    from extract.evaluate import load_texts
    from extract.show import from_tables

    dataset, single = layouts / DATASET, layouts / "parquet"
    assert load_texts(dataset) == load_texts(single)
    assert from_tables(dataset, SEED) == from_tables(single, SEED)
    reports = []
    for pred in (dataset, single):
        assert main(["evaluate", "--gold", str(ROOT / "gold"), "--pred", str(pred), "--json"]) == 0
        reports.append(capsys.readouterr().out)
    assert json.loads(reports[0]) == json.loads(reports[1])
