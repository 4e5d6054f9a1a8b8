"""Read egor-shaped personal networks (R's egor: egos, alters and alter-alter ties as tables) into a `Capture`.

The files are a folder's CSV files (.csv, .txt or .tsv), one .zip of them, or one .xlsx workbook with a table on
each sheet. Each table is known by its columns, never by its file name: the id columns are the user's choice
(`ImportOptions.ego_id`, `alter_id`, `source_id`, `target_id`) or else the first present of egor's and the common
spellings (`.egoID` / `ego_ID` / `egoID`, `.altID` / `alter_ID` / `alterID`, `.srcID` / `from` / `Source`,
`.tgtID` / `to` / `Target`), compared as normalised headers. The ties table has a source and a target, the alters
table an alter id and the ego id, the egos table the ego id and neither. Ties are optional (two-file data).

A workbook beside CSV files (an egor folder often holds its codebook.xlsx) is not read, and said so in a note; a
workbook alone is read sheet by sheet, its first row first: only a sheet whose first row has one of the id columns
is read further, so a sheet that is no table (notes, a codebook, however large) costs one row and is left out with a
note. Every file and sheet is read within `netcore.io.limits`.
Messages name a table by its role ("the alters table row 14"), never a file or sheet name from inside an upload;
only a file that cannot be read at all is named, by the name it was given under, or by its place in the .zip.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from netcore.codes import places
from netcore.io.canonical import RawTable, _table_from_grid, normalise_header, open_workbook, read_csv_bytes
from netcore.io.files import expand, is_hidden
from netcore.io.limits import DEFAULT_LIMITS, LimitExceeded, Limits, collecting
from netcore.io.mapping import (
    EDGE_TYPE,
    EGO,
    FILE,
    NODE,
    NODE_TYPE,
    ROW,
    SOURCE,
    TARGET,
    Capture,
    ImportOptions,
    is_missing_code,
    with_origin,
)
from netcore.problems import DatasetError, Problem
from netcore.validation import KIND_WORDS, ROWS_SHOWN_PER_PROBLEM
from netcore.vocabulary import normalise_term, normalise_terms

EGO_IDS = (".egoID", "ego_ID", "egoID")
ALTER_IDS = (".altID", "alter_ID", "alterID")
SOURCE_IDS = (".srcID", "from", "Source")
TARGET_IDS = (".tgtID", "to", "Target")
TABLE_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ROLES = ("egos", "alters", "ties")
LABELS = {role: f"the {role} table" for role in ROLES}
KIND_COLUMN, TYPE_COLUMN = "kind", "type"  # the alters' kind and the ties' type, when the data has them
DEFAULT_EDGE_TYPE = "tie"


@dataclass(frozen=True)
class _Ids:
    """The id columns found in one table (None where absent)."""

    ego: str | None
    alter: str | None
    source: str | None
    target: str | None

    @property
    def any(self) -> bool:
        return any((self.ego, self.alter, self.source, self.target))

    @property
    def role(self) -> str | None:
        if self.source and self.target:
            return "ties"
        if self.alter and self.ego:
            return "alters"
        if self.ego and not self.alter:
            return "egos"
        return None


def read_egor(files: Mapping[str, bytes], options: ImportOptions | None = None,
              limits: Limits = DEFAULT_LIMITS) -> Capture:
    """The egos, alters and (optional) alter-alter ties among `files` as a Capture of format "egor"."""
    options = options or ImportOptions()
    notes: list[str] = []
    tables = _read_tables(files, notes, options, limits)
    found = _identify(tables, options, notes)
    problems: list[Problem] = []
    egos_table, ego_ids = found["egos"]
    alters_table, alter_ids = found["alters"]
    egos = _egos(egos_table, ego_ids, problems)
    nodes = _nodes(alters_table, alter_ids, options, problems, notes)
    if "ties" in found:
        ties_table, tie_ids = found["ties"]
        owners = alters_table.frame[[str(alter_ids.ego), str(alter_ids.alter)]].set_axis([EGO, NODE], axis=1)
        edges = _edges(ties_table, tie_ids, owners, set(egos[EGO]), problems, notes)
    else:
        notes.append("there is no ties table (two-file data): the maps have no ties between alters")
        edges = pd.DataFrame({column: pd.Series(dtype=object)
                              for column in (EGO, SOURCE, TARGET, EDGE_TYPE, FILE, ROW)})
    if problems:
        raise DatasetError(problems)
    typed = "ties" in found and TYPE_COLUMN in found["ties"][0].frame.columns  # tie types written in the data
    return Capture("egor", egos, nodes, edges, notes, types_named=not typed)


# ------------------------------------------------------------------------------------------------------- files


def _suffix(path: str) -> str:
    return PurePosixPath(path.replace("\\", "/")).suffix.lower()


def _read_tables(files: Mapping[str, bytes], notes: list[str], options: ImportOptions,
                 limits: Limits = DEFAULT_LIMITS) -> list[RawTable]:
    """Every table among the files: the CSV files (from a .zip too), else the sheets of one workbook."""
    zipped = len(files) == 1 and all(name.lower().endswith(".zip") for name in files)
    files = expand(files, lambda path: "a table file" if _suffix(path) in TABLE_SUFFIXES else None, limits)
    files = {name: data for name, data in files.items() if not is_hidden(name)}
    texts = [name for name in files if _suffix(name) in TABLE_SUFFIXES]
    workbooks = [name for name in files if _suffix(name) in WORKBOOK_SUFFIXES]
    others = len(files) - len(texts) - len(workbooks)
    if texts:
        if workbooks:
            notes.append(f"{len(workbooks)} workbook(s) beside the CSV files were not read (only the CSV files were)")
        if others:
            notes.append(f"{others} file(s) that are not CSV files were not read")
        tables: list[RawTable] = []
        problems: list[Problem] = []
        for number, name in enumerate(texts, start=1):
            label = f"table file {number} in the .zip" if zipped else PurePosixPath(name.replace("\\", "/")).name
            table = collecting(problems, read_csv_bytes, files[name], "egor", label, limits)
            if table is not None:
                tables.append(table)
        if problems:
            raise DatasetError(problems)
        return tables
    if len(workbooks) == 1:
        name = PurePosixPath(workbooks[0].replace("\\", "/")).name
        return _read_workbook(files[workbooks[0]], name, notes, options, limits)
    message = ("holds more than one workbook: give one .xlsx, or the CSV files" if workbooks else
               "holds no tables: give the egor CSV files (egos, alters, ties), one .zip of them or one .xlsx workbook")
    raise DatasetError([Problem("upload", message=message)])


def _read_workbook(data: bytes, file: str, notes: list[str], options: ImportOptions,
                   limits: Limits = DEFAULT_LIMITS) -> list[RawTable]:
    """Each sheet with a header row as a table; sheets that are no table are left out, counted in a note. A sheet
    whose first row has none of the id columns is not read past it (it becomes a table with no columns, which
    `_identify` counts among those with none of the id columns)."""
    tables: list[RawTable] = []
    unreadable = 0
    with open_workbook(data, file, limits) as book:
        for number, sheet in enumerate(book.names, start=1):
            label = f"{file} sheet {number}"
            grid, rows, more = book.sheet(sheet, header_only=True, label=label)
            if grid.empty and not more:
                continue  # an empty sheet ("Sheet2")
            if rows == [1] and not _ids(pd.Index([normalise_header(h) for h in grid.iloc[0]]), options).any:
                tables.append(RawTable("egor", label, pd.DataFrame(), pd.Series(dtype="int64")))  # not a table
                continue
            if more and rows == [1]:
                grid, rows = book.grid(sheet, label)
            try:
                tables.append(_table_from_grid(grid, "egor", label, rows, limits))
            except LimitExceeded:
                raise
            except DatasetError:
                unreadable += 1
    if unreadable:
        notes.append(f"{unreadable} sheet(s) of the workbook could not be read as a table and were left out")
    return tables


# ----------------------------------------------------------------------------------------------------- tables


def _column(columns: pd.Index, chosen: str | None, defaults: tuple[str, ...]) -> str | None:
    """The user's column if given, else the first default spelling present (as normalised headers)."""
    wanted = [normalise_header(chosen)] if chosen else [normalise_header(name) for name in defaults]
    return next((name for name in wanted if name in columns), None)


