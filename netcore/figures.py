"""Plotly figures of one person's circle map, so the app, reports and notebooks draw the same pictures.

Every text that comes from data goes through `style.plotly_text`, once: Plotly reads text as a small HTML dialect,
and a label must show as typed, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from netcore.layout import CENTRE_RADIUS, label_anchors, place_labels, polar
from netcore.model import KINDS
from netcore.style import (
    COLOUR_SCHEMES,
    GREY,
    INK,
    NOT_RECORDED,
    PLAIN_KIND,
    PLOTLY_SYMBOLS,
    SCHEME_TITLES,
    SWATCH_SYMBOL,
    WELLBEING_KEY,
    WELLBEING_MARKS,
    WELLBEING_OUTLINE_COLOURS,
    WELLBEING_OUTLINE_WIDTH,
    colour_of,
    plotly_text,
)
from netcore.summary import display_label, member_facts

LABEL_LIMIT = 30  # above this many members, labels are hidden unless asked for

# Label sizes are estimated from the font: a character is about CHAR_WIDTH font sizes wide, a line LINE_HEIGHT
# tall. Labels are placed so they do not overlap while the drawing is at least MIN_MAP_PX across.
LABEL_FONT_PX = 13
CHAR_WIDTH = 0.55
LINE_HEIGHT = 1.25
MIN_MAP_PX = 440
LABEL_CHARS = 30  # longer labels are shortened with "..."
SHORT_LABEL_CHARS = 12  # the shorter version tried when the whole label does not fit
PLOTLY_SIDES = ("top center", "bottom center", "middle left", "middle right")  # layout.LABEL_SIDES, as Plotly says
MARK_FONT_PX = 19
TITLE_FONT_PX = 15
TITLE_CHAR_WIDTH = 0.7  # sector titles are bold
MARK_OFFSET = 0.26  # the well-being mark sits this far right and down of its marker: beside it, not under it
HEIGHT_PX, COMPACT_HEIGHT_PX = 680, 280  # without the legend, which goes under the drawing
LEGEND_ROW_PX = 22
MARGIN = {"l": 4, "r": 4, "t": 4, "b": 4}


@dataclass(frozen=True)
class MapOptions:
    """What to draw on a circle map and how."""

    colour_by: str = "group"
    kinds: tuple[str, ...] = KINDS
    show_ties: bool = True
    show_labels: bool | None = None  # None: shown when the map has at most LABEL_LIMIT members
    circles: int = 3  # rings drawn: the dataset's circle count, so every map has the same scale
    compact: bool = False  # small multiples: no legend, no sector titles, smaller marks
    height_px: int | None = None  # height of the drawing (without the legend); None: HEIGHT_PX, or COMPACT_HEIGHT_PX

    @property
    def drawing_px(self) -> int:
        """Height of the drawing in pixels: smaller for a map in a narrow column, so it has no empty band."""
        return self.height_px or (COMPACT_HEIGHT_PX if self.compact else HEIGHT_PX)

    @property
    def marker_px(self) -> int:
        return 10 if self.compact else 17

    @property
    def reach(self) -> float:
        """Half the height of the drawing, in ring widths."""
        return self.circles + (0.6 if self.compact else 1.2)

    @property
    def half_width(self) -> float:
        """Half the width of the drawing, in ring widths: room beside the rings for the sector titles."""
        return self.reach + (0 if self.compact else 1.3)


def units_per_px(options: MapOptions) -> float:
    """Ring widths per screen pixel: the fixed height, or MIN_MAP_PX across if the drawing is squeezed sideways."""
    height = options.drawing_px - MARGIN["t"] - MARGIN["b"]
    return max(2 * options.reach / height, 2 * options.half_width / MIN_MAP_PX)


def label_extent(texts, options: MapOptions) -> tuple[np.ndarray, float, float]:
    """Estimated width of each label (plain text), the label height and the gap from a marker's centre to its
    label, all in ring widths at the smallest scale (`units_per_px`)."""
    unit = units_per_px(options)
    lengths = np.array([len(text) for text in texts], dtype=float)
    gap = options.marker_px / 2 + 3
    return (CHAR_WIDTH * LABEL_FONT_PX * lengths + 2) * unit, LINE_HEIGHT * LABEL_FONT_PX * unit, gap * unit


def shorten(text: str, limit: int) -> str:
    """The text, or its first limit - 1 characters and "..." when it is longer."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def hover_html(members: pd.DataFrame, circles: int) -> pd.Series:
    """`member_facts` as Plotly hover text: escaped, the label in bold."""
    return member_facts(members, circles).map(
        lambda lines: "<br>".join([f"<b>{plotly_text(lines[0])}</b>", *map(plotly_text, lines[1:])]))


