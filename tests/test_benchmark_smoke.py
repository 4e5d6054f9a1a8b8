"""`python -m benchmarks` at a tiny size, in-process: every stage gets a row with a positive time (no timing
asserts: this machine's speed is not the point). The naive measures baseline agrees with compute_measures."""

import math

import pandas as pd

from benchmarks import commands
from benchmarks.app_journey import PAGES, UPLOAD
from benchmarks.datasets import dataset_folder
from benchmarks.egor import STAGE as EGOR_STAGE
from benchmarks.naive import NAIVE_MEASURES, naive_measures, plain_lists
from benchmarks.run import main
from netcore import compute_measures, load_dataset


def test_the_benchmark_writes_a_row_per_stage_with_positive_times(tmp_path, monkeypatch):
    every_command = commands.command_arguments
    # One whole command (the quickest) keeps the test short; each command is a new Python importing pandas.
    monkeypatch.setattr(commands, "command_arguments", lambda *a: {"validate": every_command(*a)["validate"]})
    out = tmp_path / "latest.csv"
    assert main(["--sizes", "60", "--repeat", "1", "--app-sizes", "60", "--egor-size", "60", "--out", str(out),
                 "--cache", str(tmp_path / "cache")]) == 0
    table = pd.read_csv(out)
    stages = set(zip(table["stage"], table["how"], strict=True))
    expected = {(name, "in-process") for name in ("load_dataset", "compute_measures", "assign_types", "associations",
                                                  "measures naive (networkx loop)")}
    expected |= {("validate", "command")}
    expected |= {(EGOR_STAGE, "command")}
    expected |= {(UPLOAD, "app"), ("maps: open another map", "app")}
    expected |= {(f"{page}: {what}", "app") for page in PAGES for what in ("first run", "filter change")}
    assert stages == expected
    assert len(table) == len(expected)
    assert (table["size"] == 60).all()
    assert (table["median_s"] > 0).all()
    assert (table.loc[table["how"] != "app", "peak_mb"] > 0).all()
    assert set(table["met"].dropna()) <= {"yes", "no"}


def test_the_naive_baseline_counts_what_compute_measures_counts(tmp_path):
    dataset = load_dataset(dataset_folder(80, tmp_path))
    naive = pd.DataFrame(naive_measures(*plain_lists(dataset)))
    fast = compute_measures(dataset)
    for column in NAIVE_MEASURES:
        for mine, theirs in zip(naive[column], fast[column], strict=True):
            assert (pd.isna(mine) and pd.isna(theirs)) or math.isclose(mine, theirs), column
