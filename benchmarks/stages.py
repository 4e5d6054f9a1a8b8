"""The CLI's stages timed in-process, on one dataset folder, and the naive measures baseline."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmarks.naive import naive_measures, plain_lists
from benchmarks.timing import Row, median_seconds, traced_peak_mb
from netcore import compute_measures, load_dataset
from netcore.associations import associations
from netcore.model import Dataset
from netcore.typology import assign_types

NAIVE_UP_TO = 10_000  # the baseline runs at sizes up to this (it is slow by design)


def fit_associations(dataset: Dataset, measures: pd.DataFrame):
    """As `python -m netcore associations` does (netcore.cli.write_associations): types without resamples, then
    the adjusted model on the study's default covariates."""
    types = assign_types(measures, resamples=0).table
    frame = dataset.participants.merge(types[["participant_id", "network_type"]], on="participant_id")
    return associations(frame, None, None, 0.05)


def warm_up(folder: Path) -> None:
    """Every stage once, untimed, so that no timing includes a first call's lazy imports and caches."""
    dataset = load_dataset(folder)
    measures = compute_measures(dataset)
    assign_types(measures)
    fit_associations(dataset, measures)
    naive_measures(*plain_lists(dataset))


def in_process_rows(folder: Path, size: int, repeat: int) -> list[Row]:
    """load_dataset (read + validate), compute_measures, assign_types (k=3, 30 resamples) and associations;
    with the naive baseline for measures at sizes up to NAIVE_UP_TO."""
    dataset = load_dataset(folder)
    measures = compute_measures(dataset)
    stages = {
        "load_dataset": lambda: load_dataset(folder),
        "compute_measures": lambda: compute_measures(dataset),
        "assign_types": lambda: assign_types(measures),
        "associations": lambda: fit_associations(dataset, measures),
    }
    rows = {name: Row(size, name, "in-process", median_seconds(action, repeat), traced_peak_mb(action))
            for name, action in stages.items()}
    if size <= NAIVE_UP_TO:
        lists = plain_lists(dataset)

        def naive_run() -> list[dict]:
            return naive_measures(*lists)

        naive = Row(size, "measures naive (networkx loop)", "in-process", median_seconds(naive_run, repeat),
                    traced_peak_mb(naive_run))
        rows["compute_measures"].speedup = naive.seconds / rows["compute_measures"].seconds
        rows["naive"] = naive
    return list(rows.values())
