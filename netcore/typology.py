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

Ward's tree is scipy's (scipy.cluster.hierarchy.ward), cut as scikit-learn's AgglomerativeClustering cuts it. The
rest is scikit-learn's arithmetic done here in numpy, so that the `types` command does not spend a second importing
scikit-learn: standardising as StandardScaler, k-means from given centres as KMeans (Lloyd's algorithm),
adjusted_rand_score and silhouette_samples. tests/netcore/test_typology_reference.py checks that the results are
theirs.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import permutations

import numpy as np
import pandas as pd

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


@dataclass(frozen=True)
class Standardiser:
    """Each measure's mean and scale (its standard deviation, 1 for a measure that does not vary)."""

    mean_: np.ndarray
    scale_: np.ndarray

    @classmethod
    def fit(cls, raw: np.ndarray) -> Standardiser:
        """StandardScaler's arithmetic: the two-pass variance with its correction term, and scale 1 for a column
        that is constant to within rounding."""
        n = len(raw)
        mean = raw.sum(axis=0) / n
        centred = raw - mean
        correction = centred.sum(axis=0)
        variance = ((centred**2).sum(axis=0) - correction**2 / n) / n
        eps = np.finfo(np.float64).eps
        constant = variance <= n * eps * variance + (n * mean * eps) ** 2
        return cls(mean, np.where(constant, 1.0, np.sqrt(variance)))

    def transform(self, raw: np.ndarray) -> np.ndarray:
        """Standardised rows, in row-major memory as scikit-learn's KMeans copies them (so that products and sums
        run in the same order and round the same)."""
        return np.ascontiguousarray((raw - self.mean_) / self.scale_)

    def inverse_transform(self, scaled: np.ndarray) -> np.ndarray:
        """Raw measures from standardised ones."""
        return scaled * self.scale_ + self.mean_


class NetworkTypology:
    """Hierarchical k-means over standardised network measures.

    Follows scikit-learn's estimator contract (`get_params`, `set_params`, `fit`, `predict`, `fit_predict`), so
    `sklearn.base.clone` works on it. After `fit`: `labels_` (type index per participant), `cluster_centers_`
    (standardised), `inertia_` (sum of squared distances to the own type's centre), `names_` (one per type),
    `naming_notes_` (why a type did not get a study name, in plain words), `naming_notes_by_type_` (the same notes
    by type index, so a page can leave out the note on a type it hides), `profiles_` (mean raw measure per type),
    `scaler_` (a Standardiser).
    """

    def __init__(self, n_types: int = 3, features: tuple[str, ...] = DEFAULT_FEATURES, random_state: int = 0):
        self.n_types = n_types
        self.features = features
        self.random_state = random_state

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's parameters."""
        return {"n_types": self.n_types, "features": self.features, "random_state": self.random_state}

    def set_params(self, **params) -> NetworkTypology:
        """Change constructor parameters; an unknown name is a ValueError."""
        unknown = sorted(set(params) - set(self.get_params()))
        if unknown:
            raise ValueError(f"NetworkTypology has no parameter {', '.join(unknown)}")
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def __sklearn_tags__(self):
        """scikit-learn's tags for a clusterer, for its tools (`check_is_fitted`, ...); imported only when they ask,
        since importing scikit-learn costs about a second."""
        from sklearn.utils import Tags, TargetTags

        return Tags(estimator_type="clusterer", target_tags=TargetTags(required=False))

    def fit(self, measures: pd.DataFrame, y=None) -> NetworkTypology:
        """Find the types in a measures table (one row per participant)."""
        if not MIN_TYPES <= self.n_types <= MAX_TYPES:
            raise TypologyError(f"the number of types must be {MIN_TYPES} to {MAX_TYPES}, not {self.n_types}")
        if not self.features:
            raise TypologyError("choose at least one measure to group the maps by")
        raw = feature_matrix(measures, tuple(self.features))
        if len(pd.DataFrame(raw).drop_duplicates()) < self.n_types:  # no counts said: they could be 1-4 people
            raise TypologyError(f"too few different maps to form {self.n_types} types")
        self.scaler_ = Standardiser.fit(raw)
        scaled = self.scaler_.transform(raw)
        rng = np.random.default_rng(self.random_state)
        ward_rows = rng.choice(len(scaled), WARD_MAX_ROWS, replace=False) if len(scaled) > WARD_MAX_ROWS else None
        ward_data = scaled if ward_rows is None else scaled[ward_rows]
        with one_thread():
            ward = ward_clusters(ward_data, self.n_types)
            start = np.vstack([ward_data[ward == k].mean(axis=0) for k in range(self.n_types)])
            self.labels_, self.cluster_centers_ = kmeans(scaled, start)
        self.inertia_ = float(((scaled - self.cluster_centers_[self.labels_]) ** 2).sum())
        self.profiles_ = measures.drop(columns=["participant_id"], errors="ignore").select_dtypes("number") \
            .groupby(self.labels_).mean().reindex(range(self.n_types))
        self.names_, self.naming_notes_by_type_ = name_types(self.profiles_, self.cluster_centers_,
                                                             tuple(self.features))
        self.naming_notes_ = list(self.naming_notes_by_type_.values())
        return self

    def fit_predict(self, measures: pd.DataFrame, y=None) -> np.ndarray:
        """Fit, then the type of each participant (`labels_`)."""
        return self.fit(measures).labels_

    def transform(self, measures: pd.DataFrame) -> np.ndarray:
        """Distance of each participant to each type centre (standardised units)."""
        return centre_distances(self.scaler_.transform(feature_matrix(measures, tuple(self.features))),
                                self.cluster_centers_)

    def predict(self, measures: pd.DataFrame) -> np.ndarray:
        """The nearest type of each participant (new or seen)."""
        return self.transform(measures).argmin(axis=1)


def ward_clusters(data: np.ndarray, n_clusters: int) -> np.ndarray:
    """Ward's hierarchical clustering cut into `n_clusters`: a cluster index per row, numbered as scikit-learn's
    AgglomerativeClustering(linkage="ward") numbers them: undo the tree's latest merge n_clusters - 1 times, the
    clusters numbered in the order of its heap of nodes."""
    children = ward_tree(data)
    n = len(data)
    heap = [-(2 * n - 2)]
    for _ in range(n_clusters - 1):
        left, right = children[-heap[0] - n]
        heapq.heappush(heap, -int(left))
        heapq.heappushpop(heap, -int(right))
    label = np.full(2 * n - 1, -1)
    label[[-node for node in heap]] = range(len(heap))
    for node in range(2 * n - 2, n - 1, -1):  # each node's label passes down to its children
        if label[node] >= 0:
            label[children[node - n]] = label[node]
    return label[:n]


KEPT_TREES: ContextVar[dict[tuple, np.ndarray] | None] = ContextVar("kept_ward_trees", default=None)


@contextmanager
def keeping_ward_trees() -> Iterator[None]:
    """Within this block a Ward tree is made once for the same rows (every number of types cuts the same tree).
    Nothing is kept after the block: no data outlives the call that was given it (SECURITY.md)."""
    token = KEPT_TREES.set({})
    try:
        yield
    finally:
        KEPT_TREES.reset(token)


def ward_tree(data: np.ndarray) -> np.ndarray:
    """The merges of Ward's method on the rows of `data`: node n + i merges children[i], as in scipy's linkage
    matrix, which scikit-learn's AgglomerativeClustering cuts too (inside `keeping_ward_trees`, made once per
    data). Memory and time grow with the square of the rows (WARD_MAX_ROWS at most)."""
    kept, key = KEPT_TREES.get(), (data.shape, data.tobytes())
    if kept is not None and key in kept:
        return kept[key]
    children = ward_linkage(data)[:, :2].astype(int)
    if kept is not None:
        kept[key] = children
    return children


def ward_linkage(data: np.ndarray) -> np.ndarray:
    """scipy's Ward linkage matrix of the rows; scipy is imported here, when a fit needs it (0.2-0.4 s)."""
    from scipy.cluster.hierarchy import ward

    return ward(data)


def kmeans(data: np.ndarray, centres: np.ndarray, max_iter: int = 300, tol: float = 1e-4
           ) -> tuple[np.ndarray, np.ndarray]:
    """k-means from the given centres as scikit-learn's KMeans(init=centres, n_init=1) runs it (Lloyd's algorithm
    on data centred on its mean; stop when no label changes or the centres move less than `tol` times the mean
    variance; an empty cluster takes the point farthest from its centre). Returns labels and centres."""
    mean = data.mean(axis=0)
    data = data - mean
    tolerance = np.mean((data**2).sum(axis=0) / len(data)) * tol  # np.var's sums, without centring twice
    centres = centres - mean
    k, width = centres.shape
    cells = np.arange(width)
    labels_before = None
    converged = False
    for _ in range(max_iter):
        labels = nearest_centre(data, centres)
        counts = np.bincount(labels, minlength=k).astype(float)
        sums = np.bincount((labels[:, None] * width + cells).ravel(), weights=data.ravel(),
                           minlength=k * width).reshape(k, width)
        relocate_empty(data, centres, labels, sums, counts)
        new = sums.copy()
        heaviest = counts.argmax()
        for cluster in range(k):  # a cluster still empty copies the heaviest one's row as it is then, as sklearn
            if counts[cluster] > 0:
                new[cluster] *= 1.0 / counts[cluster]
            else:
                new[cluster] = new[heaviest]
        shift = ((new - centres) ** 2).sum()
        centres = new
        if labels_before is not None and np.array_equal(labels, labels_before):
            converged = True
            break
        if shift <= tolerance:
            break
        labels_before = labels
    if not converged:
        labels = nearest_centre(data, centres)
    return labels, centres + mean


def relocate_empty(data: np.ndarray, centres: np.ndarray, labels: np.ndarray, sums: np.ndarray, counts: np.ndarray
                   ) -> None:
    """scikit-learn's remedy for a cluster that no point is nearest to: it takes (in `sums` and `counts`) one of
    the points farthest from their centres, unless every point is at its centre (fewer different points than
    clusters)."""
    empty = np.flatnonzero(counts == 0)
    if not len(empty):
        return
    far = ((data - centres[labels]) ** 2).sum(axis=1)
    if far.max() == 0:
        return
    for cluster, row in zip(empty, np.argpartition(far, -len(empty))[:-len(empty) - 1:-1], strict=True):
        sums[labels[row]] -= data[row]
        counts[labels[row]] -= 1
        sums[cluster], counts[cluster] = data[row], 1


def one_thread():
    """BLAS on one thread, for the small dense products here: two threads fighting over two busy cores made them
    several times slower."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def nearest_centre(data: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """The index of each row's nearest centre (the first when two are as near)."""
    return (np.einsum("ij,ij->i", centres, centres) - 2 * (data @ centres.T)).argmin(axis=1)


def centre_distances(data: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Euclidean distance of each row to each centre, by scikit-learn's formula (|x|^2 - 2 x.c + |c|^2)."""
    distances = data @ centres.T
    distances *= -2
    distances += np.einsum("ij,ij->i", data, data)[:, None]
    distances += np.einsum("ij,ij->i", centres, centres)[None, :]
    return np.sqrt(np.maximum(distances, 0, out=distances), out=distances)


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
    little. A resample whose refit finds fewer types than asked for (too few different maps) is left out."""
    rng = np.random.default_rng(random_state)
    reference = model.labels_
    k = model.n_types
    scaled = model.scaler_.transform(feature_matrix(measures, tuple(model.features)))
    orders = np.array(list(permutations(range(k))))
    same = np.zeros(len(measures))
    scores = []
    with one_thread():
        for _ in range(resamples):
            rows = rng.integers(0, len(measures), len(measures))
            rng.integers(2**31)  # the seed each refit once drew: the resamples stay those of earlier versions
            labels, centres = kmeans(scaled[rows], model.cluster_centers_)
            if not np.bincount(labels, minlength=k).all():
                continue
            predicted = nearest_centre(scaled, centres)
            scores.append(adjusted_rand_index(reference, predicted, k))
            overlap = np.bincount(predicted * k + reference, minlength=k * k).reshape(k, k)
            to_reference = orders[overlap[np.arange(k), orders].sum(axis=1).argmax()]  # best one-to-one matching
            same += to_reference[predicted] == reference
    if not scores:
        return float("nan"), np.full(len(measures), np.nan)
    return float(np.mean(scores)), same / len(scores)


def adjusted_rand_index(first: np.ndarray, second: np.ndarray, k: int) -> float:
    """scikit-learn's adjusted_rand_score of two labellings with values 0..k-1, from its pair confusion matrix
    (ordered pairs of participants put together by both, by one only, by neither), in exact integers."""
    table = np.bincount(first * k + second, minlength=k * k).reshape(k, k)
    n = len(first)
    squares = int((table**2).sum())
    both = squares - n
    first_only = int((table.T @ table.sum(axis=1)).sum()) - squares
    second_only = int((table @ table.sum(axis=0)).sum()) - squares
    neither = n * n - first_only - second_only - squares
    if first_only == 0 and second_only == 0:
        return 1.0
    return 2.0 * (both * neither - first_only * second_only) / (
        (both + first_only) * (first_only + neither) + (both + second_only) * (second_only + neither))


def silhouettes(scaled: np.ndarray, labels: np.ndarray, random_state: int) -> np.ndarray:
    """Silhouette of each participant (on a seeded subsample of SILHOUETTE_MAX_ROWS when there are more; the rest
    are NaN), since the exact computation grows with the square of the number of participants."""
    values = np.full(len(scaled), np.nan)
    rows = np.arange(len(scaled))
    if len(scaled) > SILHOUETTE_MAX_ROWS:
        rows = np.sort(np.random.default_rng(random_state).choice(len(scaled), SILHOUETTE_MAX_ROWS, replace=False))
    if 1 < len(np.unique(labels[rows])) < len(rows):  # undefined when every participant is a type of their own
        values[rows] = silhouette_values(scaled[rows], labels[rows])
    return values


def silhouette_values(data: np.ndarray, labels: np.ndarray, block: int = 256) -> np.ndarray:
    """scikit-learn's silhouette_samples: (b - a) / max(a, b), a the mean distance to the others of the own type,
    b the least mean distance to another type's members; 0 for the only member of a type. The distances (by
    `centre_distances`) are summed per type a block of rows at a time, to stay in the processor's cache."""
    _, labels = np.unique(labels, return_inverse=True)  # a type absent from the rows is no type here
    counts = np.bincount(labels)
    members = np.eye(len(counts))[labels]
    totals = np.empty((len(labels), len(counts)))  # each row's summed distance to each type's members
    with one_thread():
        for first in range(0, len(data), block):
            distances = centre_distances(data[first:first + block], data)
            distances[np.arange(len(distances)), np.arange(first, first + len(distances))] = 0.0
            totals[first:first + block] = distances @ members
    rows = np.arange(len(labels))
    with np.errstate(divide="ignore", invalid="ignore"):
        within = totals[rows, labels] / (counts - 1)[labels]
        totals[rows, labels] = np.inf
        between = (totals / counts).min(axis=1)
        return np.nan_to_num((between - within) / np.maximum(within, between))


def assign_types(measures: pd.DataFrame, n_types: int = 3, features: tuple[str, ...] = DEFAULT_FEATURES,
                 random_state: int = 0, resamples: int = 30) -> TypeAssignment:
    """Fit the typology and describe every participant's type: name, confidence, typicality, nearest other type."""
    model = NetworkTypology(n_types, tuple(features), random_state).fit(measures)
    scaled = model.scaler_.transform(feature_matrix(measures, model.features))
    distances = centre_distances(scaled, model.cluster_centers_)
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
    """For each possible number of types: within-type spread (the elbow) and mean silhouette (every number cuts
    the same Ward tree, made once)."""
    rows = []
    with keeping_ward_trees():
        for k in range(MIN_TYPES, MAX_TYPES + 1):
            try:
                model = NetworkTypology(k, tuple(features), random_state).fit(measures)
            except TypologyError:
                continue
            scaled = model.scaler_.transform(feature_matrix(measures, model.features))
            silhouette = pd.Series(silhouettes(scaled, model.labels_, random_state)).mean()  # as assign_types does
            rows.append({"types": k, "within_type_spread": model.inertia_, "silhouette": silhouette})
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
