"""The app driven through Streamlit's AppTest: an upload, then each page's first run and a filter change, and
another map on Network maps. Each interaction is timed around `at.run()`."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.timing import Row, seconds_of

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ("overview", "maps", "types", "patterns", "feedback")
FILTER_KEY = "filter_level_lives_alone"  # ui.filters.level_key("lives_alone"): the sidebar's "Lives alone"
FILTER_VALUE = ["yes"]
MAP_PICKER = "map_participant"  # views/maps.py: "Whose map"
UPLOAD = "upload (.zip, until the first page)"
TIMEOUT = 900  # seconds per run: the app at 10,000 on a busy machine


def timed_run(at) -> float:
    """Seconds of one `at.run()`; an error if the script raised."""
    seconds = seconds_of(at.run)
    if at.exception:
        raise RuntimeError(f"the app raised: {at.exception[0].message}")
    return seconds


def another_map(at) -> None:
    """Choose the next participant in "Whose map"."""
    picker = at.selectbox(key=MAP_PICKER)
    options = picker.options
    picker.set_value(options[(options.index(str(picker.value)) + 1) % len(options)])


def journey(upload: bytes) -> dict[str, float]:
    """One fresh session through every interaction: stage name -> seconds."""
    from streamlit.testing.v1 import AppTest  # Streamlit loads only when the app is benchmarked

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()  # the sample data, not timed
    at.file_uploader[0].set_value(("benchmark.zip", upload, "application/zip"))
    times = {UPLOAD: timed_run(at)}
    for page in PAGES:
        at.switch_page(f"views/{page}.py")
        times[f"{page}: first run"] = timed_run(at)
        if page == "maps":
            another_map(at)
            times["maps: open another map"] = timed_run(at)
        at.multiselect(key=FILTER_KEY).set_value(FILTER_VALUE)
        times[f"{page}: filter change"] = timed_run(at)
        at.multiselect(key=FILTER_KEY).set_value([])
        timed_run(at)  # everyone again before the next page, not timed
    return times


def app_rows(upload: bytes, size: int, repeat: int) -> list[Row]:
    """Each interaction's median seconds over `repeat` fresh sessions."""
    runs = [journey(upload) for _ in range(repeat)]
    return [Row(size, stage, "app", statistics.median(run[stage] for run in runs)) for stage in runs[0]]
