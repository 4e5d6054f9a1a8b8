"""Network types for the loaded data, computed once per dataset and settings, kept in this session only.

Session keys:
- TYPES_K, TYPES_FEATURES, TYPES_SEED: the settings widgets of the Network types page; their values are kept
  in SETTINGS ("types_settings"), which outlives visits to other pages;
- TYPE_NAMES: names the user gave the types ({type index: name}), applied everywhere (the rename boxes,
  "type_name_<index>", write here through their callback);
- RESULT: (signature of data and settings, TypeAssignment or the TypologyError message).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from netcore.model import MAX_TYPES
from netcore.problems import TypologyError
from netcore.typology import DEFAULT_FEATURES, TypeAssignment, assign_types
from ui.data import LoadedData

TYPES_K = "types_k"
TYPES_FEATURES = "types_features"
TYPES_SEED = "types_seed"
TYPE_NAMES = "type_names"
SETTINGS = "types_settings"
TYPE_FILTER = "filter_types"  # the sidebar's network type filter (ui.filters), which follows renames
RESULT = "typology_result"


def settings() -> tuple[int, tuple[str, ...], int]:
    """The chosen number of types, features and seed (defaults: the study's 3 types)."""
    kept = st.session_state.get(SETTINGS, {})
    return (int(kept.get(TYPES_K, 3)), tuple(kept.get(TYPES_FEATURES, DEFAULT_FEATURES)),
            int(kept.get(TYPES_SEED, 0)))


def keep_setting(key: str) -> None:
    """Settings widget callback: keep the value outside the widget, which Streamlit forgets on other pages."""
    st.session_state.setdefault(SETTINGS, {})[key] = st.session_state[key]


def current(loaded: LoadedData) -> TypeAssignment | str:
    """The types of the loaded data under the current settings, or why there are none."""
    signature = (id(loaded.dataset), *settings())
    stored = st.session_state.get(RESULT)
    if stored is None or stored[0] != signature:
        k, features, seed = settings()
        try:
            with st.spinner("Finding network types..."):
                result: TypeAssignment | str = assign_types(loaded.measures, k, features, seed)
        except TypologyError as error:
            result = str(error)
        st.session_state[TYPE_NAMES] = {}  # new types: earlier names may not fit them
        for index in range(MAX_TYPES):
            st.session_state.pop(name_widget_key(index), None)
        st.session_state[RESULT] = (signature, result)
    return st.session_state[RESULT][1]


def name_widget_key(index: int) -> str:
    """Session key of the rename box of type `index`."""
    return f"type_name_{index}"


def rename(assignment: TypeAssignment, index: int) -> None:
    """Rename box callback: keep the new name outside the widget (so it survives visits to other pages) and carry
    the sidebar's type filter over to it."""
    before = names(assignment)
    st.session_state.setdefault(TYPE_NAMES, {})[index] = st.session_state[name_widget_key(index)].strip()
    after = dict(zip(before, names(assignment), strict=True))
    if TYPE_FILTER in st.session_state:
        st.session_state[TYPE_FILTER] = [after.get(name, name) for name in st.session_state[TYPE_FILTER]]


def chosen_names(assignment: TypeAssignment) -> list[str]:
    """The found names with the user's renames, clashing or not."""
    renamed = st.session_state.get(TYPE_NAMES, {})
    return [renamed.get(k) or name for k, name in enumerate(assignment.model.names_)]


def names(assignment: TypeAssignment) -> list[str]:
    """Type names with the user's renames applied (the found names while two renames clash)."""
    chosen = chosen_names(assignment)
    return chosen if len(set(chosen)) == len(chosen) else list(assignment.model.names_)


def named_table(assignment: TypeAssignment) -> pd.DataFrame:
    """Every participant's type with the current names (network_type and nearest_other_type)."""
    current_names = names(assignment)
    by_model_name = dict(zip(assignment.model.names_, current_names, strict=True))
    return assignment.table.assign(
        network_type=[current_names[k] for k in assignment.table["type"]],
        nearest_other_type=assignment.table["nearest_other_type"].map(by_model_name),
    )


def typical_choices(loaded: LoadedData) -> dict[str, str]:
    """{"Typical map: <type name>": participant id of that type's most typical map}; empty without types."""
    assignment = current(loaded)
    if isinstance(assignment, str):
        return {}
    return {f"Typical map: {name}": assignment.medoids[index] for index, name in enumerate(names(assignment))}
