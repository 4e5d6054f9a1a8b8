"""Plotly figures built from plain tables, so the app, reports and notebooks draw the same pictures.

Every text that comes from data goes through `html.escape`: Plotly reads text as a small HTML dialect, and a label
must show as typed, never as markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from netcore.layout import CENTRE_RADIUS, polar
from netcore.model import KINDS
from netcore.style import (
    COLOUR_SCHEMES,
    GREY,
    INK,
    NOT_RECORDED,
    PLAIN_KIND,
    PLOTLY_SYMBOLS,
    SCHEME_TITLES,
    WELLBEING_MARKS,
    WELLBEING_OUTLINE_COLOURS,
    WELLBEING_OUTLINE_WIDTH,
    colour_of,
)
from netcore.summary import display_label, member_facts

LABEL_LIMIT = 30  # above this many members, labels are hidden unless asked for
KEY_TEXT = "\u25cf person   \u25a0 place   \u25c6 activity   + good for well-being   \u2212 bad for well-being"


@dataclass(frozen=True)
class MapOptions:
    """What to draw on a circle map and how."""

    colour_by: str = "group"
    kinds: tuple[str, ...] = KINDS
    show_ties: bool = True
    show_labels: bool | None = None  # None: shown when the map has at most LABEL_LIMIT members
    circles: int = 3  # rings drawn: the dataset's circle count, so every map has the same scale
    compact: bool = False  # small multiples: no legend, no sector titles, smaller marks


def hover_html(members: pd.DataFrame, circles: int) -> pd.Series:
    """`member_facts` as Plotly hover text: escaped, the label in bold."""
    return member_facts(members, circles).map(
        lambda lines: "<br>".join([f"<b>{html.escape(lines[0])}</b>", *map(html.escape, lines[1:])]))


def _rings_and_sectors(figure: go.Figure, cells: pd.DataFrame, options: MapOptions) -> None:
    outer = options.circles + 0.5
    for circle in range(1, options.circles + 1):
        edge = circle + 0.5
        figure.add_shape(type="circle", x0=-edge, y0=-edge, x1=edge, y1=edge, name=f"circle {circle}",
                         line={"color": "#C9CED6", "width": 1}, layer="below")
    figure.add_shape(type="circle", x0=-CENTRE_RADIUS, y0=-CENTRE_RADIUS, x1=CENTRE_RADIUS, y1=CENTRE_RADIUS,
                     name="centre", line={"color": "#C9CED6", "width": 1}, fillcolor="#F1F4F8", layer="below")
    for row in cells.itertuples():
        x0, y0 = polar(CENTRE_RADIUS, row.start)
        x1, y1 = polar(outer, row.start)
        figure.add_shape(type="line", x0=x0, y0=y0, x1=x1, y1=y1, name="sector divider",
                         line={"color": "#C9CED6", "width": 1, "dash": "dot"}, layer="below")
        if not options.compact:
            x, y = polar(outer + 0.45, (row.start + row.end) / 2)
            figure.add_annotation(x=x, y=y, text=f"<b>{PLAIN_KIND[row.kind].capitalize()}</b> ({row.count})",
                                  showarrow=False, font={"size": 15, "color": INK})
    if not options.compact:
        for circle in range(1, options.circles + 1):
            figure.add_annotation(x=0.12, y=circle, text=str(circle), showarrow=False, xanchor="left",
                                  font={"size": 12, "color": "#6B7280"})
        figure.add_annotation(x=0.5, y=-0.02, xref="paper", yref="paper", yanchor="top", text=KEY_TEXT,
                              showarrow=False, font={"size": 13, "color": INK})


def _ties_trace(positions: pd.DataFrame, ties: pd.DataFrame) -> go.Scatter:
    where = positions.set_index("member_id")[["x", "y"]]
    drawn = ties[ties["member_a"].isin(where.index) & ties["member_b"].isin(where.index)]
    a = where.loc[drawn["member_a"]].to_numpy()
    b = where.loc[drawn["member_b"]].to_numpy()
    gap = np.full((len(drawn), 1), np.nan)
    xs = np.hstack([a[:, :1], b[:, :1], gap]).ravel()
    ys = np.hstack([a[:, 1:], b[:, 1:], gap]).ravel()
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#8C96A3", "width": 1}, opacity=0.55,
                      hoverinfo="skip", showlegend=False, name="links", meta="ties")


def egogram_figure(positions: pd.DataFrame, cells: pd.DataFrame, ties: pd.DataFrame,
                   options: MapOptions | None = None) -> go.Figure:
    """The concentric-circle map of one participant from `netcore.layout.egogram_layout` output.

    Traces: "ties" (one trace of lines), one "members" trace per colour value (points), "wellbeing marks"
    (+ / - beside rated members) and the "centre" point. Shapes: one "circle k" per ring.
    """
    options = options or MapOptions()
    figure = go.Figure()
    _rings_and_sectors(figure, cells, options)
    shown = positions[positions["kind"].isin(options.kinds)]
    if options.show_ties and len(ties):
        figure.add_trace(_ties_trace(shown, ties))

    column, palette = COLOUR_SCHEMES[options.colour_by]
    colours = colour_of(shown[column], options.colour_by)
    values = shown[column].fillna(NOT_RECORDED).astype(str)
    labels_on = options.show_labels if options.show_labels is not None else len(positions) <= LABEL_LIMIT
    size = 10 if options.compact else 17
    for value in [*palette, *sorted(set(values) - set(palette))]:
        part = shown[values == value]
        if part.empty:
            continue
        wellbeing = part["wellbeing"]
        name = html.escape(value.replace("_", " "))
        # The legend shows a plain swatch (a legend entry copies its trace's first point, outline and shape).
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=name, legendgroup=name, meta="legend", hoverinfo="skip",
            marker={"size": 14, "symbol": "square", "color": colours[part.index[0]],
                    "line": {"width": 1, "color": INK}},
        ))
        figure.add_trace(go.Scatter(
            x=part["x"], y=part["y"], mode="markers+text" if labels_on else "markers",
            name=name, legendgroup=name, showlegend=False, meta="members",
            text=display_label(part).map(html.escape) if labels_on else None, textposition="top center",
            textfont={"size": 13, "color": INK},
            marker={
                "size": size, "symbol": part["kind"].map(PLOTLY_SYMBOLS), "color": colours[part.index],
                "line": {"width": wellbeing.map(WELLBEING_OUTLINE_WIDTH).fillna(1.0),
                         "color": wellbeing.map(WELLBEING_OUTLINE_COLOURS).fillna(GREY)},
            },
            hovertext=hover_html(part, options.circles), hovertemplate="%{hovertext}<extra></extra>",
        ))

    rated = shown[shown["wellbeing"].isin(["positive", "negative"])]
    if len(rated) and not options.compact:
        offset = 0.26  # beside the marker, not under it
        figure.add_trace(go.Scatter(
            x=rated["x"] + offset, y=rated["y"] - offset, mode="text", text=rated["wellbeing"].map(WELLBEING_MARKS),
            textfont={"size": 19, "color": INK}, hoverinfo="skip", showlegend=False, meta="wellbeing marks",
            name="well-being marks",
        ))
    figure.add_trace(go.Scatter(
        x=[0], y=[0], mode="markers", marker={"size": size + 4, "color": "#FFFFFF", "line": {"width": 2, "color": INK},
                                              "symbol": "circle-dot"},
        hovertext=["the person who drew this map"], hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        meta="centre", name="centre",
    ))

    reach = options.circles + (0.6 if options.compact else 1.2)
    wide = reach + (0 if options.compact else 1.3)  # room beside the rings for the sector titles
    figure.update_xaxes(visible=False, range=[-wide, wide], fixedrange=options.compact)
    figure.update_yaxes(visible=False, range=[-reach, reach], scaleanchor="x", scaleratio=1,
                        fixedrange=options.compact)
    figure.update_layout(
        height=280 if options.compact else 680,
        margin={"l": 4, "r": 4, "t": 4, "b": 4 if options.compact else 40},
        plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
        font={"size": 12 if options.compact else 16, "color": INK},
        showlegend=not options.compact,
        legend={"title": {"text": SCHEME_TITLES[options.colour_by]}, "itemsizing": "constant",
                "x": 1, "xanchor": "right", "y": 1, "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)"},
        hoverlabel={"font": {"size": 15}},
        dragmode="pan",
    )
    return figure
