"""Network Canvas GraphML: files laid out as its exporter writes them read into a Capture and a Dataset with no name
in it; a dataset written as GraphML reads back the same; files that cannot be read give DatasetError, never a value.
"""

import io
import uuid
import zipfile
from xml.sax.saxutils import escape, quoteattr

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore import load_dataset
from netcore.io.graphml import dataset_graphml, read_graphml
from netcore.io.mapping import EDGE_TYPE, FILE, NODE, NODE_TYPE, ROW, Capture, ImportOptions, to_dataset
from netcore.problems import DatasetError
from netcore.sample import generate_sample

# Names put into the fixtures (the `name` variable and the label Network Canvas copies from it): no word of them may
# reach the Dataset or its notes.
NAMES = ("Alice Smithson", "Bobby Jonesy", "Quirky Beanery", "Dora Daytona", "Evan Evenson", "Yarrow Greenwood",
         "Evie Egolina")
OPTIONS = ("family", "friend", "cafe", "park")  # the categorical variable `relationship`, one boolean key per option


def uid(name: str) -> str:
    """A key id as Network Canvas makes them: a UUID, unrelated to the variable's name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


EGO_KEYS = {"age_band": "string", "name": "string"}
NODE_KEYS = {"name": "string", **{f"relationship_{option}": "boolean" for option in OPTIONS},
             "closeness": "int", "layout_X": "double", "layout_Y": "double", "layout_screenSpaceX": "double"}


def keys(type_key: str) -> str:
    """All <key>s first, as Network Canvas writes them (label, type and UUID keys under their own ids)."""
    lines = ['<key id="label" attr.name="label" attr.type="string" for="all"/>',
             f'<key id="{type_key}" attr.name="{type_key}" attr.type="string" for="all"/>',
             '<key id="networkCanvasUUID" attr.name="networkCanvasUUID" attr.type="string" for="all"/>']
    lines += [f'<key id="{uid("ego:" + name)}" attr.name="{name}" attr.type="{kind}" for="graph"/>'
              for name, kind in EGO_KEYS.items()]
    lines += [f'<key id="{uid("node:" + name)}" attr.name="{name}" attr.type="{kind}" for="node"/>'
              for name, kind in NODE_KEYS.items()]
    for end in ("Target", "Source"):
        lines.append(f'<key id="networkCanvas{end}UUID" attr.name="networkCanvas{end}UUID" attr.type="string" '
                     'for="edge"/>')
    return "\n".join(lines)


def data(key: str, value: object) -> str:
    return f'<data key="{key}">{escape(str(value))}</data>'


def node(number: int, node_type: str, name: str, option: str, closeness: int, type_key: str) -> str:
    parts = [data("networkCanvasUUID", uid(name)), data(type_key, node_type), data("label", name),
             data(uid("node:name"), name)]
    parts += [data(uid(f"node:relationship_{each}"), str(each == option).lower()) for each in OPTIONS]
    parts += [data(uid("node:closeness"), closeness), data(uid("node:layout_X"), 0.25 * number),
              data(uid("node:layout_Y"), 0.5), data(uid("node:layout_screenSpaceX"), 300.0 * number)]
    return f'<node id="{number}">{"".join(parts)}</node>'


def edge(number: int, source: int, target: int, edge_type: str, type_key: str) -> str:
    parts = [data(type_key, edge_type), data("networkCanvasSourceUUID", uid(f"s{source}")),
             data("networkCanvasTargetUUID", uid(f"t{target}"))]
    return f'<edge id="{number}" source="{source}" target="{target}">{"".join(parts)}</edge>'


def graph(case: str, session: str, ego_name: str, age: str, nodes: list[str], edges: list[str]) -> str:
    ego = [data("networkCanvasUUID", uid("ego" + session)), data(uid("ego:age_band"), age),
           data(uid("ego:name"), ego_name)]
    return (f'<graph edgedefault="undirected" nc:caseId="{case}" nc:sessionUUID="{uid(session)}" '
            f'nc:protocolName="Wellbeing study" nc:sessionStartTime="2024-03-01T10:00:00.000Z">'
            + "".join(ego + nodes + edges) + "</graph>")


def document(graphs: list[str], type_key: str = "networkCanvasType") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:nc="http://schema.networkcanvas.com/xmlns">\n'
            + keys(type_key) + "\n" + "\n".join(graphs) + "\n</graphml>\n").encode("utf-8")


T = "networkCanvasType"
# Two interviews merged into one file, and a third in its own file written with the older `type` key.
MERGED = document([
    graph("C-01", "s1", NAMES[6], "18-29",
          [node(1, "Person", NAMES[0], "family", 1, T), node(2, "Person", NAMES[1], "friend", 2, T),
           node(3, "Place", NAMES[2], "cafe", -1, T)],
          [edge(1, 1, 2, "knows", T), edge(2, 2, 1, "helps", T), edge(3, 3, 3, "knows", T)]),
    graph("C-02", "s2", NAMES[6], "30-44", [node(1, "Person", NAMES[3], "family", 3, T)], []),
])
SINGLE = document([
    graph("C-03", "s3", NAMES[6], "45-59",
          [node(1, "Person", NAMES[4], "friend", 1, "type"), node(2, "Place", NAMES[5], "park", 2, "type")],
          [edge(1, 1, 2, "knows", "type")]),
], type_key="type")
FILES = {"b-single.xml": SINGLE, "a-merged.graphml": MERGED}
IMPORT = ImportOptions(category="relationship", closeness="closeness")


def name_words() -> set[str]:
    return {word.lower() for name in NAMES for word in name.split()}


def assert_no_names(tables: list[pd.DataFrame], notes: tuple[str, ...] | list[str]) -> None:
    texts = [str(column) for table in tables for column in table.columns]
    texts += [str(value) for table in tables for value in table.to_numpy().ravel()]
    texts += list(notes)
    found = {word for word in name_words() for text in texts if word in text.lower()}
    assert not found


@pytest.fixture(scope="module")
def conversion():
    return to_dataset(read_graphml(FILES), IMPORT)


def test_capture_reads_every_graph_by_attr_name():
    capture = read_graphml(FILES)
    assert capture.format == "graphml"
    assert list(capture.egos["_case"]) == ["C-01", "C-02", "C-03"]
    assert list(capture.egos[FILE]) == ["GraphML graph 1", "GraphML graph 2", "GraphML graph 3"]
    assert capture.egos["_ego"].tolist() == [uid("egos1"), uid("egos2"), uid("egos3")]
    assert "age_band" in capture.egos.columns
    assert not [column for column in capture.egos.columns if "session" in column or "networkcanvas" in column]
    assert capture.nodes[NODE_TYPE].tolist() == ["Person", "Person", "Place", "Person", "Person", "Place"]
    assert capture.nodes[NODE].tolist() == ["1", "2", "3", "1", "1", "2"]
    assert capture.nodes[ROW].tolist() == [1, 2, 3, 1, 1, 2]  # the node's position in its graph
    assert {"layout_x", "layout_y", "closeness", "relationship_cafe", "name"} <= set(capture.nodes.columns)
    assert "label" not in capture.nodes.columns and "type" not in capture.nodes.columns
    assert any("label was not carried" in note and "name" in note for note in capture.notes)
    assert capture.edges[EDGE_TYPE].tolist() == ["knows", "helps", "knows", "knows"]
    assert not [column for column in capture.edges.columns if "networkcanvas" in column]


def test_a_zip_of_the_files_reads_the_same():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in FILES.items():
            archive.writestr(f"Alice Smithson's export/{name}", content)
        archive.writestr("notes.txt", "ignored")
    capture = read_graphml({"export.zip": buffer.getvalue()})
    expected = read_graphml(FILES)
    for table in ("egos", "nodes", "edges"):
        pd.testing.assert_frame_equal(getattr(capture, table), getattr(expected, table))


def test_members_ties_and_covariates(conversion):
    dataset = conversion.dataset
    participants = dataset.participants
    assert participants["participant_id"].tolist() == ["C-01", "C-02", "C-03"]
    assert participants["age_band"].astype(str).tolist() == ["18-29", "30-44", "45-59"]
    members = dataset.members.sort_values(["participant_id", "member_id"])
    got = [(row.participant_id, row.member_id, row.kind, row.category, int(row.circle))
           for row in members.itertuples()]
    assert got == [("C-01", "1", "person", "family", 1), ("C-01", "2", "person", "friend", 2),
                   ("C-01", "3", "place", "cafe", 4),  # closeness -1: not placed, one circle outside the rest
                   ("C-02", "1", "person", "family", 3),
                   ("C-03", "1", "person", "friend", 1), ("C-03", "2", "place", "park", 2)]
    # the mirrored edge merged with its twin, the self-loop left out
    assert sorted(map(tuple, dataset.ties[["participant_id", "member_a", "member_b"]].to_numpy().tolist())) == [
        ("C-01", "1", "2"), ("C-03", "1", "2")]
    notes = " | ".join(conversion.notes)
    assert "to itself" in notes and "mirrored" in notes and "merged" in notes
    assert "coded as missing" in notes  # the -1
    assert "layout_screenspacex" in notes  # left as an unused variable


def test_no_name_reaches_the_dataset(conversion):
    dataset = conversion.dataset
    assert "label" not in dataset.members.columns or dataset.members["label"].isna().all()
    assert "name" not in dataset.participants.columns and "name" not in dataset.members.columns
    assert_no_names([dataset.participants, dataset.members, dataset.ties], dataset.notes)


def test_participant_id_can_be_the_interview_uuid():
    dataset = to_dataset(read_graphml(FILES), ImportOptions(participant_id="uuid", category="relationship")).dataset
    assert dataset.participants["participant_id"].tolist() == [uid("egos1"), uid("egos2"), uid("egos3")]


def plain(labels: list[str], extra: str = "") -> bytes:
    """A GraphML file from another tool: a label key and a node variable, no name."""
    nodes = "".join(f'<node id="n{i}"><data key="l">{label}</data><data key="k">Person</data>{extra}</node>'
                    for i, label in enumerate(labels))
    return ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            '<key id="l" attr.name="label" for="node"/><key id="k" attr.name="type" for="node"/>'
            '<key id="s" attr.name="Street Address" for="node"/>'
            f'<graph id="G">{nodes}</graph></graphml>').encode()


def test_label_is_never_carried():
    """Network Canvas copies a node's name into its label, and another tool's label may be a name just as well,
    whatever its other variables are called."""
    for capture in (read_graphml({"a.graphml": plain(["Sister", "Node"])}),
                    read_graphml({"a.graphml": plain(["Sister"], '<data key="s">x</data>')})):
        assert "label" not in capture.nodes.columns
        assert any("the node label was not carried" in note for note in capture.notes)


def test_graph_without_ids_is_named_by_its_number():
    capture = read_graphml({"a.graphml": plain(["Sister"]), "b.graphml": plain(["Brother"])})
    assert capture.egos["_ego"].tolist() == ["G", "graph 2"]  # the second id="G" would clash
    assert capture.egos["_case"].tolist() == ["", ""]


# ------------------------------------------------------------------------------------------------ round trip


def sample_dataset():
    sample = generate_sample(participants=20, seed=3)
    return load_dataset({f"{name}.csv": getattr(sample, name).to_csv(index=False).encode()
                         for name in ("participants", "members", "ties")})


def as_text(frame: pd.DataFrame, columns: list[str]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if pd.isna(value) else str(value) for value in row)
                  for row in frame[columns].itertuples(index=False))


def test_round_trip_gives_the_same_dataset():
    original = sample_dataset()
    data = dataset_graphml(original)
    back = to_dataset(read_graphml({"maps.graphml": data}),
                      ImportOptions(category="category", closeness="circle")).dataset
    assert list(back.participants.columns) == list(original.participants.columns)
    assert as_text(back.participants, list(original.participants.columns)) == as_text(
        original.participants, list(original.participants.columns))
    fields = ["participant_id", "member_id", "kind", "category", "circle", "formal", "contact", "wellbeing"]
    assert as_text(back.members, fields) == as_text(original.members, fields)
    assert back.members["label"].isna().all()  # labels are written for network tools but never read back
    ties = ["participant_id", "member_a", "member_b"]
    assert as_text(back.ties, ties) == as_text(original.ties, ties)


def test_written_as_network_canvas_writes_it():
    original = sample_dataset()
    chosen = list(original.participants["participant_id"][:2])
    data = dataset_graphml(original, chosen).decode()
    assert data.index("<key") < data.index("<graph ")
    assert data.count("<graph ") == 2 and f'nc:caseId="{chosen[0]}"' in data
    assert 'xmlns:nc="http://schema.networkcanvas.com/xmlns"' in data
    assert '<data key="networkCanvasType">Person</data>' in data
    assert 'attr.name="circle" attr.type="int"' in data and 'attr.name="formal" attr.type="boolean"' in data
    capture = read_graphml({"x.graphml": data.encode()})
    assert capture.egos["_case"].tolist() == chosen


def test_hostile_text_is_escaped():
    dataset = load_dataset({
        "participants.csv": b"participant_id,site\nP&1,<b>x</b>\n",
        "members.csv": b"participant_id,member_id,kind,category,circle,label\nP&1,m<1>,person,friend,1,\"a \"\"&<\"\n",
    })
    data = dataset_graphml(dataset)
    assert b"<b>" not in data and b"m<1>" not in data
    capture = read_graphml({"x.graphml": data})
    assert capture.egos["_case"].tolist() == ["P&1"] and capture.egos["site"].tolist() == ["<b>x</b>"]
    assert capture.nodes[NODE].tolist() == ["m<1>"] and b'a "&amp;&lt;' in data


# ------------------------------------------------------------------------------------------- files we refuse

SECRET = "Alice-Smithson-77"
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<graphml><graph><node id="Alice-Smithson-77"><data key="d">&lol2;</data></node></graph></graphml>"""


