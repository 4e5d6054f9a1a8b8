"""Wellbeing Network Explorer: `streamlit run app.py`.

Navigation over the screens in views/, the shared sidebar, nothing else: views read the loaded data from ui.data.
The screens live in views/, not pages/: Streamlit treats a folder named pages/ as a legacy multipage app on a
server's first run (it would then open a page without this script, so without the sidebar and navigation).
"""

import streamlit as st

from ui import data
from ui.access import require_login
from ui.filters import filter_sidebar, small_numbers_warning
from ui.links import open_linked_page
from ui.pictures import format_choice
from ui.report import report_button
from ui.sidebar import dataset_sidebar, upload_problems_panel

# An emoji icon: a ":material/...:" page icon makes the browser fetch the favicon from a font CDN.
st.set_page_config(page_title="Wellbeing Network Explorer", page_icon="🕸️", layout="wide")
require_login()  # only when a deployment configures a login (SECURITY.md); nothing below runs before it

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/home:", default=True),
    st.Page("views/maps.py", title="Network maps", icon=":material/bubble_chart:"),
    st.Page("views/types.py", title="Network types", icon=":material/category:"),
    st.Page("views/patterns.py", title="Patterns", icon=":material/query_stats:"),
    st.Page("views/feedback.py", title="Feedback session", icon=":material/groups:", url_path="feedback"),
    st.Page("views/import_data.py", title="Bring your own data", icon=":material/upload_file:", url_path="import"),
]

page = st.navigation(PAGES)
open_linked_page(PAGES)
dataset_sidebar()
feedback_path = page.url_path == "feedback"
filter_sidebar(data.current(), page, plain=feedback_path)
if not feedback_path:  # the report speaks to analysts and commissioners, not in the session's plain words
    report_button(data.current())
    format_choice()
upload_problems_panel()
small_numbers_warning()
page.run()
