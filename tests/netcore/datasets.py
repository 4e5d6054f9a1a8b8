"""Small hand-made datasets as in-memory files, the shape users upload."""

PARTICIPANTS = """participant_id,site,lives_alone,housing_status
P1,London,yes,supported housing
P2,South West,no,owner or private rent
P3,London,no,social housing
"""

MEMBERS = """participant_id,member_id,kind,category,circle,formal,contact,wellbeing,label
P1,m1,person,family,1,no,daily,positive,Sister
P1,m2,person,friend,2,no,weekly,neutral,Friend
P1,m3,place,day_centre,2,yes,weekly,positive,Day centre
P1,m4,person,practitioner,3,yes,monthly,negative,CPN
P2,m1,activity,walking,1,no,daily,positive,Walks
"""

TIES = """participant_id,member_a,member_b
P1,m1,m2
P1,m3,m4
"""


def as_files(participants: str = PARTICIPANTS, members: str = MEMBERS, ties: str | None = TIES,
             encoding: str = "utf-8") -> dict[str, bytes]:
    """CSV texts as the name -> bytes mapping the loader takes from uploads."""
    files = {"participants.csv": participants.encode(encoding), "members.csv": members.encode(encoding)}
    if ties is not None:
        files["ties.csv"] = ties.encode(encoding)
    return files


def conversion_text(conversion) -> str:
    """Every cell, column name and note of a converted dataset (netcore.io.mapping.Conversion), as one text to
    search for values that must not be carried."""
    dataset = conversion.dataset
    parts = [" ".join(dataset.notes)]
    for frame in (dataset.participants, dataset.members, dataset.ties):
        parts += [" ".join(map(str, frame.columns)), frame.astype(str).to_csv(index=False)]
    return "\n".join(parts)
