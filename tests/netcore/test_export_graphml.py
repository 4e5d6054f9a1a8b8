"""A map exported as GraphML reads back with the same members and ties and only the whitelisted member fields."""

import io

import networkx as nx
import pandas as pd
import pytest

from netcore import load_dataset
from netcore.io.graphml import map_graphml
from tests.netcore.datasets import as_files

WHITELIST = {"kind", "category", "group", "circle", "formal", "contact", "wellbeing", "label"}
IMG = "<img src=x onerror=alert(1)>"
COVARIATES = ("Xk-site-3", "Zq-housing-17", "Yw-age-29")

PARTICIPANTS = """participant_id,site,housing_status,age_band
P1,Xk-site-3,Zq-housing-17,Yw-age-29
P2,Xk-site-4,Zq-housing-18,Yw-age-30
"""
# P1: a hostile label, a member with nothing optional recorded, ties; P2: an empty map.
MEMBERS = f"""participant_id,member_id,kind,category,circle,formal,contact,wellbeing,label
P1,m1,person,family,1,no,daily,positive,{IMG}
P1,m2,person,friend,2,no,weekly,negative,Friend & co
P1,m3,place,day_centre,3,yes,,,
P1,m4,activity,walking,2,no,monthly,neutral,Walks
"""
TIES = """participant_id,member_a,member_b
P1,m1,m2
P1,m3,m4
P1,m1,m4
"""


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(as_files(PARTICIPANTS, MEMBERS, TIES))


def test_round_trip_keeps_members_ties_and_typed_fields(dataset):
    members, ties = dataset.one_map("P1")
    graph = nx.read_graphml(io.BytesIO(map_graphml(members, ties)))
    assert set(graph.nodes) == set(members["member_id"])
    assert {frozenset(edge) for edge in graph.edges} == {
        frozenset(pair) for pair in zip(ties["member_a"], ties["member_b"], strict=True)}
    for member in members.to_dict("records"):
        node = graph.nodes[member["member_id"]]
        assert set(node) <= WHITELIST
        assert node["circle"] == member["circle"] and isinstance(node["circle"], int)
        assert node["formal"] is member["formal"]
        for name in WHITELIST - {"circle", "formal"}:
            assert node.get(name) == (None if pd.isna(member[name]) else member[name])


def test_missing_values_are_left_out_not_written(dataset):
    members, ties = dataset.one_map("P1")
    data = map_graphml(members, ties)
    graph = nx.read_graphml(io.BytesIO(data))
    assert set(graph.nodes["m3"]) == {"kind", "category", "group", "circle", "formal"}
    values = {str(value) for _, attributes in graph.nodes(data=True) for value in attributes.values()}
    assert not values & {"nan", "NaN", "<NA>", "None", ""}
    assert b"<NA>" not in data and b">nan<" not in data


def test_no_covariates_and_no_participant_node(dataset):
    members, ties = dataset.one_map("P1")
    joined = members.merge(dataset.participants, on="participant_id")  # as a caller might pass it
    for table in (members, joined):
        data = map_graphml(table, ties)
        assert not [value for value in COVARIATES if value.encode() in data]
        assert b"P1" not in data
        assert set(nx.read_graphml(io.BytesIO(data)).nodes) == set(members["member_id"])


def test_hostile_label_is_escaped_and_reads_back_as_text(dataset):
    data = map_graphml(*dataset.one_map("P1"))
    assert IMG.encode() not in data and b"&lt;img" in data
    graph = nx.read_graphml(io.BytesIO(data))
    assert graph.nodes["m1"]["label"] == IMG
    assert graph.nodes["m2"]["label"] == "Friend & co"


def test_empty_map(dataset):
    graph = nx.read_graphml(io.BytesIO(map_graphml(*dataset.one_map("P2"))))
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0
