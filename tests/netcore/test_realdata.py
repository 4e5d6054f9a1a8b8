"""Real personal networks (Vacca's Sri Lankan migrants in Milan, egor's three-file shape) in our format.

The conversion here is the simplest faithful one: each respondent is a participant, each contact a person, the
relation is the category, closeness 5 (closest) .. 1 becomes circle 1 .. 5. Measures are checked against an
independent computation with networkx and the data's own family flag.
"""

import networkx as nx
import pandas as pd
import pytest

from netcore import DatasetError, compute_measures, load_dataset
from netcore.io.export import csv_bytes, dataset_tables, xlsx_bytes


@pytest.fixture(scope="module")
def vacca(realdata_dir):
    folder = realdata_dir / "vacca-srilankan-migrants"
    egos = pd.read_csv(folder / "ego_data.csv")
    alters = pd.read_csv(folder / "alter_attributes.csv")
    ties = pd.read_csv(folder / "alter_ties.csv")
    return egos, alters, ties


def as_upload(egos, alters, ties) -> dict[str, bytes]:
    members = pd.DataFrame({
        "participant_id": alters["ego_ID"],
        "member_id": alters["alter_ID"],
        "kind": "person",
        "category": alters["alter.rel"],
        "circle": (6 - alters["alter.clo"]).astype("Int64"),
    })
    return {
        "participants.csv": csv_bytes(egos.rename(columns={"ego_ID": "participant_id", "ego.edu": "education"})),
        "members.csv": csv_bytes(members),
        "ties.csv": csv_bytes(ties.rename(columns={"ego_ID": "participant_id", "from": "member_a", "to": "member_b"})),
    }


def test_contacts_without_closeness_are_refused_and_counted(vacca):
    egos, alters, ties = vacca
    with pytest.raises(DatasetError) as caught:
        load_dataset(as_upload(egos, alters, ties))
    messages = [str(p) for p in caught.value.problems]
    missing = int(alters["alter.clo"].isna().sum())
    first_row = int(alters.index[alters["alter.clo"].isna()][0]) + 2  # the header is spreadsheet row 1
    assert messages[0] == f"members.csv row {first_row}: circle is empty"
    assert len(messages) == 21
    assert messages[-1].startswith(f"members.csv: {missing - 20} more rows with the same problem as row {first_row}")


def test_measures_match_an_independent_computation(vacca):
    egos, alters, ties = vacca
    rated = alters[alters["alter.clo"].notna()]
    dataset = load_dataset(as_upload(egos, rated, ties[ties["from"].isin(rated["alter_ID"])
                                                        & ties["to"].isin(rated["alter_ID"])]))
    measures = compute_measures(dataset).set_index("participant_id")
    assert len(measures) == len(egos) == 102
    assert dataset.covariate_types["ego_inc"] == "numeric"

    for ego, contacts in rated.groupby("ego_ID"):
        row = measures.loc[str(ego)]
        graph = nx.Graph()
        graph.add_nodes_from(contacts["alter_ID"])
        links = ties[(ties["ego_ID"] == ego) & ties["from"].isin(contacts["alter_ID"])
                     & ties["to"].isin(contacts["alter_ID"])]
        graph.add_edges_from(zip(links["from"], links["to"], strict=True))
        graph.remove_edges_from(nx.selfloop_edges(graph))
        assert row["size"] == row["people"] == len(contacts)
        assert row["ties"] == graph.number_of_edges()
        assert row["density"] == pytest.approx(nx.density(graph))
        assert row["family_share"] == pytest.approx((contacts["alter.fam"] == "Yes").mean())
        assert row["inner"] == (contacts["alter.clo"] == 5).sum()
        assert row["mean_circle"] == pytest.approx((6 - contacts["alter.clo"]).mean())
        # Close family and Other family are one category; Friends and Acquaintances two more.
        relations = contacts["alter.rel"].replace({"Close family": "family", "Other family": "family"})
        assert row["diversity"] == relations.nunique()


def test_real_data_round_trips_through_xlsx(vacca):
    egos, alters, ties = vacca
    egos = egos.head(20)  # writing a workbook is slow; 20 maps are enough to round-trip every column
    rated = alters[alters["alter.clo"].notna() & alters["ego_ID"].isin(egos["ego_ID"])]
    kept = ties[ties["from"].isin(rated["alter_ID"]) & ties["to"].isin(rated["alter_ID"])]
    dataset = load_dataset(as_upload(egos, rated, kept))
    again = load_dataset({"data.xlsx": xlsx_bytes(dataset_tables(dataset))})
    pd.testing.assert_frame_equal(compute_measures(again), compute_measures(dataset))
