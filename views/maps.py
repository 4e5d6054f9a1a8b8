"""Network maps: one person's map, two side by side, or a grid of many, with an interactive who-knows-whom view."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from netcore.disclosure import SMALL_CELL_LIMIT, count_text, group_too_small, leaves_out_few
from netcore.figures import LABEL_LIMIT, MapOptions
from netcore.interactive import interactive_map_html
from netcore.io.graphml import map_graphml
from netcore.labels import plain_label
from netcore.measures import COUNT_MEASURES, MEASURES
from netcore.model import KINDS
from netcore.style import PLAIN_KIND
from netcore.summary import count_phrase, describe_map
from ui import data, filters, pickers, types
from ui.maps import draw_map, map_figure
from ui.markdown import escape_markdown
from ui.pictures import show
from ui.scenario import SIDE_BY_SIDE_PX, addable_categories, simulator

GRID_PAGE_SIZE = 12
GRID_COLUMNS = 3
COLOUR_CHOICES = {"group": "who or what it is", "wellbeing": "effect on well-being", "contact": "how often in touch"}
LABEL_CHOICES = {"automatic": f"automatic (hidden above {LABEL_LIMIT})", "show": "show", "hide": "hide"}

loaded = data.current()
dataset, measures = loaded.dataset, loaded.measures
frame, keep, active = filters.selection(loaded)
participant_ids = frame.loc[keep, "participant_id"].tolist()

st.title("Network maps")
st.write(
    "Each map shows one person in the middle, and the people, places and activities in their life around them: "
    "the closer to the middle, the closer or more important. Shapes show what a connection is; a + or \u2212 beside "
    "it shows whether it is good or bad for their well-being."
)
if loaded.synthetic:
    st.info("These are **synthetic** maps: made up, not real people.", icon=":material/science:")
if not active.is_empty():
    st.caption(escape_markdown(active.describe(frame, filters.suppressing()) + " (the Filter in the sidebar)."))
if not participant_ids:
    st.warning("No participant matches the filter. Reset or widen it in the sidebar.")
    st.stop()
if group_too_small(len(participant_ids), filters.suppressing()):
    # Maps of a group this small could be recognised (the filter says who they are): no map, no id, no count.
    where = "This data has" if active.is_empty() else "The filter leaves"
    st.warning(f"{where} fewer than {SMALL_CELL_LIMIT} maps, so none is shown: a group this small could be "
               "recognised." + ("" if active.is_empty() else " Widen the filter in the sidebar."))
    st.stop()
if leaves_out_few(len(frame), len(participant_ids), filters.suppressing()):
    # Listing everyone but a few would say who the few are (the ids missing from the list).
    st.warning(f"The filter leaves out fewer than {SMALL_CELL_LIMIT} people, so its maps are not listed: who is "
               "missing could be worked out. Widen or reset the filter in the sidebar.")
    st.stop()

view = st.segmented_control("View", ["One map", "Side by side", "Many maps", "What could change"], default="One map",
                            key="maps_view", required=True)

with st.expander("What to show", expanded=True):
    left, middle = st.columns(2)
    kinds = tuple(kind for kind in KINDS
                  if left.checkbox(f"Show {PLAIN_KIND[kind]}", value=True, key=f"map_show_{kind}"))
    show_ties = left.checkbox("Show links between connections", value=True, key="map_show_ties")
    colour_by = middle.radio("Colour by", list(COLOUR_CHOICES), format_func=COLOUR_CHOICES.get, key="map_colour_by")
    labels = middle.radio("Labels", list(LABEL_CHOICES), format_func=LABEL_CHOICES.get, key="map_labels",
                          horizontal=True)
options = MapOptions(colour_by=colour_by, kinds=kinds, show_ties=show_ties,
                     show_labels={"automatic": None, "show": True, "hide": False}[labels], circles=dataset.circles)


typical = types.typical_choices(loaded, filters.suppressing())  # "Typical map: <type>" -> participant id


def participant_picker(label: str, key: str, default_index: int = 0) -> str:
    """A participant chooser (by id, or the typical map of a network type) with an 'at random' button beside it."""
    return pickers.participant_picker(label, key, participant_ids, typical, default_index, at_random=True,
                                      help="Pick a participant by id, or the most typical map of a network type "
                                           "(at the end of the list).")


def measure_text(value: float, measure: str) -> str:
    """A measure of one map as text: counts whole, shares and averages to 2 decimals, blank when undefined."""
    if pd.isna(value):
        return ""
    return f"{int(value)}" if measure in COUNT_MEASURES else f"{value:.2f}"


def measures_table(*participant_ids: str, headers: tuple[str, ...] = ("value",)) -> pd.DataFrame:
    """The measures of one or more maps, one column each, in plain words."""
    rows = measures.set_index("participant_id").loc[list(participant_ids), list(MEASURES)]
    table = pd.DataFrame({"measure": [plain_label(m) for m in MEASURES]})
    for header, (_, row) in zip(headers, rows.iterrows(), strict=True):
        table[header] = [measure_text(row[m], m) for m in MEASURES]
    return table


def show_whole(table: pd.DataFrame) -> None:
    """A table shown whole: every row and all of its text, no inner scrolling."""
    st.table(table, hide_index=True)


@st.fragment
def one_map() -> None:
    """One map, its measures and downloads: a fragment, so picking another map reruns only this part."""
    participant_id = participant_picker("Whose map", "map_participant")
    picture, facts = st.columns([2, 1])
    with picture:
        draw_map(dataset, participant_id, options, key="map_one")
    with facts:
        st.subheader("Measures")
        show_whole(measures_table(participant_id))
        st.caption("Blank: not defined for this map (for example a share of nothing). The overview page explains "
                   "every measure.")
        members, ties = dataset.one_map(participant_id)
        st.download_button("Interactive map (.html)",
                           lambda: interactive_map_html(members, ties, colour_by=colour_by, kinds=kinds,
                                                        description=describe_map(members), circles=dataset.circles),
                           file_name=f"network-map-{participant_id}.html", mime="text/html", icon=":material/download:",
                           help="A web page of this map that works offline, to keep or send.", key="download_map_html")
        st.download_button("Network file (.graphml)", lambda: map_graphml(members, ties), icon=":material/download:",
                           file_name=f"network-map-{participant_id}.graphml", mime="application/graphml+xml",
                           key="download_map_graphml")
    if st.toggle("Explore who knows whom (interactive view)", key="map_interactive"):
        centre = st.checkbox("Include the person in the middle", value=True, key="map_interactive_centre")
        st.caption("Drag the connections to see who is linked to whom. The picture settles and then stays still.")
        st.iframe(interactive_map_html(members, ties, colour_by=colour_by, include_participant=centre, kinds=kinds,
                                       show_labels=options.show_labels is not False,
                                       description=describe_map(members), circles=dataset.circles))


@st.fragment
def many_maps() -> None:
    """A page of small maps: a fragment, so turning the page reruns only this part."""
    ids = participant_ids  # the maps the sidebar filter keeps
    pages = max(1, -(-len(ids) // GRID_PAGE_SIZE))
    page = st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, key="grid_page")
    shown = ids[(page - 1) * GRID_PAGE_SIZE: page * GRID_PAGE_SIZE]
    st.caption(f"{count_text(len(ids), filters.suppressing())} maps match; showing this page of them.")
    small = MapOptions(colour_by=colour_by, kinds=kinds, show_ties=show_ties, show_labels=False,
                       circles=dataset.circles, compact=True)
    sizes = measures.set_index("participant_id")["size"]
    columns = st.columns(GRID_COLUMNS)
    for index, participant_id in enumerate(shown):
        with columns[index % GRID_COLUMNS]:
            figure, _ = map_figure(dataset, participant_id, small)  # kept (ui.memo): a page turned back is at hand
            show(figure, f"grid_map_{participant_id}", f"network-map-{participant_id}")
            st.caption(escape_markdown(f"{participant_id}: {count_phrase(int(sizes[participant_id]), 'connection')}"))

if view == "One map":
    one_map()

elif view == "Side by side":
    st.caption("Both maps are drawn at the same scale.")
    left, right = st.columns(2)
    half = replace(options, height_px=SIDE_BY_SIDE_PX)
    with left:
        first = participant_picker("Left map", "compare_left", 0)
        draw_map(dataset, first, half, key="map_compare_left")
    with right:
        second = participant_picker("Right map", "compare_right", 1)
        draw_map(dataset, second, half, key="map_compare_right")
    st.subheader("The two maps' measures")
    show_whole(measures_table(first, second, headers=("left map", "right map")))

elif view == "What could change":
    participant_id = participant_picker("Whose map", "scenario_participant")
    assignment = types.current(loaded)
    if isinstance(assignment, str):
        st.warning(f"No network types for this data, so no type to compare: {escape_markdown(assignment)}")
        st.stop()
    st.caption("Try changes on this map: nothing is saved into the data, and Start again undoes them.")
    simulator("maps_scenario", participant_id, *dataset.one_map(participant_id), dataset.circles, assignment,
              types.names(assignment), dataset.vocabulary,
              addable_categories(dataset.members, dataset.vocabulary, filters.suppressing()), plain=False)

else:
    many_maps()
