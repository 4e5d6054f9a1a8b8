"""The circle map figure: rings, points, hidden kinds, escaping, hover facts, legend, labels and scale."""

import html
import re
from pathlib import Path

import numpy as np
import pytest

from netcore import load_dataset
from netcore.figures import (
    LABEL_CHARS,
    LABEL_FONT_PX,
    LABEL_LIMIT,
    PLOTLY_SIDES,
    MapOptions,
    egogram_figure,
    label_extent,
    units_per_px,
)
from netcore.layout import LABEL_SIDES, egogram_layout, label_boxes
from netcore.style import (
    GROUP_COLOURS,
    INK,
    OKABE_ITO,
    PLOTLY_SYMBOLS,
    SWATCH_SYMBOL,
    WELLBEING_OUTLINE_COLOURS,
    WELLBEING_OUTLINE_WIDTH,
)
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


def figure_of(dataset, participant, shuffle=False, **options):
    members, ties = dataset.one_map(participant)
    positions, cells = egogram_layout(members, [participant])
    if shuffle:
        positions = positions.sample(frac=1, random_state=5)
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
    hovers = [h for trace in traces(figure, "members") for h in trace.hovertext]
    assert HOSTILE not in figure.to_json() and "<img" not in figure.to_json()
    mum = next(h for h in hovers if "onerror" in h)
    assert mum.split("<br>") == ["<b>&lt;img src=x onerror=alert(1)&gt;</b>", "family", "circle 1 of 5",
                                 "in touch: every day", "well-being: good for them"]
    walking = next(h for h in hovers if h.startswith("<b>walking"))
    assert walking.split("<br>")[1:] == ["circle 5 of 5", "in touch: every month", "well-being: neither good nor bad"]


def test_quotes_show_as_typed_and_markup_is_escaped_once():
    """Plotly prints an escaped quote as the literal "&quot;" but reads &amp; &lt; &gt; as characters (checked in
    chromium), so text from data has <, > and & escaped exactly once and quotes left alone: in labels, hover and
    legend names (a vocabulary group is free text too)."""
    vocabulary = 'term,category,group\nclub,club,"Tom\'s ""club"" & <b>co</b>"\n'
    members = ('participant_id,member_id,kind,category,circle,label\n'
               'A,1,person,club,1,"Say ""hi"" & <b>x</b>"\n'
               'A,2,place,"<a href=""x"">park</a>",2,\n')
    files = as_files("participant_id\nA\n", members, None)
    files["vocabulary.csv"] = vocabulary.encode()
    figure = figure_of(load_dataset(files), "A")
    [labels] = traces(figure, "labels")
    said = 'Say "hi" &amp; &lt;b&gt;x&lt;/b&gt;'
    assert said in labels.text
    hovers = [h for trace in traces(figure, "members") for h in trace.hovertext]
    assert f"<b>{said}</b>" in [h.split("<br>")[0] for h in hovers]
    names = {trace.name for trace in figure.data if trace.meta in ("members", "colour key")}
    assert 'Tom\'s "club" &amp; &lt;b&gt;co&lt;/b&gt;' in names
    drawn = figure.to_json()
    assert "&quot;" not in drawn and "&#x27;" not in drawn and "&amp;amp;" not in drawn and "&amp;lt;" not in drawn
    assert "<b>x" not in drawn and "<a href" not in drawn and "<b>co" not in drawn


def test_legend_shows_kinds_as_their_shapes_colours_as_swatches_and_explains_the_outline(dataset):
    figure = figure_of(dataset, "A")
    shapes = traces(figure, "shape key")
    assert [(t.name, t.marker.symbol) for t in shapes] == [("person", "circle"), ("place", "square"),
                                                           ("activity", "diamond")]
    colours = traces(figure, "colour key")
    assert SWATCH_SYMBOL not in PLOTLY_SYMBOLS.values()
    assert {t.marker.symbol for t in colours} == {SWATCH_SYMBOL}
    assert {t.name: t.marker.color for t in colours} == {"family": GROUP_COLOURS["family"],
                                                          "friends": GROUP_COLOURS["friends"],
                                                          "services": GROUP_COLOURS["services"],
                                                          "activities": GROUP_COLOURS["activities"]}
    wellbeing = traces(figure, "wellbeing key")
    assert [t.name for t in wellbeing] == ["+ and a thick dark outline: good for well-being",
                                           "\u2212 and a thick vermillion outline: bad for well-being"]
    assert [(t.marker.line.width, t.marker.line.color) for t in wellbeing] == [
        (WELLBEING_OUTLINE_WIDTH[level], WELLBEING_OUTLINE_COLOURS[level]) for level in ("positive", "negative")]
    assert (WELLBEING_OUTLINE_COLOURS["positive"], WELLBEING_OUTLINE_COLOURS["negative"]) == (
        INK, OKABE_ITO["vermillion"])
    assert [t.legendgrouptitle.text for t in (shapes[0], colours[0], wellbeing[0])] == [
        "Shape", "Colour: who or what", "Well-being"]
    assert all(t.showlegend is not False for t in shapes + colours + wellbeing)
    # The points themselves keep the shape of their kind (the legend never copies a point's look).
    for trace in traces(figure, "members"):
        assert all(symbol in PLOTLY_SYMBOLS.values() for symbol in trace.marker.symbol)
        assert trace.showlegend is False
    hidden = figure_of(dataset, "A", kinds=("person", "activity"))
    assert [t.name for t in traces(hidden, "shape key")] == ["person", "activity"]
    by_wellbeing = figure_of(dataset, "A", colour_by="wellbeing")
    assert traces(by_wellbeing, "colour key")[0].legendgrouptitle.text == "Colour: effect on well-being"


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
    assert not traces(figure_of(big, "A"), "labels")
    assert traces(figure_of(big, "A", show_labels=True), "labels")


