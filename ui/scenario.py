""""What could change": try changes on one map and see the changed map, what changed and its likely network type.

Shared by the Network maps page (a practitioner, any map) and the feedback session (a made-up composite map, plain
words). The changes live in session state only, under "<key>_edits" as {base map: [Edit, ...]}: nothing is written
back into the loaded data, and "Start again" forgets them. The logic is `netcore.scenario`'s; this draws it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from netcore.composite import shown_categories
from netcore.figures import MapOptions, egogram_figure
from netcore.io.export import zip_bytes
from netcore.labels import plain_label
from netcore.layout import egogram_layout
from netcore.measures import COUNT_MEASURES, MEASURES
from netcore.model import KINDS, WELLBEING_LEVELS
from netcore.problems import ScenarioError
from netcore.scenario import (
    ARTICLES,
    SUGGESTIONS,
    Edit,
    apply_edits,
    map_measures,
    scenario_tables,
    suggested_edits,
    type_shares,
)
from netcore.style import PLAIN_WELLBEING
from netcore.summary import describe_map, display_label
from netcore.typology import TypeAssignment
from netcore.vocabulary import Vocabulary
from ui.markdown import escape_markdown
from ui.pictures import show

ACTIONS = {"add": "Add a connection", "remove": "Take one away", "move": "Move one to another circle",
           "mark": "Change whether it is good or bad"}
UNMARKED = "unmarked"  # the mark choice for "not marked" (a word, since a widget option cannot be None)
MARK_WORDS = {UNMARKED: "not marked", **PLAIN_WELLBEING}
# What a plain-words reader sees of the measures that changed.
SIDE_BY_SIDE_PX = 460  # drawing height of each of two maps side by side (half the page wide)
PLAIN_CHANGES = ("size", "people", "places", "activities", "inner", "family_people", "formal_members", "positive",
                 "negative")


def _edits(key: str, base: str) -> list[Edit]:
    """The changes tried on map `base` in the simulator `key` (a new list for a new map)."""
    return st.session_state.setdefault(f"{key}_edits", {}).setdefault(base, [])


def _add(key: str, base: str, edits: list[Edit], members: pd.DataFrame, ties: pd.DataFrame, circles: int,
         vocabulary: Vocabulary) -> None:
    """Keep new edits only when the whole list still applies; otherwise say why, plainly."""
    tried = [*_edits(key, base), *edits]
    try:
        apply_edits(members, ties, tried, circles, vocabulary)
    except ScenarioError as error:
        st.session_state[f"{key}_problem"] = str(error)
        return
    st.session_state[f"{key}_problem"] = ""
    _edits(key, base).extend(edits)


def _suggest(key: str, base: str, suggestion: str, members: pd.DataFrame, ties: pd.DataFrame, circles: int,
             vocabulary: Vocabulary) -> None:
    """Suggestion button callback: its edits on the map as changed so far."""
    try:
        changed, _ = apply_edits(members, ties, _edits(key, base), circles, vocabulary)
        edits = suggested_edits(suggestion, changed, circles)
    except ScenarioError as error:
        st.session_state[f"{key}_problem"] = str(error)
        return
    _add(key, base, edits, members, ties, circles, vocabulary)


def _start_again(key: str, base: str) -> None:
    _edits(key, base).clear()
    st.session_state[f"{key}_problem"] = ""


def _manual_edit(key: str, base: str, members: pd.DataFrame, ties: pd.DataFrame, circles: int,
                 vocabulary: Vocabulary) -> None:
    # (members, ties: the map as it is; the form chose from the map as changed so far)
    """Apply button callback: the edit the form describes."""
    state = st.session_state
    action = state[f"{key}_action"]
    mark = None if state.get(f"{key}_mark", UNMARKED) == UNMARKED else state[f"{key}_mark"]
    if action == "add":
        edit = Edit("add", kind=state[f"{key}_kind"], category=state[f"{key}_category"],
                    circle=int(state[f"{key}_circle"]), wellbeing=mark)
    else:
        member = state.get(f"{key}_member")
        edit = Edit(action, member_id=member, circle=int(state[f"{key}_circle"]) if action == "move" else None,
                    wellbeing=mark if action == "mark" else None)
    _add(key, base, [edit], members, ties, circles, vocabulary)


def _type_line(shares: pd.Series, names: list[str]) -> str:
    """"a **formal and sparse** network (about 70% sure)"."""
    best = int(shares.idxmax())
    return f"**{escape_markdown(names[best])}** (about {shares[best]:.0%} sure)"


def _changes_table(before: pd.Series, after: pd.Series, plain: bool) -> pd.DataFrame:
    """The measures that changed, before -> after; in plain words only the counts a person would follow."""
    shown = [m for m in (PLAIN_CHANGES if plain else MEASURES) if not _same(before[m], after[m])]

    def text(value: float, measure: str) -> str:
        if pd.isna(value):
            return "-"
        return f"{int(value)}" if measure in COUNT_MEASURES else f"{value:.2f}"

    return pd.DataFrame({"": [plain_label(m) for m in shown], "before": [text(before[m], m) for m in shown],
                         "after": [text(after[m], m) for m in shown]})


def _same(a: float, b: float) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def _draw(members: pd.DataFrame, ties: pd.DataFrame, circles: int, key: str, title: str, map_px: int) -> None:
    """One map with its title and a short text of what it shows."""
    owner = members["participant_id"].iloc[0] if len(members) else "the map"
    positions, cells = egogram_layout(members, [owner])
    st.markdown(f"**{title}**")
    summary = describe_map(members)
    options = MapOptions(circles=circles, height_px=map_px)
    show(egogram_figure(positions, cells, ties, options), key, "changed-map" if key.endswith("after") else "map",
         alt=f"{title}. {summary}")
    st.caption(escape_markdown(summary))


def simulator(key: str, base: str, members: pd.DataFrame, ties: pd.DataFrame, circles: int,
              assignment: TypeAssignment, type_names: list[str], vocabulary: Vocabulary,
              categories: dict[str, list[str]], plain: bool, map_px: int = SIDE_BY_SIDE_PX) -> None:
    """Try changes on one map (`base` names it, e.g. a participant id or a composite). `categories`: the
    categories that can be added, per kind (those the data has). `plain`: the feedback session's words (no
    measure names beyond the counts a person would follow). `map_px`: the height of each map's drawing."""
    # Changes belong to this exact map: the same name over other data or another filter starts afresh.
    digest = pd.util.hash_pandas_object(pd.concat([members.astype(str), ties.astype(str)]), index=False).sum()
    base = f"{base} {digest}"
    edits = _edits(key, base)
    try:
        changed, changed_ties = apply_edits(members, ties, edits, circles, vocabulary)
    except ScenarioError as error:  # cannot happen for changes checked on this map; said plainly if it does
        _start_again(key, base)
        st.warning(escape_markdown(f"The changes were undone: {error}."))
        changed, changed_ties = members, ties
        edits = []
    args = (key, base)
    everything = (members, ties, circles, vocabulary)

    st.markdown("**Try a change in one click:**")
    columns = st.columns(2)
    for index, suggestion in enumerate(SUGGESTIONS):
        columns[index % 2].button(suggestion.capitalize(), key=f"{key}_suggest_{index}", on_click=_suggest,
                              args=(*args, suggestion, *everything), use_container_width=True)
    with st.expander("Or make your own change", expanded=not plain):
        _edit_form(key, changed, categories, circles, (*args, *everything))
    problem = st.session_state.get(f"{key}_problem")
    if problem:
        st.warning(escape_markdown(problem))
    if edits:
        known = pd.concat([members, changed])
        names = dict(zip(known["member_id"], display_label(known), strict=True))
        st.markdown("**Changes tried:** " + "; ".join(escape_markdown(edit.describe(names)) for edit in edits) + ".")
    st.button("Start again (undo every change)", key=f"{key}_reset", on_click=_start_again, args=args,
              disabled=not edits)

    left, right = st.columns(2)
    with left:
        _draw(members, ties, circles, f"{key}_before", "As it is", map_px)
    with right:
        _draw(changed, changed_ties, circles, f"{key}_after", "With the changes", map_px)

    before = map_measures(members, ties, vocabulary)
    after = map_measures(changed, changed_ties, vocabulary)
    shares = type_shares(assignment.model, pd.DataFrame([before, after]).reset_index(drop=True))
    kind = "kind of network" if plain else "network type"
    st.markdown(f"**Which {kind}?** As it is: {_type_line(shares.iloc[0], type_names)}. "
                f"With the changes: {_type_line(shares.iloc[1], type_names)}.")
    table = _changes_table(before, after, plain)
    st.markdown("**What changed**")
    if table.empty:
        st.caption("Nothing has changed yet: try a change above.")
    else:
        st.table(table, hide_index=True)
    if not plain:
        tables = scenario_tables(changed, changed_ties)
        st.download_button("The changed map (.zip of CSV files)", zip_bytes(tables),
                           file_name="changed-map.zip", mime="application/zip", key=f"{key}_download",
                           icon=":material/download:")


