"""Adjusted associations of network type with covariates (multinomial logit, likelihood-ratio tests)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import chi2
from statsmodels.stats.multitest import multipletests

from netcore import compute_measures, load_dataset
from netcore.associations import MERGED_LEVEL, associations, default_covariates, format_p_value, reference_level
from netcore.io.export import write_folder
from netcore.problems import AssociationError
from netcore.sample import generate_sample
from netcore.typology import assign_types

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


def sample_frame() -> pd.DataFrame:
    """The bundled sample's participants with their network type, as the associations command makes them."""
    dataset = load_dataset(ROOT / "sample_data")
    types = assign_types(compute_measures(dataset), resamples=0).table
    return dataset.participants.merge(types[["participant_id", "network_type"]], on="participant_id")


def plain_statsmodels(frame: pd.DataFrame, covariates: list[str]) -> dict:
    """The model done by hand: levels of fewer than 5 people dropped, dummies against the reference level (numeric
    covariates per standard deviation), one MNLogit fit with every covariate and one without each; LR tests."""
    rows = frame.dropna(subset=covariates)
    for covariate in covariates:
        if not pd.api.types.is_numeric_dtype(rows[covariate]):
            rows = rows[rows[covariate].map(rows[covariate].value_counts()) >= 5]
    blocks, references = {}, {}
    for covariate in covariates:
        values = rows[covariate]
        if pd.api.types.is_numeric_dtype(values):
            blocks[covariate] = ((values - values.mean()) / values.std()).to_frame()
            references[covariate] = "per standard deviation"
            continue
        counts = values.value_counts()
        references[covariate] = ("no" if set(counts.index) == {"yes", "no"}
                                 else sorted(counts.index[counts == counts.max()])[0])
        blocks[covariate] = pd.get_dummies(values, prefix=covariate, prefix_sep="=", dtype=float).drop(
            columns=f"{covariate}={references[covariate]}")
    design = pd.concat(blocks.values(), axis=1)
    sizes = rows["network_type"].value_counts()
    order = [sizes.index[0], *sorted(sizes.index[1:])]
    outcome = rows["network_type"].map(order.index).to_numpy()

    def fit(columns: pd.DataFrame):
        return sm.MNLogit(outcome, sm.add_constant(columns)).fit(method="newton", maxiter=200, disp=False)

    full = fit(design)
    p_values = [chi2.sf(2 * (full.llf - fit(design.drop(columns=blocks[c].columns)).llf),
                        df=(len(order) - 1) * blocks[c].shape[1]) for c in covariates]
    interval = np.exp(full.conf_int())
    return {
        "participants": len(rows), "order": order, "references": references,
        "p_value": dict(zip(covariates, p_values, strict=True)),
        "p_adjusted": dict(zip(covariates, multipletests(p_values, method="holm")[1], strict=True)),
        "odds_ratios": {(column, order[position]): (np.exp(full.params.loc[column, position - 1]),
                                                    *interval.loc[(str(position), column)])
                        for column in design.columns for position in range(1, len(order))},
    }


