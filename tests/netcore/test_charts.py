"""Charts of groups: every builder leaves out a group of 1-4 people while suppressing (the one rule in
netcore.disclosure), keeps it when told not to, and shows data text as typed."""

import numpy as np
import pandas as pd
import pytest

from netcore.charts import forest_figure, group_bar_figure, measure_box_figure, profile_figure

SIZES = pd.Series({"big": 40, "tiny": 3, "other": 12})


def test_profile_leaves_out_a_type_of_fewer_than_five():
    centres = pd.DataFrame(np.arange(6.0).reshape(3, 2), index=SIZES.index, columns=["people", "family_share"])
    assert list(profile_figure(centres, SIZES).data[0].y) == ["big", "other"]
    assert list(profile_figure(centres, SIZES, suppress=False).data[0].y) == ["big", "tiny", "other"]
    assert "Share of" in profile_figure(centres, SIZES).data[0].x[1]  # plain words, not family_share


def test_box_plots_leave_out_groups_where_few_maps_define_the_measure():
    frame = pd.DataFrame({"size": [1.0] * 6 + [2.0] * 3 + [None] * 4, "site": ["a"] * 6 + ["b"] * 7})
    assert [trace.name for trace in measure_box_figure(frame, "size", "site").data] == ["a"]
    assert [trace.name for trace in measure_box_figure(frame, "size", "site", suppress=False).data] == ["a", "b"]


def test_bars_of_fewer_than_five_or_hidden_ones_are_not_drawn_only_labelled():
    counts = pd.DataFrame({"this group": [20, 3, 9]}, index=["x", "y", "z"])
    percent = counts / counts.sum() * 100
    labels = pd.DataFrame({"this group": ["63%", "<5", "x"]}, index=counts.index)
    [bars] = group_bar_figure(counts, percent, labels).data
    assert np.isfinite(bars.y[0]) and np.isnan(bars.y[1]) and np.isnan(bars.y[2])
    assert list(bars.text) == ["63%", "<5", "x"]


def test_forest_plot_leaves_out_a_type_of_fewer_than_five():
    rows = pd.DataFrame({"covariate": ["lives_alone"] * 2, "level": ["yes"] * 2, "type": ["big", "tiny"],
                         "odds_ratio": [2.0, 3.0], "ci_low": [1.0, 1.5], "ci_high": [4.0, 6.0]})
    assert [trace.name for trace in forest_figure(rows, "other", SIZES).data] == ["big"]
    assert [trace.name for trace in forest_figure(rows, "other", SIZES, suppress=False).data] == ["big", "tiny"]
    assert list(forest_figure(rows, "other", SIZES).data[0].y) == ["Lives alone: yes"]


@pytest.mark.parametrize("name", ['"quoted" & <b>bold</b>'])
def test_group_names_show_as_typed(name):
    frame = pd.DataFrame({"size": [1.0] * 6, "type": [name] * 6})
    [box] = measure_box_figure(frame, "size", "type").data
    assert box.name == '"quoted" &amp; &lt;b&gt;bold&lt;/b&gt;'  # escaped once: no &quot;, no markup
