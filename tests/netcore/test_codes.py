"""The integer-code helpers give what the plain pandas and numpy versions give."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from netcore.codes import keys_among, places, repeated_keys

TEXTS = st.lists(st.sampled_from(["a", "b", "B", "10", "", " a"]), max_size=12)
MIXED = st.lists(st.sampled_from(["a", "b", 1, 2.5, "10", 10]), max_size=12)  # not all text: the fallback


def _first_place(values: list, among: list) -> list[int]:
    return [next((i for i, known in enumerate(among) if known == value), -1) for value in values]


@given(values=TEXTS, among=TEXTS)
def test_places_of_text_are_first_places_by_arrow(values, among):
    assert places(pd.Series(values, dtype="str"), np.array(among, dtype=object)).tolist() == _first_place(values,
                                                                                                          among)


@given(values=MIXED, among=MIXED)
def test_places_of_mixed_values_are_first_places_too(values, among):
    found = places(pd.Series(values, dtype=object), np.array(among, dtype=object)).tolist()
    assert found == _first_place(values, among)


@given(keys=st.lists(st.integers(-5, 5), max_size=30))
def test_repeated_keys_are_pandas_duplicated(keys):
    keys = np.array(keys, dtype=np.int64)
    assert repeated_keys(keys).tolist() == pd.Series(keys).duplicated().tolist()


@given(keys=st.lists(st.integers(-5, 5), max_size=30), known=st.lists(st.integers(-5, 5), max_size=10))
def test_keys_among_is_isin(keys, known):
    keys, known = np.array(keys, dtype=np.int64), np.array(known, dtype=np.int64)
    assert keys_among(keys, known).tolist() == np.isin(keys, known).tolist()