@pytest.fixture(scope="module")
def crowded():
    """40 members in four cells, some with long labels."""
    rows = "".join(f"A,{i},{'person' if i % 4 else 'place'},friend,{1 + i % 2},"
                   f"{'A friend from the old job met again' if i % 5 == 0 else f'Friend {i}'}\n" for i in range(40))
    return load_dataset(as_files("participant_id\nA\n", "participant_id,member_id,kind,category,circle,label\n"
                                 + rows, None))


def shown_labels(figure):
    """Anchor x, y, text (unescaped) and side (index in LABEL_SIDES) of each label drawn."""
    [labels] = traces(figure, "labels")
    shown = [i for i, text in enumerate(labels.text) if text]
    x, y = np.array(labels.x)[shown], np.array(labels.y)[shown]
    texts = [html.unescape(labels.text[i]) for i in shown]
    sides = np.array([PLOTLY_SIDES.index(labels.textposition[i]) for i in shown])
    return x, y, texts, sides


def overlaps(boxes) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i, 0] < boxes[j, 2] and boxes[j, 0] < boxes[i, 2]
            and boxes[i, 1] < boxes[j, 3] and boxes[j, 1] < boxes[i, 3]]


def test_no_two_labels_overlap_on_a_crowded_map(crowded):
    options = MapOptions(circles=crowded.circles, show_labels=True)
    figure = figure_of(crowded, "A", show_labels=True)
    x, y, texts, sides = shown_labels(figure)
    assert 0 < len(texts) < 40, "some labels fit, the rest are hidden"
    assert set(sides) > {0}, "labels move off the default place above the marker"
    assert any(text.endswith("\u2026") for text in texts) and all(len(text) <= LABEL_CHARS for text in texts)
    widths, height, _ = label_extent(texts, options)
    boxes = label_boxes(x, y, widths, height, sides)
    assert not overlaps(boxes)
    members = traces(figure, "members")[0]
    half = members.marker.size / 2 * units_per_px(options)
    markers = np.stack([members.x, members.y], axis=1)
    covered = [(i, j) for i, box in enumerate(boxes) for j, (mx, my) in enumerate(markers)
               if box[0] < mx + half and mx - half < box[2] and box[1] < my + half and my - half < box[3]]
    assert not covered, "a label covers a marker"

    # Independent of the figure's box estimate: labels (sized by a smaller character width and a line of one font
    # size, running away from their anchor point) whose middles are in the same row band are at least half their
    # summed widths apart.
    unit = units_per_px(options)
    line = LABEL_FONT_PX * unit
    w = np.array([0.45 * LABEL_FONT_PX * len(text) * unit for text in texts])
    name = np.array(LABEL_SIDES)[sides]
    cx = x + np.select([name == "left", name == "right"], [-w / 2, w / 2], 0)
    cy = y + np.select([name == "above", name == "below"], [line / 2, -line / 2], 0)
    for i in range(len(texts)):
        same_row = np.abs(cy - cy[i]) < line
        same_row[i] = False
        assert (np.abs(cx - cx[i])[same_row] >= (w[same_row] + w[i]) / 2).all(), texts[i]

    # A hidden or shortened label is still whole in the hover.
    hovers = " ".join(h for trace in traces(figure, "members") for h in trace.hovertext)
    assert hovers.count("A friend from the old job met again") == 8 and hovers.count("Friend 39") == 1


ROOMY = ["Mum", "Brother", "Library", "Cafe", "Walking", "Choir"]


def test_a_roomy_map_keeps_every_label_whole():
    rows = "".join(f"A,{i},{kind},x,{1 + i % 2},{label}\n"
                   for i, (kind, label) in enumerate(zip(np.repeat(["person", "place", "activity"], 2), ROOMY,
                                                         strict=True)))
    roomy = load_dataset(as_files("participant_id\nA\n", "participant_id,member_id,kind,category,circle,label\n"
                                  + rows, None))
    x, y, texts, sides = shown_labels(figure_of(roomy, "A"))
    assert sorted(texts) == sorted(ROOMY)


def test_label_places_do_not_depend_on_row_order(crowded):
    [first] = traces(figure_of(crowded, "A", show_labels=True), "labels")
    [again] = traces(figure_of(crowded, "A", show_labels=True, shuffle=True), "labels")
    assert sorted(zip(first.x, first.y, first.text, first.textposition, strict=True)) == sorted(
        zip(again.x, again.y, again.text, again.textposition, strict=True))


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


def test_figure_heights_are_plain_ints_that_streamlit_honours():
    # Streamlit reads layout.height only when it is an int or float; a numpy integer falls back to 450 px.
    dataset = load_dataset(Path(__file__).resolve().parents[2] / "sample_data")
    participant = dataset.participants["participant_id"].iloc[0]
    members, ties = dataset.one_map(participant)
    positions, cells = egogram_layout(members, [participant])
    full = egogram_figure(positions, cells, ties, MapOptions(circles=dataset.circles)).layout.height
    small = egogram_figure(positions, cells, ties, MapOptions(circles=dataset.circles, compact=True)).layout.height
    assert type(full) is int and type(small) is int and full > 450
