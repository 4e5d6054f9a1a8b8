"""Results derived from the loaded data, kept for this browser session only and a few of each kind.

A rerun that only changes a view (another map, a page, a widget elsewhere) must not recompute what it already has:
the participants frame, the filter's choices, a map's figure, the adjusted model of a group. Each kind keeps its
most recently used `KEEP` results in `st.session_state[MEMO]`, so memory stays bounded and nothing outlives the
session or reaches another one (st.cache_data would share results between sessions).
Keys name everything a result is made from: the loaded data's `token`, settings, the filter.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

MEMO = "derived_results"
KEEP = 4  # results kept per kind, unless a kind asks for more

T = TypeVar("T")


def is_kept(kind: str, key: Hashable, owner: object = None) -> bool:
    """Whether this session keeps the result of `kind` for `key` (as `remembered` would return it without making
    it)."""
    return (id(owner), key) in st.session_state.get(MEMO, {}).get(kind, {})


def remembered(kind: str, key: Hashable, make: Callable[[], T], keep: int = KEEP, owner: object = None) -> T:
    """The result of `make()` for `key`, made once and kept among this session's `keep` latest of its kind.

    `owner`: an object the result is made from that has no name of its own (a converted Dataset): the entry is
    keyed by its id and holds on to it, so no other object can take that id while the entry is kept."""
    kinds = st.session_state.setdefault(MEMO, {})
    results = kinds.setdefault(kind, OrderedDict())
    full_key = (id(owner), key)
    if full_key in results:
        results.move_to_end(full_key)
        return results[full_key][1]
    result = make()
    results[full_key] = (owner, result)
    while len(results) > keep:
        results.popitem(last=False)
    return result
