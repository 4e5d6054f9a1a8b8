"""The interactive "who knows whom" page: only whitelisted facts, nothing fetched from the internet, hostile labels
shown as text, every member and tie drawn, and physics that stops once the picture has settled."""

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcore import load_dataset
from netcore.interactive import interactive_map_html, vis_assets
from netcore.style import GROUP_COLOURS, NOT_RECORDED_COLOUR, VIS_SHAPES, WELLBEING_COLOURS
from tests.netcore.datasets import as_files

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
COVARIATES = ("Xk-site-3", "Zq-housing-17", "Yw-age-29", "Xk-site-4", "Zq-housing-18", "Yw-age-30")

PARTICIPANTS = """participant_id,site,housing_status,age_band
P1,Xk-site-3,Zq-housing-17,Yw-age-29
P2,Xk-site-4,Zq-housing-18,Yw-age-30
P3,Xk-site-5,Zq-housing-19,Yw-age-31
"""
# P1: four members of every kind, one with nothing optional recorded and one whose id is "centre";
# P2: one member; P3: an empty map.
MEMBERS = f"""participant_id,member_id,kind,category,circle,formal,contact,wellbeing,label
P1,m1,person,family,1,no,daily,positive,{IMG}
P1,m2,person,friend,2,no,weekly,negative,{SCRIPT}
P1,m3,place,day_centre,3,yes,,,
P1,centre,activity,walking,2,no,monthly,neutral,Walks & talks
P2,m1,person,partner,1,no,daily,positive,Partner
"""
TIES = """participant_id,member_a,member_b
P1,m1,m2
P1,m3,centre
P1,m1,centre
"""


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(as_files(PARTICIPANTS, MEMBERS, TIES))


def embedded(page: str, element_id: str):
    """The JSON of one <script type="application/json"> element, decoded."""
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.DOTALL)
    assert match, f"no {element_id} in the page"
    return json.loads(match.group(1))


