"""Whole commands (`python -m netcore validate|measures|types|associations PATH`) timed in a fresh Python each,
with the peak resident memory that process reports."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.timing import Row

ROOT = Path(__file__).resolve().parents[1]
MARK = "BENCHMARK_PEAK_RSS_KB"
# Runs `python -m netcore ARGS` as runpy does, then reports its peak RSS in KB on stderr, even when it exits.
# On Linux that is VmHWM of /proc/self/status: ru_maxrss would also count the benchmark's own memory, which the
# child's high-water mark inherits through fork and exec.
WRAPPER = f"""
import resource, runpy, sys
sys.argv = ["netcore", *sys.argv[1:]]
try:
    runpy.run_module("netcore", run_name="__main__", alter_sys=True)
finally:
    try:
        with open("/proc/self/status") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("{MARK}", peak, file=sys.stderr)
"""


def command_arguments(folder: Path, out: Path) -> dict[str, list[str]]:
    """Each command's arguments; measures and types write into `out`, not to standard output."""
    return {
        "validate": ["validate", str(folder)],
        "measures": ["measures", str(folder), "--out", str(out / "measures.csv")],
        "types": ["types", str(folder), "--out", str(out / "types.csv")],
        "associations": ["associations", str(folder), "--out", str(out / "associations.json")],
    }


def run_once(arguments: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one command; an error if it fails."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *arguments], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"python -m netcore {' '.join(arguments)} exited {done.returncode}: {done.stderr[-2000:]}")
    return seconds, peak_rss_mb(done.stderr)


def peak_rss_mb(stderr: str) -> float:
    """The wrapper's peak RSS line, in MB."""
    for line in reversed(stderr.splitlines()):
        if line.startswith(MARK):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {MARK} line in the command's standard error")


def command_rows(folder: Path, out: Path, size: int, repeat: int) -> list[Row]:
    """Every command's median seconds over `repeat` runs and its largest peak RSS."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, arguments in command_arguments(folder, out).items():
        runs = [run_once(arguments) for _ in range(repeat)]
        rows.append(Row(size, name, "command", statistics.median(s for s, _ in runs), max(m for _, m in runs)))
    return rows
