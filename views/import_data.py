"""Bring your own data: a Network Canvas export (CSV .zip or GraphML) or egor tables, mapped and previewed before
it is loaded (the wizard is ui.importer)."""

import streamlit as st

from ui import importer

st.title("Bring your own data")
st.write(
    "Load maps made with another tool: a **Network Canvas** export (the .zip of CSV files, or GraphML) or the "
    "**egor** tables (egos, alters and the ties between alters) as CSV files or one workbook. The dashboard "
    "proposes how the export maps onto circle maps; change anything, look at three maps and the notes, then load. "
    "Names and other direct identifiers are never carried, and nothing you upload is saved."
)
importer.wizard()
