"""The adjusted model of the filtered group, fitted once per data, types, filter and settings in this session; a
large group's only when the person asks, since its fit takes seconds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from netcore.associations import AssociationResult, associations
from netcore.filters import Filter
from netcore.problems import AssociationError
from ui import filters
from ui.data import LoadedData
from ui.memo import is_kept, remembered

# Participants in a group up to which its model is fitted on every rerun that needs it (about half a second here);
# a larger group's model (100,000 people: about two seconds) waits for a button, so a filter change stays quick.
AUTO_FIT_LIMIT = 20_000
MODELS = "adjusted_model"


def adjusted_model(loaded: LoadedData, active: Filter, group: pd.DataFrame, covariates: list[str] | None,
                   reference_type: str | None = None, alpha: float = 0.05, ask: str = "Fit the model",
                   key: str = "fit_model") -> AssociationResult | str | None:
    """`netcore.associations.associations` of `group` (the participants `active` keeps), or why it cannot be
    fitted; kept (ui.memo), so a rerun that changes nothing it is made from does not fit it again. A group of more
    than AUTO_FIT_LIMIT participants whose model is not kept shows a button (`ask`, widget `key`) instead: None
    until it is pressed."""

    def make() -> AssociationResult | str:
        try:
            return associations(group, covariates, reference_type, alpha)
        except AssociationError as error:
            return str(error)

    memo_key = (*filters.frame_key(loaded), active, None if covariates is None else tuple(covariates),
                reference_type, alpha)
    if len(group) > AUTO_FIT_LIMIT and not is_kept(MODELS, memo_key):
        asking = st.empty()  # the question goes once it is answered
        with asking.container():
            # Never the group's exact size: beside the total it could tell how many (1-4) the filter leaves out.
            st.caption(f"This group has more than {AUTO_FIT_LIMIT:,} people, so this takes a few seconds to work "
                       "out: it is worked out when you ask.")
            pressed = st.button(ask, key=key, icon=":material/calculate:")
        if not pressed:
            return None
        asking.empty()
        with st.spinner("Working it out..."):
            return remembered(MODELS, memo_key, make)
    return remembered(MODELS, memo_key, make)
