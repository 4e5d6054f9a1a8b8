"""Network Canvas CSV export in: detection, the mapping options, robustness, privacy, the CLI, fuzzing."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore import DatasetError, compute_measures
from netcore.io import detect_format, read_dataset
from netcore.io.mapping import ImportOptions, to_dataset
from netcore.io.networkcanvas import read_networkcanvas
from tests.netcore.datasets import conversion_text
from tests.networkcanvas_export import INTERVIEWS, NAMES, export_files, export_zip

REPO = Path(__file__).resolve().parents[2]
ORDER = ("Very_close", "Somewhat_close", "Not_close")
CHOSEN = ImportOptions(category="relationship,place_type", closeness="closeness", closeness_order=ORDER)


def test_the_export_is_detected_as_files_and_as_a_zip():
    assert detect_format(export_files()) == "networkcanvas"
    assert detect_format({"export.zip": export_zip()}) == "networkcanvas"


def test_interviews_become_participants_with_covariates_folded():
    dataset = read_dataset({"export.zip": export_zip()}, options=CHOSEN).dataset
    participants = dataset.participants.set_index("participant_id")
    assert list(participants.index) == [interview["case"] for interview in INTERVIEWS]
    assert list(participants["lives_alone"]) == ["yes", "no", "yes"]
    assert list(participants["housing"]) == ["own", "supported", "rented"]  # one-hot folded back
    assert participants.loc["P02", "age"] is pd.NA  # the -1 code is missing
    assert not {"networkcanvassessionid", "sessionstart", "networkcanvasprotocolname"} & set(dataset.covariates)


def test_nodes_become_members_by_kind_category_and_ordered_closeness():
    members = read_dataset(export_files(), options=CHOSEN).dataset.members
    first = members[members["participant_id"] == "P01"].set_index("member_id")
    assert list(first["kind"]) == ["person", "person", "person", "place"]
    assert list(first["category"]) == ["family", "friend", "practitioner", "cafe"]
    assert list(first["circle"]) == [1, 2, 3, 2]
    assert list(first["wellbeing"].fillna("")) == ["positive", "", "negative", ""]
    # P02's friend has no closeness: one circle outside the rest, "not placed"
    second = members[members["participant_id"] == "P02"]
    assert list(second["circle"]) == [1, 1, 4]


def test_robustness_is_counted_in_notes():
    conversion = read_dataset(export_files(), options=CHOSEN)
    notes = " | ".join(conversion.notes)
    assert "1 tie(s) from a member to itself were left out" in notes
    assert "1 repeated or mirrored tie(s) were merged" in notes
    assert "1 tie(s) to members not on the map were left out" in notes
    assert "1 ego value(s) coded as missing" in notes
    ties = conversion.dataset.ties
    assert sorted(map(tuple, ties[ties["participant_id"] == "P01"][["member_a", "member_b"]].to_numpy())) == [
        ("1", "2"), ("1", "3")]


def test_names_are_never_carried_and_each_dropped_column_is_named():
    conversion = read_dataset({"export.zip": export_zip()}, options=CHOSEN)
    text = conversion_text(conversion)
    assert not [name for name in NAMES if name in text or name.split()[0] in text]
    assert any("ego variable 'name' was not carried" in note for note in conversion.notes)
    assert any("node variable 'name' was not carried" in note for note in conversion.notes)


def test_chosen_edge_types_only():
    ties = read_dataset(export_files(), options=ImportOptions(ties=("Close",), closeness_order=ORDER)).dataset.ties
    assert sorted(map(tuple, ties[ties["participant_id"] == "P01"][["member_a", "member_b"]].to_numpy())) == [
        ("1", "2")]


def test_layout_rings_when_no_closeness_variable():
    files = {name: data for name, data in export_files().items() if "Place" not in name}
    capture = read_networkcanvas(files)
    capture.nodes = capture.nodes.drop(columns=[c for c in capture.nodes.columns if c.startswith("closeness_")])
    members = to_dataset(capture, ImportOptions(rings=2)).dataset.members.set_index(["participant_id", "member_id"])
    # distances from the centre 0.05, 0.30, 0.64 of the 0.5 edge -> bands of 0.25: 1, 2, 2 (beyond: outermost)
    assert list(members.loc["P01", "circle"]) == [1, 2, 2]


def test_node_types_map_by_choice_and_unmapped_types_are_left_out_with_a_note():
    files = {name.replace("attributeList_Place", "attributeList_Venue"): data for name, data in export_files().items()}
    left = read_dataset(files, options=CHOSEN)
    assert set(left.dataset.members["kind"]) == {"person"}
    assert any("type 'Venue' were left out" in note for note in left.notes)
    mapped = read_dataset(files, options=ImportOptions(kinds={"Venue": "place"}, category="relationship,place_type",
                                                       closeness_order=ORDER))
    assert (mapped.dataset.members["kind"] == "place").sum() == 3


def test_participant_id_can_be_the_interview_uuid():
    dataset = read_dataset(export_files(), options=ImportOptions(participant_id="uuid", closeness_order=ORDER)).dataset
    assert list(dataset.participants["participant_id"]) == ["ego-uuid-1", "ego-uuid-2", "ego-uuid-3"]


def test_measures_follow_the_maps():
    measures = compute_measures(read_dataset(export_files(), options=CHOSEN).dataset).set_index("participant_id")
    assert measures.loc["P01", "size"] == 4 and measures.loc["P01", "ties"] == 2
    assert measures.loc["P03", "places"] == 2 and measures.loc["P03", "formal_members"] == 2
    assert measures.loc["P01", "density"] == pytest.approx(2 / 6)


def test_a_closeness_in_words_needs_an_order_and_says_so_without_values():
    capture = read_networkcanvas(export_files())
    capture.nodes["closeness_words"] = capture.nodes["closeness_very_close"].map({"true": "near", "false": "far"})
    with pytest.raises(DatasetError) as caught:
        to_dataset(capture, ImportOptions(closeness="closeness_words", category="relationship"))
    assert "--closeness-order" in str(caught.value)
    assert "near" not in str(caught.value) and "far" not in str(caught.value)


def test_a_file_that_is_not_from_network_canvas_is_a_problem_naming_no_file():
    files = export_files()
    name = next(name for name in files if name.endswith("_attributeList_Person.csv"))
    files[name] = b"nodeID,who\r\n1,Alice Hartley\r\n"
    with pytest.raises(DatasetError) as caught:
        read_networkcanvas(files)
    text = str(caught.value)
    assert "networkCanvasEgoUUID" in text and "Person node file 1" in text
    assert "P01" not in text and "Alice" not in text  # neither the case id in the file name nor a value


def run_cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netcore", *arguments], capture_output=True, text=True, cwd=REPO,
                          timeout=120)


@pytest.mark.parametrize("suffix", ["", ".zip", ".xlsx"])
def test_cli_convert_writes_the_canonical_format_and_prints_the_notes(tmp_path, suffix):
    source = tmp_path / "export.zip"
    source.write_bytes(export_zip())
    out = tmp_path / f"converted{suffix}"
    result = run_cli("convert", str(source), "--from", "networkcanvas", "--category", "relationship,place_type",
                     "--closeness-order", ",".join(ORDER), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Note: the node variable 'name' was not carried" in result.stdout
    again = read_dataset(out)
    assert again.format == "canonical"
    original = read_dataset(source, options=CHOSEN).dataset
    pd.testing.assert_frame_equal(compute_measures(again.dataset), compute_measures(original))


def test_cli_commands_detect_the_format_and_say_it(tmp_path):
    source = tmp_path / "export.zip"
    source.write_bytes(export_zip())
    result = run_cli("measures", str(source), "--category", "relationship,place_type")
    assert result.returncode == 0, result.stderr
    assert "Read as a Network Canvas CSV export (--from networkcanvas)" in result.stderr
    assert result.stdout.splitlines()[0].startswith("participant_id,size")
    assert len(result.stdout.splitlines()) == 4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["a_ego.csv", "a_attributeList_Person.csv", "a_edgeList_Close.csv",
                                        "b_attributeList_Place.csv"]),
                       st.one_of(st.binary(max_size=200),
                                 st.lists(st.lists(st.sampled_from(["networkCanvasEgoUUID", "nodeID", "from", "to",
                                                                    "networkCanvasCaseID", "x", "true", "-1", "",
                                                                    "u1", "1", "2", "name", '"']),
                                                   min_size=1, max_size=5), min_size=1, max_size=5)
                                 .map(lambda rows: "\r\n".join(",".join(row) for row in rows).encode())),
                       min_size=1))
def test_fuzzed_exports_give_a_dataset_or_problems_never_a_crash(files):
    try:
        read_dataset(files, format="networkcanvas")
    except DatasetError as error:
        assert error.problems
