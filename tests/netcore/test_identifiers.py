"""Identifier refusal that holds: a corpus of identifiers written every usual way (refused, the value never repeated)
and of look-alikes this project's data is full of (kept), through `find_identifiers` and end-to-end through
`load_dataset`."""

import re
import time
from dataclasses import astuple

import numpy as np
import pandas as pd
import pytest

from netcore import DatasetError, load_dataset
from netcore.identifiers import find_identifiers, header_value_kind, is_identifying_header, nhs_checksum_ok
from netcore.io.canonical import normalise_header
from netcore.model import DATA_DICTIONARY, KNOWN_COVARIATES
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, as_files

# ---- the corpus ---------------------------------------------------------------------------------------------------

# Headers that announce an identifier, however written.
IDENTIFYING_HEADERS = [
    "name", "Participant Name", "name_of_person", "Member name", "First Name", "firstName", "surname", "surname2",
    "forename(s)", "Full Name", "fullname", "nickname", "username", "place_name", "initials",
    "e-mail", "email", "E Mail Address", "emailAddress", "Tel.", "tel_no", "Phone1", "phone", "telephone number",
    "mobile", "mobile_no", "MobileNumber", "Postal code", "postcode", "post_code", "postcode_district", "zip",
    "zip_code", "home_address", "Home Address", "street", "dateofbirth", "date_of_birth", "DOB", "d.o.b.",
    "birth_date", "date born", "Birthday", "NHS no.", "NHS number", "nhsnumber", "nhs_no", "NHSNumber",
]
# Headers that are themselves an identifying value: refused, and named by position, never by the header.
VALUE_HEADERS = {
    "9434765919": "an NHS number", "943 476 5919": "an NHS number", "NHS 943-476-5919": "an NHS number",
    "07700 900123": "a phone number", "+44 20 7946 0958": "a phone number", "(020) 7946 0958": "a phone number",
    "0044 20 7946 0958": "a phone number", "SW1A 1AA": "a UK postcode", "m1 1ae": "a UK postcode",
    "jo.bloggs@example.org": "an email address", "sam@nhs.net": "an email address",
    "pat@clinic.co.uk": "an email address",
}
# Values that are identifiers, in every usual writing, with the kind the message names.
IDENTIFYING_VALUES = {
    "+44 20 7946 0958": "a phone number", "+44 (0)20 7946 0958": "a phone number",
    "0044 20 7946 0958": "a phone number", "(020) 7946 0958": "a phone number", "020-7946-0958": "a phone number",
    "020 7946 0958": "a phone number", "07700.900.123": "a phone number", "07700 900123": "a phone number",
    "07700 900 123": "a phone number", "+447700900123": "a phone number", "+44 7700 900123": "a phone number",
    "0161 496 0000": "a phone number", "01632 960000": "a phone number", "Tel.07700 900123": "a phone number",
    "call 0161 496 0000 after 5": "a phone number", "7700900123": "a phone number",
    "447700900123": "a phone number", "0113 496 0000": "a phone number", "(01632) 960000": "a phone number",
    "+44(0)7700 900123": "a phone number", "07700-900-123": "a phone number", "tel: 07700900123": "a phone number",
    "943 476 5919": "an NHS number", "943-476-5919": "an NHS number", "9434765919": "an NHS number",
    "NHS 9434765919": "an NHS number", "NHS no: 943 476 5919": "an NHS number", "9434 765 919": "an NHS number",
    "NHS9434765919": "an NHS number", "9434765919.0": "an NHS number", "401 023 2137": "an NHS number",
    "NHS number 450-557-7104": "an NHS number",
    "jo.bloggs@example.org": "an email address", "sam+notes@nhs.net": "an email address",
    "Contact: pat@clinic.co.uk": "an email address",
    "SW1A 1AA": "a UK postcode", "m1 1ae": "a UK postcode", "EC1A1BB": "a UK postcode", "PL4 8AA": "a UK postcode",
    "lives near B33 8TH": "a UK postcode", "W1A 0AX": "a UK postcode", "cr2 6xh": "a UK postcode",
    "j_smith99@hotmail.co.uk": "an email address",
}
# Full dates in a column about birth that its header alone does not refuse.
BIRTH_DATES = ["12/03/1984", "12-03-1984", "12.03.1984", "1984-03-12", "12/3/84", "19840312", "12 March 1984",
               "12th of March 1984", "12 Mar 1984", "March 12, 1984"]
