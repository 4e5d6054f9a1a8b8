"""Time the data pipeline at scale: python -m benchmarks.pipeline [--participants N].

Generates a synthetic dataset, writes it to a temporary folder, then times load + validate, measures, network
types and the association model.
Prints one line per stage; nothing is kept.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from netcore import compute_measures, load_dataset
from netcore.associations import associations
from netcore.io.export import write_folder
from netcore.sample import generate_sample
from netcore.typology import assign_types


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<28} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=100_000)
    args = parser.parse_args()
    data = timed(f"generate {args.participants:,}", lambda: generate_sample(args.participants, seed=1))
    print(f"{'':<28} {len(data.members):,} members, {len(data.ties):,} ties")
    with tempfile.TemporaryDirectory() as folder:
        tables = {"participants": data.participants, "members": data.members, "ties": data.ties}
        timed("write CSV folder", lambda: write_folder(tables, Path(folder)))
        dataset = timed("load + validate", lambda: load_dataset(folder))
    measures = timed("measures", lambda: compute_measures(dataset))
    assignment = timed("types (k=3, 30 resamples)", lambda: assign_types(measures))
    frame = dataset.participants.merge(assignment.table[["participant_id", "network_type"]], on="participant_id")
    timed("associations", lambda: associations(frame))


if __name__ == "__main__":
    main()
