"""One participant filter shared by every page: network types, levels of categorical columns, numeric ranges.

A `Filter` is normalised when made (types, columns and levels sorted, duplicates dropped, a column with no chosen
levels left out), so two filters that select the same way are equal and give the same URL. Missing values never
pass a condition on their column: a participant with no recorded housing status is left out when housing status is
filtered, and a map with an undefined share is left out when that share has a range. Participant ids, and columns
that look like ids, can never be filtered on, so they never reach a URL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from netcore.disclosure import SUPPRESSED, count_text, leaves_out_few
from netcore.labels import plain_words
from netcore.measures import MEASURES
from netcore.model import ID_COLUMN, RESERVED_NAMES, TYPE_COLUMN, TYPE_KEY
from netcore.model import PAGE_KEY as PAGE_KEY  # the URL key of the screen to open, for ui.links

RANGE_SEPARATOR = "~"
# A covariate is id-like when at least this share of its recorded values are different from each other.
ID_LIKE_SHARE = 0.9


@dataclass(frozen=True)
class Filter:
    """Which participants to keep; every condition must hold. Empty `types` keeps every type."""

    types: tuple[str, ...] = ()  # network type names to keep
    levels: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column, allowed levels) for categorical columns
    ranges: tuple[tuple[str, float, float], ...] = ()  # (column, low, high), inclusive, for numeric columns

    def __post_init__(self) -> None:
        levels = tuple(sorted((column, tuple(sorted(set(allowed)))) for column, allowed in self.levels if allowed))
        ranges = tuple(sorted((column, float(low), float(high)) for column, low, high in self.ranges))
        columns = [column for column, _ in levels] + [column for column, _, _ in ranges]
        if len(set(columns)) < len(columns):
            raise ValueError("each column can have only one condition")
        if set(columns) & set(RESERVED_NAMES):  # the types are filtered through `types`
            raise ValueError(f"{', '.join(RESERVED_NAMES)} cannot be filtered as columns")
        if any(not (math.isfinite(low) and math.isfinite(high) and low <= high) for _, low, high in ranges):
            raise ValueError("a range needs two finite numbers, low <= high")
        object.__setattr__(self, "types", tuple(sorted(set(self.types))))
        object.__setattr__(self, "levels", levels)
        object.__setattr__(self, "ranges", ranges)

    def is_empty(self) -> bool:
        """True when the filter keeps everyone."""
        return not (self.types or self.levels or self.ranges)

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """True for each participant (row of an `analysis_frame`) that passes every condition."""
        keep = pd.Series(True, index=frame.index)
        if self.types:
            keep &= frame[TYPE_COLUMN].astype("string").isin(self.types).to_numpy(dtype=bool, na_value=False)
        for column, allowed in self.levels:
            keep &= frame[column].astype("string").isin(allowed).to_numpy(dtype=bool, na_value=False)
        for column, low, high in self.ranges:
            keep &= frame[column].between(low, high).to_numpy(dtype=bool, na_value=False)
        return keep

    def describe(self, frame: pd.DataFrame, suppress: bool = True) -> str:
        """"Showing 38 of 150 participants: lives alone = yes; size 3 to 10" in plain words. When suppressing, a
        count of 1-4 reads "<5", and so does one of 1-4 left out ("Showing all but <5 participants", with no total,
        which beside the group's own size would give the few away)."""
        total = count_text(len(frame), suppress)
        if self.is_empty():
            return f"Showing all {total} participants."
        conditions = [f"network type = {' or '.join(self.types)}"] if self.types else []
        conditions += [f"{plain_words(column)} = {' or '.join(allowed)}" for column, allowed in self.levels]
        conditions += [f"{plain_words(column)} {low:g} to {high:g}" for column, low, high in self.ranges]
        kept = int(self.mask(frame).sum())
        # 148 of 150 would give away the 2 left out, so a small number left out is hidden too.
        if leaves_out_few(len(frame), kept, suppress):  # and no total: with the group's own size it gives them away
            return f"Showing all but {SUPPRESSED} participants: {'; '.join(conditions)}"
        return f"Showing {count_text(kept, suppress)} of {total} participants: {'; '.join(conditions)}"

    def to_query(self) -> dict[str, list[str]]:
        """URL query parameters: {"type": [...], column: [levels], column: ["low~high"]}; never participant ids."""
        query = {TYPE_KEY: list(self.types)} if self.types else {}
        query |= {column: list(allowed) for column, allowed in self.levels}
        query |= {column: [f"{_number(low)}{RANGE_SEPARATOR}{_number(high)}"] for column, low, high in self.ranges}
        return query

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], frame: pd.DataFrame) -> Filter:
        """The filter a URL query describes, keeping only what `frame` can be filtered on: known types, levels of
        `filterable_columns`, and well-formed ranges ("low~high", low <= high) of its numeric columns. Anything
        else (participant_id, id-like or unknown columns, unknown levels, malformed ranges) is ignored."""
        categorical, numeric = filterable_columns(frame)
        types: list[str] = []
        levels: list[tuple[str, tuple[str, ...]]] = []
        ranges: list[tuple[str, float, float]] = []
        for key, values in query.items():
            values = [values] if isinstance(values, str) else list(values)
            if key == TYPE_KEY and TYPE_COLUMN in frame:
                known = set(frame[TYPE_COLUMN].dropna().astype(str))
                types = [value for value in values if value in known]
            elif key in categorical:
                known = set(frame[key].dropna().astype(str))
                levels.append((key, tuple(value for value in values if value in known)))
            elif key in numeric and len(values) == 1:
                bounds = _parse_range(values[0])
                if bounds:
                    ranges.append((key, *bounds))
        return cls(tuple(types), tuple(levels), tuple(ranges))


