"""Which covariates go with network type once the others are controlled: multinomial logistic regression.

The model (statsmodels MNLogit) regresses network type on the chosen covariates together. For each covariate:
- `p_value`, the likelihood-ratio test of the full model against the model without it. This is the p that
  decides, as in the study: `associated` is True when p_value < alpha (the chosen level, 0.05 by default);
- `p_adjusted`, the Holm-adjusted p across the covariates tested, for readers who test many at once, with its own
  verdict `associated_adjusted` (p_adjusted < alpha). The two verdicts can differ: a factor can be associated by
  its own test and not once adjusted for testing several;
- for each of its levels and each type other than the reference type, the odds ratio against the reference level
  with a 95% confidence interval.
`format_p_value` is the one way every screen and report writes a p-value ("< 0.001", "0.058").

Categorical covariates are dummy-coded against a reference level ("no" for yes/no covariates, otherwise the most
common level). Numeric covariates enter per standard deviation. Rows with a missing value in any chosen covariate
are left out. Before fitting, the data are made fit for the model, and every change is said in `notes` in plain
words that never name a level held by fewer than `min_level_count` people, and give counts of people through
`netcore.disclosure.count_text`:
- a network type with 1-4 people among the rows fitted is left out, with its people, so no type that small is an
  outcome or the reference (its odds ratios would describe those few people); the note names no type and counts
  no one, and `type_sizes` gives the people per type the model was fitted on;
- levels with fewer than `min_level_count` participants are merged into "other (merged)", or their people left out
  when even merged they stay too few;
- a covariate in one of whose levels everyone has the same network type (separation: its odds ratio would be
  infinite) is left out;
- a covariate that follows exactly from the ones before it in the order chosen (its dummy columns add no rank to
  the design matrix with the constant, e.g. gender when every person at one site is female and at the other male)
  is left out, since the model cannot tell the two apart.
Any numerical failure of the fit that remains is an AssociationError with a plain message.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netcore.disclosure import SMALL_CELL_LIMIT, count_text, small_groups
from netcore.labels import plain_words
from netcore.model import KNOWN_COVARIATES
from netcore.problems import AssociationError
from netcore.summary import count_phrase

MERGED_LEVEL = "other (merged)"
MIN_LEVEL_COUNT = 5
MIN_PARTICIPANTS = 20
MAX_DEFAULT_LEVELS = 12
SEPARATION_COEFFICIENT = 15.0  # |log odds| beyond this means a level (nearly) perfectly predicts a type
SMALLEST_SHOWN_P = 0.001
CANNOT_FIT = ("the model's estimates do not settle on these data: choose fewer covariates, or ones with more people "
              "in each level")


def format_p_value(p: float) -> str:
    """A p-value as every screen and report writes it: "< 0.001" below 0.001, else 3 decimals ("0.058", "1.000");
    "" when missing. Never "0.0000", which would claim a certainty no test gives."""
    if pd.isna(p):
        return ""
    return f"< {SMALLEST_SHOWN_P}" if p < SMALLEST_SHOWN_P else f"{p:.3f}"


@dataclass(frozen=True)
class CovariateAssociation:
    """One covariate's overall test and its odds ratios (one row per level and non-reference type).

    `associated` (p_value < alpha) is the study's verdict; `associated_adjusted` (p_adjusted < alpha) the verdict
    after Holm's adjustment for testing several covariates."""

    covariate: str
    p_value: float
    p_adjusted: float
    associated: bool
    associated_adjusted: bool
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
    # People per type among the rows fitted (the reference type first); every type has 5 or more.
    type_sizes: pd.Series = field(default_factory=lambda: pd.Series(dtype=int, name="participants"))

    def to_records(self) -> list[dict]:
        """Plain records for JSON: covariate, p_value, associated, p_adjusted, associated_adjusted, reference_level,
        levels[level, type, odds ratio, CI]."""
        return [
            {
                "covariate": c.covariate,
                "p_value": c.p_value,
                "associated": c.associated,
                "p_adjusted": c.p_adjusted,
                "associated_adjusted": c.associated_adjusted,
                "reference_level": c.reference_level,
                "levels": c.odds_ratios.to_dict("records"),
            }
            for c in self.covariates
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per covariate, level and type (for CSV and tables)."""
        rows = [
            {"covariate": c.covariate, "p_value": c.p_value, "associated": c.associated, "p_adjusted": c.p_adjusted,
             "associated_adjusted": c.associated_adjusted, "reference_level": c.reference_level, **level}
            for c in self.covariates for level in c.odds_ratios.to_dict("records")
        ]
        columns = ["covariate", "p_value", "associated", "p_adjusted", "associated_adjusted", "reference_level",
                   "level", "type", "odds_ratio", "ci_low", "ci_high"]
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


def _tidy(data: pd.DataFrame, covariates: list[str], min_count: int) -> tuple[pd.DataFrame, list[str]]:
    """The rows the model can use (every chosen covariate recorded) with rare levels merged into MERGED_LEVEL, or
    their people left out when even merged they stay too few; repeated until no level in the rows that are left
    has fewer than min_count people. The notes count levels and never name one."""
    data = data.dropna(subset=covariates)
    categorical = [c for c in covariates if not pd.api.types.is_numeric_dtype(data[c])]
    data = data.astype(dict.fromkeys(categorical, "object"))
    merged: dict[str, set] = {c: set() for c in categorical}
    dropped: dict[str, set] = {c: set() for c in categorical}
    while True:
        before = len(data)
        for covariate in categorical:
            counts = data[covariate].value_counts()
            sparse = set(counts.index[counts < min_count])
            if not sparse:
                continue
            if counts[list(sparse)].sum() >= min_count and sparse != {MERGED_LEVEL}:
                merged[covariate] |= sparse - {MERGED_LEVEL}
                data[covariate] = data[covariate].where(~data[covariate].isin(sparse), MERGED_LEVEL)
                continue
            if MERGED_LEVEL in sparse:  # the merged levels' people are left out after all
                dropped[covariate] |= merged[covariate]
                merged[covariate] = set()
            dropped[covariate] |= sparse - {MERGED_LEVEL}
            data = data[~data[covariate].isin(sparse)]
        if len(data) == before:
            break
    notes = []
    for covariate in categorical:
        rare = f"(fewer than {min_count} people each)"
        if merged[covariate]:
            notes.append(f"{plain_words(covariate)}: merged {count_phrase(len(merged[covariate]), 'rare level')} "
                         f"{rare} into '{MERGED_LEVEL}'")
        if dropped[covariate]:
            notes.append(f"{plain_words(covariate)}: left out the people in "
                         f"{count_phrase(len(dropped[covariate]), 'rare level')} {rare}")
    return data, notes


def _design(data: pd.DataFrame, covariates: list[str]
            ) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, str], dict[str, str]]:
    """Dummy-coded design matrix, its columns per covariate, reference levels, and the covariates that cannot
    enter (the same for everyone) with a note each."""
    blocks, columns, references, left_out = [], {}, {}, {}
    for covariate in covariates:
        values = data[covariate]
        if pd.api.types.is_numeric_dtype(values):
            spread = values.std()
            if not spread > 0:
                left_out[covariate] = f"{plain_words(covariate)}: left out (the same value for everyone)"
                continue
            blocks.append(((values - values.mean()) / spread).rename(covariate).to_frame())
            columns[covariate], references[covariate] = [covariate], "per standard deviation"
            continue
        if values.nunique() < 2:
            left_out[covariate] = f"{plain_words(covariate)}: left out (fewer than two levels with enough participants)"
            continue
        reference = reference_level(values)
        levels = [level for level in sorted(values.unique(), key=str) if level != reference]
        dummies = pd.DataFrame({f"{covariate}={level}": (values == level).astype(float) for level in levels},
                               index=data.index)
        blocks.append(dummies)
        columns[covariate], references[covariate] = list(dummies.columns), reference
    design = pd.concat(blocks, axis=1) if blocks else pd.DataFrame(index=data.index)
    return design, columns, references, left_out


def _separating(data: pd.DataFrame, covariates: list[str]) -> dict[str, str]:
    """Covariates with a level in which everyone has the same network type: the model would give that level an
    infinite odds ratio (separation), so the covariate is left out."""
    left_out = {}
    for covariate in covariates:
        separated = int((data.groupby(covariate)["network_type"].nunique() == 1).sum())
        if separated:
            levels = "one of its levels" if separated == 1 else f"{separated} of its levels"
            left_out[covariate] = (f"{plain_words(covariate)}: left out, because everyone in {levels} has the same "
                                   "network type, so its odds ratios cannot be estimated (separation)")
    return left_out


def _collinear(design: pd.DataFrame, columns: dict[str, list[str]]) -> dict[str, str]:
    """Covariates that follow exactly from those before them in the order chosen: their columns add less rank to
    the design matrix with the constant than they have columns, so the model cannot tell them apart."""
    constant = pd.Series(1.0, index=design.index, name="constant")

    def gain(before: list[str], covariate: str) -> int:
        """The rank the covariate's columns add to the constant and the columns of the covariates `before`."""
        base = pd.concat([constant, design[[column for name in before for column in columns[name]]]], axis=1)
        return (np.linalg.matrix_rank(pd.concat([base, design[columns[covariate]]], axis=1).to_numpy())
                - np.linalg.matrix_rank(base.to_numpy()))

    kept, left_out = [], {}
    for covariate, own in columns.items():
        added = gain(kept, covariate)
        if added == len(own):
            kept.append(covariate)
            continue
        involved = [name for name in kept if gain([k for k in kept if k != name], covariate) > added] or kept
        names = [plain_words(name) for name in involved]
        source = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]} together"
        what = "it follows" if added == 0 else "some of its levels follow"
        apart = "the two cannot" if len(names) == 1 and added == 0 else "they cannot"
        left_out[covariate] = f"{plain_words(covariate)}: left out, because {what} from {source} exactly ({apart} be " \
                              "told apart)"
    return left_out


