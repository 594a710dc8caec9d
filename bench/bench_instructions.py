"""Instructions this checkout and another one execute for one pass over the same articles.

    git worktree add /tmp/base <commit>
    python bench/bench_instructions.py --base /tmp/base [FOLDER] [--json]

CPU time on a shared 2-core machine moves by ±10-25 % from run to run (bench_compare.py),
which hides a change of a few percent. The number of instructions a pass executes does not
move: each checkout runs once under valgrind's callgrind, which counts the instructions
executed inside the measured pass only (a warm-up pass first, as in a long batch). The
ratio is this / base (below 1: fewer instructions).

What a count misses: time spent waiting on memory (cache misses) and work done in one
instruction (``rep movsb`` copies any length in one). Read it beside bench_compare.py's
CPU-time ratio, not instead of it. Needs valgrind on PATH; about 4 minutes per checkout.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, environment, header

# The measured pass runs inside functools.reduce, which callgrind is told to count
# (--toggle-collect): imports, data loading and the warm-up pass are not counted.
_WORKER = r"""
import functools, glob, sys
sys.path.insert(0, ".")
from extract import extract_document
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(sys.argv[1] + "/**/*.txt", recursive=True))]
for i, t in enumerate(texts):
    extract_document(t, f"warm{i}")
functools.reduce(lambda n, t: (extract_document(t, f"d{n}"), n + 1)[1], texts, 0)
print(len(texts))
"""


def count(tree: Path, folder: Path) -> tuple[int, int]:
    """(instructions in the measured pass, articles)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "worker.py"
        script.write_text(_WORKER, encoding="utf-8")
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", "--toggle-collect=functools_reduce",
             sys.executable, str(script), str(folder)],
            cwd=tree, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the run in {tree} failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    collected = re.search(r"Collected : (\d+)", out.stderr)
    if collected is None:
        raise SystemExit(f"callgrind printed no count for {tree}:\n{out.stderr[-2000:]}")
    return int(collected.group(1)), int(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--base", required=True, help="another checkout (e.g. a git worktree of the baseline commit)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    env = environment(base=str(args.base))
    folder = Path(args.folder).resolve()
    this, n = count(ROOT, folder)
    base, _ = count(Path(args.base), folder)
    env["load_after"] = round(__import__("os").getloadavg()[0], 2)
    res = {"articles": n, "this_instructions": this, "base_instructions": base, "ratio": this / base}
    if args.json:
        print(json.dumps({"env": env, **res}, indent=1))
        return 0
    print(header("bench_instructions", env))
    print(f"{n} articles, one pass after a warm-up, instructions counted by callgrind")
    print(f"  this checkout   {this / n / 1e6:8.1f} M instructions per article")
    print(f"  base {Path(args.base).name:<10} {base / n / 1e6:8.1f} M instructions per article")
    print(f"  this / base: {this / base:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
