"""Network types for the loaded data, computed once per dataset and settings, kept in this session only.

Session keys:
- TYPES_K, TYPES_FEATURES, TYPES_SEED: the settings widgets of the Network types page; their values are kept
  in SETTINGS ("types_settings"), which outlives visits to other pages;
- RESULT: the current `Typology`: its signature (data and settings), the TypeAssignment (or the TypologyError
  message) and the names the user gave its types. Names belong to that one result and vanish with it;
- CHOOSE_K_OPEN: whether the choose-k section is open; its table is made only then, and kept in ui.memo;
- the rename boxes, "type_name_<signature>_<index>": a browser keeps the text of a box for as long as its key
  stays the same, so each result gets boxes of its own, and a box only ever renames its own type of its own result.

`names` is the one place every page takes type names from: while small numbers are hidden, a type of 1-4 people
is shown as "a small type" (netcore.typology.shown_names), since its found name would describe those few people.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from netcore.disclosure import visible_groups
from netcore.problems import TypologyError
from netcore.typology import (
    DEFAULT_FEATURES,
    TypeAssignment,
    assign_types,
    choose_k_table,
    shown_names,
    small_types,
)
from ui.data import LoadedData
from ui.memo import remembered

TYPES_K = "types_k"
TYPES_FEATURES = "types_features"
TYPES_SEED = "types_seed"
SETTINGS = "types_settings"
TYPE_FILTER = "filter_types"  # the sidebar's network type filter (ui.filters), which follows renames
RESULT = "typology_result"
CHOOSE_K_OPEN = "types_choose_k_open"  # whether the "How many types fit best?" section is open


@dataclass
class Typology:
    """One typology result and the names the user gave its types ({type index: name})."""

    signature: str
    result: TypeAssignment | str
    renames: dict[int, str] = field(default_factory=dict)


def settings() -> tuple[int, tuple[str, ...], int]:
    """The chosen number of types, features and seed (defaults: the study's 3 types)."""
    kept = st.session_state.get(SETTINGS, {})
    return (int(kept.get(TYPES_K, 3)), tuple(kept.get(TYPES_FEATURES, DEFAULT_FEATURES)),
            int(kept.get(TYPES_SEED, 0)))


def keep_setting(key: str) -> None:
    """Settings widget callback: keep the value outside the widget, which Streamlit forgets on other pages."""
    st.session_state.setdefault(SETTINGS, {})[key] = st.session_state[key]


def signature(loaded: LoadedData) -> str:
    """A short digest of everything the types are made from: the measures (hashed once, when loaded) and the
    settings."""
    return hashlib.sha256(f"{loaded.digest} {settings()!r}".encode()).hexdigest()[:16]


def typology(loaded: LoadedData) -> Typology:
    """The typology of the loaded data under the current settings (made when either changed, names then reset)."""
    made_from = signature(loaded)
    stored = st.session_state.get(RESULT)
    if stored is None or stored.signature != made_from:
        k, features, seed = settings()
        try:
            with st.spinner("Finding network types..."):
                result: TypeAssignment | str = assign_types(loaded.measures, k, features, seed)
        except TypologyError as error:
            result = str(error)
        stored = st.session_state[RESULT] = Typology(made_from, result)
    return stored


def choose_k(loaded: LoadedData) -> pd.DataFrame:
    """The choose-k table of the loaded data and settings: 7 fits, so made only when its section is opened, and
    kept (ui.memo, the latest only) until the data or settings change."""

    def make() -> pd.DataFrame:
        _, features, seed = settings()
        with st.spinner("Trying 2 to 8 types..."):
            return choose_k_table(loaded.measures, features, seed)

    return remembered("choose_k", signature(loaded), make, keep=1)


def current(loaded: LoadedData) -> TypeAssignment | str:
    """The types of the loaded data under the current settings, or why there are none."""
    return typology(loaded).result


def name_widget_key(made_from: str, index: int) -> str:
    """Session key of the rename box of type `index` of the result with signature `made_from`."""
    return f"type_name_{made_from}_{index}"


def rename(made_from: str, index: int) -> None:
    """Rename box callback: keep the new name with its result (so it survives visits to other pages) and carry the
    sidebar's type filter over to it. A box of a result that is no longer current renames nothing."""
    stored = st.session_state.get(RESULT)
    if stored is None or stored.signature != made_from or isinstance(stored.result, str):
        return
    before = names(stored.result)
    stored.renames[index] = st.session_state[name_widget_key(made_from, index)].strip()
    after = dict(zip(before, names(stored.result), strict=True))
    if TYPE_FILTER in st.session_state:
        st.session_state[TYPE_FILTER] = [after.get(name, name) for name in st.session_state[TYPE_FILTER]]


def _suppressing() -> bool:
    """Whether small numbers are hidden (ui.filters.suppressing, imported here since ui.filters imports this
    module)."""
    from ui.filters import suppressing

    return suppressing()


def _counts(assignment: TypeAssignment) -> list[int]:
    """People per type, by type index."""
    return assignment.table["type"].value_counts().reindex(range(assignment.model.n_types), fill_value=0).tolist()


def chosen_names(assignment: TypeAssignment) -> list[str]:
    """The found names with the user's renames of this result, clashing or not; while small numbers are hidden, a
    type of 1-4 people has a neutral name instead, whatever it was found or renamed as (netcore's shown_names)."""
    stored = st.session_state.get(RESULT)
    renamed = stored.renames if stored is not None and stored.result is assignment else {}
    chosen = [renamed.get(k) or name for k, name in enumerate(assignment.model.names_)]
    return shown_names(chosen, _counts(assignment), _suppressing())


def names(assignment: TypeAssignment) -> list[str]:
    """Type names as every page shows them: the user's renames applied (the found names while two names clash),
    and a neutral name for a type of 1-4 people while small numbers are hidden."""
    chosen = chosen_names(assignment)
    if len(set(chosen)) == len(chosen):
        return chosen
    return shown_names(list(assignment.model.names_), _counts(assignment), _suppressing())


def hidden_types(assignment: TypeAssignment) -> list[int]:
    """The type indices whose members, profile and found name are not shown: types of 1-4 people while small
    numbers are hidden."""
    return small_types(_counts(assignment), _suppressing())


def sizes(assignment: TypeAssignment) -> pd.Series:
    """People per type, indexed by the current names in type order."""
    return pd.Series(_counts(assignment), index=names(assignment), name="participants")


def named_table(assignment: TypeAssignment) -> pd.DataFrame:
    """Every participant's type with the current names (network_type and nearest_other_type)."""
    current_names = names(assignment)
    by_model_name = dict(zip(assignment.model.names_, current_names, strict=True))
    return assignment.table.assign(
        network_type=[current_names[k] for k in assignment.table["type"]],
        nearest_other_type=assignment.table["nearest_other_type"].map(by_model_name),
    )


def typical_choices(loaded: LoadedData, suppress: bool = True) -> dict[str, str]:
    """{"Typical map: <type name>": participant id of that type's most typical map}; empty without types. While
    `suppress`, a type of 1-4 people has none (its typical map would be one of very few real people's)."""
    assignment = current(loaded)
    if isinstance(assignment, str):
        return {}
    shown = visible_groups(sizes(assignment), suppress)
    return {f"Typical map: {name}": assignment.medoids[index] for index, name in enumerate(names(assignment))
            if name in shown}
