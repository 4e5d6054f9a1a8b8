"""The import wizard (views/import_data.py): another tool's export handed over from the sidebar or its own box,
the proposed mapping changed by widgets, the preview, the equivalent CLI command, and loading."""

import shlex
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from netcore import compute_measures
from netcore.cli import build_parser, import_options
from netcore.io import read_dataset
from netcore.io.export import csv_bytes
from tests.app.pages import APP
from tests.app.test_edge_uploads import page_texts
from tests.networkcanvas_export import NAMES, export_zip

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def texts(at: AppTest) -> str:
    """Every text Streamlit sends for the page and the sidebar."""
    return "\n".join(page_texts(at))


def upload_in_sidebar(files: dict[str, bytes]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.sidebar.file_uploader[0].set_value([(name, data, "application/octet-stream") for name, data in files.items()])
    at.run()
    assert not at.exception, at.exception
    return at


def widget(at: AppTest, kind: str, part: str):
    return next(element for element in getattr(at, kind) if part in str(element.key))


def shown_command(at: AppTest) -> list[str]:
    command = next(code.value for code in at.code if code.value.startswith("python -m netcore convert"))
    return shlex.split(command)[3:]


def test_a_network_canvas_zip_in_the_sidebar_opens_the_wizard_with_a_proposed_mapping():
    at = upload_in_sidebar({"export.zip": export_zip()})
    assert at.title[0].value == "Bring your own data"
    assert widget(at, "selectbox", "format").value == "networkcanvas"
    assert widget(at, "multiselect", "category").value == ["relationship"]
    assert widget(at, "selectbox", "closeness").value == "closeness"
    assert widget(at, "multiselect", "order_").value == ["very_close", "somewhat_close", "not_close"]
    assert "3 participants, 10 connections" in texts(at)
    assert len([element for element in at.get("plotly_chart")]) == 3  # three maps previewed
    shown = texts(at)
    assert not [name for name in NAMES if name in shown or name.split()[0] in shown]
    notes = " ".join(element.value for element in at.markdown)
    assert "node variable 'name' was not carried" in notes
    assert not [name for name in NAMES if name in notes or name.split()[0] in notes]


def test_changed_choices_load_the_same_data_as_the_command_shown():
    at = upload_in_sidebar({"export.zip": export_zip()})
    widget(at, "multiselect", "category").set_value(["relationship", "place_type"]).run()
    widget(at, "selectbox", "closeness").set_value("(none: use the layout or put everyone in circle 1)").run()
    widget(at, "slider", "rings").set_value(3).run()
    assert not at.exception, at.exception
    arguments = shown_command(at)
    assert "--layout" in arguments and "--rings" in arguments and "relationship,place_type" in arguments
    widget(at, "button", "load").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Network maps"
    loaded = at.session_state["loaded_data"]
    assert "Network Canvas" in loaded.name
    parsed = build_parser().parse_args(["convert", "x", "--out", "y", *arguments[2:-2]])
    expected = read_dataset({"export.zip": export_zip()}, parsed.source_format, import_options(parsed)).dataset
    pd.testing.assert_frame_equal(loaded.measures, compute_measures(expected))
    assert set(loaded.dataset.members["category"]) >= {"cafe", "park"}  # the places' own variable


def test_the_wizard_has_its_own_upload_box_and_reads_egor_tables():
    egos = pd.DataFrame({".egoID": ["E1", "E2"], "sex": ["f", "m"]})
    alters = pd.DataFrame({".egoID": ["E1", "E1", "E2"], ".altID": ["a", "b", "a"],
                           "rel": ["family", "friend", "practitioner"], "clo": ["5", "3", "4"]})
    ties = pd.DataFrame({".egoID": ["E1"], ".srcID": ["a"], ".tgtID": ["b"]})
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/import_data.py").run()
    box = next(uploader for uploader in at.main.file_uploader)
    box.set_value([("egos.csv", csv_bytes(egos), "text/csv"), ("alters.csv", csv_bytes(alters), "text/csv"),
                   ("ties.csv", csv_bytes(ties), "text/csv")]).run()
    assert not at.exception, at.exception
    assert widget(at, "selectbox", "format").value == "egor"
    widget(at, "radio", "closest").set_value("high").run()
    assert "--closest high" in " ".join(shown_command(at))
    widget(at, "button", "load").click().run()
    members = at.session_state["loaded_data"].dataset.members.set_index(["participant_id", "member_id"])
    assert members.loc[("E1", "a"), "circle"] == 1  # clo 5, 4, 3: circles 1, 2, 3
    assert members.loc[("E1", "b"), "circle"] == 3


@pytest.mark.parametrize("files", [{"notes.csv": b"nothing,to\nsee,here"}, {"broken.graphml": b"<graphml><graph"}])
def test_an_unreadable_export_lists_its_problems_without_a_crash(files):
    at = upload_in_sidebar(files)
    assert not at.exception, at.exception
    errors = [element.value for element in at.error] + [element.value for element in at.sidebar.error]
    assert errors
    assert "Synthetic sample data" in texts(at)  # still showing the sample
