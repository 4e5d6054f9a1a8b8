"""The synthetic study-shaped sample: deterministic, well-formed, and carrying the planted structure."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from netcore.io.export import SYNTHETIC_NOTICE, write_folder
from netcore.sample import CATEGORY_KIND, FORMAL_CATEGORIES, TYPE_NAMES, SampleData, generate_sample

DIVERSE, FAMILY, FORMAL = TYPE_NAMES

PARTICIPANT_COLUMNS = [
    "participant_id", "site", "age_band", "gender", "ethnicity", "diagnosis", "lives_alone", "housing_status",
    "education", "employment", "long_term_sick_or_disabled",
]
MEMBER_COLUMNS = ["participant_id", "member_id", "kind", "category", "circle", "formal", "contact", "wellbeing",
                  "label"]
TIE_COLUMNS = ["participant_id", "member_a", "member_b"]

COVARIATE_LEVELS = {
    "site": {"London", "South West"},
    "age_band": {"18-29", "30-44", "45-59", "60+"},
    "gender": {"woman", "man", "non-binary"},
    "ethnicity": {"White", "Black", "Asian", "Mixed", "Other"},
    "diagnosis": {"schizophrenia", "bipolar disorder", "other psychosis"},
    "lives_alone": {"yes", "no"},
    "housing_status": {"owner or private rent", "social housing", "supported housing", "temporary or homeless"},
    "education": {"none", "school", "college", "degree"},
    "employment": {"employed", "unemployed", "volunteering", "retired"},
    "long_term_sick_or_disabled": {"yes", "no"},
}
EXPECTED_FORMAL = {"practitioner", "day_centre", "clinic", "peer_support_group", "therapy_group"}
EXPECTED_CATEGORIES = {
    "person": {"family", "partner", "friend", "neighbour", "peer", "colleague", "practitioner"},
    "place": {"cafe", "park", "shop", "library", "faith_place", "gym", "day_centre", "clinic"},
    "activity": {"walking", "art_group", "music", "sport", "volunteering", "gardening", "peer_support_group",
                 "therapy_group"},
}


@pytest.fixture(scope="module")
def default() -> SampleData:
    return generate_sample()


@pytest.fixture(scope="module")
def large() -> SampleData:
    return generate_sample(20_000, seed=11)


def check_structure(data: SampleData, n: int) -> None:
    """Every file-format invariant the rest of the project relies on."""
    p, m, t = data.participants, data.members, data.ties

    # participants
    assert list(p.columns) == PARTICIPANT_COLUMNS
    assert len(p) == n
    assert p["participant_id"].is_unique
    width = max(4, len(str(n)))
    assert p["participant_id"].str.fullmatch(rf"P\d{{{width}}}").all()
    for column, levels in COVARIATE_LEVELS.items():
        assert set(p[column].unique()) <= levels, column

    # planted type: the generator's truth, not a file column
    assert "planted_type" not in p.columns and "network_type" not in p.columns
    assert (data.planted_type.index.to_numpy() == p["participant_id"].to_numpy()).all()
    assert set(data.planted_type.unique()) <= set(TYPE_NAMES)

    # members
    assert list(m.columns) == MEMBER_COLUMNS
    assert set(m["participant_id"].unique()) == set(p["participant_id"])  # all exist, and every map has >= 1 member
    assert not m.duplicated(["participant_id", "member_id"]).any()
    assert m["member_id"].str.fullmatch(r"m\d{2,}").all()
    assert pd.api.types.is_integer_dtype(m["circle"])
    assert m["circle"].between(1, 3).all()
    assert (m["kind"] == m["category"].map(CATEGORY_KIND)).all()
    for kind, categories in EXPECTED_CATEGORIES.items():
        assert set(m.loc[m["kind"] == kind, "category"].unique()) <= categories
    assert (m["formal"] == np.where(m["category"].isin(EXPECTED_FORMAL), "yes", "no")).all()
    assert set(m["contact"].unique()) <= {"daily", "weekly", "monthly", "less_often"}
    assert set(m["wellbeing"].unique()) <= {"positive", "neutral", "negative"}
    labels = pd.Series(m["label"].unique())
    assert labels.str.fullmatch(r"[A-Z][A-Za-zé\- ]*( \d{1,2})?").all()  # short words, maybe numbered

    # ties: between two different existing members of the same map, each unordered pair at most once
    assert list(t.columns) == TIE_COLUMNS
    keys = m[["participant_id", "member_id"]]
    for end in ("member_a", "member_b"):
        joined = t[["participant_id", end]].merge(keys, left_on=["participant_id", end],
                                                 right_on=["participant_id", "member_id"], how="left",
                                                 indicator=True)
        assert (joined["_merge"] == "both").all(), end
    assert (t["member_a"] != t["member_b"]).all()
    a_first = t["member_a"] < t["member_b"]
    pairs = pd.DataFrame({"p": t["participant_id"],
                          "low": t["member_a"].where(a_first, t["member_b"]),
                          "high": t["member_b"].where(a_first, t["member_a"])})
    assert not pairs.duplicated().any()


def per_participant(data: SampleData) -> pd.DataFrame:
    """A few measures per participant (computed here, independently of netcore.measures), with planted type."""
    m = data.members
    by = m["participant_id"]
    frame = pd.DataFrame({
        "people": (m["kind"] == "person").groupby(by).sum(),
        "places": (m["kind"] == "place").groupby(by).sum(),
        "activities": (m["kind"] == "activity").groupby(by).sum(),
        "size": by.value_counts(),
        "family_share": m["category"].isin(["family", "partner"]).groupby(by).mean(),
        "formal_share": (m["formal"] == "yes").groupby(by).mean(),
        "diversity": m.groupby("participant_id")["category"].nunique(),
        "inner_share": (m["circle"] == 1).groupby(by).mean(),
        "negative_share": (m["wellbeing"] == "negative").groupby(by).mean(),
    })
    frame["type"] = data.planted_type.reindex(frame.index)
    return frame


# ---- determinism ---------------------------------------------------------------------------------------------

def test_same_seed_gives_identical_data() -> None:
    a, b = generate_sample(300, seed=5), generate_sample(300, seed=5)
    pd.testing.assert_frame_equal(a.participants, b.participants)
    pd.testing.assert_frame_equal(a.members, b.members)
    pd.testing.assert_frame_equal(a.ties, b.ties)
    pd.testing.assert_series_equal(a.planted_type, b.planted_type)


def test_different_seed_gives_different_data() -> None:
    a, b = generate_sample(300, seed=5), generate_sample(300, seed=6)
    assert not a.participants.equals(b.participants)
    assert not a.members.equals(b.members)
    assert not a.ties.equals(b.ties)
    assert not a.planted_type.equals(b.planted_type)


# ---- shape -----------------------------------------------------------------------------------------------------

def test_default_sample_is_well_formed(default: SampleData) -> None:
    check_structure(default, 150)
    assert default.participants["participant_id"].iloc[0] == "P0001"
    assert set(default.members["kind"]) == {"person", "place", "activity"}
    assert set(default.planted_type) == set(TYPE_NAMES)


def test_large_sample_is_well_formed(large: SampleData) -> None:
    check_structure(large, 20_000)
    assert large.participants["participant_id"].iloc[-1] == "P20000"


def test_formal_categories_constant_matches_the_documented_rule() -> None:
    assert set(FORMAL_CATEGORIES) == EXPECTED_FORMAL


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=1, max_value=40), seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_small_sample_is_well_formed(n: int, seed: int) -> None:
    check_structure(generate_sample(n, seed=seed), n)


def test_labels_number_repeats_within_a_map(large: SampleData) -> None:
    m = large.members
    assert not m.duplicated(["participant_id", "label"]).any()
    assert m["label"].str.fullmatch(r"Friend \d+").any()  # several plain "Friend"s on one map get numbers


@pytest.mark.parametrize("bad", [0, -1, -150])
def test_fewer_than_one_participant_is_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="participants"):
        generate_sample(bad)


# ---- planted associations ----------------------------------------------------------------------------------

def type_shares(data: SampleData, column: str) -> pd.DataFrame:
    """Share of each planted type within each level of a participants column."""
    levels = data.participants.set_index("participant_id")[column]
    return pd.crosstab(levels, data.planted_type.reindex(levels.index), normalize="index")


def test_living_alone_pushes_towards_formal_and_sparse(large: SampleData) -> None:
    shares = type_shares(large, "lives_alone")
    assert shares.loc["yes", FORMAL] > shares.loc["no", FORMAL] + 0.15
    assert shares.loc["no", FAMILY] > shares.loc["yes", FAMILY] + 0.15


def test_housing_education_and_sickness_act_in_the_planted_direction(large: SampleData) -> None:
    housing = type_shares(large, "housing_status")
    for level in ("supported housing", "temporary or homeless"):
        assert housing.loc[level, FORMAL] > housing.loc["owner or private rent", FORMAL] + 0.15
    assert housing.loc["owner or private rent", DIVERSE] > housing.loc["supported housing", DIVERSE] + 0.15

    education = type_shares(large, "education")
    assert education.loc["degree", DIVERSE] > education.loc["school", DIVERSE] + 0.15
    assert education.loc["college", DIVERSE] > education.loc["none", DIVERSE] + 0.15

    sick = type_shares(large, "long_term_sick_or_disabled")
    assert sick.loc["yes", FORMAL] > sick.loc["no", FORMAL] + 0.15


@pytest.mark.parametrize("column", ["diagnosis", "site", "age_band", "gender", "employment", "ethnicity"])
def test_other_covariates_have_no_effect_on_type(large: SampleData, column: str) -> None:
    shares = type_shares(large, column)
    spread = (shares.max() - shares.min()).max()
    assert spread < 0.02, shares


def test_no_diagnosis_effect_even_in_the_default_sample(default: SampleData) -> None:
    shares = type_shares(default, "diagnosis")
    assert (shares.max() - shares.min()).max() < 0.05, shares


def test_sites_are_about_half_and_half(large: SampleData) -> None:
    london = (large.participants["site"] == "London").mean()
    assert 0.45 < london < 0.55


def test_default_sample_shows_the_study_finding_in_a_multinomial_logit(default: SampleData) -> None:
    """Likelihood-ratio tests on the planted types: the four covariates matter, diagnosis does not."""
    frame = default.participants.set_index("participant_id")
    outcome = pd.Categorical(default.planted_type.reindex(frame.index), categories=TYPE_NAMES).codes
    covariates = ["lives_alone", "housing_status", "education", "long_term_sick_or_disabled", "diagnosis"]

    def log_likelihood(columns: list[str]) -> tuple[float, int]:
        design = sm.add_constant(pd.get_dummies(frame[columns].astype(object), drop_first=True, dtype=float))
        fit = sm.MNLogit(outcome, design).fit(disp=0, method="newton", maxiter=100)
        assert fit.mle_retvals["converged"]
        return fit.llf, design.shape[1]

    full_llf, full_k = log_likelihood(covariates)
    p_values = {}
    for dropped in covariates:
        llf, k = log_likelihood([c for c in covariates if c != dropped])
        p_values[dropped] = chi2.sf(2 * (full_llf - llf), df=2 * (full_k - k))
    for column in ("lives_alone", "housing_status", "education", "long_term_sick_or_disabled"):
        assert p_values[column] < 0.05, p_values
    assert p_values["diagnosis"] > 0.2, p_values


# ---- network profiles --------------------------------------------------------------------------------------

def test_type_profiles_differ_in_the_planted_direction(large: SampleData) -> None:
    means = per_participant(large).groupby("type").mean()
    assert means.loc[DIVERSE, "size"] > means.loc[FAMILY, "size"] > means.loc[FORMAL, "size"]
    assert means["formal_share"].idxmax() == FORMAL
    assert means["family_share"].idxmax() == FAMILY
    assert means["inner_share"].idxmax() == FAMILY
    assert means["negative_share"].idxmax() == FORMAL
    assert means["diversity"].idxmax() == DIVERSE
    assert means.loc[DIVERSE, "activities"] > 2 * means.loc[FAMILY, "activities"]
    assert 14 <= means.loc[DIVERSE, "size"] <= 22
    assert 8 <= means.loc[FAMILY, "size"] <= 13
    assert 3 <= means.loc[FORMAL, "size"] <= 7


def test_wellbeing_is_mostly_positive(large: SampleData) -> None:
    shares = large.members["wellbeing"].value_counts(normalize=True)
    assert shares["positive"] > 0.5
    assert shares["positive"] > shares["neutral"] > shares["negative"] > 0.02


def test_family_and_partners_sit_closer_than_practitioners(large: SampleData) -> None:
    ring = large.members.groupby("category")["circle"].mean()
    assert ring["partner"] < ring["family"] < ring["practitioner"]
    assert ring["family"] < 2 < ring["practitioner"]


def test_family_members_are_linked_more_often_than_friends(large: SampleData) -> None:
    m = large.members.set_index(["participant_id", "member_id"])["category"]
    t = large.ties
    a = m.reindex(pd.MultiIndex.from_arrays([t["participant_id"], t["member_a"]])).to_numpy()
    b = m.reindex(pd.MultiIndex.from_arrays([t["participant_id"], t["member_b"]])).to_numpy()
    counts = m.groupby(level=0).value_counts().unstack(fill_value=0)

    def density(category: str) -> float:
        possible = (counts[category] * (counts[category] - 1) / 2).sum()
        return ((a == category) & (b == category)).sum() / possible

    assert density("family") > 0.6
    assert 0.2 < density("friend") < density("family")
    assert density("practitioner") > 0.4


def test_clustering_the_default_sample_recovers_the_planted_types(default: SampleData) -> None:
    """Standardised measures + k-means find the three types (the later typology target is ARI >= 0.8)."""
    frame = per_participant(default)
    columns = ["people", "places", "activities", "family_share", "formal_share", "diversity", "inner_share"]
    found = KMeans(3, n_init=20, random_state=0).fit_predict(StandardScaler().fit_transform(frame[columns]))
    assert adjusted_rand_score(frame["type"], found) >= 0.8


# ---- scale -------------------------------------------------------------------------------------------------

def test_one_hundred_thousand_participants() -> None:
    data = generate_sample(100_000, seed=1)
    assert len(data.participants) == 100_000
    assert len(data.planted_type) == 100_000
    assert data.members["participant_id"].nunique() == 100_000
    assert len(data.members) > 500_000
    assert len(data.ties) > 0
    assert re.fullmatch(r"P\d{6}", data.participants["participant_id"].iloc[0])


# ---- the bundled sample -------------------------------------------------------------------------------------

def test_bundled_sample_data_is_the_generators_output(tmp_path: Path) -> None:
    """sample_data/ must be exactly `python -m netcore sample --participants 150 --seed 2015`, never edited by hand."""
    data = generate_sample(150, seed=2015)
    write_folder({"participants": data.participants, "members": data.members, "ties": data.ties}, tmp_path,
                 notice=SYNTHETIC_NOTICE)
    bundled = Path(__file__).resolve().parents[2] / "sample_data"
    assert sorted(p.name for p in bundled.iterdir()) == sorted(p.name for p in tmp_path.iterdir())
    for made in tmp_path.iterdir():
        assert (bundled / made.name).read_bytes() == made.read_bytes(), made.name
