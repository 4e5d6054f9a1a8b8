"""Small-cell suppression: hand-made tables, then properties over random tables with and without margins."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore.disclosure import (
    SECONDARY,
    SUPPRESSED,
    count_text,
    group_too_small,
    is_small,
    suppress_counts,
    suppress_percentages,
    suppression_marks,
)


def table(rows: dict[str, list[int]], columns: list[str], row_total: bool = True, column_total: bool = True
          ) -> pd.DataFrame:
    """A counts table from {row label: counts}, with "total" margins computed from the inner cells."""
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    if column_total:
        frame["total"] = frame.sum(axis=1)
    if row_total:
        frame.loc["total"] = frame.sum()
    return frame


def shown(frame: pd.DataFrame) -> list[list[str]]:
    return frame.to_numpy().tolist()


def test_existing_helpers_are_unchanged():
    assert [is_small(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert [count_text(n) for n in (0, 3, 1234)] == ["0", "<5", "1,234"]
    assert count_text(3, suppress=False) == "3"


def test_primary_suppression_without_margins():
    counts = pd.DataFrame({"a": [0, 1234], "b": [3, 5], "c": [12, 4]}, index=["r1", "r2"])
    assert shown(suppress_counts(counts)) == [["0", "<5", "12"], ["1,234", "5", "<5"]]


def test_output_keeps_the_labels():
    counts = table({"r1": [3, 10]}, ["a", "b"])
    result = suppress_counts(counts)
    assert list(result.index) == list(counts.index) and list(result.columns) == list(counts.columns)


def test_secondary_in_a_row_hides_the_smallest_other_cell():
    counts = table({"r1": [2, 10, 7], "r2": [0, 0, 0]}, ["a", "b", "c"], row_total=False)
    # r2's zero in column a (and so, by subtraction, its total of 0) would say column a's few people are all in r1.
    assert shown(suppress_counts(counts)) == [["<5", "10", "x", "19"], ["x", "0", "0", "x"]]


def test_secondary_in_a_column():
    counts = table({"r1": [3, 0], "r2": [9, 0], "r3": [6, 1]}, ["a", "b"], column_total=False)
    # Column b's zeros would say its one person is in r3: hidden as well.
    assert shown(suppress_counts(counts)) == [["<5", "x"], ["9", "x"], ["x", "<5"], ["18", "<5"]]


def test_secondary_cascades_until_every_row_and_column_is_safe():
    counts = table({"r1": [2, 8, 20], "r2": [0, 9, 30], "r3": [6, 12, 0]}, ["a", "b", "c"])
    assert shown(suppress_counts(counts)) == [
        ["<5", "x", "x", "30"],
        ["0", "x", "x", "39"],
        ["x", "x", "0", "18"],
        ["8", "29", "50", "87"],
    ]


def test_zeros_beside_a_shown_number_are_shown():
    # r1's zero in column b stays. r2's zero in column a would say column a's few people are all in r1, so it is
    # hidden, and r2's 12 with it (else 12 - 12 would give the hidden zero back).
    counts = table({"r1": [2, 0, 9], "r2": [0, 0, 12]}, ["a", "b", "c"], row_total=False)
    assert shown(suppress_counts(counts)) == [["<5", "0", "x", "11"], ["x", "0", "x", "12"]]


def test_zeros_that_would_point_at_a_small_count_are_hidden():
    # Column "astronaut" holds one person: "0 / 0 / <5" down it would give away that person's type.
    counts = table({"diverse": [30, 0], "family": [25, 0], "formal": [20, 1]}, ["student", "astronaut"])
    display = suppress_counts(counts)
    assert list(display["astronaut"]) == ["x", "x", "<5", "<5"]
    without_margins = table({"diverse": [30, 0], "family": [25, 0], "formal": [20, 1]}, ["student", "astronaut"],
                            row_total=False, column_total=False)
    assert list(suppress_counts(without_margins)["astronaut"]) == ["x", "x", "<5"]


def test_hidden_cells_protect_each_other_across_rows_and_columns():
    # Column a's zero in r2 would place its few people in r1: hidden. Then every row and column with a hidden
    # number has at least two, so no total gives one away.
    counts = table({"r1": [3, 6, 9], "r2": [0, 7, 0]}, ["a", "b", "c"])
    assert shown(suppress_counts(counts)) == [["<5", "x", "x", "18"], ["x", "x", "0", "7"], ["<5", "13", "x", "25"]]


def test_totals_of_one_to_four_are_suppressed_and_protected():
    counts = table({"r1": [1, 10], "r2": [2, 20]}, ["a", "b"])
    assert shown(suppress_counts(counts)) == [["<5", "x", "11"], ["<5", "x", "22"], ["<5", "x", "33"]]


def test_a_margin_called_Total_counts_as_a_margin():
    counts = table({"r1": [2, 10, 7]}, ["a", "b", "c"], row_total=False).rename(columns={"total": "Total"})
    assert shown(suppress_counts(counts)) == [["<5", "10", "x", "19"]]


def test_suppression_marks_say_which_cells_to_hide():
    counts = table({"r1": [2, 10, 7]}, ["a", "b", "c"], row_total=False)
    assert shown(suppression_marks(counts)) == [["<5", "", "x", ""]]
    assert shown(suppression_marks(counts, enabled=False)) == [["", "", "", ""]]


def test_disabled_shows_every_number():
    counts = table({"r1": [1, 10], "r2": [2, 2000]}, ["a", "b"])
    assert shown(suppress_counts(counts, enabled=False)) == [["1", "10", "11"], ["2", "2,000", "2,002"],
                                                             ["3", "2,010", "2,013"]]


@pytest.mark.parametrize("bad", [-1, 2.5, float("nan")])
def test_counts_must_be_whole_numbers_of_zero_or_more(bad):
    with pytest.raises(ValueError, match="whole numbers"):
        suppress_counts(pd.DataFrame({"a": [1.0, bad]}))


def test_percentages_follow_their_counts_and_totals():
    counts = table({"r1": [3, 6, 11], "r2": [0, 7, 13]}, ["a", "b", "c"], row_total=False)
    percentages = counts.div(counts["total"], axis=0) * 100
    assert shown(suppress_percentages(counts, percentages)) == [["<5", "x", "55%", "100%"],
                                                               ["x", "x", "65%", "100%"]]
    assert shown(suppress_percentages(counts, percentages, decimals=1))[1] == ["x", "x", "65.0%", "100.0%"]


def test_percentages_of_a_total_of_one_to_four_are_suppressed():
    counts = pd.DataFrame({"a": [0, 10], "b": [3, 20]}, index=["r1", "r2"])
    percentages = counts.div(counts.sum(axis=0), axis=1) * 100
    assert shown(suppress_percentages(counts, percentages, axis="column")) == [["x", "<5"], ["x", "x"]]
    # Column b's total (23) is hidden too: with 20 and its 87% shown, 23 and so the 3 could be worked out; r1's
    # zero would say its row's few people are all in b, and 100% beside it would give that zero back.


def test_percentages_without_a_margin_protect_the_hidden_total():
    # Row r1 shows 10 people; if 77% were shown too, its total (13) and so the 3 would be known.
    counts = pd.DataFrame({"a": [3, 10], "b": [10, 30]}, index=["r1", "r2"])
    percentages = counts.div(counts.sum(axis=1), axis=0) * 100
    assert shown(suppress_counts(counts)) == [["<5", "10"], ["10", "30"]]
    assert shown(suppress_percentages(counts, percentages)) == [["<5", "x"], ["25%", "75%"]]


def test_percentages_disabled_and_missing():
    counts = pd.DataFrame({"a": [0, 3]})
    percentages = pd.DataFrame({"a": [float("nan"), 100.0]})
    assert shown(suppress_percentages(counts, percentages, enabled=False)) == [[""], ["100%"]]


def test_percentages_axis_must_be_row_or_column():
    counts = pd.DataFrame({"a": [10]})
    with pytest.raises(ValueError, match="axis"):
        suppress_percentages(counts, counts, axis="cell")


def test_group_too_small():
    assert [group_too_small(n) for n in (0, 1, 4, 5, 150)] == [False, True, True, False, False]
    assert not group_too_small(3, enabled=False)


# ---- properties over random tables ---------------------------------------------------------------------------

COUNTS = st.one_of(st.sampled_from([0, 0, 1, 2, 3, 4]), st.integers(0, 30))


@st.composite
def count_tables(draw) -> pd.DataFrame:
    """Up to 6 x 6 counts 0-30 (often 0 or small), with no margin, a total column, a total row, or both (computed
    from the inner cells)."""
    n_rows = draw(st.integers(1, 6))
    n_columns = draw(st.integers(1, 6))
    cells = draw(st.lists(st.lists(COUNTS, min_size=n_columns, max_size=n_columns),
                          min_size=n_rows, max_size=n_rows))
    rows = {f"r{i}": row for i, row in enumerate(cells)}
    return table(rows, [f"c{j}" for j in range(n_columns)], row_total=draw(st.booleans()),
                 column_total=draw(st.booleans()))


def recoverable_by_subtraction(counts: pd.DataFrame, display: pd.DataFrame) -> list[str]:
    """Each row or column whose total and other shown numbers give away its one hidden number."""
    hidden = ~display.map(lambda text: text.replace(",", "").isdigit())
    found = []
    for name, lines, margin in (("row", hidden, "total"), ("column", hidden.T, "total")):
        if margin not in lines.columns:
            continue
        inner = lines.drop(columns=margin)
        alone = inner.sum(axis=1) + lines[margin] == 1
        found += [f"{name} {label}" for label in lines.index[alone]]
    return found


PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(counts=count_tables())
def test_shown_numbers_are_true_and_never_one_to_four(counts):
    display = suppress_counts(counts)
    for text, count in zip(display.to_numpy().ravel(), counts.to_numpy().ravel(), strict=True):
        if text in (SUPPRESSED, SECONDARY):
            assert text == SUPPRESSED or not is_small(count)
        else:
            assert int(text.replace(",", "")) == count
            assert not is_small(count)


@PROPERTIES
@given(counts=count_tables())
def test_no_hidden_number_can_be_recovered_from_a_total(counts):
    display = suppress_counts(counts)
    assert recoverable_by_subtraction(counts, display) == []
    # Spelled out for the inner cells: a row or column with hidden cells has 0 or >= 2 of them, or a hidden total.
    hidden = display.isin([SUPPRESSED, SECONDARY])
    inner = hidden.loc[[r for r in counts.index if r != "total"], [c for c in counts.columns if c != "total"]]
    if "total" in counts.columns:
        assert ((inner.sum(axis=1) != 1) | hidden.loc[inner.index, "total"]).all()
    if "total" in counts.index:
        assert ((inner.sum(axis=0) != 1) | hidden.loc["total", inner.columns]).all()


@PROPERTIES
@given(counts=count_tables())
def test_no_shown_zero_points_at_hidden_counts(counts):
    display = suppress_counts(counts)
    inner = display.loc[[r for r in counts.index if r != "total"], [c for c in counts.columns if c != "total"]]
    values = counts.loc[inner.index, inner.columns]
    hidden = inner.isin([SUPPRESSED, SECONDARY])
    for cells, numbers in [*zip(hidden.to_numpy(), values.to_numpy(), strict=True),
                           *zip(hidden.T.to_numpy(), values.T.to_numpy(), strict=True)]:
        if (numbers > 0).sum() == 1 and is_small(numbers.max()):
            assert cells[numbers == 0].all(), "a shown zero beside one small count gives it away"


@PROPERTIES
@given(counts=count_tables())
def test_a_table_and_its_transpose_hide_the_same_cells(counts):
    assert suppress_counts(counts.T).equals(suppress_counts(counts).T)


@PROPERTIES
@given(counts=count_tables())
def test_disabled_shows_every_true_count(counts):
    display = suppress_counts(counts, enabled=False)
    assert display.equals(counts.map(lambda count: f"{count:,}"))


@PROPERTIES
@given(counts=count_tables(), axis=st.sampled_from(["row", "column"]))
def test_percentages_of_hidden_cells_and_small_totals_are_hidden(counts, axis):
    if axis == "row":
        totals = counts.drop(columns="total", errors="ignore").sum(axis=1)
        percentages = counts.div(totals, axis=0) * 100
        small = pd.DataFrame({column: totals.map(is_small) for column in counts.columns})
    else:
        totals = counts.drop(index="total", errors="ignore").sum(axis=0)
        percentages = counts.div(totals, axis=1) * 100
        small = pd.DataFrame({column: is_small(totals[column]) for column in counts.columns}, index=counts.index)
    display = suppress_percentages(counts, percentages, axis=axis)
    hidden = display.isin([SUPPRESSED, SECONDARY])
    count_display = suppress_counts(counts)
    hidden_counts = count_display.isin([SUPPRESSED, SECONDARY])
    assert display[hidden_counts].equals(count_display[hidden_counts]), "same mark as the count"
    assert not (small & ~hidden).any().any()
    assert display.mask(hidden, "0%").map(lambda text: text == "" or text.endswith("%")).all().all()
