"""egor tables in (egos, alters, alter-alter ties): CSV files, a .zip, a workbook; by egor's and Vacca's column
names; the mapping's robustness on them; privacy of messages and notes; the real Vacca data; fuzzing.

Decision checked here: a workbook beside CSV files (the Vacca folder's codebook.xlsx) is not read, so the real
data folder is given whole, as `collect` gathers it.
"""

import io
import subprocess
import sys
import zipfile

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netcore import DatasetError, compute_measures
from netcore.io.egor import read_egor
from netcore.io.files import collect
from netcore.io.mapping import EDGE_TYPE, EGO, FILE, NODE_TYPE, ROW, SOURCE, TARGET, ImportOptions, to_dataset
from tests.netcore.datasets import conversion_text

NAMES = ("Alice Smith", "Bob Jones", "Carla Diaz", "Dev Patel", "Emma Brown", "Femi Ade", "Gita Rao", "Hugo Li",
         "Ines Sousa", "Jon Snow")
# (ego, alter within the ego, relation, closeness 5 = closest; "" and -1 mean not rated)
ALTERS = [
    ("1", "1", "Close family", "5"), ("1", "2", "Friends", "4"), ("1", "3", "Friends", ""),
    ("1", "4", "Other family", "1"), ("1", "5", "Acquaintances", "-1"),
    ("2", "1", "Friends", "3"), ("2", "2", "Friends", "3"), ("2", "3", "Close family", "5"),
    ("3", "1", "Acquaintances", "2"), ("3", "2", "Friends", "NA"),
]
# ego 1: a tie, its mirror, a self-loop, a tie to an unknown alter, a tie to a -1 code, one more tie
TIES = [("1", "1", "2"), ("1", "2", "1"), ("1", "1", "1"), ("1", "1", "99"), ("1", "2", "3"), ("1", "3", "-1"),
        ("2", "1", "2")]
EXPECTED = {  # participant: size, ties, density, diversity (Close/Other family are one category)
    "1": (5, 2, 2 / 10, 3), "2": (3, 1, 1 / 3, 2), "3": (2, 0, 0.0, 2),
}
CHOSEN = ImportOptions(category="alter.rel", closeness="alter.clo", closest="high")


def tables(style: str = "egor") -> dict[str, pd.DataFrame]:
    """The fixture in egor's column names (alter ids per ego) or Vacca's (alter ids unique overall)."""
    ego, alter, source, target = ((".egoID", ".altID", ".srcID", ".tgtID") if style == "egor"
                                  else ("ego_ID", "alter_ID", "from", "to"))

    def alter_id(ego_id: str, number: str) -> str:
        return number if style == "egor" or number in ("99", "-1") else str(int(ego_id) * 100 + int(number))

    egos = pd.DataFrame({ego: ["1", "2", "3"], "ego.sex": ["Male", "Female", "Male"], "ego.age": ["61", "38", "-1"]})
    alters = pd.DataFrame({
        alter: [alter_id(e, a) for e, a, _, _ in ALTERS], ego: [e for e, _, _, _ in ALTERS],
        "name": NAMES, "alter.rel": [r for _, _, r, _ in ALTERS], "alter.clo": [c for _, _, _, c in ALTERS],
    })
    ties = pd.DataFrame({source: [alter_id(e, s) for e, s, _ in TIES], target: [alter_id(e, t) for e, _, t in TIES],
                         ego: [e for e, _, _ in TIES], "weight": "1"})
    return {"egos": egos, "alters": alters, "ties": ties}


def csv_files(frames: dict[str, pd.DataFrame], names: tuple[str, ...] = ("egos.csv", "alters.csv", "ties.csv")
              ) -> dict[str, bytes]:
    return {name: frame.to_csv(index=False).encode() for name, frame in zip(names, frames.values(), strict=False)}


def zip_of(files: dict[str, bytes], folder: str = "Jon Snow's study/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(folder + name, data)
    return buffer.getvalue()


def workbook_of(frames: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"about": ["made up for a test"]}).to_excel(writer, sheet_name="Read me", index=False)
        for number, frame in enumerate(frames.values(), start=1):  # sheet names say nothing about the tables
            frame.to_excel(writer, sheet_name=f"Sheet{number}", index=False)
    return buffer.getvalue()


