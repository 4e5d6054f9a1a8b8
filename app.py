"""Wellbeing Network Explorer: `streamlit run app.py`.

Navigation over pages/, the shared sidebar, nothing else: pages read the loaded data from ui.data.
"""

import streamlit as st

from ui.sidebar import dataset_sidebar

# An emoji icon: a ":material/...:" page icon makes the browser fetch the favicon from a font CDN.
st.set_page_config(page_title="Wellbeing Network Explorer", page_icon="🕸️", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True),
]

page = st.navigation(PAGES)
dataset_sidebar()
page.run()
