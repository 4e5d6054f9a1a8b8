"""The dataset the app is showing, kept in `st.session_state` for this browser session only.

Keys:
- LOADED ("loaded_data"): a `LoadedData` (dataset + measures) for the current session;
- UPLOAD_SIGNATURE ("upload_signature"): the name of the upload LOADED came from (None: the bundled sample);
- UPLOAD_PROBLEMS ("upload_problems"): the problems of an upload that could not be used;
- UPLOADS_MADE ("uploads_made"): how many uploads this session made; it is part of the upload box's key, so each
  new upload gets an empty box and replaces the previous data instead of being added to it.
Uploaded bytes are parsed in memory and never written to disk; only the bundled sample is cached across sessions.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from netcore import Dataset, DatasetError, Problem, compute_measures, load_dataset
from netcore.io import detect_format
from netcore.io.mapping import Conversion

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"

LOADED = "loaded_data"
UPLOAD_SIGNATURE = "upload_signature"
UPLOAD_PROBLEMS = "upload_problems"
UPLOAD_WIDGET = "upload_files"
UPLOADS_MADE = "uploads_made"


@dataclass(frozen=True)
class LoadedData:
    """A validated dataset with its measures, and how to name it to users."""

    dataset: Dataset
    measures: pd.DataFrame
    name: str
    synthetic: bool
    digest: str  # short SHA-256 of the measures: what the network types are made from (ui.types.signature)
    token: str  # new for every load: names this data in the keys of results derived from it (ui.memo)


def analyse(dataset: Dataset, name: str, synthetic: bool) -> LoadedData:
    """Run the per-dataset pipeline once: measures and their digest now; later stages hang off the same bundle."""
    measures = compute_measures(dataset)
    digest = hashlib.sha256(pd.util.hash_pandas_object(measures).to_numpy().tobytes()).hexdigest()[:16]
    return LoadedData(dataset, measures, name, synthetic, digest, uuid.uuid4().hex)


@st.cache_resource(max_entries=1, show_spinner="Loading the synthetic sample...")
def bundled_sample() -> LoadedData:
    """The synthetic sample shipped in sample_data/ (read-only, shared by all sessions)."""
    return analyse(load_dataset(SAMPLE_DIR), "Synthetic sample data", synthetic=True)


def upload_widget_key() -> str:
    """The upload box's key: new after every upload, so the box is empty for the next one (which replaces it)."""
    made = st.session_state.get(UPLOADS_MADE, 0)
    return UPLOAD_WIDGET if made == 0 else f"{UPLOAD_WIDGET}_{made}"


def use_upload(files: list, say: Callable[[str], object] = lambda step: None) -> bool:
    """Parse one upload (the files chosen together) in place of whatever was shown; on problems keep the previous
    data and remember the problems. The upload box is emptied, so the next upload replaces this one. `say` is told
    each step as it starts (the sidebar's progress).

    Returns False when the files are another tool's export (Network Canvas, egor): they are handed to the import
    wizard (ui.importer) instead, to choose how they map."""
    st.session_state[UPLOADS_MADE] = st.session_state.get(UPLOADS_MADE, 0) + 1
    contents = {f.name: f.getvalue() for f in files}
    try:
        if detect_format(contents) != "canonical":
            from ui import importer

            importer.hand_over(contents)
            st.session_state[UPLOAD_PROBLEMS] = []
            return False
        say("Reading and checking the files")
        dataset = load_dataset(contents)
    except DatasetError as error:
        st.session_state[UPLOAD_PROBLEMS] = error.problems
        return True
    say("Working out the measures of every map")
    use_conversion(dataset, f"Your upload ({', '.join(f.name for f in files)})")
    return True


def use_conversion(dataset: Dataset | Conversion, name: str) -> None:
    """Show a dataset read from an upload (or converted by the import wizard) in place of whatever was shown."""
    dataset = dataset.dataset if isinstance(dataset, Conversion) else dataset
    st.session_state[UPLOAD_SIGNATURE] = name
    st.session_state[UPLOAD_PROBLEMS] = []
    st.session_state[LOADED] = analyse(dataset, name, synthetic=False)


def use_sample() -> None:
    """Go back to the bundled sample (the "use the sample again" button)."""
    st.session_state[LOADED] = bundled_sample()
    st.session_state[UPLOAD_SIGNATURE] = None
    st.session_state[UPLOAD_PROBLEMS] = []


def current() -> LoadedData:
    """The data every page shows."""
    if LOADED not in st.session_state:
        use_sample()
    return st.session_state[LOADED]


def showing_upload() -> bool:
    """Whether the data shown came from an upload (not the bundled sample)."""
    return st.session_state.get(UPLOAD_SIGNATURE) is not None and not current().synthetic


def upload_problems() -> list[Problem]:
    """Problems of the last upload that could not be used (empty when none)."""
    return st.session_state.get(UPLOAD_PROBLEMS, [])