def _ids(columns: pd.Index, options: ImportOptions) -> _Ids:
    """The id columns among `columns` (normalised headers)."""
    return _Ids(_column(columns, options.ego_id, EGO_IDS), _column(columns, options.alter_id, ALTER_IDS),
                _column(columns, options.source_id, SOURCE_IDS), _column(columns, options.target_id, TARGET_IDS))


def _spellings(chosen: str | None, defaults: tuple[str, ...]) -> str:
    return f"'{chosen}'" if chosen else " or ".join(defaults)


def _identify(tables: list[RawTable], options: ImportOptions, notes: list[str]
              ) -> dict[str, tuple[RawTable, _Ids]]:
    """Which table is the egos, the alters and the ties, by their id columns; DatasetError when one is missing."""
    found: dict[str, list[tuple[RawTable, _Ids]]] = {role: [] for role in ROLES}
    unknown = 0
    for table in tables:
        ids = _ids(table.frame.columns, options)
        if ids.role is None:
            unknown += 1
        else:
            found[ids.role].append((table, ids))
    if unknown:
        notes.append(f"{unknown} table(s) have none of the id columns of egos, alters or ties and were not read")
    problems = [Problem(LABELS[role], message=f"more than one table holds the {role} (they have the same id "
                                              "columns): give only one")
                for role in ROLES if len(found[role]) > 1]
    ego_spelling = _spellings(options.ego_id, EGO_IDS)
    if not any(ids.ego for candidates in found.values() for _, ids in candidates):
        problems.append(Problem(LABELS["egos"], message=f"was not found: no table has an ego id column "
                                                        f"({ego_spelling}; choose another with --ego-id)"))
    else:
        if not found["egos"]:
            problems.append(Problem(LABELS["egos"], message=f"was not found: no table has the ego id column "
                                                            f"({ego_spelling}) without an alter id"))
        if not found["alters"]:
            problems.append(Problem(LABELS["alters"], message="was not found: no table has both an alter id column "
                                                              f"({_spellings(options.alter_id, ALTER_IDS)}; choose "
                                                              f"another with --alter-id) and the ego id"))
    if problems:
        raise DatasetError(problems)
    return {role: candidates[0] for role, candidates in found.items() if candidates}


