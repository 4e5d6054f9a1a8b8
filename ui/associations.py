"""The adjusted model of the filtered group, fitted once per data, types, filter and settings in this session."""

from __future__ import annotations

import pandas as pd

from netcore.associations import AssociationResult, associations
from netcore.filters import Filter
from netcore.problems import AssociationError
from ui import filters
from ui.data import LoadedData
from ui.memo import remembered


def adjusted_model(loaded: LoadedData, active: Filter, group: pd.DataFrame, covariates: list[str] | None,
                   reference_type: str | None = None, alpha: float = 0.05) -> AssociationResult | str:
    """`netcore.associations.associations` of `group` (the participants `active` keeps), or why it cannot be
    fitted; kept (ui.memo), so a rerun that changes nothing it is made from does not fit it again."""

    def make() -> AssociationResult | str:
        try:
            return associations(group, covariates, reference_type, alpha)
        except AssociationError as error:
            return str(error)

    key = (*filters.frame_key(loaded), active, None if covariates is None else tuple(covariates), reference_type,
           alpha)
    return remembered("adjusted_model", key, make)
