"""Plain-language findings: well-being by kind of connection, associations and network types in sentences."""

import re

import numpy as np
import pandas as pd
import pytest

from netcore.associations import AssociationResult, CovariateAssociation, associations
from netcore.findings import association_sentences, strength_words, type_sentence, wellbeing_by_group
from netcore.labels import plain_words
from netcore.measures import compute_measures
from netcore.typology import STUDY_TYPES, assign_types
from netcore.validation import load_dataset

BANNED = ("ego", "alter", "density", "cluster", "silhouette", "k-means", "standardised", "odds", "ratio", "logistic",
          "p-value", "coefficient", "participant_id", "measure")
STUDY_FACTORS = {"lives_alone": "live alone", "housing_status": "housing", "education": "education",
                 "long_term_sick_or_disabled": "long-term sick or disabled"}


def assert_plain(sentence: str) -> None:
    lowered = sentence.lower()
    assert not [word for word in BANNED if re.search(rf"\b{re.escape(word)}", lowered)], sentence
    assert not re.search(r"\d", sentence), sentence


@pytest.fixture(scope="module")
def sample():
    dataset = load_dataset("sample_data")
    measures = compute_measures(dataset)
    assignment = assign_types(measures, resamples=0)
    frame = dataset.participants.merge(assignment.table[["participant_id", "network_type"]], on="participant_id")
    return dataset, measures, assignment, frame, associations(frame)


# wellbeing_by_group ---------------------------------------------------------------------------------------------

def members_frame(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    """Members with only the columns the count reads: whose map, group, well-being mark."""
    return pd.DataFrame(rows, columns=["participant_id", "group", "wellbeing"]).astype("string")


def test_wellbeing_counted_by_group_in_the_maps_order():
    members = members_frame([
        ("P1", "friends", "positive"), ("P1", "family", "positive"), ("P1", "family", "negative"),
        ("P2", "family", "positive"), ("P2", "family", None), ("P2", "allotment folk", "neutral"),
        ("P2", "services", "negative"), ("P3", "services", "positive"), ("P3", "friends", None),
        ("P9", "family", "negative"),  # not among the maps asked about
    ])
    table = wellbeing_by_group(members, ["P1", "P2", "P3"])
    expected = pd.DataFrame(
        {"positive": [2, 1, 1, 0], "neutral": [0, 0, 0, 1], "negative": [1, 0, 1, 0], "participants": [2, 1, 2, 1]},
        index=pd.Index(["family", "friends", "services", "allotment folk"], name="group"))
    pd.testing.assert_frame_equal(table, expected, check_dtype=False, check_index_type=False)
    assert all(pd.api.types.is_integer_dtype(dtype) for dtype in table.dtypes)


def test_participants_counts_maps_with_a_rated_member_of_the_group():
    members = members_frame([("P1", "friends", "positive"), ("P1", "friends", "positive"),
                             ("P2", "friends", None), ("P3", "friends", "negative")])
    table = wellbeing_by_group(members, ["P1", "P2", "P3"])
    assert table.loc["friends", "participants"] == 2  # P1 (twice) and P3; P2's friend is not rated
    assert table.loc["friends", "positive"] == 2


def test_no_wellbeing_recorded_gives_no_rows():
    members = members_frame([("P1", "family", None), ("P2", "friends", None)])
    table = wellbeing_by_group(members, ["P1", "P2"])
    assert table.empty and list(table.columns) == ["positive", "neutral", "negative", "participants"]
    assert wellbeing_by_group(members.iloc[:0], []).empty


def test_wellbeing_on_the_sample_adds_up(sample):
    dataset, *_ = sample
    ids = list(dataset.participants["participant_id"])
    table = wellbeing_by_group(dataset.members, ids)
    rated = dataset.members.dropna(subset=["wellbeing"])
    assert table[["positive", "neutral", "negative"]].to_numpy().sum() == len(rated)
    assert (table["positive"] == rated[rated["wellbeing"] == "positive"].groupby("group").size()
            .reindex(table.index)).all()


# strength_words -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("p", "words"), [(0.0, "clear"), (0.0099, "clear"), (0.01, "some"), (0.0499, "some"),
                                          (0.05, ""), (0.5, ""), (float("nan"), "")])
def test_strength_words_at_the_boundaries(p, words):
    assert strength_words(p) == words


# association_sentences ------------------------------------------------------------------------------------------

def test_sample_study_factors_get_a_sentence_each_and_diagnosis_does_not(sample):
    *_, frame, result = sample
    found, not_found = association_sentences(result, frame)
    associated = [c.covariate for c in result.covariates if c.associated]
    assert set(STUDY_FACTORS) <= set(associated)
    assert len(found) == len(associated)
    for covariate, words in STUDY_FACTORS.items():
        assert sum(words in sentence.lower() for sentence in found) == 1, covariate
    assert "diagnosis" in {c.covariate for c in result.covariates if not c.associated}
    assert sum("diagnosis" in sentence.lower() for sentence in not_found) == 1
    assert not any("diagnosis" in sentence.lower() for sentence in found)
    for sentence in found + not_found:
        assert_plain(sentence)


def test_sample_living_alone_names_the_type_more_common_among_people_living_alone(sample):
    *_, frame, result = sample
    found, _ = association_sentences(result, frame)
    sentence = next(s for s in found if "live alone" in s)
    shares = pd.crosstab(frame["lives_alone"], frame["network_type"], normalize="index")
    more_common = (shares.loc["yes"] / shares.loc["no"]).idxmax()
    named = [name for name in frame["network_type"].unique() if name in sentence]
    assert named == [more_common]
    assert "do not" in sentence
    assert strength_words(next(c for c in result.covariates if c.covariate == "lives_alone").p_value) in sentence


