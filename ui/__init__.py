"""Streamlit-only helpers shared by the pages (the loaded data, the sidebar). netcore never imports this."""
