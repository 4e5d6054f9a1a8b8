"""The Network types page through AppTest: study types, quality, renaming that follows everywhere, degenerate data."""


import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from netcore import compute_measures, load_dataset
from netcore.typology import DEFAULT_FEATURES, STUDY_TYPES, NetworkTypology
from tests.app.pages import open_page
from tests.netcore.datasets import as_files

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLE_MEASURES = compute_measures(load_dataset(SAMPLE))


def type_table(at: AppTest):
    """The type sizes table without its total row."""
    sizes = next(frame.value for frame in at.dataframe if {"type", "participants", "share"} <= set(frame.value))
    assert sizes["type"].iloc[-1] == "total"
    return sizes.iloc[:-1]


def rename_boxes(at: AppTest) -> list:
    """The rename boxes, in type order."""
    return [box for box in at.text_input if box.label.startswith("Type ")]


def replay_the_browser(at: AppTest, shown: dict[str, str]) -> None:
    """Do what a browser does and AppTest does not: a browser keeps the text a box shows for as long as the
    widget id stays the same (unless the app sets its value), and sends that text with the next interaction;
    AppTest shows the app's value instead. `shown`: widget id -> text a box showed before the change."""
    for box in rename_boxes(at):
        if box.id in shown:
            box.set_value(shown[box.id])


def found_names(k: int, features: tuple[str, ...] = DEFAULT_FEATURES, seed: int = 0) -> list[str]:
    """The names netcore gives the sample's types under these settings, by type index."""
    return NetworkTypology(k, features, seed).fit(SAMPLE_MEASURES).names_


@pytest.fixture(scope="module")
def page() -> AppTest:
    return open_page("types")


def test_sample_shows_the_three_study_types_with_quality(page):
    assert set(type_table(page)["type"]) == set(STUDY_TYPES)
    metrics = {metric.label: float(metric.value) for metric in page.metric if metric.value.replace(".", "").isdigit()}
    assert -1 <= metrics["Silhouette (separation, -1 to 1)"] <= 1
    assert metrics["Stability (resampling agreement, 0 to 1)"] >= 0.8
    assert any("separated" in md.value or "overlap" in md.value for md in page.markdown)
    charts = page.get("plotly_chart")
    assert len(charts) == 1 + len(STUDY_TYPES)  # profile, one typical map per type (choose-k only when opened)


def test_participant_view_names_type_and_nearest_other(page):
    text = " ".join(md.value for md in page.markdown)
    assert "network" in text and "nearest other type" in text


def test_rename_follows_to_the_maps_page(page):
    rename_boxes(page)[0].set_value("Busy lives")
    page.run()
    assert "Busy lives" in set(type_table(page)["type"])
    page.switch_page("views/maps.py")
    page.run()
    assert not page.exception, page.exception
    assert "Typical map: Busy lives" in page.selectbox(key="map_participant").options
    page.switch_page("views/types.py")
    page.run()
    assert "Busy lives" in set(type_table(page)["type"])


def test_other_numbers_of_types_get_descriptive_names(page):
    page.number_input(key="types_k").set_value(4)
    page.run()
    assert not page.exception, page.exception
    names = list(type_table(page)["type"])
    assert len(names) == 4 and len(set(names)) == 4 and not set(names) & set(STUDY_TYPES)
    page.number_input(key="types_k").set_value(3)
    page.run()


def test_identical_maps_give_a_plain_warning_not_a_crash():
    participants = "participant_id\n" + "".join(f"P{i}\n" for i in range(6))
    members = "participant_id,member_id,kind,category,circle\n" + "".join(f"P{i},m1,person,friend,1\n"
                                                                         for i in range(6))
    at = open_page("types", as_files(participants, members, None))
    assert any("too few different maps" in warning.value for warning in at.warning)


# Twelve maps in three clear types: 5 with eight family members each, 4 with one practitioner, 3 with three parks.
SMALL_TYPES_PARTICIPANTS = "participant_id\n" + "".join(f"P{i}\n" for i in range(12))
SMALL_TYPES_MEMBERS = "participant_id,member_id,kind,category,circle\n" + "\n".join(
    [f"P{i},m{j},person,family,1" for i in range(5) for j in range(8)]
    + [f"P{i},m1,person,practitioner,2" for i in range(5, 9)]
    + [f"P{i},m{j},place,park,1" for i in range(9, 12) for j in range(3)]) + "\n"


