"""Deterministic geometry of the concentric-circle map (egogram), for any number of participants at once.

The participant sits at the centre. Circle k is the ring band between radius k - 0.5 and k + 0.5; its members sit
on radius k (or on up to three lanes inside the band when a cell is crowded). The full turn is divided into one
sector per kind (people, places, activities), clockwise from the top, sized by how many members of that kind the
map has but never smaller than MIN_SECTOR_SHARE, so an empty sector still shows as empty. Within a ring-sector cell
members are spread evenly and ordered by category group, category, label and id, so family sits together and the
same data always gives the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netcore.model import KINDS
from netcore.style import GROUP_COLOURS

CENTRE_RADIUS = 0.5
MIN_SECTOR_SHARE = 0.12
# Closest spacing along a ring (in ring-width units) before a crowded cell spreads over lanes inside its band.
MIN_SPACING = 0.3
MAX_LANES = 3
LANE_STEP = {1: 0.0, 2: 0.4, 3: 0.3}  # distance between lanes for 1, 2 or 3 lanes; all stay inside the band


def polar(radius: float | np.ndarray, turn: float | np.ndarray) -> tuple[float | np.ndarray, float | np.ndarray]:
    """x, y of a point at `radius` and `turn` (fraction of a clockwise turn from the top); numbers or arrays."""
    angle = np.pi / 2 - 2 * np.pi * turn
    return radius * np.cos(angle), radius * np.sin(angle)


def sectors(members: pd.DataFrame, participant_ids: Sequence[str]) -> pd.DataFrame:
    """One row per participant and kind: `count`, and `start`/`end` as fractions of a clockwise turn from the top."""
    counts = (
        pd.crosstab(members["participant_id"], members["kind"])
        .reindex(index=pd.Index(participant_ids, name="participant_id"), columns=list(KINDS), fill_value=0)
    )
    total = counts.sum(axis=1)
    free_share = 1 - len(KINDS) * MIN_SECTOR_SHARE
    share = (MIN_SECTOR_SHARE + free_share * counts.div(total.where(total > 0), axis=0)).fillna(1 / len(KINDS))
    end = share.cumsum(axis=1)
    start = end - share
    return pd.DataFrame({
        "participant_id": np.repeat(counts.index.to_numpy(), len(KINDS)),
        "kind": np.tile(list(KINDS), len(counts)),
        "count": counts.to_numpy().ravel(),
        "start": start.to_numpy().ravel(),
        "end": end.to_numpy().ravel(),
    })


def egogram_layout(members: pd.DataFrame, participant_ids: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Positions of every member (its rows plus `turn`, `radius`, `x`, `y`) and the sectors of every map.

    Rows come back ordered by participant, kind, circle and the within-cell order.
    """
    cells = sectors(members, participant_ids)
    group_rank = {group: rank for rank, group in enumerate(GROUP_COLOURS)}
    placed = members.merge(cells[["participant_id", "kind", "start", "end"]], on=["participant_id", "kind"])
    placed["kind_rank"] = placed["kind"].map({kind: rank for rank, kind in enumerate(KINDS)})
    placed["group_rank"] = placed["group"].map(group_rank).fillna(len(group_rank)).astype(int)
    placed = placed.sort_values(
        ["participant_id", "kind_rank", "circle", "group_rank", "category", "label", "member_id"],
        na_position="last", kind="stable",
    ).reset_index(drop=True)

    in_cell = placed.groupby(["participant_id", "kind", "circle"], sort=False)
    slot = in_cell.cumcount().to_numpy()
    cell_size = in_cell["member_id"].transform("size").to_numpy()
    width = (placed["end"] - placed["start"]).to_numpy()
    circle = placed["circle"].to_numpy()

    capacity = np.maximum(1, np.floor(2 * np.pi * circle * width / MIN_SPACING))
    lanes = np.clip(np.ceil(cell_size / capacity), 1, MAX_LANES).astype(int)
    lane = slot % lanes
    step = pd.Series(lanes).map(LANE_STEP).to_numpy()
    radius = circle + (lane - (lanes - 1) / 2) * step

    turn = placed["start"].to_numpy() + (slot + 0.5) / cell_size * width
    placed["turn"] = turn
    placed["radius"] = radius
    placed["x"], placed["y"] = polar(radius, turn)
    return placed.drop(columns=["kind_rank", "group_rank"]), cells
