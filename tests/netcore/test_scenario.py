"""'What could change' for one map: edits, the changed map's measures and type, suggestions, the download."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore import load_dataset
from netcore.io.export import csv_bytes, dataset_tables, zip_bytes
from netcore.measures import MEASURES, compute_measures
from netcore.model import Dataset
from netcore.problems import ScenarioError
from netcore.scenario import (
    SUGGESTIONS,
    Edit,
    apply_edits,
    map_measures,
    scenario_tables,
    suggested_edits,
    type_shares,
)
from netcore.typology import NetworkTypology
from tests.netcore.datasets import as_files

SMALL = load_dataset(as_files())  # P1: m1-m4 with ties m1-m2 and m3-m4; P2: one activity; P3: empty map
SAMPLE = load_dataset("sample_data")


@pytest.fixture(scope="module")
def sample_model() -> NetworkTypology:
    return NetworkTypology(n_types=3, random_state=0).fit(compute_measures(SAMPLE))


def measures_by_reloading(members: pd.DataFrame, ties: pd.DataFrame) -> pd.Series:
    """The map's measures computed independently of netcore.scenario: write the tables in the file format, load
    them back as a dataset of one participant, and run compute_measures on it."""
    owner = members["participant_id"].iloc[0] if len(members) else "someone"
    participants = pd.DataFrame({"participant_id": pd.Series([owner], dtype="string")})
    dataset = Dataset(participants, members.assign(participant_id=owner), ties.assign(participant_id=owner))
    reloaded = load_dataset({"map.zip": zip_bytes(dataset_tables(dataset))})
    return compute_measures(reloaded).drop(columns="participant_id").iloc[0]


def assert_same_measures(found: pd.Series, expected: pd.Series) -> None:
    pd.testing.assert_series_equal(found.astype(float), expected.astype(float), check_names=False)


# Each kind of edit on a small built map

def test_add_a_member_reads_words_through_the_vocabulary() -> None:
    members, ties = SMALL.one_map("P1")
    changed, changed_ties = apply_edits(members, ties, [Edit("add", kind="People", category="Mum", circle=1,
                                                             wellbeing="good")], circles=3)
    added = changed[changed["member_id"] == "new1"].iloc[0]
    assert len(changed) == len(members) + 1
    assert (added["participant_id"], added["kind"], added["category"], added["group"]) == ("P1", "person", "family",
                                                                                          "family")
    assert (added["circle"], bool(added["formal"]), added["wellbeing"]) == (1, False, "positive")
    assert pd.isna(added["contact"])
    assert added["label"] == "family"
    pd.testing.assert_frame_equal(changed_ties, ties.reset_index(drop=True))


def test_an_added_service_is_formal_and_keeps_its_label() -> None:
    members, ties = SMALL.one_map("P1")
    changed, _ = apply_edits(members, ties, [Edit("add", kind="person", category="CPN", circle=2, label="Nurse")], 3)
    added = changed.iloc[-1]
    assert (added["category"], added["group"], bool(added["formal"])) == ("practitioner", "services", True)
    assert added["label"] == "Nurse"
    assert pd.isna(added["wellbeing"])


def test_a_category_outside_the_vocabulary_is_kept_in_group_other() -> None:
    members, ties = SMALL.one_map("P1")
    changed, _ = apply_edits(members, ties, [Edit("add", kind="activity", category="Bird Watching", circle=3)], 3)
    added = changed.iloc[-1]
    assert (added["category"], added["group"], bool(added["formal"])) == ("bird_watching", "other", False)
    assert added["label"] == "bird watching"


def test_edited_tables_keep_the_dataset_dtypes() -> None:
    members, ties = SMALL.one_map("P1")
    changed, changed_ties = apply_edits(members, ties, [Edit("add", kind="place", category="cafe", circle=2),
                                                        Edit("remove", member_id="m2")], 3)
    assert changed.dtypes.to_dict() == members.dtypes.to_dict()
    assert changed_ties.dtypes.to_dict() == ties.dtypes.to_dict()
    assert list(changed.index) == list(range(len(changed)))


def test_fresh_ids_never_clash_with_the_maps_ids() -> None:
    text = "participant_id,member_id,kind,category,circle\nP1,new1,person,friend,1\nP1,new3,person,friend,2\n"
    members, ties = load_dataset(as_files(members=text, ties=None)).one_map("P1")
    add = Edit("add", kind="person", category="friend", circle=1)
    changed, _ = apply_edits(members, ties, [add, add, add], circles=2)
    assert list(changed["member_id"]) == ["new1", "new3", "new2", "new4", "new5"]


def test_a_removed_new_members_id_is_not_given_again() -> None:
    members, ties = SMALL.one_map("P1")
    add = Edit("add", kind="person", category="friend", circle=1)
    changed, _ = apply_edits(members, ties, [add, Edit("remove", member_id="new1"), add], circles=3)
    assert "new1" not in set(changed["member_id"])
    assert "new2" in set(changed["member_id"])


def test_an_add_may_name_its_id_but_never_one_the_map_has() -> None:
    members, ties = SMALL.one_map("P1")
    changed, _ = apply_edits(members, ties, [Edit("add", member_id="x7", kind="place", category="park", circle=3)], 3)
    assert changed.iloc[-1]["member_id"] == "x7"
    with pytest.raises(ScenarioError, match="already"):
        apply_edits(members, ties, [Edit("add", member_id="m2", kind="place", category="park", circle=3)], 3)
    with pytest.raises(ScenarioError, match="already"):
        apply_edits(members, ties, [Edit("add", member_id="x7", kind="place", category="park", circle=3)] * 2, 3)


def test_removing_a_member_removes_its_ties() -> None:
    members, ties = SMALL.one_map("P1")
    changed, changed_ties = apply_edits(members, ties, [Edit("remove", member_id="m1")], circles=3)
    assert "m1" not in set(changed["member_id"])
    assert len(changed) == len(members) - 1
    assert list(map(tuple, changed_ties[["member_a", "member_b"]].to_numpy())) == [("m3", "m4")]


def test_move_and_mark() -> None:
    members, ties = SMALL.one_map("P1")
    changed, _ = apply_edits(members, ties, [Edit("move", member_id="m4", circle=1),
                                             Edit("mark", member_id="m2", wellbeing="unhelpful"),
                                             Edit("mark", member_id="m1", wellbeing=None)], circles=3)
    by_id = changed.set_index("member_id")
    assert by_id.loc["m4", "circle"] == 1
    assert by_id.loc["m2", "wellbeing"] == "negative"
    assert pd.isna(by_id.loc["m1", "wellbeing"])
    untouched = ["m3"]
    pd.testing.assert_frame_equal(by_id.loc[untouched], members.set_index("member_id").loc[untouched])


@pytest.mark.parametrize("circle", [1, 2, 3])
def test_adds_and_moves_go_to_any_circle_of_the_map(circle: int) -> None:
    members, ties = SMALL.one_map("P1")
    changed, _ = apply_edits(members, ties, [Edit("add", kind="place", category="park", circle=circle),
                                             Edit("move", member_id="m3", circle=circle)], circles=3)
    assert changed.set_index("member_id").loc[["new1", "m3"], "circle"].tolist() == [circle, circle]


def test_edits_apply_in_order() -> None:
    members, ties = SMALL.one_map("P1")
    changed, _ = apply_edits(members, ties, [Edit("move", member_id="m2", circle=3),
                                             Edit("move", member_id="m2", circle=1)], circles=3)
    assert changed.set_index("member_id").loc["m2", "circle"] == 1


def test_inputs_are_never_changed() -> None:
    members, ties = SMALL.one_map("P1")
    before_members, before_ties = members.copy(), ties.copy()
    edits = [Edit("move", member_id="m1", circle=3), Edit("mark", member_id="m2", wellbeing="negative"),
             Edit("remove", member_id="m3"), Edit("add", kind="place", category="cafe", circle=1)]
    apply_edits(members, ties, edits, circles=3)
    pd.testing.assert_frame_equal(members, before_members)
    pd.testing.assert_frame_equal(ties, before_ties)
    pd.testing.assert_frame_equal(SMALL.members, load_dataset(as_files()).members)


def test_no_edits_give_the_same_map() -> None:
    members, ties = SMALL.one_map("P1")
    changed, changed_ties = apply_edits(members, ties, [], circles=3)
    pd.testing.assert_frame_equal(changed, members.reset_index(drop=True))
    pd.testing.assert_frame_equal(changed_ties, ties.reset_index(drop=True))


# Measures of the changed map

EDITS = [Edit("add", kind="activity", category="art group", circle=2, wellbeing="positive"),
         Edit("add", kind="person", category="sister", circle=1, wellbeing="negative"),
         Edit("remove", member_id="m4"),
         Edit("move", member_id="m2", circle=1),
         Edit("mark", member_id="m1", wellbeing="neutral")]


def test_measures_after_edits_equal_compute_measures_on_the_reloaded_map() -> None:
    members, ties = SMALL.one_map("P1")
    changed, changed_ties = apply_edits(members, ties, EDITS, circles=3)
    found = map_measures(changed, changed_ties)
    assert list(found.index) == list(MEASURES)
    assert_same_measures(found, measures_by_reloading(changed, changed_ties))
    before = map_measures(members, ties)
    assert found["size"] == before["size"] + 1
    assert found["ties"] == before["ties"] - 1  # m3-m4 went with m4


def test_measures_of_an_unchanged_map_are_that_participants_row() -> None:
    whole = compute_measures(SAMPLE).set_index("participant_id")
    for participant in SAMPLE.participants["participant_id"].iloc[:10]:
        assert_same_measures(map_measures(*SAMPLE.one_map(participant)), whole.loc[participant])


def test_measures_after_edits_on_sample_maps() -> None:
    for participant in SAMPLE.participants["participant_id"].iloc[:8]:
        members, ties = SAMPLE.one_map(participant)
        first, last = members["member_id"].iloc[0], members["member_id"].iloc[-1]
        edits = [Edit("remove", member_id=first), Edit("move", member_id=last, circle=1),
                 Edit("add", kind="place", category="library", circle=SAMPLE.circles, wellbeing="positive")]
        changed, changed_ties = apply_edits(members, ties, edits, SAMPLE.circles)
        assert not ((changed_ties["member_a"] == first) | (changed_ties["member_b"] == first)).any()
        assert_same_measures(map_measures(changed, changed_ties), measures_by_reloading(changed, changed_ties))


def test_an_empty_map_can_be_added_to() -> None:
    members, ties = SMALL.one_map("P3")
    assert members.empty
    assert map_measures(members, ties)["size"] == 0
    assert np.isnan(map_measures(members, ties)["inner_share"])
    changed, changed_ties = apply_edits(members, ties, [Edit("add", kind="place", category="park", circle=2),
                                                        Edit("add", kind="person", category="friend", circle=1)], 3)
    assert list(changed["member_id"]) == ["new1", "new2"]
    assert changed_ties.empty
    found = map_measures(changed, changed_ties)
    assert (found["size"], found["places"], found["people"], found["inner"]) == (2, 1, 1, 1)
    assert_same_measures(found, measures_by_reloading(changed, changed_ties))


def test_a_map_with_no_ties() -> None:
    dataset = load_dataset(as_files(ties=None))
    members, ties = dataset.one_map("P1")
    changed, changed_ties = apply_edits(members, ties, [Edit("remove", member_id="m1"),
                                                        Edit("add", kind="person", category="peer", circle=3)], 3)
    assert changed_ties.empty
    found = map_measures(changed, changed_ties)
    assert (found["ties"], found["density"]) == (0, 0.0)
    assert_same_measures(found, measures_by_reloading(changed, changed_ties))


# Refused edits

@pytest.mark.parametrize(("edit", "words"), [
    (Edit("remove", member_id="secret-id-77"), "no connection"),
    (Edit("move", member_id="secret-id-77", circle=1), "no connection"),
    (Edit("mark", member_id="secret-id-77", wellbeing="positive"), "no connection"),
    (Edit("remove"), "which connection"),
    (Edit("add", kind="secret-kind-77", category="friend", circle=1), "person, place or activity"),
    (Edit("add", category="friend", circle=1), "person, place or activity"),
    (Edit("add", kind="person", circle=1), "category"),
    (Edit("add", kind="person", category="  ", circle=1), "category"),
    (Edit("add", kind="person", category="friend"), "circle"),
    (Edit("add", kind="person", category="friend", circle=0), "circle"),
    (Edit("add", kind="person", category="friend", circle=4), "circle"),
    (Edit("move", member_id="m1", circle=4), "circle"),
    (Edit("move", member_id="m1", circle=2.5), "circle"),  # type: ignore[arg-type]
    (Edit("move", member_id="m1", circle=True), "circle"),
    (Edit("move", member_id="m1"), "circle"),
    (Edit("add", kind="person", category="friend", circle=1, wellbeing="secret-word-77"), "good, neutral or bad"),
    (Edit("mark", member_id="m1", wellbeing="secret-word-77"), "good, neutral or bad"),
    (Edit("rename", member_id="m1"), "add, remove, move or mark"),  # type: ignore[arg-type]
])
def test_refused_edits_say_why_without_quoting_the_value(edit: Edit, words: str) -> None:
    members, ties = SMALL.one_map("P1")
    with pytest.raises(ScenarioError, match=words) as refused:
        apply_edits(members, ties, [edit], circles=3)
    message = str(refused.value)
    assert "secret" not in message
    assert "\n" not in message and "Traceback" not in message
    assert isinstance(refused.value, ValueError)


def test_an_edit_after_a_removal_cannot_use_the_removed_member() -> None:
    members, ties = SMALL.one_map("P1")
    with pytest.raises(ScenarioError, match="no connection"):
        apply_edits(members, ties, [Edit("remove", member_id="m1"), Edit("move", member_id="m1", circle=2)], 3)


def test_a_circle_count_outside_the_maps_limits_is_refused() -> None:
    members, ties = SMALL.one_map("P1")
    with pytest.raises(ScenarioError, match="circles"):
        apply_edits(members, ties, [], circles=8)
    with pytest.raises(ScenarioError, match="circles"):
        suggested_edits(SUGGESTIONS[0], members, circles=0)


def test_a_map_whose_ids_repeat_is_refused_not_silently_shortened() -> None:
    members, ties = SMALL.one_map("P1")
    repeated = pd.concat([members, members.iloc[[0]]], ignore_index=True)
    with pytest.raises(ScenarioError, match="same id"):
        apply_edits(repeated, ties, [], circles=3)


def test_tables_of_two_maps_are_refused() -> None:
    with pytest.raises(ScenarioError, match="one map"):
        apply_edits(SMALL.members, SMALL.ties, [], circles=3)


# Describing edits

def test_edits_describe_themselves_in_plain_words() -> None:
    assert Edit("add", kind="place", category="cafe", circle=2, wellbeing="good").describe() == \
        "Added a place (cafe) in circle 2, marked good for them"
    assert Edit("add", kind="activity", category="art_group", circle=1).describe() == \
        "Added an activity (art group) in circle 1, not marked"
    assert Edit("remove", member_id="m3").describe() == "Removed m3"
    assert Edit("move", member_id="m3", circle=1).describe() == "Moved m3 to circle 1"
    assert Edit("mark", member_id="m3", wellbeing="negative").describe() == "Marked m3 as bad for them"
    assert Edit("mark", member_id="m3").describe() == "Took the well-being mark off m3"


# How sure: a share per type

def test_type_shares_sum_to_one_and_peak_at_the_predicted_type(sample_model: NetworkTypology) -> None:
    measures = compute_measures(SAMPLE)
    shares = type_shares(sample_model, measures)
    assert list(shares.columns) == [0, 1, 2]
    assert list(shares.index) == list(measures.index)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert ((shares >= 0) & (shares <= 1)).all().all()
    np.testing.assert_array_equal(shares.to_numpy().argmax(axis=1), sample_model.predict(measures))


def test_type_shares_fall_as_the_distance_to_a_type_grows(sample_model: NetworkTypology) -> None:
    measures = compute_measures(SAMPLE).iloc[:30]
    shares = type_shares(sample_model, measures).to_numpy()
    distances = sample_model.transform(measures)
    for row_shares, row_distances in zip(shares, distances, strict=True):
        order = np.argsort(row_distances)
        assert np.all(np.diff(row_shares[order]) <= 1e-15)


def test_type_shares_follow_the_documented_rule_at_centres_and_halfway(sample_model: NetworkTypology) -> None:
    """At a type's centre the share is 1 / (1 + sum of exp(-|c - c_j|^2 / 2) over the other centres c_j); halfway
    between two centres those two types get equal shares."""
    centres = sample_model.cluster_centers_
    points = np.vstack([centres, (centres[0] + centres[1]) / 2])
    measures = pd.DataFrame(sample_model.scaler_.inverse_transform(points), columns=list(sample_model.features))
    shares = type_shares(sample_model, measures).to_numpy()
    for k, centre in enumerate(centres):
        others = [j for j in range(len(centres)) if j != k]
        expected = 1 / (1 + sum(np.exp(-np.sum((centre - centres[j]) ** 2) / 2) for j in others))
        assert shares[k, k] == pytest.approx(expected)
    assert shares[-1, 0] == pytest.approx(shares[-1, 1])


def test_type_of_edited_maps_is_the_models_prediction(sample_model: NetworkTypology) -> None:
    rows = []
    for participant in SAMPLE.participants["participant_id"].iloc[:20]:
        members, ties = SAMPLE.one_map(participant)
        for suggestion in SUGGESTIONS:
            try:
                edits = suggested_edits(suggestion, members, SAMPLE.circles)
            except ScenarioError:
                continue
            rows.append(map_measures(*apply_edits(members, ties, edits, SAMPLE.circles)))
    edited = pd.DataFrame(rows).reset_index(drop=True)
    shares = type_shares(sample_model, edited)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    np.testing.assert_array_equal(shares.to_numpy().argmax(axis=1), sample_model.predict(edited))


def test_type_shares_of_a_map_far_from_every_type_are_still_shares(sample_model: NetworkTypology) -> None:
    members, ties = SAMPLE.one_map(SAMPLE.participants["participant_id"].iloc[0])
    many = [Edit("add", kind="activity", category="walking", circle=1)] * 300
    huge = map_measures(*apply_edits(members, ties, many, SAMPLE.circles)).to_frame().T
    shares = type_shares(sample_model, huge)
    assert np.isfinite(shares.to_numpy()).all()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert shares.to_numpy().argmax(axis=1)[0] == sample_model.predict(huge)[0]


# Suggested changes

def first_map_with(condition) -> tuple[pd.DataFrame, pd.DataFrame]:
    for participant in SAMPLE.participants["participant_id"]:
        members, ties = SAMPLE.one_map(participant)
        if condition(members):
            return members, ties
    raise AssertionError("the sample has no such map")


def test_joining_a_weekly_group_adds_one_good_activity_that_is_not_a_service() -> None:
    members, ties = SAMPLE.one_map(SAMPLE.participants["participant_id"].iloc[0])
    edits = suggested_edits("joins a weekly group", members, SAMPLE.circles)
    changed, changed_ties = apply_edits(members, ties, edits, SAMPLE.circles)
    before, after = map_measures(members, ties), map_measures(changed, changed_ties)
    assert after["activities"] == before["activities"] + 1
    assert after["size"] == before["size"] + 1
    assert after["positive"] == before["positive"] + 1
    assert after["formal_members"] == before["formal_members"]
    added = changed.iloc[-1]
    assert added["circle"] == 2  # the middle of three rings
    assert added["category"] in SAMPLE.vocabulary.categories


def test_going_to_a_cafe_or_library_adds_a_place() -> None:
    members, ties = SMALL.one_map("P1")
    edits = suggested_edits("goes to a cafe or library", members, 3)
    changed, changed_ties = apply_edits(members, ties, edits, 3)
    before, after = map_measures(members, ties), map_measures(changed, changed_ties)
    assert after["places"] == before["places"] + 1
    assert after["positive"] == before["positive"] + 1
    assert changed.iloc[-1]["category"] in {"cafe", "library"}


def test_losing_touch_with_a_service_removes_the_least_close_one() -> None:
    members, ties = first_map_with(lambda m: m["formal"].sum() >= 2 and m.loc[m["formal"], "circle"].nunique() > 1)
    edits = suggested_edits("loses touch with a service", members, SAMPLE.circles)
    assert [e.action for e in edits] == ["remove"]
    gone = members.set_index("member_id").loc[edits[0].member_id]
    assert gone["formal"]
    assert gone["circle"] == members.loc[members["formal"], "circle"].max()
    changed, changed_ties = apply_edits(members, ties, edits, SAMPLE.circles)
    assert map_measures(changed, changed_ties)["formal_members"] == members["formal"].sum() - 1


def test_a_family_member_becoming_closer_moves_the_least_close_one_circle_in() -> None:
    def family(m: pd.DataFrame) -> pd.DataFrame:
        return m[(m["kind"] == "person") & (m["group"] == "family")]
    members, ties = first_map_with(lambda m: len(family(m)) and family(m)["circle"].max() == SAMPLE.circles)
    edits = suggested_edits("a family member becomes closer", members, SAMPLE.circles)
    assert [(e.action, e.circle) for e in edits] == [("move", SAMPLE.circles - 1)]
    moved = members.set_index("member_id").loc[edits[0].member_id]
    assert moved["group"] == "family" and moved["circle"] == SAMPLE.circles
    changed, changed_ties = apply_edits(members, ties, edits, SAMPLE.circles)
    assert map_measures(changed, changed_ties)["mean_circle"] < map_measures(members, ties)["mean_circle"]


def test_a_suggestion_that_cannot_apply_says_why() -> None:
    no_service = "participant_id,member_id,kind,category,circle\nP1,a,person,family,1\nP1,b,place,park,2\n"
    members, _ = load_dataset(as_files(members=no_service, ties=None)).one_map("P1")
    with pytest.raises(ScenarioError, match="no service"):
        suggested_edits("loses touch with a service", members, 2)
    with pytest.raises(ScenarioError, match="closest circle"):
        suggested_edits("a family member becomes closer", members, 2)
    empty, _ = SMALL.one_map("P3")
    with pytest.raises(ScenarioError, match="no family"):
        suggested_edits("a family member becomes closer", empty, 3)
    with pytest.raises(ScenarioError, match="no service"):
        suggested_edits("loses touch with a service", empty, 3)
    with pytest.raises(ScenarioError, match="suggestion"):
        suggested_edits("wins the lottery", empty, 3)


@pytest.mark.parametrize("suggestion", ["joins a weekly group", "goes to a cafe or library"])
def test_adding_suggestions_work_on_an_empty_map_with_one_circle(suggestion: str) -> None:
    members, ties = SMALL.one_map("P3")
    edits = suggested_edits(suggestion, members, circles=1)
    changed, _ = apply_edits(members, ties, edits, circles=1)
    assert list(changed["circle"]) == [1]


def test_every_suggestion_is_known() -> None:
    members, _ = SMALL.one_map("P1")  # has family in circle 1 only, so that one suggestion is refused
    for suggestion in SUGGESTIONS:
        try:
            edits = suggested_edits(suggestion, members, 3)
        except ScenarioError as refused:
            assert "suggestion" not in str(refused)
            continue
        assert edits and all(isinstance(edit, Edit) for edit in edits)


# The download

def test_scenario_tables_round_trip_through_load_dataset() -> None:
    members, ties = SMALL.one_map("P1")
    changed, changed_ties = apply_edits(members, ties, EDITS, circles=3)
    tables = scenario_tables(changed, changed_ties)
    assert set(tables) == {"participants", "members", "ties"}
    assert tables["participants"].to_dict("list") == {"participant_id": ["changed_map"]}
    assert "group" not in tables["members"].columns
    assert set(tables["members"]["formal"]) <= {"yes", "no"}
    assert set(tables["members"]["participant_id"]) == {"changed_map"}
    assert set(tables["ties"]["participant_id"]) == {"changed_map"}
    written = {name: csv_bytes(frame) for name, frame in tables.items()}
    assert all(b"P1" not in data for data in written.values())
    reloaded = load_dataset({f"{name}.csv": data for name, data in written.items()})  # loads back as it is
    again, again_ties = reloaded.one_map("changed_map")
    pd.testing.assert_frame_equal(again.drop(columns="participant_id"), changed.drop(columns="participant_id"))
    pd.testing.assert_frame_equal(again_ties.drop(columns="participant_id"),
                                  changed_ties.drop(columns="participant_id"))
    assert_same_measures(map_measures(again, again_ties), map_measures(changed, changed_ties))


def test_scenario_tables_of_an_empty_map_have_the_file_columns() -> None:
    members, ties = SMALL.one_map("P3")
    tables = scenario_tables(members, ties)
    assert list(tables["members"].columns) == ["participant_id", "member_id", "kind", "category", "circle", "formal",
                                               "contact", "wellbeing", "label"]
    assert list(tables["ties"].columns) == ["participant_id", "member_a", "member_b"]
    reloaded = load_dataset({"participants.csv": b"participant_id\nchanged_map\n",
                             "members.csv": csv_bytes(tables["members"]), "ties.csv": csv_bytes(tables["ties"])})
    assert reloaded.members.empty and reloaded.ties.empty


# Any sequence of valid edits keeps the map well formed

@st.composite
def valid_edits(draw: st.DrawFn, participant: str) -> tuple[pd.DataFrame, pd.DataFrame, list[Edit]]:
    """A map of the small or sample data and a sequence of edits, each valid on the map the ones before made."""
    dataset = SMALL if participant in set(SMALL.participants["participant_id"]) else SAMPLE
    members, ties = dataset.one_map(participant)
    circles = 3
    edits: list[Edit] = []
    current = members
    for _ in range(draw(st.integers(0, 8))):
        ids = list(current["member_id"])
        actions = ["add"] + (["remove", "move", "mark"] if ids else [])
        action = draw(st.sampled_from(actions))
        if action == "add":
            edit = Edit("add", kind=draw(st.sampled_from(["person", "place", "activity", "Places"])),
                        category=draw(st.sampled_from(["friend", "mum", "cafe", "CPN", "walking", "own word"])),
                        circle=draw(st.integers(1, circles)),
                        wellbeing=draw(st.sampled_from([None, "positive", "neutral", "bad"])),
                        label=draw(st.sampled_from([None, "", "Someone"])))
        elif action == "remove":
            edit = Edit("remove", member_id=draw(st.sampled_from(ids)))
        elif action == "move":
            edit = Edit("move", member_id=draw(st.sampled_from(ids)), circle=draw(st.integers(1, circles)))
        else:
            edit = Edit("mark", member_id=draw(st.sampled_from(ids)),
                        wellbeing=draw(st.sampled_from([None, "positive", "neutral", "negative"])))
        edits.append(edit)
        current, _ = apply_edits(members, ties, edits, circles)
    return members, ties, edits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_valid_edits_keep_ids_unique_and_ties_between_members(data: st.DataObject) -> None:
    participant = data.draw(st.sampled_from(["P1", "P2", "P3", "P0001", "P0002", "P0003"]))
    members, ties, edits = data.draw(valid_edits(participant))
    changed, changed_ties = apply_edits(members, ties, edits, circles=3)
    ids = set(changed["member_id"])
    assert changed["member_id"].is_unique
    assert changed_ties["member_a"].isin(ids).all() and changed_ties["member_b"].isin(ids).all()
    assert set(map(tuple, changed_ties[["member_a", "member_b"]].to_numpy())) <= \
        set(map(tuple, ties[["member_a", "member_b"]].to_numpy()))
    assert changed["circle"].between(1, 3).all()
    assert changed["participant_id"].nunique() <= 1
    adds = sum(edit.action == "add" for edit in edits)
    removes = sum(edit.action == "remove" for edit in edits)
    assert len(changed) == len(members) + adds - removes
    assert map_measures(changed, changed_ties)["size"] == len(changed)


def test_an_edit_names_its_member_by_the_name_given():
    edit = Edit("move", member_id="m3", circle=1)
    assert edit.describe() == "Moved m3 to circle 1"
    assert edit.describe({"m3": "Sister"}) == "Moved Sister to circle 1"
    assert Edit("remove", member_id="m3").describe({"m3": "CPN"}) == "Removed CPN"
