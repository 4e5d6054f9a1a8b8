"""Plotly charts of groups of participants (types, covariate groups), shared by the app, reports and notebooks.

Every builder here draws aggregates, so every one of them goes through `netcore.disclosure.visible_groups`: a
group of 1-4 people is never drawn while suppression is on (the same rule as the tables). Maps of one person are
in `netcore.figures`. Text from data goes through `style.plotly_text`.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from netcore.disclosure import SECONDARY, SUPPRESSED, small_groups, visible_groups
from netcore.labels import plain_label, plain_words
from netcore.style import INK, plotly_text

# Blue (below average) - white - orange (above average): readable with the common colour blindnesses.
DIVERGING = [[0.0, "#0072B2"], [0.5, "#FFFFFF"], [1.0, "#E69F00"]]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star", "hexagon", "cross"]
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#999999"]
BAR_PATTERNS = ["", "/", ".", "x"]


def label_margin(labels, font_px: int = 15) -> int:
    """Left margin (px) that fits the longest axis label."""
    return 16 + int(0.55 * font_px * max((len(str(label)) for label in labels), default=4))


def _layout(figure: go.Figure, font_px: int = 15, **settings) -> go.Figure:
    """The look every chart shares: white, dark text, readable type."""
    figure.update_layout(font={"size": font_px, "color": INK}, plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
                         **settings)
    return figure


def profile_figure(centres: pd.DataFrame, sizes: pd.Series, suppress: bool = True) -> go.Figure:
    """Each type's average on each measure in standard deviations from the overall average (rows: type names,
    columns: measures), numbers written in the cells so colour is never the only cue. `sizes`: people per type;
    types of 1-4 people are left out while suppressing."""
    shown = centres.loc[visible_groups(sizes.reindex(centres.index, fill_value=0), suppress)]
    values = shown.to_numpy(dtype=float)
    limit = max(1.0, float(np.nanmax(np.abs(values)))) if values.size else 1.0
    names = [plotly_text(name) for name in shown.index]
    columns = ["<br>".join(textwrap.wrap(plain_label(f), 10)) for f in shown.columns]  # upright, wrapped
    figure = go.Figure(go.Heatmap(
        z=values, x=columns, y=names,
        colorscale=DIVERGING, zmin=-limit, zmax=limit, text=np.round(values, 1), texttemplate="%{text:+.1f}",
        textfont={"size": 14}, colorbar={"title": {"text": "vs average"}},
        customdata=np.tile([plain_label(f) for f in shown.columns], (len(names), 1)),
        hovertemplate="%{y}<br>%{customdata}: %{z:+.2f} SD from the average<extra></extra>",
    ))
    # Margins sized for the labels: the app's plotly.js does not grow them by itself.
    lines = max((column.count("<br>") + 1 for column in columns), default=1)
    _layout(figure, height=120 + 48 * len(names) + 20 * lines,
            margin={"l": label_margin(names), "r": 8, "t": 8, "b": 16 + 20 * lines})
    figure.update_xaxes(tickangle=0, tickfont={"size": 13})
    figure.update_yaxes(autorange="reversed")
    return figure


def choose_k_figure(table: pd.DataFrame, chosen: int) -> go.Figure:
    """Silhouette (higher is better) and within-type spread (look for the elbow) for each number of types."""
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=table["types"], y=table["silhouette"], mode="lines+markers", name="silhouette",
                                line={"color": COLOURS[0], "width": 3}, marker={"symbol": "circle", "size": 10}))
    figure.add_trace(go.Scatter(x=table["types"], y=table["within_type_spread"], mode="lines+markers",
                                name="within-type spread", yaxis="y2",
                                line={"color": COLOURS[1], "width": 3, "dash": "dash"},
                                marker={"symbol": "square", "size": 10}))
    figure.add_vline(x=chosen, line={"color": INK, "dash": "dot"}, annotation_text=f"{chosen} types chosen")
    return _layout(
        figure, height=340, margin={"l": 70, "r": 70, "t": 30, "b": 60},
        xaxis={"title": "number of types", "dtick": 1}, yaxis={"title": "silhouette"},
        yaxis2={"title": "within-type spread", "overlaying": "y", "side": "right", "showgrid": False},
        legend={"orientation": "h", "y": 1.12},
    )


def forest_figure(odds_ratios: pd.DataFrame, reference_type: str, type_sizes: pd.Series,
                  suppress: bool = True) -> go.Figure:
    """Odds ratios with 95% intervals on a log scale, one row per covariate level, one marker shape per type.

    odds_ratios: covariate, level, type, odds_ratio, ci_low, ci_high (as AssociationResult.to_frame());
    type_sizes: people per type in the model; a type of 1-4 people is left out while suppressing.
    """
    figure = go.Figure()
    kept = odds_ratios[odds_ratios["type"].isin(visible_groups(type_sizes, suppress))]
    rows = kept.assign(label=kept["covariate"].map(plain_label) + ": " + kept["level"].astype(str))
    finite = rows[np.isfinite(rows[["odds_ratio", "ci_low", "ci_high"]]).all(axis=1)]
    for index, (type_name, part) in enumerate(finite.groupby("type", sort=True)):
        figure.add_trace(go.Scatter(
            x=part["odds_ratio"], y=part["label"].map(plotly_text), mode="markers", name=plotly_text(type_name),
            marker={"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 11, "color": COLOURS[index % len(COLOURS)]},
            error_x={"type": "data", "symmetric": False, "array": part["ci_high"] - part["odds_ratio"],
                     "arrayminus": part["odds_ratio"] - part["ci_low"], "thickness": 1.5},
            hovertemplate="%{y}<br>odds ratio %{x:.2f}<extra>" + plotly_text(type_name) + "</extra>",
        ))
    figure.add_vline(x=1, line={"color": INK, "dash": "dot"})
    figure.update_xaxes(type="log", title=f"odds ratio of each type vs {plotly_text(reference_type)} "
                                          "(1 = no difference; log scale)")
    figure.update_yaxes(autorange="reversed", title=None)
    return _layout(figure, height=160 + 26 * rows["label"].nunique(), font_px=14,
                   margin={"l": label_margin(rows["label"]), "r": 8, "t": 40, "b": 60},
                   legend={"orientation": "h", "y": 1.06})


def group_bar_figure(counts: pd.DataFrame, percentages: pd.DataFrame, labels: pd.DataFrame,
                     suppress: bool = True) -> go.Figure:
    """Grouped bars of type percentages per group, each bar labelled with its (possibly suppressed) text.

    counts, percentages and labels share one shape (rows: types, columns: groups); a bar of 1-4 people, or one
    whose label is hidden ("x"), is not drawn while suppressing, only labelled.
    """
    figure = go.Figure()
    drawn = percentages.mask(small_groups(counts, suppress) | labels.isin([SUPPRESSED, SECONDARY]))
    for index, group in enumerate(percentages.columns):
        figure.add_trace(go.Bar(
            x=[plotly_text(t) for t in percentages.index], y=drawn[group], name=plotly_text(group),
            text=labels[group], textposition="outside",
            marker={"color": COLOURS[index % 4], "pattern": {"shape": BAR_PATTERNS[index % 4]}},
        ))
    return _layout(figure, barmode="group", height=380, margin={"l": 70, "r": 8, "t": 30, "b": 60},
                   yaxis={"title": "% of the group", "rangemode": "tozero"}, legend={"orientation": "h", "y": 1.1})


def measure_box_figure(frame: pd.DataFrame, measure: str, by: str, suppress: bool = True) -> go.Figure:
    """Box plots of a measure per group (no individual points drawn); a group in which 1-4 maps define the
    measure is left out while suppressing."""
    figure = go.Figure()
    data = frame[[measure, by]].dropna()
    sizes = data[by].astype(str).value_counts().sort_index()
    for group in visible_groups(sizes, suppress):
        part = data[data[by].astype(str) == group]
        figure.add_trace(go.Box(y=part[measure], name=plotly_text(group), boxpoints=False,
                                marker={"color": COLOURS[0]}, line={"color": COLOURS[0]}, fillcolor="#CFE3F1"))
    return _layout(figure, height=380, margin={"l": 70, "r": 8, "t": 10, "b": 60}, showlegend=False,
                   yaxis={"title": plain_label(measure)},
                   xaxis={"title": plain_words(by)} if by != "network_type" else {})


WELLBEING_BARS = (("positive", "good", "#009E73", "/"), ("neutral", "neither", "#BBBBBB", ""),
                  ("negative", "bad", "#D55E00", "x"))


def wellbeing_figure(counts: pd.DataFrame, suppress: bool = True, font_px: int = 18) -> go.Figure:
    """How often each kind of connection was marked good, neither or bad, as horizontal stacked bars of shares
    (each bar also patterned and labelled, so colour is never the only cue). `counts`: rows = connection groups,
    columns positive, neutral, negative and participants (as netcore.findings.wellbeing_by_group gives); a group
    seen on the maps of 1-4 people is left out while suppressing."""
    shown = counts.loc[visible_groups(counts["participants"], suppress)]
    marks = shown[[level for level, *_ in WELLBEING_BARS]]
    shares = marks.div(marks.sum(axis=1).where(marks.sum(axis=1) > 0), axis=0) * 100
    names = [plotly_text(str(group)).capitalize() for group in shown.index]
    figure = go.Figure()
    for level, word, colour, pattern in WELLBEING_BARS:
        figure.add_trace(go.Bar(
            y=names, x=shares[level], orientation="h", name=word, marker={"color": colour, "pattern":
                                                                          {"shape": pattern, "fgcolor": INK}},
            text=[f"{word} {value:.0f}%" if value >= 12 else "" for value in shares[level].fillna(0)],
            textposition="inside", insidetextanchor="middle", textfont={"size": font_px - 2, "color": INK},
            hovertemplate=f"%{{y}}: %{{x:.0f}}% {word}<extra></extra>",
        ))
    return _layout(figure, font_px=font_px, barmode="stack", height=140 + 56 * len(names),
                   margin={"l": label_margin(names, font_px), "r": 16, "t": 40, "b": 60},
                   xaxis={"title": "% of the connections marked", "range": [0, 100]},
                   yaxis={"autorange": "reversed"}, legend={"orientation": "h", "y": 1.08, "traceorder": "normal"})
