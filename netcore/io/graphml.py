"""GraphML in and out: Network Canvas's GraphML export read as a `Capture`, and maps written the way it writes them.

Reading (`read_graphml`): every .graphml / .xml file, parsed with defusedxml (no entities, no external loads), in
file-name order, as a stream: each node and edge is kept as its id and data only, so memory follows the data, not
the XML tree, and reading stops at `netcore.io.limits` (nodes or edges, variables, value length); each `<graph>` is
one interview. Variables are named by their key's `attr.name` (the id when there
is none; Network Canvas's key ids are UUIDs), normalised like CSV headers ("closeness_X" -> "closeness_x").

- egos: EGO = the ego's `networkCanvasUUID`, else the graph's `nc:sessionUUID`, else its `id`, else "graph N";
  CASE = `nc:caseId` (or graph data named caseId / networkCanvasCaseID / participant_id); the other graph-level data
  are ego variables (Network Canvas's own bookkeeping, `networkCanvas*` and session times, is left out).
- nodes: NODE = the node's id, NODE_TYPE = its `networkCanvasType` (or `type`) data, else "node".
- edges: SOURCE, TARGET = node ids, EDGE_TYPE = `networkCanvasType` (or `type`), else "edge".

Network Canvas fills a node's `label` with the variable called `name` (a person's name), or "Node": the label is
carried only when no node variable is named like a direct identifier and not every label is "Node"; otherwise it is
dropped and a note says why.

Messages name "GraphML graph N" (N counts graphs from 1 across the files in file-name order) or "GraphML file N"
(a file that could not be read), never a file name (it may come from inside a .zip) nor a case id. ROW is the
position of the node (or edge) among its graph's nodes (or edges), from 1; None for an ego.

Writing (`dataset_graphml`, `map_graphml`): built with `xml.etree.ElementTree`, so every value is escaped.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import defusedxml
import defusedxml.ElementTree as SafeET
import numpy as np
import pandas as pd

from netcore.io.canonical import normalise_header
from netcore.io.files import expand, is_hidden
from netcore.io.limits import DEFAULT_LIMITS, Limits, too_many_columns, too_many_rows, value_too_long
from netcore.io.mapping import CASE, EDGE_TYPE, EGO, FILE, NODE, NODE_TYPE, ROW, SOURCE, TARGET, Capture, empty_table
from netcore.model import Dataset
from netcore.problems import DatasetError, Problem

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NC_NS = "http://schema.networkcanvas.com/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SUFFIXES = (".graphml", ".xml")

# Network Canvas's own data (normalised names): never variables.
NC_TYPE, NC_UUID = "networkcanvastype", "networkcanvasuuid"
CASE_NAMES = ("caseid", "networkcanvascaseid", "participant_id")
SESSION_NAMES = frozenset({
    "caseid", "sessionuuid", "sessionid", "protocolname", "protocoluid", "codebookhash", "sessionstart",
    "sessionfinish", "sessionexported", "sessionstarttime", "sessionfinishtime", "sessionexporttime",
    "session_start", "session_finish", "session_exported",
})

# What the writer calls things.
PROTOCOL_NAME = "Wellbeing Network Explorer"
EDGE_TYPE_NAME = "knows"
NODE_TYPES = {"person": "Person", "place": "Place", "activity": "Activity"}
MAP_FIELDS = ("kind", "category", "group", "circle", "formal", "contact", "wellbeing", "label")  # map_graphml
NODE_FIELDS = ("category", "circle", "formal", "contact", "wellbeing", "label")  # dataset_graphml, besides the type
FIELD_TYPES = {"circle": "int", "formal": "boolean"}  # the others are strings
_KEY_NAMESPACE = uuid.UUID("6f1d2c1e-7b0a-4c55-9f43-6a4f3b1f0e27")  # key ids are UUIDs, as Network Canvas's are
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_UNSAFE = "is not a GraphML file we can read safely (it declares entities or loads other files)"


# ------------------------------------------------------------------------------------------------------ reading


def _local(name: str) -> str:
    """A tag or attribute name without its namespace."""
    return name.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if isinstance(child.tag, str) and _local(child.tag) == name]


def _attributes(element: ET.Element) -> dict[str, str]:
    """An element's attributes by local name (`nc:caseId` -> caseId)."""
    return {_local(name): value for name, value in element.attrib.items()}


