"""`python -m netcore associations` on data whose covariates predict each other: the rest is fitted, with a note."""

import json

import numpy as np

from netcore.cli import main
from netcore.io.export import write_folder
from netcore.sample import generate_sample


def test_covariates_that_predict_each_other_leave_one_out_with_a_note_and_fit_the_rest(tmp_path, capsys):
    data = generate_sample(200, 31)
    participants = data.participants.copy()
    first_site = sorted(participants["site"].unique())[0]
    participants["gender"] = np.where(participants["site"] == first_site, "female", "male")
    write_folder({"participants": participants, "members": data.members, "ties": data.ties}, tmp_path)

    code = main(["associations", str(tmp_path), "--covariates", "site,gender,lives_alone,education"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "Note: gender: left out, because it follows from site exactly (the two cannot be told apart)" in printed.err
    records = json.loads(printed.out)
    assert [r["covariate"] for r in records] == ["site", "lives_alone", "education"]
    assert all(isinstance(r["associated"], bool) and isinstance(r["associated_adjusted"], bool) for r in records)


def test_default_covariates_that_predict_each_other_still_give_results(tmp_path, capsys):
    data = generate_sample(200, 32)
    participants = data.participants.copy()
    participants["ethnicity"] = participants["site"].map({site: f"group {i}" for i, site in
                                                          enumerate(sorted(participants["site"].unique()))})
    write_folder({"participants": participants, "members": data.members, "ties": data.ties}, tmp_path)

    code = main(["associations", str(tmp_path), "--format", "csv"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "Note: ethnic group: left out, because it follows from site exactly" in printed.err
    header = printed.out.splitlines()[0].split(",")
    assert header[:5] == ["covariate", "p_value", "associated", "p_adjusted", "associated_adjusted"]
    assert "ethnicity" not in {line.split(",")[0] for line in printed.out.splitlines()[1:]}
