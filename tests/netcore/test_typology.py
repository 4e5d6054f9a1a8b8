"""Network types: planted-type recovery, the naming rule, determinism, the sklearn contract, degenerate inputs and
the quality figures (silhouette, bootstrap stability, confidence, typicality, medoids, choose-k)."""

from __future__ import annotations

import math
import re
from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from netcore import compute_measures, load_dataset
from netcore.io.export import csv_bytes, write_folder
from netcore.problems import TypologyError
from netcore.sample import SampleData, generate_sample
from netcore.typology import (
    DEFAULT_FEATURES,
    STUDY_TYPES,
    NetworkTypology,
    assign_types,
    bootstrap_agreement,
    choose_k_table,
    describe_quality,
    descriptive_names,
    name_types,
    shown_names,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = ROOT / "sample_data"
NAMING_COLUMNS = ["size", "diversity", "family_share", "formal_share"]
DESCRIPTIVE_NAME = re.compile(r"^(more|fewer|less) [a-z ]+, (more|fewer|less) [a-z ]+( \(\d+\))?$")


def tables(data: SampleData) -> dict[str, pd.DataFrame]:
    return {"participants": data.participants, "members": data.members, "ties": data.ties}


def measures_of(data: SampleData) -> pd.DataFrame:
    """Measures the way users get them: generated tables -> CSV bytes -> loader -> compute_measures."""
    return compute_measures(load_dataset({f"{name}.csv": csv_bytes(frame) for name, frame in tables(data).items()}))


def truth_of(data: SampleData, measures: pd.DataFrame) -> np.ndarray:
    return data.planted_type.loc[measures["participant_id"]].to_numpy()


def majority_truth(found: np.ndarray, truth: np.ndarray) -> dict[str, str]:
    """For each found type name: the planted type most of its members have."""
    return pd.crosstab(pd.Series(found, name="found"), pd.Series(truth, name="truth")).idxmax(axis=1).to_dict()


def rule_names(means: pd.DataFrame) -> dict[object, str]:
    """The documented k=3 naming rule, written out independently of netcore: every way of handing out the three
    study names is scored with the standardised (population sd) cluster means, undefined shares counting as 0;
    "diverse and active" scores size + diversity, "family and stable" family share, "formal and sparse" formal
    share - size. The best total wins. Returns cluster key -> name."""
    values = means[NAMING_COLUMNS].astype(float).fillna(0.0)
    z = {}
    for column in NAMING_COLUMNS:
        spread = float(np.sqrt(((values[column] - values[column].mean()) ** 2).mean()))
        z[column] = (values[column] - values[column].mean()) / (spread if spread > 0 else 1.0)
    score = {
        "diverse and active": lambda c: z["size"][c] + z["diversity"][c],
        "family and stable": lambda c: z["family_share"][c],
        "formal and sparse": lambda c: z["formal_share"][c] - z["size"][c],
    }
    totals = {order: sum(score[name](cluster) for name, cluster in zip(STUDY_TYPES, order, strict=True))
              for order in permutations(values.index)}
    best = max(totals.values())
    winners = [order for order, total in totals.items() if math.isclose(total, best)]
    assert len(winners) == 1, "the constructed case must not be a tie under the rule"
    return {cluster: name for name, cluster in zip(STUDY_TYPES, winners[0], strict=True)}


@pytest.fixture(scope="module")
def sample_measures() -> pd.DataFrame:
    return compute_measures(load_dataset(SAMPLE_DATA))


@pytest.fixture(scope="module")
def default_types(sample_measures):
    return assign_types(sample_measures, resamples=10)


# ---------------------------------------------------------------------------------------------------------------
# Recovery of the generator's planted types
# ---------------------------------------------------------------------------------------------------------------
def check_recovery(data: SampleData, measures: pd.DataFrame) -> None:
    table = assign_types(measures, resamples=2).table
    truth = truth_of(data, measures)
    assert adjusted_rand_score(truth, table["network_type"]) >= 0.8
    assert sorted(table["network_type"].unique()) == sorted(STUDY_TYPES)
    # every found type carries the name of the planted type most of its members have
    assert majority_truth(table["network_type"].to_numpy(), truth) == {name: name for name in STUDY_TYPES}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recovers_planted_types_and_names_them_right(seed):
    data = generate_sample(150, seed=seed)
    check_recovery(data, measures_of(data))


def test_recovers_planted_types_on_600_maps_read_from_a_folder(tmp_path):
    data = generate_sample(600, seed=5)
    write_folder(tables(data), tmp_path / "d")
    check_recovery(data, compute_measures(load_dataset(tmp_path / "d")))


# ---------------------------------------------------------------------------------------------------------------
# Determinism and prediction
# ---------------------------------------------------------------------------------------------------------------
def test_same_seed_gives_the_same_table(sample_measures):
    first = assign_types(sample_measures, random_state=4, resamples=3)
    second = assign_types(sample_measures, random_state=4, resamples=3)
    pd.testing.assert_frame_equal(first.table, second.table)
    assert first.stability == second.stability
    pd.testing.assert_series_equal(first.medoids, second.medoids)


def test_predict_on_training_data_gives_the_labels(sample_measures):
    model = NetworkTypology(random_state=2).fit(sample_measures)
    np.testing.assert_array_equal(model.predict(sample_measures), model.labels_)
    distances = model.transform(sample_measures)
    assert distances.shape == (len(sample_measures), 3)
    assert (distances >= 0).all()


def test_predict_types_new_participants_sensibly(sample_measures):
    model = NetworkTypology().fit(sample_measures)
    new = generate_sample(300, seed=99)
    new_measures = measures_of(new)
    found = np.asarray(model.names_, dtype=object)[model.predict(new_measures)]
    truth = truth_of(new, new_measures)
    assert adjusted_rand_score(truth, found) >= 0.7
    assert majority_truth(found, truth) == {name: name for name in STUDY_TYPES}


def test_predict_counts_undefined_shares_as_none(sample_measures):
    model = NetworkTypology().fit(sample_measures)
    empty_map = sample_measures.head(1).copy()
    empty_map[[c for c in empty_map.columns if c != "participant_id"]] = 0
    as_nan = empty_map.copy()
    as_nan[["inner_share", "family_share", "formal_share"]] = np.nan
    np.testing.assert_allclose(model.transform(as_nan), model.transform(empty_map))


# ---------------------------------------------------------------------------------------------------------------
# scikit-learn contract
# ---------------------------------------------------------------------------------------------------------------
def test_get_set_params_and_clone():
    model = NetworkTypology(n_types=4, features=("people", "places"), random_state=7)
    assert model.get_params() == {"n_types": 4, "features": ("people", "places"), "random_state": 7}
    assert model.set_params(n_types=5, random_state=1) is model
    assert (model.n_types, model.random_state) == (5, 1)
    copy = clone(model)
    assert copy is not model
    assert copy.get_params() == model.get_params()
    with pytest.raises(ValueError):
        model.set_params(not_a_parameter=1)


def test_fit_returns_self_and_fit_predict_matches_labels(sample_measures):
    model = NetworkTypology(random_state=3)
    assert model.fit(sample_measures) is model
    check_is_fitted(model)
    assert len(model.labels_) == len(sample_measures)
    assert model.cluster_centers_.shape == (3, len(DEFAULT_FEATURES))
    np.testing.assert_array_equal(NetworkTypology(random_state=3).fit_predict(sample_measures), model.labels_)
    unfitted = clone(model)
    with pytest.raises(NotFittedError):
        check_is_fitted(unfitted)
    np.testing.assert_array_equal(unfitted.fit(sample_measures).labels_, model.labels_)


def test_profiles_are_the_mean_raw_measures_per_type(sample_measures):
    model = NetworkTypology().fit(sample_measures)
    assert list(model.profiles_.index) == [0, 1, 2]
    for k in range(3):
        members = sample_measures[model.labels_ == k]
        assert model.profiles_.loc[k, "size"] == pytest.approx(members["size"].mean())
        assert model.profiles_.loc[k, "family_share"] == pytest.approx(members["family_share"].mean())


# ---------------------------------------------------------------------------------------------------------------
# The naming rule on profiles we control
# ---------------------------------------------------------------------------------------------------------------
def constructed_measures(groups: dict[str, dict[str, float]], sizes: dict[str, int], seed: int = 0
                         ) -> tuple[pd.DataFrame, np.ndarray]:
    """A measures table of tight, far-apart groups with chosen profiles (tiny jitter), and each row's group."""
    rng = np.random.default_rng(seed)
    rows, keys = [], []
    for key, profile in groups.items():
        for _ in range(sizes[key]):
            row = {name: value * (1 + rng.normal(0, 0.01)) for name, value in profile.items()}
            row["size"] = row["people"] + row["places"] + row["activities"]
            rows.append(row)
            keys.append(key)
    frame = pd.DataFrame(rows)
    frame.insert(0, "participant_id", [f"C{i:03d}" for i in range(len(frame))])
    return frame, np.array(keys)


PLAIN = {
    "a": dict(people=14, places=4, activities=4, diversity=6, family_share=0.2, formal_share=0.05, inner_share=0.3),
    "b": dict(people=9, places=1, activities=1, diversity=2, family_share=0.8, formal_share=0.1, inner_share=0.6),
    "c": dict(people=3, places=1, activities=0.5, diversity=1, family_share=0.1, formal_share=0.7, inner_share=0.2),
}
# The group with the highest formal share ("mid") is not the smallest; scored on formal share alone it would be
# "formal and sparse", but the rule (formal share minus size) gives that name to the small group, and "family and
# stable" to "mid", whose family share is about the small group's.
FORMAL_NOT_SMALLEST = {
    "big": dict(people=20, places=6, activities=4, diversity=7, family_share=0.2, formal_share=0.05,
                inner_share=0.3),
    "mid": dict(people=11, places=2, activities=2, diversity=3, family_share=0.36, formal_share=0.5,
                inner_share=0.5),
    "small": dict(people=2, places=0.7, activities=0.3, diversity=1, family_share=0.35, formal_share=0.3,
                  inner_share=0.4),
}
# One group is both the biggest and the most family-heavy: names cannot be picked one at a time.
CONFLICT = {
    "x": dict(people=24, places=3, activities=3, diversity=7, family_share=0.6, formal_share=0.05, inner_share=0.5),
    "y": dict(people=14, places=2, activities=2, diversity=4, family_share=0.1, formal_share=0.1, inner_share=0.3),
    "z": dict(people=3, places=1, activities=1, diversity=1, family_share=0.5, formal_share=0.5, inner_share=0.2),
}


@pytest.mark.parametrize("groups", [PLAIN, FORMAL_NOT_SMALLEST, CONFLICT], ids=["plain", "formal-not-smallest",
                                                                               "conflict"])
def test_names_follow_the_documented_rule(groups):
    sizes = dict(zip(groups, (40, 25, 15), strict=True))
    measures, keys = constructed_measures(groups, sizes)
    model = NetworkTypology().fit(measures)
    assert adjusted_rand_score(keys, model.labels_) == 1.0  # the groups are found exactly
    expected = rule_names(measures.groupby(keys).mean(numeric_only=True))
    found = {key: model.names_[model.labels_[keys == key][0]] for key in groups}
    assert found == expected


def test_formal_name_goes_by_the_rule_not_by_the_highest_formal_share():
    measures, keys = constructed_measures(FORMAL_NOT_SMALLEST, {"big": 30, "mid": 30, "small": 30})
    model = NetworkTypology().fit(measures)
    named = {key: model.names_[model.labels_[keys == key][0]] for key in FORMAL_NOT_SMALLEST}
    means = measures.groupby(keys).mean(numeric_only=True)
    assert means["formal_share"].idxmax() == "mid" and means["size"].idxmin() == "small"  # the case is the tricky one
    assert named == rule_names(means)
    assert named == {"big": "diverse and active", "mid": "family and stable", "small": "formal and sparse"}


def test_obvious_profiles_get_the_obvious_names():
    measures, keys = constructed_measures(PLAIN, {"a": 20, "b": 20, "c": 20})
    model = NetworkTypology().fit(measures)
    named = {key: model.names_[model.labels_[keys == key][0]] for key in PLAIN}
    assert named == {"a": "diverse and active", "b": "family and stable", "c": "formal and sparse"}


def test_name_types_counts_an_undefined_share_as_none():
    # A type of empty maps: every share undefined. Before the fix its NaN scores made the first assignment win,
    # calling the type with 81% services "family and stable".
    profiles = pd.DataFrame({"size": [14.2, 6.3, 0.0], "diversity": [4.0, 1.7, 0.0],
                             "family_share": [0.40, 0.04, np.nan], "formal_share": [0.09, 0.81, np.nan]})
    centres = np.array([[1.0, 1.0], [-0.2, 0.1], [-1.0, -1.2]])
    names, notes = name_types(profiles, centres, ("size", "diversity"))
    by_rule = rule_names(profiles)
    assert names[:2] == [by_rule[0], by_rule[1]] and names[1] == "formal and sparse"
    # ... and the empty type, having no family, is refused the name the scores give it
    assert by_rule[2] == "family and stable"
    assert names[2] == descriptive_names(centres, ("size", "diversity"))[2]
    assert notes == {2: "One type was not called 'family and stable': it has no family members."}


# Three clear groups in which a study name's defining feature is absent: the rule's best assignment would still
# hand that name out (checked with rule_names), but the type must get a descriptive name and a note instead.
NO_FAMILY = {
    "big": dict(people=14, places=4, activities=4, diversity=6, family_share=0.0, formal_share=0.05,
                inner_share=0.3),
    "mid": dict(people=8, places=1, activities=1, diversity=2, family_share=0.0, formal_share=0.1, inner_share=0.7),
    "small": dict(people=2, places=1, activities=0.5, diversity=1, family_share=0.0, formal_share=0.7,
                  inner_share=0.2),
}
NO_FORMAL = {
    "big": dict(people=14, places=4, activities=4, diversity=6, family_share=0.2, formal_share=0.0,
                inner_share=0.3),
    "fam": dict(people=9, places=1, activities=1, diversity=2, family_share=0.8, formal_share=0.0, inner_share=0.6),
    "small": dict(people=2, places=1, activities=0.5, diversity=1, family_share=0.1, formal_share=0.0,
                  inner_share=0.2),
}
# The most varied group has the fewest connections: "diverse and active" would go to the smallest type.
SMALLEST_IS_VARIED = {
    "varied": dict(people=6, places=0, activities=0, diversity=6, family_share=0.1, formal_share=0.05,
                   inner_share=0.3),
    "services": dict(people=1.5, places=2.5, activities=2.5, diversity=1, family_share=0.1, formal_share=0.9,
                     inner_share=0.2),
    "fam": dict(people=20, places=0, activities=0, diversity=1, family_share=0.9, formal_share=0.05,
                inner_share=0.6),
}


# The biggest group is all friends: many connections, but one kind of person, so no variety (0.97: one kind on
# nearly every map, kept at or under 1 by the 1% jitter).
ONE_KIND = {
    "friends": dict(people=20, places=1, activities=1, diversity=0.97, family_share=0.0, formal_share=0.02,
                    inner_share=0.4),
    "fam": dict(people=6, places=1, activities=0.5, diversity=2, family_share=0.8, formal_share=0.05,
                inner_share=0.7),
    "services": dict(people=2, places=1.5, activities=0.5, diversity=1.5, family_share=0.1, formal_share=0.85,
                     inner_share=0.2),
}


@pytest.mark.parametrize(("groups", "refused", "group", "reason"), [
    (NO_FAMILY, "family and stable", "mid", "no family members"),
    (NO_FORMAL, "formal and sparse", "small", "no professionals or services"),
    (SMALLEST_IS_VARIED, "diverse and active", "varied", "fewest connections"),
    (ONE_KIND, "diverse and active", "friends", "one kind of person"),
], ids=["no-family", "no-formal", "smallest-is-varied", "one-kind-of-person"])
def test_a_study_name_whose_defining_feature_is_absent_is_refused(groups, refused, group, reason):
    measures, keys = constructed_measures(groups, dict(zip(groups, (30, 25, 20), strict=True)))
    model = NetworkTypology().fit(measures)
    assert adjusted_rand_score(keys, model.labels_) == 1.0
    by_rule = rule_names(measures.groupby(keys).mean(numeric_only=True))
    assert by_rule[group] == refused  # the scores alone would give the name to the type that lacks its feature
    named = {key: model.names_[model.labels_[keys == key][0]] for key in groups}
    assert refused not in model.names_
    assert DESCRIPTIVE_NAME.match(named[group]), named[group]
    cluster = model.labels_[keys == group][0]
    assert named[group] == descriptive_names(model.cluster_centers_, model.features)[cluster]
    assert {key: name for key, name in named.items() if key != group} == \
        {key: name for key, name in by_rule.items() if key != group}  # the other two keep their study names
    assert len(model.naming_notes_) == 1
    assert model.naming_notes_[0].startswith(f"One type was not called '{refused}': ")
    assert reason in model.naming_notes_[0]
    assert model.naming_notes_by_type_ == {cluster: model.naming_notes_[0]}  # the note belongs to the refused type


def test_fitting_types_get_no_naming_notes(sample_measures):
    assert NetworkTypology().fit(sample_measures).naming_notes_ == []
    assert NetworkTypology(n_types=4).fit(sample_measures).naming_notes_ == []


def test_a_type_whose_maps_have_no_family_is_not_family_and_stable():
    # Family share 0 for the whole type, while the other types have some family: the family score alone can still
    # pick it when the other names fit the other types much better.
    profiles = pd.DataFrame({"size": [20.0, 9.0, 3.0], "diversity": [7.0, 1.0, 1.0],
                             "family_share": [0.5, 0.0, 0.45], "formal_share": [0.05, 0.1, 0.9]})
    centres, features = np.array([[1.0, 0.5], [-0.2, -1.0], [-0.8, 0.5]]), ("size", "diversity")
    names, notes = name_types(profiles, centres, features)
    assert rule_names(profiles) == {0: "diverse and active", 1: "family and stable", 2: "formal and sparse"}
    assert names == ["diverse and active", descriptive_names(centres, features)[1], "formal and sparse"]
    assert notes == {1: "One type was not called 'family and stable': it has no family members."}


def test_descriptive_names_use_the_two_most_distinctive_features():
    centres = np.array([[2.0, -0.1, -1.5], [-2.0, 0.1, 1.5], [0.3, 3.0, 0.0]])
    names = descriptive_names(centres, ("places", "family_share", "formal_share"))
    assert names == ["more places, less services", "fewer places, more services", "more family, more places"]


def test_descriptive_names_are_made_unique():
    centres = np.array([[2.0, 1.0], [3.0, 1.5], [-1.0, -2.0]])
    names = descriptive_names(centres, ("people", "activities"))
    assert len(set(names)) == 3
    assert names[0] == "more people, more activities"
    assert names[1].startswith("more people, more activities")


@pytest.mark.parametrize("k", [2, 4, 6])
def test_other_k_get_descriptive_unique_names(sample_measures, k):
    model = NetworkTypology(n_types=k).fit(sample_measures)
    assert len(model.names_) == k == len(set(model.names_))
    assert not set(model.names_) & set(STUDY_TYPES)
    for name in model.names_:
        assert DESCRIPTIVE_NAME.match(name), name


# ---------------------------------------------------------------------------------------------------------------
# Degenerate inputs: TypologyError with plain words, or a valid result
# ---------------------------------------------------------------------------------------------------------------
IDENTICAL_PARTICIPANTS = "participant_id,site\n" + "".join(f"P{i},London\n" for i in range(1, 7))
IDENTICAL_MEMBERS = "participant_id,member_id,kind,category,circle,formal\n" + "".join(
    f"P{i},m1,person,family,1,no\nP{i},m2,place,cafe,2,no\n" for i in range(1, 7))


def test_all_maps_identical_is_a_typology_error():
    measures = compute_measures(load_dataset({"participants.csv": IDENTICAL_PARTICIPANTS.encode(),
                                              "members.csv": IDENTICAL_MEMBERS.encode()}))
    with pytest.raises(TypologyError, match="^too few different maps to form 3 types$"):
        assign_types(measures)
    with pytest.raises(TypologyError, match="^too few different maps to form 2 types$"):
        NetworkTypology(n_types=2).fit(measures)
    assert choose_k_table(measures).empty


@pytest.mark.parametrize("participants", [1, 2, 3, 4])
def test_too_few_maps_for_the_types_is_a_typology_error_that_counts_no_one(sample_measures, participants):
    # how many maps or people there are would be a count of 1-4: the message gives only the number asked for
    with pytest.raises(TypologyError) as error:
        assign_types(sample_measures.head(participants), n_types=participants + 1)
    assert str(error.value) == f"too few different maps to form {participants + 1} types"


def test_as_many_participants_as_types_gives_a_valid_result(sample_measures):
    result = assign_types(sample_measures.head(3), n_types=3, resamples=3)
    assert sorted(result.table["type"]) == [0, 1, 2]  # everyone is a type of their own
    assert math.isnan(result.silhouette)  # undefined, not an exception
    assert result.table["typicality"].ge(0).all()


def test_choose_k_on_few_participants_stops_at_their_number(sample_measures):
    table = choose_k_table(sample_measures.head(5))
    assert table["types"].tolist() == [2, 3, 4, 5]
    assert table["silhouette"].iloc[:3].between(-1, 1).all()
    assert math.isnan(table["silhouette"].iloc[3])


def test_empty_maps_mixed_in_give_a_valid_result():
    data = generate_sample(150, seed=2015)
    extra = pd.concat([data.participants.head(1)] * 15, ignore_index=True)
    extra["participant_id"] = [f"E{i:02d}" for i in range(15)]  # no members: size 0, every share undefined
    files = tables(data) | {"participants": pd.concat([data.participants, extra], ignore_index=True)}
    measures = compute_measures(load_dataset({f"{name}.csv": csv_bytes(frame) for name, frame in files.items()}))
    assert measures["size"].eq(0).sum() == 15 and measures["family_share"].isna().sum() >= 15

    result = assign_types(measures, resamples=3)
    table = result.table
    assert table["network_type"].isin(STUDY_TYPES).all()
    assert table["confidence"].between(0, 1).all()
    assert table.loc[table["participant_id"].str.startswith("E"), "network_type"].nunique() == 1
    drawn = table[~table["participant_id"].str.startswith("E")]
    assert adjusted_rand_score(data.planted_type.loc[drawn["participant_id"]], drawn["network_type"]) >= 0.8
    assert result.model.names_ == [rule_names(result.model.profiles_)[k] for k in range(3)]


def test_many_empty_maps_forming_their_own_type_are_refused_a_study_name(sample_measures):
    empty = pd.DataFrame(0.0, index=range(80), columns=sample_measures.columns.drop("participant_id"))
    empty[["inner_share", "mean_circle", "family_share", "formal_share", "formal_places_activities_share",
           "density"]] = np.nan
    empty.insert(0, "participant_id", [f"E{i:02d}" for i in range(80)])
    measures = pd.concat([sample_measures, empty], ignore_index=True)
    model = NetworkTypology().fit(measures)
    empty_type = model.labels_[-1]
    assert (model.labels_[len(sample_measures):] == empty_type).all()
    by_rule = rule_names(model.profiles_)
    assert [model.names_[k] for k in range(3) if k != empty_type] == [by_rule[k] for k in range(3) if k != empty_type]
    # empty maps have neither family nor services, nor the most connections: no study name fits them
    assert DESCRIPTIVE_NAME.match(model.names_[empty_type])
    assert model.naming_notes_ == [f"One type was not called '{by_rule[empty_type]}': it has no family members."]


@pytest.mark.parametrize("k", [-1, 0, 1, 9, 20])
def test_number_of_types_outside_2_to_8_is_a_typology_error(sample_measures, k):
    with pytest.raises(TypologyError, match=f"must be 2 to 8, not {k}"):
        assign_types(sample_measures, n_types=k)


def test_no_features_is_a_typology_error(sample_measures):
    with pytest.raises(TypologyError, match="at least one measure"):
        assign_types(sample_measures, features=())


def test_unknown_feature_is_a_typology_error(sample_measures):
    with pytest.raises(TypologyError, match="unknown measure.*: happiness"):
        assign_types(sample_measures, features=("people", "happiness"))
    model = NetworkTypology().fit(sample_measures)
    with pytest.raises(TypologyError, match="unknown measure.*: places"):
        model.predict(sample_measures.drop(columns=["places"]))


def test_typology_error_is_a_value_error():
    assert issubclass(TypologyError, ValueError)


# ---------------------------------------------------------------------------------------------------------------
# Quality figures
# ---------------------------------------------------------------------------------------------------------------
def test_silhouette_matches_sklearn_and_is_given_per_type(default_types, sample_measures):
    model = default_types.model
    scaled = StandardScaler().fit_transform(sample_measures[list(DEFAULT_FEATURES)].fillna(0.0))
    assert default_types.silhouette == pytest.approx(silhouette_score(scaled, model.labels_))
    assert -1 <= default_types.silhouette <= 1
    by_type = default_types.silhouette_by_type
    assert len(by_type) == 3 and by_type.between(-1, 1).all()


def test_stability_and_confidence(default_types):
    assert 0.8 <= default_types.stability <= 1
    confidence = default_types.table["confidence"]
    assert confidence.notna().all() and confidence.between(0, 1).all()
    assert confidence.mean() >= 0.8  # stable types: most resamples agree with the full fit for most people
    tenths = confidence * 10  # the share of 10 resamples giving the same type
    np.testing.assert_allclose(tenths, tenths.round(), atol=1e-9)


def test_well_separated_groups_are_perfectly_stable_and_confident():
    measures, _ = constructed_measures(PLAIN, {"a": 20, "b": 20, "c": 20})
    result = assign_types(measures, resamples=5)
    assert result.stability == pytest.approx(1.0)
    assert result.table["confidence"].eq(1.0).all()
    assert result.silhouette > 0.9
    assert describe_quality(result.silhouette, result.stability).startswith("The types are clearly separated")


def test_confidence_matches_types_whatever_their_numbering():
    # Resampled fits number their types in their own way; confidence must match them to the full fit's first.
    measures, _ = constructed_measures(PLAIN, {"a": 20, "b": 20, "c": 20})
    model = NetworkTypology().fit(measures)
    model.labels_ = (model.labels_ + 1) % 3
    stability, confidence = bootstrap_agreement(model, measures, resamples=4, random_state=0)
    assert stability == pytest.approx(1.0)
    np.testing.assert_array_equal(confidence, np.ones(len(measures)))


def test_without_resamples_stability_is_unknown(sample_measures):
    result = assign_types(sample_measures, resamples=0)
    assert math.isnan(result.stability)
    assert result.table["confidence"].isna().all()
    assert "stability could not be checked" in describe_quality(result.silhouette, result.stability)


def test_everyone_is_in_the_nearest_type_and_typicality_is_consistent(default_types, sample_measures):
    table = default_types.table
    distances = default_types.model.transform(sample_measures)
    np.testing.assert_array_equal(distances.argmin(axis=1), table["type"])
    assert table["typicality"].between(0, 1).all()
    assert (table["nearest_other_type"] != table["network_type"]).all()
    second = np.argsort(distances, axis=1)[:, 1]
    names = np.asarray(default_types.model.names_, dtype=object)
    np.testing.assert_array_equal(table["nearest_other_type"], names[second])
    assert (table["network_type"] == names[table["type"]]).all()
    assert table["participant_id"].tolist() == sample_measures["participant_id"].tolist()


def test_medoids_are_the_most_central_map_of_each_type(default_types, sample_measures):
    table = default_types.table.set_index("participant_id")
    medoids = default_types.medoids
    assert sorted(medoids.index) == [0, 1, 2] and medoids.is_unique
    distances = default_types.model.transform(sample_measures)
    own = distances[np.arange(len(distances)), default_types.table["type"]]
    types = default_types.table["type"].to_numpy()
    for k, participant in medoids.items():
        assert table.loc[participant, "type"] == k
        assert own[(sample_measures["participant_id"] == participant).to_numpy()][0] == own[types == k].min()


def test_choose_k_table_on_the_default_sample(sample_measures, default_types):
    table = choose_k_table(sample_measures)
    assert list(table.columns) == ["types", "within_type_spread", "silhouette"]
    assert table["types"].tolist() == list(range(2, 9))
    assert table["silhouette"].between(-1, 1).all()
    assert table.loc[table["silhouette"].idxmax(), "types"] == 3  # the planted number of types
    assert table["within_type_spread"].is_monotonic_decreasing
    assert table.set_index("types").loc[3, "silhouette"] == pytest.approx(default_types.silhouette)


@pytest.mark.parametrize(("silhouette", "stability", "separation", "steadiness"), [
    (0.5, 0.8, "The types are clearly separated", "they come out almost the same"),
    (0.4999, 0.7999, "The types are distinct but overlap at the edges", "they mostly come out the same"),
    (0.25, 0.6, "The types are distinct but overlap at the edges", "they mostly come out the same"),
    (0.2499, 0.5999, "The types overlap a lot: treat them as rough groupings", "they change a good deal"),
    (-0.3, float("nan"), "The types overlap a lot", "stability could not be checked"),
])
def test_describe_quality_wording(silhouette, stability, separation, steadiness):
    text = describe_quality(silhouette, stability)
    assert text.startswith(separation)
    assert steadiness in text
    assert f"(silhouette {silhouette:.2f})" in text


def test_describe_quality_on_the_default_sample(default_types):
    text = describe_quality(default_types.silhouette, default_types.stability)
    assert f"(stability {default_types.stability:.2f})" in text
    assert text.endswith(".")


@pytest.mark.parametrize(("sizes", "suppress", "expected"), [
    ([56, 55, 39, 3], True, ["a", "b", "c", "a small type"]),
    ([56, 4, 1, 30], True, ["a", "small type 1", "small type 2", "d"]),
    ([56, 0, 5, 30], True, ["a", "b", "c", "d"]),  # an empty type is no one; 5 is not small
    ([56, 4, 1, 30], False, ["a", "b", "c", "d"]),
])
def test_shown_names_give_a_type_of_1_to_4_people_a_neutral_name_while_suppressing(sizes, suppress, expected):
    assert shown_names(["a", "b", "c", "d"], sizes, suppress) == expected


def test_types_are_hierarchical_k_means_and_the_bootstrap_runs_ward_once(sample_measures, monkeypatch):
    """The full fit is Ward's centres refined by k-means, as an independent sklearn pipeline computes it; the 30
    bootstrap refits start k-means from those centres and never repeat the Ward step (the cost at scale)."""
    from sklearn.cluster import AgglomerativeClustering, KMeans

    import netcore.typology as typology

    calls = []
    real_ward = typology.ward_clusters

    def counted_ward(data, n_clusters):
        calls.append(len(data))
        return real_ward(data, n_clusters)

    monkeypatch.setattr(typology, "ward_clusters", counted_ward)
    result = assign_types(sample_measures, resamples=30)
    assert calls == [len(sample_measures)]
    scaled = StandardScaler().fit_transform(sample_measures[list(DEFAULT_FEATURES)].astype(float).fillna(0.0))
    ward = AgglomerativeClustering(n_clusters=3, linkage="ward").fit_predict(scaled)
    start = np.vstack([scaled[ward == k].mean(axis=0) for k in range(3)])
    expected = KMeans(n_clusters=3, init=start, n_init=1, random_state=0).fit(scaled).labels_
    np.testing.assert_array_equal(result.table["type"].to_numpy(), expected)
    assert result.stability >= 0.8 and result.table["confidence"].notna().all()


def test_choose_k_makes_one_ward_tree_and_keeps_none(sample_measures, monkeypatch):
    """Every number of types cuts the same Ward tree, so the choose-k table makes it once; nothing of the data is
    kept after the call (another fit makes its own tree)."""
    import netcore.typology as typology

    calls = []
    real_linkage = typology.ward_linkage

    def counted_linkage(data):
        calls.append(len(data))
        return real_linkage(data)

    monkeypatch.setattr(typology, "ward_linkage", counted_linkage)
    choose_k_table(sample_measures)
    assert calls == [len(sample_measures)]
    assert typology.KEPT_TREES.get() is None
    NetworkTypology().fit(sample_measures)
    assert len(calls) == 2
