"""Overview: what is loaded, headline measures, and the data format."""

import pandas as pd
import streamlit as st

from netcore.disclosure import SMALL_CELL_LIMIT, TOTAL, count_text, pool_small_levels, suppress_counts
from netcore.io.export import csv_bytes, dataset_tables, template_tables, xlsx_bytes, zip_bytes
from netcore.io.graphml import dataset_graphml
from netcore.labels import plain_label
from netcore.measures import MEASURES, summarise_measures
from netcore.model import data_dictionary_table
from netcore.summary import describe_dataset
from ui import data, filters
from ui.markdown import escape_markdown

HEADLINE_MEASURES = ("size", "people", "places", "activities", "inner", "family_share", "formal_share", "diversity",
                     "density", "negative")

loaded = data.current()
dataset, measures = loaded.dataset, loaded.measures

st.title("Wellbeing Network Explorer")
st.write(
    "Maps of the people, places and activities in a person's life, drawn in circles by how close or important "
    "they are, each marked as good, neutral or bad for their well-being."
)
if loaded.synthetic:
    st.info(
        "You are looking at **synthetic** sample data: made-up maps shaped like a published study of 150 people "
        "with severe mental illness. No real person is described. Use the sidebar to look at your own data.",
        icon=":material/science:",
    )

st.subheader("What is loaded")
st.write(escape_markdown(describe_dataset(dataset, measures, filters.suppressing())))
kinds = dataset.members["kind"].value_counts()
columns = st.columns(4)
columns[0].metric("Participants", count_text(len(dataset.participants), filters.suppressing()))
columns[1].metric("People on maps", f"{int(kinds.get('person', 0)):,}")
columns[2].metric("Places on maps", f"{int(kinds.get('place', 0)):,}")
columns[3].metric("Activities on maps", f"{int(kinds.get('activity', 0)):,}")
for note in dataset.notes:
    st.caption(escape_markdown(f"Note: {note}"))

if "site" in dataset.participants.columns:
    sites = pool_small_levels(dataset.participants["site"].fillna("not recorded"), filters.suppressing())
    sites = sites.value_counts().rename_axis("site")
    sites = sites.to_frame("participants")
    sites.loc[TOTAL] = sites["participants"].sum()  # the total is shown above, so protect it here too
    st.dataframe(suppress_counts(sites, filters.suppressing()).reset_index(), hide_index=True)

st.subheader("Headline measures")
frame, keep, active = filters.selection(loaded)
if not active.is_empty():
    st.caption(escape_markdown(active.describe(frame, filters.suppressing()) + " (the Filter in the sidebar)."))
measures = measures[keep.to_numpy()]
if filters.suppressing() and len(measures) < SMALL_CELL_LIMIT:
    st.warning(f"Fewer than {SMALL_CELL_LIMIT} participants: summaries are hidden so that no one can be singled out.")
else:
    # A measure defined for only 1-4 of these maps (e.g. a share of no people) is not summarised.
    summary = summarise_measures(measures, HEADLINE_MEASURES, filters.suppressing())
    st.table(summary.assign(measure=summary["measure"].map(plain_label)), hide_index=True)
    st.caption("Shares are between 0 and 1 (0.5 = half). Missing values (a share of an empty map) are left out.")

with st.expander("Every measure in plain words"):
    st.table(pd.DataFrame({"measure": [plain_label(m) for m in MEASURES], "column in the files": list(MEASURES),
                           "what it means": list(MEASURES.values())}), hide_index=True)

with st.expander("The data format (data dictionary) and blank templates"):
    st.write(
        "A dataset is a folder (upload it as a .zip) or an .xlsx workbook with sheets of the same names: "
        "`participants.csv` (one row per person), `members.csv` (one row per connection on their map) and, "
        "optionally, `ties.csv` (links between two connections on the same map) and `vocabulary.csv` "
        "(your own category words). Names, dates of birth, postcodes, phone numbers, email addresses and NHS "
        "numbers are refused: the data must be anonymised."
    )
    st.dataframe(data_dictionary_table(), hide_index=True)
    left, right = st.columns(2)  # every file below is made only when its button is pressed
    left.download_button("Blank CSV templates (.zip)", lambda: zip_bytes(template_tables()),
                         file_name="network-templates.zip", mime="application/zip", key="download_templates_zip")
    right.download_button("Blank Excel template (.xlsx)", lambda: xlsx_bytes(template_tables()),
                          file_name="network-template.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key="download_templates_xlsx")

with st.expander("Download this data"):
    st.write("The whole dataset in the dashboard's own format (a .zip of CSV files, or one workbook), every map as "
             "one GraphML file for network tools such as Gephi, and the measures of every participant. Text that a "
             "spreadsheet could run as a formula is written with a leading ' so that it stays text.")
    columns = st.columns(4)
    columns[0].download_button("Dataset (.zip)", lambda: zip_bytes(dataset_tables(dataset)), file_name="dataset.zip",
                               mime="application/zip", key="download_dataset_zip", icon=":material/download:")
    columns[1].download_button("Dataset (.xlsx)", lambda: xlsx_bytes(dataset_tables(dataset)), file_name="dataset.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key="download_dataset_xlsx", icon=":material/download:")
    columns[2].download_button("All maps (.graphml)", lambda: dataset_graphml(dataset), file_name="maps.graphml",
                               mime="application/xml", key="download_dataset_graphml", icon=":material/download:")
    columns[3].download_button("Measures (.csv)", lambda: csv_bytes(loaded.measures), file_name="measures.csv",
                               mime="text/csv", key="download_measures_csv", icon=":material/download:")

with st.expander("Category words the app understands"):
    st.dataframe(dataset.vocabulary.table(), hide_index=True)
