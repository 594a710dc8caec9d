"""Throughput, linker cost, batch scaling and peak memory of the extraction pipeline.

    python bench/bench_extract.py                  # 200 articles, 5 repeats, workers 1 and 2
    python bench/bench_extract.py --quick          # smoke run, well under a minute
    python bench/bench_extract.py FOLDER --articles 1000 --workers 1,2,4 --json

Articles are the ``*.txt`` files of FOLDER (default: the repository's
``corpus/``), cycled to ``--articles`` with distinct doc ids. Every figure is
the median of ``--repeat`` runs; the variants are interleaved within each
repeat so that load from other processes hits them alike, and each ratio is
the median of the per-repeat ratios. See bench/README.md for how to read them.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import inspect
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from _common import ROOT, environment, header, spread, finish  # noqa: E402  (puts the checkout on sys.path)

#: targets from the issues, printed next to the figures
TARGET_TOKENIZER_RATIO = 0.35  # ours >= 0.35 x spaCy's blank "vi" tokenizer, per worker
TARGET_LINKER_SHARE = 30.0  # linking adds <= 30 % to pipeline time
TARGET_WORKER_MB = 1024.0  # < 1 GB peak RSS per worker


# --- corpus ------------------------------------------------------------------


def load_articles(folder: Path, n: int | None) -> list[tuple[str, str]]:
    """(doc_id, text) for ``n`` articles cycled from the .txt files of ``folder``."""
    base = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.txt"))]
    if not base:
        sys.exit(f"bench_extract: no .txt files in {folder}")
    n = len(base) if n is None else n
    return [(f"b{i:06d}_{base[i % len(base)][0]}", base[i % len(base)][1]) for i in range(n)]


def write_folder(articles: list[tuple[str, str]], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in articles:
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


def megabytes(articles: list[tuple[str, str]]) -> float:
    return sum(len(t.encode("utf-8")) for _, t in articles) / 1e6


# --- timing ------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    gc.collect()  # no variant pays for the garbage of the one before
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def interleaved(variants: dict[str, Callable[[], object]], repeat: int) -> dict[str, dict[str, list[float]]]:
    runs: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in variants}
    for r in range(repeat):
        order = list(variants) if r % 2 == 0 else list(reversed(variants))  # no variant always runs first
        for name in order:
            wall, cpu = timed(variants[name])
            runs[name]["wall"].append(wall)
            runs[name]["cpu"].append(cpu)
    return runs


def paired_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b))


# --- in-process throughput ---------------------------------------------------


def bench_in_process(articles: list[tuple[str, str]], repeat: int) -> dict:
    import spacy

    from extract.pipeline import extract_document

    has_link = "link" in inspect.signature(extract_document).parameters
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    assert not getattr(nlp.tokenizer, "use_pyvi", False), "the baseline must not need pyvi"
    texts = [t for _, t in articles]

    warm = {t: d for d, t in articles}  # each distinct article once: tables, regexes, gazetteer
    for text, doc_id in warm.items():
        extract_document(text, doc_id)
    list(nlp.tokenizer.pipe(texts[:20]))

    def ours(link: bool = True) -> None:
        for doc_id, text in articles:
            extract_document(text, doc_id, **({} if link else {"link": False}))

    def tokenizer() -> None:
        for _doc in nlp.tokenizer.pipe(texts):
            pass

    variants: dict[str, Callable[[], object]] = {"extract": ours, "tokenizer": tokenizer}
    if has_link:
        variants["extract_nolink"] = lambda: ours(link=False)
    runs = interleaved(variants, repeat)

    mb, n = megabytes(articles), len(articles)
    res: dict = {"articles": n, "mb": mb, "repeat": repeat, "variants": {}}
    for name, r in runs.items():
        wall = statistics.median(r["wall"])
        res["variants"][name] = {
            "seconds": wall, "cpu_seconds": statistics.median(r["cpu"]), "spread": spread(r["wall"]),
            "mb_per_s": mb / wall, "articles_per_s": n / wall, "runs": r["wall"],
        }
    # throughput ratio ours / tokenizer = time ratio tokenizer / ours
    res["ours_vs_tokenizer"] = paired_ratio(runs["tokenizer"]["wall"], runs["extract"]["wall"])
    res["ours_vs_tokenizer_cpu"] = paired_ratio(runs["tokenizer"]["cpu"], runs["extract"]["cpu"])
    if has_link:
        res["linker_pct"] = 100 * (paired_ratio(runs["extract"]["wall"], runs["extract_nolink"]["wall"]) - 1)
        res["linker_pct_cpu"] = 100 * (paired_ratio(runs["extract"]["cpu"], runs["extract_nolink"]["cpu"]) - 1)
    else:
        res["linker_pct"] = res["linker_pct_cpu"] = None
    return res


# --- batch path --------------------------------------------------------------


def bench_batch(folder: Path, n: int, workers: list[int], repeat: int, tmp: Path) -> dict:
    from extract.batch import run_batch

    def one(w: int, r: int) -> Callable[[], object]:
        def run() -> None:
            out = tmp / f"out_w{w}_{r}"
            summary = run_batch([folder], out, workers=w, progress=False)
            if summary.done != n:
                raise SystemExit(f"bench_extract: batch with {w} workers did {summary.done} of {n} articles "
                                 f"({summary.quarantined} quarantined)")
            shutil.rmtree(out)
        return run

    warm = write_folder(load_articles(folder, 5), tmp / "warm")  # imports of the writer side, untimed
    run_batch([warm], tmp / "warm_out", workers=1, progress=False)
    walls: dict[int, list[float]] = {w: [] for w in workers}
    for r in range(repeat):
        for w in (workers if r % 2 == 0 else list(reversed(workers))):
            walls[w].append(timed(one(w, r))[0])
    first = workers[0]
    res: dict = {"articles": n, "repeat": repeat, "workers": {}}
    for w in workers:
        wall = statistics.median(walls[w])
        res["workers"][w] = {
            "seconds": wall, "spread": spread(walls[w]), "articles_per_s": n / wall,
            "articles_per_s_per_worker": n / wall / w,
            "scaling": paired_ratio(walls[first], walls[w]) * first,  # speed-up over 1 worker
            "runs": walls[w],
        }
    return res


# --- memory ------------------------------------------------------------------

_PROBE = r"""
import json, resource, sys, threading, time
sys.path.insert(0, {root!r})
from extract.batch import run_batch

