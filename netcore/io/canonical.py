"""Read a dataset from a folder, a .zip, an .xlsx workbook or uploaded files, entirely in memory.

This module only turns bytes into tables of text (`RawTable`): it decodes, finds the delimiter, normalises headers
and remembers spreadsheet row numbers. Whether the content is right is `netcore.validation`'s job.
Nothing here writes to disk.
"""

from __future__ import annotations

import csv
import datetime
import io
import posixpath
import pyexpat
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from netcore.io.export import FORMULA_STARTS
from netcore.io.files import FAILURES, collect, is_hidden, open_zip, unpack_chunks, unzip
from netcore.io.limits import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    collecting,
    too_large,
    too_many_cells,
    too_many_columns,
    too_many_rows,
    value_too_long,
)
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


def _decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of CSV bytes and the encoding that reads it: UTF-8 (with or without BOM), else Windows-1252."""
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
    return text, encoding


def decode_text(data: bytes, file: str) -> str:
    """Decode CSV bytes as UTF-8 (with or without BOM), falling back to Windows-1252."""
    return _decode(data, file)[0]


_LINE = re.compile(r"[^\r\n]+")


def _first_line(text: str) -> str:
    """The first line that is not empty (a line ends at a line feed or a carriage return), found without copying the
    text."""
    line = _LINE.search(text)
    return line.group() if line else ""


def _is_blank(text: str) -> bool:
    """Whether the text is empty or only whitespace, without a stripped copy of it."""
    return not text or text.isspace()


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter of the header line: comma, semicolon or tab (comma on a tie)."""
    header = "" if _is_blank(text) else _first_line(text)
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


_QUOTED = re.compile(r'"[^"]*"')


def _count_fields(line: str, sep: str) -> int:
    """How many fields a header line has (delimiters inside quotes do not count)."""
    return _QUOTED.sub("", line).count(sep) + 1


# A value netcore.io.export.formula_safe protected: a quote, then quotes or a formula start ("'=1+2", "''@x").
_PROTECTED = "^'(?='*[" + re.escape("".join(FORMULA_STARTS)) + "])"
_TEXT = pa.large_string()  # how pandas holds text ("str"): Arrow strings


def _unprotect(values: pd.Series) -> pd.Series:
    """Text as it was before formula_safe: one leading quote off each protected value, nothing else changed."""
    quoted = values.str.startswith("'")
    if not quoted.any():
        return values
    return values.where(~quoted, values[quoted].str.replace(_PROTECTED, "", n=1, regex=True))


def _cell_chunks(frame: pd.DataFrame) -> list[pa.Array]:
    """Every cell of `frame` as Arrow text (missing ones null), column after column, in the chunks the columns
    already hold (no copy)."""
    names = [str(position) for position in range(frame.shape[1])]
    table = pa.Table.from_pandas(frame.astype("str").set_axis(names, axis=1),
                                 schema=pa.schema([(name, _TEXT) for name in names]), preserve_index=False)
    return [chunk for column in table.columns for chunk in column.chunks]


def text_cells(frame: pd.DataFrame) -> pd.Series:
    """Every cell of `frame` as text (missing ones NaN), column after column, in one Series of Arrow text: one pass
    over a table of any shape, without a Python string per cell."""
    return pa.chunked_array(_cell_chunks(frame), type=_TEXT).to_pandas()


def _trimmed(chunk: pa.Array) -> pa.Array:
    """A chunk of text with no nulls ("" instead) and no whitespace around any value (pandas' str.strip); the chunk
    itself when that changes nothing, as in most files, so no copy of it is kept."""
    if chunk.null_count:
        chunk = pc.fill_null(chunk, "")
    trimmed = pc.utf8_trim_whitespace(chunk)
    return chunk if _text_bytes(trimmed) == _text_bytes(chunk) else trimmed  # as many bytes: nothing was trimmed


