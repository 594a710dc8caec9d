"""What the bench scripts share: the checkout they measure, its fingerprint, noise."""
from __future__ import annotations

import hashlib
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # measure the working tree the scripts live in


def code_fingerprint() -> str:
    """HEAD and a hash of the extract/ and schemas/ sources: which code was measured."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        head = "no-git"
    h = hashlib.sha256()
    for p in sorted([*ROOT.glob("extract/**/*.py"), *ROOT.glob("schemas/**/*.py")]):
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes())
    return f"{head}+src:{h.hexdigest()[:10]}"


def spread(xs: list[float]) -> str:
    """Min-max range around the median, in percent: the noise of a figure."""
    m = statistics.median(xs)
    return f"±{50 * (max(xs) - min(xs)) / m:.0f}%" if m and len(xs) > 1 else "-"


def environment(**extra: object) -> dict:
    """What a run is measured on: date, Python, cores, load before the run, code fingerprint."""
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "python": platform.python_version(),
            "cpus": os.cpu_count(), "load_before": round(os.getloadavg()[0], 2), "code": code_fingerprint(), **extra}


def header(script: str, env: dict) -> str:
    """The first line of a report (``env`` as from :func:`environment`, with ``load_after``)."""
    return (f"baocao {script}  {env['date']}  python {env['python']}  {env['cpus']} CPUs  "
            f"load {env['load_before']} -> {env['load_after']}  code {env['code']}")


def finish(res: dict, as_json: bool, print_report) -> int:
    """Close a report: the load after the run, then JSON or the script's tables."""
    import json

    res["env"]["load_after"] = round(os.getloadavg()[0], 2)
    if as_json:
        print(json.dumps(res, indent=1, default=str))
    else:
        print_report(res)
    return 0
