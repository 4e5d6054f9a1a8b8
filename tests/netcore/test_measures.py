"""Measures checked against values worked out by hand on small maps, including the degenerate ones."""

import math
import re

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.naive import naive_measures, plain_lists
from netcore import compute_measures, load_dataset
from netcore.io.export import csv_bytes
from netcore.measures import COUNT_MEASURES, MEASURES, summarise_measures
from netcore.model import WELLBEING_LEVELS
from netcore.sample import generate_sample
from tests.netcore.datasets import as_files

PARTICIPANTS = "participant_id\nA\nB\nC\nD\nE\n"
# A: a mixed map of 6; B: one member; C: no members; D: two members, all family; E: three places only.
MEMBERS = """participant_id,member_id,kind,category,circle,formal,wellbeing
A,1,person,mum,1,no,positive
A,2,person,brother,1,no,negative
A,3,person,friend,2,no,positive
A,4,person,CPN,3,,neutral
A,5,place,day_centre,2,,positive
A,6,activity,walking,3,no,
B,1,person,partner,1,no,positive
D,x,person,family,2,no,negative
D,y,person,sister,2,no,negative
E,p,place,park,1,no,positive
E,q,place,clinic,3,,neutral
E,r,place,cafe,3,no,positive
"""
# A: 1-2, 1-3, 2-3, 4-5, and the repeat 2-1 (counted once) and a loop 6-6 (ignored) -> 4 distinct ties.
TIES = """participant_id,member_a,member_b
A,1,2
A,1,3
A,2,3
A,4,5
A,2,1
A,6,6
D,x,y
"""


@pytest.fixture(scope="module")
def measures() -> pd.DataFrame:
    return compute_measures(load_dataset(as_files(PARTICIPANTS, MEMBERS, TIES))).set_index("participant_id")


EXPECTED = {
    #       size people places activities inner family_people family_share formal_members formal_share
    "A": dict(size=6, people=4, places=1, activities=1, inner=2, family_people=2, family_share=2 / 4,
              formal_members=2, formal_share=2 / 6, diversity=3, ties=4, density=4 / 15, positive=3, neutral=1,
              negative=1, inner_share=2 / 6, mean_circle=12 / 6, formal_places_activities_share=1 / 2),
    "B": dict(size=1, people=1, places=0, activities=0, inner=1, family_people=0, family_share=0.0,
              formal_members=0, formal_share=0.0, diversity=1, ties=0, density=math.nan, positive=1, neutral=0,
              negative=0, inner_share=1.0, mean_circle=1.0, formal_places_activities_share=math.nan),
    "C": dict(size=0, people=0, places=0, activities=0, inner=0, family_people=0, family_share=math.nan,
              formal_members=0, formal_share=math.nan, diversity=0, ties=0, density=math.nan, positive=0,
              neutral=0, negative=0, inner_share=math.nan, mean_circle=math.nan,
              formal_places_activities_share=math.nan),
    "D": dict(size=2, people=2, places=0, activities=0, inner=0, family_people=2, family_share=1.0,
              formal_members=0, formal_share=0.0, diversity=1, ties=1, density=1.0, positive=0, neutral=0,
              negative=2, inner_share=0.0, mean_circle=2.0, formal_places_activities_share=math.nan),
    "E": dict(size=3, people=0, places=3, activities=0, inner=1, family_people=0, family_share=math.nan,
              formal_members=1, formal_share=1 / 3, diversity=0, ties=0, density=0.0, positive=2, neutral=1,
              negative=0, inner_share=1 / 3, mean_circle=7 / 3, formal_places_activities_share=1 / 3),
}


@pytest.mark.parametrize("participant", sorted(EXPECTED))
def test_hand_computed_measures(measures, participant):
    row = measures.loc[participant]
    for name, expected in EXPECTED[participant].items():
        if math.isnan(expected):
            assert pd.isna(row[name]), f"{participant} {name} should be missing"
        else:
            assert row[name] == pytest.approx(expected), f"{participant} {name}"


def test_every_participant_has_one_row_in_input_order(measures):
    assert list(measures.index) == ["A", "B", "C", "D", "E"]


def test_columns_are_the_documented_measures(measures):
    assert list(measures.columns) == list(MEASURES)
    assert set(EXPECTED["A"]) == set(MEASURES)


def test_counts_are_integers_and_the_rest_are_not(measures):
    for name in MEASURES:
        assert pd.api.types.is_integer_dtype(measures[name]) == (name in COUNT_MEASURES), name


