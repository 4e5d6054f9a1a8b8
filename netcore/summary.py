"""Plain-language summaries of a loaded dataset, shared by the CLI and the app."""

from __future__ import annotations

import pandas as pd

from netcore.disclosure import count_text
from netcore.labels import plain_words
from netcore.model import Dataset
from netcore.style import NOT_RECORDED, PLAIN_CONTACT, PLAIN_WELLBEING


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
        text += f" Covariates: {', '.join(plain_words(column) for column in dataset.covariates)}."
    return text


# How a category group reads in a sentence about the people closest to someone.
GROUP_WORDS = {
    "family": "family", "partner": "their partner", "friends": "friends",
    "community": "neighbours, peers or colleagues", "services": "professionals or services",
}


def describe_map(members: pd.DataFrame) -> str:
    """A few plain sentences about one person's map: what is on it, who is closest, what feels bad."""
    if members.empty:
        return "No connections are recorded on this map."
    kinds = members["kind"].value_counts()
    sentences = [
        f"{count_phrase(int(kinds.get('person', 0)), 'person', 'people')}, "
        f"{count_phrase(int(kinds.get('place', 0)), 'place')} and "
        f"{count_phrase(int(kinds.get('activity', 0)), 'activity', 'activities')}."
    ]
    people = members[members["kind"] == "person"]
    closest = people[people["circle"] == people["circle"].min()]
    if not closest.empty:
        shares = closest["group"].value_counts(normalize=True)
        words = GROUP_WORDS.get(str(shares.index[0]), "other people")
        if shares.iloc[0] > 0.5:
            sentences.append(f"Most of the people closest to them are {words}.")
        elif len(closest) > 1:
            sentences.append(f"The people closest to them are a mix; the most are {words}.")
    formal = int(members["formal"].sum())
    if formal * 2 > len(members):
        sentences.append(f"More than half of the connections ({formal}) are professionals or services.")
    if members["wellbeing"].notna().any():
        bad = int((members["wellbeing"] == "negative").sum())
        good = int((members["wellbeing"] == "positive").sum())
        sentences.append(f"{count_phrase(good, 'connection')} {'feels' if good == 1 else 'feel'} good for their "
                         f"well-being; {bad if bad else 'none'} {'feels' if bad == 1 else 'feel'} bad.")
    return " ".join(sentences)


def display_label(members: pd.DataFrame) -> pd.Series:
    """Each member's label, or its category in words when there is none."""
    return members["label"].fillna(members["category"].str.replace("_", " ")).astype(str)


def member_facts(members: pd.DataFrame, circles: int) -> pd.Series:
    """What a hover may say about each member, as plain-text lines: label (when there is one), category, circle,
    contact and well-being. Nothing else about a member is ever shown on a map."""
    lines = pd.DataFrame({
        "label": members["label"],
        "category": members["category"].str.replace("_", " "),
        "circle": "circle " + members["circle"].astype(str) + f" of {circles}",
        "contact": "in touch: " + members["contact"].map(PLAIN_CONTACT).fillna(NOT_RECORDED),
        "wellbeing": "well-being: " + members["wellbeing"].map(PLAIN_WELLBEING).fillna(NOT_RECORDED),
    }, index=members.index)
    return pd.Series([[str(v) for v in row if not pd.isna(v)] for row in lines.itertuples(index=False)],
                     index=members.index, dtype=object)
