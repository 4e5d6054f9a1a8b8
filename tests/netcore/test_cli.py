"""`python -m netcore` as a user runs it: exit codes, output, and no traceback ever."""

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from netcore import cli, compute_measures, load_dataset
from netcore.io.export import dataset_tables, write_folder, xlsx_bytes, zip_bytes
from netcore.sample import generate_sample
from netcore.typology import NetworkTypology
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, TIES, as_files

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netcore", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def good_folder(tmp_path) -> Path:
    folder = tmp_path / "good"
    folder.mkdir()
    for name, data in as_files().items():
        (folder / name).write_bytes(data)
    return folder


def test_validate_good_data_exits_0_with_a_summary(good_folder):
    result = run_cli("validate", str(good_folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Valid. 3 participants at 2 sites, with 5 connections")


def test_validate_broken_data_exits_1_listing_every_problem(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "participants.csv").write_text(PARTICIPANTS)
    (folder / "members.csv").write_text(MEMBERS.replace(",2,no,weekly", ",inner,no,weekly").replace("walking", ""))
    result = run_cli("validate", str(folder))
    assert result.returncode == 1
    assert "members.csv row 3: circle is not a whole number 1-7" in result.stderr
    assert "inner" not in result.stderr  # the value itself is never repeated
    assert "members.csv row 6: category is empty" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary", b"PK\x03\x04junk"])
def test_validate_unreadable_inputs_exit_1_without_traceback(tmp_path, content):
    path = tmp_path / "data.zip"
    path.write_bytes(content)
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_validate_missing_path_exits_1(tmp_path):
    result = run_cli("validate", str(tmp_path / "nothing-here"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("args", [[], ["validate"], ["frobnicate", "x"], ["sample", "--participants", "0",
                                                                           "--out", "x"], ["measures"]])
def test_wrong_usage_exits_2(args):
    assert run_cli(*args).returncode == 2


def test_measures_to_stdout_matches_the_library(good_folder):
    result = run_cli("measures", str(good_folder))
    assert result.returncode == 0, result.stderr
    printed = pd.read_csv(io.StringIO(result.stdout), dtype={"participant_id": str})
    expected = compute_measures(load_dataset(good_folder))
    pd.testing.assert_frame_equal(printed, expected, check_dtype=False)


def test_measures_out_file_and_empty_shares_are_blank(good_folder, tmp_path):
    out = tmp_path / "m.csv"
    result = run_cli("measures", str(good_folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines[0].startswith("participant_id,size,people,places,activities,inner")
    p3 = dict(zip(lines[0].split(","), lines[3].split(","), strict=True))
    assert (p3["participant_id"], p3["size"], p3["family_share"], p3["density"]) == ("P3", "0", "", "")


def test_measures_reads_zip_and_xlsx(tmp_path):
    tables = dataset_tables(load_dataset(as_files(PARTICIPANTS, MEMBERS, TIES)))
    (tmp_path / "d.zip").write_bytes(zip_bytes(tables))
    (tmp_path / "d.xlsx").write_bytes(xlsx_bytes(tables))
    outputs = [run_cli("measures", str(tmp_path / name)) for name in ("d.zip", "d.xlsx")]
    assert [o.returncode for o in outputs] == [0, 0]
    assert outputs[0].stdout == outputs[1].stdout


def test_sample_writes_a_valid_synthetic_dataset(tmp_path):
    out = tmp_path / "sample"
    result = run_cli("sample", "--participants", "40", "--seed", "7", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "members.csv", "participants.csv", "ties.csv"]
    assert "SYNTHETIC" in (out / "README.txt").read_text()
    assert run_cli("validate", str(out)).returncode == 0
    assert len(load_dataset(out).participants) == 40


def test_sample_is_deterministic_for_a_seed(tmp_path):
    for name in ("a", "b"):
        assert run_cli("sample", "--participants", "25", "--seed", "3", "--out", str(tmp_path / name)).returncode == 0
    for table in ("participants.csv", "members.csv", "ties.csv"):
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()


def test_write_folder_round_trip_through_cli(tmp_path):
    write_folder(dataset_tables(load_dataset(as_files())), tmp_path / "copy")
    assert run_cli("validate", str(tmp_path / "copy")).returncode == 0


# ---- types -------------------------------------------------------------------------------------------------------
STUDY_TYPE_NAMES = {"diverse and active", "family and stable", "formal and sparse"}
IDENTICAL_MAPS_PARTICIPANTS = "participant_id,site\n" + "".join(f"P{i},London\n" for i in range(1, 6))
IDENTICAL_MAPS_MEMBERS = "participant_id,member_id,kind,category,circle,formal\n" + "".join(
    f"P{i},m1,person,family,1,no\nP{i},m2,activity,walking,2,no\n" for i in range(1, 6))


def test_types_on_the_sample_finds_the_generator_types():
    result = run_cli("types", "sample_data")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "participant_id,network_type,confidence"
    table = pd.read_csv(io.StringIO(result.stdout), dtype={"participant_id": str})
    truth = generate_sample(150, seed=2015).planted_type  # sample_data is `python -m netcore sample` (150, 2015)
    assert table["participant_id"].tolist() == truth.index.tolist()
    assert set(table["network_type"]) == STUDY_TYPE_NAMES
    assert table["confidence"].between(0, 1).all()
    assert adjusted_rand_score(truth.loc[table["participant_id"]], table["network_type"]) >= 0.8


def test_types_k_seed_and_out_write_the_library_types(tmp_path):
    out = tmp_path / "types.csv"
    result = run_cli("types", "sample_data", "--k", "4", "--seed", "1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    table = pd.read_csv(out, dtype={"participant_id": str})
    assert list(table.columns) == ["participant_id", "network_type", "confidence"]
    assert table["network_type"].nunique() == 4
    model = NetworkTypology(n_types=4, random_state=1).fit(compute_measures(load_dataset(ROOT / "sample_data")))
    assert table["network_type"].tolist() == [model.names_[k] for k in model.labels_]


@pytest.mark.parametrize("k", ["9", "1"])
def test_types_k_outside_2_to_8_is_wrong_usage(k):
    result = run_cli("types", "sample_data", "--k", k)
    assert result.returncode == 2
    assert "--k" in result.stderr and "invalid choice" in result.stderr


def test_types_on_identical_maps_exits_1_with_a_readable_message(tmp_path):
    folder = tmp_path / "same"
    folder.mkdir()
    (folder / "participants.csv").write_text(IDENTICAL_MAPS_PARTICIPANTS)
    (folder / "members.csv").write_text(IDENTICAL_MAPS_MEMBERS)
    result = run_cli("types", str(folder))
    assert result.returncode == 1
    assert result.stderr.startswith("No network types: too few different maps to form 3 types")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_an_unexpected_error_never_prints_its_text(monkeypatch, capsys):
    def fails(args):
        raise ValueError("could not convert 'Johnathan Smithers'")

    monkeypatch.delenv("NETCORE_DEBUG", raising=False)
    monkeypatch.setattr(cli, "run", fails)
    assert cli.main(["validate", "anything"]) == cli.EXIT_DATA
    printed = capsys.readouterr()
    assert "Unexpected error (ValueError)" in printed.err
    assert "Smithers" not in printed.err + printed.out