@pytest.fixture(scope="module")
def small_types() -> AppTest:
    return open_page("types", as_files(SMALL_TYPES_PARTICIPANTS, SMALL_TYPES_MEMBERS, None))


def heatmap_rows(at: AppTest) -> list[str]:
    """The type names the profile heatmap draws (from the figure JSON)."""
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    heatmaps = [trace for figure in figures for trace in figure["data"] if trace["type"] == "heatmap"]
    assert len(heatmaps) == 1
    return list(heatmaps[0].get("y", []))


def test_small_types_are_suppressed(small_types):
    at = small_types
    shown = type_table(at)["participants"].tolist()
    assert "<5" in shown and not {"1", "2", "3", "4"} & set(shown)


def test_small_types_have_no_profile_silhouette_or_typical_map(small_types):
    at = small_types
    table = type_table(at)
    small = table.loc[table["participants"] == "<5", "type"].tolist()
    large = table.loc[table["participants"] != "<5", "type"].tolist()
    assert len(small) == 2 and len(large) == 1
    assert heatmap_rows(at) == large
    assert table.set_index("type").loc[small, "silhouette"].eq("-").all()
    profiles = next(frame.value for frame in at.dataframe if "Connections" in frame.value.columns).set_index("type")
    assert profiles.loc[small].eq("-").all().all() and not profiles.loc[large].eq("-").any().any()
    assert len(at.get("plotly_chart")) == 1 + len(large)  # profile and the large type's typical map
    titles = {md.value.replace("\\", "") for md in at.markdown}  # each typical map is titled **<type name>**
    assert f"**{large[0]}**" in titles and not {f"**{name}**" for name in small} & titles
    at.switch_page("views/maps.py")
    at.run()
    assert not at.exception, at.exception
    typical = [option for option in at.selectbox(key="map_participant").options if option.startswith("Typical map")]
    assert typical == [f"Typical map: {large[0]}"]
    at.switch_page("views/types.py")
    at.run()


def test_small_types_are_shown_when_suppression_is_off():
    at = open_page("types", as_files(SMALL_TYPES_PARTICIPANTS, SMALL_TYPES_MEMBERS, None))
    at.toggle(key="suppress_small_cells").set_value(False)
    at.run()
    assert sorted(heatmap_rows(at)) == sorted(type_table(at)["type"])
    assert len(at.get("plotly_chart")) == 1 + 3  # the profile and three typical maps (choose-k: when opened)


REFUSED_FAMILY = "One type was not called 'family and stable': it has no family members."


def test_a_study_name_that_does_not_fit_is_explained():
    # The three parks have no family: the rule's scores alone would call them "family and stable".
    at = open_page("types", as_files(SMALL_TYPES_PARTICIPANTS, SMALL_TYPES_MEMBERS, None))
    at.toggle(key="suppress_small_cells").set_value(False)
    at.run()
    notes = [info.value.replace("\\", "") for info in at.info]
    assert REFUSED_FAMILY in " ".join(notes)
    assert "family and stable" not in set(type_table(at)["type"])


def test_why_a_small_type_was_refused_a_name_is_not_said_while_suppressing(small_types):
    # the reason would tell the profile of a type of 3 people (no family on their maps)
    assert REFUSED_FAMILY not in " ".join(info.value.replace("\\", "") for info in small_types.info)
    assert "family and stable" not in set(type_table(small_types)["type"])


def shown_cells(table) -> set[str]:
    """What a table's cells show in the browser: a missing value reads "None" there, whatever its styling."""
    return {"None" if pd.isna(value) else str(value) for value in table.value.to_numpy().ravel()}


def test_empty_cells_are_blank(small_types):
    for table in small_types.dataframe:
        cells = shown_cells(table)
        assert not {"None", "nan", "NaN", "<NA>"} & cells, cells
    profiles = next(table for table in small_types.dataframe if "Connections" in table.value.columns)
    assert "-" in shown_cells(profiles)  # the small types' averages, hidden


