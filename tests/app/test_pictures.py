"""Every chart and map in the app can be saved as a picture, PNG or SVG as chosen once in the sidebar."""

import json

import pytest

from tests.app.pages import open_page


@pytest.mark.parametrize("view", ["maps", "types", "patterns"])
def test_every_chart_has_the_camera_button_in_the_chosen_format(view):
    at = open_page(view)
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        options = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert options["format"] == "png" and options["filename"]
    at.radio(key="picture_format").set_value("svg")
    at.run()
    assert not at.exception, at.exception
    assert {json.loads(chart.proto.config)["toImageButtonOptions"]["format"] for chart in at.get("plotly_chart")} \
        == {"svg"}


def test_the_feedback_maps_save_as_pictures_too():
    at = open_page("feedback")
    [chart] = at.get("plotly_chart")
    assert json.loads(chart.proto.config)["toImageButtonOptions"]["filename"] == "made-up-map"
    assert not at.radio, "no format switch on the feedback path: one less thing on a projector"
