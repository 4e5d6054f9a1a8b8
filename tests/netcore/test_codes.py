"""The integer-code helpers give what the plain pandas and numpy versions give."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from netcore.codes import keys_among, pairs_among, places, repeated_keys, repeated_pairs

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


CODES = st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 4), st.integers(-1, 4)), max_size=30)


@given(rows=CODES, known=st.lists(st.tuples(st.integers(-1, 3), st.integers(-1, 4)), max_size=12))
def test_pairs_among_is_membership_of_found_pairs(rows, known):
    owners, codes = np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.int64)
    known_owners = np.array([k[0] for k in known], dtype=np.int64)
    known_codes = np.array([k[1] for k in known], dtype=np.int64)
    listed = {(o, c) for o, c in known if o >= 0 and c >= 0}
    expected = [o >= 0 and c >= 0 and (o, c) in listed for o, c, _ in rows]
    assert pairs_among(owners, codes, known_owners, known_codes, width=5).tolist() == expected


@given(rows=CODES.map(lambda rows: [row for row in rows if min(row) >= 0]), huge=st.booleans())
def test_repeated_pairs_are_repeated_unordered_pairs_of_an_owner(rows, huge):
    owners, a, b = (np.array([row[i] for row in rows], dtype=np.int64) for i in range(3))
    width = 2**40 if huge else 5  # too wide for one int64 key: the three columns instead
    seen, expected = set(), []
    for owner, first, second in rows:
        pair = (owner, min(first, second), max(first, second))
        expected.append(pair in seen)
        seen.add(pair)
    assert repeated_pairs(owners, a, b, width).tolist() == expected