def describe(path: str) -> str | None:
    """What a file in a .zip holds, for messages (None: not read)."""
    return "a GraphML file" if path.lower().endswith(SUFFIXES) else None


@dataclass
class _Read:
    """One `<graph>` as read: its attributes, its own `<data>` and its nodes and edges, as (key, text) pairs."""

    attributes: dict[str, str]
    data: list[tuple[str, str]] = field(default_factory=list)
    nodes: list[tuple[str | None, list[tuple[str, str]]]] = field(default_factory=list)
    edges: list[tuple[str | None, str | None, list[tuple[str, str]]]] = field(default_factory=list)


@dataclass
class _Reader:
    """State while reading: tables as lists of rows, problems, and the column name of each variable name."""

    egos: list[dict[str, object]] = field(default_factory=list)
    nodes: list[dict[str, object]] = field(default_factory=list)
    edges: list[dict[str, object]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # EGO -> graph number
    graphs: int = 0
    limits: Limits = DEFAULT_LIMITS
    counts: dict[str, int] = field(default_factory=dict)  # nodes and edges read
    types_from_data: bool = False  # a node or edge type came from a `type` data key (a value, never named)

    def typed(self, value: str) -> str:
        """A type taken from a `type` data key, remembered as such."""
        self.types_from_data = self.types_from_data or bool(value)
        return value

    def column(self, name: str) -> str:
        """The column of a variable name: normalised, and distinct from the other names' columns."""
        if name not in self.columns:
            base = normalise_header(name) or "variable"
            taken = set(self.columns.values())
            column, count = base, 1
            while column in taken:
                count += 1
                column = f"{base}_{count}"
            self.columns[name] = column
        return self.columns[name]

    def data(self, pairs: list[tuple[str, str]], keys: Mapping[str, str]) -> dict[str, str]:
        """`<data>` (key, text) pairs by normalised variable name (the last of repeated keys wins)."""
        values: dict[str, str] = {}
        for key, text in pairs:
            values[self.column(keys.get(key) or key)] = text
        if len(self.columns) > self.limits.columns:
            raise too_many_columns("GraphML", self.limits.columns, "variables")
        return values

    def pairs(self, element: ET.Element, label: str) -> list[tuple[str, str]]:
        """The (key, text) of an element's `<data>` children, each text within the limits."""
        found: list[tuple[str, str]] = []
        for data in _children(element, "data"):
            key = data.get("key")
            if key is not None:
                text = "".join(data.itertext()).strip()
                if len(text) > self.limits.field_chars:
                    raise value_too_long(label, self.limits.field_chars)
                found.append((key, text))
        return found

    def file(self, number: int, data: bytes) -> None:
        label = f"GraphML file {number}"
        try:
            parsed = self.parse(data, label)
        except defusedxml.DefusedXmlException:
            self.problems.append(Problem(label, message=_UNSAFE))
            return
        except (ET.ParseError, ValueError, LookupError, TypeError):
            self.problems.append(Problem(label, message="is not well-formed XML, so it cannot be read as GraphML"))
            return
        if parsed is None:
            self.problems.append(Problem(label, message="holds no <graph>: it is not a GraphML network"))
            return
        graphs, keys = parsed
        for graph in graphs:
            self.graph(graph, keys)

    def parse(self, data: bytes, label: str) -> tuple[list[_Read], dict[str, str]] | None:
        """The graphs of one file (the root `<graph>` or the root's `<graph>` children) and its keys (id ->
        attr.name, from anywhere in the file), streamed: a node, edge or graph `<data>` leaves the tree as soon as
        it is read. None when there is no graph."""
        keys: dict[str, str] = {}
        graphs: list[_Read] = []
        stack: list[ET.Element] = []
        graph: ET.Element | None = None
        for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end")):
            tag = _local(element.tag) if isinstance(element.tag, str) else ""
            if event == "start":
                stack.append(element)
                if tag == "graph" and (len(stack) == 1 or (len(stack) == 2 and _local(str(stack[0].tag)) != "graph")):
                    graph = element
                    graphs.append(_Read(_attributes(element)))
                continue
            stack.pop()
            parent = stack[-1] if stack else None
            if tag == "key" and element.get("id"):
                keys[element.get("id", "")] = element.get("attr.name") or element.get("id", "")
            if graph is None or parent is not graph:
                if element is graph and parent is not None:
                    parent.remove(element)  # read: its nodes and edges are already out of the tree
                continue
            read = graphs[-1]
            if tag == "node":
                self.count("nodes")
                read.nodes.append((element.get("id"), self.pairs(element, label)))
            elif tag == "edge":
                self.count("edges")
                read.edges.append((element.get("source"), element.get("target"), self.pairs(element, label)))
            elif tag == "data":
                if element.get("key") is not None:
                    text = "".join(element.itertext()).strip()
                    if len(text) > self.limits.field_chars:
                        raise value_too_long(label, self.limits.field_chars)
                    read.data.append((element.get("key", ""), text))
            else:
                continue
            graph.remove(element)
        return (graphs, keys) if graphs else None

    def count(self, what: str) -> None:
        """One more node or edge; LimitExceeded past `limits.rows` of either."""
        self.counts[what] = self.counts.get(what, 0) + 1
        if self.counts[what] > self.limits.rows:
            raise too_many_rows("GraphML", self.limits.rows, what)

    def graph(self, graph: _Read, keys: Mapping[str, str]) -> None:
        self.graphs += 1
        label = f"GraphML graph {self.graphs}"
        attributes = graph.attributes
        ego = self.data(graph.data, keys)
        candidates = [ego.get(NC_UUID, ""), attributes.get("sessionUUID", "").strip()]
        ego_id = next((value for value in candidates if value), "")
        if ego_id and ego_id in self.seen:
            self.problems.append(Problem(label, message=f"holds the same interview as GraphML graph "
                                                        f"{self.seen[ego_id]} (a file given twice?)"))
            return
        if not ego_id:
            ego_id = attributes.get("id", "").strip()
            if not ego_id or ego_id in self.seen:
                ego_id = f"graph {self.graphs}"
            while ego_id in self.seen:
                ego_id += "'"
        self.seen[ego_id] = self.graphs
        case = attributes.get("caseId", "").strip()
        for name in CASE_NAMES:
            if name in ego:
                value = ego.pop(name)
                case = case or value
        variables = {name: value for name, value in ego.items()
                     if not name.startswith("networkcanvas") and name not in SESSION_NAMES}
        self.egos.append({EGO: ego_id, CASE: case, **variables, FILE: label, ROW: None})

        ids: set[str] = set()
        for row, (node_id, pairs) in enumerate(graph.nodes, start=1):
            if node_id is None or not node_id.strip():
                self.problems.append(Problem(label, row, "id", "a node has no id"))
                continue
            values = self.data(pairs, keys)
            node_type = values.pop(NC_TYPE, "") or self.typed(values.pop("type", "")) or "node"
            values = {name: value for name, value in values.items() if not name.startswith("networkcanvas")}
            ids.add(node_id)
            self.nodes.append({EGO: ego_id, NODE: node_id, NODE_TYPE: node_type, **values, FILE: label, ROW: row})

        for row, (source, target, pairs) in enumerate(graph.edges, start=1):
            ends = {"source": source, "target": target}
            wrong = [end for end, node_id in ends.items() if node_id not in ids]
            for end in wrong:
                self.problems.append(Problem(label, row, end, "an edge has no " + end if ends[end] is None
                                             else f"an edge's {end} is not a node of its graph"))
            if wrong:
                continue
            values = self.data(pairs, keys)
            edge_type = values.pop(NC_TYPE, "") or self.typed(values.pop("type", "")) or "edge"
            values = {name: value for name, value in values.items() if not name.startswith("networkcanvas")}
            self.edges.append({EGO: ego_id, SOURCE: ends["source"], TARGET: ends["target"], EDGE_TYPE: edge_type,
                               **values, FILE: label, ROW: row})


def _table(rows: list[dict[str, object]], ids: list[str]) -> pd.DataFrame:
    """Rows as a table of text: ids first, then variables in the order first seen, "" where absent."""
    if not rows:
        return empty_table(ids)
    names = list(dict.fromkeys(name for row in rows for name in row if name not in (*ids, FILE, ROW)))
    frame = pd.DataFrame(rows, columns=[*ids, *names, FILE, ROW], dtype=object)
    text = [*ids, *names, FILE]
    frame[text] = frame[text].fillna("").astype(str)
    frame[ROW] = frame[ROW].astype(object).where(frame[ROW].notna(), None)
    return frame


def _labels(nodes: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The nodes without their label, which is never carried (said in a note): Network Canvas fills it with the
    node's `name`, and other tools with whatever names a node. Labels travel in the .zip and .xlsx formats."""
    if "label" not in nodes.columns:
        return nodes
    notes.append("the node label was not carried: in GraphML it is often a person's name (Network Canvas copies "
                 "the node's name into it)")
    return nodes.drop(columns="label")


def read_graphml(files: Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS) -> Capture:
    """Network Canvas GraphML files (file name -> bytes; a single .zip is opened) as a Capture.

    Raises DatasetError listing every file or graph that cannot be read; messages never quote a value.
    """
    files = expand(files, describe, limits)
    chosen = sorted(name for name in files if name.lower().endswith(SUFFIXES) and not is_hidden(name))
    if not chosen:
        raise DatasetError([Problem("GraphML", message="no GraphML file (.graphml or .xml) was given")])
    reader = _Reader(limits=limits)
    for number, name in enumerate(chosen, start=1):
        reader.file(number, files[name])
    if reader.problems:
        raise DatasetError(reader.problems)
    notes: list[str] = []
    nodes = _labels(_table(reader.nodes, [EGO, NODE, NODE_TYPE]), notes)
    egos = _table(reader.egos, [EGO, CASE])
    edges = _table(reader.edges, [EGO, SOURCE, TARGET, EDGE_TYPE])
    return Capture("graphml", egos, nodes, edges, notes, types_named=not reader.types_from_data)


# ------------------------------------------------------------------------------------------------------ writing


@dataclass
class _Graph:
    """One `<graph>`: its XML attributes, graph-level data, nodes (id, data) and edges (source, target, data)."""

    attributes: dict[str, str] = field(default_factory=dict)
    data: list[tuple[str, str]] = field(default_factory=list)
    nodes: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    edges: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)


def _key_id(scope: str, name: str) -> str:
    return str(uuid.uuid5(_KEY_NAMESPACE, f"{scope}:{name}"))


def _text(value: object) -> str | None:
    """A value as GraphML text (None when missing): true/false, whole numbers without ".0", XML-safe text."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return _NOT_XML.sub("", str(value))


def _document(keys: list[tuple[str, str, str, str]], graphs: list[_Graph], network_canvas: bool) -> bytes:
    """GraphML bytes: `<key>`s (id, attr.name, attr.type, for) first, then the graphs, as Network Canvas lays it out."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    if network_canvas:
        root.set("xmlns:xsi", XSI_NS)
        root.set("xsi:schemaLocation", f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd")
        root.set("xmlns:nc", NC_NS)
    for key_id, name, kind, domain in keys:
        ET.SubElement(root, "key", {"id": key_id, "attr.name": name, "attr.type": kind, "for": domain})
    for graph in graphs:
        element = ET.SubElement(root, "graph", {"edgedefault": "undirected", **graph.attributes})
        for key, value in graph.data:
            ET.SubElement(element, "data", {"key": key}).text = value
        for node_id, data in graph.nodes:
            node = ET.SubElement(element, "node", {"id": node_id})
            for key, value in data:
                ET.SubElement(node, "data", {"key": key}).text = value
        for number, (source, target, data) in enumerate(graph.edges, start=1):
            edge = ET.SubElement(element, "edge", {"id": str(number), "source": source, "target": target})
            for key, value in data:
                ET.SubElement(edge, "data", {"key": key}).text = value
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _node_keys(fields: Iterable[str], ids: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    return [(ids[name], name, FIELD_TYPES.get(name, "string"), "node") for name in fields]


def _add_maps(graph_of: Callable[[object], _Graph | None], members: pd.DataFrame, ties: pd.DataFrame,
              ids: Mapping[str, str], node_type: bool) -> None:
    """Members as nodes and ties as edges of the graph `graph_of` gives for their participant id (None: left out).

    Nodes carry the data of the fields in `ids` (field -> key id) that `members` has, missing values left out; with
    `node_type`, also the `networkCanvasType` of their kind (Person, Place, Activity), and edges the type "knows".
    """
    present = [name for name in ids if name in members.columns]
    columns = [name for name in dict.fromkeys(["participant_id", "member_id", "kind", *present]) if name in members]
    for member in members[columns].to_dict("records"):
        graph = graph_of(member.get("participant_id"))
        if graph is None:
            continue
        kind = _text(member.get("kind")) or ""
        data = [("networkCanvasType", NODE_TYPES.get(kind, kind))] if node_type else []
        data += [(ids[name], text) for name in present if (text := _text(member[name])) is not None]
        graph.nodes.append((_text(member["member_id"]) or "", data))
    edge_data = [("networkCanvasType", EDGE_TYPE_NAME)] if node_type else []
    owners = ties["participant_id"] if "participant_id" in ties else [None] * len(ties)
    for participant_id, a, b in zip(owners, ties["member_a"], ties["member_b"], strict=True):
        graph = graph_of(participant_id)
        if graph is not None:
            graph.edges.append((_text(a) or "", _text(b) or "", list(edge_data)))


def dataset_graphml(dataset: Dataset, participant_ids: Iterable[str] | None = None) -> bytes:
    """All maps (or those of `participant_ids`, in that order) as one GraphML file, one `<graph>` per participant,
    laid out as Network Canvas writes it: `nc:caseId` = participant id, covariates as graph-level data, nodes typed
    Person / Place / Activity with category, circle, formal, contact, wellbeing and label (missing values left out),
    edges from the ties. `read_graphml` reads it back."""
    rows = {row["participant_id"]: row for row in dataset.participants.to_dict("records")}
    chosen = list(rows) if participant_ids is None else list(dict.fromkeys(participant_ids))
    if not set(chosen) <= set(rows):
        raise ValueError("a participant id asked for is not in the dataset")
    covariates = dataset.covariates
    numeric = {name for name, kind in dataset.covariate_types.items() if kind == "numeric"}
    ids = {name: "label" if name == "label" else _key_id("node", name) for name in NODE_FIELDS}  # as Network Canvas
    covariate_ids = {name: _key_id("graph", name) for name in covariates}
    keys = [("label", "label", "string", "all"), ("networkCanvasType", "networkCanvasType", "string", "all")]
    keys += [(covariate_ids[name], name, "double" if name in numeric else "string", "graph") for name in covariates]
    keys += _node_keys([name for name in NODE_FIELDS if name != "label"], ids)
    graphs: dict[object, _Graph] = {}
    for participant_id in chosen:
        graph = graphs[participant_id] = _Graph({
            "nc:caseId": _text(participant_id) or "",
            "nc:sessionUUID": str(uuid.uuid5(_KEY_NAMESPACE, f"session:{participant_id}")),
            "nc:protocolName": PROTOCOL_NAME})
        graph.data += [(covariate_ids[name], text) for name in covariates
                       if (text := _text(rows[participant_id][name])) is not None]
    _add_maps(graphs.get, dataset.members, dataset.ties, ids, node_type=True)
    return _document(keys, list(graphs.values()), network_canvas=True)


def map_graphml(members: pd.DataFrame, ties: pd.DataFrame) -> bytes:
    """One participant's map as UTF-8 GraphML for network tools such as Gephi or Cytoscape.

    Nodes are member ids carrying only a whitelist of member fields (missing values left out, not written as "nan");
    edges are the ties. There is no node for the participant, no case id and no covariate: the file describes the
    map only. The same writer as `dataset_graphml`.
    """
    ids = {name: _key_id("node", name) for name in MAP_FIELDS}
    graph = _Graph()
    _add_maps(lambda _: graph, members, ties, ids, node_type=False)
    return _document(_node_keys(MAP_FIELDS, ids), [graph], network_canvas=False)