@pytest.mark.parametrize(("content", "message"), [
    (f'<graphml><graph><node id="{SECRET}"></graph></graphml>'.encode(), "not well-formed"),
    (BILLION_LAUGHS, "read safely"),
    (f'<graphml><key id="{SECRET}" attr.name="{SECRET}"/></graphml>'.encode(), "no <graph>"),
    (f'<graphml><graph><node><data key="k">{SECRET}</data></node></graph></graphml>'.encode(), "no id"),
    (f'<graphml><graph><node id="a"/><edge source="a" target="{SECRET}"/></graph></graphml>'.encode(),
     "not a node of its graph"),
    (b"\x89PNG\r\n\x1a\n" + SECRET.encode(), "not well-formed"),
])
def test_unreadable_files_say_why_without_values(content, message):
    with pytest.raises(DatasetError) as error:
        read_graphml({f"{SECRET}.graphml": content})
    assert message in str(error.value)
    assert SECRET.lower() not in str(error.value).lower() and "alice" not in str(error.value).lower()
    assert error.value.__context__ is None and error.value.__cause__ is None  # no traceback of the parser's


def test_problems_of_several_files_are_all_listed():
    with pytest.raises(DatasetError) as error:
        read_graphml({"a.graphml": b"<graphml/>", "b.xml": b"<graphml><graph>", "c.graphml": plain(["x"])})
    assert [problem.file for problem in error.value.problems] == ["GraphML file 1", "GraphML file 2"]


