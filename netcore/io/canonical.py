"""Read a dataset from a folder, a .zip, an .xlsx workbook or uploaded files, entirely in memory.

This module only turns bytes into tables of text (`RawTable`): it decodes, finds the delimiter, normalises headers
and remembers spreadsheet row numbers. Whether the content is right is `netcore.validation`'s job.
Nothing here writes to disk.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from netcore.io.export import FORMULA_STARTS
from netcore.io.files import collect, is_hidden, unzip
from netcore.problems import DatasetError, Problem
from netcore.vocabulary import normalise_term

TABLE_NAMES = ("participants", "members", "ties", "vocabulary")

# Header spellings seen in real exports that mean one of our columns.
HEADER_ALIASES = {
    "participantid": "participant_id",
    "memberid": "member_id",
    "membera": "member_a",
    "memberb": "member_b",
    "member_1": "member_a",
    "member_2": "member_b",
    "ring": "circle",
    "well_being": "wellbeing",
}

_BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")
_MAX_CONTROL_SHARE = 0.01
# The parts of pandas' C parser errors we repeat; the rest of its text is never shown (it may quote the data).
_RAGGED_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")  # line = spreadsheet row
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")  # row counts from 0 at the header
@dataclass(frozen=True)
class RawTable:
    """One table as text: normalised headers, stripped values, and each row's spreadsheet row number."""

    name: str  # participants | members | ties | vocabulary
    file: str  # how messages name it: "members.csv", "data.xlsx sheet 'members'"
    frame: pd.DataFrame
    rows: pd.Series  # spreadsheet row number of each frame row (the header is row 1)


def normalise_header(header: object) -> str:
    """"Participant ID" -> "participant_id", with a few known aliases."""
    name = normalise_term(str(header).replace("\ufeff", ""))
    return HEADER_ALIASES.get(name, name)


def decode_text(data: bytes, file: str) -> str:
    """Decode CSV bytes as UTF-8 (with or without BOM), falling back to Windows-1252."""
    head = data[:4096]
    if head.startswith(_BINARY_SIGNATURES) or b"\x00" in head:
        raise DatasetError([Problem(file, message="is not a text file (expected comma- or semicolon-separated text)")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DatasetError([Problem(file, message="is not a text file: its characters could not be read")])
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if control > _MAX_CONTROL_SHARE * max(len(text[:4096]), 1):
        raise DatasetError([Problem(file, message="is not a text file (it holds binary data)")])
    return text


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter of the header line: comma, semicolon or tab (comma on a tie)."""
    header = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


# A value netcore.io.export.formula_safe protected: a quote, then quotes or a formula start ("'=1+2", "''@x").
_PROTECTED = "^'(?='*[" + re.escape("".join(FORMULA_STARTS)) + "])"


def _unprotect(values: pd.Series) -> pd.Series:
    """Text as it was before formula_safe: one leading quote off each protected value, nothing else changed."""
    quoted = values.str.startswith("'")
    if not quoted.any():
        return values
    return values.where(~quoted, values[quoted].str.replace(_PROTECTED, "", n=1, regex=True))


def _table_from_grid(grid: pd.DataFrame, name: str, file: str) -> RawTable:
    """Turn a grid of text whose first row is the header into a RawTable; drops blank rows and blank columns.

    Values (and headers) written formula-safe by netcore.io.export read back as the original text."""
    grid = grid.fillna("").astype(str).apply(lambda column: _unprotect(column.str.strip()))
    if grid.empty or not grid.iloc[0].str.len().any():
        raise DatasetError([Problem(file, message="is empty: it has no header row")])
    headers = [normalise_header(h) for h in grid.iloc[0]]
    body = grid.iloc[1:]
    body.columns = range(len(headers))
    keep = [i for i, h in enumerate(headers) if h or body[i].str.len().any()]
    problems = [
        Problem(file, column=h, message=f"has the column '{h}' more than once")
        for h in sorted({h for h in headers if h and headers.count(h) > 1})
    ]
    problems += [
        Problem(file, column=f"column {i + 1}", message=f"column {i + 1} has values but no header")
        for i in keep if not headers[i]
    ]
    if problems:
        raise DatasetError(problems)
    body = body[keep]
    body.columns = [headers[i] for i in keep]
    rows = pd.Series(range(2, len(grid) + 1), index=body.index)
    filled = body.ne("").any(axis=1) if len(body.columns) else pd.Series(False, index=body.index)
    body = body[filled].reset_index(drop=True)
    return RawTable(name=name, file=file, frame=body, rows=rows[filled].reset_index(drop=True))


def read_csv_bytes(data: bytes, name: str, file: str | None = None) -> RawTable:
    """Parse the CSV bytes of table `name` (any of the accepted encodings and delimiters); messages call the file
    `file` (default "<name>.csv")."""
    file = file or f"{name}.csv"
    text = decode_text(data, file)
    if not text.strip():
        raise DatasetError([Problem(file, message="is empty")])
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=sniff_delimiter(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as error:
        raise DatasetError([_parse_problem(file, str(error))]) from None
    return _table_from_grid(grid, name, file)


def _parse_problem(file: str, error: str) -> Problem:
    """Where and why a CSV could not be parsed, from the parser's error text but never repeating it."""
    if ragged := _RAGGED_ROW.search(error):
        expected, row, found = (int(number) for number in ragged.groups())
        return Problem(file, row=row, message=f"has {found} values but the header has {expected} columns")
    if quote := _OPEN_QUOTE.search(error):
        return Problem(file, row=int(quote.group(1)) + 1, message="has a quoted value that is never closed")
    return Problem(file, message="could not be read as a table (check its quotes and delimiters)")


def workbook_sheets(data: bytes, file: str) -> list[str]:
    """The sheet names of a workbook, without reading its cells."""
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names)
    except Exception as error:  # calamine raises its own types for a broken workbook
        problem = Problem(file, message=f"could not be read as an Excel workbook ({type(error).__name__})")
        raise DatasetError([problem]) from None


def read_xlsx_bytes(data: bytes, file: str) -> dict[str, RawTable]:
    """Read the sheets of a workbook named like our files (participants, members, ties, vocabulary)."""
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str, engine="calamine")
    except Exception as error:  # openpyxl raises many unrelated types for a broken workbook
        problem = Problem(file, message=f"could not be read as an Excel workbook ({type(error).__name__})")
        raise DatasetError([problem]) from None
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for sheet, grid in sheets.items():
        name = normalise_term(str(sheet).removesuffix(".csv"))
        if name not in TABLE_NAMES:
            continue
        try:
            tables[name] = _table_from_grid(grid, name, f"{file} sheet '{sheet}'")
        except DatasetError as error:
            problems += error.problems
    if problems:
        raise DatasetError(problems)
    return tables