def _fit(outcome: np.ndarray, exog: np.ndarray, counts: np.ndarray) -> tuple[object, list[str]]:
    """MNLogit fit of the outcome codes on `exog` (the constant first), each row standing for `counts` people
    (netcore.mnlogit): Newton, then BFGS if Newton fails. Warnings about separation become notes, and a fit without
    finite estimates or their covariance becomes an AssociationError. The design's rank was checked before
    (`_collinear`), so statsmodels does not check it again."""
    # statsmodels takes about a second to import: only a page or command that fits a model pays for it.
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning, PerfectSeparationWarning

    from netcore.mnlogit import CountedMNLogit

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = CountedMNLogit(outcome, exog, counts, check_rank=False)
            try:
                fit = model.fit(method="newton", maxiter=200, disp=False)
            except np.linalg.LinAlgError:
                fit = model.fit(method="bfgs", maxiter=2000, disp=False)
            variances = np.diag(fit.cov_params())
        except (np.linalg.LinAlgError, ValueError) as error:
            raise AssociationError(CANNOT_FIT) from error
    if not (np.isfinite(fit.llf) and np.isfinite(variances).all()):
        raise AssociationError(CANNOT_FIT)
    problems = {type(w.message) for w in caught}
    notes = []
    if PerfectSeparationWarning in problems or np.nanmax(np.abs(np.asarray(fit.params))) > SEPARATION_COEFFICIENT:
        notes.append("some levels (almost) perfectly predict a type (separation): their odds ratios and intervals "
                     "are unreliable; merge levels or use fewer covariates")
    if ConvergenceWarning in problems or HessianInversionWarning in problems or not fit.mle_retvals.get(
            "converged", True):
        notes.append("the model did not fully converge: read the results with care")
    return fit, notes


