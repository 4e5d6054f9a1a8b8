"""Drawing one circle map in Streamlit: the picture and its plain-words summary."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from netcore.figures import MapOptions, egogram_figure
from netcore.layout import egogram_layout
from netcore.model import Dataset
from netcore.summary import describe_map
from ui.markdown import escape_markdown
from ui.memo import remembered
from ui.pictures import show

MAPS_KEPT = 24  # figures kept per session: a grid page of 12 and the maps looked at just before


def map_figure(dataset: Dataset, participant_id: str, options: MapOptions) -> tuple[go.Figure, str]:
    """One participant's circle map and its summary, made once per data, participant and options (ui.memo)."""

    def make() -> tuple[go.Figure, str]:
        members, ties = dataset.one_map(participant_id)
        positions, cells = egogram_layout(members, [participant_id])
        return egogram_figure(positions, cells, ties, options), describe_map(members)

    return remembered("map_figure", (participant_id, options), make, keep=MAPS_KEPT, owner=dataset)


def draw_map(dataset: Dataset, participant_id: str, options: MapOptions, key: str) -> None:
    """One participant's circle map with its summary underneath (text first for screen readers)."""
    figure, summary = map_figure(dataset, participant_id, options)
    show(figure, key, f"network-map-{participant_id}", alt=f"Circle map. {summary}")
    st.markdown(escape_markdown(summary))