def analysis_frame(participants: pd.DataFrame, measures: pd.DataFrame, types: pd.DataFrame | None) -> pd.DataFrame:
    """One row per participant (in participants order): participant_id, covariates, measures, and network_type
    when a types table (participant_id, network_type, ...) is given; participants without a type get a missing one.
    Raises ValueError when a covariate has the name of a measure or of network_type."""
    added = [column for column in measures.columns if column != ID_COLUMN]
    if types is not None:
        added.append(TYPE_COLUMN)
    clashes = sorted(set(added) & set(participants.columns))
    if clashes:
        raise ValueError(f"covariate name(s) already used by the analysis: {', '.join(clashes)}")
    frame = participants.merge(measures, on=ID_COLUMN, how="left", validate="one_to_one")
    if types is not None:
        frame = frame.merge(types[[ID_COLUMN, TYPE_COLUMN]], on=ID_COLUMN, how="left", validate="one_to_one")
    return frame


def filterable_columns(frame: pd.DataFrame, max_levels: int = 30) -> tuple[list[str], list[str]]:
    """(categorical columns with 2 to `max_levels` levels, numeric columns with at least 2 values), in frame order.

    Left out: the names the dashboard uses itself (netcore.model.RESERVED_NAMES: participant_id, network_type,
    filtered through Filter.types, and the URL's own keys "type" and "page"), and id-like covariates, whose
    recorded values are nearly all different (ID_LIKE_SHARE): such a column could single people out. Measures are
    computed from the maps, so they are never id-like.
    """
    categorical: list[str] = []
    numeric: list[str] = []
    for column in frame.columns:
        values = frame[column].dropna()
        distinct = values.nunique()
        id_like = column not in MEASURES and distinct >= ID_LIKE_SHARE * len(values)
        if column in RESERVED_NAMES or id_like or distinct < 2:
            continue
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            numeric.append(column)
        elif distinct <= max_levels:
            categorical.append(column)
    return categorical, numeric


def slider_bounds(values: pd.Series) -> tuple[int, int] | tuple[float, float]:
    """(least, most) of a numeric column's recorded values, as whole numbers when every value is one (counts such
    as connections or people), so ranges, sliders and sentences never show fractions of a person."""
    recorded = values.dropna().astype(float)
    least, most = float(recorded.min()), float(recorded.max())
    if (recorded % 1 == 0).all():
        return int(least), int(most)
    return least, most


def _number(value: float) -> str:
    """The shortest text that reads back as exactly `value`: "3", "0.25", "0.123456789"."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _parse_range(text: str) -> tuple[float, float] | None:
    """(low, high) from "low~high", or None when malformed: not two finite numbers ("inf", "nan" and numbers too
    large for a float are refused, since a page turns a range into whole numbers), or low > high."""
    try:
        low, high = (float(part) for part in text.split(RANGE_SEPARATOR))
    except ValueError:
        return None
    return (low, high) if math.isfinite(low) and math.isfinite(high) and low <= high else None
