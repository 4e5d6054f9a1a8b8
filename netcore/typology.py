"""Network types by hierarchical k-means, as in the study: Ward clustering chooses the centres, k-means refines.

`NetworkTypology` follows scikit-learn's contract (`fit` on a measures table, `predict` for new participants,
`random_state`). Features are standardised; a share that is undefined for a map (family share with no people, any
share of an empty map) counts as 0 (none of it). Ward runs on at most WARD_MAX_ROWS participants (a seeded
subsample when there are more), so fitting stays fast on large data; k-means then uses everyone.

Naming (k = 3) follows a documented rule: every way of giving the three study names to the three clusters is
scored, and the best wins. "diverse and active" scores the cluster's size plus its diversity, "family and stable"
its family share, "formal and sparse" its formal share minus its size (each standardised across the clusters).
A study name is then refused to a type that lacks its defining feature: "family and stable" when the type's
family share is 0 (none of its maps has family), "formal and sparse" when its formal share is 0, "diverse and
active" when its mean size is the lowest of all types or its maps have one kind of person at most (mean
diversity 1 or less). A refused type gets a descriptive name instead (never another study name: the scores, not
the refusals, decide which type is which), and the reason is kept in `naming_notes_`. Other k get names from
each cluster's two most distinctive features ("more family, fewer places"). While small numbers are hidden, a
type of 1-4 people is shown by a neutral name instead (`shown_names`), since a descriptive name tells its profile.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score, silhouette_samples
from sklearn.preprocessing import StandardScaler

from netcore.disclosure import small_groups
from netcore.model import MAX_TYPES, MIN_TYPES
from netcore.problems import TypologyError

STUDY_TYPES = ("diverse and active", "family and stable", "formal and sparse")
SMALL_TYPE_NAME = "a small type"  # the name a type of 1-4 people is shown by while small numbers are hidden
DEFAULT_FEATURES = ("people", "places", "activities", "family_share", "formal_share", "diversity", "inner_share")
WARD_MAX_ROWS = 3000
SILHOUETTE_MAX_ROWS = 5000
FEATURE_WORDS = {
    "size": "connections", "people": "people", "places": "places", "activities": "activities",
    "inner": "people in the closest circle", "inner_share": "closeness", "mean_circle": "distance",
    "family_people": "family", "family_share": "family", "formal_members": "services",
    "formal_share": "services", "formal_places_activities_share": "formal places", "diversity": "variety",
    "ties": "links", "density": "links between connections", "positive": "good connections",
    "neutral": "neutral connections", "negative": "bad connections",
}


def feature_matrix(measures: pd.DataFrame, features: tuple[str, ...]) -> np.ndarray:
    """The chosen measures as a float matrix, undefined shares counted as 0."""
    unknown = [f for f in features if f not in measures.columns]
    if unknown:
        raise TypologyError(f"unknown measure(s): {', '.join(unknown)}")
    return measures[list(features)].astype(float).fillna(0.0).to_numpy()


class NetworkTypology(ClusterMixin, BaseEstimator):
    """Hierarchical k-means over standardised network measures.

    After `fit`: `labels_` (type index per participant), `cluster_centers_` (standardised), `names_` (one per
    type), `naming_notes_` (why a type did not get a study name, in plain words), `naming_notes_by_type_` (the same
    notes by type index, so a page can leave out the note on a type it hides), `profiles_` (mean raw measure per
    type), `scaler_`.
    """

    def __init__(self, n_types: int = 3, features: tuple[str, ...] = DEFAULT_FEATURES, random_state: int = 0):
        self.n_types = n_types
        self.features = features
        self.random_state = random_state

    def fit(self, measures: pd.DataFrame, y=None) -> NetworkTypology:
        """Find the types in a measures table (one row per participant)."""
        if not MIN_TYPES <= self.n_types <= MAX_TYPES:
            raise TypologyError(f"the number of types must be {MIN_TYPES} to {MAX_TYPES}, not {self.n_types}")
        if not self.features:
            raise TypologyError("choose at least one measure to group the maps by")
        raw = feature_matrix(measures, tuple(self.features))
        if len(np.unique(raw, axis=0)) < self.n_types:  # no counts in the message: they could be 1-4 people
            raise TypologyError(f"too few different maps to form {self.n_types} types")
        self.scaler_ = StandardScaler().fit(raw)
        scaled = self.scaler_.transform(raw)
        rng = np.random.default_rng(self.random_state)
        ward_rows = rng.choice(len(scaled), WARD_MAX_ROWS, replace=False) if len(scaled) > WARD_MAX_ROWS else None
        ward_data = scaled if ward_rows is None else scaled[ward_rows]
        ward = AgglomerativeClustering(n_clusters=self.n_types, linkage="ward").fit_predict(ward_data)
        start = np.vstack([ward_data[ward == k].mean(axis=0) for k in range(self.n_types)])
        kmeans = KMeans(n_clusters=self.n_types, init=start, n_init=1, random_state=self.random_state).fit(scaled)
        self.kmeans_ = kmeans
        self.labels_ = kmeans.labels_
        self.cluster_centers_ = kmeans.cluster_centers_
        self.profiles_ = measures.drop(columns=["participant_id"], errors="ignore").select_dtypes("number") \
            .groupby(self.labels_).mean().reindex(range(self.n_types))
        self.names_, self.naming_notes_by_type_ = name_types(self.profiles_, self.cluster_centers_,
                                                             tuple(self.features))
        self.naming_notes_ = list(self.naming_notes_by_type_.values())
        return self

    def transform(self, measures: pd.DataFrame) -> np.ndarray:
        """Distance of each participant to each type centre (standardised units)."""
        return self.kmeans_.transform(self.scaler_.transform(feature_matrix(measures, tuple(self.features))))

    def predict(self, measures: pd.DataFrame) -> np.ndarray:
        """The nearest type of each participant (new or seen)."""
        return self.transform(measures).argmin(axis=1)


def name_types(profiles: pd.DataFrame, centres: np.ndarray, features: tuple[str, ...]
               ) -> tuple[list[str], dict[int, str]]:
    """The documented naming rule (see the module docstring): one name per type, and a plain note for each type
    that was refused a study name ({type index: note})."""
    if len(profiles) != len(STUDY_TYPES) or not {"size", "diversity", "family_share", "formal_share"} <= set(profiles):
        return descriptive_names(centres, features), {}
    profiles = profiles.reset_index(drop=True).fillna(0.0)  # a share undefined for every map counts as 0
    z = (profiles - profiles.mean()) / profiles.std(ddof=0).replace(0, 1)
    scores = {
        "diverse and active": z["size"] + z["diversity"],
        "family and stable": z["family_share"],
        "formal and sparse": z["formal_share"] - z["size"],
    }
    best = max(permutations(range(len(STUDY_TYPES))),
               key=lambda order: sum(scores[name].iloc[k] for name, k in zip(STUDY_TYPES, order, strict=True)))
    names = [""] * len(STUDY_TYPES)
    notes = {}
    for name, cluster in zip(STUDY_TYPES, best, strict=True):
        reason = refusal(name, profiles, cluster)
        if reason:
            names[cluster] = descriptive_names(centres, features)[cluster]
            notes[cluster] = f"One type was not called '{name}': {reason}."
        else:
            names[cluster] = name
    return names, notes


def refusal(name: str, profiles: pd.DataFrame, cluster: int) -> str | None:
    """Why type `cluster` may not carry the study name `name` (its defining feature is absent), or None when it
    may. `profiles`: mean measures per type, undefined shares counted as 0."""
    profile = profiles.iloc[cluster]
    if name == "family and stable" and profile["family_share"] <= 0:
        return "it has no family members"
    if name == "formal and sparse" and profile["formal_share"] <= 0:
        return "it has no professionals or services"
    if name == "diverse and active" and profile["size"] <= profiles["size"].min():
        return "it has the fewest connections of all types"
    if name == "diverse and active" and profile["diversity"] <= 1:
        return "its maps have one kind of person at most, so there is no variety"
    return None


def descriptive_names(centres: np.ndarray, features: tuple[str, ...]) -> list[str]:
    """"more family, fewer places": each type's two most distinctive standardised features, made unique."""
    names: list[str] = []
    for centre in centres:
        top = np.argsort(-np.abs(centre), kind="stable")[:2]
        words = [f"{'more' if centre[i] > 0 else 'less' if features[i].endswith('share') else 'fewer'} "
                 f"{FEATURE_WORDS.get(features[i], features[i])}" for i in top]
        name = ", ".join(words)
        names.append(name if name not in names else f"{name} ({len(names) + 1})")
    return names


