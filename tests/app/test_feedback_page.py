"""The feedback session through AppTest: every step on the sample and on data with a small kind of network; no
participant id, no count of 1-4, no jargon; Back / Next / Start again; the change simulator as netcore says."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netcore import compute_measures, load_dataset
from netcore.scenario import apply_edits, map_measures, suggested_edits, type_shares
from netcore.typology import assign_types
from tests.app.pages import open_page
from tests.netcore.datasets import as_files

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLE = load_dataset(SAMPLE_DIR)
BANNED = ("ego", "alter", "density", "cluster", "silhouette", "k-means", "standardised", "odds", "ratio", "logistic",
          "p-value", "coefficient", "participant_id", "measure")
STEPS = 6


def figure_texts(spec: str) -> list[str]:
    """Every title, axis label, legend and annotation text of a Plotly figure."""
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    texts = []
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis", "legend", "title")) and isinstance(value, dict):
            title = value.get("title")
            texts.append(title.get("text", "") if isinstance(title, dict) else str(title or ""))
    texts += [str(note.get("text", "")) for note in layout.get("annotations", [])]
    texts += [str(trace.get("name", "")) for trace in figure.get("data", [])]
    texts += [str(trace.get("legendgrouptitle", {}).get("text", "")) for trace in figure.get("data", [])]
    return texts


def shown_texts(at: AppTest) -> list[str]:
    """Everything the page and sidebar show as text: titles, markdown, captions, alerts, widget labels and options,
    button labels, tables and chart texts."""
    texts = [str(element.value) for kind in ("title", "header", "subheader", "markdown", "caption", "info",
                                             "warning", "error", "success") for element in getattr(at, kind)]
    texts += [widget.label for widget in [*at.button, *at.selectbox, *at.multiselect, *at.radio, *at.text_area,
                                          *at.checkbox, *at.toggle]]
    texts += [str(option) for widget in [*at.selectbox, *at.multiselect, *at.radio] for option in widget.options]
    texts += [frame.value.to_csv() for frame in [*at.dataframe, *at.table]]
    for chart in at.get("plotly_chart"):
        texts += figure_texts(chart.proto.spec)
    return texts


def check_step(at: AppTest, ids: set[str]) -> str:
    """No exception, no participant id, no count of 1-4 people, no banned word; returns the step's text."""
    assert not at.exception, at.exception
    text = "\n".join(shown_texts(at))
    assert not [pid for pid in ids if re.search(rf"\b{re.escape(pid)}\b", text)]
    # A count of the people behind a group (not of the people drawn on a made-up map: "3 people, 2 places").
    assert not re.search(r"\b[1-4] (participants|maps)\b|\b[1-4] people (in|have|with|who|had)\b", text), text
    for word in BANNED:
        assert not re.search(rf"(?<![a-z]){re.escape(word)}", text, re.IGNORECASE), (word, text)
    return text


def step_through(at: AppTest, ids: set[str]) -> tuple[list[str], list[int]]:
    """Every step's text (checked) and how many pictures it shows, pressing Next from step 1 to the last."""
    texts, pictures = [check_step(at, ids)], [len(at.get("plotly_chart"))]
    for number in range(2, STEPS + 1):
        at.button(key="feedback_next").click()
        at.run()
        texts.append(check_step(at, ids))
        pictures.append(len(at.get("plotly_chart")))
        assert f"Step {number} of {STEPS}" in texts[-1]
    return texts, pictures


@pytest.fixture(scope="module")
def session() -> AppTest:
    return open_page("feedback")


def test_every_step_on_the_sample_is_plain_and_identifies_no_one(session):
    ids = set(SAMPLE.participants["participant_id"])
    texts, pictures = step_through(session, ids)
    assert pictures[:3] == [1, 3, 1]  # an example map, one per kind of network, the good-and-bad bars
    assert "Step 1 of 6" in texts[0] and "circle" in texts[0].lower()
    assert "diverse and active" in texts[1].lower() and "family and stable" in texts[1].lower()
    assert "good" in texts[2] and "%" in texts[2]
    assert "Lives alone" in texts[3] or "live alone" in texts[3]
    assert "Which kind of network?" in texts[4]
    assert "Who, where and what matter most to you?" in texts[5]
    assert not session.toggle, "no switch to show small numbers on this path"
    assert session.button(key="feedback_next").disabled


