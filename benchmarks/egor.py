"""egor-shaped data (R's egor: egos, alters and alter-alter ties as CSV files) made with numpy, seeded, cached in the
temp folder as the samples are; and the whole `python -m netcore measures FOLDER --from egor` timed on it.

At 10,200 egos: 45 alters each (459,000) and 294 ties each (2,998,800), each tie a distinct unordered pair of two
different alters of its ego, as the issue's row "egor-shaped data (10,200 maps, 459k members, 3.0M ties)".
"""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.commands import run_once
from benchmarks.datasets import CACHE
from benchmarks.timing import Row

EGOS = 10_200
ALTERS_PER_EGO = 45
TIES_PER_EGO = 294  # of the 990 pairs of 45 alters
STAGE = "measures --from egor"
FILES = ("egos.csv", "alters.csv", "ties.csv")
# egor's own column names (netcore.io.egor finds the tables by them); relation words the vocabulary knows, and a
# closeness of 1 (closest) to 5, which are the circles themselves (--closest low, the default).
RELATIONS = np.array(["Close family", "Other family", "Friends", "Neighbours", "Colleagues", "Acquaintances"])
SEXES = np.array(["Male", "Female"])


def egor_tables(egos: int, seed: int = 1) -> dict[str, pd.DataFrame]:
    """egos, alters and ties of `egos` personal networks, every value text as a CSV file holds it."""
    rng = np.random.default_rng(seed)
    ego_ids = np.arange(1, egos + 1)
    egos_frame = pd.DataFrame({".egoID": ego_ids, "ego.sex": SEXES[rng.integers(0, 2, egos)],
                               "ego.age": rng.integers(18, 95, egos)})
    alters = pd.DataFrame({
        ".altID": np.tile(np.arange(1, ALTERS_PER_EGO + 1), egos),
        ".egoID": np.repeat(ego_ids, ALTERS_PER_EGO),
        "alter.rel": RELATIONS[rng.integers(0, len(RELATIONS), egos * ALTERS_PER_EGO)],
        "alter.clo": rng.integers(1, 6, egos * ALTERS_PER_EGO),
    })
    first, second = np.triu_indices(ALTERS_PER_EGO, k=1)  # every unordered pair of two different alters
    chosen = np.empty((egos, TIES_PER_EGO), dtype=np.int64)
    for start in range(0, egos, 1_000):  # a random subset of pairs per ego, in blocks to bound the memory
        keys = rng.random((min(1_000, egos - start), len(first)))
        chosen[start:start + len(keys)] = np.argpartition(keys, TIES_PER_EGO, axis=1)[:, :TIES_PER_EGO]
    chosen = chosen.ravel()
    ties = pd.DataFrame({".srcID": first[chosen] + 1, ".tgtID": second[chosen] + 1,
                         ".egoID": np.repeat(ego_ids, TIES_PER_EGO), "weight": rng.integers(1, 4, len(chosen))})
    return {"egos": egos_frame, "alters": alters, "ties": ties}


def egor_folder(egos: int = EGOS, cache: Path = CACHE) -> Path:
    """`cache/egor-<n>`: the egor tables of n egos (seed 1) as CSV files; reused when a previous run wrote them."""
    folder = cache / f"egor-{egos}"
    if all((folder / name).is_file() for name in FILES):
        return folder
    partial = cache / f"egor-{egos}.partial-{os.getpid()}"  # renamed when complete: never half a dataset
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name, frame in zip(FILES, egor_tables(egos).values(), strict=True):
        frame.to_csv(partial / name, index=False)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def egor_rows(folder: Path, out: Path, egos: int, repeat: int) -> list[Row]:
    """The whole measures command on the egor folder: median seconds over `repeat` fresh processes, largest peak
    RSS."""
    out.mkdir(parents=True, exist_ok=True)
    arguments = ["measures", str(folder), "--from", "egor", "--out", str(out / "measures-egor.csv")]
    runs = [run_once(arguments) for _ in range(repeat)]
    return [Row(egos, STAGE, "command", statistics.median(s for s, _ in runs), max(m for _, m in runs))]
