"""'What could change' for one map: apply edits to one map's members and ties, recompute that map's measures, and
say which network type it would have and how sure.

Nothing here changes the tables it is given: every function returns new ones. Words are read as the loader reads
them (the same word maps for kinds and well-being marks, the vocabulary for categories), so a changed map is one
the loader could have produced. Refused edits raise `ScenarioError` with a plain message that quotes no value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Literal

import numpy as np
import pandas as pd

from netcore.io.export import dataset_tables
from netcore.measures import FAMILY_GROUP, compute_measures
from netcore.model import MAX_CIRCLES, WELLBEING_LEVELS, Dataset
from netcore.problems import ScenarioError
from netcore.style import PLAIN_WELLBEING
from netcore.typology import NetworkTypology
from netcore.validation import KIND_WORDS, MISSING_WORDS, WELLBEING_WORDS
from netcore.vocabulary import DEFAULT_VOCABULARY, Vocabulary, normalise_term

MAP_ID = "changed_map"  # the participant id of a changed map in measures and downloads: no real id leaves
FRESH_ID_PREFIX = "new"
SUGGESTIONS: tuple[str, ...] = ("joins a weekly group", "goes to a cafe or library", "loses touch with a service",
                                "a family member becomes closer")
WEEKLY_GROUP = "art_group"  # a group activity the vocabulary knows that is not run by a service
NEW_PLACE = "cafe"
ARTICLES = {"person": "a person", "place": "a place", "activity": "an activity"}


@dataclass(frozen=True)
class Edit:
    """One change to a map.

    add: a new member of `kind` and `category` in `circle`, with an optional `wellbeing` mark and `label`, and an
    optional `member_id` of its own (refused if the map has it; by default a fresh id). remove / move / mark: the
    member `member_id` leaves the map (with its ties), goes to `circle`, or gets the mark `wellbeing` (None takes
    the mark off). Fields an action does not use are ignored.
    """

    action: Literal["add", "remove", "move", "mark"]
    member_id: str | None = None
    kind: str | None = None
    category: str | None = None
    circle: int | None = None
    wellbeing: str | None = None
    label: str | None = None

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The edit in plain words: "Added a place (cafe) in circle 2, marked good for them", "Moved Sister to
        circle 1". `names`: how to call each member (e.g. its label); its id otherwise."""
        member = (names or {}).get(self.member_id, self.member_id)
        if self.action == "add":
            what = ARTICLES.get(KIND_WORDS.get(normalise_term(self.kind or ""), ""), "a connection")
            category = normalise_term(self.category or "").replace("_", " ")
            where = f" in circle {self.circle}" if self.circle is not None else ""
            return f"Added {what}{f' ({category})' if category else ''}{where}, {_mark_phrase(self.wellbeing)}"
        if self.action == "remove":
            return f"Removed {member}"
        if self.action == "move":
            return f"Moved {member} to circle {self.circle}"
        if self.action == "mark":
            level = _wellbeing_level(self.wellbeing)
            if level is None:
                return f"Took the well-being mark off {member}"
            return f"Marked {member} as {PLAIN_WELLBEING.get(level, 'something not known')}"
        return "A change that cannot be made"


