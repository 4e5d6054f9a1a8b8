"""The loader refuses broken or identifying data, naming file, row and column (never the value); one test per case."""

import pytest

from netcore import DatasetError, compute_measures, load_dataset
from netcore.filters import analysis_frame, filterable_columns
from netcore.identifiers import is_identifying_header
from netcore.io.canonical import normalise_header
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, TIES, as_files

MEMBER_HEADER = "participant_id,member_id,kind,category,circle"


def problems_of(files: dict[str, bytes]) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(files)
    return [str(problem) for problem in caught.value.problems]


def test_missing_members_file():
    files = as_files()
    del files["members.csv"]
    assert problems_of(files) == ["members.csv: is missing: a dataset needs participants.csv and members.csv"]


def test_missing_participants_file():
    files = as_files()
    del files["participants.csv"]
    assert "participants.csv: is missing" in problems_of(files)[0]


def test_missing_required_column():
    members = MEMBERS.replace("circle", "ring_number")
    assert "members.csv: has no 'circle' column, which is required" in problems_of(as_files(members=members))


def test_empty_file():
    assert problems_of(as_files(members="")) == ["members.csv: is empty"]


def test_whitespace_only_file_is_empty():
    assert problems_of(as_files(participants="  \n\n")) == ["participants.csv: is empty"]


def test_participants_file_with_header_only():
    problems = problems_of(as_files(participants="participant_id,site\n", ties=None))
    assert "participants.csv: has no participants: it needs one row per participant" in problems


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00", b"PK\x03\x04xlsx-in-disguise", b"a,b\x00\x00\x01"])
def test_non_text_file(content):
    files = as_files()
    files["members.csv"] = content
    assert problems_of(files) == ["members.csv: is not a text file (expected comma- or semicolon-separated text)"]


def test_duplicate_participant_id():
    participants = PARTICIPANTS + "P2,London,no,social housing\n"
    assert "participants.csv row 5: participant_id appears more than once (first in row 3)" in problems_of(
        as_files(participants=participants))


def test_duplicate_member_within_a_participant():
    members = MEMBERS + "P1,m2,person,friend,1,no,weekly,positive,Friend\n"
    assert ("members.csv row 7: member_id appears more than once on this participant's map (first in row 3)"
            in problems_of(as_files(members=members)))


def test_same_member_id_on_two_maps_is_fine():
    dataset = load_dataset(as_files())
    assert (dataset.members["member_id"] == "m1").sum() == 2


def test_member_of_unknown_participant():
    members = MEMBERS + "P9,m1,person,friend,1,no,weekly,positive,Friend\n"
    assert "members.csv row 7: participant_id is not in participants.csv" in problems_of(as_files(members=members))


def test_tie_of_unknown_participant():
    assert "ties.csv row 4: participant_id is not in participants.csv" in problems_of(
        as_files(ties=TIES + "P7,m1,m2\n"))


def test_tie_to_a_member_not_on_that_map():
    problems = problems_of(as_files(ties=TIES + "P2,m1,m4\n"))
    assert "ties.csv row 4: member_b is not on this participant's map in members.csv" in problems


@pytest.mark.parametrize("circle", ["inner", "0", "-1", "1.5", "8", "two"])
def test_circle_not_a_whole_number_1_to_7(circle):
    members = f"{MEMBER_HEADER}\nP1,m1,person,friend,1\nP1,m2,person,friend,{circle}\n"
    assert problems_of(as_files(members=members, ties=None)) == [
        "members.csv row 3: circle is not a whole number 1-7"]


def test_empty_required_cell():
    members = f"{MEMBER_HEADER}\nP1,m1,person,,1\n"
    assert problems_of(as_files(members=members, ties=None)) == ["members.csv row 2: category is empty"]


def test_unknown_kind():
    members = f"{MEMBER_HEADER}\nP1,m1,animal,pet,1\n"
    assert problems_of(as_files(members=members, ties=None)) == [
        "members.csv row 2: kind is not one of person, place, activity"]