def _text_bytes(chunk: pa.Array) -> int:
    """The bytes of a chunk's values (Arrow large text), read off its 64-bit offsets: a slice of a larger array
    counts only its own."""
    if not len(chunk):
        return 0
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
    return int(offsets[chunk.offset + len(chunk)] - offsets[chunk.offset])


def _clean(grid: pd.DataFrame, file: str, numbers: np.ndarray, limits: Limits) -> tuple[pd.DataFrame, np.ndarray]:
    """Every cell as stripped text ("" for none), formula-safe values read back as written, and which cells are not
    empty; a value longer than `limits.field_chars` stops reading (`numbers`: the spreadsheet row of each grid row).

    All cells are cleaned together, as one column of text, chunk by chunk: a chunk is copied only when a value in it
    changes, and byte lengths are read a chunk at a time (no length per cell of the whole table is kept)."""
    rows, columns = grid.shape
    cells = _unprotect(pd.Series(pa.chunked_array([_trimmed(chunk) for chunk in _cell_chunks(grid)], type=_TEXT),
                                 dtype="str"))
    given = np.empty(len(cells), dtype=bool)
    long = []  # cells of more bytes than the limit (bytes are never fewer than characters)
    start = 0
    arrow = pa.array(cells.array)
    for chunk in arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]:
        sizes = pc.binary_length(chunk).to_numpy()  # read off Arrow's offsets
        given[start:start + len(sizes)] = sizes > 0
        long.append(start + np.flatnonzero(sizes > limits.field_chars))
        start += len(sizes)
    _check_lengths(cells, np.concatenate(long), rows, file, numbers, limits)
    text = cells.array
    cleaned = pd.DataFrame({position: text[position * rows:(position + 1) * rows] for position in range(columns)},
                           index=grid.index)
    return cleaned, given.reshape(columns, rows).T


