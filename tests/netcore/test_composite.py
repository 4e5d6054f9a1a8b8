"""Composite maps: one made-up map per network type, from the type's average profile, never a real person's map."""

import numpy as np
import pandas as pd
import pytest

from netcore.composite import COMPOSITE_ID, composite_map
from netcore.measures import compute_measures
from netcore.model import KINDS
from netcore.problems import CompositeError
from netcore.typology import assign_types
from netcore.validation import load_dataset

MEMBER_COLUMNS = ["participant_id", "member_id", "kind", "category", "group", "circle", "formal", "contact",
                  "wellbeing", "label"]
KIND_MEASURE = {"person": "people", "place": "places", "activity": "activities"}

# Type "A": P1-P5 (worked by hand below); "B": P6-P8 (3 people); "E": P9-P13, whose maps are empty.
PARTICIPANTS = "participant_id\n" + "\n".join(f"P{i}" for i in range(1, 14)) + "\n"
HEADER = "participant_id,member_id,kind,category,circle,formal,contact,wellbeing,label\n"
MEMBERS_A = """P1,c1,person,family,1,no,daily,positive,Mum
P1,c2,person,family,1,no,daily,positive,Dad
P1,c3,person,friend,2,no,weekly,neutral,Jo from school
P1,c4,place,cafe,2,no,weekly,positive,Corner cafe
P2,m1,person,family,2,no,weekly,positive,Sister
P2,m2,person,friend,2,no,weekly,positive,Best friend
P2,m3,activity,walking,3,no,weekly,positive,Walks
P3,m1,person,family,1,no,daily,negative,Brother
P3,m2,person,practitioner,3,yes,monthly,neutral,CPN
P3,m3,place,cafe,2,no,weekly,positive,Pub
P4,m1,person,family,1,no,daily,positive,Gran
P4,m2,person,friend,3,no,less_often,positive,Old friend
P5,m1,person,family,1,no,weekly,neutral,Aunt
P5,m2,place,park,2,no,,,Park
"""
MEMBERS_B = """P6,m1,person,partner,1,no,daily,positive,Husband
P7,m1,person,friend,1,no,daily,positive,Friend
P8,m1,place,library,2,no,weekly,neutral,Library
"""
TIES = """participant_id,member_a,member_b
P1,c1,c2
P1,c1,c3
P2,m1,m2
P4,m1,m2
"""
TYPES = pd.DataFrame({"participant_id": [f"P{i}" for i in range(1, 14)],
                      "network_type": ["A"] * 5 + ["B"] * 3 + ["E"] * 5})


def built(members: str = MEMBERS_A + MEMBERS_B, ties: str | None = TIES, header: str = HEADER):
    files = {"participants.csv": PARTICIPANTS.encode(), "members.csv": (header + members).encode()}
    if ties is not None:
        files["ties.csv"] = ties.encode()
    dataset = load_dataset(files)
    return dataset, compute_measures(dataset)


@pytest.fixture(scope="module")
def sample():
    dataset = load_dataset("sample_data")
    measures = compute_measures(dataset)
    return dataset, measures, assign_types(measures, resamples=0).table


