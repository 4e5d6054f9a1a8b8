"""Seeded SYNTHETIC study-shaped data (participants, members, ties).

The real study data (Pinfold et al. 2015, 150 network maps at two sites) is not public. This module makes a
synthetic data set with the study's *shape*: two sites, the study's covariates, three network types
("diverse and active", "family and stable", "formal and sparse") whose probabilities depend ONLY on living alone,
housing status, formal education and long-term sickness or disability (diagnosis has no effect), and a clearly
different network profile per type. Every value is invented; anything showing it must say it is synthetic.

Everything is vectorised with numpy (no Python loop per participant or per member), so 100,000 participants
take a few seconds and 150 take milliseconds. The same seed always gives the same data.

No streamlit here (netcore never imports it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "TYPE_NAMES",
    "CATEGORIES",
    "CATEGORY_KIND",
    "FORMAL_CATEGORIES",
    "TYPE_COEFFICIENTS",
    "SampleData",
    "generate_sample",
]

TYPE_NAMES: tuple[str, str, str] = ("diverse and active", "family and stable", "formal and sparse")
DIVERSE, FAMILY, FORMAL = 0, 1, 2

# --------------------------------------------------------------------------------------------------------------
# Vocabulary (canonical, lowercase). Order matters: it fixes the order of the member table within a participant.
# --------------------------------------------------------------------------------------------------------------
PEOPLE = ("family", "partner", "friend", "neighbour", "peer", "colleague", "practitioner")
PLACES = ("cafe", "park", "shop", "library", "faith_place", "gym", "day_centre", "clinic")
ACTIVITIES = ("walking", "art_group", "music", "sport", "volunteering", "gardening", "peer_support_group",
              "therapy_group")
CATEGORIES: tuple[str, ...] = PEOPLE + PLACES + ACTIVITIES
CATEGORY_KIND: dict[str, str] = (
    {c: "person" for c in PEOPLE} | {c: "place" for c in PLACES} | {c: "activity" for c in ACTIVITIES}
)
FORMAL_CATEGORIES: frozenset[str] = frozenset(
    {"practitioner", "day_centre", "clinic", "peer_support_group", "therapy_group"}
)
_CAT = {c: i for i, c in enumerate(CATEGORIES)}
_N_CAT = len(CATEGORIES)

CIRCLES = (1, 2, 3)
CONTACTS = ("daily", "weekly", "monthly", "less_often")
WELLBEING = ("positive", "neutral", "negative")

# Short anonymised labels per category (never personal names). Repeats within a map get numbered ("Friend 2").
LABELS: dict[str, tuple[str, ...]] = {
    "family": ("Mother", "Father", "Sister", "Brother", "Son", "Daughter", "Aunt", "Uncle", "Cousin",
               "Grandmother", "Niece", "Nephew"),
    "partner": ("Partner", "Wife", "Husband", "Girlfriend", "Boyfriend"),
    "friend": ("Friend", "Old school friend", "Friend from church", "Online friend"),
    "neighbour": ("Neighbour", "Next-door neighbour"),
    "peer": ("Peer", "Peer supporter", "Group member"),
    "colleague": ("Colleague", "Manager", "Co-worker"),
    "practitioner": ("CPN", "Care coordinator", "GP", "Support worker", "Psychiatrist", "Social worker",
                     "Occupational therapist", "Psychologist"),
    "cafe": ("Café", "Coffee shop", "Community café"),
    "park": ("Park", "Local park", "Green space"),
    "shop": ("Corner shop", "Supermarket", "Charity shop", "Market"),
    "library": ("Library",),
    "faith_place": ("Church", "Mosque", "Temple", "Gurdwara", "Synagogue"),
    "gym": ("Gym", "Leisure centre", "Swimming pool"),
    "day_centre": ("Day centre", "Drop-in centre", "Resource centre"),
    "clinic": ("Clinic", "Mental health clinic", "GP surgery", "Depot clinic"),
    "walking": ("Walking", "Walking group", "Dog walking"),
    "art_group": ("Art group", "Drawing class", "Craft group"),
    "music": ("Music", "Choir", "Band practice"),
    "sport": ("Football", "Swimming", "Badminton", "Cycling"),
    "volunteering": ("Volunteering", "Food bank volunteering", "Charity volunteering"),
    "gardening": ("Gardening", "Allotment", "Community garden"),
    "peer_support_group": ("Peer support group", "Hearing voices group", "Recovery group"),
    "therapy_group": ("Therapy group", "CBT group", "Group therapy"),
}

# --------------------------------------------------------------------------------------------------------------
# Covariates: (levels, probabilities). The four that matter are drawn independently; the others are drawn balanced
# within the planted type (see `_participants`). Ethnicity depends on site only.
# --------------------------------------------------------------------------------------------------------------
SITES = (("London", "South West"), (0.5, 0.5))
AGE_BANDS = (("18-29", "30-44", "45-59", "60+"), (0.20, 0.34, 0.31, 0.15))
GENDERS = (("woman", "man", "non-binary"), (0.42, 0.55, 0.03))
ETHNICITY_LEVELS = ("White", "Black", "Asian", "Mixed", "Other")
ETHNICITY_BY_SITE = ((0.55, 0.22, 0.13, 0.06, 0.04),   # London
                     (0.90, 0.03, 0.03, 0.03, 0.01))   # South West
DIAGNOSES = (("schizophrenia", "bipolar disorder", "other psychosis"), (0.50, 0.30, 0.20))
YES_NO = ("yes", "no")
LIVES_ALONE_P = 0.45
HOUSING = (("owner or private rent", "social housing", "supported housing", "temporary or homeless"),
           (0.35, 0.35, 0.18, 0.12))
EDUCATION = (("none", "school", "college", "degree"), (0.15, 0.40, 0.27, 0.18))
EMPLOYMENT = (("employed", "unemployed", "volunteering", "retired"), (0.15, 0.60, 0.12, 0.13))
LONG_TERM_SICK_P = 0.55

# --------------------------------------------------------------------------------------------------------------
# Planted multinomial logit for network type. Reference type: "family and stable" (linear predictor 0).
# Reference levels: lives_alone=no, housing="owner or private rent", education="school", long_term_sick=no.
# Each entry: (effect on log-odds of "diverse and active", effect on log-odds of "formal and sparse").
# Only these four covariates enter; diagnosis, site, age, gender, ethnicity and employment do not.
# --------------------------------------------------------------------------------------------------------------
TYPE_COEFFICIENTS: dict[str, tuple[float, float]] = {
    "intercept": (0.2, -2.6),
    "lives_alone=yes": (0.8, 2.2),
    "housing_status=social housing": (-0.8, 0.7),
    "housing_status=supported housing": (-1.0, 1.8),
    "housing_status=temporary or homeless": (-0.9, 1.8),
    "education=none": (-0.7, 0.3),
    "education=college": (1.2, 0.0),
    "education=degree": (2.0, -0.3),
    "long_term_sick_or_disabled=yes": (-0.8, 1.6),
}

# --------------------------------------------------------------------------------------------------------------
# Network profile per type: mean number of members per category (before the per-person size factor).
# --------------------------------------------------------------------------------------------------------------
_MEAN_COUNTS: dict[str, tuple[float, float, float]] = {
    #                      diverse family formal
    "family":             (1.5, 5.5, 0.3),
    "partner":            (0.4, 0.7, 0.05),
    "friend":             (4.0, 0.7, 0.2),
    "neighbour":          (0.8, 0.4, 0.05),
    "peer":               (1.5, 0.2, 0.2),
    "colleague":          (1.2, 0.2, 0.0),
    "practitioner":       (0.8, 0.7, 2.5),
    "cafe":               (0.9, 0.3, 0.05),
    "park":               (0.8, 0.3, 0.05),
    "shop":               (0.6, 0.4, 0.1),
    "library":            (0.6, 0.1, 0.05),
    "faith_place":        (0.3, 0.4, 0.05),
    "gym":                (0.5, 0.05, 0.0),
    "day_centre":         (0.15, 0.1, 0.7),
    "clinic":             (0.2, 0.2, 0.7),
    "walking":            (0.7, 0.3, 0.05),
    "art_group":          (0.6, 0.05, 0.05),
    "music":              (0.6, 0.1, 0.05),
    "sport":              (0.6, 0.05, 0.0),
    "volunteering":       (0.6, 0.05, 0.0),
    "gardening":          (0.4, 0.2, 0.0),
    "peer_support_group": (0.2, 0.05, 0.4),
    "therapy_group":      (0.15, 0.05, 0.4),
}
# Count per category ~ Binomial(cap, mean x size factor / cap): at most `cap` members of one category, and less
# spread than Poisson, so the types stay separable. Partner is 0 or 1.
_MAX_COUNT = {"family": 12, "partner": 1, "friend": 10, "neighbour": 3, "peer": 6, "colleague": 5,
              "practitioner": 6}
_MAX_COUNT_DEFAULT = 2  # each place and activity category
# Per-person size factor ~ Gamma(shape, 1/shape): mean 1, coefficient of variation 1/sqrt(shape).
_SIZE_SHAPE = 30.0
# Fallback member for an otherwise empty map, per type (every map has at least one member).
_FALLBACK = (_CAT["friend"], _CAT["family"], _CAT["practitioner"])

# Circle probabilities (ring 1, 2, 3) per category.
_CIRCLE_P: dict[str, tuple[float, float, float]] = {
    "family": (0.65, 0.25, 0.10), "partner": (0.90, 0.08, 0.02), "friend": (0.35, 0.45, 0.20),
    "neighbour": (0.10, 0.40, 0.50), "peer": (0.20, 0.45, 0.35), "colleague": (0.10, 0.40, 0.50),
    "practitioner": (0.15, 0.45, 0.40),
    "cafe": (0.20, 0.45, 0.35), "park": (0.25, 0.45, 0.30), "shop": (0.10, 0.40, 0.50),
    "library": (0.15, 0.45, 0.40), "faith_place": (0.40, 0.40, 0.20), "gym": (0.25, 0.45, 0.30),
    "day_centre": (0.30, 0.40, 0.30), "clinic": (0.10, 0.40, 0.50),
    "walking": (0.35, 0.45, 0.20), "art_group": (0.30, 0.45, 0.25), "music": (0.45, 0.35, 0.20),
    "sport": (0.30, 0.45, 0.25), "volunteering": (0.30, 0.45, 0.25), "gardening": (0.35, 0.40, 0.25),
    "peer_support_group": (0.30, 0.45, 0.25), "therapy_group": (0.20, 0.45, 0.35),
}
# "family and stable" maps sit further in: this share of ring-3 and ring-2 mass moves one ring inward.
_FAMILY_INWARD = 0.25

# Contact frequency (daily, weekly, monthly, less_often) per category.
_CONTACT_P: dict[str, tuple[float, float, float, float]] = {
    "family": (0.30, 0.40, 0.20, 0.10), "partner": (0.85, 0.10, 0.03, 0.02),
    "friend": (0.15, 0.45, 0.30, 0.10), "neighbour": (0.30, 0.40, 0.20, 0.10),
    "peer": (0.10, 0.50, 0.30, 0.10), "colleague": (0.50, 0.40, 0.07, 0.03),
    "practitioner": (0.05, 0.35, 0.45, 0.15),
    "cafe": (0.15, 0.50, 0.25, 0.10), "park": (0.30, 0.45, 0.20, 0.05), "shop": (0.45, 0.45, 0.08, 0.02),
    "library": (0.05, 0.45, 0.35, 0.15), "faith_place": (0.05, 0.75, 0.15, 0.05),
    "gym": (0.20, 0.60, 0.15, 0.05), "day_centre": (0.25, 0.60, 0.12, 0.03), "clinic": (0.00, 0.15, 0.50, 0.35),
    "walking": (0.50, 0.40, 0.08, 0.02), "art_group": (0.02, 0.75, 0.18, 0.05), "music": (0.30, 0.50, 0.15, 0.05),
    "sport": (0.10, 0.70, 0.15, 0.05), "volunteering": (0.10, 0.70, 0.15, 0.05),
    "gardening": (0.30, 0.50, 0.15, 0.05), "peer_support_group": (0.02, 0.60, 0.30, 0.08),
    "therapy_group": (0.00, 0.60, 0.30, 0.10),
}

# Well-being rating (positive, neutral, negative) per category, shifted per type below.
_WELLBEING_P: dict[str, tuple[float, float, float]] = {
    "family": (0.62, 0.20, 0.18), "partner": (0.75, 0.12, 0.13), "friend": (0.80, 0.15, 0.05),
    "neighbour": (0.50, 0.40, 0.10), "peer": (0.70, 0.22, 0.08), "colleague": (0.60, 0.30, 0.10),
    "practitioner": (0.55, 0.30, 0.15),
    "cafe": (0.70, 0.25, 0.05), "park": (0.80, 0.17, 0.03), "shop": (0.45, 0.45, 0.10),
    "library": (0.70, 0.27, 0.03), "faith_place": (0.75, 0.18, 0.07), "gym": (0.75, 0.20, 0.05),
    "day_centre": (0.55, 0.30, 0.15), "clinic": (0.35, 0.45, 0.20),
    "walking": (0.85, 0.12, 0.03), "art_group": (0.85, 0.12, 0.03), "music": (0.88, 0.10, 0.02),
    "sport": (0.80, 0.15, 0.05), "volunteering": (0.82, 0.14, 0.04), "gardening": (0.85, 0.12, 0.03),
    "peer_support_group": (0.70, 0.20, 0.10), "therapy_group": (0.55, 0.30, 0.15),
}
# Added to (positive, neutral, negative) per type, then clipped at 0.01 and renormalised.
_WELLBEING_SHIFT = ((0.05, -0.03, -0.02), (0.0, 0.0, 0.0), (-0.12, 0.06, 0.06))

# --------------------------------------------------------------------------------------------------------------
# Ties: probability that two members of the same map know each other / are linked, by tie group of each member.
# --------------------------------------------------------------------------------------------------------------
_TIE_GROUP = {
    "family": "family", "partner": "family", "friend": "friend", "neighbour": "neighbour", "peer": "peer",
    "colleague": "colleague", "practitioner": "practitioner",
    "day_centre": "formal_place", "clinic": "formal_place",
    "peer_support_group": "formal_activity", "therapy_group": "formal_activity",
} | {c: "place" for c in ("cafe", "park", "shop", "library", "faith_place", "gym")} \
  | {c: "activity" for c in ("walking", "art_group", "music", "sport", "volunteering", "gardening")}
_TIE_DEFAULT_P = 0.02
_TIE_P: dict[tuple[str, str], float] = {
    ("family", "family"): 0.80,
    ("friend", "friend"): 0.40, ("friend", "family"): 0.12, ("friend", "place"): 0.15,
    ("friend", "activity"): 0.20, ("friend", "peer"): 0.15, ("friend", "neighbour"): 0.10,
    ("neighbour", "neighbour"): 0.30, ("neighbour", "family"): 0.15,
    ("peer", "peer"): 0.50, ("peer", "formal_activity"): 0.50, ("peer", "formal_place"): 0.40,
    ("peer", "activity"): 0.15,
    ("colleague", "colleague"): 0.60, ("colleague", "friend"): 0.10,
    ("practitioner", "practitioner"): 0.60, ("practitioner", "formal_place"): 0.60,
    ("practitioner", "formal_activity"): 0.40, ("practitioner", "family"): 0.10,
    ("formal_place", "formal_activity"): 0.40, ("formal_place", "formal_place"): 0.30,
    ("formal_activity", "formal_activity"): 0.30,
    ("place", "activity"): 0.10, ("place", "place"): 0.05, ("activity", "activity"): 0.05,
    ("family", "place"): 0.05, ("family", "activity"): 0.05,
}


@dataclass(frozen=True)
class SampleData:
    """A synthetic data set in the project's file formats, plus the generator's truth.

    participants: one row per participant (participant_id, site, covariates).
    members: one row per map member (participant_id, member_id, kind, category, circle, formal, contact,
        wellbeing, label).
    ties: undirected links between two different members of the same map (participant_id, member_a, member_b).
    planted_type: index participant_id, value one of TYPE_NAMES. The generator's truth, NOT a file column.
    """

    participants: pd.DataFrame
    members: pd.DataFrame
    ties: pd.DataFrame
    planted_type: pd.Series


# --------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------
def _draw(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray | None = None, size: int | None = None
          ) -> np.ndarray:
    """Draw level indices. probs: (L,) for one distribution, or (R, L) with rows picking a row per draw."""
    probs = np.asarray(probs, dtype=float)
    if probs.ndim == 1:
        cum = np.cumsum(probs / probs.sum())
        u = rng.random(size)
        return np.minimum(np.searchsorted(cum, u, side="right"), len(cum) - 1)
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)[rows]  # (n, L)
    u = rng.random(len(rows))
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def _table(values: dict[str, tuple[float, ...]]) -> np.ndarray:
    """Stack a per-category dict into an array with rows in CATEGORIES order."""
    return np.array([values[c] for c in CATEGORIES], dtype=float)


def _strings(vocab: np.ndarray | list[str] | tuple[str, ...], codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A pandas string column: vocab[codes] (take on a small vocabulary; much faster than per-row strings)."""
    return pd.array(np.asarray(vocab), dtype="str").take(np.asarray(codes, dtype=np.int64))


