"""Plain-language summaries of a loaded dataset, shared by the CLI and the app."""

from __future__ import annotations

import pandas as pd

from netcore.disclosure import count_text
from netcore.model import Dataset


def count_phrase(n: int, singular: str, plural: str | None = None) -> str:
    """"1 person", "3 people", "1,234 places"."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def describe_dataset(dataset: Dataset, measures: pd.DataFrame, suppress: bool = True) -> str:
    """One paragraph: who is in the data, what is on their maps, and what a typical map looks like.

    Counts of participants from 1 to 4 read "<5" when `suppress` is on (netcore.disclosure).
    """
    participants = len(dataset.participants)
    kinds = dataset.members["kind"].value_counts()
    who = f"{count_text(participants, suppress)} participant{'' if participants == 1 else 's'}"
    if "site" in dataset.participants.columns:
        who += f" at {count_phrase(dataset.participants['site'].nunique(), 'site')}"
    text = (
        f"{who}, with {count_phrase(len(dataset.members), 'connection')} on their maps "
        f"({count_phrase(int(kinds.get('person', 0)), 'person', 'people')}, "
        f"{count_phrase(int(kinds.get('place', 0)), 'place')}, "
        f"{count_phrase(int(kinds.get('activity', 0)), 'activity', 'activities')}) "
        f"in {count_phrase(dataset.circles, 'circle')}, and {count_phrase(len(dataset.ties), 'link')} between "
        f"connections."
    )
    if participants:
        text += f" A typical map has {measures['size'].median():g} connections (median)."
        empty = int((measures["size"] == 0).sum())
        if empty:
            text += f" Empty maps: {count_text(empty, suppress)}."
    if dataset.covariates:
        text += f" Covariates: {', '.join(dataset.covariates)}."
    return text
