"""Network types for the loaded data, computed once per dataset and settings, kept in this session only.

Session keys:
- TYPES_K, TYPES_FEATURES, TYPES_SEED: the settings chosen on the Network types page;
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
RESULT = "typology_result"


def settings() -> tuple[int, tuple[str, ...], int]:
    """The chosen number of types, features and seed (defaults: the study's 3 types)."""
    return (int(st.session_state.get(TYPES_K, 3)),
            tuple(st.session_state.get(TYPES_FEATURES, DEFAULT_FEATURES)),
            int(st.session_state.get(TYPES_SEED, 0)))


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


def rename(index: int) -> None:
    """Rename box callback: keep the new name outside the widget, so it survives visits to other pages."""
    st.session_state.setdefault(TYPE_NAMES, {})[index] = st.session_state[name_widget_key(index)].strip()


def names(assignment: TypeAssignment) -> list[str]:
    """Type names with the user's renames applied (the found names while two renames clash)."""
    renamed = st.session_state.get(TYPE_NAMES, {})
    chosen = [renamed.get(k) or name for k, name in enumerate(assignment.model.names_)]
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
