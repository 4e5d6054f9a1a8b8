"""Timings at scale ("Speed at scale"): python -m benchmarks [--sizes 1000,10000,100000] [--repeat 3]
[--app-sizes 10000,100000] [--egor-size 10200] [--no-egor] [--no-commands] [--out benchmarks/out/latest.csv].

For each size: the sample (seed 1) as a CSV folder, cached in the temp folder; every CLI stage in-process (median
seconds, tracemalloc peak), the naive networkx baseline for measures (sizes up to 10,000), and each whole command
(median seconds, peak RSS). Then `measures --from egor` on egor-shaped tables of --egor-size egos (benchmarks.egor),
and the app through AppTest at each of --app-sizes. One table, printed and written as CSV.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from benchmarks.app_journey import app_rows
from benchmarks.commands import command_rows
from benchmarks.datasets import CACHE, dataset_folder, folder_zip
from benchmarks.egor import EGOS, egor_folder, egor_rows
from benchmarks.stages import in_process_rows, warm_up
from benchmarks.table import report
from benchmarks.timing import Row

OUT = Path(__file__).resolve().parent / "out" / "latest.csv"


def sizes(text: str) -> list[int]:
    values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("give sizes of at least 1, e.g. 1000,10000")
    return values


def app_sizes(text: str) -> list[int]:
    """The sizes to drive the app at; "0" for none."""
    return [] if text.strip() == "0" else sizes(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes, default=[1_000, 10_000, 100_000],
                        help="participants (1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing, the median is shown (3)")
    parser.add_argument("--app-sizes", type=app_sizes, default=[10_000, 100_000],
                        help="participants for the app (10000,100000; 0: skip it)")
    parser.add_argument("--no-commands", action="store_true", help="skip the whole commands")
    parser.add_argument("--egor-size", type=int, default=EGOS,
                        help=f"egos of the egor-shaped data for 'measures --from egor' ({EGOS})")
    parser.add_argument("--no-egor", action="store_true", help="skip 'measures --from egor'")
    parser.add_argument("--out", type=Path, default=OUT, help="CSV file of the table (benchmarks/out/latest.csv)")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"folder of the cached datasets ({CACHE})")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    repeat = max(1, args.repeat)
    rows: list[Row] = []
    warm_up(dataset_folder(min(args.sizes), args.cache))
    for size in args.sizes:
        folder = dataset_folder(size, args.cache)
        print(f"{size:,} participants: {folder}", flush=True)
        rows += in_process_rows(folder, size, repeat)
        if not args.no_commands:
            rows += command_rows(folder, args.cache / f"out-{size}", size, repeat)
    if not args.no_egor and args.egor_size > 0:
        folder = egor_folder(args.egor_size, args.cache)
        print(f"egor tables of {args.egor_size:,} egos: {folder}", flush=True)
        rows += egor_rows(folder, args.cache / f"out-egor-{args.egor_size}", args.egor_size, repeat)
    for size in args.app_sizes:
        print(f"app at {size:,} participants", flush=True)
        rows += app_rows(folder_zip(dataset_folder(size, args.cache)), size, repeat)
    for row in rows:
        if row.speedup is not None:
            print(f"naive/compute_measures at {row.size:,}: {row.speedup:.1f}x")
    report(rows, args.out)
    return 0