peaks, stop = {{}}, threading.Event()

def sample():
    try:
        import psutil
    except ImportError:
        return
    me = psutil.Process()
    while not stop.is_set():
        for ch in me.children(recursive=True):
            try:
                peaks[ch.pid] = max(peaks.get(ch.pid, 0), ch.memory_info().rss)
            except psutil.Error:
                pass
        peaks["main"] = max(peaks.get("main", 0), me.memory_info().rss)
        time.sleep(0.05)

t = threading.Thread(target=sample, daemon=True)
t.start()
s = run_batch([{folder!r}], {out!r}, workers={workers}, progress=False)
stop.set()
t.join()
main = peaks.pop("main", 0)
print(json.dumps({{
    "done": s.done,
    "main_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "main_sampled_mb": main / 2**20,
    "workers_sampled_mb": sorted(v / 2**20 for v in peaks.values()),
}}))
"""


def bench_memory(base: Path, sizes: list[int], workers: int, tmp: Path) -> dict:
    res: dict = {"workers": workers, "sizes": {}}
    for n in sizes:
        arts = load_articles(base, n)
        folder = write_folder(arts, tmp / f"mem_{n}")
        code = _PROBE.format(root=str(ROOT), folder=str(folder), out=str(tmp / f"mem_out_{n}"), workers=workers)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"bench_extract: memory probe failed:\n{proc.stderr}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        r["mb_input"] = megabytes(arts)
        res["sizes"][n] = r
        shutil.rmtree(folder)
    return res


# --- profile -----------------------------------------------------------------


def profile_top(articles: list[tuple[str, str]], top: int = 10) -> dict:
    """The top functions by cumulative time, and the share of the linker (a noise-free cross-check)."""
    from extract.pipeline import extract_document

    for doc_id, text in articles:
        extract_document(text, doc_id)  # warm caches outside the profile
    pr = cProfile.Profile()
    pr.enable()
    for doc_id, text in articles:
        extract_document(text, doc_id)
    pr.disable()
    st = pstats.Stats(pr)
    rows, total, linker, structure = [], 0.0, 0.0, 0.0
    for (file, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{_short(file)}:{line}({func})", "calls": nc, "tottime": tt, "cumtime": ct})
        if file.endswith("extract/pipeline.py") and func == "extract_document":
            total += ct
        elif file.endswith("extract/link.py") and func in ("__init__", "link"):
            linker += ct  # Linker.__init__ and Linker.link, the part link=False skips
        elif file.endswith("extract/link.py") and func == "structure":
            structure += ct  # clause/segment cuts, also used to place mentions
    rows.sort(key=lambda r: r["cumtime"], reverse=True)
    return {"top": rows[:top], "linker_pct": 100 * linker / total if total else None,
            "structure_pct": 100 * structure / total if total else None}


def _short(file: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# --- report ------------------------------------------------------------------


def print_report(res: dict) -> None:
    env = res["env"]
    print(header("bench_extract", env))
    ip = res.get("in_process")
    if ip:
        print(f"\nsingle process, {ip['articles']} articles, {ip['mb']:.2f} MB UTF-8, median of {ip['repeat']} (±: half the min-max range)")
        print(f"  {'':30s} {'seconds':>8s} {'MB/s':>8s} {'art/s':>8s} {'noise':>6s}")
        labels = {"extract": "extract_document", "extract_nolink": "extract_document(link=False)",
                  "tokenizer": "spaCy blank('vi') tokenizer"}
        for name in ("extract", "extract_nolink", "tokenizer"):
            v = ip["variants"].get(name)
            if v:
                print(f"  {labels[name]:30s} {v['seconds']:8.3f} {v['mb_per_s']:8.3f} {v['articles_per_s']:8.1f} {v['spread']:>6s}")
        r = ip["ours_vs_tokenizer"]
        print(f"  ours / tokenizer throughput   {r:.3f}x (CPU time: {ip['ours_vs_tokenizer_cpu']:.3f}x; "
              f"target >= {TARGET_TOKENIZER_RATIO}x: {'met' if r >= TARGET_TOKENIZER_RATIO else 'NOT met'}); "
              f"the tokenizer is {1 / r:.1f}x faster")
        if ip["linker_pct"] is not None:
            p = ip["linker_pct"]
            print(f"  linking adds                  {p:+.1f}% to pipeline time (CPU time: {ip['linker_pct_cpu']:+.1f}%; "
                  f"target <= {TARGET_LINKER_SHARE:.0f}%: {'met' if p <= TARGET_LINKER_SHARE else 'NOT met'})")
        else:
            print("  linking cost: extract_document has no `link` parameter; not measured")
    b = res.get("batch")
    if b:
        print(f"\nbatch (extract.batch.run_batch, .txt folder -> Parquet), {b['articles']} articles, median of {b['repeat']}")
        print(f"  {'workers':>7s} {'seconds':>8s} {'art/s':>8s} {'art/s/worker':>13s} {'scaling':>8s} {'noise':>6s}")
        for w, v in b["workers"].items():
            print(f"  {w:>7} {v['seconds']:8.2f} {v['articles_per_s']:8.1f} {v['articles_per_s_per_worker']:13.1f} "
                  f"{v['scaling']:7.2f}x {v['spread']:>6s}")
    m = res.get("memory")
    if m:
        print(f"\npeak RSS in MB, batch with {m['workers']} workers, fresh process per size")
        print(f"  {'articles':>8s} {'input MB':>8s} {'main (ru)':>9s} {'main (sampled)':>14s} {'worker (ru)':>11s} {'workers (sampled)':>18s}")
        worst = 0.0
        for n, v in m["sizes"].items():
            sampled = ", ".join(f"{x:.0f}" for x in v["workers_sampled_mb"]) or "-"
            worst = max([worst, v["children_maxrss_mb"], *v["workers_sampled_mb"]])
            print(f"  {n:>8} {v['mb_input']:8.2f} {v['main_maxrss_mb']:9.0f} {v['main_sampled_mb']:14.0f} "
                  f"{v['children_maxrss_mb']:11.0f} {sampled:>18s}")
        print(f"  largest worker {worst:.0f} MB (target < {TARGET_WORKER_MB:.0f} MB: {'met' if worst < TARGET_WORKER_MB else 'NOT met'})")
    prof = res.get("profile")
    if prof:
        print("\ncProfile of extract_document, top by cumulative time")
        print(f"  {'cumtime':>8s} {'tottime':>8s} {'calls':>8s}  function")
        for row in prof["top"]:
            print(f"  {row['cumtime']:8.3f} {row['tottime']:8.3f} {row['calls']:8d}  {row['function']}")
        if prof["linker_pct"] is not None:
            print(f"  Linker.__init__ + Linker.link: {prof['linker_pct']:.1f}% of extract_document; "
                  f"link.structure (clause cuts): {prof['structure_pct']:.1f}%")


def _ints(s: str) -> list[int]:
    return [int(x) for x in s.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "corpus"), help="folder of .txt articles to cycle (default: corpus/)")
    ap.add_argument("--articles", type=int, default=None, help="articles per run (default 200; --quick 20)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per figure; medians are reported (default 5; --quick 3)")
    ap.add_argument("--workers", type=_ints, default=[1, 2], help="comma-separated worker counts for the batch path (default 1,2)")
    ap.add_argument("--mem-sizes", type=_ints, default=None, help="corpus sizes for peak RSS (default 200,800; --quick 20,80)")
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: inproc,batch,memory")
    ap.add_argument("--profile", action="store_true", help="also print the top 10 functions of a cProfile of extract_document")
    ap.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    args = ap.parse_args(argv)

    n = args.articles or (20 if args.quick else 200)
    repeat = args.repeat or (3 if args.quick else 5)
    sizes = args.mem_sizes or ([20, 80] if args.quick else [200, 800])
    skip = set(args.skip.split(","))
    base = Path(args.folder)
    articles = load_articles(base, n)

    res: dict = {"env": environment(folder=str(base))}
    with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmpname:
        tmp = Path(tmpname)
        # memory first, from a small parent: on Linux a child started by fork+exec
        # inherits the parent's ru_maxrss high-water mark
        if "memory" not in skip:
            res["memory"] = bench_memory(base, sizes, max(args.workers), tmp)
        if "inproc" not in skip:
            res["in_process"] = bench_in_process(articles, repeat)
        if "batch" not in skip:
            folder = write_folder(articles, tmp / "articles")
            res["batch"] = bench_batch(folder, n, args.workers, max(2, repeat - 2) if args.quick else repeat, tmp)
        if args.profile:
            res["profile"] = profile_top(load_articles(base, None) * 2)
    return finish(res, args.json, print_report)


if __name__ == "__main__":
    sys.exit(main())
