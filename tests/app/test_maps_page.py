"""The Network maps page through AppTest: the right picture for the data, offline and escaped views."""

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from netcore import load_dataset
from netcore.measures import MEASURES
from tests.app.pages import open_page
from tests.netcore.datasets import as_files

SAMPLE = load_dataset(Path(__file__).resolve().parents[2] / "sample_data")
HOSTILE = "<img src=x onerror=alert(1)>"


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def array_length(values) -> int:
    """Length of a Plotly array: a list, or a typed array {"dtype", "bdata"} as plotly.py sends numbers."""
    if isinstance(values, dict):
        return len(base64.b64decode(values["bdata"])) // np.dtype(values["dtype"]).itemsize
    return len(values)


def member_points(figure: dict) -> int:
    return sum(array_length(trace["x"]) for trace in figure["data"] if trace.get("meta") == "members")


def ring_count(figure: dict) -> int:
    return sum(1 for shape in figure["layout"]["shapes"] if re.fullmatch(r"circle \d+", shape.get("name", "")))


def iframe_html(at: AppTest) -> str:
    [frame] = at.get("iframe")
    return frame.proto.srcdoc


@pytest.fixture(scope="module")
def maps() -> AppTest:
    return open_page("maps")


def test_default_map_has_the_datas_rings_and_one_point_per_member(maps):
    [figure] = figures(maps)
    participant = maps.selectbox(key="map_participant").value
    members, _ = SAMPLE.one_map(participant)
    assert ring_count(figure) == SAMPLE.circles
    assert member_points(figure) == len(members)
    assert any("connections" in md.value or "people" in md.value for md in maps.markdown)


def test_switching_participant_redraws_their_map(maps):
    other = SAMPLE.participants["participant_id"].iloc[5]
    maps.selectbox(key="map_participant").set_value(other)
    maps.run()
    assert not maps.exception
    [figure] = figures(maps)
    assert member_points(figure) == len(SAMPLE.one_map(other)[0])


def test_hiding_places_removes_their_points(maps):
    participant = maps.selectbox(key="map_participant").value
    members, _ = SAMPLE.one_map(participant)
    maps.checkbox(key="map_show_place").uncheck()
    maps.run()
    [figure] = figures(maps)
    assert member_points(figure) == (members["kind"] != "place").sum()
    maps.checkbox(key="map_show_place").check()
    maps.run()


def test_interactive_view_is_offline_and_carries_no_covariates(maps):
    maps.toggle(key="map_interactive").set_value(True)
    maps.run()
    assert not maps.exception, maps.exception
    page = iframe_html(maps)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    participant = maps.selectbox(key="map_participant").value
    covariates = SAMPLE.participants.set_index("participant_id").loc[participant]
    for value in covariates[["housing_status", "diagnosis", "ethnicity"]]:
        assert value not in page
    maps.toggle(key="map_interactive").set_value(False)
    maps.run()


def test_unticked_kinds_stay_out_of_the_interactive_view(maps):
    participant = maps.selectbox(key="map_participant").value
    members, _ = SAMPLE.one_map(participant)
    maps.checkbox(key="map_show_place").uncheck()
    maps.toggle(key="map_interactive").set_value(True)
    maps.run()
    assert not maps.exception, maps.exception
    nodes = json.loads(re.search(r'<script type="application/json" id="map-nodes">(.*?)</script>', iframe_html(maps),
                                 re.DOTALL).group(1))
    assert not [node for node in nodes if node["shape"] == "square"]
    assert len(nodes) == int((members["kind"] != "place").sum()) + 1  # the person in the middle too
    maps.checkbox(key="map_show_place").check()
    maps.toggle(key="map_interactive").set_value(False)
    maps.run()


def test_one_maps_measures_are_shown_whole_in_plain_words(maps):
    [table] = [element.value for element in maps.table]
    assert len(table) == len(MEASURES) and "Share of people who are family" in set(table["measure"])
    counts = table.set_index("measure").loc[["Connections", "People", "Kinds of people"], "value"]
    assert all(text.isdigit() for text in counts)


def test_side_by_side_maps_share_one_scale_and_show_both_measures(maps):
    maps.segmented_control(key="maps_view").set_value("Side by side")
    maps.run()
    assert not maps.exception, maps.exception
    left, right = figures(maps)
    assert left["layout"]["xaxis"]["range"] == right["layout"]["xaxis"]["range"]
    assert ring_count(left) == ring_count(right) == SAMPLE.circles
    [both] = [element.value for element in maps.table]
    assert list(both.columns) == ["measure", "left map", "right map"] and len(both) == len(MEASURES)
    sizes = SAMPLE.members.groupby("participant_id").size()
    first, second = (maps.selectbox(key=key).value for key in ("compare_left", "compare_right"))
    connections = both.set_index("measure").loc["Connections"]
    assert connections.tolist() == [str(sizes.get(first, 0)), str(sizes.get(second, 0))]
    maps.segmented_control(key="maps_view").set_value("One map")
    maps.run()


def test_grid_pages_and_filters(maps):
    maps.segmented_control(key="maps_view").set_value("Many maps")
    maps.run()
    assert not maps.exception, maps.exception
    assert len(figures(maps)) == 12
    maps.multiselect(key="filter_level_lives_alone").set_value(["yes"])  # the shared sidebar filter
    maps.run()
    alone = SAMPLE.participants[SAMPLE.participants["lives_alone"] == "yes"]["participant_id"]
    assert len(figures(maps)) == min(12, len(alone))
    last_page = -(-len(alone) // 12)
    maps.number_input(key="grid_page").set_value(last_page)
    maps.run()
    assert len(figures(maps)) == len(alone) - 12 * (last_page - 1)
    maps.button(key="filter_reset").click()
    maps.segmented_control(key="maps_view").set_value("One map")
    maps.run()


def test_hostile_label_is_text_in_both_views():
    participants = "participant_id\nP1\n"
    members = ("participant_id,member_id,kind,category,circle,label\n"
               f"P1,m1,person,friend,1,{HOSTILE}\nP1,m2,place,park,2,Park\n")
    at = open_page("maps", as_files(participants, members, "participant_id,member_a,member_b\nP1,m1,m2\n"))
    at.toggle(key="suppress_small_cells").set_value(False)  # one map: shown only with small numbers allowed
    at.run()
    spec = at.get("plotly_chart")[0].proto.spec
    assert HOSTILE not in spec
    assert "&lt;img src=x onerror=alert(1)&gt;" in spec
    at.toggle(key="map_interactive").set_value(True)
    at.run()
    assert not at.exception, at.exception
    assert HOSTILE not in iframe_html(at)
