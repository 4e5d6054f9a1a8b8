"""Write datasets in the documented file format: a folder of CSVs, a .zip or an .xlsx, and blank templates.

Writing to disk happens only on the command line (`sample`, `measures --out`); the app only builds bytes in memory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from netcore.model import DATA_DICTIONARY, Dataset

FILE_ORDER = ("participants", "members", "ties")

SYNTHETIC_NOTICE = (
    "SYNTHETIC DATA. Every participant, connection and covariate in this folder was made up by a seeded generator\n"
    "(python -m netcore sample). It copies the shape of a published study of 150 network maps of people with\n"
    "severe mental illness, not its data. No real person is described here.\n"
)


def dataset_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The dataset as file-format tables (yes/no text for flags, empty cells for missing values)."""
    members = dataset.members.drop(columns=["group"]).assign(
        formal=dataset.members["formal"].map({True: "yes", False: "no"})
    )
    return {"participants": dataset.participants, "members": members, "ties": dataset.ties}


def template_tables() -> dict[str, pd.DataFrame]:
    """Blank tables with every documented column, for people preparing their own data."""
    columns: dict[str, list[str]] = {name: [] for name in FILE_ORDER}
    for column in DATA_DICTIONARY:
        table = column.file.removesuffix(".csv")
        if table in columns and not column.name.startswith("("):
            columns[table].append(column.name)
    return {name: pd.DataFrame(columns=names) for name, names in columns.items()}


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """One table as UTF-8 CSV bytes."""
    return frame.to_csv(index=False).encode("utf-8")


def zip_bytes(tables: dict[str, pd.DataFrame], notice: str = "") -> bytes:
    """Tables as CSV files in one .zip, with an optional README.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            archive.writestr(f"{name}.csv", csv_bytes(frame))
        if notice:
            archive.writestr("README.txt", notice)
    return buffer.getvalue()


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """Tables as sheets of one .xlsx workbook."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def write_folder(tables: dict[str, pd.DataFrame], folder: Path, notice: str = "") -> None:
    """Write tables as CSV files into `folder` (created if needed), with an optional README.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(frame))
    if notice:
        (folder / "README.txt").write_text(notice, encoding="utf-8")

