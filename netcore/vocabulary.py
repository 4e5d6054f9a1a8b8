"""The category vocabulary: how the words people write on a map become categories, groups and formality.

One table answers three questions about a member's `category`:
- its canonical name ("mum", "Sister" -> "family"; "CPN", "GP" -> "practitioner"),
- its group, used for colours and for `family_share` ("family", "friends", "services", ...),
- whether it is formal (a professional or service connection) when the data has no `formal` column.

Unknown categories are kept as written (normalised to lower_snake_case), in group "other", not formal.
Users extend the table with `Vocabulary.extended(...)` or an optional `vocabulary.csv` in their dataset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd

T = TypeVar("T", pd.Series, pd.DataFrame)


@dataclass(frozen=True)
class CategoryInfo:
    """What the vocabulary knows about one canonical category."""

    group: str
    formal: bool
    description: str


# Canonical category -> (group, formal, plain description). Groups are the colour groups of the maps.
CATEGORIES: dict[str, CategoryInfo] = {
    # people
    "family": CategoryInfo("family", False, "a relative: parent, child, sibling, grandparent, cousin..."),
    "partner": CategoryInfo("partner", False, "a partner, husband, wife, boyfriend or girlfriend"),
    "friend": CategoryInfo("friends", False, "a friend"),
    "neighbour": CategoryInfo("community", False, "a neighbour"),
    "peer": CategoryInfo("community", False, "someone with lived experience met through support or groups"),
    "colleague": CategoryInfo("community", False, "someone from work, volunteering or college"),
    "pet": CategoryInfo("community", False, "a pet"),
    "practitioner": CategoryInfo("services", True, "a professional: CPN, care coordinator, GP, support worker..."),
    # places
    "cafe": CategoryInfo("community places", False, "a café, pub or restaurant"),
    "park": CategoryInfo("community places", False, "a park, beach or green space"),
    "shop": CategoryInfo("community places", False, "a shop or market"),
    "library": CategoryInfo("community places", False, "a library"),
    "faith_place": CategoryInfo("community places", False, "a church, mosque, temple or other place of faith"),
    "gym": CategoryInfo("community places", False, "a gym, pool or sports centre"),
    "home": CategoryInfo("community places", False, "home, or someone else's home"),
    "day_centre": CategoryInfo("services", True, "a day centre or drop-in run by a service"),
    "clinic": CategoryInfo("services", True, "a clinic, hospital, surgery or mental health team base"),
    # activities
    "walking": CategoryInfo("activities", False, "walking"),
    "art_group": CategoryInfo("activities", False, "art, craft or a creative group"),
    "music": CategoryInfo("activities", False, "music, singing or playing an instrument"),
    "sport": CategoryInfo("activities", False, "sport or exercise"),
    "volunteering": CategoryInfo("activities", False, "volunteering"),
    "gardening": CategoryInfo("activities", False, "gardening or an allotment"),
    "education": CategoryInfo("activities", False, "a course or learning"),
    "work": CategoryInfo("activities", False, "paid work"),
    "peer_support_group": CategoryInfo("services", True, "a peer support or recovery group run by a service"),
    "therapy_group": CategoryInfo("services", True, "a therapy or treatment group"),
}

OTHER_GROUP = "other"

# Written term (already normalised) -> canonical category.
SYNONYMS: dict[str, str] = {
    **{t: "family" for t in (
        "relative", "mum", "mother", "mom", "dad", "father", "parent", "sister", "brother", "sibling", "son",
        "daughter", "child", "children", "grandmother", "grandfather", "grandparent", "gran", "nan", "grandad",
        "grandchild", "aunt", "auntie", "uncle", "cousin", "niece", "nephew", "stepmother", "stepfather",
        "in_law", "family_member", "close_family", "other_family",
    )},
    **{t: "partner" for t in ("husband", "wife", "boyfriend", "girlfriend", "spouse", "fiance", "fiancee")},
    **{t: "friend" for t in ("friends", "best_friend", "close_friend")},
    **{t: "neighbour" for t in ("neighbours", "neighbor", "neighbors")},
    **{t: "peer" for t in ("peers", "peer_supporter", "service_user", "fellow_service_user")},
    **{t: "colleague" for t in ("colleagues", "coworker", "co_worker", "workmate", "classmate")},
    **{t: "pet" for t in ("dog", "cat", "pets")},
    **{t: "practitioner" for t in (
        "practitioners", "professional", "cpn", "community_psychiatric_nurse", "care_coordinator",
        "carecoordinator", "gp", "doctor", "psychiatrist", "psychologist", "nurse", "social_worker",
        "support_worker", "key_worker", "keyworker", "therapist", "counsellor", "counselor",
        "occupational_therapist", "ot", "housing_officer", "benefits_advisor", "pharmacist", "formal",
    )},
    **{t: "cafe" for t in ("cafes", "coffee_shop", "pub", "restaurant")},
    **{t: "park" for t in ("parks", "green_space", "beach", "garden")},
    **{t: "shop" for t in ("shops", "supermarket", "market", "shopping")},
    **{t: "library" for t in ("libraries",)},
    **{t: "faith_place" for t in ("church", "mosque", "temple", "synagogue", "gurdwara", "place_of_worship")},
    **{t: "gym" for t in ("swimming_pool", "pool", "leisure_centre", "sports_centre")},
    **{t: "day_centre" for t in ("day_center", "drop_in", "dropin", "day_service", "resource_centre")},
    **{t: "clinic" for t in (
        "hospital", "surgery", "gp_surgery", "health_centre", "cmht", "mental_health_team", "ward",
    )},
    **{t: "walking" for t in ("walk", "walks", "hiking")},
    **{t: "art_group" for t in ("art", "arts", "craft", "crafts", "painting", "drawing")},
    **{t: "music" for t in ("singing", "choir", "band")},
    **{t: "sport" for t in ("sports", "football", "exercise", "swimming", "running", "cycling")},
    **{t: "volunteering" for t in ("volunteer", "volunteer_work")},
    **{t: "gardening" for t in ("allotment",)},
    **{t: "education" for t in ("college", "course", "class", "learning")},
    **{t: "work" for t in ("job", "employment", "paid_work")},
    **{t: "peer_support_group" for t in ("support_group", "recovery_group", "hearing_voices_group")},
    **{t: "therapy_group" for t in ("group_therapy", "therapy")},
}


_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_term(text: str) -> str:
    """Lower-case a written term and join its words with underscores ("Care Coordinator" -> "care_coordinator")."""
    return _NON_WORD.sub("_", text.strip().lower().replace("é", "e")).strip("_")


def by_distinct(values: pd.Series, compute: Callable[[pd.Series], T]) -> T:
    """`compute` (a Series or DataFrame, one row per value it is given) over the distinct values of `values` only,
    then spread back to every row by integer codes: a column repeats a few words, so each is worked on once and no
    Python object is made per row. Missing values (None, NaN, <NA>) are one distinct value."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return compute(pd.Series(distinct)).take(codes).set_axis(values.index)


