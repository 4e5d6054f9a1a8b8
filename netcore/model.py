"""The dataset: participants, the members of their maps, ties between members; and the documented file format.

A `Dataset` is only ever built by `netcore.validation` from checked tables, so every page and analysis can rely on
its invariants (unique ids, circles 1-7, known kinds, ties between existing members of the same map).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from netcore.vocabulary import DEFAULT_VOCABULARY, Vocabulary

MAX_CIRCLES = 7
MIN_TYPES, MAX_TYPES = 2, 8  # how many network types a user may ask for
KINDS = ("person", "place", "activity")
CONTACT_LEVELS = ("daily", "weekly", "monthly", "less_often")
WELLBEING_LEVELS = ("positive", "neutral", "negative")

# Covariates the study used; any other participants column is a covariate too.
KNOWN_COVARIATES = (
    "site", "age_band", "gender", "ethnicity", "diagnosis", "lives_alone", "housing_status", "education",
    "employment", "long_term_sick_or_disabled",
)
YES_NO_COVARIATES = ("lives_alone", "long_term_sick_or_disabled")

ID_COLUMN = "participant_id"
TYPE_COLUMN = "network_type"  # the network type the analysis gives each participant
TYPE_KEY = "type"  # page address (URL) key of the network type filter
PAGE_KEY = "page"  # page address key of the screen a shared link opens
# Names the dashboard uses itself, in its tables of participants or in a page address: a covariate called so is
# renamed when loaded (netcore.validation, as is one named like a measure), and none is a filter column
# (netcore.filters).
RESERVED_NAMES = (ID_COLUMN, TYPE_COLUMN, TYPE_KEY, PAGE_KEY)


@dataclass(frozen=True)
class Column:
    """One documented column of the file format."""

    file: str
    name: str
    required: bool
    meaning: str
    values: str = ""


DATA_DICTIONARY: tuple[Column, ...] = (
    Column("participants.csv", "participant_id", True, "anonymised id of the person who drew the map; unique",
           "any text, e.g. P001"),
    Column("participants.csv", "site", False, "where the person was recruited", "any text"),
    Column("participants.csv", "age_band", False, "age group", "any text, e.g. 18-29"),
    Column("participants.csv", "gender", False, "gender", "any text"),
    Column("participants.csv", "ethnicity", False, "ethnic group", "any text"),
    Column("participants.csv", "diagnosis", False, "main diagnosis", "any text"),
    Column("participants.csv", "lives_alone", False, "lives on their own", "yes / no"),
    Column("participants.csv", "housing_status", False, "kind of housing", "any text, e.g. supported housing"),
    Column("participants.csv", "education", False, "highest formal education", "any text"),
    Column("participants.csv", "employment", False, "work situation", "any text"),
    Column("participants.csv", "long_term_sick_or_disabled", False, "long-term sickness or disability", "yes / no"),
    Column("participants.csv", "(any other column)", False,
           "another covariate: numeric if every value is a number and there are more than 5 distinct values, "
           "otherwise categorical", ""),
    Column("members.csv", "participant_id", True, "whose map this connection is on; must be in participants.csv",
           ""),
    Column("members.csv", "member_id", True, "id of the connection, unique within that map", "any text, e.g. m1"),
    Column("members.csv", "kind", True, "what the connection is", "person / place / activity"),
    Column("members.csv", "category", True,
           "what sort of person, place or activity; synonyms are read through the category vocabulary",
           "e.g. family, partner, friend, neighbour, peer, colleague, practitioner, cafe, park, day_centre, "
           "walking, art_group"),
    Column("members.csv", "circle", True, "ring on the map, 1 = closest / most important",
           f"whole number 1-{MAX_CIRCLES}"),
    Column("members.csv", "formal", False,
           "a professional or service connection; when blank or absent it comes from the category vocabulary",
           "yes / no"),
    Column("members.csv", "contact", False, "how often they are in touch", " / ".join(CONTACT_LEVELS)),
    Column("members.csv", "wellbeing", False, "how the connection affects well-being", " / ".join(WELLBEING_LEVELS)),
    Column("members.csv", "label", False, "short anonymised display label (never a real name)",
           "e.g. Sister, Allotment"),
    Column("ties.csv", "participant_id", True, "whose map the link is on", ""),
    Column("ties.csv", "member_a", True, "one member of the link (a member_id of that map)", ""),
    Column("ties.csv", "member_b", True, "the other member of the link", ""),
    Column("vocabulary.csv", "term", True, "a word used in the category column (optional file)", ""),
    Column("vocabulary.csv", "category", True, "the category it means", ""),
    Column("vocabulary.csv", "group", False, "colour group for a new category", ""),
    Column("vocabulary.csv", "formal", False, "whether a new category is formal", "yes / no"),
)

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "participants": ("participant_id",),
    "members": ("participant_id", "member_id", "kind", "category", "circle"),
    "ties": ("participant_id", "member_a", "member_b"),
    "vocabulary": ("term", "category"),
}


def data_dictionary_table() -> pd.DataFrame:
    """The file format as a table for display."""
    return pd.DataFrame(
        [
            {"file": c.file, "column": c.name, "required": "yes" if c.required else "no", "meaning": c.meaning,
             "values": c.values}
            for c in DATA_DICTIONARY
        ]
    )


@dataclass(frozen=True)
class Dataset:
    """Validated, anonymised network data.

    participants: `participant_id` (string) then one column per covariate (string categories or floats).
    members: participant_id, member_id, kind, category (canonical), group, circle (int), formal (bool),
             contact, wellbeing, label (strings, missing as <NA>).
    ties: participant_id, member_a, member_b; distinct undirected pairs of two different members
          (member_a < member_b).
    """

    participants: pd.DataFrame
    members: pd.DataFrame
    ties: pd.DataFrame
    vocabulary: Vocabulary = DEFAULT_VOCABULARY
    notes: tuple[str, ...] = ()
    covariate_types: dict[str, str] = field(default_factory=dict)

    @property
    def covariates(self) -> list[str]:
        """Covariate column names, in file order."""
        return [c for c in self.participants.columns if c != "participant_id"]

    @property
    def circles(self) -> int:
        """Number of rings on the maps: the largest circle used (at least 1)."""
        return int(self.members["circle"].max()) if len(self.members) else 1

    def one_map(self, participant_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The members and ties of one participant's map (their rows in table order), found through an index of
        each table's rows by participant made on the first call, so a map costs its own rows, not the tables'."""
        return self._member_rows.of(participant_id), self._tie_rows.of(participant_id)

    @cached_property
    def _member_rows(self) -> RowsByParticipant:
        return RowsByParticipant(self.members)

    @cached_property
    def _tie_rows(self) -> RowsByParticipant:
        return RowsByParticipant(self.ties)


class RowsByParticipant:
    """A table's rows grouped by participant_id: each participant's row positions, in table order."""

    def __init__(self, table: pd.DataFrame) -> None:
        codes, self.ids = pd.factorize(table["participant_id"])
        self.table = table
        # rows by participant, table order within each; rows without an id (code -1) sort first and are left out
        self.order = np.argsort(codes, kind="stable")[int((codes < 0).sum()):]
        self.ends = np.cumsum(np.bincount(codes[codes >= 0], minlength=len(self.ids)))

    def of(self, participant_id: str) -> pd.DataFrame:
        """The rows of `participant_id` (none when it has none)."""
        try:
            code = self.ids.get_loc(participant_id)
        except KeyError:
            return self.table.iloc[:0]
        return self.table.iloc[self.order[(self.ends[code - 1] if code else 0):self.ends[code]]]