def small_types(sizes: Sequence[int], suppress: bool = True) -> list[int]:
    """The indices of the types (`sizes`: people per type, by index) of 1-4 people while `suppress`: none of their
    members, profile or descriptive name is shown."""
    return [int(k) for k in np.flatnonzero(small_groups(pd.Series(list(sizes), dtype=int), suppress))]


def shown_names(names: Sequence[str], sizes: Sequence[int], suppress: bool = True) -> list[str]:
    """The type names to show, by type index: while `suppress`, a type of 1-4 people (`sizes`, people per type) is
    called SMALL_TYPE_NAME, or "small type 1", "small type 2", ... when there are several, whatever it was found or
    renamed as: a name that describes a type ("more people, less closeness") tells its profile."""
    small = small_types(sizes, suppress)
    neutral = [SMALL_TYPE_NAME] if len(small) == 1 else [f"small type {number}" for number in range(1, len(small) + 1)]
    by_type = dict(zip(small, neutral, strict=True))
    return [by_type.get(k, name) for k, name in enumerate(names)]


@dataclass(frozen=True)
class TypeAssignment:
    """Every participant's type, with how sure and how typical, plus the fitted model and quality figures."""

    model: NetworkTypology
    table: pd.DataFrame  # participant_id, type (index), network_type (name), confidence, typicality, nearest_other
    silhouette: float
    silhouette_by_type: pd.Series
    stability: float  # mean adjusted Rand index over bootstrap resamples
    medoids: pd.Series  # type index -> participant_id of the most typical map


