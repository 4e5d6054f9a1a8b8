"""Check raw tables and build a `Dataset`, or raise `DatasetError` listing every problem found.

`load_dataset` is the one entry point: read (netcore.io.canonical) then validate (here).
Every check is a vectorised mask over a whole column; messages name file, spreadsheet row and column, never the
value (a value in the wrong column can be a name).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from netcore.codes import pairs_among, places, repeated_pairs, text_where
from netcore.identifiers import find_identifiers
from netcore.io.canonical import RawTable, read_source, text_cells
from netcore.io.limits import DEFAULT_LIMITS, Limits
from netcore.measures import MEASURES
from netcore.model import (
    CONTACT_LEVELS,
    ID_COLUMN,
    KINDS,
    KNOWN_COVARIATES,
    MAX_CIRCLES,
    REQUIRED_COLUMNS,
    RESERVED_NAMES,
    WELLBEING_LEVELS,
    YES_NO_COVARIATES,
    Dataset,
)
from netcore.problems import DatasetError, Problem
from netcore.vocabulary import DEFAULT_VOCABULARY, Vocabulary, by_distinct, normalise_terms

ROWS_SHOWN_PER_PROBLEM = 20
# More distinct values than this, all numbers, make an unknown covariate numeric; fewer means coded categories.
NUMERIC_MIN_DISTINCT = 6

MISSING_WORDS = frozenset({"", "na", "n_a", "nan", "null", "missing", "unknown", "not_known", "prefer_not_to_say"})
YES_NO_WORDS = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes", "no": "no", "n": "no", "false": "no", "0": "no"}
KIND_WORDS = {"person": "person", "people": "person", "persons": "person", "place": "place", "places": "place",
              "activity": "activity", "activities": "activity"}
CONTACT_WORDS = {**{level: level for level in CONTACT_LEVELS}, "every_day": "daily", "every_week": "weekly",
                 "every_month": "monthly", "less_than_monthly": "less_often", "rarely": "less_often",
                 "yearly": "less_often"}
WELLBEING_WORDS = {**{level: level for level in WELLBEING_LEVELS}, "good": "positive", "helpful": "positive",
                   "ok": "neutral", "bad": "negative", "unhelpful": "negative"}


def load_dataset(source: str | Path | Mapping[str, bytes], vocabulary: Vocabulary | None = None,
                 limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Read (within `limits`) and validate a dataset from a folder, .zip, .xlsx or uploaded files; raises
    DatasetError."""
    return validate(read_source(source, limits), vocabulary or DEFAULT_VOCABULARY)


def validate(tables: dict[str, RawTable], vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Dataset:
    """Build a Dataset from raw tables, collecting every problem before raising."""
    problems = [
        Problem(f"{name}.csv", message="is missing: a dataset needs participants.csv and members.csv")
        for name in ("participants", "members") if name not in tables
    ]
    usable: dict[str, RawTable] = {}
    for name, table in tables.items():
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in table.frame.columns]
        problems += [Problem(table.file, column=c, message=f"has no '{c}' column, which is required")
                     for c in missing]
        problems += find_identifiers(table.file, table.frame, table.rows, ROWS_SHOWN_PER_PROBLEM)
        if not missing:
            usable[name] = table
    if "vocabulary" in usable:
        found = _check_required_values(usable["vocabulary"])
        problems += found
        if not found:
            vocabulary = vocabulary.extended(usable["vocabulary"].frame)
    participants = members = ties = None
    notes: list[str] = []
    covariate_types: dict[str, str] = {}
    if "participants" in usable:
        participants, covariate_types, found, participant_notes = _participants(usable["participants"])
        problems += found
        notes += participant_notes
    if "members" in usable:
        members, found, member_notes = _members(usable["members"], participants, vocabulary)
        problems += found
        notes += member_notes
    if "ties" in usable and members is not None:
        ties, found, tie_notes = _ties(usable["ties"], participants, members)
        problems += found
        notes += tie_notes
    if problems or participants is None or members is None:
        raise DatasetError(problems)
    if ties is None:
        ties = pd.DataFrame({c: pd.Series(dtype="string") for c in REQUIRED_COLUMNS["ties"]})
    return Dataset(participants, members, ties, vocabulary, tuple(notes), covariate_types)


