"""Small groups through AppTest: with suppression on, a group of 1-4 people shows no map, no id, no level name and
no count, on every page; the adjusted model says which p decides."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.pages import open_page
from tests.netcore.datasets import as_files

# 24 participants. Sites: Leeds 12, York 10, Orkney 2; gender m is 7 people, of whom 2 in Leeds.
SITES = ["Leeds"] * 12 + ["York"] * 10 + ["Orkney"] * 2
GENDERS = ["m", "m"] + ["f"] * 10 + ["m"] * 4 + ["f"] * 6 + ["m", "f"]
IDS = [f"Q{i:02d}" for i in range(len(SITES))]
CATEGORIES = ["family", "friend", "practitioner", "park", "walking"]


def upload() -> dict[str, bytes]:
    participants = "participant_id,site,gender\n" + "".join(
        f"{pid},{site},{gender}\n" for pid, site, gender in zip(IDS, SITES, GENDERS, strict=True))
    rows = []
    for index, pid in enumerate(IDS):
        for j in range(2 + index % 6):
            category = CATEGORIES[(index + j) % len(CATEGORIES)] if index % 3 else "family"
            kind = {"park": "place", "walking": "activity"}.get(category, "person")
            rows.append(f"{pid},m{j},{kind},{category},{1 + j % 3}")
    members = "participant_id,member_id,kind,category,circle\n" + "\n".join(rows) + "\n"
    return as_files(participants, members, None)


def page_text(at: AppTest) -> str:
    """Everything the page shows as text, charts and tables included."""
    parts = [str(element.value) for kind in ("markdown", "caption", "warning", "info", "error", "title", "subheader")
             for element in getattr(at, kind)]
    parts += [frame.value.to_csv() for frame in [*at.dataframe, *at.table]]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    parts += [str(widget.options) for widget in [*at.selectbox, *at.multiselect]]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def maps() -> AppTest:
    at = open_page("maps", upload())
    at.multiselect(key="filter_level_site").set_value(["Leeds"])
    at.multiselect(key="filter_level_gender").set_value(["m"])
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_group_of_two_shows_no_map_and_no_id(maps):
    assert any("The filter leaves fewer than 5 maps" in warning.value for warning in maps.warning)
    assert not maps.get("plotly_chart") and not maps.get("iframe")
    shown = page_text(maps)
    assert not any(pid in shown for pid in IDS)
    assert not re.search(r"\b[1-4] (maps|participants)\b", shown)


def test_switched_off_the_same_group_shows_its_maps(maps):
    maps.toggle(key="suppress_small_cells").set_value(False)
    maps.run()
    assert not maps.exception, maps.exception
    assert maps.get("plotly_chart")
    assert maps.selectbox(key="map_participant").options[:2] == ["Q00", "Q01"]
    maps.toggle(key="suppress_small_cells").set_value(True)
    maps.run()


def test_a_level_of_two_people_is_not_named_anywhere():
    at = open_page("patterns", upload())
    assert "Orkney" not in at.multiselect(key="filter_level_site").options
    at.selectbox(key="patterns_covariate").set_value("site")
    at.run()
    assert not at.exception, at.exception
    for kind in ("overview", "maps", "types", "patterns"):
        at.switch_page(f"views/{kind}.py")
        at.run()
        assert not at.exception, at.exception
        assert "Orkney" not in page_text(at), kind


def test_the_likelihood_ratio_p_decides_and_the_adjusted_p_has_its_own_verdict():
    at = open_page("patterns")
    table = next(frame.value for frame in at.table if "factor" in frame.value.columns)
    assert {"associated (likelihood-ratio test)", "p (likelihood-ratio)", "Holm-adjusted p",
            "associated after Holm adjustment"} <= set(table.columns)
    for column in ("p (likelihood-ratio)", "Holm-adjusted p"):
        assert all(re.fullmatch(r"< 0\.001|[01]\.\d{3}", text) for text in table[column]), table[column]
    verdicts = table.set_index("factor")
    for factor, row in verdicts.iterrows():
        p = 0.0 if row["p (likelihood-ratio)"].startswith("<") else float(row["p (likelihood-ratio)"])
        assert (row["associated (likelihood-ratio test)"] == "yes") == (p < 0.05), factor
    assert "0.0000" not in page_text(at)


def test_box_plots_and_bars_leave_small_groups_out_without_naming_them():
    at = open_page("patterns", upload())
    at.selectbox(key="patterns_group_by").set_value("site")
    at.run()
    assert not at.exception, at.exception
    box = next(json.loads(chart.proto.spec) for chart in at.get("plotly_chart")
               if any(trace.get("type") == "box" for trace in json.loads(chart.proto.spec)["data"]))
    assert sorted(trace["name"] for trace in box["data"]) == ["Leeds", "York"]
    assert any("Left out: 1 group of fewer than 5" in caption.value.replace("\\", "") for caption in at.caption)


def test_a_filter_leaving_out_a_few_people_lists_no_maps():
    at = open_page("maps", upload())
    at.multiselect(key="filter_level_site").set_value(["Leeds", "York"])  # all but the 2 Orkney people
    at.run()
    assert not at.exception, at.exception
    assert any("leaves out fewer than 5 people" in warning.value for warning in at.warning)
    assert not at.get("plotly_chart")
    shown = page_text(at)
    assert not any(pid in shown for pid in IDS) and "22 maps" not in shown


def test_the_model_does_not_count_out_a_few_people():
    # Two people have no gender recorded: "Based on 22" beside 24 shown would say so.
    participants = "participant_id,site,gender\n" + "".join(
        f"{pid},{site},{'' if index in (3, 15) else gender}\n"
        for index, (pid, site, gender) in enumerate(zip(IDS, SITES, GENDERS, strict=True)))
    files = {**upload(), "participants.csv": participants.encode()}
    at = open_page("patterns", files)
    assert not at.exception, at.exception
    text = page_text(at)
    assert not re.search(r"Based on 2[0-3] participants", text), text
    assert "Based on all but <5 of the group's participants" in text.replace("\\", "")


def test_no_note_counts_the_people_the_model_fitted():
    # 2 of the 24 have no gender: a note saying "only 22 participants ..." would give that away.
    participants = "participant_id,site,gender\n" + "".join(
        f"{pid},{site},{'' if index in (3, 15) else gender}\n"
        for index, (pid, site, gender) in enumerate(zip(IDS, SITES, GENDERS, strict=True)))
    at = open_page("patterns", {**upload(), "participants.csv": participants.encode()})
    notes = [caption.value for caption in at.caption if caption.value.startswith("Note")]
    assert any("model parameters" in note for note in notes)
    assert not any("22" in note for note in notes), notes