def _flag(label: str, rows: pd.Series, mask: pd.Series, column: str, message: str | pd.Series) -> list[Problem]:
    """Problems for the rows where `mask` is true: the first few one by one, the rest counted; never a value."""
    hits = mask.index[np.asarray(mask.fillna(False), dtype=bool)]
    if not len(hits):
        return []

    def text(i) -> str:  # one row's message (no Series of a message per row)
        return message if isinstance(message, str) else str(message[i])

    problems = [Problem(label, int(rows[i]), column, text(i)) for i in hits[:ROWS_SHOWN_PER_PROBLEM]]
    if len(hits) > ROWS_SHOWN_PER_PROBLEM:
        first = hits[0]
        problems.append(Problem(label, None, column, f"{len(hits) - ROWS_SHOWN_PER_PROBLEM} more rows with the same "
                                                     f"problem as row {int(rows[first])} ({text(first)})"))
    return problems


def _repeats(label: str, rows: pd.Series, frame: pd.DataFrame, columns: list[str], message: str) -> list[Problem]:
    """Rows that repeat an earlier row's ids, each naming the row it repeats (so no value is quoted)."""
    repeated = frame[columns[-1]].ne("") & frame.duplicated(columns)
    if not repeated.any():
        return []
    first = rows.groupby([frame[column] for column in columns]).transform("first")
    return _flag(label, rows, repeated, columns[-1], message + " (first in row " + first.astype(str) + ")")


def _egos(table: RawTable, ids: _Ids, problems: list[Problem]) -> pd.DataFrame:
    """EGO and the other columns as ego variables; an ego without an id or with a repeated id is a problem."""
    label, frame, ego = LABELS["egos"], table.frame, str(ids.ego)
    problems += _flag(label, table.rows, is_missing_code(frame[ego]), ego, "the ego id is empty")
    problems += _repeats(label, table.rows, frame, [ego], "the ego id is repeated")
    egos = pd.concat([pd.DataFrame({EGO: frame[ego]}), frame.drop(columns=[ego])], axis=1)
    return with_origin(egos, table, label)


def _nodes(table: RawTable, ids: _Ids, options: ImportOptions, problems: list[Problem], notes: list[str]
           ) -> pd.DataFrame:
    """EGO, NODE, NODE_TYPE (the `kind` column, else options.kind) and the other columns as alter variables."""
    label, frame = LABELS["alters"], table.frame
    ego, alter = str(ids.ego), str(ids.alter)
    problems += _flag(label, table.rows, is_missing_code(frame[alter]), alter, "the alter id is empty")
    problems += _repeats(label, table.rows, frame, [ego, alter], "the alter id is repeated within one ego")
    kinds = pd.Series(options.kind, index=frame.index, dtype=object)
    used = [ego, alter]
    if KIND_COLUMN in frame.columns and KIND_COLUMN not in used:
        written = frame[KIND_COLUMN]
        known = {normalise_term(name) for name in options.kinds} | set(KIND_WORDS)
        given = ~is_missing_code(written)
        unknown = given & ~normalise_terms(written).isin(known)
        if unknown.any():  # their words are never repeated in a note: a value in the wrong column can be a name
            notes.append(f"{int(unknown.sum()):,} alter(s) have a '{KIND_COLUMN}' that is not person, place or "
                         "activity (nor given with --kinds) and were left out")
        kinds = written.where(given, options.kind).where(~unknown, None)
        used.append(KIND_COLUMN)
    keep = kinds.notna()
    nodes = pd.concat([pd.DataFrame({EGO: frame[ego], NODE: frame[alter], NODE_TYPE: kinds}),
                       frame.drop(columns=used)], axis=1)
    return with_origin(nodes, table, label)[keep.to_numpy()].reset_index(drop=True)


