"""The shared mapping of every export (netcore.io.mapping) on small hand-made Captures: what a review found
wrong once, each case with the behaviour it must keep."""

import io
import zipfile

import pandas as pd
import pytest

from netcore import DatasetError, load_dataset
from netcore.io import detect_format, read_dataset
from netcore.io.export import dataset_tables, xlsx_bytes, zip_bytes
from netcore.io.mapping import (
    CASE,
    EDGE_TYPE,
    EGO,
    FILE,
    NODE,
    NODE_TYPE,
    ROW,
    SOURCE,
    TARGET,
    Capture,
    ImportOptions,
    one_hot_groups,
    to_dataset,
)
from netcore.io.networkcanvas import role
from tests.netcore.datasets import conversion_text


def capture(egos: dict, nodes: dict, edges: dict | None = None, types_named: bool = True) -> Capture:
    """A Capture from columns of text (FILE and ROW filled in)."""
    def table(columns: dict, label: str) -> pd.DataFrame:
        frame = pd.DataFrame(columns, dtype=object)
        return frame.assign(**{FILE: label, ROW: range(2, len(frame) + 2)})

    edges = edges or {EGO: [], SOURCE: [], TARGET: [], EDGE_TYPE: []}
    return Capture("test", table(egos, "egos"), table(nodes, "nodes"), table(edges, "edges"), [], types_named)


def two_people(**node_columns) -> Capture:
    nodes = {EGO: ["e1", "e1"], NODE: ["1", "2"], NODE_TYPE: ["Person", "Person"], **node_columns}
    return capture({EGO: ["e1"], CASE: ["P1"]}, nodes)


def test_a_graph_level_label_is_never_a_covariate():
    conversion = to_dataset(capture({EGO: ["e1"], CASE: ["P1"], "label": ["Jane Smith"], "site": ["North"]},
                                    {EGO: ["e1"], NODE: ["1"], NODE_TYPE: ["Person"]}))
    assert "Jane" not in conversion_text(conversion)
    assert conversion.dataset.covariates == ["site"]


def test_type_names_written_in_the_data_are_never_named_in_notes():
    edges = {EGO: ["e1", "e1"], SOURCE: ["1", "1"], TARGET: ["2", "2"], EDGE_TYPE: ["Bob Jones", "Mary Lou"]}
    nodes = {EGO: ["e1"] * 3, NODE: ["1", "2", "3"], NODE_TYPE: ["Person", "Person", "Jane Smith"]}
    conversion = to_dataset(capture({EGO: ["e1"], CASE: ["P1"]}, nodes, edges, types_named=False))
    text = " ".join(conversion.notes)
    assert "Bob" not in text and "Mary" not in text and "Jane" not in text
    assert "ties from 2 edge types were merged" in text and "1 node(s) of a type written in the data" in text


def test_numbers_zero_and_one_stay_numbers_and_only_true_false_become_yes_no():
    egos = {EGO: [f"e{i}" for i in range(6)], CASE: [f"P{i}" for i in range(6)],
            "children": ["0", "1", "2", "3", "4", "5"], "smoker": ["true", "false"] * 3}
    nodes = {EGO: [f"e{i}" for i in range(6)], NODE: ["1"] * 6, NODE_TYPE: ["Person"] * 6}
    dataset = to_dataset(capture(egos, nodes)).dataset
    assert dataset.covariate_types["children"] == "numeric"
    assert list(dataset.participants["children"]) == [0, 1, 2, 3, 4, 5]
    assert list(dataset.participants["smoker"]) == ["yes", "no"] * 3


def test_booleans_that_only_share_a_first_word_are_not_folded():
    frame = pd.DataFrame({"lives_alone": ["true", "false", "false"], "lives_near_family": ["false", "true", "false"],
                          "has_car": ["true", "false", "true"], "has_job": ["true", "true", "false"]})
    assert one_hot_groups(frame) == {}


def test_a_chosen_variable_takes_every_option_even_when_options_share_words():
    capture_ = two_people(relationship_close_family=["true", "false"], relationship_close_friend=["false", "true"],
                          relationship_practitioner_gp=["false", "false"])
    members = to_dataset(capture_, ImportOptions(category="relationship", closeness="")).dataset.members
    assert list(members["category"]) == ["family", "friend"]  # "close family" is family in the vocabulary


def test_one_member_without_closeness_moves_no_one_else():
    values = ["1", "2", "3", "4", "5", "6", "7", ""]
    nodes = {EGO: ["e1"] * 8, NODE: [str(i) for i in range(8)], NODE_TYPE: ["Person"] * 8, "closeness": values}
    conversion = to_dataset(capture({EGO: ["e1"], CASE: ["P1"]}, nodes))
    assert list(conversion.dataset.members["circle"]) == [1, 2, 3, 4, 5, 6, 7, 7]
    assert any("in the outermost circle (7) with the members placed there" in note for note in conversion.notes)


