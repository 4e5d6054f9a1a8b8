"""The sidebar every page shares: which data is shown and the upload box; and an upload's problems, shown where
they can be read (the main area), not only in the narrow sidebar."""

from __future__ import annotations

import streamlit as st

from netcore.summary import count_phrase
from ui import data, importer, types
from ui.markdown import escape_markdown


def dataset_sidebar() -> None:
    """Show what is loaded and accept an upload, which replaces whatever was shown before."""
    with st.sidebar:
        st.subheader("Data")
        files = st.file_uploader(
            "Use your own anonymised data",
            type=["csv", "zip", "xlsx", "graphml", "xml"],
            accept_multiple_files=True,
            key=data.upload_widget_key(),
            help="A .zip of the dataset folder, one .xlsx workbook, or the CSV files chosen together "
                 "(participants.csv, members.csv, optional ties.csv). A Network Canvas export or egor tables "
                 "open the import page, to choose how they map. A new upload replaces the one before. "
                 "Nothing you upload is saved.",
        )
        if files:
            with st.status("Loading your upload...", expanded=True) as progress:
                if not data.use_upload(files, progress.write):
                    st.switch_page(importer.PAGE)  # another tool's export: choose how it maps
                if not data.upload_problems():
                    progress.write("Finding network types")
                    types.current(data.current())  # made now, so the first page shows at once
            st.rerun()  # draw the emptied upload box and every page from the new data
        loaded = data.current()
        name = escape_markdown(loaded.name)
        st.caption(f"Showing: **{name}**" + (" — made up, no real people." if loaded.synthetic else ""))
        if data.showing_upload():
            st.button("Use the sample data again", key="use_sample", on_click=data.use_sample)
        if data.upload_problems():
            st.error("Your upload could not be used: the problems are listed on the page.")


def upload_problems_panel() -> None:
    """An upload's problems as a readable list at the top of the page, with what is shown instead."""
    problems = data.upload_problems()
    if not problems:
        return
    name = escape_markdown(data.current().name)
    st.error(
        f"**Your upload could not be used** ({count_phrase(len(problems), 'problem')}); still showing {name}. "
        "Correct the files and upload them again.\n\n"
        + "\n".join(f"- {escape_markdown(problem)}" for problem in problems),
        icon=":material/error:",
    )
