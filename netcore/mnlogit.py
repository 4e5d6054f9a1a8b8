"""statsmodels' multinomial logit with a count of people per row, so people who share covariates and a network type
are one row.

Covariates are mostly yes/no or a few levels, so many people share the same combination of covariates and type
(the study's four factors make at most a few hundred, however many people). The log-likelihood is a sum over
people, so one row per combination, its term counted as many times as the people it stands for, gives the same
log-likelihood, gradient and Hessian as a row per person: the same Newton steps, estimates, standard errors and
likelihood-ratio tests, at a cost that grows with the combinations, not with the people. MNLogit takes no weights,
so these three are statsmodels' own formulas with the count as a factor of each row's term. Imported only when a
model is fitted (statsmodels takes a second to load).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.discrete.discrete_model import MNLogit


def distinct_rows(exog: np.ndarray, outcome: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first row of each distinct combination of covariates (`exog`) and type (`outcome`), in the order first
    seen, and how many rows have it."""
    table = pd.DataFrame(np.column_stack([exog, outcome]))
    combination = table.groupby(list(table.columns), sort=False).ngroup().to_numpy()  # numbered as first seen
    _, first, counts = np.unique(combination, return_index=True, return_counts=True)
    return first, counts


class CountedMNLogit(MNLogit):
    """MNLogit whose row i stands for `counts[i]` people with those covariates and that type."""

    def __init__(self, endog: np.ndarray, exog: np.ndarray, counts: np.ndarray, **kwargs) -> None:
        super().__init__(endog, exog, **kwargs)
        self.counts = np.asarray(counts, dtype=float)
        self._init_keys.append("counts")  # statsmodels makes models like this one (the null model) with them

    def fit(self, start_params: np.ndarray | None = None, method: str = "newton", maxiter: int = 35, **kwargs):
        """MNLogit's fit. statsmodels divides the log-likelihood by the rows to optimise it, here fewer than the
        people, so BFGS's gradient tolerance (scipy's 1e-5 unless given) is scaled back to the people's; Newton's
        steps do not depend on that scale. `nobs` of the result counts rows, not people."""
        if method == "bfgs":
            kwargs["gtol"] = kwargs.get("gtol", 1e-5) * self.counts.sum() / len(self.counts)
        return super().fit(start_params=start_params, method=method, maxiter=maxiter, **kwargs)

    def loglike(self, params: np.ndarray) -> float:
        return float(np.sum(self.counts[:, None] * self.loglikeobs(params)))

    def score(self, params: np.ndarray) -> np.ndarray:
        params = params.reshape(self.K, -1, order="F")
        residual = self.wendog[:, 1:] - self.cdf(np.dot(self.exog, params))[:, 1:]
        return np.dot((self.counts[:, None] * residual).T, self.exog).flatten()

    def hessian(self, params: np.ndarray) -> np.ndarray:
        params = params.reshape(self.K, -1, order="F")
        probability = self.cdf(np.dot(self.exog, params))[:, 1:]
        types = range(self.J - 1)  # the types after the reference, each a block of K rows and K columns

        def block(i: int, j: int) -> np.ndarray:
            factor = self.counts * probability[:, i] * ((i == j) - probability[:, j])
            return -np.dot((factor[:, None] * self.exog).T, self.exog)

        return np.block([[block(i, j) for j in types] for i in types])
