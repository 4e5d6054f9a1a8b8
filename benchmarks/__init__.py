"""Timings at scale: `python -m benchmarks` (see benchmarks.run)."""