def normalise_terms(values: pd.Series) -> pd.Series:
    """`normalise_term` of every value, computed once per distinct value (columns repeat a few words)."""
    return by_distinct(values, lambda distinct: pd.Series([normalise_term(str(value)) for value in distinct],
                                                          dtype="str"))


@dataclass(frozen=True)
class Vocabulary:
    """The category table in use: built-in entries plus any the user added."""

    categories: dict[str, CategoryInfo] = field(default_factory=lambda: dict(CATEGORIES))
    synonyms: dict[str, str] = field(default_factory=lambda: dict(SYNONYMS))

    def extended(self, additions: pd.DataFrame) -> Vocabulary:
        """A copy with extra rows of `term, category[, group, formal]` (strings; formal yes/no).

        A term naming a new category adds that category (group "other" and not formal unless given).
        """
        categories = dict(self.categories)
        synonyms = dict(self.synonyms)
        for row in additions.itertuples(index=False):
            term = normalise_term(str(row.term))
            category = normalise_term(str(row.category))
            known = categories.get(category, CategoryInfo(OTHER_GROUP, False, category.replace("_", " ")))
            group = str(getattr(row, "group", "") or "").strip() or known.group
            formal_text = str(getattr(row, "formal", "") or "").strip().lower()
            formal = known.formal if not formal_text else formal_text in {"yes", "y", "true", "1"}
            categories[category] = CategoryInfo(group, formal, known.description)
            if term != category:
                synonyms[term] = category
        return Vocabulary(categories, synonyms)

    def additions(self) -> pd.DataFrame:
        """What this vocabulary adds to the built-in one, as rows of `term, category, group, formal`: the table
        that `extended` (and a dataset's vocabulary.csv) reads, so a written dataset keeps its own words."""
        rows = [{"term": name, "category": name, "group": info.group, "formal": "yes" if info.formal else "no"}
                for name, info in self.categories.items() if CATEGORIES.get(name) != info]
        rows += [{"term": term, "category": category, "group": "", "formal": ""}
                 for term, category in self.synonyms.items() if SYNONYMS.get(term) != category]
        return pd.DataFrame(rows, columns=["term", "category", "group", "formal"])

    def canonical(self, written: pd.Series) -> pd.Series:
        """Canonical category for each written category (worked out once per distinct word)."""
        def canonical_of(distinct: pd.Series) -> pd.Series:
            terms = normalise_terms(distinct)
            return terms.map(self.synonyms).fillna(terms).astype("string")

        return by_distinct(written.fillna(""), canonical_of)

    def group_of(self, category: pd.Series) -> pd.Series:
        """Colour/analysis group of each canonical category ("other" when unknown)."""
        groups = {name: info.group for name, info in self.categories.items()}
        return by_distinct(category, lambda distinct: distinct.map(groups).fillna(OTHER_GROUP).astype("string"))

    def formal_of(self, category: pd.Series) -> pd.Series:
        """Whether each canonical category is formal by default (False when unknown)."""
        formal = [name for name, info in self.categories.items() if info.formal]
        return by_distinct(category, lambda distinct: distinct.isin(formal))

    def table(self) -> pd.DataFrame:
        """The vocabulary as a readable table: one row per canonical category with its written synonyms."""
        by_category: dict[str, list[str]] = {}
        for term, category in sorted(self.synonyms.items()):
            by_category.setdefault(category, []).append(term.replace("_", " "))
        return pd.DataFrame(
            [
                {
                    "category": name,
                    "group": info.group,
                    "formal": "yes" if info.formal else "no",
                    "meaning": info.description,
                    "also written as": ", ".join(by_category.get(name, [])),
                }
                for name, info in self.categories.items()
            ]
        )


DEFAULT_VOCABULARY = Vocabulary()