def _sector_titles(cells: pd.DataFrame, options: MapOptions) -> pd.DataFrame:
    """Where each sector's title sits, just outside the rings, and what it says: "People (9)"."""
    x, y = polar(options.circles + 0.95, ((cells["start"] + cells["end"]) / 2).to_numpy())
    text = cells["kind"].map(PLAIN_KIND).str.capitalize() + " (" + cells["count"].astype(str) + ")"
    return pd.DataFrame({"x": x, "y": y, "text": text.to_numpy()})


def _scatter(**properties) -> dict:
    """A scatter trace as a plain dict: the figure checks each trace once, as it is made (a go.Scatter would be
    checked when made and again when put into the figure)."""
    return {"type": "scatter", **properties}


def _rings_and_sectors(cells: pd.DataFrame, options: MapOptions) -> tuple[list[dict], list[dict]]:
    """The rings, centre and sector dividers (shapes), and the sector titles and ring numbers (annotations), as
    plain dicts: the figure validates them once, not once per shape added."""
    outer = options.circles + 0.5
    ring = {"color": "#C9CED6", "width": 1}
    shapes = [{"type": "circle", "x0": -(circle + 0.5), "y0": -(circle + 0.5), "x1": circle + 0.5,
               "y1": circle + 0.5, "name": f"circle {circle}", "line": ring, "layer": "below"}
              for circle in range(1, options.circles + 1)]
    shapes.append({"type": "circle", "x0": -CENTRE_RADIUS, "y0": -CENTRE_RADIUS, "x1": CENTRE_RADIUS,
                   "y1": CENTRE_RADIUS, "name": "centre", "line": ring, "fillcolor": "#F1F4F8", "layer": "below"})
    starts = cells["start"].to_numpy()
    inner_x, inner_y = polar(CENTRE_RADIUS, starts)
    outer_x, outer_y = polar(outer, starts)
    shapes += [{"type": "line", "x0": x0, "y0": y0, "x1": x1, "y1": y1, "name": "sector divider",
                "line": {**ring, "dash": "dot"}, "layer": "below"}
               for x0, y0, x1, y1 in zip(inner_x, inner_y, outer_x, outer_y, strict=True)]
    annotations = []
    if not options.compact:
        annotations += [{"x": title.x, "y": title.y, "text": f"<b>{plotly_text(title.text)}</b>", "showarrow": False,
                         "font": {"size": TITLE_FONT_PX, "color": INK}}
                        for title in _sector_titles(cells, options).itertuples()]
        annotations += [{"x": 0.12, "y": circle, "text": str(circle), "showarrow": False, "xanchor": "left",
                         "font": {"size": 12, "color": "#6B7280"}} for circle in range(1, options.circles + 1)]
    return shapes, annotations


def _ties_trace(positions: pd.DataFrame, ties: pd.DataFrame) -> dict:
    where = positions.set_index("member_id")[["x", "y"]]
    drawn = ties[ties["member_a"].isin(where.index) & ties["member_b"].isin(where.index)]
    a = where.loc[drawn["member_a"]].to_numpy()
    b = where.loc[drawn["member_b"]].to_numpy()
    gap = np.full((len(drawn), 1), np.nan)
    xs = np.hstack([a[:, :1], b[:, :1], gap]).ravel()
    ys = np.hstack([a[:, 1:], b[:, 1:], gap]).ravel()
    return _scatter(x=xs, y=ys, mode="lines", line={"color": "#8C96A3", "width": 1}, opacity=0.55,
                      hoverinfo="skip", showlegend=False, name="links", meta="ties")


