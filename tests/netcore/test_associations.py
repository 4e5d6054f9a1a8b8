"""Adjusted associations of network type with covariates (multinomial logit, likelihood-ratio tests)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from netcore.associations import MERGED_LEVEL, associations, default_covariates, reference_level
from netcore.export import write_folder
from netcore.problems import AssociationError
from netcore.sample import generate_sample

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["lives_alone", "housing_status", "education", "long_term_sick_or_disabled", "diagnosis", "gender", "site",
           "age_band"]
OTHER_EFFECTS = {"intercept": (0.0, -0.5), "diagnosis=bipolar disorder": (1.5, -1.2),
                 "diagnosis=other psychosis": (-1.0, 1.4), "gender=woman": (1.2, -1.0),
                 "site=South West": (-1.2, 1.0)}


def planted_frame(n: int, seed: int, effects=None) -> pd.DataFrame:
    """Participants with their planted (true) type as network_type."""
    data = generate_sample(n, seed, type_effects=effects)
    return data.participants.assign(network_type=data.planted_type.to_numpy())


def associated(result) -> set[str]:
    return {c.covariate for c in result.covariates if c.associated}


@pytest.mark.parametrize("seed", [1, 2])
def test_study_pattern_is_found_and_diagnosis_is_not(seed):
    result = associations(planted_frame(400, seed))
    assert associated(result) & set(CHECKED) == {"lives_alone", "housing_status", "education",
                                                 "long_term_sick_or_disabled"}


def test_other_planted_effects_are_found_exactly():
    result = associations(planted_frame(300, 5, OTHER_EFFECTS))
    assert associated(result) & set(CHECKED) == {"diagnosis", "gender", "site"}


def test_odds_ratios_agree_with_statsmodels_fitted_directly():
    frame = planted_frame(300, 3)
    covariates = ["lives_alone", "education"]
    result = associations(frame, covariates, reference_type="family and stable")
    order = ["family and stable", "diverse and active", "formal and sparse"]
    design = pd.DataFrame({
        "lives_alone=yes": (frame["lives_alone"] == "yes").astype(float),
        **{f"education={level}": (frame["education"] == level).astype(float)
           for level in ("college", "degree", "none")},  # reference: school, the most common level
    })
    direct = sm.MNLogit(frame["network_type"].map(order.index).to_numpy(), sm.add_constant(design)).fit(disp=False)
    ratios = pd.concat([c.odds_ratios.assign(covariate=c.covariate) for c in result.covariates])
    for position, type_name in enumerate(order[1:]):
        for column in design.columns:
            covariate, level = column.split("=")
            row = ratios[(ratios["covariate"] == covariate) & (ratios["level"] == level)
                         & (ratios["type"] == type_name)].iloc[0]
            assert row["odds_ratio"] == pytest.approx(np.exp(direct.params.loc[column, position]), rel=1e-6)
            low, high = np.exp(direct.conf_int().loc[(str(position + 1), column)])
            assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-6)
    assert {c.reference_level for c in result.covariates} == {"no", "school"}


def test_likelihood_ratio_p_value_matches_a_by_hand_test():
    from scipy.stats import chi2

    frame = planted_frame(250, 4)
    result = associations(frame, ["lives_alone", "diagnosis"], reference_type="family and stable")
    order = ["family and stable", "diverse and active", "formal and sparse"]
    y = frame["network_type"].map(order.index).to_numpy()
    alone = (frame["lives_alone"] == "yes").astype(float).rename("alone")
    diagnosis = pd.get_dummies(frame["diagnosis"], dtype=float).drop(columns="schizophrenia")
    full = sm.MNLogit(y, sm.add_constant(pd.concat([alone, diagnosis], axis=1))).fit(disp=False)
    reduced = sm.MNLogit(y, sm.add_constant(diagnosis)).fit(disp=False)
    expected = chi2.sf(2 * (full.llf - reduced.llf), df=2)
    [lives_alone] = [c for c in result.covariates if c.covariate == "lives_alone"]
    assert lives_alone.p_value == pytest.approx(expected, rel=1e-6)


def test_rare_levels_are_merged_or_dropped_with_a_note():
    frame = planted_frame(200, 6)
    frame.loc[frame.index[:3], "employment"] = "student"
    frame.loc[frame.index[3:5], "housing_status"] = "caravan"
    frame.loc[frame.index[5:8], "housing_status"] = "boat"
    result = associations(frame, ["employment", "housing_status"])
    notes = " ".join(result.notes)
    assert "employment: left out participants in rare levels student" in notes
    assert f"housing_status: merged rare levels boat, caravan into '{MERGED_LEVEL}'" in notes
    [housing] = [c for c in result.covariates if c.covariate == "housing_status"]
    assert MERGED_LEVEL in set(housing.odds_ratios["level"])


def test_perfect_separation_is_reported_not_hidden():
    frame = planted_frame(200, 7)
    frame["marker"] = np.where(frame["network_type"] == "formal and sparse", "a", "b")
    result = associations(frame, ["marker", "lives_alone"])
    assert any("separation" in note for note in result.notes)


@pytest.mark.parametrize(("frame_rows", "covariates", "message"), [
    (16, ["lives_alone"], "too few participants"),
    (150, [], "choose at least one covariate"),
    (150, ["nonsense"], "unknown covariate"),
])
def test_too_small_or_empty_requests_say_why(frame_rows, covariates, message):
    with pytest.raises(AssociationError, match=message):
        associations(planted_frame(frame_rows, 8), covariates)


def test_one_type_only_cannot_be_compared():
    frame = planted_frame(100, 9).assign(network_type="family and stable")
    with pytest.raises(AssociationError, match="same network type"):
        associations(frame, ["lives_alone"])


def test_defaults_pick_known_covariates_with_enough_data_and_sensible_references():
    frame = planted_frame(150, 10)
    assert set(default_covariates(frame)) >= {"lives_alone", "housing_status", "education", "diagnosis"}
    assert reference_level(pd.Series(["yes", "no", "yes", "yes"])) == "no"
    assert reference_level(pd.Series(["b", "a", "a", "b", "c"])) == "a"


@pytest.mark.parametrize("output", ["json", "csv"])
def test_cli_reports_every_covariate_in_json_or_csv(tmp_path, output):
    data = generate_sample(200, 11, type_effects=OTHER_EFFECTS)
    write_folder({"participants": data.participants, "members": data.members, "ties": data.ties}, tmp_path)
    run = subprocess.run([sys.executable, "-m", "netcore", "associations", str(tmp_path), "--format", output,
                          "--covariates", "diagnosis,gender,site,lives_alone"], cwd=ROOT, capture_output=True,
                         text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    if output == "json":
        records = json.loads(run.stdout)
        assert [r["covariate"] for r in records] == ["diagnosis", "gender", "site", "lives_alone"]
        assert {"level", "type", "odds_ratio", "ci_low", "ci_high"} == set(records[0]["levels"][0])
        assert {r["covariate"] for r in records if r["associated"]} == {"diagnosis", "gender", "site"}
    else:
        assert run.stdout.splitlines()[0] == ("covariate,p_value,p_adjusted,associated,reference_level,level,type,"
                                              "odds_ratio,ci_low,ci_high")


def test_cli_too_small_data_exits_1_without_traceback(tmp_path):
    data = generate_sample(8, 12)
    write_folder({"participants": data.participants, "members": data.members, "ties": data.ties}, tmp_path)
    run = subprocess.run([sys.executable, "-m", "netcore", "associations", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and run.stderr.strip()


def test_data_without_the_study_covariates_defaults_to_its_own_categorical_ones():
    frame = planted_frame(200, 13).rename(columns={"lives_alone": "alone", "housing_status": "home"})
    frame = frame[["participant_id", "network_type", "alone", "home"]].assign(score=range(200))
    assert default_covariates(frame) == ["alone", "home"]
    assert {c.covariate for c in associations(frame).covariates} == {"alone", "home"}