def problems_of(files: dict[str, bytes], options: ImportOptions = CHOSEN) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        to_dataset(read_egor(files, options), options)
    return [str(problem) for problem in caught.value.problems]


def check_measures(conversion) -> None:
    measures = compute_measures(conversion.dataset).set_index("participant_id")
    assert sorted(measures.index) == sorted(EXPECTED)
    for participant, (size, ties, density, diversity) in EXPECTED.items():
        row = measures.loc[participant]
        assert (row["size"], row["ties"], row["diversity"]) == (size, ties, diversity)
        assert row["density"] == pytest.approx(density)


UPLOADS = {
    "egor csv": lambda: csv_files(tables("egor")),
    "vacca csv": lambda: csv_files(tables("vacca"), ("ego_data.csv", "alter_attributes.csv", "alter_ties.csv")),
    "egor zip": lambda: {"study.zip": zip_of(csv_files(tables("egor"), ("a.csv", "b.txt", "c.tsv")))},
    "vacca zip": lambda: {"study.zip": zip_of(csv_files(tables("vacca")) | {"codebook.xlsx": b"PK\x03\x04"})},
    "egor xlsx": lambda: {"study.xlsx": workbook_of(tables("egor"))},
    "vacca xlsx": lambda: {"study.xlsx": workbook_of(tables("vacca"))},
}


@pytest.mark.parametrize("upload", list(UPLOADS))
def test_every_shape_and_spelling_gives_the_same_maps(upload):
    capture = read_egor(UPLOADS[upload]())
    assert capture.format == "egor"
    assert list(capture.egos[EGO]) == ["1", "2", "3"]
    assert list(capture.nodes[NODE_TYPE].unique()) == ["person"]
    assert set(capture.egos[FILE]) == {"the egos table"} and list(capture.egos[ROW]) == [2, 3, 4]
    assert set(capture.nodes[FILE]) == {"the alters table"} and set(capture.edges[FILE]) == {"the ties table"}
    assert set(capture.edges[EDGE_TYPE]) == {"tie"}
    assert {"alter_rel", "alter_clo", "name"} <= set(capture.nodes.columns)
    for frame in (capture.egos, capture.nodes, capture.edges):  # all text
        assert all(isinstance(value, str) for column in frame.columns if column != ROW for value in frame[column])
    check_measures(to_dataset(capture, CHOSEN))


def test_robustness_notes_and_no_name_anywhere():
    conversion = to_dataset(read_egor(UPLOADS["egor csv"]()), CHOSEN)
    notes = conversion.notes
    assert "the node variable 'name' was not carried: it is named like a direct identifier, and the dashboard " \
           "holds no names" in notes
    assert "1 tie(s) from a member to itself were left out" in notes
    assert "1 repeated or mirrored tie(s) were merged" in notes
    assert "2 tie(s) to members not on the map were left out" in notes  # 99 and the -1 code
    assert any(note.startswith("3 member(s) have no closeness: they are in an outer circle (6)") for note in notes)
    text = conversion_text(conversion)
    for name in NAMES:
        assert name not in text and name.split()[0] not in text
    assert conversion.dataset.participants.set_index("participant_id").loc["3", "ego_age"] is pd.NA  # -1 code
    assert list(conversion.dataset.ties.columns[:3]) == ["participant_id", "member_a", "member_b"]


@pytest.mark.parametrize(("closest", "circles"), [("high", [1, 2, 6, 5, 6]), ("low", [5, 4, 6, 1, 6])])
def test_closest_high_or_low(closest, circles):
    options = ImportOptions(category="alter_rel", closeness="alter_clo", closest=closest)
    members = to_dataset(read_egor(UPLOADS["egor csv"]()), options).dataset.members
    assert list(members[members["participant_id"] == "1"]["circle"]) == circles


def test_category_and_closeness_are_found_by_name_when_not_chosen():
    conversion = to_dataset(read_egor(UPLOADS["vacca csv"]()), ImportOptions(closest="high"))
    assert conversion.options.category == "alter_rel" and conversion.options.closeness == "alter_clo"
    check_measures(conversion)