def test_back_and_start_again(session):
    session.button(key="feedback_back").click()
    session.run()
    assert any("Step 5 of 6" in md.value for md in session.markdown)
    session.button(key="feedback_start_again").click()
    session.run()
    assert any("Step 1 of 6" in md.value for md in session.markdown)
    assert session.button(key="feedback_back").disabled


def test_maps_are_composites_not_real_maps(session):
    session.button(key="feedback_next").click()
    session.run()
    charts = session.get("plotly_chart")
    assert len(charts) == 3  # one made-up map per kind of network
    # Labels are category words (a composite has no person's label), e.g. "Friend", "Art group".
    words = {category.replace("_", " ").lower() for category in SAMPLE.members["category"].unique()}
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        assert spec["layout"]["height"] >= 600
        texts = [text for trace in spec["data"] if trace.get("meta") == "labels" for text in trace.get("text", [])]
        assert texts and all(any(word.startswith(text.rstrip("\u2026").lower()) for word in words) for text in texts)
    session.button(key="feedback_start_again").click()
    session.run()


def test_the_simulator_follows_netcore(session):
    for _ in range(4):
        session.button(key="feedback_next").click()
        session.run()
    assert any("Step 5 of 6" in md.value for md in session.markdown)
    before = [md.value for md in session.markdown if md.value.startswith("**Which kind of network?**")]
    session.button(key="feedback_scenario_suggest_0").click()  # joins a weekly group
    session.run()
    assert not session.exception, session.exception
    [table] = [element.value for element in session.table]
    changed = table.set_index("")
    assert int(changed.loc["Activities", "after"]) == int(changed.loc["Activities", "before"]) + 1
    assert [md.value for md in session.markdown if md.value.startswith("**Changes tried:**")]
    session.button(key="feedback_scenario_reset").click()
    session.run()
    assert not [md.value for md in session.markdown if md.value.startswith("**Changes tried:**")]
    assert [md.value for md in session.markdown if md.value.startswith("**Which kind of network?**")] == before
    session.button(key="feedback_start_again").click()
    session.run()


def test_a_small_kind_of_network_gets_no_picture_and_no_sentence():
    participants = "participant_id,site\n" + "".join(f"S{i:02d},{'A' if i % 2 else 'B'}\n" for i in range(23))
    rows = []
    for i in range(23):
        if i < 10:  # big, varied maps
            rows += [f"S{i:02d},m{j},{kind},{category},{1 + j % 3},positive" for j, (kind, category) in enumerate(
                [("person", "friend"), ("person", "family"), ("person", "neighbour"), ("place", "cafe"),
                 ("place", "park"), ("activity", "walking"), ("person", "colleague"), ("activity", "art_group")])]
        elif i < 20:  # family maps
            rows += [f"S{i:02d},m{j},person,family,1,neutral" for j in range(4)]
        else:  # three service maps
            rows += [f"S{i:02d},m1,person,practitioner,2,negative"]
    members = "participant_id,member_id,kind,category,circle,wellbeing\n" + "\n".join(rows) + "\n"
    at = open_page("feedback", as_files(participants, members, None))
    texts, pictures = step_through(at, {f"S{i:02d}" for i in range(23)})
    assert "fewer than 5 people" in texts[1]
    assert pictures[1] == 2  # the kind of network of 3 people has no picture
    assert "practitioner" not in texts[1].lower()


def test_the_practitioners_simulator_on_the_maps_page():
    at = open_page("maps")
    at.segmented_control(key="maps_view").set_value("What could change")
    at.run()
    assert not at.exception, at.exception
    participant = at.selectbox(key="scenario_participant").value
    members, ties = SAMPLE.one_map(participant)
    at.button(key="maps_scenario_suggest_0").click()
    at.run()
    assert not at.exception, at.exception
    edits = suggested_edits("joins a weekly group", members, SAMPLE.circles)
    changed, changed_ties = apply_edits(members, ties, edits, SAMPLE.circles)
    after = map_measures(changed, changed_ties)
    [table] = [element.value for element in at.table if "before" in element.value.columns]
    row = table.set_index("").loc["Activities"]
    assert int(row["after"]) == int(after["activities"])
    model = assign_types(compute_measures(SAMPLE), resamples=0).model
    shares = type_shares(model, after.to_frame().T.reset_index(drop=True)).iloc[0]
    line = next(md.value for md in at.markdown if md.value.startswith("**Which network type?**"))
    assert f"about {shares.max():.0%} sure" in line.split("With the changes:")[1]
    assert at.get("download_button")
    at.button(key="maps_scenario_reset").click()
    at.run()
    assert not [element for element in at.table if "before" in element.value.columns
                and len(element.value)], "start again: nothing changed"