def _labels_trace(shown: pd.DataFrame, cells: pd.DataFrame, options: MapOptions) -> dict:
    """Labels placed greedily, closest circle first: each beside its marker where it covers no other label, marker,
    well-being mark or sector title and stays inside the picture, shortened if only that fits, else left out (the
    hover still names the member)."""
    ordered = shown.sort_values(["circle", "turn", "radius"], kind="stable")
    texts = display_label(ordered)
    versions = [[shorten(text, limit) for text in texts] for limit in (LABEL_CHARS, SHORT_LABEL_CHARS)]
    widths = np.stack([label_extent(version, options)[0] for version in versions], axis=1)
    _, height, gap = label_extent([], options)
    x, y = ordered["x"].to_numpy(), ordered["y"].to_numpy()
    unit = units_per_px(options)
    half = options.marker_px / 2 * unit
    points = np.append(x, 0.0), np.append(y, 0.0)  # members and the centre
    blocked = [np.stack([points[0] - half, points[1] - half, points[0] + half, points[1] + half], axis=1)]
    rated = ordered["wellbeing"].isin(["positive", "negative"]).to_numpy()
    if not options.compact:
        mark_x, mark_y = x[rated] + MARK_OFFSET, y[rated] - MARK_OFFSET
        mark_w, mark_h = 0.3 * MARK_FONT_PX * unit, 0.4 * MARK_FONT_PX * unit
        blocked.append(np.stack([mark_x - mark_w, mark_y - mark_h, mark_x + mark_w, mark_y + mark_h], axis=1))
        titles = _sector_titles(cells, options)
        title_w = (TITLE_CHAR_WIDTH * TITLE_FONT_PX * titles["text"].str.len() * unit / 2).to_numpy()
        title_h = LINE_HEIGHT * TITLE_FONT_PX * unit / 2
        blocked.append(np.stack([titles["x"] - title_w, titles["y"] - title_h, titles["x"] + title_w,
                                 titles["y"] + title_h], axis=1))
    bounds = (-options.half_width, -options.reach, options.half_width, options.reach)
    side, version = place_labels(x, y, widths, height, gap, np.vstack(blocked), bounds)
    drawn = side >= 0
    text = np.where(version == 0, versions[0], versions[1])[drawn]
    # A text-only trace puts each text flush against its point, the anchor: in data units, so a bigger drawing
    # only moves labels apart.
    ax, ay = label_anchors(x[drawn], y[drawn], gap, side[drawn])
    return _scatter(
        x=ax, y=ay, mode="text", text=[plotly_text(t) for t in text],
        textposition=[PLOTLY_SIDES[s] for s in side[drawn]], textfont={"size": LABEL_FONT_PX, "color": INK},
        hoverinfo="skip", showlegend=False, meta="labels", name="labels",
    )


def _key_entry(name: str, section: str, title: str, marker: dict) -> dict:
    """One legend entry with no points: what a shape, colour or outline means. Entries of a section share a legend
    group (drawn as one titled column) and `meta`."""
    return _scatter(x=[None], y=[None], mode="markers", name=name, meta=section, legendgroup=section,
                      legendgrouptitle={"text": title}, hoverinfo="skip",
                      marker={"size": 14, "line": {"width": 1, "color": INK}, **marker})


def _legend_traces(shown: pd.DataFrame, values: pd.Series, colours: pd.Series, order: list[str],
                   options: MapOptions) -> list[dict]:
    """The key of what is drawn: the shapes of the kinds on the map, the colours (as swatches of a shape no kind
    has) and the well-being mark and outline."""
    kinds = [kind for kind in KINDS if kind in set(shown["kind"])]
    colour_title = f"Colour: {SCHEME_TITLES[options.colour_by].lower()}"
    levels = [level for level in WELLBEING_KEY if level in set(shown["wellbeing"].dropna())]
    return [
        *(_key_entry(kind, "shape key", "Shape", {"symbol": PLOTLY_SYMBOLS[kind], "color": "#FFFFFF"})
          for kind in kinds),
        *(_key_entry(plotly_text(value.replace("_", " ")), "colour key", colour_title,
                     {"symbol": SWATCH_SYMBOL, "color": colours[values.index[values == value][0]]}) for value in order),
        *(_key_entry(WELLBEING_KEY[level], "wellbeing key", "Well-being",
                     {"symbol": SWATCH_SYMBOL, "color": "#FFFFFF",
                      "line": {"width": WELLBEING_OUTLINE_WIDTH[level], "color": WELLBEING_OUTLINE_COLOURS[level]}})
          for level in levels),
    ]


def _legend_px(key: list[dict]) -> int:
    """Height the legend needs under the drawing when its columns wrap onto two rows: shapes and colours side by
    side, the well-being key under them, each with its title."""
    sections = pd.Series([trace["meta"] for trace in key], dtype=object).value_counts()
    rows = 1 + max(sections.get("shape key", 0), sections.get("colour key", 0))
    if "wellbeing key" in sections:
        rows += 1 + sections["wellbeing key"]
    return int(LEGEND_ROW_PX * rows + 8)  # a plain int: Streamlit ignores a numpy height and draws 450 px