def test_worked_example_by_hand():
    dataset, measures = built()
    members, ties = composite_map(dataset, measures, TYPES, "A")
    # people: 10 over 5 maps -> 2 seats; family 6/10, friend 3/10, practitioner 1/10 of them -> 1.2, 0.6, 0.2:
    # family 1, then the one seat left to the largest remainder (friend). Places: 3/5 -> 1 seat, cafe 2 of 3.
    # Activities: 1/5 -> none.
    expected = pd.DataFrame({
        "kind": ["person", "person", "place"],
        "category": ["family", "friend", "cafe"],
        "group": ["family", "friends", "community places"],
        "circle": [1, 2, 2],  # most common circle of each category in the type
        "formal": [False, False, False],
        "contact": ["daily", "weekly", "weekly"],
        "wellbeing": ["positive", "positive", "positive"],
        "label": ["Family", "Friend", "Cafe"],
    })
    shown = members.drop(columns=["participant_id", "member_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
    assert (members["participant_id"] == COMPOSITE_ID).all()
    # mean density (1/3 + 1/3 + 0 + 1 + 0) / 5 = 1/3 of the 3 possible links -> 1 link; no two members share a
    # group, so it joins the two members in the same circle (friend and cafe).
    by_category = dict(zip(members["category"], members["member_id"], strict=True))
    assert ties[["member_a", "member_b"]].values.tolist() == [sorted([by_category["friend"], by_category["cafe"]])]


def test_member_ids_never_those_of_the_data():
    dataset, measures = built()  # P1's members are called c1..c4, the ids a composite would take first
    members, ties = composite_map(dataset, measures, TYPES, "A")
    assert not set(members["member_id"]) & set(dataset.members["member_id"])
    assert members["member_id"].is_unique
    assert set(ties["member_a"]) | set(ties["member_b"]) <= set(members["member_id"])


def test_columns_and_dtypes_are_those_of_a_dataset():
    dataset, measures = built()
    members, ties = composite_map(dataset, measures, TYPES, "A")
    assert list(members.columns) == MEMBER_COLUMNS
    assert members.dtypes.to_dict() == dataset.members.dtypes.to_dict()
    assert list(ties.columns) == ["participant_id", "member_a", "member_b"]
    assert ties.dtypes.to_dict() == dataset.ties.dtypes.to_dict()


def test_sample_types_reproduce_mean_counts_and_use_their_own_categories(sample):
    dataset, measures, types = sample
    for name in types["network_type"].unique():
        members, ties = composite_map(dataset, measures, types, name)
        ids = types.loc[types["network_type"] == name, "participant_id"]
        own = dataset.members[dataset.members["participant_id"].isin(ids)]
        means = measures[measures["participant_id"].isin(ids)][list(KIND_MEASURE.values())].mean()
        for kind in KINDS:
            count = int((members["kind"] == kind).sum())
            assert abs(count - means[KIND_MEASURE[kind]]) <= 0.5, (name, kind)
            used = set(members.loc[members["kind"] == kind, "category"])
            assert used <= set(own.loc[own["kind"] == kind, "category"]), (name, kind)
        assert members["circle"].between(1, dataset.circles).all()


def test_sample_composites_show_nothing_of_a_real_map(sample):
    dataset, measures, types = sample
    category_words = {c.replace("_", " ").capitalize() for c in dataset.vocabulary.categories}
    real_labels = set(dataset.members["label"].dropna()) - category_words  # e.g. "Walking group 1", "Sister"
    for name in types["network_type"].unique():
        members, _ = composite_map(dataset, measures, types, name)
        assert list(members["member_id"]) == [f"c{i}" for i in range(1, len(members) + 1)]
        assert not set(members["member_id"]) & set(dataset.members["member_id"])
        assert list(members["label"]) == [c.replace("_", " ").capitalize() for c in members["category"]]
        assert not set(members["label"]) & real_labels
        assert not set(members["participant_id"]) & set(dataset.participants["participant_id"])


def test_sample_ties_are_valid_and_follow_the_mean_density(sample):
    dataset, measures, types = sample
    for name in types["network_type"].unique():
        members, ties = composite_map(dataset, measures, types, name)
        ids = types.loc[types["network_type"] == name, "participant_id"]
        density = measures.loc[measures["participant_id"].isin(ids), "density"].mean()
        n = len(members)
        assert len(ties) == round(density * n * (n - 1) / 2)
        assert (ties["member_a"] < ties["member_b"]).all()
        assert not ties.duplicated(["member_a", "member_b"]).any()
        assert set(ties["member_a"]) | set(ties["member_b"]) <= set(members["member_id"])
        assert (ties["participant_id"] == COMPOSITE_ID).all()


def test_same_inputs_same_map_whatever_the_row_order(sample):
    dataset, measures, types = sample
    name = types["network_type"].iloc[0]
    first = composite_map(dataset, measures, types, name)
    shuffled = type(dataset)(dataset.participants, dataset.members.sample(frac=1, random_state=1),
                             dataset.ties.sample(frac=1, random_state=2), dataset.vocabulary)
    again = composite_map(shuffled, measures.sample(frac=1, random_state=3), types.sample(frac=1, random_state=4),
                          name)
    for made, remade in zip(first, again, strict=True):
        pd.testing.assert_frame_equal(made.reset_index(drop=True), remade.reset_index(drop=True))


def test_a_type_of_three_people_gets_no_composite_unless_suppression_is_off():
    dataset, measures = built()
    with pytest.raises(CompositeError, match="fewer than 5 people"):
        composite_map(dataset, measures, TYPES, "B")
    members, _ = composite_map(dataset, measures, TYPES, "B", suppress=False)
    assert len(members) == 1  # 2 people and 1 place over 3 maps round to 1 person and 0 places


def test_a_type_nobody_has_gets_no_composite():
    dataset, measures = built()
    for suppress in (True, False):
        with pytest.raises(CompositeError):
            composite_map(dataset, measures, TYPES, "nobody", suppress=suppress)


def test_a_type_of_empty_maps_gives_an_empty_map():
    dataset, measures = built()
    members, ties = composite_map(dataset, measures, TYPES, "E")
    assert members.empty and ties.empty
    assert list(members.columns) == MEMBER_COLUMNS
    assert members.dtypes.to_dict() == dataset.members.dtypes.to_dict()


def test_no_ties_in_the_data_gives_no_ties():
    dataset, measures = built(ties=None)
    members, ties = composite_map(dataset, measures, TYPES, "A")
    assert len(members) == 3 and ties.empty
    assert list(ties.columns) == ["participant_id", "member_a", "member_b"]


def test_no_wellbeing_recorded_leaves_the_marks_missing():
    header = "participant_id,member_id,kind,category,circle,formal,contact,label\n"
    members = "".join(",".join(np.delete(line.split(","), 7)) + "\n" for line in MEMBERS_A.splitlines())
    dataset, measures = built(members, header=header)
    made, _ = composite_map(dataset, measures, TYPES, "A")
    assert len(made) == 3
    assert made["wellbeing"].isna().all() and str(made["wellbeing"].dtype) == "string"
    assert made["contact"].notna().all()


def test_a_category_the_user_wrote_is_shown_only_when_on_five_maps():
    # P5's two places become a category outside the vocabulary (it could be a name): as the type's most common
    # place it would take the one place, but it is on one map only, so the cafe (on two maps) takes it.
    written = MEMBERS_A.replace("P5,m2,place,park,2,no,,,Park", "P5,m2,place,bobs_shed,2,no,,,Shed\n"
                                                                "P5,m3,place,bobs_shed,2,no,,,Shed 2")
    dataset, measures = built(written)
    members, _ = composite_map(dataset, measures, TYPES, "A")
    assert list(members.loc[members["kind"] == "place", "category"]) == ["cafe"]
    shown, _ = composite_map(dataset, measures, TYPES, "A", suppress=False)
    assert list(shown.loc[shown["kind"] == "place", "category"]) == ["bobs_shed"]