def test_measures_have_plain_labels(page):
    features = page.multiselect(key="types_features")
    assert "Share of people who are family" in features.options and "family_share" not in features.options
    headers = [column for frame in page.dataframe for column in frame.value.columns]
    assert "Share of people who are family" in headers and "Network type" in headers
    assert not [column for column in headers if "_" in str(column)]


def test_settings_and_names_survive_other_pages_and_the_filter_follows_a_rename():
    at = open_page("types")
    at.number_input(key="types_k").set_value(4)
    at.run()
    names = list(type_table(at)["type"])
    at.multiselect(key="filter_types").set_value([names[1]])
    at.run()
    rename_boxes(at)[1].set_value("Second type")
    at.run()
    assert at.multiselect(key="filter_types").value == ["Second type"]
    at.switch_page("views/patterns.py")
    at.run()
    at.switch_page("views/types.py")
    at.run()
    assert not at.exception, at.exception
    assert len(type_table(at)) == 4 and "Second type" in set(type_table(at)["type"])
    rename_boxes(at)[1].set_value(names[1])  # the found name back: not a clash
    at.run()
    assert not at.error


@pytest.mark.parametrize(("widget", "value", "settings"), [
    ("types_k", 4, (4, DEFAULT_FEATURES, 0)),
    ("types_seed", 7, (3, DEFAULT_FEATURES, 7)),
    ("types_features", ["size", "family_share", "formal_share"], (3, ("size", "family_share", "formal_share"), 0)),
], ids=["k", "seed", "measures"])
def test_a_rename_belongs_to_one_result_and_renames_only_its_own_type(widget, value, settings):
    at = open_page("types")
    shown = {box.id: box.value for box in rename_boxes(at)}
    (at.multiselect if widget == "types_features" else at.number_input)(key=widget).set_value(value)
    at.run()
    expected = found_names(*settings)
    assert [box.value for box in rename_boxes(at)] == expected  # the new result's names, not the old ones
    replay_the_browser(at, shown)
    rename_boxes(at)[1].set_value("Second type")
    at.run()
    assert not at.exception, at.exception
    expected[1] = "Second type"
    assert [box.value for box in rename_boxes(at)] == expected
    assert list(type_table(at)["type"]) == expected
    assert at.multiselect(key="filter_types").options == sorted(expected)
    # each participant carries the name of their own type (by the fit's labels), on this page and the filter's
    labels = NetworkTypology(*settings).fit(SAMPLE_MEASURES).labels_
    everyone = next(frame.value for frame in at.dataframe if "Network type" in frame.value.columns)
    assert everyone["Participant"].tolist() == SAMPLE_MEASURES["participant_id"].tolist()
    assert everyone["Network type"].tolist() == [expected[k] for k in labels]
    at.switch_page("views/patterns.py")
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="assoc_reference").options == sorted(expected)


def test_renames_vanish_with_their_result():
    at = open_page("types")
    rename_boxes(at)[0].set_value("Busy lives")
    at.run()
    at.number_input(key="types_k").set_value(4)
    at.run()
    at.number_input(key="types_k").set_value(3)
    at.run()
    assert [box.value for box in rename_boxes(at)] == found_names(3)
    assert "Busy lives" not in at.multiselect(key="filter_types").options


def sample_with_three_dense_maps() -> dict[str, bytes]:
    """The sample plus three maps of 60 practitioners each: with 4 types, those three are a type of their own."""
    files = {name: (SAMPLE / name).read_bytes() for name in ("participants.csv", "members.csv", "ties.csv")}
    commas = files["participants.csv"].decode().splitlines()[0].count(",")
    files["participants.csv"] += "".join(f"X{i}{',' * commas}\n" for i in range(3)).encode()
    files["members.csv"] += "".join(f"X{i},m{j},person,practitioner,2,yes,weekly,neutral,\n"
                                    for i in range(3) for j in range(60)).encode()
    return files


DENSE = sample_with_three_dense_maps()
DENSE_IDS = {"X0", "X1", "X2"}