def _edit_form(key: str, members: pd.DataFrame, categories: dict[str, list[str]], circles: int,
               callback_args: tuple) -> None:
    """The fields of one change (what to do, to which connection or what to add, where, how it feels) and the
    button that makes it. `members`: the map as changed so far."""
    action = st.radio("What to do", list(ACTIONS), format_func=ACTIONS.get, key=f"{key}_action", horizontal=True)
    left, middle, right = st.columns(3)
    if action == "add":
        kinds = [kind for kind in KINDS if categories.get(kind)]
        kind = left.selectbox("What", kinds, format_func=ARTICLES.get, key=f"{key}_kind")
        middle.selectbox("Which", categories.get(kind, []), format_func=lambda c: c.replace("_", " "),
                         key=f"{key}_category")
    else:
        if members.empty:
            st.caption("There is no connection on this map to change.")
            return
        names = display_label(members)
        repeat = names.groupby(names).cumcount() + 1  # "Friend", "Friend 2", ...: every choice reads differently
        names = names.where(repeat == 1, names + " " + repeat.astype(str))
        labels = dict(zip(members["member_id"], names + " (" + members["kind"].map(ARTICLES) + ", circle "
                          + members["circle"].astype(str) + ")", strict=True))
        left.selectbox("Which connection", list(labels), format_func=labels.get, key=f"{key}_member")
    if action in ("add", "move"):
        right.selectbox("Circle (1 = closest)", list(range(1, circles + 1)), key=f"{key}_circle")
    if action in ("add", "mark"):
        (middle if action == "mark" else right).selectbox("Good or bad for well-being", [UNMARKED, *WELLBEING_LEVELS],
                                                          format_func=MARK_WORDS.get, key=f"{key}_mark")
    st.button("Make this change", key=f"{key}_apply", on_click=_manual_edit, args=callback_args)


def addable_categories(members: pd.DataFrame, vocabulary: Vocabulary, suppress: bool) -> dict[str, list[str]]:
    """{kind: the categories the data has for it}: what a change can add. While suppressing, a category the user
    wrote (not in the vocabulary, so possibly a name) is offered only when it is on 5 or more maps."""
    shown = shown_categories(members, vocabulary, suppress).index
    return {kind: sorted(shown[shown.get_level_values("kind") == kind].get_level_values("category"))
            for kind in shown.get_level_values("kind").unique()}