def test_two_file_data_and_ties_without_an_ego_id():
    frames = tables("vacca")
    two = to_dataset(read_egor(csv_files({k: frames[k] for k in ("egos", "alters")})), CHOSEN)
    assert "there is no ties table (two-file data): the maps have no ties between alters" in two.notes
    assert two.dataset.ties.empty
    # alter ids unique overall: a tie's ego is its alters' ego
    frames["ties"] = frames["ties"].drop(columns=["ego_ID"])
    conversion = to_dataset(read_egor(csv_files(frames)), CHOSEN)
    assert any("each tie belongs to its alters' ego" in note for note in conversion.notes)
    check_measures(conversion)


def test_ties_without_an_ego_id_need_unique_alter_ids():
    frames = tables("egor")
    frames["ties"] = frames["ties"].drop(columns=[".egoID"])
    assert problems_of(csv_files(frames)) == [
        "the ties table: has no ego id column and alter ids repeat across egos, so no tie's ego can be found: add "
        "the ego id (.egoID or ego_ID or egoID)"]


def test_a_tie_whose_ego_cannot_be_found():
    frames = tables("egor")
    frames["ties"].loc[1, ".egoID"] = "9"
    assert problems_of(csv_files(frames)) == ["the ties table row 3: the ego id is not in the egos table"]
    frames = tables("vacca")
    frames["ties"].loc[1, "ego_ID"] = ""  # takes its alters' ego
    frames["ties"].loc[3, ["ego_ID", "from", "to"]] = ["NA", "77", "78"]  # neither alter is known
    assert problems_of(csv_files(frames)) == [
        "the ties table row 5: the tie's ego cannot be found: it has no ego id and neither of its alters is in the "
        "alters table"]


def test_repeated_ids_are_problems_naming_rows_not_values():
    frames = tables("egor")
    frames["egos"].loc[2, ".egoID"] = "1"
    frames["alters"].loc[1, ".altID"] = "1"
    frames["alters"].loc[6, ".altID"] = ""
    assert problems_of(csv_files(frames)) == [
        "the egos table row 4: the ego id is repeated (first in row 2)",
        "the alters table row 8: the alter id is empty",
        "the alters table row 3: the alter id is repeated within one ego (first in row 2)",
    ]


def test_missing_tables():
    frames = tables("egor")
    assert problems_of(csv_files({"x": pd.DataFrame({"a": ["1"], "b": ["2"]})})) == [
        "the egos table: was not found: no table has an ego id column (.egoID or ego_ID or egoID; choose another "
        "with --ego-id)"]
    assert problems_of(csv_files({"egos": frames["egos"]})) == [
        "the alters table: was not found: no table has both an alter id column (.altID or alter_ID or alterID; "
        "choose another with --alter-id) and the ego id"]
    assert problems_of(csv_files({"alters": frames["alters"], "ties": frames["ties"]})) == [
        "the egos table: was not found: no table has the ego id column (.egoID or ego_ID or egoID) without an "
        "alter id"]
    assert problems_of(csv_files({"a": frames["alters"], "b": frames["alters"], "c": frames["egos"]})) == [
        "the alters table: more than one table holds the alters (they have the same id columns): give only one"]
    assert problems_of({"notes.pdf": b"%PDF-1.4"}) == [
        "upload: holds no tables: give the egor CSV files (egos, alters, ties), one .zip of them or one .xlsx "
        "workbook"]


def test_unreadable_files_are_named_as_given_or_by_place_in_the_zip():
    files = csv_files(tables("egor"))
    files["alters.csv"] = b"\x00\x01binary"
    assert problems_of(files) == ["alters.csv: is not a text file (expected comma- or semicolon-separated text)"]
    assert problems_of({"Jon Snow.zip": zip_of(files)}) == [
        "table file 2 in the .zip: is not a text file (expected comma- or semicolon-separated text)"]
    assert problems_of({"study.zip": b"not a zip"}) == [
        "study.zip: could not be opened as a .zip archive (it is damaged or not a .zip file)"]
    assert problems_of({"study.xlsx": b"PK\x03\x04 broken"})[0].startswith(
        "study.xlsx: could not be read as an Excel workbook")


