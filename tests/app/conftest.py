"""AppTest set-up shared by the page tests."""

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import app_test


class NavigationPagesManager(PagesManager):
    """A PagesManager that knows this app uses st.navigation, not the legacy pages/ folder.

    AppTest (Streamlit 1.67) resets `PagesManager.uses_pages_directory` before every run, and the folder named
    `pages/` then switches the runner to the legacy multipage mode: from the second run on it executes the page
    file alone, skipping app.py (no sidebar, no navigation). `streamlit run` sets the flag to False once
    st.navigation is called and keeps it, which is what this reproduces.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def navigation_apps(monkeypatch):
    monkeypatch.setattr(app_test, "PagesManager", NavigationPagesManager)
