"""Write datasets in the documented file format: a folder of CSVs, a .zip or an .xlsx, and blank templates.

Writing to disk happens only on the command line (`sample`, `measures --out`); the app only builds bytes in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import IO

import pandas as pd

from netcore.model import DATA_DICTIONARY, Dataset

FILE_ORDER = ("participants", "members", "ties")

SYNTHETIC_NOTICE = (
    "SYNTHETIC DATA. Every participant, connection and covariate in this folder was made up by a seeded generator\n"
    "(python -m netcore sample). It copies the shape of a published study of 150 network maps of people with\n"
    "severe mental illness, not its data. No real person is described here.\n"
)


def dataset_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The dataset as file-format tables (yes/no text for flags, empty cells for missing values), with a
    vocabulary table when the dataset has category words of its own."""
    members = dataset.members.drop(columns=["group"]).assign(
        formal=dataset.members["formal"].map({True: "yes", False: "no"})
    )
    tables = {"participants": dataset.participants, "members": members, "ties": dataset.ties}
    additions = dataset.vocabulary.additions()
    if len(additions):  # the dataset's own category words, so that reading it back gives the same groups
        tables["vocabulary"] = additions
    return tables


def template_tables() -> dict[str, pd.DataFrame]:
    """Blank tables with every documented column, for people preparing their own data."""
    columns: dict[str, list[str]] = {name: [] for name in FILE_ORDER}
    for column in DATA_DICTIONARY:
        table = column.file.removesuffix(".csv")
        if table in columns and not column.name.startswith("("):
            columns[table].append(column.name)
    return {name: pd.DataFrame(columns=names) for name, names in columns.items()}


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection). A text cell that does, or that
# starts with quotes and then one of these, gets one more leading quote; netcore.io.canonical takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = "'*[" + re.escape("".join(FORMULA_STARTS)) + "]"
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"  # "-1", "+44", "-2.5e3": left alone


def _formula_safe_values(values: pd.Series) -> pd.Series:
    """`values` with a quote before each text value a spreadsheet could read as a formula (numbers untouched)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = _formula_safe_values(pd.Series(values.cat.categories, dtype=object))
        return values.cat.rename_categories(categories.tolist())  # one-to-one: a quote is added to "'=" too
    if not (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
        return values
    try:
        text = values.str
    except AttributeError:  # an object column without text (e.g. only None or only numbers)
        return values
    risky = text.match(_NEEDS_QUOTE, na=False).astype(bool) & ~text.fullmatch(_PLAIN_NUMBER, na=False).astype(bool)
    if not risky.any():
        return values
    safe = values.astype(object).copy()
    safe[risky] = "'" + values[risky].astype(str)
    return safe.astype(values.dtype) if pd.api.types.is_string_dtype(values.dtype) else safe


def _formula_safe_index(index: pd.Index) -> pd.Index:
    """Column headers made formula-safe like cells (each level of a MultiIndex)."""
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([_formula_safe_index(level) for level in index.levels])
    safe = _formula_safe_values(pd.Series(index, dtype=object))
    return index if safe.equals(pd.Series(index, dtype=object)) else pd.Index(safe, name=index.name)


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` that a spreadsheet opens without running anything: every text cell and header starting with
    =, +, -, @, a tab or a carriage return gets a leading ' (so does one starting with quotes and then one of
    these, so that reading back is lossless), unless it is a plain number such as "-1" or "-0.5". Numeric columns are
    never touched. `netcore.io.canonical` reads such a value back as the original text."""
    safe = frame.copy(deep=False)  # copy-on-write: the caller's frame is never changed
    safe.columns = _formula_safe_index(frame.columns)
    for position in range(frame.shape[1]):
        safe.isetitem(position, _formula_safe_values(frame.iloc[:, position]))
    return safe


def _holds_carriage_return(frame: pd.DataFrame) -> bool:
    """Whether any text cell or header of `frame` holds a carriage return."""
    texts = [pd.Series(frame.columns.astype(str))] + [
        frame.iloc[:, position].astype(object) for position in range(frame.shape[1])
        if not pd.api.types.is_numeric_dtype(frame.dtypes.iloc[position])
        and not pd.api.types.is_datetime64_any_dtype(frame.dtypes.iloc[position])]
    return any(text.str.contains("\r", regex=False, na=False).any() for text in texts if text.size)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """One table as formula-safe UTF-8 CSV bytes (every CSV the project writes goes through here).

    The csv module quotes a value only for the characters of the line ending, so a table with a carriage return in
    a value is written with "\r\n" line endings: else any reader would end the row there."""
    safe = formula_safe(frame)
    ending = "\r\n" if _holds_carriage_return(safe) else None  # None: the platform's, as before
    return safe.to_csv(index=False, lineterminator=ending).encode("utf-8")


def write_csv(frame: pd.DataFrame, target: Path | str | IO[str]) -> None:
    """`csv_bytes` of `frame` into a file path or an open text stream such as sys.stdout."""
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(csv_bytes(frame))
    else:
        target.write(csv_bytes(frame).decode("utf-8"))


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
    """Tables as sheets of one .xlsx workbook, formula-safe: every text cell is stored as text, never a formula."""
    buffer = io.BytesIO()
    safe = {name: formula_safe(frame) for name, frame in tables.items()}
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in safe.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        for sheet in writer.book.worksheets:  # openpyxl types text starting "=" a formula, "#N/A" an error
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                        cell.data_type = "s"
    if any(_holds_carriage_return(frame) for frame in safe.values()):
        return _keep_carriage_returns(buffer.getvalue())
    return buffer.getvalue()


def _keep_carriage_returns(workbook: bytes) -> bytes:
    """The workbook with every carriage return in its XML written "&#13;" (a bare one reads back as a line feed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(b"\r", b"&#13;") if info.filename.endswith(".xml") else data)
    return buffer.getvalue()


def write_folder(tables: dict[str, pd.DataFrame], folder: Path, notice: str = "") -> None:
    """Write tables as CSV files into `folder` (created if needed), with an optional README.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(frame))
    if notice:
        (folder / "README.txt").write_text(notice, encoding="utf-8")