def test_a_workbook_beside_csv_files_is_not_read():
    files = csv_files(tables("egor")) | {"codebook.xlsx": workbook_of({"x": pd.DataFrame({".egoID": ["7"]})})}
    capture = read_egor(files)
    assert "1 workbook(s) beside the CSV files were not read (only the CSV files were)" in capture.notes
    assert list(capture.egos[EGO]) == ["1", "2", "3"]


def test_problems_from_the_mapping_name_the_role_and_row():
    frames = tables("egor")
    frames["alters"].loc[3, "alter.rel"] = "someone@example.org"  # a value that is an identifier
    assert problems_of(csv_files(frames)) == [
        "the alters table row 5: a value in column 'category' looks like an email address; the data must be "
        "anonymised"]


def test_chosen_id_columns_a_kind_column_and_a_type_column():
    egos = pd.DataFrame({"respondent": ["r1", "r2"]})
    alters = pd.DataFrame({"respondent": ["r1", "r1", "r1", "r2"], "contact": ["c1", "c2", "c3", "c1"],
                           "kind": ["person", "Place", "Hugo Li", ""], "relation": ["friend", "cafe", "x", "GP"]})
    ties = pd.DataFrame({"respondent": ["r1"], "a": ["c1"], "b": ["c2"], "type": ["knows"]})
    options = ImportOptions(ego_id="respondent", alter_id="contact", source_id="a", target_id="b")
    capture = read_egor(csv_files({"e": egos, "n": alters, "t": ties}), options)
    assert list(capture.nodes[NODE_TYPE]) == ["person", "Place", "person"]  # a blank kind is options.kind
    assert "1 alter(s) have a 'kind' that is not person, place or activity (nor given with --kinds) and were left " \
           "out" in capture.notes
    assert list(capture.edges[EDGE_TYPE]) == ["knows"] and list(capture.edges[[SOURCE, TARGET]].iloc[0]) == ["c1", "c2"]
    conversion = to_dataset(capture, options)
    assert "Hugo" not in conversion_text(conversion)
    members = conversion.dataset.members
    assert list(members["kind"]) == ["person", "place", "person"]
    assert list(members["category"]) == ["friend", "cafe", "practitioner"]
    assert len(conversion.dataset.ties) == 1


# --------------------------------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def vacca_folder(realdata_dir):
    return realdata_dir / "vacca-srilankan-migrants"


def test_real_vacca_data_measures_match_an_independent_computation(vacca_folder):
    files = collect(vacca_folder)
    assert "codebook.xlsx" in files  # the folder is given whole: its codebook is not read
    options = ImportOptions(category="alter.rel", closeness="alter_clo", closest="high")
    conversion = to_dataset(read_egor(files, options), options)
    dataset = conversion.dataset
    assert "1 workbook(s) beside the CSV files were not read (only the CSV files were)" in conversion.notes
    assert any(note.startswith("534 member(s) have no closeness: they are in an outer circle (6)")
               for note in conversion.notes)
    assert len(dataset.participants) == 102 and len(dataset.members) == 4590
    assert int((dataset.members["circle"] == 6).sum()) == 534

    alters = pd.read_csv(vacca_folder / "alter_attributes.csv")
    ties = pd.read_csv(vacca_folder / "alter_ties.csv")
    assert int((dataset.members["circle"] == 1).sum()) == int((alters["alter.clo"] == 5).sum())
    measures = compute_measures(dataset).set_index("participant_id")
    assert len(measures) == 102
    # the vocabulary reads "Close family" and "Other family" as one category (family); Friends, Acquaintances two
    relations = alters["alter.rel"].replace({"Close family": "family", "Other family": "family"})
    for ego, contacts in alters.groupby("ego_ID"):
        graph = nx.Graph()
        graph.add_nodes_from(contacts["alter_ID"])
        links = ties[(ties["ego_ID"] == ego) & ties["from"].isin(contacts["alter_ID"])
                     & ties["to"].isin(contacts["alter_ID"])]
        graph.add_edges_from(zip(links["from"], links["to"], strict=True))
        graph.remove_edges_from(list(nx.selfloop_edges(graph)))
        n, m = len(contacts), graph.number_of_edges()
        row = measures.loc[str(ego)]
        assert row["size"] == n
        assert row["ties"] == m
        assert row["density"] == pytest.approx(m / (n * (n - 1) / 2))
        assert row["diversity"] == relations[contacts.index].nunique()