@pytest.mark.parametrize("case", ["sample", "planted", "numeric"])
def test_every_output_is_what_plain_statsmodels_fits_give(case):
    """Pins the model's results to a straightforward computation (so a faster fit cannot change them)."""
    frame, covariates, notes = {
        "sample": (sample_frame(), None, [
            "gender: left out the people in 1 rare level (fewer than 5 people each)",
            "ethnic group: left out the people in 1 rare level (fewer than 5 people each)",
            "left out 8 participant(s) with a missing or rare covariate value",
            "fewer than 10 participants for each of the 44 model parameters: estimates are imprecise"]),
        "planted": (planted_frame(1500, 14), None, []),
        "numeric": (small_frame(400, 15), ["site", "score", "housing_status", "lives_alone"], []),
    }[case]
    result = associations(frame, covariates)
    covariates = covariates or default_covariates(frame)
    expected = plain_statsmodels(frame, covariates)
    assert result.notes == notes
    assert result.participants == expected["participants"]
    assert [result.reference_type, *result.type_sizes.index[1:]] == expected["order"]
    assert [c.covariate for c in result.covariates] == covariates
    for c in result.covariates:
        assert c.reference_level == expected["references"][c.covariate]
        assert c.p_value == pytest.approx(expected["p_value"][c.covariate], rel=1e-6)
        assert c.p_adjusted == pytest.approx(expected["p_adjusted"][c.covariate], rel=1e-6)
        assert (c.associated, c.associated_adjusted) == (c.p_value < 0.05, c.p_adjusted < 0.05)
        for row in c.odds_ratios.to_dict("records"):
            column = c.covariate if row["level"] == "per standard deviation" else f"{c.covariate}={row['level']}"
            assert (row["odds_ratio"], row["ci_low"], row["ci_high"]) == pytest.approx(
                expected["odds_ratios"].pop((column, row["type"])), rel=1e-6)
    assert not expected["odds_ratios"]  # every column and type reported