def test_no_graphml_file_at_all():
    with pytest.raises(DatasetError, match="no GraphML file"):
        read_graphml({"members.csv": b"a,b\n"})


# ------------------------------------------------------------------------------------------------ properties

TEXT = st.one_of(st.sampled_from(["", "1", "Person", "Place", "true", "-1", "Node", "a b", "&", "<"]),
                 st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=6), st.text(max_size=3))
NAMES_ST = st.sampled_from(["name", "label", "type", "networkCanvasType", "networkCanvasUUID", "caseId", "closeness",
                            "rel_a", "rel_b", "x_X", "x_Y", "", "Name Here", "_", "participant_id"])


@st.composite
def graphml_documents(draw) -> bytes:
    """Small GraphML-ish documents: random keys, graphs, nodes, edges and data, sometimes not escaped."""
    raw = draw(st.integers(0, 4)) == 0  # now and then a value left unescaped
    attr = (lambda text: '"' + text + '"') if raw else quoteattr
    body = escape if not raw else (lambda text: text)
    key_ids = draw(st.lists(st.sampled_from(["k1", "k2", "k3", "label", "networkCanvasType"]), max_size=4))
    parts = [f"<key id={attr(key)} attr.name={attr(draw(NAMES_ST))} for=\"all\"/>" for key in key_ids]
    for _ in range(draw(st.integers(0, 3) if raw else st.integers(1, 3))):
        graph_attributes = " ".join(f"{name}={attr(draw(TEXT))}" for name in draw(
            st.lists(st.sampled_from(["id", "nc:caseId", "nc:sessionUUID", "edgedefault"]), unique=True)))
        inner = []
        for _ in range(draw(st.integers(0, 4))):
            element = draw(st.sampled_from(["node", "node", "edge", "data"]))
            ends = {"node": ["id"], "edge": ["source", "target"], "data": ["key"]}[element]
            ends = ends + draw(st.lists(st.sampled_from(["id", "source", "target", "key", "type"]), max_size=1))
            if draw(st.integers(0, 9)) == 0:  # now and then an id, source or target missing
                ends = ends[1:]
            ends = " ".join(f"{end}={attr(draw(st.sampled_from(['1', '2', '3', '', 'k1'])))}"
                            for end in dict.fromkeys(ends))
            datas = "".join(f"<data key={attr(draw(st.sampled_from(['k1', 'k2', 'k3', 'label', 'zz'])))}>"
                            f"{body(draw(TEXT))}</data>" for _ in range(draw(st.integers(0, 3))))
            inner.append(f"<{element} {ends}>{datas if element != 'data' else body(draw(TEXT))}</{element}>")
        parts.append(f"<graph {graph_attributes}>{''.join(inner)}</graph>")
    namespace = draw(st.sampled_from([' xmlns:nc="http://schema.networkcanvas.com/xmlns"',
                                      ' xmlns="http://graphml.graphdrawing.org/xmlns" '
                                      'xmlns:nc="http://schema.networkcanvas.com/xmlns"', ""]))
    return f"<graphml{namespace}>{''.join(parts)}</graphml>".encode(draw(st.sampled_from(["utf-8", "utf-16"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), graphml_documents()))
def test_any_bytes_give_a_capture_or_dataset_error(content):
    try:
        capture = read_graphml({"file.graphml": content})
    except DatasetError as error:
        assert error.problems
        return
    assert isinstance(capture, Capture)
    for table in (capture.egos, capture.nodes, capture.edges):
        assert FILE in table.columns and ROW in table.columns
