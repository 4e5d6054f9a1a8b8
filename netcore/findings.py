"""Findings in plain words, for feedback sessions and the report: no numbers, no jargon.

- `wellbeing_by_group`: how often each kind of connection was marked good, neutral or bad;
- `strength_words` and `association_sentences`: the adjusted associations as sentences ("People who live alone
  more often have a formal and sparse network than people who do not (clear evidence)."). The direction comes
  from the model: for a level against its covariate's reference level, the type it "more often has" is the one
  with the largest odds ratio (the reference type counting 1), named only when that is more than CLEARLY times
  the next. A level held by fewer than 5 people in the data is never named. Level and type names are quoted as
  written (so an age band keeps its digits); nothing else is a number;
- `type_sentence`: one sentence about a network type, the study's own words for its three types.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netcore.associations import AssociationResult, CovariateAssociation
from netcore.disclosure import SMALL_CELL_LIMIT
from netcore.labels import plain_label, plain_words
from netcore.model import WELLBEING_LEVELS
from netcore.style import GROUP_COLOURS
from netcore.typology import STUDY_TYPES

CLEAR_P, SOME_P = 0.01, 0.05
CLEARLY = 1.25  # a type is named when its odds ratio is more than this times the next type's
PER_SD = "per standard deviation"  # the level of a numeric covariate in the model's output
WELLBEING_COLUMNS = [*WELLBEING_LEVELS, "participants"]
YES_NO_PHRASES = {  # covariate -> (people who have it, people who do not)
    "lives_alone": ("who live alone", "who do not"),
    "long_term_sick_or_disabled": ("who are long-term sick or disabled", "who are not"),
}
STUDY_SENTENCES = dict(zip(STUDY_TYPES, (
    "Many different people, places and activities, spread across the circles.",
    "Mostly family, close to the middle.",
    "A few connections, many of them professionals or services.",
), strict=True))
FEW_CONNECTIONS, MANY_CONNECTIONS = 8, 15  # mean size below which a type has "a few", from which "many"
MOSTLY = 0.5  # a share from which a type is "mostly" or "many of them"
FEW_CLOSE = 0.2  # an inner share up to which "few" are close to the middle
VARIED = 4  # mean kinds of people from which a type has "many different kinds of people"


def wellbeing_by_group(members: pd.DataFrame, participant_ids: Sequence[str]) -> pd.DataFrame:
    """Counts of members marked positive / neutral / negative per connection group, over the maps of
    `participant_ids`. Index: the group (in netcore.style.GROUP_COLOURS order, then others by name; only groups
    with a rated member); columns: positive, neutral, negative, participants (how many of those maps have a rated
    member of that group). Members without a mark are not counted: with none marked the table has no rows."""
    rated = members[members["participant_id"].isin(list(participant_ids)) & members["wellbeing"].notna()]
    if rated.empty:
        return pd.DataFrame(columns=WELLBEING_COLUMNS, index=pd.Index([], name="group"), dtype=int)
    counts = rated.groupby(["group", "wellbeing"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(WELLBEING_LEVELS), fill_value=0)
    counts["participants"] = rated.groupby("group")["participant_id"].nunique()
    groups = list(counts.index)
    order = [g for g in GROUP_COLOURS if g in groups] + sorted(g for g in groups if g not in GROUP_COLOURS)
    table = counts.reindex(order).astype(int)
    table.columns.name = None
    return table.rename_axis("group")


def strength_words(p_value: float) -> str:
    """How strong the evidence is, in words: "clear" when p < 0.01, "some" when p < 0.05, otherwise ""."""
    if p_value < CLEAR_P:
        return "clear"
    return "some" if p_value < SOME_P else ""


def association_sentences(result: AssociationResult, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(one plain sentence per associated covariate, one per covariate tested but not associated), in the order
    tested. `frame`: the participants the model was fitted on (covariates and network_type), to count who holds
    each level."""
    found, not_found = [], []
    for association in result.covariates:
        if association.associated:
            found.append(_associated_sentence(association, result.reference_type, frame))
        else:
            not_found.append(f"{plain_label(association.covariate)} did not clearly go with the kind of network.")
    return found, not_found


