"""A Network Canvas CSV export written the way Network Canvas's exporter lays it out, for tests at every depth.

Per interview: `<caseID>_<sessionID>_ego.csv`, `..._attributeList_<NodeType>.csv`, `..._edgeList_<EdgeType>.csv`;
the reserved columns first, in the exporter's order, then variables: categorical ones as one true/false column per
option (`<var>_<option>`), layouts as `<var>_x` / `<var>_y` in 0-1, missing values as empty cells, CRLF line ends.
Every node has a `name` (Network Canvas asks for one by default): NAMES holds them, so tests can check that none is
carried anywhere.
"""

from __future__ import annotations

import csv
import io
import zipfile

NAMES = ("Alice Hartley", "Bernard Okoro", "Cerys Pugh", "Dmitri Volkov", "Edna Quist", "Farid Nasser",
         "Gwen Talbot", "Hamish Reid", "Ines Duarte", "Jonas Brandt", "Kezia Moss", "Lorcan Fahy")
EGO_HEADER = ["networkCanvasEgoUUID", "networkCanvasCaseID", "networkCanvasSessionID", "networkCanvasProtocolName",
              "sessionStart", "sessionFinish", "sessionExported"]
NODE_HEADER = ["nodeID", "networkCanvasEgoUUID", "networkCanvasUUID"]
EDGE_HEADER = ["edgeID", "from", "to", "networkCanvasEgoUUID", "networkCanvasUUID", "networkCanvasSourceUUID",
               "networkCanvasTargetUUID"]
RELATIONSHIPS = ("family", "friend", "practitioner")
CLOSENESS = ("Very_close", "Somewhat_close", "Not_close")  # closest first
WELLBEING = ("positive", "neutral", "negative")

# Per interview: case id, ego variables, people (relationship, closeness, layout x/y, wellbeing), places
# (place_type, closeness), and edges (type, from, to) by node number (people first, then places, from 1).
INTERVIEWS = (
    {"case": "P01", "lives_alone": "true", "housing": "Own", "age": "34",
     "people": [("family", "Very_close", 0.50, 0.45, "positive"), ("friend", "Somewhat_close", 0.20, 0.50, ""),
                ("practitioner", "Not_close", 0.95, 0.90, "negative")],
     "places": [("cafe", "Somewhat_close")],
     "edges": [("Close", 1, 2), ("Close", 2, 1), ("Friends", 1, 3), ("Friends", 2, 2)]},
    {"case": "P02", "lives_alone": "false", "housing": "Supported", "age": "-1",
     "people": [("family", "Very_close", 0.55, 0.50, "neutral"), ("family", "Very_close", 0.45, 0.55, "positive"),
                ("friend", "", 0.80, 0.20, "")],
     "places": [],
     "edges": [("Close", 1, 2), ("Friends", 2, 3)]},
    {"case": "P03", "lives_alone": "true", "housing": "Rented", "age": "52",
     "people": [("practitioner", "Somewhat_close", 0.70, 0.30, "positive")],
     "places": [("park", "Very_close"), ("day_centre", "Not_close")],
     "edges": [("Close", 1, 2), ("Close", 1, 9)]},
)


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _flags(options: tuple[str, ...], chosen: str) -> list[str]:
    return ["true" if option == chosen else "false" for option in options]


def export_files(interviews: tuple[dict, ...] = INTERVIEWS) -> dict[str, bytes]:
    """File name -> CSV bytes of a per-interview Network Canvas export."""
    files: dict[str, bytes] = {}
    names = iter(NAMES * 4)
    for number, interview in enumerate(interviews, start=1):
        ego, session = f"ego-uuid-{number}", f"session-{number}"
        prefix = f"{interview['case']}_{session}"
        housing = ("Own", "Rented", "Supported")
        files[f"{prefix}_ego.csv"] = _csv(
            [*EGO_HEADER, "lives_alone", *(f"housing_{option}" for option in housing), "age", "name"],
            [[ego, interview["case"], session, "Wellbeing maps", f"2026-01-0{number}T10:00:00Z",
              f"2026-01-0{number}T11:00:00Z", "2026-02-01T09:00:00Z", interview["lives_alone"],
              *_flags(housing, interview["housing"]), interview["age"], next(names)]])
        people = [
            [index, ego, f"{ego}-node-{index}", next(names), *_flags(RELATIONSHIPS, relationship),
             *_flags(CLOSENESS, closeness), x, y, *_flags(WELLBEING, wellbeing)]
            for index, (relationship, closeness, x, y, wellbeing) in enumerate(interview["people"], start=1)]
        files[f"{prefix}_attributeList_Person.csv"] = _csv(
            [*NODE_HEADER, "name", *(f"relationship_{option}" for option in RELATIONSHIPS),
             *(f"closeness_{option}" for option in CLOSENESS), "circles_x", "circles_y",
             *(f"wellbeing_{option}" for option in WELLBEING)], people)
        first_place = len(people) + 1
        if interview["places"]:
            files[f"{prefix}_attributeList_Place.csv"] = _csv(
                [*NODE_HEADER, "name", "place_type", *(f"closeness_{option}" for option in CLOSENESS)],
                [[index, ego, f"{ego}-node-{index}", next(names), place_type, *_flags(CLOSENESS, closeness)]
                 for index, (place_type, closeness) in enumerate(interview["places"], start=first_place)])
        for edge_type in ("Close", "Friends"):
            rows = [[index, a, b, ego, f"{ego}-edge-{index}", f"{ego}-node-{a}", f"{ego}-node-{b}"]
                    for index, (kind, a, b) in enumerate(interview["edges"], start=1) if kind == edge_type]
            if rows:
                files[f"{prefix}_edgeList_{edge_type}.csv"] = _csv(EDGE_HEADER, rows)
    return files


def export_zip(interviews: tuple[dict, ...] = INTERVIEWS, folder: str = "networkCanvasExport") -> bytes:
    """The export as a .zip of one folder, as Network Canvas saves it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_files(interviews).items():
            archive.writestr(f"{folder}/{name}", data)
    return buffer.getvalue()


def many_interviews(count: int) -> tuple[dict, ...]:
    """`count` interviews cycling through INTERVIEWS, with case ids P01, P02, ..."""
    return tuple({**INTERVIEWS[number % len(INTERVIEWS)], "case": f"P{number + 1:02d}"} for number in range(count))
