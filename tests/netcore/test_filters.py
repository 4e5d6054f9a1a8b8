"""The shared participant filter: masks, plain-words descriptions, URL round trips, and what can be filtered on."""

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore.filters import Filter, analysis_frame, filterable_columns, slider_bounds

NAN = math.nan
FAMILY, DIVERSE, FORMAL = "family and stable", "diverse and active", "formal and sparse"

# Eight participants; P4 has no lives_alone, P5 no housing status and no family share, P8 no type.
FRAME = pd.DataFrame({
    "participant_id": pd.array([f"P{i}" for i in range(1, 9)], dtype="string"),
    "study_code": pd.array([f"S-{i:03}" for i in range(1, 9)], dtype="string"),  # id-like covariate
    "lives_alone": pd.array(["yes", "no", "yes", None, "no", "yes", "no", "no"], dtype="string"),
    "housing_status": pd.array(["supported housing", "social housing", "owner", "supported housing", None,
                                "social housing", "owner", "owner"], dtype="string"),
    "age": [25.0, 40.0, 33.0, 25.0, 40.0, 61.0, 33.0, 25.0],
    "size": [3, 10, 0, 5, 12, 3, 7, 10],
    "family_share": [0.5, 0.25, 1.0, 0.0, NAN, 0.5, 0.25, 1.0],
    "network_type": [FAMILY, DIVERSE, FAMILY, FORMAL, DIVERSE, FORMAL, FAMILY, None],
})


def kept(filter_: Filter, frame: pd.DataFrame = FRAME) -> list[str]:
    return frame.loc[filter_.mask(frame), "participant_id"].tolist()


# ---- masks ---------------------------------------------------------------------------------------------------

def test_an_empty_filter_keeps_everyone():
    assert Filter().is_empty()
    assert kept(Filter()) == FRAME["participant_id"].tolist()


def test_types_keep_those_types_and_drop_the_untyped():
    assert kept(Filter(types=(FAMILY,))) == ["P1", "P3", "P7"]
    assert kept(Filter(types=(FAMILY, FORMAL))) == ["P1", "P3", "P4", "P6", "P7"]


def test_levels_drop_missing_values_of_the_filtered_column():
    assert kept(Filter(levels=(("lives_alone", ("yes",)),))) == ["P1", "P3", "P6"]
    assert kept(Filter(levels=(("lives_alone", ("yes", "no")),))) == ["P1", "P2", "P3", "P5", "P6", "P7", "P8"]
    assert kept(Filter(levels=(("housing_status", ("social housing", "supported housing")),))) == [
        "P1", "P2", "P4", "P6"]


def test_ranges_are_inclusive_and_drop_missing_values():
    assert kept(Filter(ranges=(("size", 3, 10),))) == ["P1", "P2", "P4", "P6", "P7", "P8"]
    assert kept(Filter(ranges=(("family_share", 0, 1),))) == ["P1", "P2", "P3", "P4", "P6", "P7", "P8"]
    assert kept(Filter(ranges=(("age", 33, 33),))) == ["P3", "P7"]


def test_every_condition_must_hold():
    both = Filter(types=(FAMILY, DIVERSE), levels=(("lives_alone", ("no",)),), ranges=(("size", 5, 100),))
    assert kept(both) == ["P2", "P5", "P7"]
    assert kept(Filter(types=(FORMAL,), levels=(("lives_alone", ("no",)),))) == []


def test_the_mask_is_aligned_with_the_frame():
    frame = FRAME.set_index(FRAME.index + 100)
    mask = Filter(types=(FAMILY,)).mask(frame)
    assert mask.dtype == bool and mask.index.equals(frame.index)


def test_filters_are_normalised_so_equal_choices_are_equal():
    one = Filter(types=(FORMAL, FAMILY), levels=(("lives_alone", ("yes",)), ("housing_status", ("owner", "b"))),
                 ranges=(("size", 3, 10), ("age", 20, 30)))
    other = Filter(types=(FAMILY, FORMAL, FAMILY), levels=(("housing_status", ("b", "owner")), ("lives_alone",
                   ("yes",)), ("gender", ())), ranges=(("age", 20.0, 30.0), ("size", 3.0, 10.0)))
    assert one == other and one.to_query() == other.to_query()


@pytest.mark.parametrize("arguments", [
    {"levels": (("participant_id", ("P1",)),)},
    {"ranges": (("participant_id", 1, 2),)},
    {"levels": (("network_type", (FAMILY,)),)},
    {"levels": (("lives_alone", ("yes",)),), "ranges": (("lives_alone", 1, 2),)},
    {"ranges": (("size", 10, 3),)},
    {"ranges": (("size", NAN, 3),)},
    {"ranges": (("size", 0, math.inf),)},
    {"ranges": (("size", -math.inf, 3),)},
])
def test_impossible_filters_are_refused(arguments):
    with pytest.raises(ValueError):
        Filter(**arguments)


