"""Read Network Canvas's CSV export (Interviewer or Server) into a `Capture`; `netcore.io.mapping` does the rest.

The export is a folder or .zip of files per interview, `<caseID>_<sessionID>_ego.csv`,
`..._attributeList_<NodeType>.csv` and `..._edgeList_<EdgeType>.csv` (or one set for all interviews when sessions
were merged, `<Protocol>_ego.csv` ...). Ego files start with networkCanvasEgoUUID, networkCanvasCaseID,
networkCanvasSessionID, networkCanvasProtocolName and the session times; node lists with nodeID,
networkCanvasEgoUUID, networkCanvasUUID; edge lists with edgeID, from, to, networkCanvasEgoUUID, networkCanvasUUID,
networkCanvasSourceUUID, networkCanvasTargetUUID. Then come the variables (a categorical one as one true/false
column per option, a layout as `<var>_x`, `<var>_y`).

Files are named in messages by what they hold and a number ("Person node file 2"), never by their own name: it
starts with the case id, which an interviewer may have typed as a person's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath

import pandas as pd

from netcore.io.canonical import read_csv_bytes
from netcore.io.files import expand
from netcore.io.limits import DEFAULT_LIMITS, Limits, collecting
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
    with_origin,
)
from netcore.problems import DatasetError, Problem

FILE_NAME = re.compile(r"(?:^|_)(?:(?P<ego>ego)|attributeList_(?P<node>.+)|edgeList_(?P<edge>.+))\.csv$",
                       re.IGNORECASE)
# Headers as netcore.io.canonical.normalise_header writes them.
EGO_UUID, CASE_ID, NODE_UUID = "networkcanvasegouuid", "networkcanvascaseid", "networkcanvasuuid"
SOURCE_UUID, TARGET_UUID = "networkcanvassourceuuid", "networkcanvastargetuuid"
SESSION_COLUMNS = ("networkcanvassessionid", "networkcanvasprotocolname", "sessionstart", "sessionfinish",
                   "sessionexported", "app_version", "commit_hash")
NODE_IDS = ("nodeid", "id")
EDGE_COLUMNS = ("edgeid", "id", "from", "to", NODE_UUID, SOURCE_UUID, TARGET_UUID)


def role(path: str) -> tuple[str, str] | None:
    """("ego", ""), ("node", type) or ("edge", type) for a Network Canvas CSV file name; None for other files."""
    found = FILE_NAME.search(PurePosixPath(path.replace("\\", "/")).name)
    if found is None:
        return None
    if found["ego"]:
        return "ego", ""
    return ("node", found["node"]) if found["node"] else ("edge", found["edge"])


def is_networkcanvas(names: list[str]) -> bool:
    """Whether file names look like a Network Canvas CSV export (a node list or an ego file among them)."""
    return any(role(name) is not None for name in names) and any(
        (found := role(name)) is not None and found[0] in ("ego", "node") for name in names)


def _describe(path: str) -> str | None:
    found = role(path)
    return None if found is None else f"a Network Canvas {found[0]} file"


def read_networkcanvas(files: Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS) -> Capture:
    """A Capture of every interview in the export's files (a single .zip among them is opened), read within
    `limits`."""
    files = expand(files, _describe, limits)
    tables: dict[str, list[pd.DataFrame]] = {"ego": [], "node": [], "edge": []}
    problems: list[Problem] = []
    numbers: dict[tuple[str, str], int] = {}
    for path in sorted(files):
        found = role(path)
        if found is None:
            continue
        kind, type_name = found
        numbers[found] = numbers.get(found, 0) + 1
        label = f"{type_name + ' ' if type_name else ''}{kind} file {numbers[found]}"
        table = collecting(problems, read_csv_bytes, files[path], kind, label, limits)
        if table is None:
            continue
        if EGO_UUID not in table.frame.columns:
            problems.append(Problem(label, column="networkCanvasEgoUUID",
                                    message="has no networkCanvasEgoUUID column: is it a Network Canvas export?"))
            continue
        frame = with_origin(table.frame, table, label)
        tables[kind].append(frame.assign(**{NODE_TYPE if kind == "node" else EDGE_TYPE: type_name})
                            if kind != "ego" else frame)
    if not tables["node"] and not tables["ego"]:
        problems.append(Problem("upload", message="holds no Network Canvas ego file or node list "
                                                  "(files named ..._ego.csv, ..._attributeList_<type>.csv)"))
    if problems:
        raise DatasetError(problems)
    notes: list[str] = []
    nodes = _nodes(pd.concat(tables["node"], ignore_index=True) if tables["node"] else None)
    egos = _egos(pd.concat(tables["ego"], ignore_index=True) if tables["ego"] else None, nodes, notes)
    edges = _edges(pd.concat(tables["edge"], ignore_index=True) if tables["edge"] else None, nodes)
    nodes = nodes.drop(columns=[NODE_UUID], errors="ignore")
    return Capture("networkcanvas", egos, nodes, edges, notes)


def _egos(frame: pd.DataFrame | None, nodes: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """One row per interview; session details dropped (they say when, not who)."""
    if frame is None:
        notes.append("the export has no ego files: participants have no covariates")
        ids = pd.unique(nodes[EGO])
        return pd.DataFrame({EGO: ids, FILE: "node files", ROW: pd.NA})
    frame = frame.rename(columns={EGO_UUID: EGO, CASE_ID: CASE})
    frame = frame.drop(columns=[column for column in SESSION_COLUMNS if column in frame.columns])
    return frame.fillna("")


def _nodes(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Nodes with the interview, an id unique within it and the node type; variables as exported."""
    if frame is None:
        return pd.DataFrame({EGO: pd.Series(dtype=object), NODE: pd.Series(dtype=object),
                             NODE_TYPE: pd.Series(dtype=object), FILE: pd.Series(dtype=object),
                             ROW: pd.Series(dtype=object)})
    frame = frame.fillna("").rename(columns={EGO_UUID: EGO})
    ids = [column for column in (*NODE_IDS, NODE_UUID) if column in frame.columns]
    if not ids:
        raise DatasetError([Problem(str(name), column="nodeID", message="has no nodeID or networkCanvasUUID column")
                            for name in pd.unique(frame[FILE])] or [Problem("node files", column="nodeID",
                                                                            message="have no nodeID column")])
    unique = [column for column in ids if not frame.duplicated([EGO, column]).any()]
    frame[NODE] = frame[(unique or ids)[0]]
    return frame.drop(columns=[column for column in NODE_IDS if column in frame.columns])


def _edges(frame: pd.DataFrame | None, nodes: pd.DataFrame) -> pd.DataFrame:
    """Edges as pairs of node ids of one interview, by the nodes' UUIDs where the export has them."""
    if frame is None:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in (EGO, SOURCE, TARGET, EDGE_TYPE, FILE, ROW)})
    frame = frame.fillna("").rename(columns={EGO_UUID: EGO})
    if {SOURCE_UUID, TARGET_UUID} <= set(frame.columns) and NODE_UUID in nodes.columns:
        by_uuid = nodes.set_index([EGO, NODE_UUID])[NODE]
        lookup = by_uuid[~by_uuid.index.duplicated()].to_dict()
        for end, uuid in ((SOURCE, SOURCE_UUID), (TARGET, TARGET_UUID)):
            found = pd.MultiIndex.from_arrays([frame[EGO], frame[uuid]]).map(lookup.get)
            frame[end] = pd.Series(found, index=frame.index).fillna("")
    else:
        frame[SOURCE], frame[TARGET] = frame.get("from", ""), frame.get("to", "")
    return frame.drop(columns=[column for column in EDGE_COLUMNS if column in frame.columns])
