"""A rerun that only changes a view reuses what the session already made (ui.memo), and never reuses it for
other data; a picker of many participants is paged (ui.pickers)."""

from collections import Counter

import pytest
from streamlit.testing.v1 import AppTest

import ui.filters
import ui.maps
from netcore.io.export import SYNTHETIC_NOTICE, zip_bytes
from netcore.sample import generate_sample
from tests.app.pages import APP, open_page
from ui.memo import MEMO
from ui.pickers import PAGE_SIZE, range_key


@pytest.fixture
def made(monkeypatch) -> Counter:
    """How often the participants frame and a map's figure were made."""
    counts: Counter = Counter()

    def counting(name, real):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(ui.filters, "analysis_frame", counting("frame", ui.filters.analysis_frame))
    monkeypatch.setattr(ui.maps, "egogram_figure", counting("map", ui.maps.egogram_figure))
    return counts


def test_a_view_change_or_a_filter_change_on_network_types_makes_no_frame_or_map_again(made):
    at = open_page("types")
    first = Counter(made)
    assert first["frame"] == 1 and first["map"] == 3  # one frame for sidebar and page; the 3 typical maps
    at.selectbox(key="types_participant").select_index(3).run()
    at.multiselect(key="filter_level_lives_alone").set_value(["yes"]).run()
    assert not at.exception, at.exception
    assert made == first
    assert len(at.get("plotly_chart")) == 4  # the profile and the typical maps are still drawn


def test_a_new_name_makes_the_frame_again_so_every_page_filters_by_it(made):
    at = open_page("types")
    at.text_input(key=next(box.key for box in at.text_input if box.key.startswith("type_name_"))).input(
        "Busy lives").run()
    assert made["frame"] == 2
    assert "Busy lives" in at.multiselect(key="filter_types").options


def test_maps_looked_at_before_are_kept_but_only_a_bounded_number_of_them(made):
    at = open_page("maps")
    picker = at.selectbox(key="map_participant")
    ids = picker.options[:ui.maps.MAPS_KEPT + 6]
    for participant in ids:
        at.selectbox(key="map_participant").set_value(participant).run()
    assert not at.exception, at.exception
    assert made["map"] == len(ids)
    assert len(at.session_state[MEMO]["map_figure"]) == ui.maps.MAPS_KEPT
    at.selectbox(key="map_participant").set_value(ids[-1]).run()  # the latest is kept: not made again
    assert made["map"] == len(ids)


def test_an_upload_never_gets_the_maps_or_frame_of_the_data_shown_before():
    data = generate_sample(30, seed=4)
    relabelled = data.members.assign(label="Renamed " + data.members["label"].fillna("x"))
    zips = [zip_bytes({"participants": data.participants, "members": members, "ties": data.ties},
                      SYNTHETIC_NOTICE) for members in (data.members, relabelled)]
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    summaries = []
    for number, upload in enumerate(zips):
        at.file_uploader[0].set_value((f"upload{number}.zip", upload, "application/zip"))
        at.run()
        at.switch_page("views/maps.py")
        at.run()
        assert not at.exception, at.exception
        at.selectbox(key="map_participant").set_value(data.participants["participant_id"].iloc[0]).run()
        summaries.append(at.get("plotly_chart")[0].proto.spec)
    assert "Renamed" not in summaries[0] and "Renamed" in summaries[1]


def test_a_picker_of_many_participants_lists_one_page_of_them_and_finds_any():
    data = generate_sample(PAGE_SIZE + 40, seed=9)
    upload = zip_bytes({"participants": data.participants, "members": data.members, "ties": data.ties},
                       SYNTHETIC_NOTICE)
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.file_uploader[0].set_value(("many.zip", upload, "application/zip"))
    at.run()
    at.switch_page("views/maps.py")
    at.run()
    assert not at.exception, at.exception
    ids = data.participants["participant_id"].tolist()
    ranges = at.selectbox(key=range_key("map_participant"))
    assert ranges.options == ["1 to 500 of 540", "501 to 540 of 540"]
    listed = [option for option in at.selectbox(key="map_participant").options if not option.startswith("Typical")]
    assert listed == ids[:PAGE_SIZE]
    ranges.set_value(PAGE_SIZE).run()
    listed = [option for option in at.selectbox(key="map_participant").options if not option.startswith("Typical")]
    assert listed == ids[PAGE_SIZE:]
    at.selectbox(key="map_participant").set_value(ids[-1]).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="map_participant").value == ids[-1] and at.get("plotly_chart")
    for _ in range(5):  # at random keeps the box and its range in step, wherever the participant is
        at.button(key="map_participant_random").click().run()
        assert not at.exception, at.exception
        start = at.selectbox(key=range_key("map_participant")).value
        assert ids.index(at.selectbox(key="map_participant").value) // PAGE_SIZE * PAGE_SIZE == start


