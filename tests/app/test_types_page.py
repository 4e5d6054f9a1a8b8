"""The Network types page through AppTest: study types, quality, renaming that follows everywhere, degenerate data."""


import pytest
from streamlit.testing.v1 import AppTest

from netcore.typology import STUDY_TYPES
from tests.app.pages import open_page
from tests.netcore.datasets import as_files


def type_table(at: AppTest):
    """The type sizes table without its total row."""
    sizes = next(frame.value for frame in at.dataframe if {"type", "participants", "share"} <= set(frame.value))
    assert sizes["type"].iloc[-1] == "total"
    return sizes.iloc[:-1]


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
    assert len(charts) == 2 + len(STUDY_TYPES)  # choose-k, profile, one typical map per type


def test_participant_view_names_type_and_nearest_other(page):
    text = " ".join(md.value for md in page.markdown)
    assert "network" in text and "nearest other type" in text


def test_rename_follows_to_the_maps_page(page):
    page.text_input(key="type_name_0").set_value("Busy lives")
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
    assert any("different map profile" in warning.value for warning in at.warning)


def test_small_types_are_suppressed():
    participants = "participant_id\n" + "".join(f"P{i}\n" for i in range(12))
    rows = [f"P{i},m{j},person,family,1" for i in range(5) for j in range(8)]
    rows += [f"P{i},m1,person,practitioner,2" for i in range(5, 9)]
    rows += [f"P{i},m{j},place,park,1" for i in range(9, 12) for j in range(3)]
    members = "participant_id,member_id,kind,category,circle\n" + "\n".join(rows) + "\n"
    at = open_page("types", as_files(participants, members, None))
    shown = type_table(at)["participants"].tolist()
    assert "<5" in shown and not {"1", "2", "3", "4"} & set(shown)


def test_settings_and_names_survive_other_pages_and_the_filter_follows_a_rename():
    at = open_page("types")
    at.number_input(key="types_k").set_value(4)
    at.run()
    names = list(type_table(at)["type"])
    at.multiselect(key="filter_types").set_value([names[1]])
    at.run()
    at.text_input(key="type_name_1").set_value("Second type")
    at.run()
    assert at.multiselect(key="filter_types").value == ["Second type"]
    at.switch_page("views/patterns.py")
    at.run()
    at.switch_page("views/types.py")
    at.run()
    assert not at.exception, at.exception
    assert len(type_table(at)) == 4 and "Second type" in set(type_table(at)["type"])
    at.text_input(key="type_name_1").set_value(names[1])  # the found name back: not a clash
    at.run()
    assert not at.error
