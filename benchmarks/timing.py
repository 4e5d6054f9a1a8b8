"""Median wall-clock seconds of repeated runs, and the tracemalloc peak of one run."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass
class Row:
    """One line of the table: a stage at a size, how it ran, its median seconds and peak memory (MB, if known).
    `speedup` is naive seconds / these seconds, for compute_measures."""

    size: int
    stage: str
    how: str
    seconds: float
    peak_mb: float | None = None
    speedup: float | None = None


def seconds_of(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    return statistics.median(seconds_of(action) for _ in range(repeat))


def traced_peak_mb(action: Callable[[], object]) -> float:
    """Peak Python/numpy allocation of one run (a separate run: tracing slows the timed ones down)."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