def _flag(table: RawTable, mask: pd.Series, column: str, message: str | pd.Series) -> list[Problem]:
    """Problems for the rows where `mask` is true: the first few named one by one, the rest counted.

    `message` is one text for every row, or a text per row (a Series on the table's index); never a value.
    """
    hits = mask[mask].index
    if hits.empty:
        return []
    texts = pd.Series(message, index=table.frame.index) if isinstance(message, str) else message
    problems = [Problem(table.file, row=int(table.rows[i]), column=column, message=texts[i])
                for i in hits[:ROWS_SHOWN_PER_PROBLEM]]
    if len(hits) > ROWS_SHOWN_PER_PROBLEM:
        first = hits[0]
        problems.append(Problem(table.file, column=column,
                                message=f"{len(hits) - ROWS_SHOWN_PER_PROBLEM} more rows with the same problem as "
                                        f"row {int(table.rows[first])} ({texts[first]})"))
    return problems


def _flag_repeats(table: RawTable, columns: list[str], message: str) -> list[Problem]:
    """Rows repeating an earlier row's values in `columns` (the last one filled in), each naming the row it repeats,
    so both can be found without the message quoting the values."""
    frame = table.frame
    repeated = frame[columns[-1]].ne("") & frame.duplicated(columns)
    if not repeated.any():
        return []
    first = table.rows.groupby([frame[column] for column in columns]).transform("first")
    return _flag(table, repeated, columns[-1], message + " (first in row " + first.astype(str) + ")")


def _check_required_values(table: RawTable) -> list[Problem]:
    """A required column with an empty cell."""
    problems: list[Problem] = []
    for column in REQUIRED_COLUMNS[table.name]:
        problems += _flag(table, table.frame[column].eq(""), column, f"{column} is empty")
    return problems


def _unknown_participants(table: RawTable, listed: pd.Series | None) -> list[Problem]:
    """Member or tie rows whose participant_id is not in participants.csv; `listed` says which rows' ids are (None:
    that file failed, so unchecked)."""
    if listed is None:
        return []
    return _flag(table, table.frame["participant_id"].ne("") & ~listed, "participant_id",
                 "participant_id is not in participants.csv")


def _parse_choice(table: RawTable, column: str, words: Mapping[str, str], allowed: str
                  ) -> tuple[pd.Series, list[Problem]]:
    """Map an optional column onto its allowed values; missing words become <NA>, anything else a problem."""
    def parse(distinct: pd.Series) -> pd.DataFrame:
        terms = normalise_terms(distinct)
        return pd.DataFrame({"value": terms.map(words).astype("string"), "missing": terms.isin(MISSING_WORDS)})

    parsed = by_distinct(table.frame[column], parse)
    bad = parsed["value"].isna() & ~parsed["missing"]
    return parsed["value"], _flag(table, bad, column, f"{column} is not {allowed}")


def _participants(table: RawTable) -> tuple[pd.DataFrame, dict[str, str], list[Problem], list[str]]:
    """Participants with typed covariates: yes/no columns normalised, numeric columns detected, and covariates named
    like a measure or a name the dashboard uses itself renamed to a free "<name>_covariate" (with a note)."""
    frame = table.frame
    problems = _check_required_values(table)
    if frame.empty:
        problems.append(Problem(table.file, message="has no participants: it needs one row per participant"))
    ids = frame["participant_id"]
    problems += _flag_repeats(table, ["participant_id"], "participant_id appears more than once")
    columns: dict[str, pd.Series] = {"participant_id": ids.astype("string")}
    types: dict[str, str] = {}
    covariates = [column for column in frame.columns if column != "participant_id"]
    for column in covariates:
        if column in YES_NO_COVARIATES:
            columns[column], found = _parse_choice(table, column, YES_NO_WORDS, "yes or no")
            problems += found
            types[column] = "categorical"
    others = [column for column in covariates if column not in YES_NO_COVARIATES]
    if others:  # every other covariate at once: one pass over all their cells, whatever the number of columns
        present, numbers = _present_numbers(frame[others])
        given = present.sum(axis=0)
        numeric = ((~np.isnan(numbers) | ~present).all(axis=0) & (given > 0)
                   & (_distinct(numbers) >= NUMERIC_MIN_DISTINCT))
        for position, column in enumerate(others):
            if numeric[position] and column not in KNOWN_COVARIATES:
                columns[column] = pd.Series(numbers[:, position], index=frame.index, dtype=float)
                types[column] = "numeric"
            else:
                columns[column] = frame[column].where(present[:, position]).astype("string")
                types[column] = "categorical"
    participants = pd.DataFrame({column: columns[column] for column in ["participant_id", *covariates]},
                                index=frame.index)
    types = {column: types[column] for column in covariates}
    clashes = _free_names(list(participants.columns))
    notes = [f"participants.csv: covariate '{old}' is called '{new}' here, since '{old}' is "
             + ("also a measure" if old in MEASURES else "a name the dashboard uses itself")
             for old, new in clashes.items()]
    types = {clashes.get(column, column): kind for column, kind in types.items()}
    return participants.rename(columns=clashes), types, problems, notes