def test_statsmodels_is_imported_only_when_a_model_is_fitted():
    code = ("import sys; from netcore.associations import associations, default_covariates, format_p_value; "
            "print('statsmodels' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.stdout.strip() == "False", run.stderr


def test_rare_levels_are_merged_or_dropped_with_a_note_that_never_names_them():
    frame = planted_frame(200, 6)
    frame.loc[frame.index[:3], "employment"] = "student"
    frame.loc[frame.index[3:5], "housing_status"] = "caravan"
    frame.loc[frame.index[5:8], "housing_status"] = "boat"
    result = associations(frame, ["employment", "housing_status"])
    assert "work: left out the people in 1 rare level (fewer than 5 people each)" in result.notes
    assert f"housing: merged 2 rare levels (fewer than 5 people each) into '{MERGED_LEVEL}'" in result.notes
    [housing] = [c for c in result.covariates if c.covariate == "housing_status"]
    assert MERGED_LEVEL in set(housing.odds_ratios["level"])
    shown = " ".join(result.notes) + result.to_frame().to_csv() + json.dumps(result.to_records())
    assert not {"student", "caravan", "boat"} & set(re.findall(r"[a-z]+", shown))


def test_a_factor_that_separates_the_types_is_left_out_with_a_note_and_the_rest_is_fitted():
    frame = planted_frame(200, 7)
    frame["marker"] = np.where(frame["network_type"] == "formal and sparse", "a", "b")
    result = associations(frame, ["marker", "lives_alone"])
    assert [c.covariate for c in result.covariates] == ["lives_alone"]
    assert ("marker: left out, because everyone in one of its levels has the same network type, so its odds ratios "
            "cannot be estimated (separation)") in result.notes


def test_when_every_covariate_is_left_out_the_error_says_why():
    frame = planted_frame(200, 7)
    frame["marker"] = np.where(frame["network_type"] == "formal and sparse", "a", "b")
    with pytest.raises(AssociationError, match="no covariate is left to test: marker: left out, because everyone"):
        associations(frame, ["marker"])


def small_frame(n: int, seed: int) -> pd.DataFrame:
    """Participants with a random network type and independent covariates: site, lives alone, housing, score."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "participant_id": [f"P{i}" for i in range(n)],
        "network_type": rng.choice(["family", "diverse", "formal"], n),
        "site": rng.choice(["North", "South"], n),
        "lives_alone": rng.choice(["yes", "no"], n),
        "housing_status": rng.choice(["own", "rent", "supported"], n),
        "score": rng.normal(size=n),
    })


@pytest.mark.parametrize("order", [["site", "gender", "lives_alone"], ["gender", "site", "lives_alone"]])
def test_a_covariate_that_follows_from_another_exactly_is_left_out_in_the_order_chosen(order):
    frame = small_frame(120, 21)
    frame["gender"] = np.where(frame["site"] == "North", "female", "male")
    result = associations(frame, order)
    first, second = order[:2]
    assert [c.covariate for c in result.covariates] == [first, "lives_alone"]
    assert (f"{second}: left out, because it follows from {first} exactly (the two cannot be told apart)"
            in result.notes)
    assert not {"female", "male", "North", "South"} & set(" ".join(result.notes).split())


def test_a_covariate_that_follows_from_two_others_together_names_both():
    frame = small_frame(120, 22)
    frame["points"] = 2.0 * (frame["site"] == "South") + (frame["lives_alone"] == "yes")
    result = associations(frame, ["site", "lives_alone", "points", "housing_status"])
    assert [c.covariate for c in result.covariates] == ["site", "lives_alone", "housing_status"]
    assert ("points: left out, because it follows from site and lives alone together exactly (they cannot be told "
            "apart)") in result.notes


def test_a_covariate_with_one_level_that_follows_from_another_is_left_out():
    frame = small_frame(150, 23)
    frame["area"] = np.where(frame["site"] == "North", "coast", frame["housing_status"].map({"own": "hills",
                                                                                              "rent": "town",
                                                                                              "supported": "town"}))
    result = associations(frame, ["site", "area", "lives_alone"])
    assert [c.covariate for c in result.covariates] == ["site", "lives_alone"]
    assert ("area: left out, because some of its levels follow from site exactly (they cannot be told apart)"
            in result.notes)


def test_a_level_where_everyone_has_one_type_leaves_its_factor_out_and_fits_the_rest():
    frame = small_frame(120, 24)
    frame.loc[frame["network_type"] == "formal", "housing_status"] = "supported"
    frame.loc[(frame["housing_status"] == "supported") & (frame["network_type"] != "formal"), "housing_status"] = "own"
    result = associations(frame, ["housing_status", "site", "score"])
    assert [c.covariate for c in result.covariates] == ["site", "score"]
    assert any(note.startswith("housing: left out, because everyone in one of its levels") for note in result.notes)


def test_any_numerical_failure_of_the_fit_is_an_association_error(monkeypatch):
    def fail(*args, **kwargs):
        raise np.linalg.LinAlgError("Singular matrix")

    monkeypatch.setattr(sm.MNLogit, "fit", fail)
    with pytest.raises(AssociationError, match="estimates do not settle on these data"):
        associations(small_frame(100, 25), ["site", "lives_alone"])


def test_a_fit_without_a_covariance_is_an_association_error_not_a_value_error(monkeypatch):
    fit = sm.MNLogit.fit

    def without_covariance(self, *args, **kwargs):
        result = fit(self, *args, **kwargs)
        result._results.normalized_cov_params = None  # what a fit leaves when its Hessian cannot be inverted
        return result

    monkeypatch.setattr(sm.MNLogit, "fit", without_covariance)
    with pytest.raises(AssociationError, match="estimates do not settle on these data"):
        associations(small_frame(100, 26), ["site", "lives_alone"])


def test_too_few_participants_are_never_counted():
    frame = small_frame(4, 27).assign(network_type=["family", "formal", "family", "formal"])
    with pytest.raises(AssociationError, match="there is nothing to compare") as raised:
        associations(frame, ["score"])
    assert set(re.findall(r"\d+", str(raised.value))) <= {"5"}, raised.value  # the limit, never a count


def test_type_sizes_are_the_people_per_type_in_the_model():
    frame = small_frame(120, 28)
    frame.loc[frame.index[:10], "site"] = None  # not in the model
    result = associations(frame, ["site", "lives_alone"])
    fitted = frame.dropna(subset=["site"])["network_type"].value_counts()
    assert result.type_sizes.index[0] == result.reference_type
    assert result.type_sizes.sort_index().to_dict() == fitted.sort_index().to_dict()
    assert result.type_sizes.sum() == result.participants


@pytest.mark.parametrize("small", [1, 4])
def test_a_type_of_fewer_than_5_people_is_left_out_of_the_model_unnamed(small):
    frame = small_frame(150, 29)
    frame.loc[frame.index[:small], "network_type"] = "rare kind"
    frame.loc[frame.index[small:small + 3], "site"] = None  # a type becomes small only in the rows fitted
    frame.loc[frame.index[small + 3:small + 9], "network_type"] = "almost rare"
    frame.loc[frame.index[small + 3:small + 5], "site"] = None
    result = associations(frame, ["site", "lives_alone"])
    assert set(result.type_sizes.index) == {"family", "diverse", "formal"}
    assert result.type_sizes.min() >= 5 and result.participants == result.type_sizes.sum()
    assert {row["type"] for c in result.covariates for row in c.odds_ratios.to_dict("records")} == (
        {"family", "diverse", "formal"} - {result.reference_type})
    assert "2 kinds of network with fewer than 5 people each here were left out of the model" in result.notes
    shown = " ".join(result.notes)
    assert "rare kind" not in shown and "almost rare" not in shown
    assert set(re.findall(r"\d+", shown)) <= {"2", "5"}  # how many types, and the limit


def test_one_small_type_left_out_is_said_in_the_singular():
    frame = small_frame(120, 30)
    frame.loc[frame.index[:2], "network_type"] = "rare kind"
    result = associations(frame, ["site"])
    assert "a kind of network with fewer than 5 people here was left out of the model" in result.notes


def test_a_small_type_is_never_the_reference():
    frame = small_frame(120, 31)
    frame.loc[frame.index[:3], "network_type"] = "rare kind"
    with pytest.raises(AssociationError, match="the chosen reference type has fewer than 5 people here") as raised:
        associations(frame, ["site"], reference_type="rare kind")
    assert "rare kind" not in str(raised.value)


def test_associated_follows_the_likelihood_ratio_p_and_associated_adjusted_the_holm_p():
    frame = planted_frame(300, 5, OTHER_EFFECTS)
    covariates = ["diagnosis", "gender", "site", "lives_alone", "age_band"]
    first = associations(frame, covariates)
    [between] = [c for c in first.covariates if c.p_value < c.p_adjusted][:1]
    alpha = (between.p_value + between.p_adjusted) / 2  # a level at which the two p-values disagree
    result = associations(frame, covariates, alpha=alpha)
    for c in result.covariates:
        assert c.associated == (c.p_value < alpha) and c.associated_adjusted == (c.p_adjusted < alpha)
    [split] = [c for c in result.covariates if c.covariate == between.covariate]
    assert split.associated and not split.associated_adjusted
    records = {r["covariate"]: r for r in result.to_records()}
    assert records[split.covariate]["associated"] and not records[split.covariate]["associated_adjusted"]
    rows = result.to_frame().drop_duplicates("covariate").set_index("covariate")
    assert rows.loc[split.covariate, ["associated", "associated_adjusted"]].tolist() == [True, False]


@pytest.mark.parametrize(("p", "text"), [(0.0, "< 0.001"), (0.0004, "< 0.001"), (0.00099, "< 0.001"),
                                         (0.001, "0.001"), (0.0581, "0.058"), (0.05, "0.050"), (0.99996, "1.000"),
                                         (1.0, "1.000"), (float("nan"), "")])
def test_p_values_read_as_three_decimals_or_below_0_001(p, text):
    assert format_p_value(p) == text


def test_too_few_participants_for_the_model_say_so_without_counting_them():
    frame = small_frame(16, 32).assign(network_type=["family", "formal"] * 8,
                                       lives_alone=[None, None] + ["yes"] * 6 + ["no"] * 8)
    with pytest.raises(AssociationError, match="too few participants") as raised:
        associations(frame, ["lives_alone"])
    # 14 fitted of the group's 16 would tell that 2 were left out: only the covariate columns and types are counted
    assert set(re.findall(r"\d+", str(raised.value))) <= {"1", "2"}, raised.value


@pytest.mark.parametrize(("frame_rows", "covariates", "message"), [
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
        assert run.stdout.splitlines()[0] == ("covariate,p_value,associated,p_adjusted,associated_adjusted,"
                                              "reference_level,level,type,odds_ratio,ci_low,ci_high")


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