def test_real_vacca_data_through_the_command_line_with_detection_and_from_egor(vacca_folder):
    options = ImportOptions(category="alter.rel", closeness="alter.clo", closest="high")
    expected = compute_measures(to_dataset(read_egor(collect(vacca_folder), options), options).dataset)
    arguments = ["--category", "alter.rel", "--closeness", "alter.clo", "--closest", "high"]
    for format_given in (["--from", "egor"], []):
        command = [sys.executable, "-m", "netcore", "measures", str(vacca_folder), *format_given, *arguments]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert "Read as egor tables (egos, alters, ties) (--from egor)" in result.stderr
        measured = pd.read_csv(io.StringIO(result.stdout), dtype={"participant_id": str})
        pd.testing.assert_frame_equal(measured, expected, check_dtype=False)


# ----------------------------------------------------------------------------------------------------- fuzzing

COLUMNS = (".egoID", "ego_ID", ".altID", "alter_ID", "from", "to", ".srcID", ".tgtID", "kind", "type", "name",
           "alter.rel", "alter.clo", "x")
VALUES = ("1", "2", "3", "-1", "NA", "", "person", "place", "Friends", "5", "0.5", "1e9", "a b", "ÿ", '"')


@st.composite
def egor_table(draw) -> bytes:
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=5, unique=True))
    rows = draw(st.lists(st.lists(st.sampled_from(VALUES), min_size=len(columns), max_size=len(columns)),
                         max_size=6))
    return pd.DataFrame(rows, columns=columns, dtype=str).to_csv(index=False).encode()


FILE_NAMES = st.sampled_from(("egos.csv", "alters.csv", "ties.csv", "a.txt", "b.tsv", "study.zip", "book.xlsx"))
IDS = ("1", "2", "3", "4", "5", "-1", "NA", "")
EXTRA = ("kind", "type", "name", "alter.rel", "alter.clo", "x", "weight")


@st.composite
def egor_files(draw) -> dict[str, bytes]:
    """Three tables with their id columns (egor's or Vacca's names), random extra columns, values and row counts."""
    style = draw(st.sampled_from(("egor", "vacca")))
    ego, alter, source, target = ((".egoID", ".altID", ".srcID", ".tgtID") if style == "egor"
                                  else ("ego_ID", "alter_ID", "from", "to"))
    shapes = {"egos.csv": [ego], "alters.csv": [alter, ego], "ties.csv": [source, target]
              + ([ego] if draw(st.booleans()) else [])}
    files = {}
    for name, ids in shapes.items():
        columns = ids + draw(st.lists(st.sampled_from(EXTRA), max_size=3, unique=True))
        cells = st.tuples(*(st.sampled_from(IDS if column in ids else VALUES) for column in columns))
        width = len(ids)
        rows = draw(st.lists(cells, max_size=8, unique_by=lambda row, width=width: row[:width]))
        files[name] = pd.DataFrame(rows, columns=columns, dtype=str).to_csv(index=False).encode()
    return files


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.one_of(egor_files(), st.dictionaries(FILE_NAMES, st.one_of(egor_table(), st.binary(max_size=64)),
                                                     min_size=1, max_size=3)),
       closest=st.sampled_from(("low", "high")))
# Ties with no ego id whose alters' ego has no row in an empty egos table (once an IndexError in the mapping).
@example(files={"egos.csv": b".egoID\n", "alters.csv": b".altID,.egoID\n1,1\n", "ties.csv": b".srcID,.tgtID\n1,1\n"},
         closest="low")
def test_any_files_give_a_capture_or_dataset_error(files, closest):
    options = ImportOptions(closest=closest)
    try:
        capture = read_egor(files, options)
        to_dataset(capture, options)
    except DatasetError as error:
        assert error.problems
