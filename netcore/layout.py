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


# Where a label may sit beside its marker, in the order they are tried.
LABEL_SIDES = ("above", "below", "left", "right")


def label_anchors(x: np.ndarray, y: np.ndarray, gap: float, side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The point `gap` away from each marker at x, y on `side` (an index into LABEL_SIDES), where its label starts."""
    ax = x + np.select([side == LABEL_SIDES.index("left"), side == LABEL_SIDES.index("right")], [-gap, gap], 0.0)
    ay = y + np.select([side == LABEL_SIDES.index("above"), side == LABEL_SIDES.index("below")], [gap, -gap], 0.0)
    return ax, ay


def label_boxes(ax: np.ndarray, ay: np.ndarray, width: np.ndarray, height: float, side: np.ndarray) -> np.ndarray:
    """Boxes (x0, y0, x1, y1) of labels `width` wide and `height` tall that start at their anchor and run away from
    the marker on `side`: above a marker the anchor is the middle of the box's bottom edge, left of it the middle
    of its right edge, and so on. Every argument may be an array of the same length."""
    left, right = side == LABEL_SIDES.index("left"), side == LABEL_SIDES.index("right")
    above, below = side == LABEL_SIDES.index("above"), side == LABEL_SIDES.index("below")
    cx = ax + np.select([left, right], [-width / 2, width / 2], 0.0)
    cy = ay + np.select([above, below], [height / 2, -height / 2], 0.0)
    return np.stack(np.broadcast_arrays(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2), axis=-1)


def place_labels(x: np.ndarray, y: np.ndarray, widths: np.ndarray, height: float, gap: float,
                 blocked: np.ndarray, bounds: tuple[float, float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Greedy label placement, in the order given: each label takes the first free place, trying each of its
    widths (`widths` has one row per label, widest version first) on each side in LABEL_SIDES order, `gap` away
    from its marker. A place is free when it lies inside `bounds` (x0, y0, x1, y1) and overlaps neither a box in
    `blocked` nor a label placed before. Returns the side and the width version of each label, -1 for a label with
    no free place (hidden).

    Boxes are in data units, laid out for the smallest scale the picture is drawn at: a bigger drawing moves
    markers and anchors apart while labels keep their size on screen, so nothing that is apart comes together."""
    count, versions = widths.shape
    sides = np.tile(np.arange(len(LABEL_SIDES)), versions)
    version = np.repeat(np.arange(versions), len(LABEL_SIDES))
    taken = np.asarray(blocked, dtype=float).reshape(-1, 4)
    chosen_side = np.full(count, -1)
    chosen_version = np.full(count, -1)
    for i in range(count):
        places = label_boxes(*label_anchors(x[i], y[i], gap, sides), widths[i, version], height, sides)
        inside = ((places[:, 0] >= bounds[0]) & (places[:, 1] >= bounds[1])
                  & (places[:, 2] <= bounds[2]) & (places[:, 3] <= bounds[3]))
        hits = ((places[:, None, 0] < taken[None, :, 2]) & (taken[None, :, 0] < places[:, None, 2])
                & (places[:, None, 1] < taken[None, :, 3]) & (taken[None, :, 1] < places[:, None, 3]))
        free = np.flatnonzero(inside & ~hits.any(axis=1))
        if len(free):
            chosen_side[i], chosen_version[i] = sides[free[0]], version[free[0]]
            taken = np.vstack([taken, places[free[0]]])
    return chosen_side, chosen_version
