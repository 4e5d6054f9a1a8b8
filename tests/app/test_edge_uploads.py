"""Uploads at the edges of the data format, opened on every page: the app must neither crash nor leak a value."""

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.pages import open_page
from tests.netcore.test_messages_privacy import corrupt_crc_zip, leaks, planted_files, two_tables_zip

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
PAGES = ("overview", "maps", "types", "patterns")


def sample_files(participants: pd.DataFrame | None = None) -> dict[str, bytes]:
    """The bundled sample as uploaded CSV files, optionally with another participants table."""
    files = {path.name: path.read_bytes() for path in sorted(SAMPLE.glob("*.csv"))}
    if participants is not None:
        files["participants.csv"] = participants.to_csv(index=False).encode()
    return files


@pytest.mark.parametrize("view", PAGES)
def test_covariates_named_like_a_measure_and_like_its_new_name_open_every_page(view):
    participants = pd.read_csv(SAMPLE / "participants.csv", dtype=str)
    participants["size"] = ["large household", "small household"] * (len(participants) // 2) + [
        "small household"] * (len(participants) % 2)
    participants["size_covariate"] = [str(i % 4) for i in range(len(participants))]
    at = open_page(view, upload=sample_files(participants))
    sidebar = " ".join(str(element.value) for element in [*at.sidebar.caption, *at.sidebar.error])
    assert "Your upload" in sidebar and "could not be used" not in sidebar


def page_texts(at: AppTest) -> list[str]:
    """The text of every element on the page and in the sidebar, as Streamlit sends it to the browser."""
    def walk(node) -> Iterator:
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)
    texts = []
    for node in walk(at._tree):
        if getattr(node, "proto", None) is not None:
            texts.append(str(node.proto))
        if isinstance(getattr(node, "value", None), pd.DataFrame):
            texts.append(node.value.to_csv())
    return texts


@pytest.mark.parametrize("view", PAGES)
def test_values_planted_in_every_checked_column_are_on_no_page(view):
    at = open_page(view, upload=planted_files())
    texts = page_texts(at)
    shown = " ".join(texts)
    assert not leaks(texts), leaks(texts)
    assert "Your upload could not be used" in shown and "15 problems" in shown
    assert "circle is not a whole number 1\\\\-7" in shown  # markdown-escaped inside the page's protobuf text


@pytest.mark.parametrize("build", [corrupt_crc_zip, two_tables_zip])
def test_folder_and_file_names_inside_a_zip_are_on_no_page(build):
    at = open_page("overview", upload={"study.zip": build()})
    texts = page_texts(at)
    assert "Your upload could not be used" in " ".join(texts)
    assert not leaks(texts), leaks(texts)