def test_bad_yes_no_covariate():
    participants = "participant_id,lives_alone\nP1,sometimes\nP2,yes\nP3,no\n"
    assert problems_of(as_files(participants=participants)) == [
        "participants.csv row 2: lives_alone is not yes or no"]


@pytest.mark.parametrize(("column", "value", "allowed"), [
    ("wellbeing", "great", "one of positive, neutral, negative"),
    ("contact", "hourly", "one of daily, weekly, monthly, less_often"),
    ("formal", "maybe", "yes or no"),
])
def test_bad_optional_member_value(column, value, allowed):
    members = f"{MEMBER_HEADER},{column}\nP1,m1,person,friend,1,{value}\n"
    assert problems_of(as_files(members=members, ties=None)) == [
        f"members.csv row 2: {column} is not {allowed}"]


def test_every_problem_is_collected_not_just_the_first():
    participants = PARTICIPANTS + "P1,London,maybe,x\n"
    members = f"{MEMBER_HEADER}\nP1,m1,person,friend,inner\nP1,m2,robot,friend,1\nP8,m1,person,friend,1\n"
    ties = "participant_id,member_a,member_b\nP1,m1,zz\n"
    problems = problems_of(as_files(participants, members, ties))
    assert problems == [
        "participants.csv row 5: participant_id appears more than once (first in row 2)",
        "participants.csv row 5: lives_alone is not yes or no",
        "members.csv row 4: participant_id is not in participants.csv",
        "members.csv row 3: kind is not one of person, place, activity",
        "members.csv row 2: circle is not a whole number 1-7",
        "ties.csv row 2: member_b is not on this participant's map in members.csv",
    ]


def test_many_rows_with_one_problem_are_summarised():
    rows = "\n".join(f"P1,m{i},person,friend,far" for i in range(100))
    problems = problems_of(as_files(members=f"{MEMBER_HEADER}\n{rows}\n", ties=None))
    assert len(problems) == 21
    assert problems[:2] == ["members.csv row 2: circle is not a whole number 1-7",
                            "members.csv row 3: circle is not a whole number 1-7"]
    assert problems[-1] == ("members.csv: 80 more rows with the same problem as row 2 "
                            "(circle is not a whole number 1-7)")


def test_ragged_csv_is_refused_with_its_row():
    members = MEMBER_HEADER + "\nP1,m1,person,friend,1\nP1,m2,person,friend,1,extra,values\n"
    assert problems_of(as_files(members=members, ties=None)) == [
        "members.csv row 3: has 7 values but the header has 5 columns"]


def test_unclosed_quote_is_refused_with_its_row():
    members = MEMBER_HEADER + '\nP1,m1,person,friend,1\nP1,m2,person,"friend,1\nP1,m3,place,park,2\n'
    assert problems_of(as_files(members=members, ties=None)) == [
        "members.csv row 3: has a quoted value that is never closed"]


def test_duplicate_header_after_normalising():
    participants = "participant_id,Participant ID\nP1,P1\n"
    assert "participants.csv: has the column 'participant_id' more than once" in problems_of(
        as_files(participants=participants))


def test_broken_zip_and_xlsx_are_refused():
    assert "could not be opened as a .zip archive" in problems_of({"data.zip": b"PK\x03\x04 broken"})[0]
    assert "could not be read as an Excel workbook" in problems_of({"data.xlsx": b"not a workbook"})[0]


# ---- direct identifiers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [
    "name", "First Name", "surname", "full_name", "NHS number", "nhs_no", "date_of_birth", "DOB", "postcode",
    "Home Address", "phone", "mobile", "email", "e-mail", "Member name",
])
def test_identifying_column_is_refused(header):
    participants = f"participant_id,{header}\nP1,x\nP2,y\nP3,z\n"
    problems = problems_of(as_files(participants=participants))
    assert any("looks like a direct identifier" in p and "participants.csv" in p for p in problems)


@pytest.mark.parametrize("header", ["label", "site", "housing_status", "mobility", "category", "kind"])
def test_ordinary_columns_are_not_identifying(header):
    assert not is_identifying_header(header)


