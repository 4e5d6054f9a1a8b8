"""Network types pinned to an independent scikit-learn computation of the documented method.

The reference here is the method written with scikit-learn and scipy: StandardScaler; AgglomerativeClustering
(Ward) on the seeded subsample of at most WARD_MAX_ROWS participants; KMeans (n_init=1) from the Ward clusters'
centres; bootstrap refits by KMeans from the full fit's centres, scored by adjusted_rand_score and matched by
linear_sum_assignment; silhouette_samples on the seeded subsample of at most SILHOUETTE_MAX_ROWS. netcore must give
the same types, names, confidence, typicality, silhouette, stability, medoids and choose-k table, on the bundled
sample and on generated samples of several sizes and seeds (past both subsample limits).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score, silhouette_samples
from sklearn.preprocessing import StandardScaler

from netcore import compute_measures, load_dataset
from netcore.io.export import csv_bytes
from netcore.sample import generate_sample
from netcore.typology import (
    DEFAULT_FEATURES,
    SILHOUETTE_MAX_ROWS,
    WARD_MAX_ROWS,
    Standardiser,
    adjusted_rand_index,
    assign_types,
    choose_k_table,
    kmeans,
    name_types,
    silhouette_values,
    ward_clusters,
)

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"


@dataclass
class Reference:
    labels: np.ndarray
    centres: np.ndarray
    inertia: float
    distances: np.ndarray
    names: list[str]
    confidence: np.ndarray
    stability: float
    silhouettes: np.ndarray  # NaN outside the subsample


def reference(measures: pd.DataFrame, n_types: int, features: tuple[str, ...], random_state: int,
              resamples: int) -> Reference:
    """The documented method, computed with scikit-learn and scipy."""
    raw = measures[list(features)].astype(float).fillna(0.0).to_numpy()
    scaled = StandardScaler().fit_transform(raw)
    n = len(scaled)
    rng = np.random.default_rng(random_state)
    ward_data = scaled[rng.choice(n, WARD_MAX_ROWS, replace=False)] if n > WARD_MAX_ROWS else scaled
    ward = AgglomerativeClustering(n_clusters=n_types, linkage="ward").fit_predict(ward_data)
    start = np.vstack([ward_data[ward == k].mean(axis=0) for k in range(n_types)])
    kmeans = KMeans(n_clusters=n_types, init=start, n_init=1).fit(scaled)
    labels = kmeans.labels_
    profiles = measures.drop(columns=["participant_id"]).select_dtypes("number").groupby(labels).mean() \
        .reindex(range(n_types))
    names, _ = name_types(profiles, kmeans.cluster_centers_, features)

    rng = np.random.default_rng(random_state)
    same, scores = np.zeros(n), []
    for _ in range(resamples):
        rows = rng.integers(0, n, n)
        rng.integers(2**31)  # a seed drawn per refit (unused by k-means from given centres) keeps the resamples
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            try:
                refit = KMeans(n_clusters=n_types, init=kmeans.cluster_centers_, n_init=1).fit(scaled[rows])
            except ConvergenceWarning:
                continue  # fewer distinct types than asked for in the resample: skipped
        predicted = refit.predict(scaled)
        scores.append(adjusted_rand_score(labels, predicted))
        overlap = np.zeros((n_types, n_types))
        np.add.at(overlap, (predicted, labels), 1)
        _, matched = linear_sum_assignment(-overlap)  # for a square matrix the rows come back as 0..k-1
        same += matched[predicted] == labels
    confidence = same / len(scores) if scores else np.full(n, np.nan)

    silhouettes = np.full(n, np.nan)
    rows = np.arange(n)
    if n > SILHOUETTE_MAX_ROWS:
        rows = np.sort(np.random.default_rng(random_state).choice(n, SILHOUETTE_MAX_ROWS, replace=False))
    if 1 < len(np.unique(labels[rows])) < len(rows):
        silhouettes[rows] = silhouette_samples(scaled[rows], labels[rows])
    return Reference(labels, kmeans.cluster_centers_, kmeans.inertia_, kmeans.transform(scaled), names,
                     confidence, float(np.mean(scores)) if scores else float("nan"), silhouettes)


def measures_of_sample(participants: int, seed: int) -> pd.DataFrame:
    data = generate_sample(participants, seed=seed)
    files = {"participants": data.participants, "members": data.members, "ties": data.ties}
    return compute_measures(load_dataset({f"{name}.csv": csv_bytes(frame) for name, frame in files.items()}))


@pytest.fixture(scope="module")
def sample_measures() -> pd.DataFrame:
    return compute_measures(load_dataset(SAMPLE_DATA))


@pytest.fixture(scope="module")
def generated() -> dict[tuple[int, int], pd.DataFrame]:
    return {(size, seed): measures_of_sample(size, seed) for size, seed in [(40, 11), (700, 3), (5200, 8)]}


def with_empty_maps(measures: pd.DataFrame, count: int) -> pd.DataFrame:
    """The measures of `count` more participants whose maps are empty (every share undefined)."""
    empty = pd.DataFrame(0.0, index=range(count), columns=measures.columns.drop("participant_id"))
    empty[[c for c in empty.columns if c.endswith("share") or c in ("mean_circle", "density")]] = np.nan
    empty.insert(0, "participant_id", [f"E{i:02d}" for i in range(count)])
    return pd.concat([measures, empty], ignore_index=True)


def check_same_as_reference(measures: pd.DataFrame, n_types: int = 3, features: tuple[str, ...] = DEFAULT_FEATURES,
                            random_state: int = 0, resamples: int = 30) -> None:
    expected = reference(measures, n_types, features, random_state, resamples)
    found = assign_types(measures, n_types, features, random_state, resamples)
    table, model = found.table, found.model
    np.testing.assert_array_equal(table["type"].to_numpy(), expected.labels)
    np.testing.assert_array_equal(model.labels_, expected.labels)
    assert model.names_ == expected.names
    np.testing.assert_array_equal(table["network_type"].to_numpy(), np.array(expected.names)[expected.labels])
    np.testing.assert_allclose(model.cluster_centers_, expected.centres, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(model.transform(measures), expected.distances, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(table["confidence"].to_numpy(), expected.confidence)
    np.testing.assert_allclose(found.stability, expected.stability, rtol=1e-12)

    rows = np.arange(len(measures))
    own = expected.distances[rows, expected.labels]
    others = expected.distances.copy()
    others[rows, expected.labels] = np.inf
    nearest = others.argmin(axis=1)
    typicality = (others[rows, nearest] - own) / np.maximum(np.maximum(own, others[rows, nearest]), 1e-12)
    np.testing.assert_allclose(table["typicality"].to_numpy(), typicality, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(table["nearest_other_type"].to_numpy(), np.array(expected.names)[nearest])
    medoids = pd.Series(own, index=measures["participant_id"]).groupby(expected.labels).idxmin()
    assert found.medoids.to_dict() == medoids.to_dict()

    silhouettes = pd.Series(expected.silhouettes)
    np.testing.assert_allclose(found.silhouette, silhouettes.mean(), rtol=1e-9, atol=1e-12)
    by_type = silhouettes.groupby(expected.labels).mean().reindex(range(n_types))
    np.testing.assert_allclose(found.silhouette_by_type.to_numpy(), by_type.to_numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(("n_types", "random_state"), [(3, 0), (3, 7), (2, 0), (4, 1), (8, 5)])
def test_the_bundled_sample_gives_the_reference_types(sample_measures, n_types, random_state):
    check_same_as_reference(sample_measures, n_types, random_state=random_state)


def test_a_few_chosen_measures_give_the_reference_types(sample_measures):
    check_same_as_reference(sample_measures, 4, features=("people", "family_share", "formal_share"))


@pytest.mark.parametrize(("size", "seed", "n_types", "resamples"),
                         [(40, 11, 3, 30), (700, 3, 3, 30), (700, 3, 5, 10), (5200, 8, 3, 10)])
def test_generated_samples_give_the_reference_types(generated, size, seed, n_types, resamples):
    check_same_as_reference(generated[size, seed], n_types, random_state=seed, resamples=resamples)


def test_empty_maps_mixed_in_give_the_reference_types(sample_measures):
    check_same_as_reference(with_empty_maps(sample_measures, 80))


def test_as_many_participants_as_types_gives_the_reference_result(sample_measures):
    # every resample of 3 maps repeats one: k-means finds fewer than 3 types and the resample is skipped
    check_same_as_reference(sample_measures.head(3), resamples=10)
    check_same_as_reference(sample_measures.head(6), n_types=4, resamples=10)


@pytest.mark.parametrize("key", [(40, 11), (700, 3)])
def test_choose_k_table_gives_the_reference_spread_and_silhouette(generated, key):
    measures = generated[key]
    table = choose_k_table(measures, random_state=key[1]).set_index("types")
    for k in range(2, 9):
        expected = reference(measures, k, DEFAULT_FEATURES, key[1], resamples=0)
        assert table.loc[k, "within_type_spread"] == pytest.approx(expected.inertia, rel=1e-9)
        assert table.loc[k, "silhouette"] == pytest.approx(np.nanmean(expected.silhouettes), rel=1e-9)


# ---------------------------------------------------------------------------------------------------------------
# The pieces, each against its scikit-learn counterpart
# ---------------------------------------------------------------------------------------------------------------
def lattice(rows: int, seed: int) -> np.ndarray:
    """Standardised small whole numbers, like counts of people and places: many repeated rows and tied distances."""
    raw = np.random.default_rng(seed).integers(0, 4, size=(rows, 5)).astype(float)
    return StandardScaler().fit_transform(raw)


@pytest.mark.parametrize(("rows", "seed", "k"), [(12, 0, 3), (200, 1, 3), (200, 2, 8), (900, 3, 4)])
def test_ward_clusters_are_agglomerative_clusterings_with_its_numbering(rows, seed, k):
    data = lattice(rows, seed)
    expected = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(data)
    np.testing.assert_array_equal(ward_clusters(data, k), expected)


def test_ward_clusters_on_measures_past_the_subsample_limit(generated):
    raw = generated[5200, 8][list(DEFAULT_FEATURES)].astype(float).fillna(0.0).to_numpy()
    data = StandardScaler().fit_transform(raw)[:WARD_MAX_ROWS]
    expected = AgglomerativeClustering(n_clusters=3, linkage="ward").fit_predict(data)
    np.testing.assert_array_equal(ward_clusters(data, 3), expected)


def test_standardiser_is_standard_scaler_bit_for_bit(generated):
    raw = generated[700, 3][list(DEFAULT_FEATURES)].astype(float).fillna(0.0).to_numpy()
    raw[:, 2] = 5.0  # a measure that does not vary keeps scale 1
    scaler, ours = StandardScaler().fit(raw), Standardiser.fit(raw)
    np.testing.assert_array_equal(ours.mean_, scaler.mean_)
    np.testing.assert_array_equal(ours.scale_, scaler.scale_)
    np.testing.assert_array_equal(ours.transform(raw), scaler.transform(raw))
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(raw)), raw)


def test_kmeans_from_given_centres_is_kmeans_even_with_an_empty_cluster():
    data = lattice(300, 4)
    centres = np.vstack([data[:2], np.full(data.shape[1], 40.0)])  # no point is nearest to the far centre
    labels, found = kmeans(data, centres)
    expected = KMeans(n_clusters=3, init=centres, n_init=1).fit(data)
    np.testing.assert_array_equal(labels, expected.labels_)
    np.testing.assert_allclose(found, expected.cluster_centers_, rtol=1e-12, atol=1e-12)


def test_adjusted_rand_index_is_adjusted_rand_score_exactly():
    rng = np.random.default_rng(5)
    for n, k in [(2, 2), (10, 3), (500, 4), (3000, 8)]:
        first, second = rng.integers(0, k, n), rng.integers(0, k, n)
        assert adjusted_rand_index(first, second, k) == adjusted_rand_score(first, second)
        assert adjusted_rand_index(first, first, k) == 1.0


def test_silhouette_values_are_silhouette_samples_with_one_member_types_and_absent_types():
    data = lattice(600, 6)
    labels = np.random.default_rng(6).integers(0, 3, 600) * 2  # types 0, 2 and 4: 1, 3 and 5 are absent
    labels[7] = 7  # a type of one
    np.testing.assert_allclose(silhouette_values(data, labels), silhouette_samples(data, labels), rtol=1e-9,
                               atol=1e-12)