def _repeat_rank(group_key: np.ndarray) -> np.ndarray:
    """Per row: 0 if its key occurs once, else its 1-based rank among the rows sharing its key (row order)."""
    order = np.argsort(group_key, kind="stable")
    sorted_key = group_key[order]
    new_run = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    run_start = np.flatnonzero(new_run)
    run_id = np.cumsum(new_run) - 1
    run_len = np.diff(np.r_[run_start, len(sorted_key)])
    rank = np.empty(len(group_key), dtype=np.int64)
    size = np.empty(len(group_key), dtype=np.int64)
    rank[order] = np.arange(len(sorted_key)) - run_start[run_id] + 1
    size[order] = run_len[run_id]
    return np.where(size > 1, rank, 0)


def _tie_matrix() -> np.ndarray:
    """Symmetric (n_categories x n_categories) tie probability matrix."""
    groups = [_TIE_GROUP[c] for c in CATEGORIES]
    p = np.full((_N_CAT, _N_CAT), _TIE_DEFAULT_P)
    for i, gi in enumerate(groups):
        for j, gj in enumerate(groups):
            p[i, j] = _TIE_P.get((gi, gj), _TIE_P.get((gj, gi), _TIE_DEFAULT_P))
    return p


# --------------------------------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------------------------------
def _balanced(rng: np.random.Generator, probs: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Draw level indices so that each stratum gets the distribution in its row of `probs` up to +-1 person.

    probs: (n_strata, L). Within each stratum the people are shuffled and then given levels by systematic
    sampling with a random start, so the counts per level are floor or ceil of (stratum size x probability).
    """
    n = len(strata)
    n_strata = probs.shape[0]
    order = np.lexsort((rng.random(n), strata))                       # by stratum, random within stratum
    sorted_strata = strata[order]
    size = np.bincount(strata, minlength=n_strata)
    start = np.r_[0, np.cumsum(size)[:-1]]
    rank = np.arange(n) - start[sorted_strata]
    u = (rank + rng.random(n_strata)[sorted_strata]) / np.maximum(size[sorted_strata], 1)
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)[sorted_strata]
    levels = np.empty(n, dtype=np.int64)
    levels[order] = np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)
    return levels


# Covariate -> (levels, probabilities). Ethnicity is drawn within site and never carries a type effect.
COVARIATE_LEVELS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "site": SITES,
    "age_band": AGE_BANDS,
    "gender": GENDERS,
    "diagnosis": DIAGNOSES,
    "lives_alone": (YES_NO, (LIVES_ALONE_P, 1 - LIVES_ALONE_P)),
    "housing_status": HOUSING,
    "education": EDUCATION,
    "employment": EMPLOYMENT,
    "long_term_sick_or_disabled": (YES_NO, (LONG_TERM_SICK_P, 1 - LONG_TERM_SICK_P)),
}


def _participants(rng: np.random.Generator, n: int, coefficients: dict[str, tuple[float, float]]
                  ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Draw covariates (level indices) and the planted type index per participant.

    The covariates named in `coefficients` ("covariate=level" terms) are drawn independently; the type is drawn
    from the planted multinomial logit on them; every other covariate is then drawn balanced within each type
    (see `_balanced`), so it has the same distribution in every type in the sample itself, not only on average:
    no effect of, say, diagnosis even at 150 participants.
    """
    terms = [term for term in coefficients if term != "intercept"]
    effects = sorted({term.split("=", 1)[0] for term in terms})
    unknown = [name for name in effects if name not in COVARIATE_LEVELS]
    if unknown:
        raise ValueError(f"no planted effect possible for: {', '.join(unknown)}")
    cov = {name: _draw(rng, COVARIATE_LEVELS[name][1], size=n) for name in effects}

    eta = np.zeros((n, 3))
    for term, (b_diverse, b_formal) in coefficients.items():
        if term == "intercept":
            x = np.ones(n)
        else:
            name, level = term.split("=", 1)
            x = (cov[name] == COVARIATE_LEVELS[name][0].index(level)).astype(float)
        eta[:, DIVERSE] += b_diverse * x
        eta[:, FORMAL] += b_formal * x
    prob = np.exp(eta - eta.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    cum = np.cumsum(prob, axis=1)
    types = np.minimum((rng.random(n)[:, None] >= cum).sum(axis=1), 2)

    for name, (_, probs) in COVARIATE_LEVELS.items():
        if name not in cov:
            cov[name] = _balanced(rng, np.tile(np.asarray(probs, dtype=float), (3, 1)), types)
    cov["ethnicity"] = _balanced(rng, np.tile(np.asarray(ETHNICITY_BY_SITE), (3, 1)), types * 2 + cov["site"])
    return cov, types


def generate_sample(participants: int = 150, seed: int = 2015,
                    type_effects: dict[str, tuple[float, float]] | None = None) -> SampleData:
    """Make a SYNTHETIC study-shaped data set: `participants` maps, deterministic for `seed`.

    `type_effects` replaces the study's planted logit (TYPE_COEFFICIENTS): {"intercept" or "covariate=level":
    (log-odds of diverse and active, of formal and sparse) against family and stable}, e.g. to plant effects of
    other covariates. Raises ValueError if participants < 1 or an effect names an unknown covariate.
    """
    if isinstance(participants, bool) or not isinstance(participants, (int, np.integer)):
        raise ValueError(f"participants must be an integer >= 1, got {participants!r}")
    if participants < 1:
        raise ValueError(f"participants must be >= 1, got {participants}")
    n = int(participants)
    rng = np.random.default_rng(seed)

    # ---- participants -------------------------------------------------------------------------------------
    cov, ptype = _participants(rng, n, TYPE_COEFFICIENTS if type_effects is None else type_effects)
    width = max(4, len(str(n)))
    pid_vocab = np.strings.add("P", np.strings.zfill(np.arange(1, n + 1).astype(str), width))
    pid = pd.array(pid_vocab, dtype="str")
    participants_df = pd.DataFrame({
        "participant_id": pid,
        "site": _strings(SITES[0], cov["site"]),
        "age_band": _strings(AGE_BANDS[0], cov["age_band"]),
        "gender": _strings(GENDERS[0], cov["gender"]),
        "ethnicity": _strings(ETHNICITY_LEVELS, cov["ethnicity"]),
        "diagnosis": _strings(DIAGNOSES[0], cov["diagnosis"]),
        "lives_alone": _strings(YES_NO, cov["lives_alone"]),
        "housing_status": _strings(HOUSING[0], cov["housing_status"]),
        "education": _strings(EDUCATION[0], cov["education"]),
        "employment": _strings(EMPLOYMENT[0], cov["employment"]),
        "long_term_sick_or_disabled": _strings(YES_NO, cov["long_term_sick_or_disabled"]),
    })
    planted = pd.Series(_strings(TYPE_NAMES, ptype), index=pd.Index(pid, name="participant_id"),
                        name="planted_type")

    # ---- member counts per participant x category ---------------------------------------------------------
    means = np.array([_MEAN_COUNTS[c] for c in CATEGORIES]).T  # (3 types, n_categories)
    cap = np.array([_MAX_COUNT.get(c, _MAX_COUNT_DEFAULT) for c in CATEGORIES])
    size_factor = rng.gamma(_SIZE_SHAPE, 1.0 / _SIZE_SHAPE, size=n)
    counts = rng.binomial(cap, np.minimum(means[ptype] * size_factor[:, None] / cap, 1.0))
    empty = counts.sum(axis=1) == 0
    counts[empty, np.array(_FALLBACK)[ptype[empty]]] = 1

    # ---- member table (rows ordered by participant, then category) ----------------------------------------
    flat = counts.ravel()
    member_p = np.repeat(np.repeat(np.arange(n), _N_CAT), flat)       # participant index per member
    member_cat = np.repeat(np.tile(np.arange(_N_CAT), n), flat)       # category index per member
    per_person = counts.sum(axis=1)
    starts = np.r_[0, np.cumsum(per_person)[:-1]]
    local = np.arange(len(member_p)) - np.repeat(starts, per_person)  # 0-based index within participant
    type_cat = ptype[member_p] * _N_CAT + member_cat                  # row of the (type, category) tables

    circle_p = np.stack([_table(_CIRCLE_P)] * 3)                      # (3 types, n_cat, 3 rings)
    fam = circle_p[FAMILY]                                            # a view: edits change circle_p
    fam[:, 0] += _FAMILY_INWARD * fam[:, 1]
    fam[:, 1] += _FAMILY_INWARD * (fam[:, 2] - fam[:, 1])
    fam[:, 2] -= _FAMILY_INWARD * fam[:, 2]
    circle = _draw(rng, circle_p.reshape(-1, 3), rows=type_cat) + 1

    contact = _draw(rng, _table(_CONTACT_P), rows=member_cat)

    wb_p = np.clip(_table(_WELLBEING_P)[None, :, :] + np.array(_WELLBEING_SHIFT)[:, None, :], 0.01, None)
    wellbeing = _draw(rng, wb_p.reshape(-1, 3), rows=type_cat)

    # Labels: a random word from the category's vocabulary, numbered (" 1", " 2") when repeated within a map.
    vocab = np.array([label for c in CATEGORIES for label in LABELS[c]])
    vocab_size = np.array([len(LABELS[c]) for c in CATEGORIES])
    vocab_start = np.r_[0, np.cumsum(vocab_size)[:-1]]
    label_idx = vocab_start[member_cat] + (rng.random(len(member_cat)) * vocab_size[member_cat]).astype(np.int64)
    rank = _repeat_rank(member_p.astype(np.int64) * len(vocab) + label_idx)
    n_rank = int(rank.max(initial=0)) + 1
    suffixes = np.strings.add(" ", np.arange(n_rank).astype(str))
    suffixes[0] = ""
    numbered_vocab = np.strings.add(np.repeat(vocab, n_rank), np.tile(suffixes, len(vocab)))

    id_width = max(2, len(str(int(per_person.max()))))
    member_vocab = np.strings.add("m", np.strings.zfill(np.arange(1, per_person.max() + 1).astype(str), id_width))
    formal_cat = np.array([c in FORMAL_CATEGORIES for c in CATEGORIES], dtype=np.int64)  # 1 = yes
    members_df = pd.DataFrame({
        "participant_id": pid.take(member_p),
        "member_id": _strings(member_vocab, local),
        "kind": _strings([CATEGORY_KIND[c] for c in CATEGORIES], member_cat),
        "category": _strings(CATEGORIES, member_cat),
        "circle": circle.astype(np.int64),
        "formal": _strings(("no", "yes"), formal_cat[member_cat]),
        "contact": _strings(CONTACTS, contact),
        "wellbeing": _strings(WELLBEING, wellbeing),
        "label": _strings(numbered_vocab, label_idx * n_rank + rank),
    })

    # ---- ties: every unordered pair (i < j) within a map, kept with a category-pair probability -----------
    n_members = len(member_p)
    later = per_person[member_p] - 1 - local                          # members j > i in the same map
    a = np.repeat(np.arange(n_members), later)
    pair_start = np.r_[0, np.cumsum(later)[:-1]]
    b = a + 1 + (np.arange(len(a)) - np.repeat(pair_start, later))
    keep = rng.random(len(a)) < _tie_matrix()[member_cat[a], member_cat[b]]
    a, b = a[keep], b[keep]
    ties_df = pd.DataFrame({
        "participant_id": pid.take(member_p[a]),
        "member_a": _strings(member_vocab, local[a]),
        "member_b": _strings(member_vocab, local[b]),
    })

    return SampleData(participants=participants_df, members=members_df, ties=ties_df, planted_type=planted)
