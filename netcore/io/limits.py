"""The most any reader takes in, enforced while reading (never after): bytes, files, rows, columns, value length, cells.

Every reader (`files`, `canonical` CSV / .zip / .xlsx, `networkcanvas`, `graphml`, `egor`) takes a `Limits` (the
defaults, `DEFAULT_LIMITS`, are generous for a study of 100,000 participants) and stops as soon as one is passed,
with one `LimitExceeded` (a `DatasetError` of one `Problem`) naming the limit in plain words: never a value, nor a
folder or file name from inside a .zip. Lower limits are for tests and for a deployment that wants them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from netcore.problems import DatasetError, Problem

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """How much the readers take in; each field is a count (bytes, files, rows, columns, characters or cells)."""

    upload_bytes: int = 50_000_000  # one uploaded file: the app's server.maxUploadSize (.streamlit/config.toml)
    file_bytes: int = 200_000_000  # one file read from a folder or path, or unpacked from a .zip or workbook
    total_bytes: int = 500_000_000  # everything unpacked from one .zip or workbook, or read from one folder
    files: int = 100_000  # files in one .zip or folder (a Network Canvas export has 3 or more per interview)
    rows: int = 5_000_000  # rows of one table (a CSV file, a sheet, a GraphML file's nodes or edges)
    columns: int = 500  # columns of one table
    field_chars: int = 10_000  # characters of one value
    cells: int = 20_000_000  # cells of one table (rows x columns), and cells read from one workbook

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"Limits.{name} must be a whole number of at least 1, not {value!r}")


DEFAULT_LIMITS = Limits()


class LimitExceeded(DatasetError):
    """Reading stopped at a limit: one problem, in plain words, that names the limit (readers never collect more)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__([problem])


def collecting(problems: list[Problem], read: Callable[..., T], *args: object, **kwargs: object) -> T | None:
    """`read(*args, **kwargs)`, or None with its problems added to `problems`, so a reader can report every file at
    once; a LimitExceeded stops reading altogether."""
    try:
        return read(*args, **kwargs)
    except LimitExceeded:
        raise
    except DatasetError as error:
        problems += error.problems
        return None


def size_words(count: int) -> str:
    """Bytes in words: 50_000_000 -> "50 MB", 1_500 -> "1,500 bytes"."""
    if count >= 1_000_000 and count % 100_000 == 0:
        return f"{count / 1_000_000:,g} MB"
    if count >= 1_000 and count % 100 == 0:
        return f"{count / 1_000:,g} KB"
    return f"{count:,} bytes"


def too_large(file: str, limit: int, what: str = "one file") -> LimitExceeded:
    """`file` holds more bytes than `limit` allows for `what`."""
    return LimitExceeded(Problem(file, message=f"is larger than {size_words(limit)}, the most the dashboard reads "
                                                f"from {what}"))


def unpacks_too_large(file: str, limit: int) -> LimitExceeded:
    return LimitExceeded(Problem(file, message=f"unpacks to more than {size_words(limit)}, the most the dashboard "
                                                "unpacks from one .zip or workbook"))


def file_unpacks_too_large(file: str, limit: int, holds: str = "a file") -> LimitExceeded:
    """One file inside the .zip or workbook `file` unpacks to more than `limit` bytes; `holds` says which by what it
    holds ("the members table in it"), never by its name."""
    return LimitExceeded(Problem(file, message=f"{holds} unpacks to more than {size_words(limit)}, the most the "
                                                "dashboard reads from one file"))


def too_many_files(file: str, limit: int, where: str = "one .zip") -> LimitExceeded:
    return LimitExceeded(Problem(file, message=f"holds more than {limit:,} files, the most the dashboard reads from "
                                                f"{where}"))


def too_many_rows(file: str, limit: int, what: str = "rows") -> LimitExceeded:
    return LimitExceeded(Problem(file, message=f"has more than {limit:,} {what}, the most the dashboard reads in one "
                                                "table"))


def too_many_columns(file: str, limit: int, what: str = "columns") -> LimitExceeded:
    return LimitExceeded(Problem(file, message=f"has more than {limit:,} {what}, the most the dashboard reads in "
                                                "one table"))


def too_many_cells(file: str, limit: int, where: str = "one table") -> LimitExceeded:
    return LimitExceeded(Problem(file, message=f"has more than {limit:,} cells, the most the dashboard reads in "
                                                f"{where}"))


def value_too_long(file: str, limit: int, row: int | None = None, column: int | None = None) -> LimitExceeded:
    """A value longer than `limit` characters, at a spreadsheet row and a column counted from 1 (its header is never
    named: a header can be a value typed in the wrong row)."""
    where = f"column {column} has" if column is not None else "has"
    return LimitExceeded(Problem(file, row=row, column=None if column is None else f"column {column}",
                                 message=f"{where} a value longer than {limit:,} characters, the most the dashboard "
                                         "reads in one value"))