@pytest.mark.parametrize(("value", "kind"), [
    ("jo.bloggs@example.org", "an email address"),
    ("SW1A 1AA", "a UK postcode"),
    ("pl4 8aa", "a UK postcode"),
    ("07700 900123", "a phone number"),
    ("+44 20 7946 0958", "a phone number"),
    ("943 476 5919", "an NHS number"),
    ("9434765919", "an NHS number"),  # valid check digit, no spaces
])
def test_identifying_value_in_any_column_is_refused_without_echoing_it(value, kind):
    members = MEMBERS.replace("Friend", value)
    problems = problems_of(as_files(members=members))
    assert f"members.csv row 3: a value in column 'label' looks like {kind}; the data must be anonymised" in problems
    assert all(value not in p for p in problems)


@pytest.mark.parametrize("value", ["1234567890", "P0001", "m12", "2015", "Day centre 2", "18-29"])
def test_ordinary_values_are_not_identifying(value):
    load_dataset(as_files(members=MEMBERS.replace("Friend", value)))


@pytest.mark.parametrize(("column", "reason"), [
    ("size", "since 'size' is also a measure"),
    ("density", "since 'density' is also a measure"),
    ("network_type", "since 'network_type' is a name the dashboard uses itself"),
    ("type", "since 'type' is a name the dashboard uses itself"),
    ("page", "since 'page' is a name the dashboard uses itself"),
])
def test_covariate_named_like_a_measure_or_a_name_the_dashboard_uses_is_kept_under_another_name(column, reason):
    participants = f"participant_id,{column}\nP1,a\nP2,b\nP3,a\n"
    dataset = load_dataset(as_files(participants=participants))
    assert dataset.covariates == [f"{column}_covariate"]
    assert dataset.participants[f"{column}_covariate"].tolist() == ["a", "b", "a"]
    assert f"participants.csv: covariate '{column}' is called '{column}_covariate' here, {reason}" in dataset.notes
    # so it can be filtered on like any other covariate
    types = dataset.participants[["participant_id"]].assign(network_type="one type")
    frame = analysis_frame(dataset.participants, compute_measures(dataset), types)
    assert f"{column}_covariate" in filterable_columns(frame)[0]


@pytest.mark.parametrize(("taken", "free"), [
    (["size_covariate"], "size_covariate_2"),
    (["size_covariate", "size_covariate_2"], "size_covariate_3"),
    (["Size Covariate"], "size_covariate_2"),  # the same column after its header is normalised
])
def test_renamed_covariate_gets_a_name_no_other_column_has(taken, free):
    header = ",".join(["participant_id", "size", *taken])
    rows = [f"P{i},{'big' if i % 2 else 'small'}," + ",".join(f"{name[0]}{i % 3}" for name in taken)
            for i in range(1, 7)]
    dataset = load_dataset(as_files(participants="\n".join([header, *rows]) + "\n", ties=None))
    own = [normalise_header(name) for name in taken]
    assert dataset.covariates == [free, *own]
    assert dataset.participants[free].tolist() == ["big", "small"] * 3
    assert dataset.covariate_types[free] == "categorical"
    assert any(f"covariate 'size' is called '{free}'" in note for note in dataset.notes)
    types = dataset.participants[["participant_id"]].assign(network_type="one type")
    frame = analysis_frame(dataset.participants, compute_measures(dataset), types)
    assert frame.columns.is_unique
    categorical, _ = filterable_columns(frame)
    assert {free, *own} <= set(categorical)


def test_other_messages_never_repeat_an_identifying_value():
    participants = "participant_id,lives_alone\nP1,07700 900123\nP2,yes\nP3,no\n"
    members = f"{MEMBER_HEADER}\nP1,m1,person,friend,jo@example.com\n"
    with pytest.raises(DatasetError) as caught:
        load_dataset(as_files(participants, members, None))
    texts = [str(p) for p in caught.value.problems]
    assert not any("07700" in t or "jo@example.com" in t for t in texts)
    assert "members.csv row 2: circle is not a whole number 1-7" in texts
