"""Composite maps: one made-up map per network type, built from the type's average profile, never a real person's.

Feedback sessions show these instead of real maps, so nobody in the room can be recognised. For a type:
- each kind (people, places, activities) gets the type's mean count, rounded (so within half of the mean);
- a kind's places go to its categories in proportion to how often the type's maps hold them (largest remainder,
  ties to the category first by name). Only categories found in the type are used, and while suppressing, a
  category outside the vocabulary (written by the user, so possibly a name) only when it is on 5 or more of the
  type's maps;
- each member of a category sits in the type's most common circle for that category (ties: the closer circle),
  has its most common well-being mark and contact (missing when none is recorded; ties: the order of the levels)
  and is formal when most of the type's members of that category are (a tie: the vocabulary decides);
- its label is the category in plain words ("Day centre"), never a label from the data; member ids are "c1",
  "c2", ... (with a longer prefix in the unlikely case the data uses such ids itself);
- links: round(the type's mean density x possible pairs), first between members of the same group, then of the
  same circle, then the rest, in member order. None when no map has links.
The same inputs always give the same map, whatever the order of their rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netcore.codes import places
from netcore.disclosure import SMALL_CELL_LIMIT, is_small
from netcore.model import CONTACT_LEVELS, KINDS, MAX_CIRCLES, WELLBEING_LEVELS, Dataset
from netcore.problems import CompositeError
from netcore.vocabulary import Vocabulary

COMPOSITE_ID = "composite"  # the participant_id of every composite map
KIND_MEASURES = {"person": "people", "place": "places", "activity": "activities"}
MEMBER_DTYPES = {"participant_id": "string", "member_id": "string", "kind": "string", "category": "string",
                 "group": "string", "circle": "int64", "formal": "bool", "contact": "string", "wellbeing": "string",
                 "label": "string"}
TIE_DTYPES = {"participant_id": "string", "member_a": "string", "member_b": "string"}
TOO_FEW = f"this kind of network has fewer than {SMALL_CELL_LIMIT} people, so no picture is made of it"
NOBODY = "no one has this kind of network, so no picture is made of it"


def composite_map(dataset: Dataset, measures: pd.DataFrame, types: pd.DataFrame, network_type: str,
                  suppress: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members, ties) of the composite map of `network_type`, in the canonical Dataset format with participant_id
    COMPOSITE_ID. `measures`: compute_measures rows (only the rows given count, e.g. a filtered group); `types`:
    participant_id and network_type. Raises CompositeError for a type nobody has, or of 1-4 people while
    `suppress`. A type whose maps are all empty gives an empty members table."""
    ids = types.loc[types["network_type"] == network_type, "participant_id"]
    rows = measures[places(measures["participant_id"], ids) >= 0]
    if rows.empty:
        raise CompositeError(NOBODY)
    if suppress and is_small(len(rows)):
        raise CompositeError(TOO_FEW)
    own = dataset.members[places(dataset.members["participant_id"], rows["participant_id"]) >= 0]
    eligible = shown_categories(own, dataset.vocabulary, suppress)
    seats = pd.concat([
        _seats(eligible[eligible.index.get_level_values("kind") == kind].droplevel("kind"),
               _whole(rows[measure].mean())).to_frame("seats").assign(kind=kind)
        for kind, measure in KIND_MEASURES.items()
    ])
    if seats.empty:
        return _members_table(pd.DataFrame(columns=list(MEMBER_DTYPES))), _ties_table(pd.DataFrame())
    members = _members(own, seats, dataset)
    density = rows["density"].mean() if len(dataset.ties) else np.nan
    return members, _links(members, 0.0 if pd.isna(density) else float(density))


def _whole(value: float) -> int:
    """Round half up (Python's round sends halves to even, which reads oddly for counts)."""
    return int(np.floor(value + 0.5)) if pd.notna(value) else 0


def shown_categories(members: pd.DataFrame, vocabulary: Vocabulary, suppress: bool = True) -> pd.Series:
    """Members per (kind, category) of these maps, for the categories a made-up map may show or offer: every
    vocabulary category; one the user wrote (possibly a name) only on SMALL_CELL_LIMIT or more maps while
    suppressing."""
    counts = members.groupby(["kind", "category"]).agg(members=("member_id", "size"),
                                                       maps=("participant_id", "nunique"))
    known = counts.index.get_level_values("category").isin(list(vocabulary.categories))
    keep = known | (not suppress) | (counts["maps"] >= SMALL_CELL_LIMIT).to_numpy()
    return counts.loc[keep, "members"].sort_index()


