"""Speed of this checkout against another one (a baseline commit), on the same articles.

    git worktree add /tmp/base <commit>
    python bench/bench_compare.py --base /tmp/base [FOLDER] [--rounds 5]

Each round runs one fresh interpreter per checkout, in alternating order, and each
measures the CPU time (``time.process_time``) of ``extract_document`` over every ``*.txt``
of FOLDER (default: this repository's ``corpus/``, recursively) after a warm-up pass,
per pass over ``--passes`` passes (caches warm, as in a long batch).
CPU time, not wall time: on a shared machine other processes slow the wall clock of both
sides unevenly, but not the CPU time a process spends. The ratio is the median of the
per-round ratios (this / base; below 1 is faster).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from _common import ROOT, environment, header, spread

_WORKER = r"""
import glob, json, sys, time
sys.path.insert(0, ".")
from extract import extract_document
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(sys.argv[1] + "/**/*.txt", recursive=True))]
for i, t in enumerate(texts):
    extract_document(t, f"warm{i}")
passes = int(sys.argv[2])
t0 = time.process_time()
for p in range(passes):
    for i, t in enumerate(texts):
        extract_document(t, f"d{p}-{i}")
cpu = (time.process_time() - t0) / passes
print(json.dumps({"cpu": cpu, "articles": len(texts), "bytes": sum(len(t.encode()) for t in texts)}))
"""


def run(tree: Path, folder: Path, passes: int) -> dict:
    out = subprocess.run([sys.executable, "-c", _WORKER, str(folder), str(passes)], cwd=tree, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--base", required=True, help="another checkout (e.g. a git worktree of the baseline commit)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--passes", type=int, default=3, help="passes over the articles per measurement (steady state: caches warm)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    env = environment(base=str(args.base))
    this, base = [], []
    for r in range(args.rounds):
        order = [(ROOT, this), (Path(args.base), base)]
        for tree, sink in (order if r % 2 == 0 else order[::-1]):
            sink.append(run(tree, Path(args.folder).resolve(), args.passes))
    env["load_after"] = round(__import__("os").getloadavg()[0], 2)
    ratios = [a["cpu"] / b["cpu"] for a, b in zip(this, base)]
    n, size = this[0]["articles"], this[0]["bytes"]
    res = {
        "articles": n, "mb": size / 1e6,
        "this_articles_per_cpu_s": n / statistics.median(x["cpu"] for x in this),
        "base_articles_per_cpu_s": n / statistics.median(x["cpu"] for x in base),
        "cpu_ratio": statistics.median(ratios), "noise": spread(ratios),
    }
    if args.json:
        print(json.dumps({"env": env, **res}, indent=1))
        return
    print(header("bench_compare", env))
    print(f"{n} articles, {size / 1e6:.2f} MB, {args.rounds} rounds, CPU time of extract_document")
    print(f"  this checkout   {res['this_articles_per_cpu_s']:8.1f} articles per CPU second")
    print(f"  base {Path(args.base).name:<10} {res['base_articles_per_cpu_s']:8.1f} articles per CPU second")
    print(f"  this / base CPU time: {res['cpu_ratio']:.3f} ({res['noise']})")


if __name__ == "__main__":
    main()
