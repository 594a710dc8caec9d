"""Throughput of `baocao parse`: one quantity expression -> one JSON record.

    python bench/bench_parse.py                # 3000 expressions, 10,000-line subprocess run, 5 repeats
    python bench/bench_parse.py --quick        # smoke run
    python bench/bench_parse.py --json

Expressions are generated (fixed seed): digits with thousands separators and
decimal commas, magnitude words, spelled-out numbers, units, counted items,
ratios, ranges, rates and approximation words. Two figures:

- in process: expressions/s of what the CLI does for each stdin line,
  ``json.dumps(extract.cli._record(line))``, against a naive baseline in the
  same process (a regex that finds digit groups plus ``float()`` on each);
- subprocess: wall time of the real ``baocao parse -`` on a file of
  ``--lines`` lines, start-up included, and the start-up alone (one line in:
  interpreter, CLI and the parser's tables).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from decimal import Decimal
from typing import Callable

from _common import ROOT, environment, header, spread, finish  # noqa: E402  (puts the checkout on sys.path)

from extract.numbers import format_vi, to_words  # noqa: E402

TARGET_EXPR_PER_S = 10_000

# --- expressions -------------------------------------------------------------

MONEY_UNITS = ["đồng", "đ", "VNĐ", "VND", "USD", "đô la"]
MEASURE_UNITS = ["m", "km", "mét", "ki-lô-mét", "m2", "m²", "mét vuông", "ha", "héc-ta", "km2", "m3", "lít",
                 "kg", "tấn", "%", "phần trăm", "năm", "tháng", "ngày", "ngày công"]
MAGNITUDES = ["nghìn", "ngàn", "triệu", "tỷ", "tỉ"]
ITEMS = ["hộ", "căn nhà tình thương", "lượt người", "suất quà", "xã", "khu phố", "tiêu chí", "hộ nghèo",
         "người", "cuộc họp", "tuyến đường", "cây xanh", "lượt hộ", "đoàn viên"]
APPROX_BEFORE = ["hơn", "trên", "vượt", "gần", "khoảng", "xấp xỉ", "chừng", "dưới", "chưa đến", "ít nhất",
                 "tối đa", "không quá", "tối thiểu"]
VAGUE = ["hàng chục", "hàng trăm", "hàng nghìn", "hàng ngàn", "hàng chục ngàn", "hàng triệu", "hàng tỷ"]
LEADS = ["", "", "", "đạt ", "với số tiền ", "vận động được ", "hỗ trợ ", "tổng kinh phí "]
PER = ["người/năm", "hộ", "người", "tháng", "m3", "xã", "năm"]


def spell(n: int) -> str:
    """Vietnamese words for n ("hai mươi lăm", "một nghìn không trăm linh năm"), nghìn or ngàn."""
    words = to_words(Decimal(n))
    return words.replace("nghìn", "ngàn") if random.random() < 0.5 else words


def grouped(n: int, sep: str = ".") -> str:
    return format_vi(Decimal(n), group=sep)


def decimal_comma(rng: random.Random, whole_max: int = 999) -> str:
    return f"{rng.randint(0, whole_max)},{rng.randint(1, 99)}"


def number(rng: random.Random) -> str:
    """A number as articles write it."""
    k = rng.random()
    if k < 0.3:
        return grouped(rng.randint(1000, 9_999_999_999))
    if k < 0.45:
        return decimal_comma(rng)
    if k < 0.55:
        return grouped(rng.randint(1000, 999_999), " ")
    if k < 0.65:
        return f"0{rng.randint(1, 9)}"
    return str(rng.randint(1, 99_999))


def expressions(n: int, seed: int = 2024) -> list[str]:
    rng = random.Random(seed)
    random.seed(seed)  # spell() picks nghìn/ngàn
    makers: list[Callable[[], str]] = [
        lambda: f"{number(rng)} {rng.choice(MONEY_UNITS)}",
        lambda: f"{decimal_comma(rng)} {rng.choice(MAGNITUDES)} đồng",
        lambda: f"{rng.randint(1, 999)} {rng.choice(MAGNITUDES)} {rng.choice(MONEY_UNITS)}",
        lambda: f"{rng.randint(1, 9)} triệu {rng.randint(1, 9) * 100} nghìn đồng",
        lambda: f"{number(rng)}{rng.choice(['', ' '])}{rng.choice(MEASURE_UNITS)}",
        lambda: f"{number(rng)} {rng.choice(ITEMS)}",
        lambda: f"{spell(rng.randint(1, 99_999))} {rng.choice(ITEMS)}",
        lambda: f"{spell(rng.randint(1, 999))} {rng.choice(['triệu', 'tỷ', 'nghìn'])} đồng",
        lambda: f"{rng.choice(APPROX_BEFORE)} {number(rng)} {rng.choice(MONEY_UNITS + MEASURE_UNITS)}",
        lambda: f"{rng.choice(APPROX_BEFORE)} {decimal_comma(rng, 99)} {rng.choice(['tỷ', 'triệu'])} đồng",
        lambda: f"{rng.choice(VAGUE)} {rng.choice(ITEMS + ['ngày công'])}",
        lambda: f"{rng.randint(1, 500)} {rng.choice(ITEMS)} trở lên",
        lambda: (lambda a: f"{a}/{rng.randint(a, a + 20)} {rng.choice(ITEMS)}")(rng.randint(1, 60)),
        lambda: (lambda a: f"{grouped(a)}/{grouped(rng.randint(a // 2 + 1, a))}đ")(rng.randint(10**6, 10**9)),
        lambda: (lambda a: f"từ {a} đến {a + rng.randint(1, 9)} {rng.choice(['triệu đồng', 'ha', 'km', 'hộ'])}")(rng.randint(1, 90)),
        lambda: (lambda a: f"{a} - {a + rng.randint(1, 5)} {rng.choice(ITEMS)}")(rng.randint(1, 50)),
        lambda: f"{rng.randint(1, 99)} triệu đồng/{rng.choice(PER)}",
        lambda: f"{decimal_comma(rng, 30)} {rng.choice(ITEMS)}/{rng.choice(PER)}",
        lambda: f"{decimal_comma(rng, 100)}%",
        lambda: f"gấp {rng.choice(['2', '3', 'đôi', 'ba', '1,5'])} lần",
        lambda: f"{rng.randint(1, 30):02d} năm ({rng.randint(2000, 2018)}-{rng.randint(2019, 2025)})",
    ]
    return [rng.choice(LEADS) + rng.choice(makers)() for _ in range(n)]


# --- timing ------------------------------------------------------------------

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def baseline(s: str) -> list[float]:
    """The naive parser: digit groups, dots dropped, comma as decimal point."""
    return [float(m.replace(".", "").replace(",", ".")) for m in _DIGITS.findall(s)]


#: a timed run lasts at least this long: fast variants go over the list several times
MIN_RUN_SECONDS = 0.25


def passes_for(fn: Callable[[str], object], exprs: list[str]) -> int:
    t0 = time.perf_counter()
    for s in exprs:
        fn(s)
    return max(1, round(MIN_RUN_SECONDS / max(time.perf_counter() - t0, 1e-9)))


def rate(fn: Callable[[str], object], exprs: list[str], passes: int) -> float:
    """Expressions per second over ``passes`` passes through the list."""
    t0 = time.perf_counter()
    for _ in range(passes):
        for s in exprs:
            fn(s)
    return passes * len(exprs) / (time.perf_counter() - t0)


def bench_in_process(exprs: list[str], repeat: int) -> dict:
    from extract.cli import _record

    def cli_line(s: str) -> str:
        return json.dumps(_record(s), ensure_ascii=False)

    for s in exprs:  # warm-up: tables, compiled patterns
        cli_line(s)
    parsed = sum(_record(s) is not None for s in exprs)
    variants = {"cli_line": cli_line, "record": _record, "baseline": baseline}
    passes = {name: passes_for(fn, exprs) for name, fn in variants.items()}
    rates: dict[str, list[float]] = {k: [] for k in variants}
    for r in range(repeat):  # interleaved, so load from other processes hits every variant alike
        for name in (variants if r % 2 == 0 else reversed(list(variants))):
            rates[name].append(rate(variants[name], exprs, passes[name]))
    res = {"expressions": len(exprs), "parsed": parsed, "repeat": repeat, "variants": {}}
    for name, rs in rates.items():
        res["variants"][name] = {"per_s": statistics.median(rs), "spread": spread(rs), "runs": rs}
    res["ours_vs_baseline"] = statistics.median(a / b for a, b in zip(rates["cli_line"], rates["baseline"]))
    return res


def _command() -> list[str]:
    exe = Path(sys.executable).parent / "baocao"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("baocao")
    return [found] if found else [sys.executable, "-m", "extract.cli"]


def bench_subprocess(exprs: list[str], lines: int, repeat: int, tmp: Path) -> dict:
    data = tmp / "lines.txt"
    data.write_text("".join(exprs[i % len(exprs)] + "\n" for i in range(lines)), encoding="utf-8")
    cmd = _command() + ["parse", "-"]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))

    one = tmp / "one.txt"  # start-up measured with one line, so the lazy import of the parser counts as start-up
    one.write_text(exprs[0] + "\n", encoding="utf-8")

    def run(stdin_path: Path | None) -> tuple[float, int]:
        with open(stdin_path or one, "rb") as fin:
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"bench_parse: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode()}")
        return wall, proc.stdout.count(b"\n")

    run(None)  # warm the OS file cache for the interpreter and the packages
    full, empty = [], []
    for r in range(repeat):
        for which in ((data, None) if r % 2 == 0 else (None, data)):
            wall, out_lines = run(which)
            if which is None:
                empty.append(wall)
            else:
                if out_lines != lines:
                    raise SystemExit(f"bench_parse: {out_lines} output lines for {lines} input lines")
                full.append(wall)
    total, start = statistics.median(full), statistics.median(empty)
    return {
        "command": " ".join(cmd) + f" < {lines} lines", "lines": lines, "repeat": repeat,
        "seconds": total, "spread": spread(full), "startup_seconds": start, "startup_spread": spread(empty),
        "lines_per_s": lines / total, "lines_per_s_after_startup": lines / max(total - start, 1e-9),
        "runs": full, "startup_runs": empty,
    }


def print_report(res: dict) -> None:
    env = res["env"]
    print(header("bench_parse", env))
    ip = res.get("in_process")
    if ip:
        print(f"\nin process, one core, {ip['expressions']} generated expressions "
              f"({ip['parsed']} give a record), median of {ip['repeat']} (±: half the min-max range)")
        labels = {"cli_line": "json.dumps(cli._record(s))", "record": "cli._record(s)",
                  "baseline": "baseline: regex digits + float()"}
        print(f"  {'':34s} {'expr/s':>10s} {'µs/expr':>8s} {'noise':>6s}")
        for name, v in ip["variants"].items():
            print(f"  {labels[name]:34s} {v['per_s']:10,.0f} {1e6 / v['per_s']:8.1f} {v['spread']:>6s}")
        ours = ip["variants"]["cli_line"]["per_s"]
        r = ip["ours_vs_baseline"]
        print(f"  ours / baseline throughput         {r:.3f}x (the baseline is {1 / r:.0f}x faster); "
              f"target >= {TARGET_EXPR_PER_S:,} expr/s: {'met' if ours >= TARGET_EXPR_PER_S else 'NOT met'}")
    sp = res.get("subprocess")
    if sp:
        print(f"\nsubprocess: {sp['command']}, median of {sp['repeat']}")
        print(f"  wall, start-up included   {sp['seconds']:7.3f} s {sp['spread']:>5s}   {sp['lines_per_s']:10,.0f} lines/s")
        print(f"  start-up (1 line in)      {sp['startup_seconds']:7.3f} s {sp['startup_spread']:>5s}")
        print(f"  after start-up            {sp['seconds'] - sp['startup_seconds']:7.3f} s          "
              f"{sp['lines_per_s_after_startup']:10,.0f} lines/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--expressions", type=int, default=None, help="generated expressions (default 3000; --quick 1000)")
    ap.add_argument("--lines", type=int, default=10_000, help="lines fed to the `baocao parse -` subprocess (default 10000)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per figure; medians are reported (default 5; --quick 3)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--show", type=int, default=0, metavar="K", help="print K sample expressions and exit")
    ap.add_argument("--skip-subprocess", action="store_true")
    ap.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    args = ap.parse_args(argv)

    exprs = expressions(args.expressions or (1000 if args.quick else 3000), args.seed)
    if args.show:
        print("\n".join(exprs[: args.show]))
        return 0
    repeat = args.repeat or (3 if args.quick else 5)
    res: dict = {"env": environment()}
    res["in_process"] = bench_in_process(exprs, repeat)
    if not args.skip_subprocess:
        with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmp:
            res["subprocess"] = bench_subprocess(exprs, args.lines, repeat, Path(tmp))
    return finish(res, args.json, print_report)


if __name__ == "__main__":
    sys.exit(main())