def test_the_adjusted_model_is_fitted_once_per_filter_and_not_again_for_a_view_change(monkeypatch):
    import ui.associations

    fits = []
    real = ui.associations.associations
    monkeypatch.setattr(ui.associations, "associations", lambda *args: fits.append(args) or real(*args))
    at = open_page("patterns")
    assert len(fits) == 1 and at.get("plotly_chart")
    at.selectbox(key="patterns_measure").set_value("people").run()  # another chart: the model is the same
    assert len(fits) == 1
    at.multiselect(key="filter_level_lives_alone").set_value(["yes"]).run()
    assert not at.exception, at.exception
    assert len(fits) == 2 and len(fits[1][0]) < len(fits[0][0])  # fitted to the smaller group
    at.multiselect(key="filter_level_lives_alone").set_value([]).run()  # back to everyone: kept from before
    assert len(fits) == 2


def test_an_upload_says_its_steps_as_it_loads_and_has_its_types_when_the_first_page_shows(monkeypatch):
    import ui.data
    import ui.types

    steps = []
    real = ui.data.use_upload
    monkeypatch.setattr(ui.data, "use_upload", lambda files, say: real(files, lambda step: steps.append(step)
                                                                            or say(step)))
    data = generate_sample(40, seed=5)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.file_uploader[0].set_value(("forty.zip", zip_bytes({"participants": data.participants, "members": data.members,
                                                           "ties": data.ties}, SYNTHETIC_NOTICE), "application/zip"))
    at.run()
    assert not at.exception, at.exception
    assert steps == ["Reading and checking the files", "Working out the measures of every map"]
    loaded = at.session_state[ui.data.LOADED]
    assert len(loaded.measures) == 40
    assert at.session_state[ui.types.RESULT].result.table["participant_id"].tolist() == \
        data.participants["participant_id"].tolist()


def _model_shown(at: AppTest, view: str) -> bool:
    """Whether the page shows what the model gave: the table of factors or why it cannot be fitted, or the feedback
    step's sentences or why there are none."""
    if view == "patterns":
        return len(at.table) == 1 or any("cannot be fitted" in warning.value for warning in at.warning)
    return (any("Taking everything else into account" in element.value for element in at.markdown)
            or any("not enough people" in info.value for info in at.info))


@pytest.mark.parametrize(("view", "button"), [("patterns", "assoc_fit"), ("feedback", "feedback_fit")])
def test_a_large_groups_model_waits_for_its_button_and_is_then_kept(monkeypatch, view, button):
    import ui.associations

    fits = []
    real = ui.associations.associations
    monkeypatch.setattr(ui.associations, "associations", lambda *args: fits.append(args) or real(*args))
    monkeypatch.setattr(ui.associations, "AUTO_FIT_LIMIT", 100)  # the sample's 150 people count as many
    at = open_page(view)
    if view == "feedback":
        at.session_state["feedback_step"] = 3
        at.run()
    assert not fits and not _model_shown(at, view)  # nothing fitted until asked
    assert at.button(key=button).label and any("worked out when you ask" in c.value for c in at.caption)
    at.button(key=button).click().run()
    assert not at.exception, at.exception
    assert len(fits) == 1 and _model_shown(at, view)
    assert not any(b.key == button for b in at.button)  # the question goes once answered
    at.multiselect(key="filter_level_lives_alone").set_value(["yes"]).run()  # a group of 100 or fewer: fitted at once
    assert len(fits) == 2 and _model_shown(at, view)
    at.multiselect(key="filter_level_lives_alone").set_value([]).run()  # everyone again: the model kept from before
    assert len(fits) == 2 and _model_shown(at, view) and not any(b.key == button for b in at.button)
    assert view == "feedback" or len(at.table) == 1


def test_feedback_steps_back_and_forth_make_each_made_up_map_once(monkeypatch):
    import netcore.composite

    made = []
    real = netcore.composite.composite_map
    monkeypatch.setattr(netcore.composite, "composite_map", lambda *args: made.append(args[3]) or real(*args))
    at = open_page("feedback")
    for step in [1, 0, 1, 3, 1, 0]:
        at.session_state["feedback_step"] = step
        at.run()
        assert not at.exception, at.exception
    assert made and len(made) == len(set(made))  # each type's map made once, however often it is shown