def _more_often(ratios: pd.DataFrame, reference_type: str) -> str | None:
    """The type a level more often has against the reference level: the largest odds ratio (the reference type's
    is 1), when it is more than CLEARLY times the next; else None."""
    values = pd.Series([1.0, *ratios["odds_ratio"]], index=[reference_type, *ratios["type"]], dtype=float)
    if values.isna().any():
        return None
    top, second = values.sort_values(ascending=False).iloc[:2]
    return str(values.idxmax()) if top > CLEARLY * second else None


def _network(name: str) -> str:
    """A type inside a sentence: "a formal and sparse network", or 'the "..." kind of network'."""
    return f"a {name} network" if name in STUDY_TYPES else f'the "{name}" kind of network'


def word_list(words: list[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b and c" (or "a, b or c")."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _associated_sentence(association: CovariateAssociation, reference_type: str, frame: pd.DataFrame) -> str:
    """The sentence for one associated covariate: which type each common level more often has, or that it goes
    with the kind of network when no type stands out."""
    covariate, reference = association.covariate, association.reference_level
    strength = strength_words(association.p_value)
    end = f" ({strength} evidence)." if strength else "."
    held = frame[covariate].astype("string").value_counts() if covariate in frame.columns else pd.Series(dtype=int)

    def common(level: str) -> bool:
        return level == PER_SD or held.get(level, 0) >= SMALL_CELL_LIMIT

    directions: dict[str, list[str]] = {}  # type -> the levels that more often have it, in the model's order
    for level, ratios in association.odds_ratios.groupby("level", sort=False):
        more_often = _more_often(ratios, reference_type) if common(str(level)) else None
        if more_often is not None:
            directions.setdefault(more_often, []).append(str(level))
    if not directions:
        return f"{plain_label(covariate)} went with the kind of network people have, but no one kind stood out{end}"
    words = plain_words(covariate)
    if reference == PER_SD:
        name = next(iter(directions))  # one level, so one type
        return f"People with more {words} more often have {_network(name)}{end}"
    if covariate in YES_NO_PHRASES or (reference == "no" and set(association.odds_ratios["level"]) == {"yes"}):
        having, not_having = YES_NO_PHRASES.get(covariate, (f"for whom {words} is yes", "for whom it is no"))
        name = next(iter(directions))  # one level, so one type
        compared = f"people {not_having}" if common("no") else "other people"
        return f"People {having} more often have {_network(name)} than {compared}{end}"
    compared = f"people whose {words} is {reference}" if common(reference) else "other people"
    parts = [f"people whose {words} is {word_list(levels, 'or')} more often have {_network(name)}"
             for name, levels in directions.items()]
    if len(parts) == 1:
        return f"{parts[0][:1].upper()}{parts[0][1:]} than {compared}{end}"
    listed = f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return f"Compared with {compared}, {listed}{end}"


def type_sentence(name: str, profile: pd.Series) -> str:
    """One plain sentence about a network type: the study's own words for its three types, otherwise made from
    `profile` (the type's mean measures; any may be missing): how many of which kinds ("A few people and
    places"), what most of them are, how varied the people are, how close they sit."""
    if name in STUDY_SENTENCES:
        return STUDY_SENTENCES[name]

    def mean(measure: str) -> float:
        value = profile.get(measure, np.nan)
        return float(value) if pd.notna(value) else np.nan

    size = mean("size")
    if not size >= 0.5:
        return "Hardly any connections on the map."
    how_many = "A few" if size < FEW_CONNECTIONS else "A fair number of" if size < MANY_CONNECTIONS else "Many"
    kinds = [kind for kind in ("people", "places", "activities") if mean(kind) >= 0.5] or ["connections"]
    parts = [f"{how_many} {word_list(kinds)}"]
    if mean("formal_share") >= MOSTLY:
        parts.append("many of them professionals or services")
    elif mean("family_share") >= MOSTLY:
        parts.append("mostly family")
    if mean("diversity") >= VARIED:
        parts.append("with many different kinds of people")
    inner = mean("inner_share")
    if inner >= MOSTLY:
        parts.append("many close to the middle")
    elif inner <= FEW_CLOSE:
        parts.append("few close to the middle")
    return ", ".join(parts) + "."
