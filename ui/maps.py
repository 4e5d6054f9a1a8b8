"""Drawing one circle map in Streamlit: the picture, its plain-words summary and the toolbar settings."""

from __future__ import annotations

import streamlit as st

from netcore.figures import MapOptions, egogram_figure
from netcore.layout import egogram_layout
from netcore.model import Dataset
from netcore.summary import describe_map
from ui.markdown import escape_markdown

IMAGE_FORMAT = "map_image_format"  # session key: picture format of Plotly's camera button (png or svg)


def toolbar_config(file_name: str) -> dict:
    """Plotly toolbar: the camera button saves the picture in the chosen format, made in the browser."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": st.session_state.get(IMAGE_FORMAT, "png"), "filename": file_name,
                                 "scale": 2},
    }


def draw_map(dataset: Dataset, participant_id: str, options: MapOptions, key: str) -> None:
    """One participant's circle map with its summary underneath (text first for screen readers)."""
    members, ties = dataset.one_map(participant_id)
    positions, cells = egogram_layout(members, [participant_id])
    summary = describe_map(members)
    st.plotly_chart(egogram_figure(positions, cells, ties, options), theme=None, key=key,
                    config=toolbar_config(f"network-map-{participant_id}"), alt=f"Circle map. {summary}")
    st.markdown(escape_markdown(summary))
