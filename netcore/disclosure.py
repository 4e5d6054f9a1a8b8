"""Small-cell suppression: counts of 1-4 people are never shown in aggregate views unless switched off.

Tables are protected in two steps. PRIMARY suppression shows each count of 1-4 as "<5". SECONDARY suppression
stops a hidden count being worked out by subtraction from a shown total: a table's "total" row and column (any
capitalisation) are its margins, and each row or column of cells together with its margin is one sum. Whenever a
sum has exactly one hidden number, the smallest non-zero shown cell of that sum is hidden as well, shown as "x"
(the margin itself when no such cell is left), until every sum has none or at least two hidden numbers. Zeros are
shown, except in a row or column of cells whose one non-zero count is 1-4: there the zeros would say where those
few people are (a covariate level of 3 people reading "0 / 0 / <5" across the types gives their type away), so
they are hidden as "x" too, and protected like any hidden number. This is the usual line-by-line rule; it does
not solve the whole table as a system of equations. Level NAMES of 1-4 people are pooled by `pool_small_levels`
before a table is made, and every chart shows only `visible_groups`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

SMALL_CELL_LIMIT = 5
SUPPRESSED = "<5"
SECONDARY = "x"  # hidden to protect a small number elsewhere in the table
TOTAL = "total"
RARE_LEVELS = "other levels (fewer than 5 each)"

Cell = tuple[int, int]


def is_small(count: int) -> bool:
    """A count that could point at a few identifiable people (1 to 4; 0 is safe to show)."""
    return 0 < count < SMALL_CELL_LIMIT


def count_text(count: int, suppress: bool = True) -> str:
    """A count of people as text: "<5" for 1-4 when suppressing, else the number with thousands separators."""
    return SUPPRESSED if suppress and is_small(count) else f"{count:,}"


def group_too_small(n: int, enabled: bool = True) -> bool:
    """Whether a group of n people (1-4) is too small for any aggregate of it (mean, chart, share) to be shown."""
    return enabled and is_small(n)


def small_groups(sizes: pd.Series | pd.DataFrame, enabled: bool = True) -> pd.Series | pd.DataFrame:
    """True for each group (cell of `sizes`, people in the group) too small to show anything of (1-4)."""
    return (sizes > 0) & (sizes < SMALL_CELL_LIMIT) & enabled


def leaves_out_few(total: int, kept: int, enabled: bool = True) -> bool:
    """Whether a selection of `kept` of `total` people leaves out 1-4 of them: then listing or counting the
    selection would give away who those few are (the ones missing), so it must not be shown."""
    return enabled and is_small(total - kept) and not is_small(kept)


def visible_groups(sizes: pd.Series, enabled: bool = True) -> list:
    """The groups (index of `sizes`, people per group, in its order) an aggregate view may show: while `enabled`,
    none of 1-4 people. The one small-group rule that every chart, typical map and summary goes through."""
    return list(sizes.index[~small_groups(sizes, enabled).to_numpy(dtype=bool)])


def pool_small_levels(values: pd.Series, enabled: bool = True) -> pd.Series:
    """The values (as text) with every level held by 1-4 of them replaced by RARE_LEVELS while `enabled`, so a
    table or list never names a level of so few people (missing values stay missing)."""
    text = values.astype("string")
    sizes = text.value_counts()
    rare = sizes.index.difference(visible_groups(sizes, enabled))
    return text.where(~text.isin(rare), RARE_LEVELS)


def suppression_marks(counts: pd.DataFrame, enabled: bool = True) -> pd.DataFrame:
    """Per cell: "" when the count may be shown, SUPPRESSED ("<5") or SECONDARY ("x") when it must be hidden."""
    return pd.DataFrame(_protect(counts, np.zeros(counts.shape, dtype=bool), enabled), index=counts.index,
                        columns=counts.columns)


def suppress_counts(counts: pd.DataFrame, enabled: bool = True) -> pd.DataFrame:
    """A table of counts as display strings ("1,234", "0", "<5", "x"), protected as the module docstring says."""
    marks = _protect(counts, np.zeros(counts.shape, dtype=bool), enabled)
    numbers = np.frompyfunc(lambda count: f"{count:,}", 1, 1)(_count_values(counts))
    return pd.DataFrame(np.where(marks == "", numbers, marks), index=counts.index, columns=counts.columns)


def suppress_percentages(counts: pd.DataFrame, percentages: pd.DataFrame, enabled: bool = True, decimals: int = 0,
                         axis: Literal["row", "column"] = "row") -> pd.DataFrame:
    """Percentages (0-100, same labels as `counts`) as display strings ("12%"), hidden where they could give away a
    small number.

    `axis` says what each percentage is of: its row total ("row") or its column total ("column"); that total is the
    "total" cell of the row or column, or the sum of its cells when `counts` has no such margin. A percentage is
    shown as its cell's mark when the count is hidden, and as its total's mark when the total is hidden (1-4, or
    hidden to protect another cell). Since shown percentages and counts give the total away, the totals along
    `axis` are protected as if they were shown, even when `counts` has no margin. Missing percentages read "".
    """
    if axis == "column":
        return suppress_percentages(counts.T, percentages.T, enabled, decimals, "row").T
    if axis != "row":
        raise ValueError(f'axis must be "row" or "column", not {axis!r}')
    marks = _protect(counts, np.zeros(counts.shape, dtype=bool), enabled)
    totals = [j for j, label in enumerate(counts.columns) if _is_total(label)]
    if enabled and not totals:
        # Protect the row totals the percentages give away, keeping every count hidden in suppress_counts hidden.
        hidden = np.column_stack([marks != "", np.zeros(len(counts), dtype=bool)])
        marks = _protect(counts.assign(**{TOTAL: counts.sum(axis=1)}), hidden, enabled)
        totals = [counts.shape[1]]
    cell_marks = marks[:, :counts.shape[1]]
    if totals:
        cell_marks = np.where(cell_marks == "", marks[:, [totals[0]]], cell_marks)
    values = percentages.loc[counts.index, counts.columns].to_numpy(dtype=float)
    texts = np.frompyfunc(lambda p: "" if np.isnan(p) else f"{p:.{decimals}f}%", 1, 1)(values)
    return pd.DataFrame(np.where(cell_marks == "", texts, cell_marks), index=counts.index, columns=counts.columns)


def _is_total(label: object) -> bool:
    return str(label).strip().lower() == TOTAL


def _count_values(counts: pd.DataFrame) -> np.ndarray:
    values = counts.to_numpy(dtype=float)
    if np.isnan(values).any() or (values < 0).any() or (values != np.round(values)).any():
        raise ValueError("counts must be whole numbers of zero or more")
    return values.astype(np.int64)


def _protect(counts: pd.DataFrame, hidden: np.ndarray, enabled: bool) -> np.ndarray:
    """Marks of primary and secondary suppression, starting from the cells in `hidden` as already hidden."""
    values = _count_values(counts)
    primary = enabled & (values > 0) & (values < SMALL_CELL_LIMIT)
    hidden = _secondary(values, primary | hidden, _sums(counts), _lines(counts))
    return np.where(primary, SUPPRESSED, np.where(hidden, SECONDARY, "")).astype(object)


def _inner(counts: pd.DataFrame) -> tuple[list[int], list[int], list[int], list[int]]:
    """Positions of the margin rows, margin columns, inner rows and inner columns."""
    total_rows = [i for i, label in enumerate(counts.index) if _is_total(label)]
    total_columns = [j for j, label in enumerate(counts.columns) if _is_total(label)]
    inner_rows = [i for i in range(len(counts.index)) if i not in total_rows]
    inner_columns = [j for j in range(len(counts.columns)) if j not in total_columns]
    return total_rows, total_columns, inner_rows, inner_columns


def _lines(counts: pd.DataFrame) -> list[list[Cell]]:
    """Every row and every column of inner cells (margins left out), with or without a total beside it."""
    _, _, inner_rows, inner_columns = _inner(counts)
    return ([[(i, j) for j in inner_columns] for i in inner_rows]
            + [[(i, j) for i in inner_rows] for j in inner_columns])


def _sums(counts: pd.DataFrame) -> list[tuple[list[Cell], Cell]]:
    """Each sum in the table as (cell positions, margin position): every row when there is a total column, every
    column when there is a total row (the margins' own row and column included, ending in the grand total)."""
    total_rows, total_columns, inner_rows, inner_columns = _inner(counts)
    sums: list[tuple[list[Cell], Cell]] = []
    if total_columns:
        sums += [([(i, j) for j in inner_columns], (i, total_columns[0])) for i in range(len(counts.index))]
    if total_rows:
        sums += [([(i, j) for i in inner_rows], (total_rows[0], j)) for j in range(len(counts.columns))]
    return sums


def _secondary(values: np.ndarray, hidden: np.ndarray, sums: list[tuple[list[Cell], Cell]],
               lines: list[list[Cell]]) -> np.ndarray:
    """Hidden cells after secondary suppression. Each round, every line whose one non-zero cell is small hides its
    zeros, and every sum with exactly one hidden number hides its smallest non-zero shown cell (else its
    margin); rounds repeat until none is left. Deciding a whole round from the same state makes a table and its
    transpose hide the same cells."""
    hidden = hidden.copy()
    while True:
        picks = set()
        for cells in lines:
            non_zero = [cell for cell in cells if values[cell] > 0]
            if len(non_zero) == 1 and values[non_zero[0]] < SMALL_CELL_LIMIT and hidden[non_zero[0]]:
                picks.update(cell for cell in cells if not hidden[cell])
        for cells, margin in sums:
            if sum(hidden[cell] for cell in (*cells, margin)) == 1:
                candidates = [cell for cell in cells if not hidden[cell] and values[cell] > 0] or [margin]
                pick = min(candidates, key=lambda cell: values[cell])
                if not hidden[pick]:
                    picks.add(pick)
        if not picks:
            return hidden
        for cell in picks:
            hidden[cell] = True