def _check_lengths(cells: pd.Series, long: np.ndarray, rows: int, file: str, numbers: np.ndarray,
                   limits: Limits) -> None:
    """LimitExceeded at the first value longer than `limits.field_chars` in characters; `cells` are taken column by
    column (`rows` per column), `long` the places of those longer than it in bytes (only these are counted)."""
    if long.size:
        long = long[cells.iloc[long].str.len().to_numpy() > limits.field_chars]
    if long.size:
        cell = int(long[0])
        raise value_too_long(file, limits.field_chars, int(numbers[cell % rows]), cell // rows + 1)


def _table_from_grid(grid: pd.DataFrame, name: str, file: str, rows: Sequence[int] | None = None,
                     limits: Limits = DEFAULT_LIMITS) -> RawTable:
    """Turn a grid of text whose first row is the header into a RawTable; drops blank rows and blank columns.

    `rows` is the spreadsheet row of each grid row (default 1, 2, 3, ...; a row left out is blank): the header is
    row 1. Values (and headers) written formula-safe by netcore.io.export read back as the original text."""
    if grid.shape[1] > limits.columns:
        raise too_many_columns(file, limits.columns)
    numbers = np.arange(1, len(grid) + 1) if rows is None else np.asarray(rows, dtype=np.int64)
    if grid.empty or numbers[0] != 1:
        raise DatasetError([Problem(file, message="is empty: it has no header row")])
    grid, given = _clean(grid.reset_index(drop=True), file, numbers, limits)
    if not given[0].any():
        raise DatasetError([Problem(file, message="is empty: it has no header row")])
    headers = [normalise_header(h) for h in grid.iloc[0]]
    given = given[1:]
    keep = [i for i, h in enumerate(headers) if h or given[:, i].any()]
    counts = Counter(headers)
    problems = [
        Problem(file, column=h, message=f"has the column '{h}' more than once")
        for h in sorted(h for h, count in counts.items() if h and count > 1)
    ]
    problems += [
        Problem(file, column=f"column {i + 1}", message=f"column {i + 1} has values but no header")
        for i in keep if not headers[i]
    ]
    if problems:
        raise DatasetError(problems)
    body = grid.iloc[1:][keep]
    body.columns = [headers[i] for i in keep]
    filled = given[:, keep].any(axis=1)
    body = (body if filled.all() else body[filled]).reset_index(drop=True)
    rows_kept = numbers[1:] if filled.all() else numbers[1:][filled]
    return RawTable(name=name, file=file, frame=body, rows=pd.Series(rows_kept, copy=False))


def read_csv_bytes(data: bytes, name: str, file: str | None = None, limits: Limits = DEFAULT_LIMITS) -> RawTable:
    """Parse the CSV bytes of table `name` (any of the accepted encodings and delimiters); messages call the file
    `file` (default "<name>.csv"). The header is counted before the rest is parsed, and parsing stops after the
    rows `limits` allow."""
    file = file or f"{name}.csv"
    if len(data) > limits.file_bytes:
        raise too_large(file, limits.file_bytes)
    text, encoding = _decode(data, file)
    if _is_blank(text):
        raise DatasetError([Problem(file, message="is empty")])
    sep = sniff_delimiter(text)
    columns = _count_fields(_first_line(text), sep)
    plain = '"' not in text and not text.startswith(("\r", "\n", "\ufeff"))
    del text  # parsed from the bytes: a str of the text would hold it again, up to 4 bytes a character
    if columns > limits.columns:
        raise too_many_columns(file, limits.columns)
    most = min(limits.rows, limits.cells // columns)  # rows after the header
    grid = _read_plain(data, encoding, sep, columns, most + 1) if plain else None
    if grid is None:
        grid = _read_any(data, encoding, sep, most + 2, file)
    if len(grid) > most + 1:
        raise (too_many_rows(file, limits.rows) if most == limits.rows else too_many_cells(file, limits.cells))
    return _table_from_grid(grid, name, file, limits=limits)


def _read_plain(data: bytes, encoding: str, sep: str, columns: int, most: int) -> pd.DataFrame | None:
    """The grid of a CSV without quotes that starts with its header, read by Arrow's multi-threaded reader (which
    reads such a file as pandas' C parser does), stopping once past `most` rows; None when Arrow refuses it (a
    blank line or a ragged row), for `_read_any` to read or explain."""
    names = [str(position) for position in range(columns)]
    try:
        reader = pacsv.open_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names,
                                           encoding="utf8" if encoding == "utf-8-sig" else encoding),
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, _TEXT), strings_can_be_null=False),
        )
        batches, count = [], 0
        for batch in reader:
            batches.append(batch)
            count += batch.num_rows
            if count > most:
                break
    except pa.ArrowInvalid:
        return None
    return pa.Table.from_batches(batches, reader.schema).to_pandas()