class ScriptReader(HTMLParser):
    """Reads <script> elements as a browser does: their text runs to the first </script>."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
            self.inside = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def script_elements(page: str) -> list[str]:
    """Each <script> element the browser would see: its id, "vis-network" for the shipped library, else "start"."""
    reader = ScriptReader()
    reader.feed(page)
    vis_js, _ = vis_assets()
    return [attrs.get("id") or ("vis-network" if text.strip() == vis_js.strip() else "start")
            for attrs, text in reader.scripts]


def nodes_by_id(page: str) -> dict:
    return {node["id"]: node for node in embedded(page, "map-nodes")}


def edge_pairs(page: str) -> set[frozenset]:
    return {frozenset((edge["from"], edge["to"])) for edge in embedded(page, "map-edges")}


@pytest.fixture(scope="module")
def page(dataset) -> str:
    return interactive_map_html(*dataset.one_map("P1"), description="Map of P1")


def test_no_covariate_value_appears_anywhere(dataset):
    for participant_id in ("P1", "P2", "P3"):
        members, ties = dataset.one_map(participant_id)
        joined = members.merge(dataset.participants, on="participant_id")  # as a caller might pass it
        for colour_by in ("group", "wellbeing", "contact"):
            for table in (members, joined):
                page = interactive_map_html(table, ties, colour_by=colour_by)
                assert not [value for value in COVARIATES if value in page]


def test_nothing_is_fetched_from_the_internet(page):
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "<link" not in page.lower()
    assert "@import" not in page and "@font-face" not in page
    assert set(re.findall(r"url\(\s*[\"']?(\w+):", page)) <= {"data"}


def test_hostile_labels_never_appear_raw_and_round_trip_as_text(page):
    assert IMG not in page and SCRIPT not in page
    assert "<img" not in page.lower()
    assert script_elements(page) == ["map-nodes", "map-edges", "map-options", "vis-network", "start"]
    nodes = nodes_by_id(page)
    assert nodes["m1"]["label"] == f"{IMG} +"
    assert nodes["m2"]["label"] == f"{SCRIPT} \u2212"
    assert nodes["m1"]["title"].split("\n")[0] == IMG
    assert nodes["centre"]["label"] == "Walks & talks"


@settings(max_examples=40, deadline=None)
@given(label=st.text(max_size=40))
def test_any_label_stays_inside_its_json(dataset, label):
    members, ties = dataset.one_map("P1")
    page = interactive_map_html(members.assign(label=label), ties, include_participant=False)
    data = re.search(r'id="map-nodes">(.*?)</script>', page, re.DOTALL).group(1)
    assert not set("<>&") & set(data)
    assert all(node["title"].startswith(f"{label}\n") for node in json.loads(data))


def test_every_member_is_a_node_and_every_tie_an_edge(dataset, page):
    members, ties = dataset.one_map("P1")
    member_ids = set(members["member_id"])
    tie_pairs = {frozenset(pair) for pair in zip(ties["member_a"], ties["member_b"], strict=True)}
    nodes = nodes_by_id(page)
    (centre,) = set(nodes) - member_ids  # a member called "centre" does not stop the centre node being added
    assert set(nodes) == member_ids | {centre}
    assert (nodes[centre]["label"], nodes[centre]["title"]) == ("Centre", "The person who drew this map")
    assert edge_pairs(page) == tie_pairs | {frozenset((centre, m)) for m in member_ids}

    alone = interactive_map_html(members, ties, include_participant=False)
    assert set(nodes_by_id(alone)) == member_ids
    assert edge_pairs(alone) == tie_pairs


def test_shapes_follow_kind(dataset, page):
    members, _ = dataset.one_map("P1")
    nodes = nodes_by_id(page)
    assert {nodes[m]["shape"] for m in members["member_id"]} == set(VIS_SHAPES.values())
    for member_id, kind in zip(members["member_id"], members["kind"], strict=True):
        assert nodes[member_id]["shape"] == VIS_SHAPES[kind]


def test_colour_schemes_use_the_style_colours(dataset):
    members, ties = dataset.one_map("P1")
    by_group = nodes_by_id(interactive_map_html(members, ties))
    by_wellbeing = nodes_by_id(interactive_map_html(members, ties, colour_by="wellbeing"))
    for member in members.to_dict("records"):
        assert by_group[member["member_id"]]["color"]["background"] == GROUP_COLOURS[member["group"]]
        expected = NOT_RECORDED_COLOUR if pd.isna(member["wellbeing"]) else WELLBEING_COLOURS[member["wellbeing"]]
        assert by_wellbeing[member["member_id"]]["color"]["background"] == expected
    with pytest.raises(ValueError):
        interactive_map_html(members, ties, colour_by="housing_status")


def test_wellbeing_shows_in_outline_as_well_as_colour(page):
    nodes = nodes_by_id(page)
    good, bad, neutral = nodes["m1"], nodes["m2"], nodes["centre"]
    assert good["borderWidth"] > neutral["borderWidth"] and bad["borderWidth"] > neutral["borderWidth"]
    assert good["color"]["border"] != bad["color"]["border"]
    assert nodes["m3"]["borderWidth"] == 1  # well-being not recorded


def test_closer_circles_are_bigger(page):
    nodes = nodes_by_id(page)
    assert nodes["m1"]["size"] > nodes["m2"]["size"] > nodes["m3"]["size"]  # circles 1, 2, 3


def test_labels_can_be_hidden(dataset):
    members, ties = dataset.one_map("P1")
    nodes = nodes_by_id(interactive_map_html(members, ties, show_labels=False))
    assert [nodes[m]["label"] for m in members["member_id"]] == [""] * len(members)


def test_hover_text_holds_only_the_whitelisted_facts(dataset, page):
    nodes = nodes_by_id(page)
    assert nodes["m1"]["title"].split("\n") == [IMG, "family", "circle 1 of 3", "in touch: every day",
                                                "well-being: good for them"]
    assert nodes["m3"]["title"].split("\n") == ["day centre", "circle 3 of 3", "in touch: not recorded",
                                                "well-being: not recorded"]
    assert nodes["m3"]["label"] == "day centre"
    members, ties = dataset.one_map("P1")
    wider = nodes_by_id(interactive_map_html(members, ties, circles=7))
    assert "circle 1 of 7" in wider["m1"]["title"].split("\n")
    for member_id in members["member_id"]:
        assert not {"P1", "person", "place", "activity", "formal"} & set(nodes[member_id]["title"].split())


def test_physics_settles_then_stops(page):
    physics = embedded(page, "map-options")["physics"]
    assert physics["enabled"] is True
    assert physics["stabilization"]["enabled"] is True
    assert 0 < physics["stabilization"]["iterations"] <= 1000
    assert re.search(r'network\.once\("stabilizationIterationsDone",\s*function \(\) \{\s*'
                     r"network\.setOptions\(\{physics: false\}\);", page)


def test_accessible_name_legend_and_fallback(dataset):
    members, ties = dataset.one_map("P1")
    page = interactive_map_html(members, ties, colour_by="wellbeing", description='Map <b>"A" & B</b>')
    assert '<div id="map" role="img" aria-label="Map &lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;">' in page
    assert 'Map <b>"A" & B</b>' not in page
    assert "<noscript>" in page
    legend = re.search(r'<div class="legend".*?</div>', page, re.DOTALL).group(0)
    for text in ("people", "places", "activities", "good for them", "bad for them", "neither good nor bad",
                 "not recorded", "+", "\u2212"):
        assert text in legend
    swatches = set(re.findall(r'class="swatch" style="background:(#[0-9A-Fa-f]{6})"', legend))
    assert swatches == {node["color"]["background"] for node in nodes_by_id(page).values()
                        if node["id"] in set(members["member_id"])}
    assert all(int(size) >= 16 for size in re.findall(r"font: (\d+)px", page))


def test_empty_and_one_member_maps(dataset):
    empty_members, empty_ties = dataset.one_map("P3")
    with_centre = interactive_map_html(empty_members, empty_ties)
    assert [node["label"] for node in embedded(with_centre, "map-nodes")] == ["Centre"]
    assert embedded(with_centre, "map-edges") == []
    nothing = interactive_map_html(empty_members, empty_ties, include_participant=False)
    assert "map-nodes" not in nothing and "no connections" in nothing
    for page in (with_centre, nothing):
        assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")

    one = interactive_map_html(*dataset.one_map("P2"))
    assert {node["label"] for node in embedded(one, "map-nodes")} == {"Partner +", "Centre"}
    assert len(embedded(one, "map-edges")) == 1


def test_unticked_kinds_are_left_out_with_their_ties_and_legend_lines(dataset):
    members, ties = dataset.one_map("P1")
    people = interactive_map_html(members, ties, kinds=("person",))
    nodes = nodes_by_id(people)
    assert set(nodes) == {"m1", "m2", "centre"} and nodes["centre"]["label"] == "Centre"  # the participant
    assert edge_pairs(people) == {frozenset(("m1", "m2")), frozenset(("centre", "m1")), frozenset(("centre", "m2"))}
    legend = re.search(r'<div class="legend".*?</div>', people, re.DOTALL).group(0)
    assert "people" in legend and "places" not in legend and "activities" not in legend
    assert set(re.findall(r'class="swatch" style="background:(#[0-9A-Fa-f]{6})"', legend)) == {
        GROUP_COLOURS["family"], GROUP_COLOURS["friends"]}

    # The tie from the place m3 to the activity "centre" goes with the activity: only the spoke to m3 is left.
    places = interactive_map_html(members, ties, kinds=("place",), description="Map of P1")
    assert set(nodes_by_id(places)) == {"m3", "centre"}
    assert len(embedded(places, "map-edges")) == 1
    assert set(nodes_by_id(interactive_map_html(members, ties, kinds=("place",), include_participant=False))) == {
        "m3"}
    assert "no connections" in interactive_map_html(members, ties, kinds=(), include_participant=False)
    with pytest.raises(ValueError):
        interactive_map_html(members, ties, kinds=("people",))


def test_same_input_gives_identical_html(dataset):
    members, ties = dataset.one_map("P1")
    assert interactive_map_html(members, ties, colour_by="contact") == interactive_map_html(
        members.copy(), ties.copy(), colour_by="contact")
