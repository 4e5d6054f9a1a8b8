"""Synthetic datasets of n participants as CSV folders, made once and kept in the temp folder for the next run."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from netcore.io.export import SYNTHETIC_NOTICE, write_folder
from netcore.sample import generate_sample

CACHE = Path(tempfile.gettempdir()) / "wne-bench"
TABLES = ("participants", "members", "ties")


def dataset_folder(participants: int, cache: Path = CACHE) -> Path:
    """`cache/<n>`: the sample of n participants (seed 1) as CSV files; reused when a previous run wrote it."""
    folder = cache / str(participants)
    if all((folder / f"{table}.csv").is_file() for table in TABLES):
        return folder
    data = generate_sample(participants, seed=1)
    partial = cache / f"{participants}.partial-{os.getpid()}"  # renamed when complete: never half a dataset
    shutil.rmtree(partial, ignore_errors=True)
    write_folder({table: getattr(data, table) for table in TABLES}, partial, notice=SYNTHETIC_NOTICE)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def folder_zip(folder: Path) -> bytes:
    """The dataset folder's files as one .zip (what a user uploads)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                archive.write(path, path.name)
    return buffer.getvalue()
