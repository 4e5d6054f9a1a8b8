"""Integer codes for text columns: what makes checks over millions of rows fast.

Text is looked up and compared by hash once, then everything else is integer arithmetic: a value's place among
distinct texts (`places`, Arrow's hash lookup), whether integer keys are among others (`keys_among`) or repeat an
earlier one (`repeated_keys`), the same for pairs of codes within an owner such as a participant (`pairs_among`,
`repeated_pairs`), and a choice between two text columns done by Arrow (`text_where`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def places(values: pd.Series, among) -> np.ndarray:
    """Each value's place among the texts `among` (its first place when repeated; -1 where it is not there), by
    Arrow's hash lookup; text that is not all strings is looked up as Python objects."""
    try:
        found = pc.index_in(pa.array(values, from_pandas=True), value_set=pa.array(among, from_pandas=True))
        return np.asarray((found.fill_null(-1) if found.null_count else found).to_numpy(zero_copy_only=False),
                          dtype=np.int64)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        listed = pd.Index(np.asarray(among, dtype=object))
        first = np.flatnonzero(~listed.duplicated())
        found = listed[first].get_indexer(values.to_numpy(dtype=object))
        return np.append(first, -1)[found]  # found -1 (not there): -1


def keys_among(keys: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Whether each integer key is among `known`: np.isin's answer, by pandas' hash table (np.isin sorts both)."""
    return pd.Series(keys, copy=False).isin(known).to_numpy(dtype=bool)


def repeated_keys(keys: np.ndarray) -> np.ndarray:
    """Whether each integer key equals an earlier one (pandas' duplicated). One sort answers when none repeat, the
    usual case, ten times faster than pandas' hash table; only keys that do repeat take the hash table."""
    ordered = np.sort(keys)
    if not (ordered[1:] == ordered[:-1]).any():
        return np.zeros(len(keys), dtype=bool)
    return pd.Series(keys, copy=False).duplicated().to_numpy()


def pairs_among(owners: np.ndarray, codes: np.ndarray, known_owners: np.ndarray, known_codes: np.ndarray,
                width: int) -> np.ndarray:
    """Whether each (owner, code) pair is one of the known pairs (codes below `width`; a code of -1, not found, is
    never among them), as one integer key per pair."""
    listed = (known_owners >= 0) & (known_codes >= 0)
    known = (known_owners * width + known_codes)[listed]
    return (owners >= 0) & (codes >= 0) & keys_among(owners * width + codes, known)


def repeated_pairs(owners: np.ndarray, a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    """Whether each unordered pair of codes (a, b) repeats an earlier row's pair of the same owner (codes below
    `width`): one int64 key per row where it fits, else the three columns."""
    lower, higher = np.minimum(a, b), np.maximum(a, b)
    if (int(owners.max(initial=0)) + 1) * width * width < 2**62:
        return repeated_keys((owners * width + lower) * width + higher)
    return pd.DataFrame({"owner": owners, "lower": lower, "higher": higher}).duplicated().to_numpy()


def text_where(mask: pd.Series | np.ndarray, yes: pd.Series, no: pd.Series) -> pd.Series:
    """`yes.where(mask, no)`: by Arrow's if_else where both are Arrow text of one dtype (pandas' where converts)."""
    if yes.dtype == no.dtype and isinstance(yes.array, pd.arrays.ArrowStringArray):
        chosen = pc.if_else(pa.array(np.asarray(mask, dtype=bool)), pa.array(yes.array), pa.array(no.array))
        return pd.Series(chosen, index=yes.index, dtype=yes.dtype)
    return yes.where(mask, no)
