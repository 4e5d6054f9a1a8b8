"""The filter panel every page shares (sidebar), kept in session state and mirrored in the page URL.

Session keys: "filter_types", "filter_level_<column>", "filter_range_<column>" (the widgets), SUPPRESS (the
small-cell switch), ACTIVE ("active_filter": the Filter in force), URL_READ (the URL was read once this session).
The URL holds only types, covariate levels and ranges: never a participant id (netcore.filters ensures it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from netcore.disclosure import visible_groups
from netcore.filters import Filter, analysis_frame, filterable_columns, slider_bounds
from netcore.labels import plain_label
from ui import types
from ui.data import LoadedData
from ui.links import share_link
from ui.markdown import escape_markdown
from ui.memo import remembered

TYPES_WIDGET = types.TYPE_FILTER
SUPPRESS = "suppress_small_cells"
ACTIVE = "active_filter"
URL_READ = "filter_url_read"
ALWAYS_SUPPRESS = "suppress_always"  # True while the page shown is on the feedback path (no switch there)
DATASET = "filter_dataset"  # which dataset the filter widgets were made for


def level_key(column: str) -> str:
    return f"filter_level_{column}"


def range_key(column: str) -> str:
    return f"filter_range_{column}"


def frame_key(loaded: LoadedData) -> tuple:
    """What the participants frame is made from: the data, and its types and their names (if any)."""
    assignment = types.current(loaded)
    if isinstance(assignment, str):
        return (loaded.token,)
    return loaded.token, types.signature(loaded), tuple(types.names(assignment))


def participants_frame(loaded: LoadedData) -> pd.DataFrame:
    """One row per participant: covariates, measures and (when there are types) the network type by its name.
    Made once per data, types and names (ui.memo): callers must not change it."""

    def make() -> pd.DataFrame:
        assignment = types.current(loaded)
        table = None if isinstance(assignment, str) else types.named_table(assignment)
        return analysis_frame(loaded.dataset.participants, loaded.measures, table)

    return remembered("participants_frame", frame_key(loaded), make)


@dataclass(frozen=True)
class FilterChoices:
    """What the filter panel offers: categorical columns with their levels (a level of 1-4 people is not even
    named while suppressing: its name could point at them), numeric columns with their (least, most)."""

    levels: dict[str, list[str]]
    bounds: dict[str, tuple[int, int] | tuple[float, float]]


def filter_choices(loaded: LoadedData, frame: pd.DataFrame) -> FilterChoices:
    """The filter panel's choices for the participants frame of `loaded`, made once per frame and suppression."""

    def make() -> FilterChoices:
        categorical, numeric = filterable_columns(frame)
        levels = {column: sorted(visible_groups(frame[column].dropna().astype(str).value_counts(), suppressing()))
                  for column in categorical}
        return FilterChoices(levels, {column: slider_bounds(frame[column]) for column in numeric})

    return remembered("filter_choices", (*frame_key(loaded), suppressing()), make)


def suppressing() -> bool:
    """Whether counts of 1-4 are hidden: always on the feedback path, elsewhere unless switched off."""
    return bool(st.session_state.get(ALWAYS_SUPPRESS) or st.session_state.get(SUPPRESS, True))


def _widgets_from_url(frame: pd.DataFrame, categorical: list[str], numeric: list[str]) -> None:
    """Once per session: put the URL's filter into the widgets, so a shared link shows the same selection."""
    if st.session_state.get(URL_READ):
        return
    st.session_state[URL_READ] = True
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    shared = Filter.from_query(query, frame)
    if shared.types:
        st.session_state[TYPES_WIDGET] = list(shared.types)
    for column, allowed in shared.levels:
        st.session_state[level_key(column)] = list(allowed)
    for column, low, high in shared.ranges:
        least, most = slider_bounds(frame[column])
        if isinstance(least, int):  # whole numbers: round inwards, so 3.5~10 keeps 4 to 10, never 3
            low, high = math.ceil(low), math.floor(high)
        if low <= most and high >= least and low <= high:  # a range from other data may miss this data: ignore it
            st.session_state[range_key(column)] = (max(least, low), min(most, high))


