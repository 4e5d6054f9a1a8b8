"""The naive baseline for measures: one networkx graph per participant, built and counted in plain Python."""

from __future__ import annotations

import networkx as nx

from netcore.measures import FAMILY_GROUP
from netcore.model import Dataset

NAIVE_MEASURES = ("size", "people", "places", "activities", "inner", "family_people", "formal_members", "diversity",
                  "ties", "density")


def plain_lists(dataset: Dataset) -> tuple[list[str], list[tuple], list[tuple]]:
    """Participant ids, member rows and tie rows of the dataset's tables as plain Python lists (not timed)."""
    members = dataset.members
    member_rows = list(zip(*(members[c].tolist() for c in ("participant_id", "member_id", "kind", "category",
                                                             "group", "circle", "formal")), strict=True))
    ties = dataset.ties
    tie_rows = list(zip(*(ties[c].tolist() for c in ("participant_id", "member_a", "member_b")), strict=True))
    return dataset.participants["participant_id"].tolist(), member_rows, tie_rows


def naive_measures(participant_ids: list[str], member_rows: list[tuple], tie_rows: list[tuple]) -> list[dict]:
    """NAIVE_MEASURES per participant, in order: a graph each, nodes from its members, edges from its ties."""
    graphs = {pid: nx.Graph() for pid in participant_ids}
    for pid, member, kind, category, group, circle, formal in member_rows:
        graphs[pid].add_node(member, kind=kind, category=category, group=group, circle=circle, formal=formal)
    for pid, first, second in tie_rows:
        graphs[pid].add_edge(first, second)
    rows = []
    for pid in participant_ids:
        graph = graphs[pid]
        nodes = [data for _, data in graph.nodes(data=True)]
        people = [node for node in nodes if node["kind"] == "person"]
        size = graph.number_of_nodes()
        rows.append({
            "participant_id": pid,
            "size": size,
            "people": len(people),
            "places": sum(1 for node in nodes if node["kind"] == "place"),
            "activities": sum(1 for node in nodes if node["kind"] == "activity"),
            "inner": sum(1 for node in nodes if node["circle"] == 1),
            "family_people": sum(1 for node in people if node["group"] == FAMILY_GROUP),
            "formal_members": sum(1 for node in nodes if node["formal"]),
            "diversity": len({node["category"] for node in people}),
            "ties": graph.number_of_edges(),
            "density": nx.density(graph) if size >= 2 else None,
        })
    return rows
