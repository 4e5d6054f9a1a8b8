"""The sidebar every page shares: which data is shown, and the upload box."""

from __future__ import annotations

import streamlit as st

from netcore.summary import count_phrase
from ui import data
from ui.markdown import escape_markdown


def dataset_sidebar() -> None:
    """Show what is loaded and accept an upload; problems are listed in plain words."""
    with st.sidebar:
        st.subheader("Data")
        files = st.file_uploader(
            "Use your own anonymised data",
            type=["csv", "zip", "xlsx"],
            accept_multiple_files=True,
            key=data.UPLOAD_WIDGET,
            help="A .zip of the dataset folder, one .xlsx workbook, or the CSV files "
                 "(participants.csv, members.csv, optional ties.csv). Nothing you upload is saved.",
        )
        if files:
            data.use_upload(files)
        elif st.session_state.get(data.UPLOAD_SIGNATURE) is not None:
            data.use_sample()
        loaded = data.current()
        name = escape_markdown(loaded.name)
        st.caption(f"Showing: **{name}**" + (" — made up, no real people." if loaded.synthetic else ""))
        problems = data.upload_problems()
        if problems:
            st.error(
                f"Your upload could not be used ({count_phrase(len(problems), 'problem')}); still showing {name}.\n\n"
                + "\n".join(f"- {escape_markdown(problem)}" for problem in problems)
            )
