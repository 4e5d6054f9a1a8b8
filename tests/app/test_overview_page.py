"""The overview page through Streamlit's AppTest: the default sample, a good upload and a broken one."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netcore import load_dataset
from netcore.export import dataset_tables, xlsx_bytes, zip_bytes
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, TIES, as_files
from ui.markdown import escape_markdown

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def table_with(at: AppTest, *columns: str):
    """The first dataframe on the page that has these columns."""
    return next(frame.value for frame in at.dataframe if set(columns) <= set(frame.value.columns))


def sidebar_text(at: AppTest) -> str:
    return " ".join(str(element.value) for element in at.sidebar.caption) + " ".join(
        str(element.value) for element in at.sidebar.error)


def test_default_sample_is_shown_and_labelled_synthetic(app):
    assert app.title[0].value == "Wellbeing Network Explorer"
    assert any("synthetic" in info.value for info in app.info)
    assert "Synthetic sample data" in sidebar_text(app)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Participants"] == "150"
    headline = table_with(app, "measure", "median")
    assert {"size", "family_share", "formal_share", "density"} <= set(headline["measure"])
    assert set(table_with(app, "site", "participants")["site"]) == {"London", "South West", "total"}
    assert {"participant_id", "circle", "member_b"} <= set(table_with(app, "file", "column", "required")["column"])
    assert "practitioner" in set(table_with(app, "category", "also written as")["category"])


def test_upload_of_csv_files_replaces_the_sample(app):
    files = as_files(PARTICIPANTS + "".join(f"P{i},London,no,social housing\n" for i in range(4, 9)), MEMBERS, TIES)
    app.file_uploader(key="upload_files").set_value([(name, data, "text/csv") for name, data in files.items()])
    app.run()
    assert not app.exception, app.exception
    assert "Your upload" in sidebar_text(app)
    assert not app.info, "an upload is not labelled synthetic"
    assert {metric.label: metric.value for metric in app.metric}["Participants"] == "8"


@pytest.mark.parametrize("kind", ["zip", "xlsx"])
def test_upload_of_zip_or_xlsx(app, kind):
    tables = dataset_tables(load_dataset(as_files()))
    payload = zip_bytes(tables) if kind == "zip" else xlsx_bytes(tables)
    app.file_uploader(key="upload_files").set_value((f"study.{kind}", payload, "application/octet-stream"))
    app.run()
    assert not app.exception, app.exception
    assert escape_markdown(f"Your upload (study.{kind})") in sidebar_text(app)
    # 3 participants: aggregates are suppressed
    assert {metric.label: metric.value for metric in app.metric}["Participants"] == "<5"
    assert any("Fewer than 5 participants" in warning.value for warning in app.warning)


def test_broken_upload_lists_problems_and_keeps_the_sample(app):
    members = MEMBERS.replace(",2,no,weekly,neutral", ",inner,no,weekly,neutral")
    files = as_files(members=members)
    app.file_uploader(key="upload_files").set_value([(name, data, "text/csv") for name, data in files.items()])
    app.run()
    assert not app.exception, app.exception
    text = sidebar_text(app)
    assert "could not be used" in text
    assert "circle 'inner' is not a whole number 1\\-7" in text  # markdown-escaped, shown as typed
    assert "Synthetic sample data" in text


def test_clearing_the_upload_goes_back_to_the_sample(app):
    app.file_uploader(key="upload_files").set_value([(n, d, "text/csv") for n, d in as_files().items()])
    app.run()
    app.file_uploader(key="upload_files").set_value(None)
    app.run()
    assert not app.exception
    assert "Synthetic sample data" in sidebar_text(app)