def test_density_agrees_with_networkx_on_each_map(measures):
    dataset = load_dataset(as_files(PARTICIPANTS, MEMBERS, TIES))
    for participant, row in measures.iterrows():
        graph = nx.Graph()
        graph.add_nodes_from(dataset.members.loc[dataset.members["participant_id"] == participant, "member_id"])
        ties = dataset.ties[dataset.ties["participant_id"] == participant]
        graph.add_edges_from(zip(ties["member_a"], ties["member_b"], strict=True))
        if graph.number_of_nodes() < 2:
            assert pd.isna(row["density"])
        else:
            assert row["density"] == pytest.approx(nx.density(graph))


def test_all_members_in_one_category():
    members = "participant_id,member_id,kind,category,circle\nA,1,person,friend,1\nA,2,person,friend,3\n"
    row = compute_measures(load_dataset(as_files("participant_id\nA\n", members, None))).iloc[0]
    assert (row["diversity"], row["family_share"], row["density"]) == (1, 0.0, 0.0)


def test_summaries_keep_counts_whole_and_hide_measures_defined_on_few_maps():
    table = pd.DataFrame({"people": [1, 2, 4, 7, 8, 10], "family_share": [0.5, None, None, None, 0.25, 1.0]})
    summary = summarise_measures(table, ("people", "family_share")).set_index("measure")
    assert list(summary.index) == ["people"]  # family share is defined on only 3 maps
    assert summary.loc["people", "median"].isdigit()
    assert re.fullmatch(r"\d+ to \d+", summary.loc["people", "middle half of maps"])
    shown = summarise_measures(table, ("people", "family_share"), suppress=False).set_index("measure")
    assert shown.loc["family_share", "median"] == "0.50"


def plain_measures(dataset) -> pd.DataFrame:
    """Every measure by plain Python, participant by participant: counts, ties and density from the naive networkx
    baseline (benchmarks.naive), the rest from the member rows."""
    ids, member_rows, tie_rows = plain_lists(dataset)
    rows = {row["participant_id"]: {**row, "circles": 0, "formal_other": 0, **dict.fromkeys(WELLBEING_LEVELS, 0)}
            for row in naive_measures(ids, member_rows, tie_rows)}
    members = dataset.members
    for pid, kind, circle, formal, wellbeing in zip(*(members[c] for c in ("participant_id", "kind", "circle",
                                                                          "formal", "wellbeing")), strict=True):
        row = rows[pid]
        row["circles"] += circle
        row["formal_other"] += bool(formal and kind != "person")
        if not pd.isna(wellbeing):
            row[wellbeing] += 1

    def share(part, whole):
        return part / whole if whole else math.nan

    return pd.DataFrame([{
        **row,
        "inner_share": share(row["inner"], row["size"]),
        "mean_circle": share(row["circles"], row["size"]),
        "family_share": share(row["family_people"], row["people"]),
        "formal_share": share(row["formal_members"], row["size"]),
        "formal_places_activities_share": share(row["formal_other"], row["places"] + row["activities"]),
        "density": math.nan if row["density"] is None else row["density"],
    } for row in rows.values()])[["participant_id", *MEASURES]]


@settings(max_examples=30, deadline=None)
@given(participants=st.integers(min_value=1, max_value=60), seed=st.integers(min_value=0, max_value=10_000),
       kept=st.floats(min_value=0.0, max_value=1.0))
def test_measures_are_the_plain_python_ones_on_random_samples(participants, seed, kept):
    """On synthetic maps with some members left out (so some maps are small or empty), and the participants in a
    shuffled order, compute_measures gives what the naive per-participant loop gives."""
    data = generate_sample(participants, seed=seed)
    members = data.members.sample(frac=kept, random_state=seed)
    on_map = set(zip(members["participant_id"], members["member_id"], strict=True))
    ties = data.ties[pd.Series([(p, a) in on_map and (p, b) in on_map for p, a, b in data.ties.itertuples(index=False)],
                               index=data.ties.index, dtype=bool)]
    files = {f"{name}.csv": csv_bytes(frame) for name, frame in
             (("participants", data.participants.sample(frac=1, random_state=seed)), ("members", members),
              ("ties", ties))}
    dataset = load_dataset(files)
    measures = compute_measures(dataset)
    expected = plain_measures(dataset)
    pd.testing.assert_frame_equal(measures, expected, check_dtype=False, rtol=1e-12)
    for name in MEASURES:
        assert pd.api.types.is_integer_dtype(measures[name]) == (name in COUNT_MEASURES), name
