"""One long article: time and memory grow linearly with its length.

    python bench/bench_long_doc.py                  # 1, 4, 16 and 50 MB (~5 min on 2 cores)
    python bench/bench_long_doc.py --sizes 1,4 --json
    python bench/bench_long_doc.py --quick          # 0.5 and 2 MB, under a minute

For each size, the real articles of ``corpus/daksong`` and ``corpus/baomoi`` (the
``*.txt`` files, sorted; pages without a footer, so that no repetition is cut off as
page chrome) are joined with blank lines and repeated until the text reaches N MB of UTF-8, then cut
at a character boundary into one ``long_<N>.txt``. The CLI extracts it in a
subprocess (``--workers 2``, Parquet out, ``--doc-timeout`` above any expected time)
while the sampler of ``bench_scale.py`` keeps the peak RSS of the main process and
of every worker. Reported per size: wall time, MB/s, peak RSS of the worker that
did the article and of the main process, records written, and whether the article
was done (not quarantined).

The baseline is the first step of the same run: ``s per MB`` is the marginal time
between consecutive sizes, (time(N) - time(previous)) / (N - previous), which leaves the
start-up out; ``time ratio`` is each step's s per MB over the first step's, 1.0 when
linear. ``MB per MB`` is the same slope for the worker's peak RSS.
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


#: the real articles the long text is made of: those whose pages carry no footer (a footer
#: line ends the article: what follows it would be read as page chrome, not text)
SOURCES = ("corpus/daksong", "corpus/baomoi")


def long_text(mb: float) -> str:
    """Real articles, joined and repeated to ``mb`` MB of UTF-8."""
    articles = [p.read_text(encoding="utf-8") for src in SOURCES for p in sorted((ROOT / src).glob("*.txt"))]
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
            tail = run["stderr_tail"]
            run.update(mb=mb, chars=len(text), mb_per_s=mb / run["wall_s"],
                       sentences=int(tail.split("(sentences ")[1].split(",")[0]) if "(sentences " in tail else None)
            res["runs"].append(run)
            print(f"  {mb:g} MB: {run['wall_s']:.1f} s, worker {run['worker_peak_mb']:.0f} MB, "
                  f"done {run['done']}", file=sys.stderr, flush=True)
        small = res["runs"][0]
        for run in res["runs"]:  # the whole text was read: records grow with it
            if small["sentences"] and run["sentences"] < 0.8 * small["sentences"] * run["mb"] / small["mb"]:
                raise SystemExit(f"bench_long_doc: {run['sentences']} sentences at {run['mb']:g} MB: the text was cut")
        first_step = None
        for prev, run in zip([None, *res["runs"]], res["runs"]):
            if prev is None:
                run["s_per_mb"] = run["time_ratio"] = run["mb_per_mb"] = None
                continue
            run["s_per_mb"] = (run["wall_s"] - prev["wall_s"]) / (run["mb"] - prev["mb"])
            run["mb_per_mb"] = (run["worker_peak_mb"] - prev["worker_peak_mb"]) / (run["mb"] - prev["mb"])
            first_step = first_step or run["s_per_mb"]
            run["time_ratio"] = run["s_per_mb"] / first_step
        share_mb = max((mb for mb in sizes if mb <= args.link_mb), default=sizes[0])
        res["link"] = link_share(long_text(share_mb))
    return finish(res, args.json, report)


def report(res: dict) -> None:
    print(header("bench_long_doc.py", res["env"]))
    def f(v, spec):
        return "-" if v is None else format(v, spec)

    print(f"{'MB':>6} {'chars':>11} {'wall s':>8} {'s per MB':>8} {'time ratio':>10} {'worker MB':>10} "
          f"{'MB per MB':>9} {'main MB':>8} {'sentences':>10}  done")
    for r in res["runs"]:
        print(f"{r['mb']:>6g} {r['chars']:>11,} {r['wall_s']:>8.1f} {f(r['s_per_mb'], '.2f'):>8} "
              f"{f(r['time_ratio'], '.2f'):>10} {r['worker_peak_mb']:>10.0f} {f(r['mb_per_mb'], '.0f'):>9} "
              f"{r['main_peak_mb']:>8.0f} {r['sentences'] or 0:>10,}  {'yes' if r['done'] == 1 else 'NO'}")
    last = res["runs"][-1]
    if last["time_ratio"] is not None:
        print(f"time ratio of the last step ({last['mb']:g} MB): {last['time_ratio']:.2f} "
              f"(target <= {TARGET_TIME_RATIO}: linear within 25%)")
    lk = res["link"]
    print(f"linking on {lk['mb']:.1f} MB (CPU, best of 2): {lk['with_s']:.1f} s with, {lk['without_s']:.1f} s without: "
          f"{lk['link_pct']:.0f}% of the pipeline (target < {TARGET_LINK_SHARE:g}%)")


if __name__ == "__main__":
    sys.exit(main())