def _read_any(data: bytes, encoding: str, sep: str, rows: int, file: str) -> pd.DataFrame:
    """The grid of any CSV (its first `rows` rows), by pandas' C parser; a DatasetError that says where it is not a
    table."""
    try:
        return pd.read_csv(
            io.BytesIO(data),
            encoding=encoding,
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            nrows=rows,
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as error:
        raise DatasetError([_parse_problem(file, str(error))]) from None


def _parse_problem(file: str, error: str) -> Problem:
    """Where and why a CSV could not be parsed, from the parser's error text but never repeating it."""
    if ragged := _RAGGED_ROW.search(error):
        expected, row, found = (int(number) for number in ragged.groups())
        return Problem(file, row=row, message=f"has {found} values but the header has {expected} columns")
    if quote := _OPEN_QUOTE.search(error):
        return Problem(file, row=int(quote.group(1)) + 1, message="has a quoted value that is never closed")
    return Problem(file, message="could not be read as a table (check its quotes and delimiters)")


# ----------------------------------------------------------------------------------------------------- workbooks
#
# An .xlsx workbook is a .zip of XML parts, unpacked within the limits. Its sheet names come from workbook.xml, and a
# sheet is read only when asked for. Before that, the cell references in its XML are counted (a regular expression
# over the stream, no parsing): a regular sheet that fits the limits and fills most of its rectangle from A1 is read
# by calamine, as pandas reads it. Any other (a cell far away, such as XFD1048576, or a cell without a plain
# reference) is streamed here with expat, cell by cell, so a far-away cell costs one cell: never the rectangle up to
# it, which calamine and pandas fill (512 GB for one cell at XFD1048576 beside one at A1). Both ways read values as
# pandas' calamine reader gives them as text: whole numbers without ".0", booleans True / False, dates
# "2021-01-31 00:00:00", errors and formulas without a stored result as empty cells.

_WORKBOOK_DAMAGED = "could not be read as an Excel workbook (it is damaged, protected by a password, or not an .xlsx)"
_DATE_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47})  # built-in date and time formats
_DURATION_IDS = frozenset({46})  # [h]:mm:ss
_EPOCH = datetime.datetime(1899, 12, 30)
_DAY_MS = 86_400_000
_COLUMN_NUMBERS: dict[str, int] = {}
# Every cell's start tag, with its reference when that comes first as a plain one (r="B7"), as every writer puts it;
# and a cell tag with a namespace prefix (<x:c ...>), which the first would not see.
_CELL_TAG = re.compile(rb'<c(?: r="([A-Z]{1,3})([0-9]{1,7})")?[\s/>]')
_PREFIXED_CELL_TAG = re.compile(rb":c[\s/>]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML writes a character XML cannot hold as _xHHHH_


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text) if "_x" in text else text


_SPARSE = 4  # a sheet whose rectangle from A1 holds more than this many cells per cell written is streamed


class _Stop(Exception):
    """Enough of a sheet has been read."""


def _column_number(letters: str) -> int:
    """"A" -> 1, "AA" -> 27, "XFD" -> 16384 (0 for no letters)."""
    number = _COLUMN_NUMBERS.get(letters)
    if number is None:
        if len(letters) > 3:  # XFD, the last column, has three
            raise ValueError("not a cell reference")
        number = 0
        for letter in letters.upper():
            value = ord(letter) - 64
            if not 1 <= value <= 26:
                raise ValueError("not a cell reference")
            number = number * 26 + value
        _COLUMN_NUMBERS[letters] = number
    return number


def _date_format(code: str) -> str | None:
    """"date", "duration" or None for a number format code, as calamine decides it."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    previous = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return None
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return "duration"
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not ampm and brackets == 0:
            ampm = True
        elif char in "pmPM/" and ampm and brackets == 0:
            return "date"
        elif char in "dmhysDMHYS" and not ampm and brackets == 0:
            return "date"
        elif not (hms and char.lower() == previous.lower()):
            hms = previous == "[" and char in "mhsMHS"
        previous = char
    return None


def _date_text(value: float, kind: str, date1904: bool) -> str:
    """A date or duration cell as pandas' calamine reader gives it as text."""
    milliseconds = round(value * _DAY_MS)
    if kind == "duration":
        return str(datetime.timedelta(milliseconds=milliseconds))
    days = value + 1462 if date1904 else value
    if days < 60:
        days += 1
    moment = _EPOCH + datetime.timedelta(milliseconds=round(days * _DAY_MS))
    if value < 1:
        return str(moment.time())
    return str(moment)