def apply_edits(members: pd.DataFrame, ties: pd.DataFrame, edits: Sequence[Edit], circles: int,
                vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map after the edits, in order, as new tables in the Dataset's columns and dtypes (the inputs are never
    changed; rows renumbered from 0).

    members, ties: one map, as `Dataset.one_map` gives it (an empty map is fine). Added members get fresh ids
    ("new1", "new2", ... never one the map has or had during these edits), the map's participant id (MAP_ID on an
    empty map), group and formal from the vocabulary, contact missing, the category in plain words as label when
    none is given. Removing a member removes its ties. Raises ScenarioError for tables of more than one map or
    with a member id twice, a circle count outside 1..MAX_CIRCLES, and any edit that cannot be made: an unknown
    action, kind, member id or well-being word, an add without kind or category or with an id the map already has,
    a circle outside 1..circles.
    """
    _check_circles(circles)
    owner = _owner(members, ties)
    if not members["member_id"].is_unique:
        raise ScenarioError("the map has two connections with the same id, so a change could not say which")
    rows = {row["member_id"]: row for row in members.to_dict("records")}  # keeps the map's order; added go last
    taken = set(rows)
    fresh = _fresh_ids(taken)
    for edit in edits:
        if edit.action == "add":
            new = _new_member(edit, owner, circles, vocabulary)
            if edit.member_id is None:
                new["member_id"] = next(fresh)
            elif not edit.member_id.strip():
                raise ScenarioError("a new connection's id cannot be empty")
            elif edit.member_id in rows:
                raise ScenarioError("the map already has a connection with this id: choose another or leave it out")
            taken.add(new["member_id"])
            rows[new["member_id"]] = new
        elif edit.action in ("remove", "move", "mark"):
            member = _member(rows, edit)
            if edit.action == "remove":
                del rows[edit.member_id]
                ties = ties[ties["member_a"].ne(edit.member_id) & ties["member_b"].ne(edit.member_id)]
            elif edit.action == "move":
                member["circle"] = _circle(edit.circle, circles)
            else:
                member["wellbeing"] = _wellbeing(edit.wellbeing)
        else:
            raise ScenarioError("a change is add, remove, move or mark")
    changed = pd.DataFrame(list(rows.values()), columns=members.columns).astype(members.dtypes.to_dict())
    return changed, ties.reset_index(drop=True)


def map_measures(members: pd.DataFrame, ties: pd.DataFrame, vocabulary: Vocabulary = DEFAULT_VOCABULARY
                 ) -> pd.Series:
    """The measures of one map (index: netcore.measures.MEASURES; floats, counts as whole numbers, undefined shares
    NaN), by `compute_measures` on a one-participant Dataset of these tables, so the numbers are the same as on
    every other page by construction."""
    table = compute_measures(_one_map_dataset(members, ties, vocabulary))
    return table.drop(columns="participant_id").iloc[0].rename(None)


def type_shares(model: NetworkTypology, measures: pd.DataFrame) -> pd.DataFrame:
    """How sure the type of each map is: for each row of a measures table, a share per type index (columns
    0..k-1, rows sum to 1, index kept).

    The distance d to each type's centre, in the model's standardised units (`model.transform`, the distances
    `model.predict` takes the nearest of), becomes a share exp(-d**2 / 2) / sum over types of exp(-d**2 / 2): a
    map at a type's centre and far from the others is all that type; one halfway between two is half each.
    Computed relative to the nearest type, so a map far from every type still gets shares. The largest share is
    the nearest type, the one `model.predict` gives (two shares are equal only where two types are equally near to
    within rounding).
    """
    squared = model.transform(measures) ** 2
    weights = np.exp(-(squared - squared.min(axis=1, keepdims=True)) / 2)
    return pd.DataFrame(weights / weights.sum(axis=1, keepdims=True), index=measures.index,
                        columns=range(weights.shape[1]))


def suggested_edits(suggestion: str, members: pd.DataFrame, circles: int) -> list[Edit]:
    """The edits that make one of SUGGESTIONS real on this map (circles: the number of rings).

    "joins a weekly group": add a group activity that is not a service (WEEKLY_GROUP) in the middle circle, marked
    good. "goes to a cafe or library": add a cafe there, marked good. "loses touch with a service": remove the
    formal member in the outermost circle (the first such in the map's order). "a family member becomes closer":
    move the least close family person one circle in. Raises ScenarioError with a plain reason when a suggestion
    cannot apply (no service, no family, every family member already in the closest circle) or is unknown.
    """
    _check_circles(circles)
    middle = (circles + 1) // 2
    if suggestion == "joins a weekly group":
        return [Edit("add", kind="activity", category=WEEKLY_GROUP, circle=middle, wellbeing="positive",
                     label="Weekly group")]
    if suggestion == "goes to a cafe or library":
        return [Edit("add", kind="place", category=NEW_PLACE, circle=middle, wellbeing="positive")]
    if suggestion == "loses touch with a service":
        services = members[members["formal"]]
        if services.empty:
            raise ScenarioError("there is no service or professional on this map to lose touch with")
        return [Edit("remove", member_id=services.loc[services["circle"].idxmax(), "member_id"])]
    if suggestion == "a family member becomes closer":
        family = members[members["kind"].eq("person") & members["group"].eq(FAMILY_GROUP)]
        if family.empty:
            raise ScenarioError("there is no family member on this map")
        furthest = family.loc[family["circle"].idxmax()]
        if furthest["circle"] <= 1:
            raise ScenarioError("every family member is already in the closest circle")
        return [Edit("move", member_id=furthest["member_id"], circle=int(furthest["circle"]) - 1)]
    raise ScenarioError("there is no such suggestion")


def scenario_tables(members: pd.DataFrame, ties: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """{"participants", "members", "ties"} of a changed map in the documented file format (as
    netcore.io.export.dataset_tables writes them: formal as yes/no, no group column), with the participant id
    replaced by MAP_ID so no real id leaves in a download (and no covariate: participants holds that id alone,
    so the download loads back as a dataset of one map); member ids are kept (they are not people)."""
    return dataset_tables(_one_map_dataset(members, ties))


def _one_map_dataset(members: pd.DataFrame, ties: pd.DataFrame, vocabulary: Vocabulary = DEFAULT_VOCABULARY
                     ) -> Dataset:
    """The map as a Dataset of one participant, MAP_ID."""
    _owner(members, ties)
    participants = pd.DataFrame({"participant_id": pd.Series([MAP_ID], dtype="string")})
    return Dataset(participants, members.assign(participant_id=MAP_ID).astype({"participant_id": "string"}),
                   ties.assign(participant_id=MAP_ID).astype({"participant_id": "string"}), vocabulary)


def _owner(members: pd.DataFrame, ties: pd.DataFrame) -> str:
    """The participant id of the one map in these tables (MAP_ID when they are empty)."""
    owners = set(members["participant_id"].dropna()) | set(ties["participant_id"].dropna())
    if len(owners) > 1:
        raise ScenarioError("these tables hold more than one map: choose one map to change")
    return owners.pop() if owners else MAP_ID


def _check_circles(circles: int) -> None:
    if isinstance(circles, bool) or not isinstance(circles, Integral) or not 1 <= circles <= MAX_CIRCLES:
        raise ScenarioError(f"a map has 1 to {MAX_CIRCLES} circles")


def _fresh_ids(taken: set[str]) -> Iterator[str]:
    """new1, new2, ... skipping every id in `taken` (which the caller keeps up to date)."""
    number = 1
    while True:
        candidate = f"{FRESH_ID_PREFIX}{number}"
        number += 1
        if candidate not in taken:
            yield candidate


def _new_member(edit: Edit, owner: str, circles: int, vocabulary: Vocabulary) -> dict[str, object]:
    """The row of an added member, words read as the loader reads them (its member_id is the caller's)."""
    kind = KIND_WORDS.get(normalise_term(edit.kind or ""))
    if kind is None:
        raise ScenarioError("a new connection must be a person, place or activity")
    if not normalise_term(edit.category or ""):
        raise ScenarioError("a new connection needs a category: what sort of person, place or activity it is")
    category = vocabulary.canonical(pd.Series([edit.category]))
    label = (edit.label or "").strip() or category.iloc[0].replace("_", " ")
    return {"participant_id": owner, "member_id": edit.member_id, "kind": kind, "category": category.iloc[0],
            "group": vocabulary.group_of(category).iloc[0], "circle": _circle(edit.circle, circles),
            "formal": bool(vocabulary.formal_of(category).iloc[0]), "contact": pd.NA,
            "wellbeing": _wellbeing(edit.wellbeing), "label": label}


def _member(rows: dict[str, dict[str, object]], edit: Edit) -> dict[str, object]:
    """The row the edit changes (a copy the caller may change)."""
    if edit.member_id is None:
        raise ScenarioError(f"choose which connection to {edit.action}")
    if edit.member_id not in rows:
        raise ScenarioError("there is no connection with this id on the map (it may have been removed)")
    return rows[edit.member_id]


def _circle(circle: int | None, circles: int) -> int:
    if isinstance(circle, bool) or not isinstance(circle, Integral) or not 1 <= circle <= circles:
        raise ScenarioError(f"the circle must be a whole number from 1 to {circles}")
    return int(circle)


def _wellbeing_level(word: str | None) -> str | None:
    """The well-being level a word means, None for no mark, or the normalised word when it is not one."""
    term = normalise_term(word or "")
    return None if term in MISSING_WORDS else WELLBEING_WORDS.get(term, term)


def _wellbeing(word: str | None) -> object:
    """The stored well-being mark of a word (<NA> for none); refuses a word that is not a mark."""
    level = _wellbeing_level(word)
    if level is None:
        return pd.NA
    if level not in WELLBEING_LEVELS:
        raise ScenarioError("a well-being mark is good, neutral or bad, or none")
    return level


def _mark_phrase(word: str | None) -> str:
    level = _wellbeing_level(word)
    return "not marked" if level is None else f"marked {PLAIN_WELLBEING.get(level, 'with a mark not known')}"
