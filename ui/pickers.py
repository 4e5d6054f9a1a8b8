"""Choosing one participant out of any number: a box of ids, paged when there are many.

Above PAGE_SIZE participants a second box chooses which PAGE_SIZE of them the first one lists, so no widget
carries 100,000 options to the browser on every rerun. Session keys: the picker's own `key`, and "<key>_range"
(the first id listed, as its position) when paged.
"""

from __future__ import annotations

import random

import streamlit as st

PAGE_SIZE = 500


def range_key(key: str) -> str:
    return f"{key}_range"


def _choose_at_random(key: str, ids: list[str]) -> None:
    """Put a random participant into the picker `key`, and its range into the range box (a callback: it runs
    before the widgets are drawn)."""
    choice = random.randrange(len(ids))
    st.session_state[range_key(key)] = choice - choice % PAGE_SIZE
    st.session_state[key] = ids[choice]


def participant_picker(label: str, key: str, ids: list[str], extra: dict[str, str] | None = None,
                       default_index: int = 0, at_random: bool = False, help: str | None = None) -> str:
    """The participant id chosen among `ids` (not empty), or the id behind a chosen label of `extra` (listed
    after the ids, e.g. "Typical map: family and stable"). `at_random`: an "At random" button beside the box."""
    extra = extra or {}
    place = st
    if at_random:
        place, lucky = st.columns([4, 1], vertical_alignment="bottom")
        lucky.button("At random", key=f"{key}_random", on_click=_choose_at_random, args=(key, ids))
    listed = ids
    if len(ids) > PAGE_SIZE:
        starts = list(range(0, len(ids), PAGE_SIZE))
        if st.session_state.get(range_key(key)) not in starts:  # fewer participants than before (the filter)
            st.session_state[range_key(key)] = 0
        start = place.selectbox(f"{label}: which participants", starts, key=range_key(key),
                                format_func=lambda first: f"{first + 1:,} to {min(first + PAGE_SIZE, len(ids)):,} "
                                                          f"of {len(ids):,}")
        listed = ids[start:start + PAGE_SIZE]
    picked = place.selectbox(label, [*listed, *extra], index=min(default_index, len(listed) - 1), key=key, help=help)
    return extra.get(picked, picked)