def _present_numbers(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For a block of text columns: which cells are given (not a missing word) and each given cell as a number (NaN
    where not one), computed over all cells at once, once per distinct value."""
    def present_numbers(distinct: pd.Series) -> pd.DataFrame:
        present = ~normalise_terms(distinct).isin(MISSING_WORDS)
        numbers = pd.to_numeric(distinct.where(present), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return pd.DataFrame({"present": present, "number": numbers})

    rows, count = frame.shape
    cells = by_distinct(text_cells(frame), present_numbers)
    present, numbers = cells["present"].to_numpy(), cells["number"].to_numpy()
    return present.reshape(count, rows).T, numbers.reshape(count, rows).T


def _distinct(numbers: np.ndarray) -> np.ndarray:
    """The number of distinct numbers in each column (NaN not counted)."""
    ordered = np.sort(numbers, axis=0)  # NaN last
    new = ~np.isnan(ordered)
    new[1:] &= ordered[1:] != ordered[:-1]
    return new.sum(axis=0)


def _free_names(columns: list[str]) -> dict[str, str]:
    """A new name for each covariate named like a measure or like a name the dashboard uses itself (RESERVED_NAMES):
    "<name>_covariate", or with _2, _3, ... when that is taken too, never another column's name, a reserved name,
    or another renamed column's new name. (The id column itself is not a covariate and keeps its name.)"""
    reserved = {*MEASURES, *RESERVED_NAMES} - {ID_COLUMN}
    taken = {*columns, *reserved}
    renames: dict[str, str] = {}
    for column in columns:
        if column not in reserved:
            continue
        new, number = f"{column}_covariate", 2
        while new in taken:
            new, number = f"{column}_covariate_{number}", number + 1
        taken.add(new)
        renames[column] = new
    return renames


def _members(table: RawTable, participants: pd.DataFrame | None, vocabulary: Vocabulary
             ) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Members with canonical kind, category, group, integer circle and formal flag."""
    frame = table.frame
    problems = _check_required_values(table)
    notes: list[str] = []
    ids = frame["participant_id"]
    problems += _unknown_participants(
        table, None if participants is None else pd.Series(places(ids, participants["participant_id"]) >= 0,
                                                           index=ids.index))
    problems += _flag_repeats(table, ["participant_id", "member_id"],
                              "member_id appears more than once on this participant's map")
    kind = by_distinct(frame["kind"], lambda distinct: normalise_terms(distinct).map(KIND_WORDS))
    problems += _flag(table, frame["kind"].ne("") & kind.isna(), "kind", f"kind is not one of {', '.join(KINDS)}")
    circle = by_distinct(frame["circle"], lambda distinct: pd.to_numeric(distinct, errors="coerce"))
    whole = circle.notna() & (circle % 1 == 0) & circle.between(1, MAX_CIRCLES)
    problems += _flag(table, frame["circle"].ne("") & ~whole, "circle", f"circle is not a whole number 1-{MAX_CIRCLES}")
    optional: dict[str, pd.Series] = {}
    for column, words, allowed in (
        ("formal", YES_NO_WORDS, "yes or no"),
        ("contact", CONTACT_WORDS, "one of " + ", ".join(CONTACT_LEVELS)),
        ("wellbeing", WELLBEING_WORDS, "one of " + ", ".join(WELLBEING_LEVELS)),
    ):
        if column in frame.columns:
            optional[column], found = _parse_choice(table, column, words, allowed)
            problems += found
        else:
            optional[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
    category = vocabulary.canonical(frame["category"])
    stated_formal = optional["formal"].eq("yes").where(optional["formal"].notna())
    if "formal" not in frame.columns:
        notes.append("members.csv has no 'formal' column: formal connections come from the category vocabulary")
    label = frame["label"].where(frame["label"].ne("")) if "label" in frame.columns else pd.NA
    members = pd.DataFrame({
        "participant_id": ids.astype("string"),
        "member_id": frame["member_id"].astype("string"),
        "kind": kind.astype("string"),
        "category": category,
        "group": vocabulary.group_of(category),
        "circle": circle.where(whole, 0).astype(int),
        "formal": stated_formal.fillna(vocabulary.formal_of(category)).astype(bool),
        "contact": optional["contact"],
        "wellbeing": optional["wellbeing"],
        "label": pd.Series(label, index=frame.index, dtype="string"),
    })
    distinct = pd.Series(category.unique())
    unknown = distinct[~distinct.isin(list(vocabulary.categories))].dropna().nunique()
    if unknown:  # counted, never named: a category may be a name someone typed, held by one person
        are = "category is" if unknown == 1 else "categories are"
        notes.append(f"{unknown:,} {are} not in the vocabulary and count as group 'other'")
    if frame.empty:
        notes.append("members.csv has no rows: every map is empty")
    return members, problems, notes


def _ties(table: RawTable, participants: pd.DataFrame | None, members: pd.DataFrame
          ) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Distinct undirected ties between two different members of the same map.

    Checked on integer codes: each participant id by its place among the participants' ids (the members' when
    participants.csv failed), each member id by its place among the members' ids, so each check and the repeats are
    integer keys. A code of -1 (not there) always comes with a problem, so no result is made from it."""
    frame = table.frame
    problems = _check_required_values(table)
    ids = frame["participant_id"]
    a, b = frame["member_a"], frame["member_b"]
    listed_ids = pd.unique((participants if participants is not None else members)["participant_id"])
    tie_id, member_id_of = places(ids, listed_ids), places(members["participant_id"], listed_ids)
    member_code, member_ids = pd.factorize(members["member_id"])
    code_a, code_b = places(a, member_ids), places(b, member_ids)
    # A row whose participant is unknown is reported once, here, not again for each of its members.
    listed = None if participants is None else pd.Series(tie_id >= 0, index=ids.index)
    problems += _unknown_participants(table, listed)
    known_participant = ids.ne("") if listed is None else ids.ne("") & listed
    width = len(member_ids) + 1
    for end, codes in (("member_a", code_a), ("member_b", code_b)):
        known = pd.Series(pairs_among(tie_id, codes, member_id_of, member_code, width), index=ids.index)
        problems += _flag(table, frame[end].ne("") & known_participant & ~known, end,
                          f"{end} is not on this participant's map in members.csv")
    loops = a.eq(b).to_numpy(dtype=bool)
    in_order = (a < b).to_numpy(dtype=bool)
    # A loop's pair (a code with itself) is never another tie's, so repeats are found among all rows at once.
    repeated = repeated_pairs(tie_id, code_a, code_b, width)
    keep = ~loops & ~repeated
    ties = pd.DataFrame({"participant_id": ids, "member_a": text_where(in_order, a, b),
                         "member_b": text_where(in_order, b, a)})
    notes = []
    if loops.any():
        notes.append(f"ties.csv: ignored {int(loops.sum())} link(s) from a member to itself")
    if (repeated & ~loops).any():
        notes.append(f"ties.csv: counted {int((repeated & ~loops).sum())} repeated link(s) once")
    distinct = ties if keep.all() else ties[keep]
    return distinct.reset_index(drop=True).astype("string"), problems, notes