BIRTH_COLUMNS = ["year_of_birth", "country_of_birth", "born_in_uk", "birth_year", "place_of_birth"]

# Headers this project's data uses: every documented column, Network Canvas's and egor's bookkeeping, and columns
# about birth that do not name the date.
DOCUMENTED = sorted({column.name for column in DATA_DICTIONARY if not column.name.startswith("(")}
                    | set(KNOWN_COVARIATES))
LOOK_ALIKE_HEADERS = DOCUMENTED + [
    "network_type", "network_type_covariate", "member_a", "member_b", "age_band", "housing_status", "mobility",
    "networkCanvasEgoUUID", "networkCanvasUUID", "nodeID", "from", "to", "edgeID", "networkCanvasSourceUUID",
    "networkCanvasTargetUUID", ".egoID", ".altID", ".srcID", ".tgtID", "alter.rel", "alter.clo", "alter.age.cat",
    "ego.age", "ego.edu", "ego.arr", "ego_ID", "alter_ID", "alter_num", "weight", "closeness", "relationship",
    "place_type", "interview_date", "wave", "town", "year_of_birth", "country_of_birth", "born_in_uk",
    "birth_order", "q12", "item_3b", "contact_frequency", "support_type",
]
# Values that look a little like identifiers and are not.
LOOK_ALIKE_VALUES = [
    "Park 07", "Walking group 2", "1", "2", "3", "4", "5", "6", "7", "18", "45", "99", "18-29", "30-44", "65+",
    "1984", "2015", "12", "P001", "P0001", "m12", "ego-uuid-1", "10:30", "£1,200", "1200.50",
    "9434765918",  # ten digits, failing the NHS check digit
    "1234567890", "1718000000", "Room 101", "Bus 73 to town", "ward 6", "2 sisters", "0.75", "-1", "0.4233264491",
    "3.0123456789", "NA", "yes", "no", "day_centre", "CPN", "Day centre 2", "Leeds", "Milton Keynes",
    "Stoke-on-Trent", "Sri Lanka", "M1 motorway", "A1 road", "SW1A", "EC1A", "Sept 2024 interview",
    "12/03/2024", "2024-03-12", "01.02.2024 10:30", "01/02/2024 10:30", "P0123456789", "Close family",
    "Friends", "51-60", "60+", "1st floor", "B&Q", "team@", "@home", "5 a day", "twice a week", "3pm",
]


def frame_of(columns: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(values, dtype="str") for column, values in columns.items()})


def identifiers_in(frame: pd.DataFrame) -> list:
    return find_identifiers("t.csv", frame, pd.Series(range(2, len(frame) + 2)), 20)


def texts_of(problems) -> list[str]:
    return [str(p) for p in problems] + [str(field) for p in problems for field in astuple(p)]


def digits_of(value: str) -> str:
    return re.sub(r"[^0-9]", "", value)


def quoted(value: str) -> str:
    return f'"{value}"'


def refusal(files: dict[str, bytes]) -> DatasetError:
    with pytest.raises(DatasetError) as caught:
        load_dataset(files)
    return caught.value


def assert_never_repeated(texts: list[str], value: str) -> None:
    """Neither the value, nor its normalised header form, nor its run of digits is in any text."""
    forms = {value, value.lower(), normalise_header(value)}
    if len(digits_of(value)) >= 6:
        forms.add(digits_of(value))
    leaked = [text for text in texts for form in forms if form and form in text.lower()]
    assert not leaked, leaked


def test_the_corpus_is_large_enough():
    refused = len(IDENTIFYING_HEADERS) + len(VALUE_HEADERS) + len(IDENTIFYING_VALUES) + len(BIRTH_DATES)
    kept = len(LOOK_ALIKE_HEADERS) + len(LOOK_ALIKE_VALUES)
    assert refused >= 80 and kept >= 80, (refused, kept)
    assert len(IDENTIFYING_VALUES) >= 40 and len(LOOK_ALIKE_VALUES) >= 40


