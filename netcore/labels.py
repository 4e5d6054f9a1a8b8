"""Plain words for column names: every page, chart, table and sentence names a measure or covariate through here.

`plain_label("long_term_sick_or_disabled")` -> "Long-term sick or disabled"; a column the project does not know
(a covariate of the user's own) reads as its name with spaces ("support_hours" -> "Support hours").
"""

from __future__ import annotations

MEASURE_LABELS: dict[str, str] = {
    "size": "Connections",
    "people": "People",
    "places": "Places",
    "activities": "Activities",
    "inner": "Connections in the closest circle",
    "inner_share": "Share in the closest circle",
    "mean_circle": "Average circle",
    "family_people": "Family members",
    "family_share": "Share of people who are family",
    "formal_members": "Professionals and services",
    "formal_share": "Share that are professionals or services",
    "formal_places_activities_share": "Share of places and activities run by services",
    "diversity": "Kinds of people",
    "ties": "Links between connections",
    "density": "How linked the connections are",
    "positive": "Good for well-being",
    "neutral": "Neither good nor bad",
    "negative": "Bad for well-being",
}
COVARIATE_LABELS: dict[str, str] = {
    "participant_id": "Participant",
    "network_type": "Network type",
    "site": "Site",
    "age_band": "Age group",
    "gender": "Gender",
    "ethnicity": "Ethnic group",
    "diagnosis": "Diagnosis",
    "lives_alone": "Lives alone",
    "housing_status": "Housing",
    "education": "Education",
    "employment": "Work",
    "long_term_sick_or_disabled": "Long-term sick or disabled",
}


def plain_label(column: object) -> str:
    """The plain, capitalised name of a measure or covariate column, for headings, axes and widgets."""
    name = str(column)
    known = MEASURE_LABELS.get(name) or COVARIATE_LABELS.get(name)
    if known:
        return known
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def plain_words(column: object) -> str:
    """The same name inside a sentence ("lives alone", "share in the closest circle"); acronyms kept."""
    label = plain_label(column)
    first = label.split(" ", 1)[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]