def hand_result(levels: dict[str, dict[str, float]], p_value: float = 0.001, reference_level: str = "Bigtown",
                covariate: str = "site") -> AssociationResult:
    """One associated covariate, odds ratios per level and type, reference type "family and stable"."""
    rows = [{"level": level, "type": type_name, "odds_ratio": ratio, "ci_low": ratio / 2, "ci_high": ratio * 2}
            for level, ratios in levels.items() for type_name, ratio in ratios.items()]
    association = CovariateAssociation(covariate, p_value, p_value, True, True, reference_level, pd.DataFrame(rows))
    return AssociationResult([association], "family and stable", 100, 0.05)


def site_frame(sizes: dict[str, int]) -> pd.DataFrame:
    sites = [site for site, n in sizes.items() for _ in range(n)]
    return pd.DataFrame({"participant_id": [f"P{i}" for i in range(len(sites))], "site": sites,
                         "network_type": "family and stable"})


def test_a_rare_level_is_never_named():
    result = hand_result({"Rareville": {"diverse and active": 9.0, "formal and sparse": 1.0},
                          "Midtown": {"diverse and active": 0.2, "formal and sparse": 4.0}})
    found, _ = association_sentences(result, site_frame({"Bigtown": 40, "Midtown": 20, "Rareville": 3}))
    assert len(found) == 1
    assert "Rareville" not in found[0] and "diverse and active" not in found[0]
    assert "Midtown" in found[0] and "formal and sparse" in found[0] and "Bigtown" in found[0]
    assert_plain(found[0])


def test_a_rare_reference_level_is_never_named():
    result = hand_result({"Midtown": {"diverse and active": 0.2, "formal and sparse": 4.0}})
    found, _ = association_sentences(result, site_frame({"Bigtown": 4, "Midtown": 20}))
    assert "Bigtown" not in found[0] and "Midtown" in found[0]


def test_no_direction_named_when_no_type_clearly_stands_out():
    result = hand_result({"Midtown": {"diverse and active": 1.15, "formal and sparse": 0.9}}, p_value=0.03)
    found, _ = association_sentences(result, site_frame({"Bigtown": 40, "Midtown": 20}))
    assert not any(name in found[0] for name in STUDY_TYPES)
    assert "site" in found[0].lower() and "some evidence" in found[0]
    assert_plain(found[0])


def test_the_reference_type_can_be_the_one_named():
    result = hand_result({"Midtown": {"diverse and active": 0.3, "formal and sparse": 0.5}})
    found, _ = association_sentences(result, site_frame({"Bigtown": 40, "Midtown": 20}))
    assert "family and stable" in found[0]
    assert "diverse and active" not in found[0] and "formal and sparse" not in found[0]


def test_yes_no_covariates_read_as_people_who_and_who_do_not():
    result = hand_result({"yes": {"diverse and active": 0.1, "formal and sparse": 5.0}}, reference_level="no",
                         covariate="long_term_sick_or_disabled")
    frame = pd.DataFrame({"long_term_sick_or_disabled": ["yes"] * 10 + ["no"] * 10, "network_type": "x"})
    found, _ = association_sentences(result, frame)
    assert found[0].startswith("People who are long-term sick or disabled more often have a formal and sparse")
    assert "who are not" in found[0] and "clear evidence" in found[0]


def test_a_numeric_covariate_reads_as_higher():
    result = hand_result({"per standard deviation": {"diverse and active": 3.0, "formal and sparse": 1.1}},
                         reference_level="per standard deviation", covariate="support_hours")
    frame = pd.DataFrame({"support_hours": np.arange(30.0), "network_type": "x"})
    found, _ = association_sentences(result, frame)
    assert found[0].startswith(f"People with more {plain_words('support_hours')} more often have a diverse")
    assert_plain(found[0])


# type_sentence --------------------------------------------------------------------------------------------------

def test_study_types_read_in_the_studys_own_words(sample):
    *_, assignment, _, _ = sample
    profiles = assignment.model.profiles_
    for index, name in enumerate(assignment.model.names_):
        assert type_sentence(name, profiles.loc[index]) == {
            "diverse and active": "Many different people, places and activities, spread across the circles.",
            "family and stable": "Mostly family, close to the middle.",
            "formal and sparse": "A few connections, many of them professionals or services.",
        }[name]


def test_other_types_are_described_from_their_profile_in_plain_words(sample):
    _, measures, *_ = sample
    assignment = assign_types(measures, n_types=5, resamples=0)
    sentences = [type_sentence(name, assignment.model.profiles_.loc[index])
                 for index, name in enumerate(assignment.model.names_)]
    assert len(set(sentences)) > 1
    for sentence in sentences:
        assert sentence.endswith(".") and sentence[0].isupper()
        assert_plain(sentence)


def test_profile_words_follow_the_profile():
    small_formal = pd.Series({"size": 4.0, "people": 3.0, "places": 1.0, "activities": 0.0, "family_share": 0.0,
                              "formal_share": 0.8, "inner_share": 0.1})
    big_family = pd.Series({"size": 20.0, "people": 16.0, "places": 2.0, "activities": 2.0, "family_share": 0.7,
                            "formal_share": 0.05, "inner_share": 0.6})
    assert "professionals or services" in type_sentence("type one", small_formal)
    assert "few" in type_sentence("type one", small_formal).lower()
    assert "family" in type_sentence("type two", big_family)
    assert "many" in type_sentence("type two", big_family).lower()
    assert type_sentence("empty", pd.Series({"size": 0.0})) != type_sentence("type two", big_family)