def reset(frame: pd.DataFrame) -> None:
    """Put every filter widget back to "everyone" and clear the URL.

    Each widget gets its empty value set explicitly: deleting its key would leave the browser holding the old
    value, which it sends back on the next page switch (the old filter would return)."""
    categorical, numeric = filterable_columns(frame)
    for key in list(st.session_state):
        if str(key).startswith(("filter_level_", "filter_range_")):
            del st.session_state[key]  # widgets of other data, not drawn again
    st.session_state[TYPES_WIDGET] = []
    for column in categorical:
        st.session_state[level_key(column)] = []
    for column in numeric:
        st.session_state[range_key(column)] = slider_bounds(frame[column])
    st.query_params.clear()


def _keep_known(key: str, options: list[str]) -> None:
    """Drop chosen values that are no longer options (types renamed or re-made, a level hidden as too small),
    before the widget is drawn."""
    if key in st.session_state:
        st.session_state[key] = [value for value in st.session_state[key] if value in options]


def filter_sidebar(loaded: LoadedData, page: st.Page, plain: bool = False) -> Filter:
    """Draw the shared filter panel of `page` and return the filter in force (also kept under ACTIVE).

    `plain` (the feedback path): only who is in the group (types and covariates) can be chosen, in plain words
    (no ranges of numbers); small numbers are always hidden and the switch is not there."""
    st.session_state[ALWAYS_SUPPRESS] = plain
    frame = participants_frame(loaded)
    choices = filter_choices(loaded, frame)
    categorical, numeric = list(choices.levels), list(choices.bounds)
    if st.session_state.get(DATASET) not in (None, loaded.token):
        reset(frame)  # other data: the old conditions may name columns and levels it does not have
    st.session_state[DATASET] = loaded.token
    _widgets_from_url(frame, categorical, numeric)
    with st.sidebar:
        st.subheader("Filter")
        chosen_types: list[str] = []
        if "network_type" in frame:
            options = sorted(frame["network_type"].dropna().unique())
            _keep_known(TYPES_WIDGET, options)
            chosen_types = st.multiselect("Network type", options, key=TYPES_WIDGET, placeholder="all types")
        levels = []
        with st.expander("Who", expanded=any(st.session_state.get(level_key(c)) for c in categorical)):
            for column, options in choices.levels.items():
                _keep_known(level_key(column), options)
                levels.append((column, tuple(st.multiselect(plain_label(column), options, key=level_key(column),
                                                            placeholder="everyone"))))
        ranges = []
        with st.container() if plain else st.expander("Numbers on the maps"):
            for column in [] if plain else numeric:
                least, most = choices.bounds[column]
                # The widget's value lives in session state only (set here or by a shared link), never also as
                # a default argument, which Streamlit warns about.
                st.session_state.setdefault(range_key(column), (least, most))
                low, high = st.slider(plain_label(column), least, most, key=range_key(column),
                                      step=1 if isinstance(least, int) else None)
                if (low, high) != (least, most):
                    ranges.append((column, low, high))
        active = Filter(tuple(chosen_types), tuple(levels), tuple(ranges))
        st.button("Reset the filter", key="filter_reset", on_click=reset, args=(frame,), disabled=active.is_empty())
        if not plain:
            st.toggle("Hide counts under 5 (recommended)", value=True, key=SUPPRESS,
                      help="Counts of 1 to 4 people are shown as <5 in every table, chart and download of groups. "
                           "Switch off only for analysts working on their own data.")
        st.caption(escape_markdown(active.describe(frame, suppressing())))
        with st.expander("Share this view"):
            st.caption("A link that opens this page with this filter (it names no one):")
            st.code(share_link(page, active.to_query()), language=None, wrap_lines=True)
    st.query_params.from_dict(active.to_query())
    st.session_state[ACTIVE] = active
    return active


def small_numbers_warning() -> None:
    """On every page while suppression is off: say so plainly, at the top."""
    if not suppressing():
        st.warning("Small numbers are being shown (the switch in the sidebar is off): groups of fewer than 5 people "
                   "and their maps can be seen. Do not share these pages or downloads.", icon=":material/warning:")


def selection(loaded: LoadedData) -> tuple[pd.DataFrame, pd.Series, Filter]:
    """The participants frame, the mask of the participants the filter keeps, and the filter."""
    frame = participants_frame(loaded)
    active = st.session_state.get(ACTIVE, Filter())
    return frame, remembered("filter_mask", (*frame_key(loaded), active), lambda: active.mask(frame)), active
