"""The circle map figure: rings, points, hidden kinds, escaping, hover facts, labels and scale."""

import re

import numpy as np
import pytest

from netcore import load_dataset
from netcore.figures import LABEL_LIMIT, MapOptions, egogram_figure
from netcore.layout import egogram_layout
from netcore.summary import describe_map
from tests.netcore.datasets import as_files

HOSTILE = "<img src=x onerror=alert(1)>"
MEMBERS = f"""participant_id,member_id,kind,category,circle,contact,wellbeing,label
A,1,person,mum,1,daily,positive,{HOSTILE}
A,2,person,friend,2,weekly,negative,Friend
A,3,place,day_centre,3,,,Day centre
A,4,activity,walking,5,monthly,neutral,
B,1,person,friend,1,,,
"""
TIES = "participant_id,member_a,member_b\nA,1,2\nA,2,3\n"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(as_files("participant_id\nA\nB\nC\n", MEMBERS, TIES))


def figure_of(dataset, participant, **options):
    members, ties = dataset.one_map(participant)
    positions, cells = egogram_layout(members, [participant])
    return egogram_figure(positions, cells, ties, MapOptions(circles=dataset.circles, **options))


def traces(figure, meta):
    return [trace for trace in figure.data if trace.meta == meta]


def points(figure) -> int:
    return sum(len(trace.x) for trace in traces(figure, "members"))


def test_one_ring_per_circle_of_the_dataset_and_one_point_per_member(dataset):
    figure = figure_of(dataset, "A")
    rings = [shape.name for shape in figure.layout.shapes if re.fullmatch(r"circle \d+", shape.name or "")]
    assert rings == [f"circle {k}" for k in range(1, dataset.circles + 1)] and dataset.circles == 5
    assert points(figure) == 4
    assert len(traces(figure, "centre")) == 1


def test_ties_are_one_trace_of_segments(dataset):
    [ties] = traces(figure_of(dataset, "A"), "ties")
    assert len(ties.x) == 3 * 2  # two ties: start, end, gap each
    assert not traces(figure_of(dataset, "A", show_ties=False), "ties")


def test_hidden_kinds_are_not_drawn_and_their_ties_go_too(dataset):
    figure = figure_of(dataset, "A", kinds=("person", "activity"))
    assert points(figure) == 3
    [ties] = traces(figure, "ties")
    assert len(ties.x) == 3  # only the tie between the two people is left


def test_labels_are_escaped_and_hover_says_only_five_facts(dataset):
    figure = figure_of(dataset, "A")
    text = " ".join(str(t) for trace in traces(figure, "members") for t in trace.text)
    hovers = [h for trace in traces(figure, "members") for h in trace.hovertext]
    assert HOSTILE not in text and HOSTILE not in " ".join(hovers)
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    mum = next(h for h in hovers if "onerror" in h)
    assert mum.split("<br>") == ["<b>&lt;img src=x onerror=alert(1)&gt;</b>", "family", "circle 1 of 5",
                                 "in touch: every day", "well-being: good for them"]
    walking = next(h for h in hovers if h.startswith("<b>walking"))
    assert walking.split("<br>")[1:] == ["circle 5 of 5", "in touch: every month", "well-being: neither good nor bad"]


def test_wellbeing_is_shown_by_outline_and_mark_not_colour_alone(dataset):
    figure = figure_of(dataset, "A")
    [marks] = traces(figure, "wellbeing marks")
    assert sorted(marks.text) == ["+", "\u2212"]
    widths = np.concatenate([np.atleast_1d(trace.marker.line.width) for trace in traces(figure, "members")])
    assert sorted(set(widths)) == [1.0, 2.5]


@pytest.mark.parametrize("colour_by", ["group", "wellbeing", "contact"])
def test_each_colour_scheme_draws_every_member_once(dataset, colour_by):
    figure = figure_of(dataset, "A", colour_by=colour_by)
    assert points(figure) == 4
    names = [trace.name for trace in traces(figure, "members")]
    assert len(names) == len(set(names))


def test_labels_hide_automatically_on_large_maps():
    rows = "".join(f"A,{i},person,friend,1\n" for i in range(LABEL_LIMIT + 1))
    big = load_dataset(as_files("participant_id\nA\n", "participant_id,member_id,kind,category,circle\n" + rows,
                                None))
    assert all(trace.mode == "markers" for trace in traces(figure_of(big, "A"), "members"))
    assert all(trace.mode == "markers+text" for trace in traces(figure_of(big, "A", show_labels=True), "members"))


def test_every_map_of_a_dataset_has_the_same_scale(dataset):
    ranges = {tuple(figure_of(dataset, p).layout.xaxis.range) for p in ("A", "B", "C")}
    assert len(ranges) == 1


def test_empty_map_still_draws_rings_and_centre(dataset):
    figure = figure_of(dataset, "C")
    assert points(figure) == 0
    assert len(traces(figure, "centre")) == 1


def test_compact_maps_have_no_legend_or_marks(dataset):
    figure = figure_of(dataset, "A", compact=True)
    assert figure.layout.showlegend is False
    assert not traces(figure, "wellbeing marks")


def test_plain_summary_of_a_map(dataset):
    members, _ = dataset.one_map("A")
    assert describe_map(members) == ("2 people, 1 place and 1 activity. Most of the people closest to them are "
                                     "family. 1 connection feels good for their well-being; 1 feels bad.")
    assert describe_map(dataset.one_map("C")[0]) == "No connections are recorded on this map."