# ---- slider bounds ------------------------------------------------------------------------------------------


def test_slider_bounds_are_whole_numbers_for_counts_and_exact_otherwise():
    assert slider_bounds(pd.Series([3.0, 0.0, 19.0, None])) == (0, 19)
    assert all(isinstance(bound, int) for bound in slider_bounds(pd.Series([3.0, 19.0])))
    assert slider_bounds(pd.Series([0.25, 0.5, None])) == (0.25, 0.5)


# ---- describe ------------------------------------------------------------------------------------------------

def test_describe_everyone():
    assert Filter().describe(pd.concat([FRAME] * 20)) == "Showing all 160 participants."


def test_describe_in_plain_words():
    frame = pd.concat([FRAME] * 20, ignore_index=True)
    choice = Filter(levels=(("lives_alone", ("yes",)), ("housing_status", ("supported housing", "social housing"))),
                    ranges=(("size", 3, 10),))
    assert choice.describe(frame) == ("Showing 40 of 160 participants: housing = social housing or "
                                      "supported housing; lives alone = yes; connections 3 to 10")


def test_describe_types_and_fractional_ranges():
    choice = Filter(types=(FORMAL, FAMILY), ranges=(("family_share", 0.25, 0.5),))
    assert choice.describe(FRAME, suppress=False) == (
        "Showing 3 of 8 participants: network type = family and stable or formal and sparse; "
        "share of people who are family 0.25 to 0.5")


def test_describe_suppresses_small_counts():
    assert Filter(types=(FAMILY,)).describe(FRAME) == "Showing <5 of 8 participants: network type = family and stable"
    assert Filter().describe(FRAME.head(3)) == "Showing all <5 participants."


def test_describe_hides_a_small_number_left_out():
    frame = pd.concat([FRAME] * 20, ignore_index=True)
    frame.loc[:2, "lives_alone"] = "unsure"  # 3 participants
    choice = Filter(levels=(("lives_alone", ("no", "yes")),))
    assert choice.describe(frame.dropna(subset="lives_alone")) == (
        "Showing all but <5 participants: lives alone = no or yes")
    assert choice.describe(frame.dropna(subset="lives_alone"), suppress=False) == (
        "Showing 137 of 140 participants: lives alone = no or yes")


# ---- URL query -----------------------------------------------------------------------------------------------

def test_to_query_example():
    choice = Filter(types=(FAMILY,), levels=(("lives_alone", ("yes",)),), ranges=(("size", 3, 10),
                                                                                  ("family_share", 0.25, 1)))
    assert choice.to_query() == {"type": [FAMILY], "lives_alone": ["yes"], "family_share": ["0.25~1"],
                                 "size": ["3~10"]}
    assert Filter().to_query() == {}


CATEGORICAL, NUMERIC = filterable_columns(FRAME)
TYPES = sorted(FRAME["network_type"].dropna().unique())
BOUNDS = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def filters(draw) -> Filter:
    """Any filter the pages could make over FRAME: known types, levels and columns, any finite range."""
    types = draw(st.lists(st.sampled_from(TYPES), unique=True))
    levels = [(column, tuple(draw(st.lists(st.sampled_from(sorted(FRAME[column].dropna().unique())), min_size=1,
                                           unique=True))))
              for column in draw(st.lists(st.sampled_from(CATEGORICAL), unique=True))]
    ranges = [(column, *sorted(draw(st.tuples(BOUNDS, BOUNDS))))
              for column in draw(st.lists(st.sampled_from(NUMERIC), unique=True))]
    return Filter(tuple(draw(st.permutations(types))), tuple(draw(st.permutations(levels))),
                  tuple(draw(st.permutations(ranges))))


FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(choice=filters())
def test_url_round_trip(choice):
    query = choice.to_query()
    assert Filter.from_query(query, FRAME) == choice
    assert Filter.from_query(query, FRAME).to_query() == query
    assert all(isinstance(value, str) for values in query.values() for value in values)


def test_from_query_ignores_what_cannot_be_filtered():
    query = {
        "participant_id": ["P1"],
        "study_code": ["S-001"],
        "nonsense": ["1"],
        "type": [FAMILY, "no such type"],
        "lives_alone": ["maybe"],
        "housing_status": ["owner", "castle"],
        "size": ["3~"],
        "age": ["40~20"],
        "family_share": ["nan~1"],
    }
    assert Filter.from_query(query, FRAME) == Filter(types=(FAMILY,), levels=(("housing_status", ("owner",)),))