def small_type_of_dense_upload() -> tuple[int, str]:
    """The index and found name of the three dense maps' type (4 types, seed 0), by netcore itself."""
    model = NetworkTypology(4).fit(compute_measures(load_dataset(DENSE)))
    labels = model.labels_[-3:]
    assert len(set(labels)) == 1 and (model.labels_ == labels[0]).sum() == 3
    return int(labels[0]), model.names_[labels[0]]


@pytest.fixture(scope="module")
def dense_four() -> AppTest:
    at = open_page("types", DENSE)
    at.number_input(key="types_k").set_value(4)
    at.run()
    assert not at.exception, at.exception
    return at


def everyone_table(at: AppTest) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if "Network type" in frame.value.columns)


def shown_text(at: AppTest) -> str:
    """Every text, table cell, widget label and option the page shows."""
    parts = [element.value for kind in ("markdown", "caption", "info", "warning", "error", "title", "subheader")
             for element in getattr(at, kind)]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [f"{box.label} {box.value}" for box in at.text_input]
    parts += [" ".join([widget.label, *map(str, widget.options)]) for kind in ("selectbox", "multiselect")
              for widget in getattr(at, kind)]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    return " ".join(str(part) for part in parts).replace("\\", "")


def test_a_small_type_lists_no_members_and_has_a_neutral_name_everywhere(dense_four):
    at = dense_four
    _, found = small_type_of_dense_upload()
    table = type_table(at)
    assert "a small type" in set(table["type"]) and table.set_index("type").loc["a small type", "participants"] == "<5"
    everyone = everyone_table(at)
    assert not DENSE_IDS & set(everyone["Participant"]) and len(everyone) == len(SAMPLE_MEASURES)
    assert "a small type" not in set(everyone["Network type"])
    assert not DENSE_IDS & set(at.selectbox(key="types_participant").options)
    assert any("fewer than 5 people are not listed" in caption.value for caption in at.caption)
    assert len(rename_boxes(at)) == 3
    assert found not in shown_text(at)
    assert "a small type" in at.multiselect(key="filter_types").options
    at.switch_page("views/patterns.py")
    at.run()
    assert not at.exception, at.exception
    assert found not in shown_text(at)
    at.switch_page("views/maps.py")
    at.run()
    assert not at.exception, at.exception
    assert found not in shown_text(at)
    at.switch_page("views/types.py")
    at.run()


def test_renames_work_for_the_other_types_beside_a_small_one(dense_four):
    at = dense_four  # the small type has no rename box: the first box is another type's
    rename_boxes(at)[0].set_value("Busy lives")
    at.run()
    assert not at.exception, at.exception
    assert {"Busy lives", "a small type"} <= set(type_table(at)["type"])
    assert "Busy lives" in at.multiselect(key="filter_types").options
    rename_boxes(at)[0].set_value("a small type")  # a clash with the neutral name: the found names stay
    at.run()
    assert at.error and list(type_table(at)["type"]).count("a small type") == 1
    rename_boxes(at)[0].set_value("")
    at.run()


def test_a_small_type_is_named_and_listed_when_suppression_is_off():
    at = open_page("types", DENSE)
    at.number_input(key="types_k").set_value(4)
    at.run()
    at.toggle(key="suppress_small_cells").set_value(False)
    at.run()
    assert not at.exception, at.exception
    _, found = small_type_of_dense_upload()
    assert found in set(type_table(at)["type"]) and "a small type" not in set(type_table(at)["type"])
    assert DENSE_IDS <= set(everyone_table(at)["Participant"])
    assert DENSE_IDS <= set(at.selectbox(key="types_participant").options)
    assert len(rename_boxes(at)) == 4


def test_the_choose_k_table_is_made_only_when_its_section_is_opened_and_then_kept(monkeypatch):
    import ui.types

    made = []
    real = ui.types.choose_k_table
    monkeypatch.setattr(ui.types, "choose_k_table", lambda *args: made.append(args) or real(*args))
    at = open_page("types")
    at.selectbox(key="types_participant").select_index(1).run()  # a rerun that only changes a view
    assert made == []
    at.session_state[ui.types.CHOOSE_K_OPEN] = True  # what opening the section sends
    at.run()
    assert not at.exception, at.exception
    assert len(made) == 1 and at.get("plotly_chart")
    at.selectbox(key="types_participant").select_index(2).run()
    assert len(made) == 1
