"""Opening one page of the app in AppTest, as every page test does."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(view: str, upload: dict[str, bytes] | None = None, query: dict[str, str] | None = None,
              timeout: float = 120) -> AppTest:
    """The app on views/<view>.py, after an optional CSV upload and with optional URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if upload:
        at.file_uploader[0].set_value([(n, d, "text/csv") for n, d in upload.items()])
        at.run()
    at.switch_page(f"views/{view}.py")
    at.run()
    assert not at.exception, at.exception
    return at
