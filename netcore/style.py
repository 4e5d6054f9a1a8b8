"""Colours and shapes shared by every picture: Okabe-Ito colours (colour-blind safe), always paired with a
second cue (marker shape for kind, outline and a +/- mark for well-being), never colour alone."""

from __future__ import annotations

import html

import pandas as pd

OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#999999"
INK = "#1A1D21"  # text and outlines

# Category group -> colour; the order is the legend order and the order members sit in within a sector.
GROUP_COLOURS: dict[str, str] = {
    "family": OKABE_ITO["orange"],
    "partner": OKABE_ITO["reddish purple"],
    "friends": OKABE_ITO["sky blue"],
    "community": OKABE_ITO["bluish green"],
    "services": OKABE_ITO["blue"],
    "community places": OKABE_ITO["yellow"],
    "activities": OKABE_ITO["vermillion"],
    "other": GREY,
}
WELLBEING_COLOURS: dict[str, str] = {
    "positive": OKABE_ITO["bluish green"],
    "neutral": GREY,
    "negative": OKABE_ITO["vermillion"],
}
CONTACT_COLOURS: dict[str, str] = {
    "daily": OKABE_ITO["blue"],
    "weekly": OKABE_ITO["sky blue"],
    "monthly": OKABE_ITO["reddish purple"],
    "less_often": OKABE_ITO["orange"],
}
NOT_RECORDED = "not recorded"
NOT_RECORDED_COLOUR = "#FFFFFF"

# What each colour scheme colours by: member column, value -> colour, legend order.
COLOUR_SCHEMES: dict[str, tuple[str, dict[str, str]]] = {
    "group": ("group", GROUP_COLOURS),
    "wellbeing": ("wellbeing", WELLBEING_COLOURS),
    "contact": ("contact", CONTACT_COLOURS),
}

# Marker shape by kind: Plotly symbols for the circle map, vis-network shapes for the interactive view.
PLOTLY_SYMBOLS = {"person": "circle", "place": "square", "activity": "diamond"}
VIS_SHAPES = {"person": "dot", "place": "square", "activity": "diamond"}
SWATCH_SYMBOL = "hexagon"  # colour entries of a map legend: a shape no kind has, so a colour never reads as a kind

# Well-being as outline width and a mark beside the member, so it reads without colour: thick dark outline for
# good, thick vermillion for bad, thin grey otherwise.
WELLBEING_MARKS = {"positive": "+", "neutral": "", "negative": "\u2212"}
WELLBEING_OUTLINE_WIDTH = {"positive": 2.5, "neutral": 1.0, "negative": 2.5}
WELLBEING_OUTLINE_COLOURS = {"positive": INK, "neutral": GREY, "negative": WELLBEING_COLOURS["negative"]}
WELLBEING_KEY = {  # how a legend explains the mark and the outline
    "positive": f"{WELLBEING_MARKS['positive']} and a thick dark outline: good for well-being",
    "negative": f"{WELLBEING_MARKS['negative']} and a thick vermillion outline: bad for well-being",
}
SCHEME_TITLES = {"group": "Who or what", "wellbeing": "Effect on well-being", "contact": "How often in touch"}

PLAIN_KIND = {"person": "people", "place": "places", "activity": "activities"}
PLAIN_WELLBEING = {"positive": "good for them", "neutral": "neither good nor bad", "negative": "bad for them"}
PLAIN_CONTACT = {"daily": "every day", "weekly": "every week", "monthly": "every month",
                 "less_often": "less often"}


def colour_of(values: pd.Series, scheme: str) -> pd.Series:
    """Fill colour of each member under a colour scheme: unknown groups grey, unrecorded values white."""
    _, palette = COLOUR_SCHEMES[scheme]
    missing = GREY if scheme == "group" else NOT_RECORDED_COLOUR
    return values.map(palette).fillna(missing).astype(str)


def plotly_text(value: object) -> str:
    """Text from data made safe for Plotly, which reads text as a small HTML dialect: <, > and & escaped, once.
    Quotes stay as typed (Plotly shows an escaped quote as the literal "&quot;")."""
    return html.escape(str(value), quote=False)