def _table_name(path: str) -> str | None:
    """"data/Members.CSV" -> "members"; None for files that are not one of our tables."""
    if is_hidden(path):
        return None
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.suffix.lower() not in (".csv", ".txt", ""):
        return None
    name = normalise_term(pure.stem)
    return name if name in TABLE_NAMES else None


def read_files(files: Mapping[str, bytes]) -> dict[str, RawTable]:
    """Read uploaded or collected files: CSVs by name, or a single .zip or .xlsx holding them."""
    workbooks = [name for name in files if name.lower().endswith((".xlsx", ".xlsm"))]
    archives = [name for name in files if name.lower().endswith(".zip")]
    if len(workbooks) + len(archives) > 1 or ((workbooks or archives) and len(files) > 1):
        raise DatasetError([Problem("upload", message="give either one .zip, one .xlsx, or the CSV files, not a mix")])
    if workbooks:
        return read_xlsx_bytes(files[workbooks[0]], workbooks[0])
    if archives:
        return read_zip_bytes(files[archives[0]], archives[0])
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    contents: dict[str, list[bytes]] = {}
    for path, data in files.items():
        name = _table_name(path)
        if name is not None:
            contents.setdefault(name, []).append(data)
    for name, found in contents.items():
        if len(found) > 1:  # the paths are not named: inside a .zip they are the user's folder and file names
            problems.append(Problem(f"{name}.csv", message=f"more than one file holds the {name} table; give only one"))
            continue
        try:
            tables[name] = read_csv_bytes(found[0], name)
        except DatasetError as error:
            problems += error.problems
    if problems:
        raise DatasetError(problems)
    return tables


def read_zip_bytes(data: bytes, file: str) -> dict[str, RawTable]:
    """Read the CSV tables inside a .zip (at its top level or in a folder), in memory."""
    return read_files(unzip(data, file, lambda path: f"the {name} table" if (name := _table_name(path)) else None))


def read_source(source: str | Path | Mapping[str, bytes]) -> dict[str, RawTable]:
    """Read a dataset from a folder path, a .zip or .xlsx path, or a mapping of file name -> bytes."""
    return read_files(collect(source))