def test_a_word_outside_a_seven_option_order_is_not_placed_and_loads():
    order = tuple("abcdefg")
    nodes = {EGO: ["e1"] * 8, NODE: [str(i) for i in range(8)], NODE_TYPE: ["Person"] * 8,
             "closeness": [*order, "zzz"]}
    members = to_dataset(capture({EGO: ["e1"], CASE: ["P1"]}, nodes),
                         ImportOptions(closeness="closeness", closeness_order=order)).dataset.members
    assert list(members["circle"]) == [1, 2, 3, 4, 5, 6, 7, 7]


def test_an_endless_number_is_missing_and_the_rest_keep_their_circles():
    conversion = to_dataset(two_people(closeness=["2", "inf"]))
    assert list(conversion.dataset.members["circle"]) == [2, 3]
    assert any("not finite numbers" in note for note in conversion.notes)


def test_an_ego_variable_called_participant_id_is_kept_beside_the_id():
    dataset = to_dataset(capture({EGO: ["e1"], CASE: ["P1"], "participant_id": ["S-001"]},
                                 {EGO: ["e1"], NODE: ["1"], NODE_TYPE: ["Person"]})).dataset
    assert list(dataset.participants.columns) == ["participant_id", "ego_participant_id"]
    assert dataset.participants.loc[0, "participant_id"] == "P1"


def test_a_layout_that_is_not_there_is_a_problem_not_a_crash():
    with pytest.raises(DatasetError, match="there is no layout variable"):
        to_dataset(two_people(), ImportOptions(layout="nope", closeness=""))


@pytest.mark.parametrize("options", [dict(participant_id="x"), dict(closest="middle"), dict(rings=0),
                                     dict(kinds={"Pet": "animal"}), dict(kind="thing")])
def test_impossible_options_are_refused_when_made(options):
    with pytest.raises(ValueError):
        ImportOptions(**options)


def test_no_ties_on_purpose():
    edges = {EGO: ["e1"], SOURCE: ["1"], TARGET: ["2"], EDGE_TYPE: ["Close"]}
    conversion = to_dataset(capture({EGO: ["e1"], CASE: ["P1"]},
                                    {EGO: ["e1", "e1"], NODE: ["1", "2"], NODE_TYPE: ["Person"] * 2}, edges),
                            ImportOptions(ties=("none",)))
    assert conversion.dataset.ties.empty
    assert "--ties" in ImportOptions(ties=("none",)).cli_arguments()


def test_a_shared_case_id_is_a_problem_that_suggests_the_uuid_and_names_no_case():
    shared = capture({EGO: ["e1", "e2"], CASE: ["Jane Smith", "Jane Smith"]},
                     {EGO: ["e1", "e2"], NODE: ["1", "1"], NODE_TYPE: ["Person"] * 2})
    with pytest.raises(DatasetError) as caught:
        to_dataset(shared)
    assert "--participant-id uuid" in str(caught.value) and "Jane" not in str(caught.value)
    assert len(to_dataset(shared, ImportOptions(participant_id="uuid")).dataset.participants) == 2


def test_network_canvas_types_with_any_characters_are_read():
    assert role("P1_s1_attributeList_Health-worker.csv") == ("node", "Health-worker")
    assert role("P1_s1_edgeList_Knows well.csv") == ("edge", "Knows well")


def test_the_dataset_s_own_category_words_survive_a_zip_and_a_workbook():
    dataset = load_dataset({
        "participants.csv": b"participant_id\nP1\n",
        "members.csv": b"participant_id,member_id,kind,category,circle\n"
                       b"P1,m1,activity,pottery,1\nP1,m2,person,bestie,2\n",
        "vocabulary.csv": b"term,category,group,formal\npottery,pottery,creative,no\nbestie,friend,,\n"})
    for files in ({"x.zip": zip_bytes(dataset_tables(dataset))}, {"x.xlsx": xlsx_bytes(dataset_tables(dataset))}):
        again = read_dataset(files).dataset
        pd.testing.assert_frame_equal(again.members, dataset.members)


def test_names_of_files_inside_a_zip_are_never_in_problems():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Jane Smith interview.xlsx", b"not a workbook")
        archive.writestr("Jane Smith export.zip", b"not a zip")
    files = {"upload.zip": buffer.getvalue()}
    assert detect_format(files) == "canonical"
    with pytest.raises(DatasetError) as caught:
        read_dataset(files)
    assert "Jane" not in str(caught.value)


def test_a_variable_named_by_an_identifier_is_dropped_without_its_name():
    conversion = to_dataset(capture({EGO: ["e1"], CASE: ["P1"], "9434765919": ["x"], "nickname": ["Ali"]},
                                    {EGO: ["e1"], NODE: ["1"], NODE_TYPE: ["Person"], "07700_900123": ["y"],
                                     "dateOfBirth": ["1990-01-01"]}))
    text = conversion_text(conversion)
    assert "9434765919" not in text and "07700" not in text and "Ali" not in text and "1990" not in text
    assert conversion.dataset.covariates == []
    assert "an ego variable whose name looks like an NHS number was not carried" in conversion.notes
