"""Per-participant network measures, computed over the whole members and ties tables at once.

Every participant gets a row, including those whose map is empty. Counts are whole numbers (0 when nothing is
recorded); a share or density with nothing to divide by is missing (NaN), never 0 and never an error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netcore.disclosure import visible_groups
from netcore.model import KINDS, WELLBEING_LEVELS, Dataset

FAMILY_GROUP = "family"

# Column -> plain-words meaning, in output order (participant_id comes first).
MEASURES: dict[str, str] = {
    "size": "how many connections are on the map: people, places and activities together",
    "people": "how many people are on the map",
    "places": "how many places are on the map",
    "activities": "how many activities are on the map",
    "inner": "how many connections are in the closest circle (circle 1)",
    "inner_share": "share of all connections that are in the closest circle (inner / size)",
    "mean_circle": "average circle of the connections (1 = closest); lower means closer on average",
    "family_people": "how many people are family (category group 'family'; a partner is not counted here)",
    "family_share": "share of the people who are family (family_people / people); missing when there are no people",
    "formal_members": "how many connections are formal: professionals or services",
    "formal_share": "share of all connections that are formal (formal_members / size); missing when the map is "
                    "empty",
    "formal_places_activities_share": "share of the places and activities that are formal (day centres, clinics, "
                                      "service-run groups); missing when there are none",
    "diversity": "how many different categories of people there are (family, friend, neighbour, ...)",
    "ties": "how many links between two different connections are recorded (who knows whom, who goes where)",
    "density": "recorded links / all possible links between the connections (ties / (size x (size-1) / 2)); "
               "missing when there are fewer than 2 connections",
    "positive": "how many connections are good for their well-being",
    "neutral": "how many connections are neither good nor bad for their well-being",
    "negative": "how many connections are bad for their well-being",
}

# Measures that count something (whole numbers); the rest are shares, averages or density.
COUNT_MEASURES = ("size", "people", "places", "activities", "inner", "family_people", "formal_members", "diversity",
                  "ties", "positive", "neutral", "negative")


def summarise_measures(measures: pd.DataFrame, columns: tuple[str, ...], suppress: bool = True) -> pd.DataFrame:
    """Median and middle half of each measure over the maps where it is defined, as display text: counts in whole
    numbers ("3 to 10"), shares and averages to 2 decimals. A measure defined on no map, or (while suppressing) on
    only 1-4 maps, is left out."""
    defined = measures[list(columns)].notna().sum()
    rows = []
    for column in visible_groups(defined[defined > 0], suppress):
        values = measures[column].dropna()
        whole = column in COUNT_MEASURES
        low, middle, high = values.quantile([0.25, 0.5, 0.75], interpolation="nearest" if whole else "linear")
        text = (lambda v: f"{int(v)}") if whole else (lambda v: f"{v:.2f}")
        rows.append({"measure": column, "median": text(middle), "middle half of maps": f"{text(low)} to {text(high)}",
                     "what it means": MEASURES[column]})
    return pd.DataFrame(rows, columns=["measure", "median", "middle half of maps", "what it means"])


def compute_measures(dataset: Dataset) -> pd.DataFrame:
    """One row per participant (in participants order), columns `participant_id` then `MEASURES`.

    Computed on integer codes: each member's and tie's participant is a number, each count one np.bincount."""
    members = dataset.members
    ids = dataset.participants["participant_id"]
    codes, distinct = pd.factorize(pd.concat([ids, members["participant_id"], dataset.ties["participant_id"]],
                                             ignore_index=True), use_na_sentinel=False)
    own, owner, tie_owner = np.split(codes, np.cumsum([len(ids), len(members)]))

    def count(rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Per participant code, how many of `rows` (the participant code of each thing counted) are theirs, or the
        sum of their `weights`."""
        return np.bincount(rows, weights, minlength=len(distinct))

    def where(mask: pd.Series) -> np.ndarray:
        """The participant codes of the members where `mask` is true (missing counts as false)."""
        return owner[mask.to_numpy(dtype=bool, na_value=False)]

    def per_value(column: str, values: tuple[str, ...]) -> list[np.ndarray]:
        """For each of `values`, per participant code, how many members have it in `column`: one bincount of
        (participant, value code) pairs."""
        found, levels = pd.factorize(members[column])  # -1: missing
        width = len(levels) + 1
        counts = np.bincount(owner * width + found + 1, minlength=len(distinct) * width).reshape(-1, width)
        position = {level: place + 1 for place, level in enumerate(levels)}
        return [counts[:, position[value]] if value in position else np.zeros(len(distinct), dtype=np.int64)
                for value in values]

    def share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
        return part / np.where(whole > 0, whole, np.nan)

    kind = members["kind"]
    is_person = kind.eq("person")
    size = count(owner)
    people, places, activities = per_value("kind", KINDS)
    inner = count(where(members["circle"].eq(1)))
    family = count(where(is_person & members["group"].eq(FAMILY_GROUP)))
    formal = count(where(members["formal"]))
    formal_places_activities = count(where(members["formal"] & kind.ne("person")))  # no kind: not counted
    category, categories = pd.factorize(members["category"])  # -1: none
    in_people = is_person.to_numpy(dtype=bool, na_value=False) & (category >= 0)
    # each (participant, category) of people once, as one number
    pairs = pd.unique(owner[in_people].astype(np.int64) * len(categories) + category[in_people])
    ties = count(tie_owner)
    measures = {
        "size": size,
        "people": people,
        "places": places,
        "activities": activities,
        "inner": inner,
        "inner_share": share(inner, size),
        "mean_circle": share(count(owner, members["circle"].to_numpy(dtype=float)), size),
        "family_people": family,
        "family_share": share(family, people),
        "formal_members": formal,
        "formal_share": share(formal, size),
        "formal_places_activities_share": share(formal_places_activities, places + activities),
        "diversity": count(pairs // max(len(categories), 1)),
        "ties": ties,
        "density": share(ties, np.where(size >= 2, size * (size - 1) / 2, 0)),
        **dict(zip(WELLBEING_LEVELS, per_value("wellbeing", WELLBEING_LEVELS), strict=True)),
    }
    table = pd.DataFrame({name: values[own] for name, values in measures.items()},
                         index=pd.Index(ids, name="participant_id"))
    return table.reset_index()
