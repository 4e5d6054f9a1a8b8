"""Every CSV and .xlsx the project writes is safe to open in a spreadsheet (no cell runs as a formula), and the
loader reads such a file back as the original text."""

import dataclasses
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from netcore import cli, load_dataset
from netcore.io.export import csv_bytes, dataset_tables, formula_safe, write_folder, xlsx_bytes, zip_bytes
from netcore.sample import generate_sample

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd", "=1"]
HARMLESS = ["-1", "-0.5", "1e5", "Walking group 2", "café", ""]


def _frame(values: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"text": values, "number": range(len(values))})


def _csv_cells(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_quotes_a_dangerous_text_cell(value):
    assert _csv_cells(csv_bytes(_frame([value])))["text"].tolist() == ["'" + value]


@pytest.mark.parametrize("value", HARMLESS)
def test_csv_leaves_numbers_and_ordinary_text_alone(value):
    assert _csv_cells(csv_bytes(_frame([value])))["text"].tolist() == [value]


def test_numeric_columns_are_never_touched_and_headers_are_protected():
    frame = pd.DataFrame({"=cmd": ["a"], "score": [-1.5], "count": [-3], "@x": ["+x"]})
    safe = formula_safe(frame)
    assert list(safe.columns) == ["'=cmd", "score", "count", "'@x"]
    assert safe["score"].tolist() == [-1.5] and safe["count"].tolist() == [-3]
    assert safe["'@x"].tolist() == ["'+x"]
    assert list(frame.columns) == ["=cmd", "score", "count", "@x"]  # the caller's frame is unchanged
    assert csv_bytes(frame).decode().splitlines() == ["'=cmd,score,count,'@x", "a,-1.5,-3,'+x"]


def test_a_value_already_starting_with_a_quote_and_a_formula_gets_one_more():
    assert formula_safe(_frame(["'=1", "'x", "it's"]))["text"].tolist() == ["''=1", "'x", "it's"]


def test_mixed_object_and_categorical_columns_protect_only_text():
    frame = pd.DataFrame({"mixed": ["=1", 2, None, -3.0], "kind": pd.Categorical(["=a", "b", "=a", "b"])})
    safe = formula_safe(frame)
    assert safe["mixed"].tolist()[:2] == ["'=1", 2] and safe["mixed"].tolist()[3] == -3.0
    assert safe["kind"].tolist() == ["'=a", "b", "'=a", "b"]


def test_xlsx_never_writes_a_formula_and_quotes_dangerous_text():
    values = DANGEROUS + HARMLESS + ["#N/A"]
    frame = pd.DataFrame({"=header": values, "number": range(len(values))})
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"members": frame})))
    sheet = book["members"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))
    assert sheet["A1"].value == "'=header"
    read = [sheet.cell(row=row, column=1).value for row in range(2, len(values) + 2)]
    assert read[: len(DANGEROUS)] == ["'" + value for value in DANGEROUS]
    assert read[len(DANGEROUS):] == [*HARMLESS[:-1], None, "#N/A"]  # openpyxl writes an empty text as no value


def test_sheet_names_and_column_order_are_kept():
    tables = {"participants": pd.DataFrame({"b": ["=x"], "a": [1]}), "members": pd.DataFrame({"z": [1], "y": ["-"]})}
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(tables)))
    assert book.sheetnames == ["participants", "members"]
    assert [cell.value for cell in book["participants"][1]] == ["b", "a"]
    assert [cell.value for cell in book["members"][1]] == ["z", "y"]


@pytest.fixture(scope="module")
def dangerous_dataset():
    """The 12-participant sample with dangerous text in member labels and in a participant covariate."""
    data = generate_sample(participants=12, seed=1)
    dataset = load_dataset({"data.zip": zip_bytes({"participants": data.participants, "members": data.members,
                                                   "ties": data.ties})})
    texts = DANGEROUS + ["'=1", "''+2", "-1", "-0.5", "café"]
    members = dataset.members.copy()
    members["label"] = pd.Series([texts[i % len(texts)] for i in range(len(members))], dtype="string")
    participants = dataset.participants.copy()
    participants["housing_status"] = pd.Series([texts[i % len(texts)] for i in range(len(participants))],
                                               dtype="string")
    return dataclasses.replace(dataset, members=members, participants=participants)


@pytest.mark.parametrize("kind", ["zip", "xlsx", "folder"])
def test_round_trip_gives_the_original_text(dangerous_dataset, kind, tmp_path):
    tables = dataset_tables(dangerous_dataset)
    if kind == "zip":
        again = load_dataset({"data.zip": zip_bytes(tables)})
    elif kind == "xlsx":
        again = load_dataset({"data.xlsx": xlsx_bytes(tables)})
    else:
        write_folder(tables, tmp_path / "data")
        again = load_dataset(tmp_path / "data")
    assert again.members["label"].tolist() == dangerous_dataset.members["label"].tolist()
    assert again.participants["housing_status"].tolist() == dangerous_dataset.participants["housing_status"].tolist()
    pd.testing.assert_frame_equal(again.members, dangerous_dataset.members)


def test_zip_files_inside_are_formula_safe(dangerous_dataset):
    with zipfile.ZipFile(io.BytesIO(zip_bytes(dataset_tables(dangerous_dataset)))) as archive:
        members = _csv_cells(archive.read("members.csv"))
    assert not members["label"].str.startswith(("=", "+", "@", "\t", "\r")).any()
    assert "'=1" in set(members["label"]) and "-1" in set(members["label"])


@pytest.fixture(scope="module")
def dangerous_ids(tmp_path_factory):
    """A dataset folder whose participant ids start with =, + and @ (ids may be any text)."""
    data = generate_sample(participants=12, seed=1)
    renames = {"P0001": "=1+2", "P0002": "@SUM(A1)", "P0003": "+cmd"}
    tables = {name: frame.replace({"participant_id": renames})
              for name, frame in (("participants", data.participants), ("members", data.members),
                                  ("ties", data.ties))}
    folder = tmp_path_factory.mktemp("ids")
    write_folder(tables, folder)
    assert set(renames.values()) <= set(load_dataset(folder).participants["participant_id"])
    return folder


@pytest.mark.parametrize("command", [["measures"], ["types", "--k", "2"]])
def test_cli_csv_to_stdout_is_formula_safe(dangerous_ids, command, capsys):
    assert cli.main([*command, str(dangerous_ids)]) == cli.EXIT_OK
    ids = _csv_cells(capsys.readouterr().out.encode())["participant_id"]
    assert {"'=1+2", "'@SUM(A1)", "'+cmd"} <= set(ids)
    assert not ids.str.startswith(("=", "+", "@", "-")).any()


def test_cli_measures_out_file_is_formula_safe(dangerous_ids, tmp_path):
    out = tmp_path / "measures.csv"
    assert cli.main(["measures", str(dangerous_ids), "--out", str(out)]) == cli.EXIT_OK
    assert "'=1+2" in set(_csv_cells(out.read_bytes())["participant_id"])


def test_every_csv_and_workbook_is_written_through_the_one_writer():
    """No page, helper or command writes CSV or xlsx itself: netcore.io.export is the one writer (the report only
    hashes its tables' CSV text for the fingerprint, it writes no file)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sources = [*root.glob("netcore/**/*.py"), *root.glob("ui/*.py"), *root.glob("views/*.py"), root / "app.py"]
    writers = ("to_csv(", "to_excel(", "ExcelWriter", "csv.writer", "openpyxl.Workbook")
    found = [f"{path.relative_to(root)}:{number}" for path in sources if path.name != "export.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if any(writer in line for writer in writers) and "digest.update" not in line]
    assert found == []
