"""One participant's map: its members' and ties' rows as selecting the tables by participant_id gives them."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from netcore.sample import generate_sample
from netcore.validation import load_dataset
from tests.netcore.datasets import as_files


def _by_mask(table: pd.DataFrame, participant_id: str) -> pd.DataFrame:
    return table[table["participant_id"] == participant_id]


@pytest.mark.parametrize("shuffled", [False, True])
def test_each_map_is_its_rows_in_table_order(shuffled):
    data = generate_sample(participants=40, seed=3)
    dataset = load_dataset(as_files(data.participants.to_csv(index=False), data.members.to_csv(index=False),
                                    data.ties.to_csv(index=False)))
    if shuffled:  # participants' rows interleaved: each map keeps its rows' own order
        order = np.random.default_rng(0).permutation(len(dataset.members))
        dataset = replace(dataset, members=dataset.members.iloc[order], ties=dataset.ties.iloc[::-1])
    for participant_id in [*dataset.participants["participant_id"], "nobody"]:
        members, ties = dataset.one_map(participant_id)
        pd.testing.assert_frame_equal(members, _by_mask(dataset.members, participant_id))
        pd.testing.assert_frame_equal(ties, _by_mask(dataset.ties, participant_id))


def test_a_participant_without_members_or_ties_has_an_empty_map():
    dataset = load_dataset(as_files())
    members, ties = dataset.one_map("P3")  # listed, with no members and no ties
    assert members.empty and ties.empty
    assert list(members.columns) == list(dataset.members.columns)
