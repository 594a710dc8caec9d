"""One long article: time and memory grow linearly with its length.

    python bench/bench_long_doc.py                  # 1, 4, 16 and 50 MB (~5 min on 2 cores)
    python bench/bench_long_doc.py --sizes 1,4 --json
    python bench/bench_long_doc.py --quick          # 0.5 and 2 MB, under a minute

For each size, the real articles of ``corpus/`` (the ``*.txt`` files, sorted) are
joined with blank lines and repeated until the text reaches N MB of UTF-8, then cut
at a character boundary into one ``long_<N>.txt``. The CLI extracts it in a
subprocess (``--workers 2``, Parquet out, ``--doc-timeout`` above any expected time)
while the sampler of ``bench_scale.py`` keeps the peak RSS of the main process and
of every worker. Reported per size: wall time, MB/s, peak RSS of the worker that
did the article and of the main process, records written, and whether the article
was done (not quarantined).

The baseline is the smallest size of the same run: ``time ratio`` is
time(N) / (time(smallest) x N / smallest), 1.0 when linear; ``memory per MB``
is (worker peak - worker peak at the smallest size) / (N - smallest), the slope.
Then, in this process, ``extract_document`` with and without linking on the largest
size up to ``--link-mb`` (default 4): linking's share of the pipeline (target
< 30%, issue 11), the same figure bench_extract.py gives on ordinary articles.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, environment, finish, header  # noqa: E402  (puts the checkout on sys.path)
from bench_scale import run_cli  # noqa: E402

DEFAULT_SIZES = [1.0, 4.0, 16.0, 50.0]
QUICK_SIZES = [0.5, 2.0]
TARGET_TIME_RATIO = 1.25  # time per MB at the largest size, relative to the smallest
TARGET_LINK_SHARE = 30.0  # % of the pipeline's time spent linking


def long_text(mb: float) -> str:
    """Real articles, joined and repeated to ``mb`` MB of UTF-8."""
    articles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    body = "\n\n".join(a.strip() for a in articles)
    want = int(mb * 1_000_000)
    reps = want // len(body.encode("utf-8")) + 1
    return ("\n\n".join([body] * reps)).encode("utf-8")[:want].decode("utf-8", "ignore")


def link_share(text: str, repeat: int = 2) -> dict:
    from extract.pipeline import extract_document

    extract_document(text[:20_000], "warm")
    best = {"with": float("inf"), "without": float("inf")}
    for _ in range(repeat):
        for key, link in (("without", False), ("with", True)):
            t0 = time.process_time()
            extract_document(text, "long", link=link)
            best[key] = min(best[key], time.process_time() - t0)
    return {"mb": len(text.encode("utf-8")) / 1e6, "with_s": best["with"], "without_s": best["without"],
            "link_pct": 100 * (best["with"] - best["without"]) / best["with"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="MB, comma-separated (default 1,4,16,50)")
    ap.add_argument("--quick", action="store_true", help="0.5 and 2 MB")
    ap.add_argument("--link-mb", type=float, default=4.0, help="largest size for the linking share (default 4)")
    ap.add_argument("--interval", type=float, default=0.2, help="seconds between RSS samples")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sizes = [float(x) for x in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    sizes.sort()
    res: dict = {"env": environment(sizes_mb=sizes), "runs": []}
    with tempfile.TemporaryDirectory(prefix="baocao-long-") as tmp:
        for mb in sizes:
            path = Path(tmp) / f"long_{mb:g}.txt"
            text = long_text(mb)
            path.write_text(text, encoding="utf-8")
            run = run_cli(path, Path(tmp) / f"out_{mb:g}", workers=2, interval=args.interval,
                          extra=["--doc-timeout", "3600"])
            run.update(mb=mb, chars=len(text), mb_per_s=mb / run["wall_s"])
            res["runs"].append(run)
            print(f"  {mb:g} MB: {run['wall_s']:.1f} s, worker {run['worker_peak_mb']:.0f} MB, "
                  f"done {run['done']}", file=sys.stderr, flush=True)
        small = res["runs"][0]
        for run in res["runs"]:
            run["time_ratio"] = run["wall_s"] / (small["wall_s"] * run["mb"] / small["mb"])
            run["mb_per_mb"] = ((run["worker_peak_mb"] - small["worker_peak_mb"]) / (run["mb"] - small["mb"])
                                if run["mb"] > small["mb"] else None)
        share_mb = max((mb for mb in sizes if mb <= args.link_mb), default=sizes[0])
        res["link"] = link_share(long_text(share_mb))
    return finish(res, args.json, report)


def report(res: dict) -> None:
    print(header("bench_long_doc.py", res["env"]))
    print(f"{'MB':>6} {'chars':>11} {'wall s':>8} {'MB/s':>6} {'time ratio':>10} {'worker MB':>10} "
          f"{'MB per MB':>9} {'main MB':>8} {'quantities':>10}  done")
    for r in res["runs"]:
        slope = f"{r['mb_per_mb']:.0f}" if r["mb_per_mb"] is not None else "-"
        print(f"{r['mb']:>6g} {r['chars']:>11,} {r['wall_s']:>8.1f} {r['mb_per_s']:>6.2f} {r['time_ratio']:>10.2f} "
              f"{r['worker_peak_mb']:>10.0f} {slope:>9} {r['main_peak_mb']:>8.0f} "
              f"{r['stderr_tail'].split('quantities ')[-1].split(',')[0]:>10}  {'yes' if r['done'] == 1 else 'NO'}")
    last = res["runs"][-1]
    print(f"time ratio at {last['mb']:g} MB: {last['time_ratio']:.2f} (target <= {TARGET_TIME_RATIO}: linear within 25%)")
    lk = res["link"]
    print(f"linking on {lk['mb']:.1f} MB (CPU, best of 2): {lk['with_s']:.1f} s with, {lk['without_s']:.1f} s without: "
          f"{lk['link_pct']:.0f}% of the pipeline (target < {TARGET_LINK_SHARE:g}%)")


if __name__ == "__main__":
    sys.exit(main())