def _holm(p_values: list[float]) -> np.ndarray:
    """Holm's step-down adjusted p-values, as statsmodels' multipletests(method="holm") gives them (without the
    garbage collection it runs on every call)."""
    p_values = np.asarray(p_values, dtype=float)
    order = np.argsort(p_values)
    stepped = np.maximum.accumulate(p_values[order] * np.arange(len(p_values), 0, -1))
    adjusted = np.empty_like(p_values)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


def _odds(log_odds: float) -> float:
    """exp, where a separated level's odds ratio may honestly be infinite."""
    with np.errstate(over="ignore"):
        return float(np.exp(log_odds))


def associations(frame: pd.DataFrame, covariates: list[str] | None = None, reference_type: str | None = None,
                 alpha: float = 0.05, min_level_count: int = MIN_LEVEL_COUNT) -> AssociationResult:
    """Adjusted associations of `network_type` with covariates in `frame` (one row per participant).

    BLAS runs on one thread meanwhile: its matrices are small (a column per level), and two BLAS threads fighting
    over two busy cores made the fits 4-15 times slower here."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return _associations(frame, covariates, reference_type, alpha, min_level_count)


def _associations(frame: pd.DataFrame, covariates: list[str] | None, reference_type: str | None, alpha: float,
                  min_level_count: int) -> AssociationResult:
    """`associations` itself."""
    covariates = default_covariates(frame) if covariates is None else list(covariates)
    unknown = [c for c in covariates if c not in frame.columns]
    if unknown:
        raise AssociationError(f"unknown covariate(s): {', '.join(unknown)}")
    if not covariates:
        raise AssociationError("choose at least one covariate: none of the data's covariates has at least two "
                               f"levels with {MIN_LEVEL_COUNT} or more participants to choose by default")
    data = frame[["network_type", *covariates]].dropna(subset=["network_type"])
    data = data.assign(network_type=data["network_type"].astype(str))
    kept, left_out_notes, small_types = covariates, [], 0
    while True:  # leave out what the model cannot estimate, then prepare the rest again on the rows it has
        if not kept:
            raise AssociationError(f"no covariate is left to test: {'; '.join(left_out_notes)}")
        rows, notes = _tidy(data, kept, min_level_count)
        sizes = rows["network_type"].value_counts()
        small = sizes.index[small_groups(sizes)]
        if len(small):  # never an outcome or the reference: its odds ratios would describe 1-4 people
            data = data[~data["network_type"].isin(small)]
            small_types += len(small)
            continue
        if rows["network_type"].nunique() < 2:
            raise AssociationError((f"fewer than two kinds of network have {SMALL_CELL_LIMIT} or more people here"
                                    if small_types
                                    else "everyone left has the same network type") + ": there is nothing to compare")
        design, columns, references, left_out = _design(rows, kept)
        left_out = (left_out or _separating(rows, [c for c in columns if references[c] != "per standard deviation"])
                    or _collinear(design, columns))
        if not left_out:
            break
        left_out_notes += left_out.values()
        kept = [c for c in kept if c not in left_out]
    notes += left_out_notes
    if small_types:
        few = f"fewer than {SMALL_CELL_LIMIT} people"
        notes.append(f"a kind of network with {few} here was left out of the model" if small_types == 1
                     else f"{small_types} kinds of network with {few} each here were left out of the model")
    if len(rows) < len(data):
        notes.append(f"left out {count_text(len(data) - len(rows))} participant(s) with a missing or rare covariate "
                     "value")
    outcome_names = rows["network_type"]
    types = sorted(outcome_names.unique())
    parameters = (len(types) - 1) * (design.shape[1] + 1)
    if len(design) < max(MIN_PARTICIPANTS, parameters):
        # No count of the people fitted: beside the group's size it could say how many (1-4) were left out.
        raise AssociationError(f"too few participants for {design.shape[1]} covariate columns and {len(types)} types: "
                               "choose fewer covariates or widen the filter")
    reference_type = reference_type or outcome_names.value_counts().index[0]
    if reference_type not in types and reference_type in frame["network_type"].astype(str).to_numpy():
        raise AssociationError(f"the chosen reference type has fewer than {SMALL_CELL_LIMIT} people here, so it is "
                               "not in the model: choose another")
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
    """Fit the full model, test each covariate by leaving it out, and collect the odds ratios.

    The design matrix is made once, people with the same covariates and type become one row with their count
    (netcore.mnlogit), and each reduced fit takes its columns. Every fit starts from zeros: started from the full
    fit's estimates, Newton (which takes full steps) diverged on the bundled sample."""
    from scipy.stats import chi2

    from netcore.mnlogit import distinct_rows

    people = np.column_stack([np.ones(len(design)), design.to_numpy(dtype=float)])
    parameters = (len(order) - 1) * people.shape[1]
    first, counts = distinct_rows(people, outcome)
    exog, outcome = people[first], outcome[first]
    position = {column: index for index, column in enumerate(design.columns, start=1)}  # after the constant
    full, fit_notes = _fit(outcome, exog, counts)
    notes += fit_notes
    if len(design) < 10 * parameters:
        # No count of the people fitted: beside the group's size it could say how many were left out.
        notes.append(f"fewer than 10 participants for each of the {parameters} model parameters: estimates are "
                     "imprecise")
    lr_p = {}
    for covariate, own in columns.items():
        rest = np.setdiff1d(np.arange(exog.shape[1]), [position[column] for column in own])
        reduced, _ = _fit(outcome, exog[:, rest], counts)
        statistic = max(0.0, 2 * (full.llf - reduced.llf))
        lr_p[covariate] = float(chi2.sf(statistic, df=(len(order) - 1) * len(own)))
    adjusted = dict(zip(lr_p, _holm(list(lr_p.values())), strict=True))

    interval = full.conf_int(alpha=0.05)  # [non-reference type, column, (lower, upper)]
    results = []
    for covariate, own in columns.items():
        rows = []
        for code, type_name in enumerate(order[1:]):
            for column in own:
                low, high = interval[code, position[column]]
                rows.append({"level": column.split("=", 1)[1] if "=" in column else "per standard deviation",
                             "type": type_name, "odds_ratio": _odds(full.params[position[column], code]),
                             "ci_low": _odds(low), "ci_high": _odds(high)})
        p_value, p_adjusted = lr_p[covariate], float(adjusted[covariate])
        results.append(CovariateAssociation(
            covariate=covariate, p_value=p_value, p_adjusted=p_adjusted, associated=bool(p_value < alpha),
            associated_adjusted=bool(p_adjusted < alpha), reference_level=references[covariate],
            odds_ratios=pd.DataFrame(rows, columns=["level", "type", "odds_ratio", "ci_low", "ci_high"])))
    sizes = pd.Series(np.bincount(outcome, weights=counts, minlength=len(order)).astype(int), index=order,
                      name="participants")
    return AssociationResult(results, order[0], len(design), alpha, notes, sizes)
