"""The batch at archive scale: the real CLI on one JSONL file of N short documents.

    python bench/bench_scale.py                    # 100k, 400k and 1M documents (~40 min on 2 cores)
    python bench/bench_scale.py --quick            # 10k and 40k, a few minutes
    python bench/bench_scale.py --sizes 20000,80000 --workers 2 --json
    python bench/bench_scale.py --quick --format parquet-dataset   # the end of the run: renames only

For each size, N short Vietnamese report texts (one or two sentences, ~150-300
characters) are generated with a fixed seed into ``docs_<N>.jsonl`` in a temp
folder, one ``{"id": "d<n>", "text": ...}`` per line; about 1% are reposts of an
earlier text with a "Theo báo X," prefix (near-duplicates, as from a news
aggregator), the rest differ in numbers, places, campaigns and wording. Then

    python -m extract.cli extract FILE -o OUT --format F --workers W --no-progress   (F: --format, default parquet)

runs in a subprocess (cwd = this checkout) while a sampler polls the RSS of the
whole process tree every ``--interval`` s (psutil if installed, else
/proc/<pid>/status) and keeps the peak and the CPU time of every pid. Reported
per size: wall time, documents/s, peak RSS of the main process and of the largest
worker, the time after the last document (parsed from the CLI's summary line:
"... in X.Xs (Y.Ys after the last document) -> OUT ...") and its share of the
run, the files and bytes in OUT (and that OUT/_parts is gone), and the share of
documents marked ``duplicate_of``. Then the ratios against their targets:
time(4N)/time(N) <= 4.4 and the tail < 10% of the run at the largest size, and
every process < 500 MB at 400k. One run per size: at these sizes a run lasts
minutes, so the noise is the load average in the header, not repeats.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, environment, header, finish  # noqa: E402  (puts the checkout on sys.path)

#: targets from the issues, printed next to the figures
TARGET_SCALING = 4.4  # time(400k) / time(100k): at most 10% above linear
TARGET_TAIL_SHARE = 10.0  # % of the run spent after the last document, at the largest size
TARGET_PROCESS_MB = 500.0  # every process (main and workers) at 400k documents
MEMORY_SIZE = 400_000  # the size the memory target is about

DEFAULT_SIZES = [100_000, 400_000, 1_000_000]
QUICK_SIZES = [10_000, 40_000]
SEED = 20240611


# --- corpus ------------------------------------------------------------------

_COMMUNES = ["Hàm Liêm", "Hàm Chính", "Hàm Nhơn", "Hàm Trí", "Hàm Phú", "Thuận Minh", "Đông Giang", "La Dạ",
             "Nâm N'Jang", "Thuận Hạnh", "Trường Xuân", "Đắk Môl", "Đắk Hòa", "Nam Bình", "Thuận Hà", "Đắk N'Drung",
             "Phú Lạc", "Vĩnh Hảo", "Phan Dũng", "Bình Thạnh", "Hòa Minh", "Chí Công", "Phong Phú", "Phước Thể",
             "Sông Lũy", "Phan Hòa", "Hải Ninh", "Bình An", "Đức Phú", "Nghị Đức", "Măng Tố", "Gia An"]
_TOWNS = ["Ma Lâm", "Phú Long", "Đức An", "Liên Hương", "Phan Rí Cửa", "Chợ Lầu", "Lạc Tánh", "Võ Xu"]
_DISTRICTS = ["Hàm Thuận Bắc", "Đắk Song", "Tuy Phong", "Bắc Bình", "Đức Linh", "Tánh Linh", "Hàm Thuận Nam",
              "Hàm Tân", "Cư Jút", "Krông Nô", "Đắk Mil", "Tuy Đức"]
_PROVINCES = ["Bình Thuận", "Đắk Nông", "Lâm Đồng", "Ninh Thuận"]
_CAMPAIGNS = ["Vì người nghèo", "Dân vận khéo", "Toàn dân đoàn kết xây dựng đời sống văn hóa",
              "Chung tay xây dựng nông thôn mới", "Đền ơn đáp nghĩa", "Ngày vì người nghèo", "Mái ấm tình thương",
              "Ánh sáng đường quê", "Thắp sáng đường quê", "Tết vì người nghèo", "Xanh - sạch - đẹp",
              "Nông dân sản xuất, kinh doanh giỏi"]
_ORGS = ["Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Cựu chiến binh", "Ủy ban MTTQ Việt Nam",
         "Hội Chữ thập đỏ", "Hội Người cao tuổi"]
_CROPS = ["cà phê", "hồ tiêu", "thanh long", "cao su", "điều", "lúa nước", "bắp", "sầu riêng"]
_VERBS = ["vận động", "huy động", "phối hợp vận động", "tích cực vận động"]
_PAPERS = ["Bình Thuận", "Đắk Nông", "Dân Trí", "Đại Đoàn Kết", "Nhân Dân", "Tuổi Trẻ"]


def _int(rng: random.Random, lo: int, hi: int) -> str:
    """An integer with Vietnamese thousands dots: 16.935."""
    return f"{rng.randint(lo, hi):,}".replace(",", ".")


def _dec(rng: random.Random, lo: float, hi: float) -> str:
    """A number with one decimal and a decimal comma: 4,2."""
    return f"{rng.uniform(lo, hi):.1f}".replace(".", ",")


def _unit(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.7:
        return f"xã {rng.choice(_COMMUNES)}"
    if r < 0.85:
        return f"thị trấn {rng.choice(_TOWNS)}"
    return f"huyện {rng.choice(_DISTRICTS)}"


_TEMPLATES = [
    lambda r: (f"Năm {r.randint(2010, 2023)}, {_unit(r)} {r.choice(_VERBS)} làm mới {_int(r, 800, 40000)}m đường "
               f"giao thông, góp hơn {_dec(r, 0.5, 12)} tỷ đồng cho Quỹ “{r.choice(_CAMPAIGNS)}”."),
    lambda r: (f"Trong {r.randint(3, 11)} tháng đầu năm {r.randint(2012, 2023)}, {_unit(r)} đã hỗ trợ xây mới "
               f"{r.randint(2, 60)} căn nhà đại đoàn kết cho hộ nghèo, tổng kinh phí {_int(r, 150, 9000)} triệu đồng."),
    lambda r: (f"Qua {r.randint(2, 15)} năm thực hiện phong trào “{r.choice(_CAMPAIGNS)}”, toàn huyện "
               f"{r.choice(_DISTRICTS)} có {_int(r, 40, 6000)} hộ thoát nghèo, tỷ lệ hộ nghèo giảm còn {_dec(r, 0.5, 9)}%."),
    lambda r: (f"Nhân dân {_unit(r)} đã hiến {_int(r, 200, 90000)} m2 đất, đóng góp {_int(r, 100, 20000)} ngày công "
               f"để bê tông hóa {_dec(r, 0.3, 40)} km đường liên thôn."),
    lambda r: (lambda a: f"Đến cuối năm {r.randint(2012, 2023)}, {_unit(r)} có {r.randint(1, a)}/{a} thôn đạt chuẩn "
               f"văn hóa, {_dec(r, 60, 99.9)}% hộ gia đình được công nhận gia đình văn hóa.")(r.randint(4, 24)),
    lambda r: (f"{r.choice(_ORGS)} tỉnh {r.choice(_PROVINCES)} đã tiếp nhận {_dec(r, 0.2, 30)} tỷ đồng ủng hộ Quỹ "
               f"“{r.choice(_CAMPAIGNS)}”, trao {_int(r, 50, 5000)} suất quà cho hộ có hoàn cảnh khó khăn."),
    lambda r: (f"Từ phong trào “{r.choice(_CAMPAIGNS)}”, {_unit(r)} đã lắp đặt {r.randint(20, 900)} bóng đèn chiếu "
               f"sáng trên {_dec(r, 0.5, 35)} km đường, trị giá {_int(r, 30, 2500)} triệu đồng."),
    lambda r: (f"{r.choice(_ORGS)} {_unit(r)} hướng dẫn {r.randint(15, 800)} hội viên trồng {_dec(r, 1, 500)} ha "
               f"{r.choice(_CROPS)}, thu nhập bình quân đạt {r.randint(25, 120)} triệu đồng/người/năm."),
    lambda r: (f"Năm {r.randint(2010, 2023)}, {_unit(r)} có {r.randint(3, 40)} mô hình “{r.choice(_CAMPAIGNS)}” "
               f"với {_int(r, 30, 3000)} thành viên tham gia, giúp {r.randint(2, 200)} hộ vay vốn không lãi."),
]


def make_text(rng: random.Random) -> str:
    """One or two sentences (mostly two) from different templates: ~150-300 characters."""
    a, b = rng.sample(range(len(_TEMPLATES)), 2)
    text = _TEMPLATES[a](rng)
    if rng.random() < 0.85:
        return text + " " + _TEMPLATES[b](rng)
    return f"Theo báo cáo của UBND huyện {rng.choice(_DISTRICTS)} ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}: {text}"


def write_corpus(path: Path, n: int, dup_share: float = 0.01, seed: int = SEED) -> dict:
    """``n`` JSONL lines to ``path``; about ``dup_share`` of them repost an earlier text."""
    rng = random.Random(seed)
    recent: list[str] = []  # a window of earlier texts to repost from
    chars = dups = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for i in range(n):
            if recent and rng.random() < dup_share:
                text = f"Theo báo {rng.choice(_PAPERS)}, " + rng.choice(recent)
                dups += 1
            else:
                text = make_text(rng)
                if len(recent) < 1000:
                    recent.append(text)
                else:
                    recent[rng.randrange(1000)] = text
            chars += len(text)
            fh.write(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n")
    return {"docs": n, "reposts": dups, "mean_chars": chars / n if n else 0.0, "mb": path.stat().st_size / 1e6}


# --- memory sampling ----------------------------------------------------------


class TreeSampler:
    """Polls the RSS of a process and all its descendants every ``interval`` s and keeps,
    per pid, the peak RSS, the last CPU time seen and the command line."""

    def __init__(self, root_pid: int, interval: float = 0.2) -> None:
        self.root = root_pid
        self.interval = interval
        self.peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.cmd: dict[int, str] = {}
        self.samples = 0
        self.load: list[float] = []  # 1-minute load average at each sample: what else ran
        self.series: list[tuple[float, int]] = []  # (seconds since start, RSS of the root process)
        self._t0 = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)
        try:
            import psutil

            self._psutil = psutil
        except ImportError:
            self._psutil = None

    def start(self) -> "TreeSampler":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def _keep(self, pid: int, rss: int, cpu: float | None, cmd: str | None) -> None:
        self.peak[pid] = max(self.peak.get(pid, 0), rss)
        if cpu is not None:
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)
        if cmd and pid not in self.cmd:
            self.cmd[pid] = cmd

    def _sample(self) -> None:
        self.samples += 1
        self.load.append(os.getloadavg()[0])
        if self._psutil is not None:
            ps = self._psutil
            try:
                root = ps.Process(self.root)
                procs = [root, *root.children(recursive=True)]
            except ps.Error:
                return
            for p in procs:
                try:
                    with p.oneshot():
                        t = p.cpu_times()
                        rss = p.memory_info().rss
                        self._keep(p.pid, rss, t.user + t.system, " ".join(p.cmdline())[:80])
                    if p.pid == self.root:
                        self.series.append((time.perf_counter() - self._t0, rss))
                except ps.Error:
                    pass
            return
        for pid in self._tree_proc():
            rss = _proc_rss(pid)
            if rss is not None:
                self._keep(pid, rss, None, None)
                if pid == self.root:
                    self.series.append((time.perf_counter() - self._t0, rss))

    def _tree_proc(self) -> list[int]:
        """The root and its descendants from /proc (no psutil)."""
        parent: dict[int, int] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    stat = Path(f"/proc/{d}/stat").read_text()
                    parent[int(d)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    pass
        tree, todo = [self.root], [self.root]
        while todo:
            p = todo.pop()
            kids = [c for c, pp in parent.items() if pp == p]
            tree += kids
            todo += kids
        return tree


def _proc_rss(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


# --- one run -----------------------------------------------------------------

_SUMMARY = re.compile(r"(\d+) inputs: (\d+) done, (\d+) quarantined.* in ([\d.]+)s \(([\d.]+)s after the last document\) -> ")


def run_cli(jsonl: Path, out: Path, workers: int, interval: float, fmt: str = "parquet",
            extra: list[str] | None = None) -> dict:
    cmd = [sys.executable, "-m", "extract.cli", "extract", str(jsonl), "-o", str(out), "--format", fmt,
           "--workers", str(workers), "--no-progress", *(extra or [])]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeSampler(proc.pid, interval).start()
        rc = proc.wait()
        wall = time.perf_counter() - t0
        sampler.stop()
        err.seek(0)
        stderr = err.read()
    if rc != 0:
        raise SystemExit(f"bench_scale: `{' '.join(cmd)}` exited {rc}:\n{stderr[-4000:]}")
    m = _SUMMARY.search(stderr)
    if not m:
        raise SystemExit(f"bench_scale: no summary line in the CLI's stderr:\n{stderr[-4000:]}")
    inputs, done, quarantined, seconds, tail = int(m[1]), int(m[2]), int(m[3]), float(m[4]), float(m[5])
    mb = 2 ** 20
    children = {pid: rss for pid, rss in sampler.peak.items() if pid != proc.pid}
    # the main process before and after its last document: what the run holds per input
    # (dedup index, doc ids) vs. what consolidation adds on top
    last_doc = seconds - tail  # from Popen: at most the interpreter's start-up (~1-2 s) before the true moment
    before = [rss for t, rss in sampler.series if t <= last_doc]
    after = [rss for t, rss in sampler.series if t > last_doc]
    files = sorted(p for p in out.rglob("*") if p.is_file())
    return {
        "wall_s": wall, "cli_seconds": seconds, "tail_s": tail, "tail_pct": 100 * tail / seconds if seconds else None,
        "inputs": inputs, "done": done, "quarantined": quarantined, "docs_per_s": done / wall,
        "main_peak_mb": sampler.peak.get(proc.pid, 0) / mb,
        "main_last_doc_mb": max(before, default=0) / mb, "main_tail_peak_mb": max(after, default=0) / mb,
        "main_series_mb": _thin(sampler.series, 1.0),
        "worker_peak_mb": max(children.values(), default=0) / mb,
        "children_peak_mb": {str(pid): round(rss / mb, 1) for pid, rss in sorted(children.items())},
        "main_cpu_s": sampler.cpu.get(proc.pid), "workers_cpu_s": sum(v for p, v in sampler.cpu.items() if p != proc.pid),
        "children_cmd": {str(pid): sampler.cmd.get(pid, "") for pid in sorted(children)},
        "samples": sampler.samples, "load_mean": round(sum(sampler.load) / len(sampler.load), 2) if sampler.load else None,
        "out_files": len(files), "out_mb": sum(p.stat().st_size for p in files) / 1e6,
        "tables": table_mb(out),
        "parts_left": (out / "_parts").exists(),
        "stderr_tail": stderr.strip().splitlines()[-1] if stderr.strip() else "",
    }


def _thin(series: list[tuple[float, int]], step: float) -> list[list[float]]:
    """[seconds, MB] of the main process, the peak of every ``step`` seconds."""
    out: dict[int, float] = {}
    for t, rss in series:
        k = int(t / step)
        out[k] = max(out.get(k, 0.0), rss / 2 ** 20)
    return [[round(k * step, 1), round(v, 1)] for k, v in sorted(out.items())]


def table_mb(out: Path) -> dict[str, float]:
    """MB per table: its file, or the files of its folder (``--format parquet-dataset``)."""
    mb: dict[str, float] = {}
    for p in sorted(out.rglob("*.parquet")):
        table = p.name.removesuffix(".parquet") if p.parent == out else p.parent.name
        mb[table] = mb.get(table, 0.0) + p.stat().st_size / 1e6
    return {table: round(v, 2) for table, v in mb.items()}


def duplicates(out: Path, fmt: str = "parquet") -> dict:
    """Rows of the documents table and how many are marked duplicate_of (one column read)."""
    import pyarrow.parquet as pq

    from extract.writers import table_path

    col = pq.read_table(table_path(out, "documents", fmt), columns=["duplicate_of"]).column("duplicate_of")
    return {"documents": len(col), "duplicate_of": len(col) - col.null_count}


# --- report ------------------------------------------------------------------


def _k(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def print_report(res: dict) -> None:
    env = res["env"]
    print(header("bench_scale", env))
    print(f"\nbaocao extract FILE.jsonl -o OUT --format {env.get('format', 'parquet')} --workers {env['workers']} --no-progress; "
          f"RSS sampled every {env['interval']} s over the process tree; one run per size")
    print(f"  {'docs':>6s} {'input MB':>8s} {'wall s':>8s} {'docs/s':>7s} {'main MB':>8s} {'worker MB':>9s} "
          f"{'tail s':>7s} {'tail %':>6s} {'files':>5s} {'out MB':>7s} {'dup %':>6s} {'load':>5s}")
    print("  (load: mean 1-minute load average during the run; the run itself makes about workers + 1, more means other work)")
    for n, r in res["sizes"].items():
        dup = 100 * r["dup"]["duplicate_of"] / r["dup"]["documents"] if r.get("dup") and r["dup"]["documents"] else float("nan")
        print(f"  {_k(int(n)):>6s} {r['corpus']['mb']:8.1f} {r['wall_s']:8.1f} {r['docs_per_s']:7.0f} {r['main_peak_mb']:8.0f} "
              f"{r['worker_peak_mb']:9.0f} {r['tail_s']:7.1f} {r['tail_pct']:6.1f} {r['out_files']:5d} {r['out_mb']:7.1f} "
              f"{dup:6.2f} {r.get('load_mean') or r['load_after']:5.2f}")
    for n, r in res["sizes"].items():
        extra = "" if not r["parts_left"] else "  OUT/_parts LEFT BEHIND"
        cpu = f"CPU main {r['main_cpu_s']:.0f} s, workers {r['workers_cpu_s']:.0f} s" if r["main_cpu_s"] is not None else ""
        tables = ", ".join(f"{k.removesuffix('.parquet')} {v:.1f}" for k, v in r["tables"].items())
        main = (f"; main {r['main_last_doc_mb']:.0f} MB at the last document, {r['main_tail_peak_mb']:.0f} MB after"
                if r.get("main_last_doc_mb") else "")
        print(f"  {_k(int(n))}: {r['done']} done, {r['quarantined']} quarantined; {cpu}{main}; tables MB: {tables}{extra}")
    c = res["checks"]
    if c.get("scaling") is not None:
        s = c["scaling"]
        cpu = (f"; CPU time of the process tree: {s['cpu_ratio']:.2f}, of the main process: {s['main_cpu_ratio']:.2f}"
               if s.get("cpu_ratio") is not None else "")
        print(f"\n  time({_k(s['big'])}) / time({_k(s['small'])}) = {s['ratio']:.2f} for {s['big'] / s['small']:.0f}x the documents "
              f"(target <= {TARGET_SCALING}: {'met' if s['ratio'] <= TARGET_SCALING else 'NOT met'}){cpu}")
    if c.get("tail") is not None:
        t = c["tail"]
        print(f"  tail at {_k(t['n'])}: {t['tail_s']:.1f} s = {t['pct']:.1f}% of the run "
              f"(target < {TARGET_TAIL_SHARE:.0f}%: {'met' if t['pct'] < TARGET_TAIL_SHARE else 'NOT met'})")
    e = c.get("extrapolated")
    if e:
        print(f"  EXTRAPOLATED, not measured: {_k(e['n'])} documents on the line through {_k(e['from'][0])} and "
              f"{_k(e['from'][1])}: wall ~{e['wall_s']:.0f} s, tail ~{e['tail_s']:.1f} s (~{e['tail_pct']:.1f}%), "
              f"main ~{e['main_mb']:.0f} MB ({e['main_kb_per_doc']:.2f} KB per document), worker ~{e['worker_peak_mb']:.0f} MB")
    if c.get("memory") is not None:
        m = c["memory"]
        print(f"  largest process at {_k(m['n'])}: {m['mb']:.0f} MB "
              f"(target < {TARGET_PROCESS_MB:.0f} MB for every process: {'met' if m['mb'] < TARGET_PROCESS_MB else 'NOT met'})")


def extrapolate(sizes: dict[int, dict], n: int) -> dict | None:
    """A straight line through the two largest measured sizes, read at ``n`` documents:
    wall time, tail and main-process RSS (which grows with the dedup index and the doc-id
    table); the worker peak is taken as flat. An estimate, labelled as such in the report."""
    ns = sorted(sizes)
    if len(ns) < 2 or n <= ns[-1]:
        return None
    a, b = sizes[ns[-2]], sizes[ns[-1]]

    def line(key: str) -> float:
        slope = (b[key] - a[key]) / (ns[-1] - ns[-2])
        return b[key] + slope * (n - ns[-1])

    wall, tail = line("wall_s"), line("tail_s")
    # the main process's RSS at its last document grows with the inputs; its peak may fall
    # in the consolidation instead (a bump on top), so the line goes through the former
    key = "main_last_doc_mb" if a.get("main_last_doc_mb") and b.get("main_last_doc_mb") else "main_peak_mb"
    return {"n": n, "from": [ns[-2], ns[-1]], "wall_s": wall, "tail_s": tail, "tail_pct": 100 * tail / wall,
            "main_mb": line(key), "main_key": key, "worker_peak_mb": b["worker_peak_mb"],
            "main_kb_per_doc": 1024 * (b[key] - a[key]) / (ns[-1] - ns[-2])}


def checks(sizes: dict[int, dict]) -> dict:
    out: dict = {}
    ns = sorted(sizes)
    if 100_000 in sizes and 400_000 in sizes:
        small, big = 100_000, 400_000
    elif len(ns) >= 2:
        small, big = ns[0], ns[1]
    else:
        small = big = None
    if small is not None:
        a, b = sizes[small], sizes[big]
        out["scaling"] = {"small": small, "big": big, "ratio": b["wall_s"] / a["wall_s"]}
        if a.get("main_cpu_s") is not None and b.get("main_cpu_s") is not None:
            # CPU seconds of the whole tree: steadier than wall time when other work shares the cores
            out["scaling"]["cpu_ratio"] = ((b["main_cpu_s"] + b["workers_cpu_s"]) / (a["main_cpu_s"] + a["workers_cpu_s"]))
            out["scaling"]["main_cpu_ratio"] = b["main_cpu_s"] / a["main_cpu_s"]
    if ns:
        r = sizes[ns[-1]]
        out["tail"] = {"n": ns[-1], "tail_s": r["tail_s"], "pct": r["tail_pct"]}
    if ns and ns[-1] < DEFAULT_SIZES[-1]:
        out["extrapolated"] = extrapolate(sizes, DEFAULT_SIZES[-1])
    mem_n = MEMORY_SIZE if MEMORY_SIZE in sizes else (ns[-1] if ns else None)
    if mem_n is not None:
        r = sizes[mem_n]
        out["memory"] = {"n": mem_n, "mb": max(r["main_peak_mb"], r["worker_peak_mb"])}
    return out


def _ints(s: str) -> list[int]:
    return [int(x.replace("_", "")) for x in s.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=_ints, default=None, help="comma-separated document counts (default 100000,400000,1000000)")
    ap.add_argument("--quick", action="store_true", help="10000,40000: a smoke run")
    ap.add_argument("--workers", type=int, default=2, help="--workers of the CLI (default 2)")
    ap.add_argument("--format", choices=("parquet", "parquet-dataset"), default="parquet",
                    help="--format of the CLI (default parquet): parquet-dataset measures a run whose end is renames only")
    ap.add_argument("--interval", type=float, default=0.2, help="seconds between RSS samples (default 0.2)")
    ap.add_argument("--dup-share", type=float, default=0.01, help="share of documents that repost an earlier text (default 0.01)")
    ap.add_argument("--keep", metavar="DIR", default=None, help="generate into DIR and keep the inputs and outputs there")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    ap.add_argument("--report", metavar="FILE.json", default=None, help="print the tables of an earlier --json run and exit")
    args = ap.parse_args(argv)
    if args.report:
        res = json.loads(Path(args.report).read_text(encoding="utf-8"))
        res["checks"] = checks({int(k): v for k, v in res["sizes"].items()})
        print_report(res)
        return 0
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)

    res: dict = {"env": environment(workers=args.workers, interval=args.interval, sizes=sizes, format=args.format), "sizes": {}}
    tmp_ctx = tempfile.TemporaryDirectory(prefix="baocao-scale-") if args.keep is None else None
    tmp = Path(tmp_ctx.name) if tmp_ctx else Path(args.keep)
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        for n in sizes:
            jsonl = tmp / f"docs_{n}.jsonl"
            t0 = time.perf_counter()
            corpus = write_corpus(jsonl, n, args.dup_share)
            corpus["gen_s"] = time.perf_counter() - t0
            out = tmp / f"out_{n}"
            load_before = round(os.getloadavg()[0], 2)
            r = run_cli(jsonl, out, args.workers, args.interval, args.format)
            r.update(corpus=corpus, load_before=load_before, load_after=round(os.getloadavg()[0], 2))
            r["dup"] = duplicates(out, args.format)
            res["sizes"][n] = r
            print(f"bench_scale: {_k(n)} done in {r['wall_s']:.0f} s (load {load_before} -> {r['load_after']})",
                  file=sys.stderr, flush=True)
            if args.keep is None:
                jsonl.unlink()
                shutil.rmtree(out)
    finally:
        if tmp_ctx:
            tmp_ctx.cleanup()
    res["checks"] = checks(res["sizes"])
    return finish(res, args.json, print_report)


if __name__ == "__main__":
    sys.exit(main())