def _edges(table: RawTable, ids: _Ids, owners: pd.DataFrame, egos: set[str], problems: list[Problem],
           notes: list[str]) -> pd.DataFrame:
    """EGO (the ties' ego id, else the ego of their alters), SOURCE, TARGET, EDGE_TYPE and the tie variables.

    `owners` holds every alter's EGO and NODE (alters left out for their kind too). A tie with no ego id takes its
    alters' ego when alter ids are unique across egos; a tie whose ego is not in the egos table, or cannot be found,
    is a problem.
    """
    label, frame = LABELS["ties"], table.frame
    source, target = frame[str(ids.source)], frame[str(ids.target)]
    unique = not owners[NODE].duplicated().any()
    ego_column = ids.ego
    if ego_column:
        given = frame[ego_column]
        known = pd.Series(places(given, list(egos)) >= 0, index=frame.index)
        blank = ~known & is_missing_code(given) if not known.all() else ~known  # an ego's id is never a missing code
        problems += _flag(label, table.rows, ~blank & ~known, ego_column, "the ego id is not in the egos table")
    elif unique:
        blank = pd.Series(True, index=frame.index)
        notes.append("the ties table has no ego id: each tie belongs to its alters' ego (alter ids are unique)")
    else:
        problems.append(Problem(label, message="has no ego id column and alter ids repeat across egos, so no tie's "
                                               f"ego can be found: add the ego id ({' or '.join(EGO_IDS)})"))
        blank = pd.Series(False, index=frame.index)
    if blank.any():  # the ego of the source alter, else of the target alter, else "" (alter ids are unique)
        inferred = _alters_ego(source, target, owners) if unique else pd.Series("", index=frame.index, dtype=object)
        ego = inferred if not ego_column else given.where(~blank, inferred)
        found = blank & inferred.ne("")
        if ego_column and found.any():
            notes.append(f"{int(found.sum()):,} tie(s) with no ego id took their alters' ego")
        why = "neither of its alters is in the alters table" if unique else "alter ids repeat across egos"
        problems += _flag(label, table.rows, blank & ~found, ego_column or str(ids.source),
                          f"the tie's ego cannot be found: it has no ego id and {why}")
    else:
        ego = given if ego_column else pd.Series("", index=frame.index, dtype=object)
    used = [column for column in (ego_column, ids.source, ids.target) if column]
    types = pd.Series(DEFAULT_EDGE_TYPE, index=frame.index, dtype="str")
    if TYPE_COLUMN in frame.columns and TYPE_COLUMN not in used:
        types = frame[TYPE_COLUMN].where(~is_missing_code(frame[TYPE_COLUMN]), DEFAULT_EDGE_TYPE)
        used.append(TYPE_COLUMN)
    edges = pd.concat([pd.DataFrame({EGO: ego, SOURCE: source, TARGET: target, EDGE_TYPE: types}),
                       frame.drop(columns=used)], axis=1)
    return with_origin(edges, table, label)


def _alters_ego(source: pd.Series, target: pd.Series, owners: pd.DataFrame) -> pd.Series:
    """Each tie's ego as its alters' (`owners` EGO and NODE, alter ids unique): the source alter's, else the target
    alter's, else ""."""
    alters = pd.Index(owners[NODE].to_numpy(dtype=object))
    ego_of = np.append(owners[EGO].fillna("").to_numpy(dtype=object), "")  # position -1 (not found): ""
    of_source = ego_of[alters.get_indexer(source.to_numpy(dtype=object))]
    of_target = ego_of[alters.get_indexer(target.to_numpy(dtype=object))]
    return pd.Series(np.where(of_source != "", of_source, of_target), index=source.index, dtype=object)
