"""Egogram geometry: every member inside its ring band and sector, the same picture every time."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcore import load_dataset
from netcore.layout import (
    CENTRE_RADIUS,
    LABEL_SIDES,
    MIN_SECTOR_SHARE,
    egogram_layout,
    label_anchors,
    label_boxes,
    place_labels,
    sectors,
)
from netcore.model import KINDS
from tests.netcore.datasets import as_files


def members_table(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    """(participant, member, kind, circle) rows -> a members table as the Dataset holds it."""
    text = "participant_id,member_id,kind,category,circle\n" + "".join(
        f"{p},{m},{k},{'friend' if k == 'person' else 'park' if k == 'place' else 'walking'},{c}\n"
        for p, m, k, c in rows)
    participants = "participant_id\n" + "".join(f"{p}\n" for p in sorted({r[0] for r in rows} | {"EMPTY"}))
    return load_dataset(as_files(participants, text, None)).members


def assert_inside_cells(positions: pd.DataFrame, cells: pd.DataFrame) -> None:
    merged = positions.merge(cells, on=["participant_id", "kind"], suffixes=("", "_cell"))
    assert len(merged) == len(positions)
    assert (np.abs(merged["radius"] - merged["circle"]) < 0.5).all(), "outside its ring band"
    assert (merged["radius"] > CENTRE_RADIUS).all()
    assert ((merged["turn"] > merged["start_cell"]) & (merged["turn"] < merged["end_cell"])).all(), "outside sector"
    assert np.allclose(np.hypot(merged["x"], merged["y"]), merged["radius"])


def test_sectors_cover_the_turn_and_are_never_smaller_than_the_minimum():
    members = members_table([("A", "1", "person", 1), ("A", "2", "person", 2), ("A", "3", "place", 1)])
    cells = sectors(members, ["A", "EMPTY"])
    for _, own in cells.groupby("participant_id"):
        assert list(own["kind"]) == list(KINDS)
        assert own["start"].iloc[0] == 0 and own["end"].iloc[-1] == pytest.approx(1)
        assert np.allclose(own["start"].iloc[1:].to_numpy(), own["end"].iloc[:-1].to_numpy())
        assert ((own["end"] - own["start"]) >= MIN_SECTOR_SHARE - 1e-12).all()
    a = cells[cells["participant_id"] == "A"].set_index("kind")
    assert (a.loc["person", "end"] - a.loc["person", "start"]) > (a.loc["place", "end"] - a.loc["place", "start"])
    assert a.loc["activity", "count"] == 0  # the empty sector is still there, with its minimum share
    empty = cells[cells["participant_id"] == "EMPTY"]
    assert np.allclose(empty["end"] - empty["start"], 1 / 3)


def test_degenerate_maps_of_zero_and_one_member():
    members = members_table([("ONE", "only", "activity", 1)])
    positions, cells = egogram_layout(members, ["ONE", "EMPTY"])
    assert len(positions) == 1
    assert_inside_cells(positions, cells)
    none, empty_cells = egogram_layout(members.iloc[0:0], ["EMPTY"])
    assert none.empty and len(empty_cells) == len(KINDS)


def test_seven_rings_and_a_crowded_map_of_150():
    rows = [("BIG", f"m{i:03d}", KINDS[i % 3], 1 + i % 7) for i in range(150)]
    rows += [("CROWD", f"c{i:03d}", "person", 1) for i in range(150)]  # every member in one cell
    positions, cells = egogram_layout(members_table(rows), ["BIG", "CROWD"])
    assert len(positions) == 300
    assert_inside_cells(positions, cells)
    assert positions.loc[positions["participant_id"] == "BIG", "circle"].nunique() == 7
    crowd = positions[positions["participant_id"] == "CROWD"]
    assert crowd["radius"].nunique() > 1, "a crowded cell spreads over lanes inside its band"
    assert not crowd[["x", "y"]].round(6).duplicated().any(), "no two members on the same spot"


def test_layout_is_deterministic_and_independent_of_row_order():
    rows = [("A", f"m{i}", KINDS[i % 3], 1 + i % 3) for i in range(20)]
    members = members_table(rows)
    first, _ = egogram_layout(members, ["A"])
    again, _ = egogram_layout(members, ["A"])
    shuffled, _ = egogram_layout(members.sample(frac=1, random_state=3), ["A"])
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, shuffled)


def test_family_sits_together_within_a_cell():
    text = ("participant_id,member_id,kind,category,circle\n"
            "A,1,person,friend,1\nA,2,person,mum,1\nA,3,person,friend,1\nA,4,person,sister,1\nA,5,person,cpn,1\n")
    members = load_dataset(as_files("participant_id\nA\n", text, None)).members
    positions, _ = egogram_layout(members, ["A"])
    assert positions.sort_values("turn")["group"].tolist() == ["family", "family", "friends", "friends", "services"]


def test_many_participants_at_once_match_one_at_a_time():
    sample = load_dataset("sample_data")
    ids = sample.participants["participant_id"].head(12).tolist()
    together, _ = egogram_layout(sample.members[sample.members["participant_id"].isin(ids)], ids)
    for pid in ids[:3]:
        alone, _ = egogram_layout(sample.members[sample.members["participant_id"] == pid], [pid])
        pd.testing.assert_frame_equal(together[together["participant_id"] == pid].reset_index(drop=True), alone)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(min_value=1, max_value=7)), max_size=120))
def test_any_map_stays_inside_its_cells(cells_of_members):
    rows = [("P", f"m{i}", kind, circle) for i, (kind, circle) in enumerate(cells_of_members)]
    members = members_table(rows) if rows else members_table([("P", "x", "person", 1)]).iloc[0:0]
    positions, cells = egogram_layout(members, ["P"])
    assert len(positions) == len(rows)
    assert_inside_cells(positions, cells)


WIDE_OPEN = (-100.0, -100.0, 100.0, 100.0)


def test_label_boxes_sit_beside_their_marker():
    sides = np.arange(len(LABEL_SIDES))
    ax, ay = label_anchors(np.zeros(4), np.zeros(4), 0.5, sides)
    assert (ax.tolist(), ay.tolist()) == ([0, 0, -0.5, 0.5], [0.5, -0.5, 0, 0])
    boxes = label_boxes(ax, ay, np.full(4, 2.0), 1.0, sides)
    assert boxes.tolist() == [[-1, 0.5, 1, 1.5], [-1, -1.5, 1, -0.5], [-2.5, -0.5, -0.5, 0.5], [0.5, -0.5, 2.5, 0.5]]


def test_labels_take_the_first_free_side_then_a_shorter_version_then_hide():
    # Five labels on one spot with walls left and right: above, below, then no free place in any version.
    x, y = np.zeros(5), np.zeros(5)
    widths = np.array([[2.0, 1.0]] * 5)
    blocked = np.array([[-9, -0.5, -0.4, 0.5], [0.4, -0.5, 9, 0.5]])  # walls left and right of the anchor
    side, version = place_labels(x, y, widths, 1.0, 0.5, blocked, WIDE_OPEN)
    assert [LABEL_SIDES[s] if s >= 0 else None for s in side] == ["above", "below", None, None, None]
    assert version.tolist() == [0, 0, -1, -1, -1]

    # Without the walls the third and fourth go left and right; a narrow gap beside a wall takes the short one.
    side, version = place_labels(x[:4], y[:4], widths[:4], 1.0, 0.5, np.empty((0, 4)), WIDE_OPEN)
    assert [LABEL_SIDES[s] for s in side] == ["above", "below", "left", "right"] and version.tolist() == [0] * 4
    wall = np.array([[-2.0, -0.5, -1.8, 0.5]])  # room for 1.3 units on the left only
    side, version = place_labels(x[:3], y[:3], widths[:3], 1.0, 0.5, wall, (-100, -100, 1.0, 100))
    assert [LABEL_SIDES[s] for s in side] == ["above", "below", "left"] and version.tolist() == [0, 0, 1]


def test_labels_stay_inside_the_bounds():
    side, _ = place_labels(np.array([0.0]), np.array([9.5]), np.array([[2.0]]), 1.0, 0.5, np.empty((0, 4)),
                           (-10, -10, 10, 10))
    assert LABEL_SIDES[side[0]] == "below"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.floats(0.1, 3)), max_size=40))
def test_placed_labels_never_overlap(anchors):
    x, y, w = (np.array([a[k] for a in anchors], dtype=float) for k in range(3))
    widths = np.stack([w, w / 2], axis=1).reshape(-1, 2)
    side, version = place_labels(x, y, widths, 0.4, 0.2, np.empty((0, 4)), WIDE_OPEN)
    shown = side >= 0
    boxes = label_boxes(*label_anchors(x[shown], y[shown], 0.2, side[shown]), widths[shown, version[shown]], 0.4,
                        side[shown])
    for i in range(len(boxes)):
        others = np.delete(boxes, i, axis=0)
        assert not ((boxes[i, 0] < others[:, 2]) & (others[:, 0] < boxes[i, 2])
                    & (boxes[i, 1] < others[:, 3]) & (others[:, 1] < boxes[i, 3])).any()