def bootstrap_agreement(model: NetworkTypology, measures: pd.DataFrame, resamples: int, random_state: int
                        ) -> tuple[float, np.ndarray]:
    """Refit on bootstrap resamples: mean adjusted Rand index with the full fit, and per-participant share of
    resamples giving the same type (after matching each resample's types to the full fit's).

    Each refit is k-means on the resample, started from the full fit's centres (in its standardised units): the
    full fit's Ward step only chose where k-means starts, so repeating it 30 times would cost the most and change
    little. BLAS and OpenMP run on one thread for these small dense fits (two threads fighting over two cores made
    them many times slower)."""
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(random_state)
    reference = model.labels_
    k = model.n_types
    scaled = model.scaler_.transform(feature_matrix(measures, tuple(model.features)))
    same = np.zeros(len(measures))
    scores = []
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # fewer distinct maps than types in the resample
        for _ in range(resamples):
            rows = rng.integers(0, len(measures), len(measures))
            try:
                refit = KMeans(n_clusters=k, init=model.cluster_centers_, n_init=1,
                               random_state=int(rng.integers(2**31))).fit(scaled[rows])
            except (ValueError, ConvergenceWarning):
                continue  # a resample with too few distinct maps says nothing about stability
            predicted = refit.predict(scaled)
            scores.append(adjusted_rand_score(reference, predicted))
            overlap = np.bincount(predicted * k + reference, minlength=k * k).reshape(k, k)
            found, matched = linear_sum_assignment(-overlap)
            to_reference = np.empty(k, dtype=int)
            to_reference[found] = matched
            same += to_reference[predicted] == reference
    if not scores:
        return float("nan"), np.full(len(measures), np.nan)
    return float(np.mean(scores)), same / len(scores)


