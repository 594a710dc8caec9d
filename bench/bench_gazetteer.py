"""Load time, memory and call cost of the gazetteer, and of the sources it could use.

    python bench/bench_gazetteer.py            # the figures quoted in extract/gazetteer.py

Each load is measured in a fresh interpreter, so nothing is cached or imported twice.
"""
from __future__ import annotations

import json
import subprocess
import sys
import timeit

_PROBE = r"""
import json, tracemalloc
tracemalloc.start()
{body}
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({{"traced_mb": current / 1e6, "peak_mb": peak / 1e6}}))
"""

_TIMED_ONLY = r"""
import json, resource, time
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
{body}
seconds = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0
print(json.dumps({{"seconds": seconds, "rss_mb": rss / 1024}}))
"""

CASES = {
    "baocao Gazetteer.load()": "from extract.gazetteer import Gazetteer\ng = Gazetteer.load()",
    "import vietnamadminunits": "import vietnamadminunits",
    "import underthesea.address + mapping.json": (
        "import underthesea.address.converter as c\nc._load_data()"
    ),
}


def probe(body: str, template: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", template.format(body=body)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    for label, body in CASES.items():
        timed = min((probe(body, _TIMED_ONLY) for _ in range(3)), key=lambda r: r["seconds"])
        mem = probe(body, _PROBE)  # tracemalloc slows the run: time and RSS come from the runs above
        print(f"{label:45s} {timed['seconds']:6.3f} s   +RSS {timed['rss_mb']:5.1f} MB"
              f"   traced {mem['traced_mb']:5.1f} MB (peak {mem['peak_mb']:5.1f})")

    from extract.gazetteer import Gazetteer

    g = Gazetteer.load()
    kinh_mon = g.resolve("Kinh Môn", "thị xã")
    calls = {
        "lookup('Hàm Liêm', 'xã')": lambda: g.lookup("Hàm Liêm", "xã"),
        "lookup('Tân Thành')": lambda: g.lookup("Tân Thành"),
        "resolve('Bạch Đằng', 'xã', context=[Kinh Môn])": lambda: g.resolve("Bạch Đằng", "xã", context=[kinh_mon]),
        "resolve('phường Sông Trí')": lambda: g.resolve("phường Sông Trí"),
    }
    for label, call in calls.items():
        n = 2000
        seconds = timeit.timeit(call, number=n) / n
        print(f"{label:45s} {seconds * 1e6:7.1f} µs")
    print(f"units: {len(g)}; known_names district/ward: {len(g.known_names())}/{len(g.known_names('ward'))}")


if __name__ == "__main__":
    main()
