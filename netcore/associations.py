"""Which covariates go with network type once the others are controlled: multinomial logistic regression.

The model (statsmodels MNLogit) regresses network type on the chosen covariates together. For each covariate:
- a likelihood-ratio test of the full model against the model without it (p_value); "associated" means
  p_value < alpha, as in the study. The Holm-adjusted p-value across the covariates tested (p_adjusted) is given
  beside it for readers who test many covariates at once;
- for each of its levels and each type other than the reference type, the odds ratio against the reference level
  with a 95% confidence interval.
Categorical covariates are dummy-coded against a reference level ("no" for yes/no covariates, otherwise the most
common level). Levels with fewer than `min_level_count` participants are merged into "other (merged)", or dropped
when even merged they stay too few; every such change is reported in `notes`. Numeric covariates enter per
standard deviation. Rows with a missing value in any chosen covariate are left out (and counted in `notes`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy.stats import chi2
from statsmodels.stats.multitest import multipletests
from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning, PerfectSeparationWarning

from netcore.disclosure import count_text
from netcore.model import KNOWN_COVARIATES
from netcore.problems import AssociationError

MERGED_LEVEL = "other (merged)"
MIN_LEVEL_COUNT = 5
MIN_PARTICIPANTS = 20
MAX_DEFAULT_LEVELS = 12
SEPARATION_COEFFICIENT = 15.0  # |log odds| beyond this means a level (nearly) perfectly predicts a type


@dataclass(frozen=True)
class CovariateAssociation:
    """One covariate's overall test and its odds ratios (one row per level and non-reference type)."""

    covariate: str
    p_value: float
    p_adjusted: float
    associated: bool
    reference_level: str
    odds_ratios: pd.DataFrame  # level, type, odds_ratio, ci_low, ci_high


