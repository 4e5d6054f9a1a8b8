"""No message ever quotes a data value or a path inside a .zip: a value in the wrong column can be a name.

Name-like values are planted in every checked column of every table and in the names of files and folders inside
zips; each check must still fire (so the test cannot pass by finding nothing), and no planted word may appear in any
problem, in the DatasetError, or in what `python -m netcore validate` prints.
"""

import io
import re
import zipfile
from dataclasses import astuple

import pytest

from netcore import DatasetError, load_dataset
from netcore.cli import main
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, TIES

# Made-up names with no email, postcode or phone shape, so only the checks below can see them.
PLANTED = {
    "duplicate_participant": "Johnathan Smithers",
    "lives_alone": "Philippa Quenby",
    "long_term_sick_or_disabled": "Ebenezer Throckmorton",
    "members_participant": "Rosalind Applegarth",
    "duplicate_member": "Barnaby Wickerson",
    "kind": "Ottoline Brackenbury",
    "circle": "Cuthbert Fennimore",
    "formal": "Wilhelmina Oakshott",
    "contact": "Thaddeus Ravensworth",
    "wellbeing": "Clementine Holloway",
    "ties_participant": "Peregrine Ashdown",
    "member_a": "Hermione Blatherwick",
    "member_b": "Algernon Pettigrew",
    "vocabulary_term": "Georgiana Mallowby",
    "vocabulary_category": "Fitzwilliam Dunstable",
    "unclosed_quote": "Marmaduke Featherstonehaugh",
}
EMAIL_FOLDER = "john.smith@example.org"
FOLDER_NAMES = (EMAIL_FOLDER, "Lavinia Crumpington", "Horatio Bellingham")
WORDS = {word.lower() for name in [*PLANTED.values(), *FOLDER_NAMES] for word in re.split(r"[\s@.]+", name)} - {
    "org", "example"}

P = PLANTED
PARTICIPANTS_CSV = f"""participant_id,lives_alone,long_term_sick_or_disabled
P1,yes,no
P2,{P['lives_alone']},no
P3,no,{P['long_term_sick_or_disabled']}
{P['duplicate_participant']},yes,no
{P['duplicate_participant']},no,yes
"""
MEMBERS_CSV = f"""participant_id,member_id,kind,category,circle,formal,contact,wellbeing
P1,m1,person,family,1,no,daily,positive
{P['members_participant']},m1,person,friend,1,no,daily,positive
P1,{P['duplicate_member']},person,friend,1,no,daily,positive
P1,{P['duplicate_member']},person,friend,2,no,daily,positive
P1,m2,{P['kind']},friend,1,no,daily,positive
P1,m3,person,friend,{P['circle']},no,daily,positive
P1,m4,person,friend,1,{P['formal']},daily,positive
P1,m5,person,friend,1,no,{P['contact']},positive
P1,m6,person,friend,1,no,daily,{P['wellbeing']}
"""
TIES_CSV = f"""participant_id,member_a,member_b
{P['ties_participant']},m1,m2
P1,{P['member_a']},m1
P1,m1,{P['member_b']}
"""
VOCABULARY_CSV = f"""term,category
,{P['vocabulary_term']}
{P['vocabulary_category']},
"""
# Where each planted value must be reported: (file, spreadsheet row, column).
EXPECTED = {
    ("participants.csv", 3, "lives_alone"), ("participants.csv", 4, "long_term_sick_or_disabled"),
    ("participants.csv", 6, "participant_id"),
    ("members.csv", 3, "participant_id"), ("members.csv", 5, "member_id"), ("members.csv", 6, "kind"),
    ("members.csv", 7, "circle"), ("members.csv", 8, "formal"), ("members.csv", 9, "contact"),
    ("members.csv", 10, "wellbeing"),
    ("ties.csv", 2, "participant_id"), ("ties.csv", 3, "member_a"), ("ties.csv", 4, "member_b"),
    ("vocabulary.csv", 2, "term"), ("vocabulary.csv", 3, "category"),
}


def planted_files() -> dict[str, bytes]:
    return {"participants.csv": PARTICIPANTS_CSV.encode(), "members.csv": MEMBERS_CSV.encode(),
            "ties.csv": TIES_CSV.encode(), "vocabulary.csv": VOCABULARY_CSV.encode()}


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _patched(data: bytes, old: bytes, new: bytes, occurrence: int) -> bytes:
    """`data` with the `occurrence`-th (0 = first) copy of `old` replaced by `new` of the same length."""
    at = -1
    for _ in range(occurrence + 1):
        at = data.index(old, at + 1)
    return data[:at] + new + data[at + len(old):]


def corrupt_crc_zip() -> bytes:
    """A zip in a folder named like an email whose participants table fails its CRC check."""
    files = {f"{EMAIL_FOLDER}/{name}": data for name, data in planted_files().items()}
    payload = zipped(files)
    return _patched(payload, b"P1,yes,no", b"P1,yes,NO", 0)


def renamed_header_zip() -> bytes:
    """A zip whose members table has one name in the directory and another in its own header."""
    payload = zipped({f"{FOLDER_NAMES[1]}/members.csv": MEMBERS.encode(),
                      f"{FOLDER_NAMES[1]}/participants.csv": PARTICIPANTS.encode()})
    return _patched(payload, FOLDER_NAMES[1].encode(), FOLDER_NAMES[1].upper().encode(), 0)


