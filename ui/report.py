"""The stakeholder report of the data and filter in use, offered in the sidebar as one offline HTML file.

The report itself is `netcore.report.build_report`, the same as `python -m netcore report`; this passes it what
the app shows: the loaded data, the sidebar filter, the Network types settings and names, and the Patterns
factors. It is made only when the button is pressed.
"""

from __future__ import annotations

import streamlit as st

from netcore.report import build_report
from ui import filters, types
from ui.data import LoadedData

FACTORS = "patterns_factors"  # the factors chosen on the Patterns page, kept outside its widget


def settings_text(k: int, features: tuple[str, ...], seed: int, covariates: list[str] | None, filter_text: str,
                  suppress: bool) -> str:
    """The app settings behind the report, in words, so the same numbers can be made again."""
    factors = ", ".join(covariates) if covariates else "the default factors"
    return (f"Wellbeing Network Explorer app: {k} network types from {', '.join(features)}, seed {seed}; "
            f"factors: {factors}; filter: {filter_text or 'everyone'}; "
            f"small numbers {'hidden' if suppress else 'shown'}.")


def report_arguments(loaded: LoadedData) -> dict:
    """What `build_report` needs to describe what the app shows now, read from this run's state (the download
    makes the report later, on a thread of its own, where session state cannot be read)."""
    frame, keep, active = filters.selection(loaded)
    k, features, seed = types.settings()
    assignment = types.current(loaded)
    names = None if isinstance(assignment, str) else types.chosen_names(assignment)
    covariates = st.session_state.get(FACTORS) or None
    suppress = filters.suppressing()
    filter_text = "" if active.is_empty() else active.describe(frame, suppress)
    return {"k": k, "seed": seed, "features": features, "type_names": names, "covariates": covariates,
            "synthetic": loaded.synthetic, "keep": keep, "filter_text": filter_text, "suppress": suppress,
            "settings_text": settings_text(k, features, seed, covariates, filter_text, suppress)}


def report_button(loaded: LoadedData) -> None:
    """"Download the report" in the sidebar: one HTML file that opens offline, prints and presents as slides."""
    arguments = report_arguments(loaded)
    with st.sidebar:
        st.download_button("Download the report", lambda: build_report(loaded.dataset, **arguments),
                           file_name="network-report.html", mime="text/html", key="download_report",
                           icon=":material/description:",
                           help="One web page for commissioners and service leaders: the findings of the data and "
                                "filter in use, " + ("with small numbers hidden" if arguments["suppress"] else
                                                     "WITH SMALL NUMBERS SHOWN (the switch below is off)")
                                + ". It opens offline, prints, and has a Present button for slides.")