class _Workbook:
    """An .xlsx opened for streaming: its sheet names at once, each sheet's cells on request, within `limits`."""

    def __init__(self, data: bytes, file: str, limits: Limits) -> None:
        self.file, self.limits = file, limits
        try:
            self.archive = open_zip(data, file, limits)
        except LimitExceeded:
            raise
        except DatasetError:
            raise DatasetError([Problem(file, message=_WORKBOOK_DAMAGED)]) from None
        self.data = data
        self.parts = {posixpath.normpath(info.filename.lstrip("/")).lower(): info for info in self.archive.infolist()}
        self.sizes: dict[str, int] = {}  # part -> bytes it unpacks to, once read whole
        self.cells = 0
        self._excel: pd.ExcelFile | None = None
        self._shared: list[str] | None = None
        self._formats: dict[str, str] | None = None
        self.date1904 = False
        root = self._related(self._relations("_rels/.rels"), "officedocument", "xl/workbook.xml")
        folder, _, name = root.rpartition("/")
        self.relations = self._relations(f"{folder}/_rels/{name}.rels")
        relations = {key: target for key, (target, _) in self.relations.items()}
        sheets: list[tuple[str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "sheet":
                target = next((relations.get(value) for key, value in attrs.items()
                               if key.rpartition(":")[2] == "id" and key != "sheetId"), None)
                sheets.append((attrs.get("name", ""), target or ""))
            elif tag == "workbookPr":
                self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")

        self._scan(root, start)
        self.sheets = dict(reversed(sheets))  # the first of two sheets of one name wins
        self.names = list(dict.fromkeys(name for name, _ in sheets))

    def close(self) -> None:
        self.archive.close()
        if self._excel is not None:
            self._excel.close()

    # ---- parts

    def _info(self, part: str) -> zipfile.ZipInfo | None:
        return self.parts.get(posixpath.normpath(part.lstrip("/")).lower())

    def _chunks(self, part: str) -> Iterator[bytes]:
        """A part's bytes as unpacked, within the limits: each part counts once toward the workbook's total, however
        often it is read (a part that is absent has none)."""
        info = self._info(part)
        if info is None:
            return
        others = sum(size for name, size in self.sizes.items() if name != info.filename)
        unpacked = [others]
        yield from unpack_chunks(self.archive, info, self.file, self.limits, unpacked, "a part of it")
        self.sizes[info.filename] = unpacked[0] - others

    def _measure(self) -> None:
        """Unpack every part once, counting: the limits hold for whatever calamine reads."""
        for info in self.archive.infolist():
            if not info.is_dir():
                for _ in self._chunks(info.filename):
                    pass

    def _scan(self, part: str, start: Callable[[str, dict[str, str]], None]) -> None:
        """Stream a part through `start` (local tag name, attributes)."""
        parser = _xml_parser()
        parser.StartElementHandler = lambda name, attrs: start(name[name.find(":") + 1:], attrs)
        for chunk in self._chunks(part):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (the part it points to, its type in lower case)."""
        folder = part.rpartition("_rels/")[0].rstrip("/")
        found: dict[str, tuple[str, str]] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "Relationship" and "Id" in attrs and attrs.get("TargetMode", "") != "External":
                target = attrs.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                found[attrs["Id"]] = (path, attrs.get("Type", "").lower())

        self._scan(part, start)
        return found

    @staticmethod
    def _related(relations: dict[str, tuple[str, str]], kind: str, default: str) -> str:
        """The part of the first relationship whose type ends with `kind`, else `default`."""
        return next((target for target, type_ in relations.values() if type_.endswith("/" + kind)), default)

    @property
    def formats(self) -> dict[str, str]:
        """Cell style index (as written in a cell's `s`) -> "date" or "duration", for the date-like styles."""
        if self._formats is None:
            codes: dict[int, str] = {}
            styles: list[int] = []
            depth = [0]

            def start(tag: str, attrs: dict[str, str]) -> None:
                if tag == "numFmt":
                    codes[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
                elif tag == "cellXfs":
                    depth[0] = 1
                elif tag == "xf" and depth[0]:
                    styles.append(int(attrs.get("numFmtId", "0")))
                elif tag == "cellStyleXfs" or tag == "dxfs":
                    depth[0] = 0

            self._scan(self._related(self.relations, "styles", "xl/styles.xml"), start)
            self._formats = {}
            for index, number in enumerate(styles):
                kind = (_date_format(codes[number]) if number in codes else
                        "date" if number in _DATE_IDS else "duration" if number in _DURATION_IDS else None)
                if kind:
                    self._formats[str(index)] = kind
        return self._formats

    @property
    def shared(self) -> list[str]:
        """The shared strings (rich text joined, phonetic guides left out)."""
        if self._shared is None:
            strings: list[str] = []
            parts: list[str] = []
            state = {"text": False, "phonetic": 0}
            parser = _xml_parser()
            limit = self.limits.cells

            def start(name: str, attrs: dict[str, str]) -> None:
                tag = name[name.find(":") + 1:]
                if tag == "t":
                    state["text"] = not state["phonetic"]
                elif tag == "si":
                    parts.clear()
                elif tag == "rPh":
                    state["phonetic"] += 1

            def end(name: str) -> None:
                tag = name[name.find(":") + 1:]
                if tag == "t":
                    state["text"] = False
                elif tag == "si":
                    strings.append(_unescape("".join(parts)))
                    if len(strings) > limit:
                        raise too_many_cells(self.file, limit, "one workbook")
                elif tag == "rPh":
                    state["phonetic"] -= 1

            def text(data: str) -> None:
                if state["text"]:
                    parts.append(data)

            parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
            for chunk in self._chunks(self._related(self.relations, "sharedstrings", "xl/sharedStrings.xml")):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
            self._shared = strings
        return self._shared

    # ---- sheets

    def sheet(self, name: str, header_only: bool = False, label: str = "") -> tuple[pd.DataFrame, list[int], bool]:
        """The grid of a sheet's cells, streamed (text; "" where blank), the spreadsheet row of each grid row (only
        rows with a value), and whether the sheet has more than was read (`header_only`: row 1 only). `label` is
        how messages name the sheet."""
        reader = _SheetReader(self, label or f"{self.file} sheet '{name}'", header_only)
        parser = _xml_parser()
        parser.StartElementHandler, parser.EndElementHandler = reader.start, reader.end
        parser.CharacterDataHandler = reader.text
        more = False
        try:
            for chunk in self._chunks(self.sheets.get(name, "")):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Stop:
            more = True
        return reader.grid(), reader.row_numbers, more

    def extent(self, name: str) -> tuple[bool, int, int, int]:
        """(regular, last row, last column, cells) of a sheet from the cell references in its XML, found without
        parsing it. Regular: every cell starts with a plain reference (r="B7"), where calamine puts it, so the sheet
        fits within the last row and column (cells without a value counted too, so it is an upper bound).
        Anything unusual (a cell without a reference or with an odd one) makes the sheet irregular."""
        cells = last_row = 0
        letters: set[bytes] = set()
        tail = b""
        for chunk in [*self._chunks(self.sheets.get(name, "")), b"<"]:
            data = tail + chunk
            cut = data.rfind(b"<")
            body, tail = data[:cut], data[cut:]
            found = _CELL_TAG.findall(body)
            cells += len(found)
            rows = {row for _, row in found}
            if b"" in rows or _PREFIXED_CELL_TAG.search(body):
                return False, 0, 0, cells
            letters.update({column for column, _ in found})
            if rows:
                last_row = max(last_row, max(map(int, rows)))
        last_column = max(map(_column_number, map(bytes.decode, letters)), default=0)
        return True, last_row, last_column, cells

    def grid(self, name: str, label: str) -> tuple[pd.DataFrame, list[int] | None]:
        """A whole sheet as a grid of text and the spreadsheet row of each grid row (None: 1, 2, 3, ...): read by
        calamine (as pandas reads it) when its cell references show it fits the limits and fills most of its
        rectangle from A1, else streamed here (see above)."""
        regular, last_row, last_column, cells = self.extent(name)
        limits = self.limits
        dense = last_row * last_column  # what calamine fills, from A1
        if (not regular or last_row > limits.rows + 1 or last_column > limits.columns or dense > limits.cells
                or dense > _SPARSE * cells + 10_000):  # streamed: only cells with a value count, a far one is one
            grid, rows, _ = self.sheet(name, label=label)
            return grid, rows
        self.cells += dense
        if self.cells > limits.cells:
            raise too_many_cells(self.file, limits.cells, "one workbook")
        if not cells:
            return pd.DataFrame(), None
        if self._excel is None:
            self._measure()
        try:
            if self._excel is None:
                self._excel = pd.ExcelFile(io.BytesIO(self.data), engine="calamine")
            return pd.read_excel(self._excel, sheet_name=name, header=None, dtype=str), None
        except Exception:  # calamine raises its own types for a damaged workbook
            raise DatasetError([Problem(self.file, message=_WORKBOOK_DAMAGED)]) from None


class _SheetReader:
    """Expat handlers that collect a sheet's cells with a value, stopping at the limits."""

    def __init__(self, workbook: _Workbook, label: str, header_only: bool) -> None:
        self.workbook, self.label, self.header_only = workbook, label, header_only
        self.limits = workbook.limits
        self.row = self.column = 0  # of the last row / cell seen
        self.cell_row = self.cell_column = 0
        self.kind, self.style = "n", None
        self.capture = False
        self.phonetic = 0
        self.parts: list[str] = []
        self.rows: list[int] = []
        self.columns: list[int] = []
        self.values: list[str] = []
        self.row_numbers: list[int] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name[name.find(":") + 1:]
        if tag == "c":
            reference = attrs.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                self.column = _column_number(letters) if letters else self.column + 1
                digits = reference[len(letters):]
                self.cell_row = int(digits) if digits else self.row
            else:
                self.column += 1
                self.cell_row = self.row
            self.cell_column = self.column
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s")
            self.parts = []
        elif tag == "v":
            self.capture = True
        elif tag == "t":
            self.capture = not self.phonetic
        elif tag == "row":
            number = attrs.get("r")
            self.row = int(number) if number else self.row + 1
            self.column = 0
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        tag = name[name.find(":") + 1:]
        if tag == "c":
            self._cell()
        elif tag == "v" or tag == "t":
            self.capture = False
        elif tag == "rPh":
            self.phonetic -= 1

    def text(self, data: str) -> None:
        if self.capture:
            self.parts.append(data)

    def _cell(self) -> None:
        text = "".join(self.parts)
        kind = self.kind
        if kind == "s":
            value = self.workbook.shared[int(text)] if text else ""
        elif kind == "inlineStr" or kind == "str":
            value = _unescape(text)
        elif kind == "b":
            value = ("True" if text.strip() in ("1", "true") else "False") if text else ""
        elif kind == "e" or not text:
            value = ""
        elif kind == "d":
            try:
                value = str(datetime.datetime.fromisoformat(text))
            except ValueError:
                value = text
        else:
            value = self._number(text)
        if not value:
            return
        row, column, limits = self.cell_row, self.cell_column, self.limits
        if self.header_only and row > 1:
            raise _Stop
        if len(value) > limits.field_chars:
            raise value_too_long(self.label, limits.field_chars, row, column)
        if column > limits.columns and not self.header_only:  # one row is small: a reader decides on it
            raise too_many_columns(self.label, limits.columns)
        if row > limits.rows + 1:
            raise too_many_rows(self.label, limits.rows)
        self.workbook.cells += 1
        if self.workbook.cells > limits.cells:
            raise too_many_cells(self.workbook.file, limits.cells, "one workbook")
        self.rows.append(row)
        self.columns.append(column)
        self.values.append(value)

    def _number(self, text: str) -> str:
        number = float(text)
        kind = self.workbook.formats.get(self.style) if self.style else None
        if kind:
            try:
                return _date_text(number, kind, self.workbook.date1904)
            except (OverflowError, ValueError):
                pass
        return str(int(number)) if number.is_integer() else repr(number)

    def grid(self) -> pd.DataFrame:
        """The cells as a grid: one row per spreadsheet row with a value (numbered in `row_numbers`), columns from A
        to the last with a value."""
        if not self.values:
            self.row_numbers = []
            return pd.DataFrame()
        rows = np.asarray(self.rows, dtype=np.int64)
        numbers, positions = np.unique(rows, return_inverse=True)
        width = max(self.columns)
        if len(numbers) * width > self.limits.cells:
            raise too_many_cells(self.label, self.limits.cells)
        cells = np.full((len(numbers), width), "", dtype=object)
        cells[positions, np.asarray(self.columns, dtype=np.int64) - 1] = np.asarray(self.values, dtype=object)
        self.row_numbers = numbers.tolist()
        return pd.DataFrame(cells)


def _xml_parser() -> pyexpat.XMLParserType:
    """An expat parser that refuses any document type declaration (so no entity can be defined or expanded)."""
    parser = pyexpat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise ValueError("a workbook part declares a document type")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


_WORKBOOK_FAILURES = (pyexpat.ExpatError, ValueError, IndexError, KeyError, TypeError, *FAILURES)


@contextmanager
def open_workbook(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[_Workbook]:
    """A workbook open for reading (`names`; `sheet(name)`); anything wrong inside it is one plain problem (a limit
    says its own)."""
    if len(data) > limits.file_bytes:
        raise too_large(file, limits.file_bytes)
    try:
        book = _Workbook(data, file, limits)
    except (LimitExceeded, DatasetError):
        raise
    except _WORKBOOK_FAILURES:
        raise DatasetError([Problem(file, message=_WORKBOOK_DAMAGED)]) from None
    try:
        yield book
    except (LimitExceeded, DatasetError):
        raise
    except _WORKBOOK_FAILURES:
        raise DatasetError([Problem(file, message=_WORKBOOK_DAMAGED)]) from None
    finally:
        book.close()


def workbook_sheets(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The sheet names of a workbook, without reading its cells."""
    with open_workbook(data, file, limits) as book:
        return list(book.names)


def read_xlsx_bytes(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, RawTable]:
    """Read the sheets of a workbook named like our files (participants, members, ties, vocabulary); no other sheet
    is read."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    with open_workbook(data, file, limits) as book:
        for sheet in book.names:
            name = normalise_term(str(sheet).removesuffix(".csv"))
            if name not in TABLE_NAMES:
                continue
            where = f"{file} sheet '{sheet}'"
            grid, rows = book.grid(sheet, where)
            table = collecting(problems, _table_from_grid, grid, name, where, rows, limits)
            if table is not None:
                tables[name] = table
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


def read_files(files: Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS) -> dict[str, RawTable]:
    """Read uploaded or collected files: CSVs by name, or a single .zip or .xlsx holding them."""
    workbooks = [name for name in files if name.lower().endswith((".xlsx", ".xlsm"))]
    archives = [name for name in files if name.lower().endswith(".zip")]
    if len(workbooks) + len(archives) > 1 or ((workbooks or archives) and len(files) > 1):
        raise DatasetError([Problem("upload", message="give either one .zip, one .xlsx, or the CSV files, not a mix")])
    if workbooks:
        return read_xlsx_bytes(files[workbooks[0]], workbooks[0], limits)
    if archives:
        return read_zip_bytes(files[archives[0]], archives[0], limits)
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
        table = collecting(problems, read_csv_bytes, found[0], name, limits=limits)
        if table is not None:
            tables[name] = table
    if problems:
        raise DatasetError(problems)
    return tables


def read_zip_bytes(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, RawTable]:
    """Read the CSV tables inside a .zip (at its top level or in a folder), in memory."""
    files = unzip(data, file, lambda path: f"the {name} table" if (name := _table_name(path)) else None, limits)
    return read_files(files, limits)


def read_source(source: str | Path | Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS) -> dict[str, RawTable]:
    """Read a dataset from a folder path, a .zip or .xlsx path, or a mapping of file name -> bytes."""
    return read_files(collect(source, limits), limits)