@pytest.mark.parametrize("case", ["no ties, marks or covariates", "many empty maps"])
def test_every_step_renders_on_thin_data_and_says_what_it_cannot_show(case):
    rows, ids = [], [f"T{i:02d}" for i in range(24)]
    for i, pid in enumerate(ids):
        if case == "many empty maps" and i % 3 == 0:
            continue  # an empty map
        size = 1 + i % 4
        rows += [f"{pid},m{j},{'person' if j % 2 == 0 else 'place'},{'friend' if i % 2 else 'family'},{1 + j % 2}"
                 for j in range(size)]
    members = "participant_id,member_id,kind,category,circle\n" + "\n".join(rows) + "\n"
    at = open_page("feedback", as_files("participant_id\n" + "".join(f"{pid}\n" for pid in ids), members, None))
    texts, _ = step_through(at, set(ids))
    assert "no good or bad marks" in texts[2]
    assert "not enough people, or not enough about them" in texts[3]


def test_the_form_removes_moves_and_marks_and_a_new_filter_starts_afresh():
    at = open_page("feedback")
    for _ in range(4):
        at.button(key="feedback_next").click()
        at.run()
    for action, extra in (("move", {"feedback_scenario_circle": 1}), ("mark", {"feedback_scenario_mark": "negative"}),
                          ("remove", {})):
        at.radio(key="feedback_scenario_action").set_value(action)
        at.run()
        members = at.selectbox(key="feedback_scenario_member")
        assert len(set(members.options)) == len(members.options), "every connection reads differently"
        members.set_value(f"c{len(members.options)}")  # the made-up map's last connection
        for key, value in extra.items():
            at.selectbox(key=key).set_value(value)
        at.button(key="feedback_scenario_apply").click()
        at.run()
        assert not at.exception, at.exception
    tried = next(md.value for md in at.markdown if md.value.startswith("**Changes tried:**"))
    assert tried.count(";") == 2 and "Moved" in tried and "Marked" in tried and "Removed" in tried
    at.multiselect(key="filter_level_education").set_value(["college"])  # another group: another made-up map
    at.run()
    assert not at.exception, at.exception
    assert not [md for md in at.markdown if md.value.startswith("**Changes tried:**")]


def test_a_word_typed_on_one_map_is_never_offered():
    files = {name: (SAMPLE_DIR / name).read_bytes() for name in ("participants.csv", "members.csv", "ties.csv")}
    members = files["members.csv"].decode().splitlines()
    first = members[1].split(",")
    first[3] = "mary_jones"  # a category only one map has
    files["members.csv"] = "\n".join([members[0], ",".join(first), *members[2:]]).encode()
    at = open_page("feedback", files)
    for _ in range(4):
        at.button(key="feedback_next").click()
        at.run()
    for kind in ("person", "place", "activity"):
        at.selectbox(key="feedback_scenario_kind").set_value(kind)
        at.run()
        assert "mary_jones" not in at.selectbox(key="feedback_scenario_category").options


def test_the_facilitators_questions_outlive_back_and_next(session):
    for _ in range(5):
        session.button(key="feedback_next").click()
        session.run()
    session.text_area(key="feedback_questions_box").input("What helps on a bad day?")
    session.run()
    session.button(key="feedback_back").click()
    session.run()
    session.button(key="feedback_next").click()
    session.run()
    assert session.text_area(key="feedback_questions_box").value == "What helps on a bad day?"
    assert any("What helps on a bad day?" in md.value for md in session.markdown)
    session.button(key="feedback_start_again").click()
    session.run()


def test_without_types_the_marks_and_questions_still_show():
    ids = [f"U{i}" for i in range(8)]
    members = "participant_id,member_id,kind,category,circle,wellbeing\n" + "".join(
        f"{pid},m1,person,friend,1,positive\n" for pid in ids)  # every map the same: no types
    at = open_page("feedback", as_files("participant_id\n" + "".join(f"{pid}\n" for pid in ids), members, None))
    texts, _ = step_through(at, set(ids))
    assert "cannot be sorted into kinds of network" in texts[0]
    assert "cannot be sorted" not in texts[2] and "Friends" in texts[2]
    assert "Who, where and what matter most to you?" in texts[5]