def egogram_figure(positions: pd.DataFrame, cells: pd.DataFrame, ties: pd.DataFrame,
                   options: MapOptions | None = None) -> go.Figure:
    """The concentric-circle map of one participant from `netcore.layout.egogram_layout` output.

    Traces: the legend entries (no points; "shape key", "colour key", "wellbeing key"), "ties" (one trace of
    lines), one "members" trace per colour value (points), "labels", "wellbeing marks" (+ / - beside rated members)
    and, last, the "centre" point. Shapes: one "circle k" per ring.
    """
    options = options or MapOptions()
    shown = positions[positions["kind"].isin(options.kinds)]
    column, palette = COLOUR_SCHEMES[options.colour_by]
    colours = colour_of(shown[column], options.colour_by)
    values = shown[column].fillna(NOT_RECORDED).astype(str)
    order = [value for value in [*palette, *sorted(set(values) - set(palette))] if (values == value).any()]
    key = [] if options.compact else _legend_traces(shown, values, colours, order, options)
    traces = list(key)
    if options.show_ties and len(ties):
        traces.append(_ties_trace(shown, ties))

    hover = hover_html(shown, options.circles)  # once for the map, not per colour
    for value in order:
        part = shown[values == value]
        wellbeing = part["wellbeing"]
        traces.append(_scatter(
            x=part["x"], y=part["y"], mode="markers", name=plotly_text(value.replace("_", " ")), showlegend=False,
            meta="members",
            marker={
                "size": options.marker_px, "symbol": part["kind"].map(PLOTLY_SYMBOLS), "color": colours[part.index],
                "line": {"width": wellbeing.map(WELLBEING_OUTLINE_WIDTH).fillna(1.0),
                         "color": wellbeing.map(WELLBEING_OUTLINE_COLOURS).fillna(GREY)},
            },
            hovertext=hover[part.index], hovertemplate="%{hovertext}<extra></extra>",
        ))

    labels_on = options.show_labels if options.show_labels is not None else len(positions) <= LABEL_LIMIT
    if labels_on and len(shown):
        traces.append(_labels_trace(shown, cells, options))
    rated = shown[shown["wellbeing"].isin(["positive", "negative"])]
    if len(rated) and not options.compact:
        traces.append(_scatter(
            x=rated["x"] + MARK_OFFSET, y=rated["y"] - MARK_OFFSET, mode="text",
            text=rated["wellbeing"].map(WELLBEING_MARKS), textfont={"size": MARK_FONT_PX, "color": INK},
            hoverinfo="skip", showlegend=False, meta="wellbeing marks", name="well-being marks",
        ))
    traces.append(_scatter(
        x=[0], y=[0], mode="markers", hovertext=["the person who drew this map"],
        marker={"size": options.marker_px + 4, "color": "#FFFFFF", "line": {"width": 2, "color": INK},
                "symbol": "circle-dot"},
        hovertemplate="%{hovertext}<extra></extra>", showlegend=False, meta="centre", name="centre",
    ))

    shapes, annotations = _rings_and_sectors(cells, options)
    legend_px = _legend_px(key) if key else 0
    return go.Figure(data=traces, layout={
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {"visible": False, "range": [-options.half_width, options.half_width],
                  "fixedrange": options.compact},
        "yaxis": {"visible": False, "range": [-options.reach, options.reach], "scaleanchor": "x", "scaleratio": 1,
                  "fixedrange": options.compact},
        "height": options.drawing_px + legend_px,
        "margin": {**MARGIN, "b": MARGIN["b"] + legend_px},
        "plot_bgcolor": "#FFFFFF", "paper_bgcolor": "#FFFFFF",
        "font": {"size": 12 if options.compact else 16, "color": INK},
        "showlegend": not options.compact,
        # A key, not a switch: clicking an entry hides nothing.
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top",
                   "itemsizing": "constant", "itemclick": False, "itemdoubleclick": False, "tracegroupgap": 4,
                   "font": {"size": 14}, "grouptitlefont": {"size": 14, "weight": "bold"}},
        "hoverlabel": {"font": {"size": 15}},
        "dragmode": "pan",
    })
