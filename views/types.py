"""Network types: the hierarchical k-means typology, explained, checked and named."""

import numpy as np
import pandas as pd
import streamlit as st

from netcore.charts import choose_k_figure, profile_figure
from netcore.disclosure import (
    SMALL_CELL_LIMIT,
    count_text,
    small_groups,
    suppress_counts,
    suppress_percentages,
    visible_groups,
)
from netcore.figures import MapOptions
from netcore.io.export import csv_bytes
from netcore.labels import plain_label
from netcore.measures import MEASURES
from netcore.model import MAX_TYPES, MIN_TYPES
from netcore.typology import describe_quality
from ui import data, filters, pickers, types
from ui.maps import draw_map
from ui.markdown import escape_markdown
from ui.memo import remembered
from ui.pictures import show

MISSING = "-"


def as_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as text for display: numbers to 2 decimals, a missing value (hidden or undefined) as "-" (Streamlit
    writes a missing cell as "None", whatever its format). Float columns are formatted whole (a table of every
    participant), other columns cell by cell (they may mix counts, floats and "<5")."""
    shown = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values):
            text = np.char.mod("%.2f", values.to_numpy(dtype=float, na_value=np.nan)).astype(object)
            shown[column] = pd.Series(text, index=frame.index).where(values.notna(), MISSING)
        else:
            shown[column] = values.map(lambda value: MISSING if pd.isna(value) else
                                       f"{value:.2f}" if isinstance(value, float) else value)
    return pd.DataFrame(shown, index=frame.index)


loaded = data.current()
dataset, measures = loaded.dataset, loaded.measures

st.title("Network types")
st.write(
    "Maps that look alike are grouped into types. The study found three: **diverse and active** (many different "
    "people, places and activities), **family and stable** (mostly family, close by) and **formal and sparse** "
    "(few connections, mostly services). The grouping here uses the same method: hierarchical clustering (Ward) to "
    "find starting groups, then k-means to refine them, on the measures you choose."
)
if loaded.synthetic:
    st.info("The types below come from **synthetic** maps, not real people.", icon=":material/science:")

with st.expander("How the types are made", expanded=False):
    left, middle, right = st.columns([1, 3, 1])
    k, features, seed = types.settings()
    left.number_input("Number of types", MIN_TYPES, MAX_TYPES, value=k, key=types.TYPES_K,
                      on_change=types.keep_setting, args=(types.TYPES_K,),
                      help="3 gives the study's types and names; other numbers get descriptive names.")
    middle.multiselect("Measures used to group the maps", list(MEASURES), default=list(features),
                       format_func=plain_label, key=types.TYPES_FEATURES, on_change=types.keep_setting,
                       args=(types.TYPES_FEATURES,),
                       help="Each measure is standardised so they count equally.")
    right.number_input("Random seed", 0, 10_000, value=seed, key=types.TYPES_SEED,
                       on_change=types.keep_setting, args=(types.TYPES_SEED,),
                       help="The same seed always gives the same types.")

typology = types.typology(loaded)
assignment = typology.result
if isinstance(assignment, str):
    st.warning(f"No network types for this data: {escape_markdown(assignment)}")
    st.stop()

suppress = filters.suppressing()
names = types.names(assignment)
table = types.named_table(assignment)
k = len(names)

st.subheader("How clear are the types?")
st.write(describe_quality(assignment.silhouette, assignment.stability))
quality = st.columns(3)
quality[0].metric("Silhouette (separation, -1 to 1)", f"{assignment.silhouette:.2f}")
quality[1].metric("Stability (resampling agreement, 0 to 1)", f"{assignment.stability:.2f}")
quality[2].metric("Participants with a confident type", count_text(int((table["confidence"] >= 0.8).sum()), suppress),
                  help="Given the same type in at least 80% of resamples.")
with st.expander("How many types fit best?", key=types.CHOOSE_K_OPEN, on_change="rerun"):
    if st.session_state.get(types.CHOOSE_K_OPEN):  # 7 fits: only when opened, then kept for these settings
        show(choose_k_figure(types.choose_k(loaded), k), "types_choose_k", "how-many-types")
    st.caption("Higher silhouette means better separated types; the spread line bends (an elbow) where more types "
               "stop helping much.")

st.subheader("The types")
hidden_types = types.hidden_types(assignment)  # types of 1-4 people: no members, profile, found name or its reason
for index, note in assignment.model.naming_notes_by_type_.items():
    if index not in hidden_types:
        st.info(f"{escape_markdown(note)} It is named by what stands out in it instead.")
sizes = types.sizes(assignment)
hidden = [index in hidden_types for index in range(k)]  # no average, chart or map of them
counts = pd.DataFrame({"participants": sizes}).rename_axis("type")
counts.loc["total"] = counts["participants"].sum()  # the total is shown, so a lone small type needs a partner hidden
size_table = pd.DataFrame({
    "participants": suppress_counts(counts, suppress)["participants"],
    "share": suppress_percentages(counts.T, counts.T / len(table) * 100, suppress, axis="row").T["participants"],
    "silhouette": [*assignment.silhouette_by_type.round(2).mask(hidden), float("nan")],
}, index=counts.index).reset_index()
st.dataframe(as_shown(size_table), hide_index=True)
st.caption(f"Counts of 1 to {SMALL_CELL_LIMIT - 1} people are shown as <{SMALL_CELL_LIMIT}.")

st.write("**What each type looks like** (standard deviations above or below the average of everyone):")
centres = pd.DataFrame(assignment.model.cluster_centers_, index=names, columns=list(assignment.model.features))
show(profile_figure(centres, sizes, suppress), "types_profile", "network-type-profiles")
profiles = assignment.model.profiles_[["size", "people", "places", "activities", "family_share", "formal_share",
                                       "diversity", "inner_share", "negative"]].copy()
profiles.index = names
defined = measures[profiles.columns].notna().groupby(assignment.model.labels_).sum()  # maps per type and measure
defined.index = names
profiles = profiles.mask(small_groups(defined, suppress))  # no averages of 1-4 maps
st.dataframe(as_shown(profiles.rename(columns=plain_label).rename_axis("type").reset_index()), hide_index=True)
st.caption(f"Average measures per type; {MISSING} where fewer than {SMALL_CELL_LIMIT} of its maps have the measure.")

with st.expander("Rename the types"):
    st.caption("New names are used on every page. Leave a box empty to go back to the found name.")
    if hidden_types:
        st.caption(f"A type with fewer than {SMALL_CELL_LIMIT} people is called a small type while counts under "
                   f"{SMALL_CELL_LIMIT} are hidden: its found name would describe those few people.")
    for index, name in enumerate(assignment.model.names_):
        if index in hidden_types:
            continue
        st.text_input(f"Type {index + 1} (found as '{name}')", value=names[index],
                      key=types.name_widget_key(typology.signature, index), on_change=types.rename,
                      args=(typology.signature, index))
    chosen = types.chosen_names(assignment)
    if len(set(chosen)) < len(chosen):
        st.error("Two types cannot share a name: the found names are used until they differ.")

st.subheader("The most typical map of each type")
st.caption("The map closest to the middle of its type.")
shown = [index for index, name in enumerate(names) if name in visible_groups(sizes, suppress)]
if len(shown) < k:
    st.caption(f"Types with fewer than {SMALL_CELL_LIMIT} people have no typical map here: it would be one of very "
               "few real people's maps.")
columns = st.columns(min(len(shown), 3)) if shown else []
for place, index in enumerate(shown):
    with columns[place % len(columns)]:
        st.markdown(f"**{escape_markdown(names[index])}**")
        draw_map(dataset, assignment.medoids[index],
                 MapOptions(circles=dataset.circles, compact=True, show_labels=False), key=f"types_typical_{index}")

st.subheader("One participant")
listed = table[~table["type"].isin(hidden_types)]  # no one is shown as a member of a type of 1-4 people
if hidden_types:
    st.caption(f"People in types with fewer than {SMALL_CELL_LIMIT} people are not listed.")
if not listed.empty:
    participant = pickers.participant_picker("Participant", "types_participant", listed["participant_id"].tolist())
    row = listed.set_index("participant_id").loc[participant]
    st.write(
        f"**{escape_markdown(participant)}** has a **{escape_markdown(row['network_type'])}** network. "
        f"It got the same type in {row['confidence']:.0%} of resamples, and its typicality is "
        f"{row['typicality']:.2f} (0 = halfway to another type, 1 = right at the middle of its type). The nearest "
        f"other type is **{escape_markdown(row['nearest_other_type'])}**."
    )
    with st.expander("Every participant's type"):
        everyone = remembered("types_everyone", (typology.signature, tuple(names), tuple(hidden_types)),
                              lambda: as_shown(listed.drop(columns=["type"]).rename(columns=plain_label)))
        st.dataframe(everyone, hide_index=True)
        st.download_button("Every participant's type (.csv)",
                           lambda: csv_bytes(listed[["participant_id", "network_type", "confidence"]]),
                           file_name="network-types.csv", mime="text/csv", key="download_types_csv",
                           icon=":material/download:")
