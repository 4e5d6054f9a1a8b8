"""Egogram geometry: every member inside its ring band and sector, the same picture every time."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcore import load_dataset
from netcore.layout import CENTRE_RADIUS, MIN_SECTOR_SHARE, egogram_layout, sectors
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
