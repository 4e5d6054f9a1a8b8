"""The overview page through Streamlit's AppTest: the default sample, a good upload and a broken one."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netcore import load_dataset
from netcore.io.export import dataset_tables, xlsx_bytes, zip_bytes
from tests.app.pages import open_page
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
    """The first dataframe or table on the page that has these columns."""
    return next(frame.value for frame in [*at.dataframe, *at.table] if set(columns) <= set(frame.value.columns))


def sidebar_text(at: AppTest) -> str:
    return " ".join(str(element.value) for element in at.sidebar.caption) + " ".join(
        str(element.value) for element in at.sidebar.error)


def upload(at: AppTest, files: dict[str, bytes]) -> None:
    """Upload files into the (always fresh) upload box and run."""
    at.file_uploader[0].set_value([(name, data, "text/csv") for name, data in files.items()])
    at.run()
    assert not at.exception, at.exception


def test_default_sample_is_shown_and_labelled_synthetic(app):
    assert app.title[0].value == "Wellbeing Network Explorer"
    assert any("synthetic" in info.value for info in app.info)
    assert "Synthetic sample data" in sidebar_text(app)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Participants"] == "150"
    headline = table_with(app, "measure", "median", "middle half of maps")
    assert {"Connections", "Share of people who are family", "How linked the connections are"} <= set(
        headline["measure"])
    people = headline.set_index("measure").loc["People"]
    assert re.fullmatch(r"\d+", people["median"]) and re.fullmatch(r"\d+ to \d+", people["middle half of maps"])
    assert not any("_" in text for text in headline["measure"])
    assert set(table_with(app, "site", "participants")["site"]) == {"London", "South West", "total"}
    assert {"participant_id", "circle", "member_b"} <= set(table_with(app, "file", "column", "required")["column"])
    assert "practitioner" in set(table_with(app, "category", "also written as")["category"])


def test_upload_of_csv_files_replaces_the_sample(app):
    files = as_files(PARTICIPANTS + "".join(f"P{i},London,no,social housing\n" for i in range(4, 9)), MEMBERS, TIES)
    app.file_uploader[0].set_value([(name, data, "text/csv") for name, data in files.items()])
    app.run()
    assert not app.exception, app.exception
    assert "Your upload" in sidebar_text(app)
    assert not app.info, "an upload is not labelled synthetic"
    assert {metric.label: metric.value for metric in app.metric}["Participants"] == "8"


@pytest.mark.parametrize("kind", ["zip", "xlsx"])
def test_upload_of_zip_or_xlsx(app, kind):
    tables = dataset_tables(load_dataset(as_files()))
    payload = zip_bytes(tables) if kind == "zip" else xlsx_bytes(tables)
    app.file_uploader[0].set_value((f"study.{kind}", payload, "application/octet-stream"))
    app.run()
    assert not app.exception, app.exception
    assert escape_markdown(f"Your upload (study.{kind})") in sidebar_text(app)
    # 3 participants: aggregates are suppressed
    assert {metric.label: metric.value for metric in app.metric}["Participants"] == "<5"
    assert any("Fewer than 5 participants" in warning.value for warning in app.warning)


def test_broken_upload_lists_problems_in_the_main_area_and_keeps_the_sample(app):
    members = MEMBERS.replace(",2,no,weekly,neutral", ",inner,no,weekly,neutral")
    upload(app, as_files(members=members))
    assert "could not be used" in sidebar_text(app)
    assert "Synthetic sample data" in sidebar_text(app)
    listed = [error.value for error in app.main.error]
    assert len(listed) == 1 and "could not be used" in listed[0]
    assert "members\\.csv row 3" in listed[0] and "whole number 1\\-7" in listed[0]  # markdown-escaped, as typed
    assert "- " in listed[0]  # a list, one problem a line


def test_a_second_upload_replaces_the_first(app):
    upload(app, as_files())
    assert {metric.label: metric.value for metric in app.metric}["Participants"] == "<5"
    bigger = as_files(PARTICIPANTS + "".join(f"P{i},London,no,social housing\n" for i in range(4, 9)), MEMBERS, TIES)
    upload(app, bigger)  # the same file names again: "not a mix" before, and added to the first upload
    assert not app.main.error and not app.sidebar.error
    assert {metric.label: metric.value for metric in app.metric}["Participants"] == "8"
    assert app.file_uploader[0].value in (None, [])  # the box is empty, ready for the next upload
    zipped = zip_bytes(dataset_tables(load_dataset(as_files())))
    app.file_uploader[0].set_value(("study.zip", zipped, "application/zip"))
    app.run()
    assert not app.main.error, [e.value for e in app.main.error]
    assert escape_markdown("Your upload (study.zip)") in sidebar_text(app)


def test_the_sample_button_goes_back_to_the_sample(app):
    upload(app, as_files())
    app.button(key="use_sample").click()
    app.run()
    assert not app.exception
    assert "Synthetic sample data" in sidebar_text(app)
    assert {metric.label: metric.value for metric in app.metric}["Participants"] == "150"


def test_the_data_downloads_in_every_format():
    at = open_page("overview")
    labels = {element.proto.label for element in at.get("download_button")}
    assert {"Dataset (.zip)", "Dataset (.xlsx)", "All maps (.graphml)", "Measures (.csv)"} <= labels, labels
