"""Every chart and map in the app is drawn through `show`: Plotly's camera button saves it as a picture (PNG or
SVG, chosen once in the sidebar) under a telling file name, and its short text goes with it for screen readers."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

IMAGE_FORMAT = "picture_format"  # session key of the sidebar's choice: png or svg


def toolbar_config(file_name: str) -> dict:
    """Plotly toolbar: the camera button saves the picture in the chosen format, made in the browser."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": st.session_state.get(IMAGE_FORMAT, "png"), "filename": file_name,
                                 "scale": 2},
    }


def show(figure: go.Figure, key: str, file_name: str, alt: str | None = None) -> None:
    """Draw a figure as built (no Streamlit theme) with the camera button set up."""
    st.plotly_chart(figure, theme=None, key=key, config=toolbar_config(file_name), alt=alt)


def format_choice() -> None:
    """The sidebar's choice of picture format for every camera button."""
    with st.sidebar:
        st.radio("Charts and maps save as", ["png", "svg"], format_func=str.upper, key=IMAGE_FORMAT, horizontal=True,
                 help="Use the camera button above a chart or map to save it as a picture.")