@pytest.mark.parametrize("value", [[], ["3"], ["a~b"], ["1~2~3"], [""], ["~"], ["1~2", "3~4"], ["10~3"]])
def test_malformed_ranges_are_ignored(value):
    assert Filter.from_query({"size": value}, FRAME).is_empty()


def test_from_query_accepts_a_single_string():
    assert Filter.from_query({"lives_alone": "yes", "size": "3~10"}, FRAME) == Filter(
        levels=(("lives_alone", ("yes",)),), ranges=(("size", 3, 10),))


@pytest.mark.parametrize("value", ["0~inf", "-inf~3", "-Infinity~infinity", "nan~nan", "0~NaN", "1e400~1e401"])
def test_ranges_with_a_bound_that_is_not_a_finite_number_are_ignored(value):
    # a page turns a range into whole numbers for its slider, which an infinite bound cannot be
    assert Filter.from_query({"size": [value]}, FRAME).is_empty()


def test_types_are_ignored_when_the_frame_has_none():
    assert Filter.from_query({"type": [FAMILY]}, FRAME.drop(columns="network_type")).is_empty()


IDS = set(FRAME["participant_id"]) | set(FRAME["study_code"])
VALUES = st.sampled_from(sorted(IDS) + [FAMILY, "yes", "no", "owner", "3~10", "P1~P2", "0~1"])
KEYS = st.sampled_from(["participant_id", "study_code", "type", "lives_alone", "housing_status", "size", "age",
                        "other"])


@FAST
@given(query=st.dictionaries(KEYS, st.lists(VALUES, max_size=4)))
def test_no_participant_id_ever_reaches_a_url(query):
    url = Filter.from_query(query, FRAME).to_query()
    assert not {"participant_id", "study_code"} & set(url)
    assert not IDS & {value for values in url.values() for value in values}


# ---- what can be filtered on ---------------------------------------------------------------------------------

def test_filterable_columns_leave_out_ids_types_and_id_like_covariates():
    assert filterable_columns(FRAME) == (["lives_alone", "housing_status"], ["age", "size", "family_share"])


def test_id_like_numeric_covariates_are_left_out_but_measures_never_are():
    frame = FRAME.assign(record_number=range(8), density=[i / 10 for i in range(8)], constant=1.0,
                         type=["a", "b"] * 4)
    categorical, numeric = filterable_columns(frame)
    assert categorical == ["lives_alone", "housing_status"]
    assert numeric == ["age", "size", "family_share", "density"]


def test_categorical_columns_need_two_to_max_levels():
    frame = pd.concat([FRAME.drop(columns="study_code")] * 10, ignore_index=True)
    frame["site"] = "north"
    frame["ward"] = [f"w{i % 40}" for i in range(len(frame))]
    assert filterable_columns(frame)[0] == ["lives_alone", "housing_status"]
    assert filterable_columns(frame, max_levels=2)[0] == ["lives_alone"]


# ---- the analysis frame --------------------------------------------------------------------------------------

PARTICIPANTS = FRAME[["participant_id", "lives_alone", "age"]]
MEASURES = FRAME[["participant_id", "size", "family_share"]].iloc[::-1]
TYPES_TABLE = pd.DataFrame({"participant_id": FRAME["participant_id"].iloc[:7], "type": [0, 1, 0, 2, 1, 2, 0],
                            "network_type": FRAME["network_type"].iloc[:7], "confidence": 0.9})


def test_analysis_frame_joins_covariates_measures_and_types_in_participants_order():
    frame = analysis_frame(PARTICIPANTS, MEASURES, TYPES_TABLE)
    assert list(frame.columns) == ["participant_id", "lives_alone", "age", "size", "family_share", "network_type"]
    assert frame["participant_id"].tolist() == FRAME["participant_id"].tolist()
    assert frame["size"].tolist() == FRAME["size"].tolist()
    assert frame["network_type"].tolist()[:7] == FRAME["network_type"].tolist()[:7]
    assert pd.isna(frame["network_type"].iloc[7])


def test_analysis_frame_without_types():
    assert "network_type" not in analysis_frame(PARTICIPANTS, MEASURES, None)


def test_analysis_frame_refuses_a_covariate_named_like_a_measure():
    with pytest.raises(ValueError, match="size"):
        analysis_frame(PARTICIPANTS.assign(size=1), MEASURES, None)