def encrypted_zip() -> bytes:
    """A zip whose tables are marked as encrypted (flag bit 0 in the local and central headers)."""
    payload = bytearray(zipped({f"{FOLDER_NAMES[2]}/{name}": data
                                for name, data in {"participants.csv": PARTICIPANTS.encode(),
                                                   "members.csv": MEMBERS.encode()}.items()}))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = payload.find(signature)
        while start != -1:
            payload[start + flag_at] |= 1
            start = payload.find(signature, start + 1)
    return bytes(payload)


def two_tables_zip() -> bytes:
    """Two folders named like people, each with its own members table."""
    return zipped({f"{FOLDER_NAMES[1]}/members.csv": MEMBERS.encode(),
                   f"{FOLDER_NAMES[2]}/members.csv": MEMBERS.encode(),
                   f"{FOLDER_NAMES[1]}/participants.csv": PARTICIPANTS.encode(),
                   f"{FOLDER_NAMES[1]}/ties.csv": TIES.encode()})


def unreadable_csv_files() -> dict[str, bytes]:
    """Members with an unclosed quote around a name, and participants with a row longer than its header."""
    members = MEMBERS + f'P1,m9,person,"{P["unclosed_quote"]},1\nP1,m10,person,friend,1\n'
    participants = PARTICIPANTS + f"P4,London,yes,{P['duplicate_participant']},{P['kind']}\n"
    return {"participants.csv": participants.encode(), "members.csv": members.encode(), "ties.csv": TIES.encode()}


def leaks(texts: list[str]) -> list[str]:
    """The texts that hold any planted word."""
    return [text for text in texts if any(word in text.lower() for word in WORDS)]


def problems_of(files: dict[str, bytes]) -> DatasetError:
    with pytest.raises(DatasetError) as caught:
        load_dataset(files)
    return caught.value


def test_planted_values_in_every_checked_column_are_located_but_never_quoted():
    error = problems_of(planted_files())
    assert EXPECTED <= {(p.file, p.row, p.column) for p in error.problems}
    texts = [str(error)] + [str(p) for p in error.problems] + [str(field) for p in error.problems
                                                               for field in astuple(p)]
    assert not leaks(texts), leaks(texts)


@pytest.mark.parametrize(("build", "expected"), [
    (corrupt_crc_zip, "the participants table in the .zip could not be read (it is damaged)"),
    (renamed_header_zip, "the members table in the .zip could not be read (it is damaged)"),
    (encrypted_zip, "the participants table in the .zip could not be read (it is encrypted)"),
    (two_tables_zip, "more than one file holds the members table; give only one"),
])
def test_names_inside_a_zip_are_never_quoted(build, expected):
    error = problems_of({"upload.zip": build()})
    texts = [str(error)] + [str(p) for p in error.problems]
    assert any(expected in text for text in texts), texts
    assert not leaks(texts), leaks(texts)


def test_unreadable_tables_name_the_row_not_the_value():
    error = problems_of(unreadable_csv_files())
    texts = [str(p) for p in error.problems]
    assert "members.csv row 7: has a quoted value that is never closed" in texts
    assert "participants.csv row 5: has 5 values but the header has 4 columns" in texts
    assert not leaks(texts), leaks(texts)


# Good data whose loading notes say something about each planted value: categories typed as names (held by one
# person, not in the vocabulary), covariates named like what the analysis uses, a link to itself and a repeated one.
NOTED_PARTICIPANTS = f"""participant_id,size,network_type,type,site
P1,3,a,b,{P['circle']}
P2,4,c,d,{P['contact']}
"""
NOTED_MEMBERS = f"""participant_id,member_id,kind,category,circle,label
P1,m1,person,{P['kind']},1,Sister
P1,m2,person,{P['formal']},2,Friend
P2,m1,place,{P['wellbeing']},1,{P['duplicate_member']}
P2,m2,person,friend,1,Friend
"""
NOTED_TIES = """participant_id,member_a,member_b
P1,m1,m1
P1,m1,m2
P1,m2,m1
"""


def test_notes_of_data_that_loads_never_quote_a_value():
    dataset = load_dataset({"participants.csv": NOTED_PARTICIPANTS.encode(), "members.csv": NOTED_MEMBERS.encode(),
                            "ties.csv": NOTED_TIES.encode()})
    notes = list(dataset.notes)
    assert "3 categories are not in the vocabulary and count as group 'other'" in notes
    assert len(notes) >= 6  # also: three covariates renamed, no formal column, a self-link, a repeated link
    assert not leaks(notes), leaks(notes)


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_cli_prints_where_but_never_the_value(tmp_path, capsys, form):
    if form == "folder":
        path = tmp_path / "study"
        path.mkdir()
        for name, data in planted_files().items():
            (path / name).write_bytes(data)
    else:
        path = tmp_path / "study.zip"
        path.write_bytes(corrupt_crc_zip())
    assert main(["validate", str(path)]) == 1
    printed = capsys.readouterr()
    assert "cannot be used" in printed.err
    assert "participants" in printed.err
    assert not leaks([printed.out, printed.err]), printed.err
