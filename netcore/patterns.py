"""Aggregate patterns of a group of participants: type distribution, cross-tables with chi-square, common places
and activities. Everything here returns plain counts; `netcore.disclosure` decides what may be shown."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from netcore.codes import places, repeated_keys
from netcore.disclosure import TOTAL, pool_small_levels


def group_vs_rest(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    """Counts of each network type in the filtered group and in the rest (rows: types; columns: group, rest)."""
    where = pd.Series(np.where(keep, "this group", "the rest"), index=frame.index)
    counts = pd.crosstab(frame["network_type"], where).reindex(columns=["this group", "the rest"], fill_value=0)
    return counts.rename_axis(index="network type", columns=None)


def crosstab(frame: pd.DataFrame, rows: str, columns: str, suppress: bool = True) -> pd.DataFrame:
    """Counts of `rows` x `columns` with a total row and column (missing values left out). While suppressing, the
    levels of `columns` held by 1-4 people are merged into one RARE_LEVELS column, so that no such level is named
    beside where its few people are."""
    data = frame[[rows, columns]].dropna()
    levels = pool_small_levels(data[columns], suppress)
    return pd.crosstab(data[rows], levels, margins=True, margins_name=TOTAL).rename_axis(columns=columns)


def shares(counts: pd.DataFrame, axis: str) -> pd.DataFrame:
    """Row or column percentages of a table with totals (axis "row": each row sums to 100 across the columns)."""
    if axis == "row":
        return counts.div(counts[TOTAL].where(counts[TOTAL] > 0), axis=0) * 100
    return counts.div(counts.loc[TOTAL].where(counts.loc[TOTAL] > 0), axis=1) * 100


@dataclass(frozen=True)
class ChiSquare:
    """Pearson's chi-square test of independence of a cross-table."""

    statistic: float
    p_value: float
    dof: int
    small_expected: bool  # some expected counts are under 5: the p-value is only approximate


def chi_square(counts: pd.DataFrame) -> ChiSquare | None:
    """The test on the inner cells of a table with totals; None when there is nothing to compare (one row or
    one column with people)."""
    inner = counts.drop(index=TOTAL, columns=TOTAL, errors="ignore")
    inner = inner.loc[inner.sum(axis=1) > 0, inner.sum(axis=0) > 0]
    if inner.shape[0] < 2 or inner.shape[1] < 2:
        return None
    result = chi2_contingency(inner.to_numpy())
    return ChiSquare(float(result.statistic), float(result.pvalue), int(result.dof),
                     bool((result.expected_freq < 5).any()))


def common_places_activities(members: pd.DataFrame, types: pd.DataFrame, top: int = 5) -> pd.DataFrame:
    """For each network type, the places and activities the most participants have on their maps.

    types: participant_id, network_type for the participants to include. Returns network_type, kind, category,
    participants (how many have it), share (of that type's participants).
    """
    # On integer codes: each member's participant by its place in `types`, each participant's category once (with
    # its first member's kind), as a key of the two.
    person = places(members["participant_id"], types["participant_id"])
    own = (person >= 0) & members["kind"].isin(["place", "activity"]).to_numpy(dtype=bool)
    person = person[own]
    category, categories = pd.factorize(members.loc[own, "category"], use_na_sentinel=False)
    first = ~repeated_keys(person * (len(categories) + 1) + category)
    having = pd.DataFrame({"network_type": types["network_type"].array.take(person[first]),
                           "kind": members.loc[own, "kind"].array[first],
                           "category": categories.take(category[first])})
    counts = having.groupby(["network_type", "kind", "category"]).size().rename("participants").reset_index()
    sizes = types["network_type"].value_counts()
    counts["share"] = counts["participants"] / counts["network_type"].map(sizes).astype(float)
    ranked = counts.sort_values(["network_type", "participants", "category"], ascending=[True, False, True])
    return ranked.groupby("network_type").head(top).reset_index(drop=True)
