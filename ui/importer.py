"""The import wizard: another tool's export in, its mapping proposed and changeable, three maps and the notes
previewed, then loaded; the same mapping as a `python -m netcore convert` command.

Keys in `st.session_state` (this browser session only; the files stay in memory, never on disk):
- FILES ("import_files"): file name -> bytes of the export being imported;
- UPLOADS ("import_uploads"): how many exports this session gave; part of every widget key, so a new export starts
  from its own proposed mapping;
- CAPTURE ("import_capture"): (what it was read from, the Capture), so a rerun that only changes a choice does not
  read the files again.
"""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import replace

import streamlit as st

from netcore.figures import MapOptions
from netcore.io import FORMAT_NAMES, FORMATS, detect_format, read_capture, read_dataset
from netcore.io.mapping import (
    LEFT_OUT,
    Capture,
    Conversion,
    ImportOptions,
    default_kind,
    edge_types,
    is_numeric_variable,
    layout_variables,
    node_types,
    node_variables,
    proposed_options,
    to_dataset,
    variable_values,
)
from netcore.model import KINDS, MAX_CIRCLES
from netcore.problems import DatasetError
from ui import data
from ui.maps import draw_map
from ui.markdown import escape_markdown

PAGE = "views/import_data.py"
FILES = "import_files"
UPLOADS = "import_uploads"
CAPTURE = "import_capture"
NO_CLOSENESS = "(none: use the layout or put everyone in circle 1)"
PREVIEW_MAPS = 3


def hand_over(files: dict[str, bytes]) -> None:
    """Give the wizard an export (from its own upload box or the sidebar's) in place of any before it."""
    st.session_state[FILES] = files
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    st.session_state.pop(CAPTURE, None)


def _key(name: str) -> str:
    return f"import_{name}_{st.session_state.get(UPLOADS, 0)}"


def _capture(files: dict[str, bytes], format: str, options: ImportOptions) -> Capture:
    """The export read once per files, format and (egor) id columns."""
    digest = hashlib.sha256(b"".join(name.encode() + data for name, data in sorted(files.items()))).hexdigest()
    signature = (digest, format, options.ego_id, options.alter_id, options.source_id, options.target_id, options.kind)
    cached = st.session_state.get(CAPTURE)
    if cached is None or cached[0] != signature:
        st.session_state[CAPTURE] = (signature, read_capture(files, format, options))
    return st.session_state[CAPTURE][1]


def upload_box() -> None:
    """The wizard's own upload box: a Network Canvas .zip or GraphML, egor tables, or the dashboard's own files."""
    files = st.file_uploader(
        "Your export: a Network Canvas .zip (CSV) or .graphml, the egor tables (egos, alters, ties) as CSV files or "
        "one .xlsx, or the dashboard's own files", type=["zip", "graphml", "xml", "csv", "xlsx"],
        accept_multiple_files=True, key=_key("upload"))
    if files:
        hand_over({file.name: file.getvalue() for file in files})
        st.rerun()


def wizard() -> None:
    """The whole wizard, for the page `views/import_data.py`."""
    files = st.session_state.get(FILES)
    if not files:
        upload_box()
        return
    try:
        detected = detect_format(files)
    except DatasetError as error:
        _problems(error)
        _start_again()
        return
    format = st.selectbox("Format", FORMATS, index=FORMATS.index(detected), format_func=FORMAT_NAMES.get,
                          key=_key("format"), help=f"Detected: {FORMAT_NAMES[detected]}.")
    st.caption(escape_markdown(f"{len(files)} file(s) given; detected as {FORMAT_NAMES[detected]}."))
    if format == "canonical":
        _load_canonical(files)
        _start_again()
        return
    options = _egor_ids() if format == "egor" else ImportOptions()
    try:
        capture = _capture(files, format, options)
    except DatasetError as error:
        _problems(error)
        _start_again()
        return
    options = _mapping_widgets(capture, format, proposed_options(capture, options))
    st.subheader("The same on the command line")
    command = ["python", "-m", "netcore", "convert", "YOUR_EXPORT", "--from", format, *options.cli_arguments(),
               "--out", "dataset.zip"]
    st.code(shlex.join(command), language="bash")
    st.caption("Replace YOUR_EXPORT with the folder, .zip or file you uploaded here.")
    try:
        conversion = to_dataset(capture, options)
    except DatasetError as error:
        _problems(error)
        _start_again()
        return
    _preview(conversion)
    if st.button("Load this data", type="primary", key=_key("load"), icon=":material/upload:"):
        data.use_conversion(conversion, f"Your {FORMAT_NAMES[format].removeprefix('a ')} ({len(files)} file(s))")
        st.session_state.pop(FILES, None)
        st.session_state.pop(CAPTURE, None)
        st.switch_page("views/maps.py")
    _start_again()


def _egor_ids() -> ImportOptions:
    """egor's id columns, when they are not the usual names."""
    with st.expander("Id columns (egor)"):
        st.caption("Leave a box empty for the usual names: .egoID or ego_ID, .altID or alter_ID, .srcID or from, "
                   ".tgtID or to.")
        columns = st.columns(4)
        ids = [column.text_input(label, key=_key(name)).strip() or None for column, (name, label) in zip(
            columns, (("ego_id", "Ego id"), ("alter_id", "Alter id"), ("source_id", "Tie source"),
                      ("target_id", "Tie target")), strict=True)]
    return ImportOptions(ego_id=ids[0], alter_id=ids[1], source_id=ids[2], target_id=ids[3])


