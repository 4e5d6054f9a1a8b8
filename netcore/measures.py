"""Per-participant network measures, computed over the whole members and ties tables at once.

Every participant gets a row, including those whose map is empty. Counts are whole numbers (0 when nothing is
recorded); a share or density with nothing to divide by is missing (NaN), never 0 and never an error.
"""

from __future__ import annotations

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
    """One row per participant (in participants order), columns `participant_id` then `MEASURES`."""
    members = dataset.members
    index = pd.Index(dataset.participants["participant_id"], name="participant_id")
    owner = members["participant_id"]

    def count(mask: pd.Series) -> pd.Series:
        return mask.groupby(owner).sum().reindex(index, fill_value=0).astype(int)

    def share(part: pd.Series, whole: pd.Series) -> pd.Series:
        return (part / whole.where(whole > 0)).astype(float)

    is_person = members["kind"].eq("person")
    by_kind = {kind: count(members["kind"].eq(kind)) for kind in KINDS}
    size = count(pd.Series(True, index=members.index))
    inner = count(members["circle"].eq(1))
    family = count(is_person & members["group"].eq(FAMILY_GROUP))
    formal = count(members["formal"])
    places_activities = by_kind["place"] + by_kind["activity"]
    formal_places_activities = count(members["formal"] & ~is_person)
    ties = dataset.ties.groupby("participant_id").size().reindex(index, fill_value=0).astype(int)
    possible_pairs = size * (size - 1) / 2

    table = pd.DataFrame({
        "size": size,
        "people": by_kind["person"],
        "places": by_kind["place"],
        "activities": by_kind["activity"],
        "inner": inner,
        "inner_share": share(inner, size),
        "mean_circle": members["circle"].groupby(owner).mean().reindex(index).astype(float),
        "family_people": family,
        "family_share": share(family, by_kind["person"]),
        "formal_members": formal,
        "formal_share": share(formal, size),
        "formal_places_activities_share": share(formal_places_activities, places_activities),
        "diversity": members.loc[is_person].groupby("participant_id")["category"].nunique()
                     .reindex(index, fill_value=0).astype(int),
        "ties": ties,
        "density": (ties / possible_pairs.where(size >= 2)).astype(float),
        **{level: count(members["wellbeing"].eq(level).fillna(False)) for level in WELLBEING_LEVELS},
    }, index=index)
    return table.reset_index()