# ---- find_identifiers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", IDENTIFYING_HEADERS)
def test_identifying_header_is_refused_however_written(header):
    assert is_identifying_header(header)  # raw, as the Network Canvas and egor importers pass it
    column = normalise_header(header)  # as the loader passes it
    problems = identifiers_in(frame_of({"participant_id": ["P1"], column: ["x"]}))
    assert [str(p) for p in problems] == [
        f"t.csv: column '{column}' looks like a direct identifier; remove it: the data must be anonymised"]


@pytest.mark.parametrize(("header", "kind"), VALUE_HEADERS.items())
def test_header_that_is_an_identifying_value_is_named_by_position(header, kind):
    column = normalise_header(header)
    frame = frame_of({"participant_id": ["P1", "P2"], "site": ["Leeds", "York"], column: ["07700 900123", "x"]})
    problems = identifiers_in(frame)
    assert [str(p) for p in problems] == [
        f"t.csv: column 3 looks like a direct identifier: its header looks like {kind}; remove it: the data must be "
        "anonymised",
        "t.csv row 2: a value in column 3 looks like a phone number; the data must be anonymised"]
    assert {p.column for p in problems} == {"column 3"}
    assert_never_repeated(texts_of(problems), header)


@pytest.mark.parametrize(("value", "kind"), IDENTIFYING_VALUES.items())
def test_identifying_value_is_refused_without_repeating_it(value, kind):
    frame = frame_of({"participant_id": ["P1", "P2", "P3"], "label": ["Sister", value, "Friend"]})
    problems = identifiers_in(frame)
    assert f"t.csv row 3: a value in column 'label' looks like {kind}; the data must be anonymised" in [
        str(p) for p in problems]
    assert_never_repeated(texts_of(problems), value)


@pytest.mark.parametrize("column", BIRTH_COLUMNS)
def test_full_date_is_refused_in_a_column_about_birth(column):
    assert not is_identifying_header(column)
    frame = frame_of({column: [*BIRTH_DATES, "1984", "Sri Lanka", "yes", "2nd"]})
    problems = identifiers_in(frame)
    rows = [p.row for p in problems]
    assert rows == list(range(2, len(BIRTH_DATES) + 2))  # each full date; not the year, country, yes, order
    assert all(p.message == f"a value in column '{column}' looks like a date of birth; the data must be anonymised"
               for p in problems)
    for value in BIRTH_DATES:
        assert_never_repeated(texts_of(problems), value)


@pytest.mark.parametrize("column", ["interview_date", "date", "admission", "label", "wave"])
def test_dates_elsewhere_are_not_identifiers(column):
    assert identifiers_in(frame_of({column: BIRTH_DATES})) == []


@pytest.mark.parametrize("header", LOOK_ALIKE_HEADERS)
def test_look_alike_header_is_kept(header):
    assert not is_identifying_header(header)
    assert header_value_kind(normalise_header(header)) is None
    assert identifiers_in(frame_of({normalise_header(header): ["1"]})) == []


@pytest.mark.parametrize("value", LOOK_ALIKE_VALUES)
def test_look_alike_value_is_kept(value):
    assert identifiers_in(frame_of({"label": [value], "circle": ["1"]})) == []


def test_nhs_check_digit():
    numbers = pd.Series(["9434765919", "4010232137", "9434765918", "1234567890", "0000000000"])
    assert nhs_checksum_ok(numbers).tolist() == [True, True, False, False, True]


def test_rows_are_reported_once_per_kind_and_the_rest_counted():
    values = ["Sister"] + ["07700 900123"] * 25 + ["SW1A 1AA"]
    problems = identifiers_in(frame_of({"label": values}))
    texts = [str(p) for p in problems]
    assert texts[0] == "t.csv row 28: a value in column 'label' looks like a UK postcode; the data must be anonymised"
    assert texts[1] == "t.csv row 3: a value in column 'label' looks like a phone number; the data must be anonymised"
    assert texts[-1] == "t.csv: 5 more values in column 'label' look like a phone number"
    assert len(problems) == 22


