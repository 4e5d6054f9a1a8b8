"""Uploads at the edges of the data format, opened on every page: the app must neither crash nor leak a value."""

from pathlib import Path

import pandas as pd
import pytest

from tests.app.pages import open_page

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
