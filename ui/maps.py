"""Drawing one circle map in Streamlit: the picture and its plain-words summary."""

from __future__ import annotations

import streamlit as st

from netcore.figures import MapOptions, egogram_figure
from netcore.layout import egogram_layout
from netcore.model import Dataset
from netcore.summary import describe_map
from ui.markdown import escape_markdown
from ui.pictures import show


def draw_map(dataset: Dataset, participant_id: str, options: MapOptions, key: str) -> None:
    """One participant's circle map with its summary underneath (text first for screen readers)."""
    members, ties = dataset.one_map(participant_id)
    positions, cells = egogram_layout(members, [participant_id])
    summary = describe_map(members)
    show(egogram_figure(positions, cells, ties, options), key, f"network-map-{participant_id}",
         alt=f"Circle map. {summary}")
    st.markdown(escape_markdown(summary))
