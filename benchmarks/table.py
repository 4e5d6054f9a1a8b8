"""The issue's targets ("Speed at scale"), the table of results: printed and written as CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmarks.app_journey import UPLOAD
from benchmarks.egor import STAGE as EGOR_STAGE
from benchmarks.timing import Row
from netcore.io.export import write_csv

# (stage, how, size or None for any size) -> seconds under which the target is met.
SECONDS = {
    ("types", "command", 1_000): 1,
    ("types", "command", 10_000): 2,
    ("types", "command", 100_000): 10,
    ("associations", "in-process", 10_000): 3,
    ("associations", "in-process", 100_000): 20,
    ("load_dataset", "in-process", 100_000): 5,
    ("validate", "command", 100_000): 5,
    ("measures", "command", 10_000): 1.5,
    (EGOR_STAGE, "command", 10_200): 3,  # egor-shaped data: 10,200 maps, 459k members, 3.0M ties
    (UPLOAD, "app", 10_000): 4,
    ("types: filter change", "app", 10_000): 0.25,  # Network types rerun (view change)
    ("patterns: filter change", "app", 10_000): 0.6,
    ("maps: open another map", "app", 10_000): 0.15,
    # 100,000 analysable: the overview and patterns pages under a second per rerun
    ("overview: first run", "app", 100_000): 1,
    ("overview: filter change", "app", 100_000): 1,
    ("patterns: first run", "app", 100_000): 1,
    ("patterns: filter change", "app", 100_000): 1,
}
SPEEDUP = {("compute_measures", "in-process", 10_000): 30}  # naive / compute_measures at least this
PEAK_MB = {100_000: 2000}  # every stage with a measured peak at that size
COLUMNS = ["size", "stage", "how", "median_s", "peak_mb", "target", "met"]


def _lookup(table: dict, row: Row):
    return table.get((row.stage, row.how, row.size), table.get((row.stage, row.how, None)))


def targets(row: Row) -> list[tuple[str, bool]]:
    """The row's targets, each as text and whether it is met."""
    found = []
    if (limit := _lookup(SECONDS, row)) is not None:
        found.append((f"< {limit:g} s", row.seconds < limit))
    if (least := _lookup(SPEEDUP, row)) is not None:
        found.append((f"naive/this >= {least}x ({row.speedup or 0:.0f}x)", (row.speedup or 0) >= least))
    if row.peak_mb is not None and (limit := PEAK_MB.get(row.size)) is not None:
        found.append((f"peak < {limit} MB", row.peak_mb < limit))
    return found


def results_frame(rows: list[Row]) -> pd.DataFrame:
    records = []
    for row in rows:
        checks = targets(row)
        records.append({
            "size": row.size, "stage": row.stage, "how": row.how, "median_s": round(row.seconds, 3),
            "peak_mb": None if row.peak_mb is None else round(row.peak_mb, 1),
            "target": "; ".join(text for text, _ in checks),
            "met": ("yes" if all(met for _, met in checks) else "no") if checks else "",
        })
    return pd.DataFrame(records, columns=COLUMNS)


def text_table(frame: pd.DataFrame) -> str:
    """The frame as aligned text, blanks for missing values."""
    shown = frame.astype(object).where(frame.notna(), "").astype(str)
    widths = {c: max(len(c), *(len(v) for v in shown[c])) if len(shown) else len(c) for c in COLUMNS}
    right = {"size", "median_s", "peak_mb"}

    def line(values: dict[str, str]) -> str:
        return "  ".join(values[c].rjust(widths[c]) if c in right else values[c].ljust(widths[c]) for c in COLUMNS)

    return "\n".join([line({c: c for c in COLUMNS}), *(line(dict(record)) for record in shown.to_dict("records"))])


def report(rows: list[Row], out: Path) -> pd.DataFrame:
    """Print the table and write it as CSV to `out`."""
    frame = results_frame(rows)
    print(text_table(frame))
    out.parent.mkdir(parents=True, exist_ok=True)
    write_csv(frame, out)
    print(f"Written to {out}")
    return frame