def test_a_million_rows_are_checked_over_distinct_values_quickly():
    rng = np.random.default_rng(7)
    n = 1_000_000
    frame = pd.DataFrame({
        "participant_id": pd.array(np.strings.add("P", rng.integers(0, 80_000, n).astype(str)), dtype="str"),
        "member_id": pd.array(np.strings.add("m", rng.integers(0, 40, n).astype(str)), dtype="str"),
        "score": pd.array(rng.random(n).round(10).astype(str), dtype="str"),  # every value distinct
    })
    start = time.perf_counter()
    assert identifiers_in(frame) == []
    assert time.perf_counter() - start < 20  # about 1 s on a laptop; a loop over rows in Python takes minutes


# ---- end to end: load_dataset -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", IDENTIFYING_VALUES)
def test_loading_refuses_an_identifying_value_in_a_covariate_and_a_label_without_repeating_it(value):
    participants = PARTICIPANTS.replace("London,yes", f"{quoted(value)},yes")
    members = MEMBERS.replace("Friend\n", f"{quoted(value)}\n")
    error = refusal(as_files(participants=participants, members=members))
    texts = [str(error), *texts_of(error.problems)]
    kind = IDENTIFYING_VALUES[value]
    assert f"participants.csv row 2: a value in column 'site' looks like {kind}; the data must be anonymised" in texts
    assert f"members.csv row 3: a value in column 'label' looks like {kind}; the data must be anonymised" in texts
    assert_never_repeated(texts, value)


@pytest.mark.parametrize("header", VALUE_HEADERS)
def test_loading_refuses_a_header_that_is_an_identifying_value_without_repeating_it(header):
    participants = PARTICIPANTS.replace("housing_status", quoted(header))
    error = refusal(as_files(participants=participants))
    texts = [str(error), *texts_of(error.problems)]
    assert f"participants.csv: column 4 looks like a direct identifier: its header looks like " \
           f"{VALUE_HEADERS[header]}; remove it: the data must be anonymised" in texts
    assert_never_repeated(texts, header)


@pytest.mark.parametrize("header", ["Phone1", "Postal code", "dateofbirth", "surname2", "NHS no.", "forename(s)"])
def test_loading_refuses_an_identifying_header(header):
    participants = PARTICIPANTS.replace("housing_status", header)
    error = refusal(as_files(participants=participants))
    assert f"participants.csv: column '{normalise_header(header)}' looks like a direct identifier; remove it: the " \
           "data must be anonymised" in [str(p) for p in error.problems]


def test_loading_refuses_a_date_of_birth_in_a_column_about_birth():
    participants = "participant_id,year_of_birth\nP1,1984\nP2,12/03/1984\nP3,1990\n"
    error = refusal(as_files(participants=participants))
    assert [str(p) for p in error.problems] == [
        "participants.csv row 3: a value in column 'year_of_birth' looks like a date of birth; the data must be "
        "anonymised"]


def test_loading_keeps_every_look_alike_value():
    rows = "".join(f"P1,x{i},person,friend,1,no,weekly,positive,{quoted(value)}\n"
                   for i, value in enumerate(LOOK_ALIKE_VALUES))
    dataset = load_dataset(as_files(members=MEMBERS + rows))
    assert set(LOOK_ALIKE_VALUES) <= set(dataset.members["label"].dropna())


def test_loading_keeps_every_look_alike_header_as_a_covariate():
    headers = {normalise_header(h): h for h in LOOK_ALIKE_HEADERS if normalise_header(h) != "participant_id"}
    participants = "participant_id," + ",".join(quoted(h) for h in headers.values()) + "\n" + "".join(
        f"P{i}," + ",".join(["yes"] * len(headers)) + "\n" for i in (1, 2, 3))
    dataset = load_dataset(as_files(participants=participants))
    assert len(dataset.covariates) == len(headers)


def test_a_column_refused_by_its_header_is_not_also_refused_date_by_date():
    problems = identifiers_in(frame_of({"DOB": BIRTH_DATES}))
    assert [str(p) for p in problems] == [
        "t.csv: column 'DOB' looks like a direct identifier; remove it: the data must be anonymised"]
