"""The counted multinomial logit (one row per combination of covariates and type, with its count of people) gives
what statsmodels' MNLogit gives with a row per person."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statsmodels.discrete.discrete_model import MNLogit

from netcore.mnlogit import CountedMNLogit, distinct_rows


def _design(seed: int, people: int, levels: list[int], numeric: bool, types: int) -> tuple[np.ndarray, np.ndarray]:
    """A constant, dummy columns of categorical covariates (the first level the reference), an optional numeric
    column with few values, and types that depend on the first covariate (so the model has something to find)."""
    rng = np.random.default_rng(seed)
    columns = [np.ones(people)]
    codes = [rng.integers(0, count, people) for count in levels]
    for code, count in zip(codes, levels, strict=True):
        columns += [(code == level).astype(float) for level in range(1, count)]
    if numeric:
        columns.append(rng.integers(18, 25, people).astype(float))
    outcome = (codes[0] + rng.integers(0, types, people)) % types
    return np.column_stack(columns), outcome


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), people=st.integers(1, 60),
       levels=st.lists(st.integers(1, 4), min_size=1, max_size=3), numeric=st.booleans())
def test_distinct_rows_stand_for_every_row_once(seed, people, levels, numeric):
    exog, outcome = _design(seed, people, levels, numeric, types=3)
    first, counts = distinct_rows(exog, outcome)
    table = np.column_stack([exog, outcome])
    assert counts.sum() == people and (counts >= 1).all()
    assert len(np.unique(table[first], axis=0)) == len(first)  # each combination once
    assert list(first) == sorted(first) and first[0] == 0  # in the order first seen
    for row in table:  # every row is one of them, counted
        same = (table[first] == row).all(axis=1)
        assert same.sum() == 1
        assert counts[same][0] == (table == row).all(axis=1).sum()


@pytest.mark.parametrize(("levels", "numeric", "types"), [([2, 3, 4], False, 3), ([2, 2], True, 3), ([3, 2], False, 4)])
@pytest.mark.parametrize("seed", [1, 2])
def test_the_counted_fit_is_the_fit_on_every_person(levels, numeric, types, seed):
    exog, outcome = _design(seed, 600, levels, numeric, types)
    first, counts = distinct_rows(exog, outcome)
    assert len(first) < len(outcome) / 3  # the point of it: far fewer rows than people
    plain = MNLogit(outcome, exog, check_rank=False).fit(method="newton", maxiter=200, disp=False)
    counted = CountedMNLogit(outcome[first], exog[first], counts, check_rank=False).fit(method="newton", maxiter=200,
                                                                                        disp=False)
    assert counted.llf == pytest.approx(plain.llf, rel=1e-12)
    np.testing.assert_allclose(counted.params, plain.params, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(counted.cov_params(), plain.cov_params(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(counted.conf_int(), plain.conf_int(), rtol=1e-9, atol=1e-12)
    assert counted.mle_retvals["iterations"] == plain.mle_retvals["iterations"]  # the same Newton steps
    assert counted.llnull == pytest.approx(plain.llnull, rel=1e-12)  # statsmodels' null model keeps the counts


def test_the_bfgs_fallback_stops_as_close_to_the_estimates_as_on_every_person():
    exog, outcome = _design(4, 600, [2, 3], False, 3)
    first, counts = distinct_rows(exog, outcome)
    newton = MNLogit(outcome, exog).fit(method="newton", disp=False).params
    plain = MNLogit(outcome, exog).fit(method="bfgs", maxiter=2000, disp=False)
    counted = CountedMNLogit(outcome[first], exog[first], counts).fit(method="bfgs", maxiter=2000, disp=False)
    assert counted.mle_retvals["converged"]
    assert np.abs(counted.params - newton).max() < 1e-3 and np.abs(plain.params - newton).max() < 1e-3


def test_counts_weigh_each_row_as_that_many_people():
    exog, outcome = _design(3, 200, [3, 2], False, 3)
    first, counts = distinct_rows(exog, outcome)
    model = CountedMNLogit(outcome[first], exog[first], counts)
    plain = MNLogit(outcome, exog)
    params = np.random.default_rng(0).normal(size=plain.exog.shape[1] * 2)
    assert model.loglike(params) == pytest.approx(plain.loglike(params), rel=1e-12)
    np.testing.assert_allclose(model.score(params), plain.score(params), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(model.hessian(params), plain.hessian(params), rtol=1e-10, atol=1e-10)