def silhouettes(scaled: np.ndarray, labels: np.ndarray, random_state: int) -> np.ndarray:
    """Silhouette of each participant (on a seeded subsample of SILHOUETTE_MAX_ROWS when there are more; the rest
    are NaN), since the exact computation grows with the square of the number of participants."""
    values = np.full(len(scaled), np.nan)
    rows = np.arange(len(scaled))
    if len(scaled) > SILHOUETTE_MAX_ROWS:
        rows = np.sort(np.random.default_rng(random_state).choice(len(scaled), SILHOUETTE_MAX_ROWS, replace=False))
    if 1 < len(np.unique(labels[rows])) < len(rows):  # undefined when every participant is a type of their own
        values[rows] = silhouette_samples(scaled[rows], labels[rows])
    return values


def assign_types(measures: pd.DataFrame, n_types: int = 3, features: tuple[str, ...] = DEFAULT_FEATURES,
                 random_state: int = 0, resamples: int = 30) -> TypeAssignment:
    """Fit the typology and describe every participant's type: name, confidence, typicality, nearest other type."""
    model = NetworkTypology(n_types, tuple(features), random_state).fit(measures)
    scaled = model.scaler_.transform(feature_matrix(measures, model.features))
    distances = model.kmeans_.transform(scaled)
    rows = np.arange(len(measures))
    own = distances[rows, model.labels_]
    others = distances.copy()
    others[rows, model.labels_] = np.inf
    nearest = others.argmin(axis=1)
    other_distance = others[rows, nearest]
    stability, confidence = bootstrap_agreement(model, measures, resamples, random_state)
    names = np.array(model.names_, dtype=object)
    table = pd.DataFrame({
        "participant_id": measures["participant_id"].to_numpy(),
        "type": model.labels_,
        "network_type": names[model.labels_],
        "confidence": confidence,
        "typicality": (other_distance - own) / np.maximum(np.maximum(own, other_distance), 1e-12),
        "nearest_other_type": names[nearest],
    })
    per_participant = pd.Series(silhouettes(scaled, model.labels_, random_state))
    medoids = pd.Series(own, index=table["participant_id"]).groupby(model.labels_).idxmin()
    return TypeAssignment(
        model=model,
        table=table,
        silhouette=float(per_participant.mean()),
        silhouette_by_type=per_participant.groupby(model.labels_).mean().reindex(range(n_types)),
        stability=stability,
        medoids=medoids,
    )


def choose_k_table(measures: pd.DataFrame, features: tuple[str, ...] = DEFAULT_FEATURES, random_state: int = 0
                   ) -> pd.DataFrame:
    """For each possible number of types: within-type spread (the elbow) and mean silhouette."""
    rows = []
    for k in range(MIN_TYPES, MAX_TYPES + 1):
        try:
            model = NetworkTypology(k, tuple(features), random_state).fit(measures)
        except TypologyError:
            continue
        scaled = model.scaler_.transform(feature_matrix(measures, model.features))
        silhouette = pd.Series(silhouettes(scaled, model.labels_, random_state)).mean()  # as assign_types does
        rows.append({"types": k, "within_type_spread": model.kmeans_.inertia_, "silhouette": silhouette})
    return pd.DataFrame(rows, columns=["types", "within_type_spread", "silhouette"])


def describe_quality(silhouette: float, stability: float) -> str:
    """Silhouette and bootstrap stability in plain words."""
    if np.isnan(silhouette):
        separation = "Separation cannot be measured with one participant per type"
    elif silhouette >= 0.5:
        separation = "The types are clearly separated"
    elif silhouette >= 0.25:
        separation = "The types are distinct but overlap at the edges"
    else:
        separation = "The types overlap a lot: treat them as rough groupings"
    if np.isnan(stability):
        steadiness = "stability could not be checked"
    elif stability >= 0.8:
        steadiness = "they come out almost the same when the data is resampled"
    elif stability >= 0.6:
        steadiness = "they mostly come out the same when the data is resampled"
    else:
        steadiness = "they change a good deal when the data is resampled"
    return f"{separation} (silhouette {silhouette:.2f}), and {steadiness} (stability {stability:.2f})."