def _mapping_widgets(capture: Capture, format: str, proposed: ImportOptions) -> ImportOptions:
    """Widgets for every choice, starting from the proposed mapping; the options they give."""
    st.subheader("How it maps")
    options = proposed
    if format in ("networkcanvas", "graphml"):
        choice = st.radio("Participant id", ["case", "uuid"], key=_key("participant_id"), horizontal=True,
                          format_func={"case": "the case id", "uuid": "the interview's id (UUID)"}.get)
        options = replace(options, participant_id=choice)
    types = node_types(capture)
    if types:
        st.markdown("**Kinds of node**: which are people, places and activities")
        kinds: dict[str, str] = {}
        columns = st.columns(4)
        for number, name in enumerate(types):
            default = default_kind(name, proposed) or LEFT_OUT
            choices = [*KINDS, LEFT_OUT]
            chosen = columns[number % 4].selectbox(f"'{name}' nodes are", choices, index=choices.index(default),
                                                   format_func=lambda kind: "left out" if kind == LEFT_OUT else kind,
                                                   key=_key(f"kind_{name}"))
            if chosen != default:
                kinds[name] = chosen
        options = replace(options, kinds={**proposed.kinds, **kinds})
    names = node_variables(capture)
    category = st.multiselect("Category (the first filled of these; else the node type)", names,
                              default=[name for name in (proposed.category or "").split(",") if name in names],
                              key=_key("category"))
    options = replace(options, category=",".join(category) or None)
    closeness_choices = [NO_CLOSENESS, *names]
    closeness = st.selectbox("Closeness (gives the circle)", closeness_choices,
                             index=closeness_choices.index(proposed.closeness) if proposed.closeness in names else 0,
                             key=_key("closeness"))
    options = replace(options, closeness="" if closeness == NO_CLOSENESS else closeness)
    if options.closeness and is_numeric_variable(capture, options.closeness):
        closest = st.radio("Which value is closest?", ["low", "high"], horizontal=True, key=_key("closest"),
                           index=["low", "high"].index(proposed.closest),
                           format_func={"low": "the lowest (1 = closest)", "high": "the highest"}.get)
        options = replace(options, closest=closest, closeness_order=())
    elif options.closeness:
        values = variable_values(capture, options.closeness)
        default = [value for value in proposed.closeness_order if value in values] or values
        order = st.multiselect("Its options, closest first (remove and add again to reorder)", values,
                               default=default if closeness == proposed.closeness else values,
                               key=_key(f"order_{options.closeness}"))
        options = replace(options, closeness_order=tuple(order))
    else:
        layouts = layout_variables(capture)
        layout = st.selectbox("Layout whose distance from the centre gives the circle", ["(none)", *layouts],
                              index=1 if layouts else 0, key=_key("layout"))
        options = replace(options, layout=None if layout == "(none)" else layout, closeness_order=())
        if options.layout:
            rings = st.slider("Circles", 1, MAX_CIRCLES - 1, proposed.rings, key=_key("rings"))
            options = replace(options, rings=rings)
    edges = edge_types(capture)
    if edges:
        ties = st.multiselect("Which kinds of link are ties (merged)", edges, default=edges, key=_key("ties"))
        options = replace(options, ties=() if set(ties) == set(edges) else tuple(ties) or (LEFT_OUT,))
    return options


def _preview(conversion: Conversion) -> None:
    """Three maps as they will look, and every note of the mapping."""
    dataset = conversion.dataset
    st.subheader("Preview")
    ids = list(dataset.participants["participant_id"][:PREVIEW_MAPS])
    st.write(f"{len(dataset.participants):,} participants, {len(dataset.members):,} connections on their maps, "
             f"{len(dataset.ties):,} links. The first {len(ids)} maps:")
    options = MapOptions(circles=dataset.circles, compact=True)
    for column, participant in zip(st.columns(len(ids)) if ids else [], ids, strict=True):
        with column:
            draw_map(dataset, participant, options, key=f"import_preview_{participant}")
    with st.expander(f"What the import did ({len(dataset.notes)} notes)", expanded=True):
        st.markdown("\n".join(f"- {escape_markdown(note)}" for note in dataset.notes) or "Nothing to note.")


def _load_canonical(files: dict[str, bytes]) -> None:
    """The dashboard's own format needs no mapping: load it as the sidebar does."""
    st.write("These are the dashboard's own files: nothing to map.")
    if st.button("Load this data", type="primary", key=_key("load")):
        try:
            conversion = read_dataset(files, "canonical")
        except DatasetError as error:
            _problems(error)
            return
        data.use_conversion(conversion, f"Your upload ({len(files)} file(s))")
        st.session_state.pop(FILES, None)
        st.switch_page("views/overview.py")


def _problems(error: DatasetError) -> None:
    st.error("**This export could not be read**\n\n"
             + "\n".join(f"- {escape_markdown(problem)}" for problem in error.problems), icon=":material/error:")


def _start_again() -> None:
    if st.button("Start again with another export", key=_key("again")):
        st.session_state.pop(FILES, None)
        st.session_state.pop(CAPTURE, None)
        st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
        st.rerun()