def _seats(counts: pd.Series, seats: int) -> pd.Series:
    """`seats` members given out over the categories in proportion to `counts` (largest remainder, exact integer
    arithmetic, ties to the category first by name); categories that get none are left out."""
    if counts.empty:
        return counts
    share = counts * seats
    whole = share // counts.sum()
    remainder = (share % counts.sum()).rename("remainder").rename_axis("category").reset_index()
    extra = remainder.sort_values(["remainder", "category"], ascending=[False, True])["category"]
    whole[extra.iloc[: seats - int(whole.sum())]] += 1
    return whole[whole > 0]


def _most_common(own: pd.DataFrame, column: str, order: Sequence) -> pd.Series:
    """The most common recorded value of `column` per (kind, category) among the type's members; a tie goes to the
    value first in `order`."""
    counted = own.dropna(subset=[column]).groupby(["kind", "category", column]).size().rename("n").reset_index()
    counted["rank"] = counted[column].map({value: rank for rank, value in enumerate(order)})
    best = counted.sort_values(["n", "rank"], ascending=[False, True]).drop_duplicates(["kind", "category"])
    return best.set_index(["kind", "category"])[column]


def _members(own: pd.DataFrame, seats: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """One member per seat: kinds in their usual order, then the categories with most seats, then by name."""
    seats = seats.reset_index()
    seats["kind_rank"] = seats["kind"].map({kind: rank for rank, kind in enumerate(KINDS)})
    seats = seats.sort_values(["kind_rank", "seats", "category"], ascending=[True, False, True])
    made = seats.loc[seats.index.repeat(seats["seats"]), ["kind", "category"]].reset_index(drop=True)
    key = pd.MultiIndex.from_frame(made)
    category = made["category"].astype("string")
    formal_share = own.groupby(["kind", "category"])["formal"].mean().reindex(key).to_numpy()
    by_vocabulary = dataset.vocabulary.formal_of(category).to_numpy()
    members = pd.DataFrame({
        "participant_id": COMPOSITE_ID,
        "member_id": _member_ids(len(made), dataset.members["member_id"]),
        "kind": made["kind"],
        "category": category,
        "group": dataset.vocabulary.group_of(category),
        "circle": _most_common(own, "circle", range(1, MAX_CIRCLES + 1)).reindex(key).to_numpy(),
        "formal": np.where(formal_share == 0.5, by_vocabulary, formal_share > 0.5),
        "contact": _most_common(own, "contact", CONTACT_LEVELS).reindex(key).to_numpy(),
        "wellbeing": _most_common(own, "wellbeing", WELLBEING_LEVELS).reindex(key).to_numpy(),
        "label": category.str.replace("_", " ").str.capitalize(),
    })
    return _members_table(members)


def _member_ids(n: int, taken: pd.Series) -> list[str]:
    """"c1", "c2", ...: made-up ids, with a longer prefix ("cc1", ...) while any of them is an id in the data."""
    prefix = "c"
    while True:
        ids = [f"{prefix}{k}" for k in range(1, n + 1)]
        if not taken.isin(ids).any():
            return ids
        prefix += "c"


def _links(members: pd.DataFrame, density: float) -> pd.DataFrame:
    """round(density x possible pairs) links: first within a group, then within a circle, then the rest."""
    first, second = np.triu_indices(len(members), k=1)
    wanted = min(_whole(density * len(first)), len(first))
    group, circle = members["group"].to_numpy(), members["circle"].to_numpy()
    order = np.lexsort((second, first, circle[first] != circle[second], group[first] != group[second]))[:wanted]
    ids = members["member_id"].to_numpy(dtype=str)
    a, b = ids[first[order]], ids[second[order]]
    return _ties_table(pd.DataFrame({"participant_id": COMPOSITE_ID, "member_a": np.where(a < b, a, b),
                                     "member_b": np.where(a < b, b, a)}))


def _members_table(members: pd.DataFrame) -> pd.DataFrame:
    return members[list(MEMBER_DTYPES)].astype(MEMBER_DTYPES)


def _ties_table(ties: pd.DataFrame) -> pd.DataFrame:
    return ties.reindex(columns=list(TIE_DTYPES)).astype(TIE_DTYPES)
