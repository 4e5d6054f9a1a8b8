"""Aggregates for the Patterns page, checked by hand on small frames."""

import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from netcore import load_dataset
from netcore.disclosure import RARE_LEVELS
from netcore.patterns import TOTAL, chi_square, common_places_activities, crosstab, group_vs_rest, shares
from tests.netcore.datasets import as_files

FRAME = pd.DataFrame({
    "participant_id": [f"P{i}" for i in range(8)],
    "network_type": ["a", "a", "b", "b", "b", "c", "c", None],
    "housing": ["x", "y", "x", "x", None, "y", "y", "x"],
})


def test_group_vs_rest_counts_each_type_on_each_side():
    keep = pd.Series([True, False, True, True, False, False, True, True])
    counts = group_vs_rest(FRAME, keep)
    assert counts.to_dict() == {"this group": {"a": 1, "b": 2, "c": 1}, "the rest": {"a": 1, "b": 1, "c": 1}}


def test_crosstab_has_totals_and_leaves_out_missing_values():
    table = crosstab(FRAME, "network_type", "housing", suppress=False)
    assert table.loc["a", "x"] == 1 and table.loc["b", "x"] == 2 and table.loc["c", "y"] == 2
    assert table.loc[TOTAL, TOTAL] == 6  # one missing type, one missing housing


def test_crosstab_merges_levels_of_fewer_than_five_people_unless_told_not_to():
    frame = pd.DataFrame({"network_type": ["a"] * 6 + ["b"] * 6 + ["a", "b", "b"],
                          "job": ["cook"] * 12 + ["astronaut", "diver", "diver"]})
    table = crosstab(frame, "network_type", "job")
    assert list(table.columns) == ["cook", RARE_LEVELS, TOTAL]
    assert table.loc[TOTAL, RARE_LEVELS] == 3
    assert "astronaut" in crosstab(frame, "network_type", "job", suppress=False).columns


def test_row_and_column_shares_sum_to_100():
    table = crosstab(FRAME, "network_type", "housing", suppress=False)
    rows = shares(table, "row")
    columns = shares(table, "column")
    assert rows.drop(columns=TOTAL).drop(index=TOTAL).sum(axis=1).tolist() == pytest.approx([100, 100, 100])
    assert columns.drop(index=TOTAL).drop(columns=TOTAL).sum(axis=0).tolist() == pytest.approx([100, 100])


def test_chi_square_matches_scipy_and_flags_small_expected_counts():
    table = crosstab(FRAME, "network_type", "housing", suppress=False)
    result = chi_square(table)
    expected = chi2_contingency(table.drop(index=TOTAL, columns=TOTAL).to_numpy())
    assert result.p_value == pytest.approx(expected.pvalue) and result.dof == expected.dof
    assert result.small_expected
    assert chi_square(crosstab(FRAME[FRAME["network_type"] == "b"], "network_type", "housing")) is None


def test_common_places_and_activities_count_participants_not_members():
    members = ("participant_id,member_id,kind,category,circle\n"
               "A,1,place,park,1\nA,2,place,park,2\nA,3,activity,walking,1\nB,1,place,park,1\nB,2,person,mum,1\n"
               "C,1,place,cafe,1\n")
    dataset = load_dataset(as_files("participant_id\nA\nB\nC\n", members, None))
    types = pd.DataFrame({"participant_id": ["A", "B", "C"], "network_type": ["t1", "t1", "t2"]})
    common = common_places_activities(dataset.members, types, top=5)
    t1 = common[common["network_type"] == "t1"].set_index("category")
    assert t1.loc["park", "participants"] == 2 and t1.loc["park", "share"] == 1.0
    assert t1.loc["walking", "participants"] == 1
    assert list(t1.index) == ["park", "walking"]
    assert common[common["network_type"] == "t2"]["category"].tolist() == ["cafe"]


def test_maps_without_places_or_activities_give_an_empty_table():
    members = "participant_id,member_id,kind,category,circle\nA,1,person,friend,1\n"
    dataset = load_dataset(as_files("participant_id\nA\n", members, None))
    common = common_places_activities(dataset.members, pd.DataFrame({"participant_id": ["A"], "network_type": ["t"]}))
    assert common.empty and list(common.columns) == ["network_type", "kind", "category", "participants", "share"]