@dataclass(frozen=True)
class AssociationResult:
    """The fitted model's answers, with everything changed on the way said in `notes`."""

    covariates: list[CovariateAssociation]
    reference_type: str
    participants: int
    alpha: float
    notes: list[str] = field(default_factory=list)

    def to_records(self) -> list[dict]:
        """Plain records for JSON: covariate, p_value, p_adjusted, associated, levels[level, type, odds ratio, CI]."""
        return [
            {
                "covariate": c.covariate,
                "p_value": c.p_value,
                "p_adjusted": c.p_adjusted,
                "associated": c.associated,
                "reference_level": c.reference_level,
                "levels": c.odds_ratios.to_dict("records"),
            }
            for c in self.covariates
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per covariate, level and type (for CSV and tables)."""
        rows = [
            {"covariate": c.covariate, "p_value": c.p_value, "p_adjusted": c.p_adjusted, "associated": c.associated,
             "reference_level": c.reference_level, **level}
            for c in self.covariates for level in c.odds_ratios.to_dict("records")
        ]
        columns = ["covariate", "p_value", "p_adjusted", "associated", "reference_level", "level", "type",
                   "odds_ratio", "ci_low", "ci_high"]
        return pd.DataFrame(rows, columns=columns)


def default_covariates(frame: pd.DataFrame) -> list[str]:
    """The study's covariates present with at least two levels of MIN_LEVEL_COUNT participants; when the data has
    none of them, its other categorical covariates that qualify (at most MAX_DEFAULT_LEVELS levels)."""

    def enough(column: str) -> bool:
        return (frame[column].value_counts() >= MIN_LEVEL_COUNT).sum() >= 2

    known = [column for column in KNOWN_COVARIATES if column in frame.columns and enough(column)]
    if known:
        return known
    others = [column for column in frame.columns if column not in ("participant_id", "network_type")
              and not pd.api.types.is_numeric_dtype(frame[column])]
    return [column for column in others if frame[column].nunique() <= MAX_DEFAULT_LEVELS and enough(column)]


def reference_level(values: pd.Series) -> str:
    """"no" for a yes/no covariate, otherwise the most common level (ties broken alphabetically)."""
    counts = values.value_counts()
    if set(counts.index) == {"yes", "no"}:
        return "no"
    return str(sorted(counts.index[counts == counts.max()])[0])


def _tidy_levels(values: pd.Series, covariate: str, min_count: int) -> tuple[pd.Series, list[str]]:
    """Merge levels with fewer than min_count participants; drop them (as missing) if still too few merged."""
    counts = values.value_counts()
    sparse = sorted(counts.index[counts < min_count])
    if not sparse:
        return values, []
    if counts[sparse].sum() >= min_count:
        note = f"{covariate}: merged rare levels {', '.join(map(str, sparse))} into '{MERGED_LEVEL}'"
        return values.where(~values.isin(sparse), MERGED_LEVEL), [note]
    note = f"{covariate}: left out participants in rare levels {', '.join(map(str, sparse))} (fewer than {min_count})"
    return values.where(~values.isin(sparse)), [note]


def _design(frame: pd.DataFrame, covariates: list[str], min_count: int
            ) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, str], list[str]]:
    """Dummy-coded design matrix, its columns per covariate, reference levels, notes."""
    blocks, columns, references, notes = [], {}, {}, []
    for covariate in covariates:
        values = frame[covariate]
        if pd.api.types.is_numeric_dtype(values):
            spread = values.std()
            if not spread > 0:
                notes.append(f"{covariate}: left out (the same value for everyone)")
                continue
            blocks.append(((values - values.mean()) / spread).rename(covariate).to_frame())
            columns[covariate], references[covariate] = [covariate], "per standard deviation"
            continue
        values, merged = _tidy_levels(values.astype("object"), covariate, min_count)
        notes += merged
        if values.nunique() < 2:
            notes.append(f"{covariate}: left out (fewer than two levels with enough participants)")
            continue
        reference = reference_level(values.dropna())
        levels = [level for level in sorted(values.dropna().unique(), key=str) if level != reference]
        dummies = pd.DataFrame({f"{covariate}={level}": (values == level).astype(float) for level in levels},
                               index=frame.index).where(values.notna())
        blocks.append(dummies)
        columns[covariate], references[covariate] = list(dummies.columns), reference
    design = pd.concat(blocks, axis=1) if blocks else pd.DataFrame(index=frame.index)
    return design, columns, references, notes


def _fit(outcome: np.ndarray, design: pd.DataFrame) -> tuple[object, list[str]]:
    """MNLogit fit (Newton, then BFGS if Newton fails); warnings about separation become notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = sm.MNLogit(outcome, sm.add_constant(design, has_constant="add"))
        try:
            fit = model.fit(method="newton", maxiter=200, disp=False)
        except np.linalg.LinAlgError:
            fit = model.fit(method="bfgs", maxiter=2000, disp=False)
    problems = {type(w.message) for w in caught}
    notes = []
    if PerfectSeparationWarning in problems or np.nanmax(np.abs(np.asarray(fit.params))) > SEPARATION_COEFFICIENT:
        notes.append("some levels (almost) perfectly predict a type (separation): their odds ratios and intervals "
                     "are unreliable; merge levels or use fewer covariates")
    if ConvergenceWarning in problems or HessianInversionWarning in problems or not fit.mle_retvals.get(
            "converged", True):
        notes.append("the model did not fully converge: read the results with care")
    return fit, notes


def _odds(log_odds: float) -> float:
    """exp, where a separated level's odds ratio may honestly be infinite."""
    with np.errstate(over="ignore"):
        return float(np.exp(log_odds))


def associations(frame: pd.DataFrame, covariates: list[str] | None = None, reference_type: str | None = None,
                 alpha: float = 0.05, min_level_count: int = MIN_LEVEL_COUNT) -> AssociationResult:
    """Adjusted associations of `network_type` with covariates in `frame` (one row per participant)."""
    covariates = default_covariates(frame) if covariates is None else list(covariates)
    unknown = [c for c in covariates if c not in frame.columns]
    if unknown:
        raise AssociationError(f"unknown covariate(s): {', '.join(unknown)}")
    if not covariates:
        raise AssociationError("choose at least one covariate: none of the data's covariates has at least two "
                               f"levels with {MIN_LEVEL_COUNT} or more participants to choose by default")
    data = frame[["network_type", *covariates]].dropna(subset=["network_type"])
    design, columns, references, notes = _design(data, covariates, min_level_count)
    complete = design.notna().all(axis=1)
    if (~complete).any():
        left_out = count_text(int((~complete).sum()))
        notes.append(f"left out {left_out} participant(s) with a missing or rare covariate value")
    design, outcome_names = design[complete], data.loc[complete, "network_type"].astype(str)
    types = sorted(outcome_names.unique())
    if not columns:
        raise AssociationError("no covariate is left to test after removing rare and constant ones")
    if len(types) < 2:
        raise AssociationError("everyone left has the same network type: there is nothing to compare")
    parameters = (len(types) - 1) * (design.shape[1] + 1)
    if len(design) < max(MIN_PARTICIPANTS, parameters):
        raise AssociationError(f"too few participants ({len(design)}) for {design.shape[1]} covariate columns and "
                               f"{len(types)} types: choose fewer covariates or widen the filter")
    reference_type = reference_type or outcome_names.value_counts().index[0]
    if reference_type not in types:
        raise AssociationError(f"reference type '{reference_type}' is not among the types: {', '.join(types)}")
    order = [reference_type, *[t for t in types if t != reference_type]]
    outcome = outcome_names.map({name: code for code, name in enumerate(order)}).to_numpy()

    with warnings.catch_warnings():
        # statsmodels evaluates log-likelihoods lazily; log(0) under separation is reported through the notes.
        warnings.simplefilter("ignore", RuntimeWarning)
        return _tested(design, outcome, order, columns, references, alpha, notes)


def _tested(design: pd.DataFrame, outcome: np.ndarray, order: list[str], columns: dict[str, list[str]],
            references: dict[str, str], alpha: float, notes: list[str]) -> AssociationResult:
    """Fit the full model, test each covariate by leaving it out, and collect the odds ratios."""
    parameters = (len(order) - 1) * (design.shape[1] + 1)
    full, fit_notes = _fit(outcome, design)
    notes += fit_notes
    if len(design) < 10 * parameters:
        notes.append(f"only {len(design)} participants for {parameters} model parameters: estimates are imprecise")
    lr_p = {}
    for covariate, own in columns.items():
        rest = design.drop(columns=own)
        reduced, _ = _fit(outcome, rest)
        statistic = max(0.0, 2 * (full.llf - reduced.llf))
        lr_p[covariate] = float(chi2.sf(statistic, df=(len(order) - 1) * len(own)))
    adjusted = dict(zip(lr_p, multipletests(list(lr_p.values()), method="holm")[1], strict=True))

    params = pd.DataFrame(np.asarray(full.params), index=full.model.exog_names, columns=order[1:])
    interval = full.conf_int(alpha=0.05)  # rows: (type code as text, column); columns: lower, upper
    results = []
    for covariate, own in columns.items():
        rows = []
        for position, type_name in enumerate(order[1:], start=1):
            for column in own:
                low, high = interval.loc[(str(position), column)]
                rows.append({"level": column.split("=", 1)[1] if "=" in column else "per standard deviation",
                             "type": type_name, "odds_ratio": _odds(params.loc[column, type_name]),
                             "ci_low": _odds(low), "ci_high": _odds(high)})
        results.append(CovariateAssociation(covariate, lr_p[covariate], float(adjusted[covariate]),
                                            bool(lr_p[covariate] < alpha), references[covariate],
                                            pd.DataFrame(rows, columns=["level", "type", "odds_ratio", "ci_low",
                                                                        "ci_high"])))
    return AssociationResult(results, order[0], len(design), alpha, notes)
