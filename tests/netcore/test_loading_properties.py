"""Property tests: whatever bytes arrive, the loader either returns a Dataset or raises DatasetError, nothing else,
and no problem or note ever quotes a cell."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore import Dataset, DatasetError, load_dataset
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, TIES

PLANTED = "Philippa Quenby"  # a name put in any cell of good data must never be quoted
HEADERS = ["participant_id", "member_id", "kind", "category", "circle", "formal", "contact", "wellbeing", "label",
           "member_a", "member_b", "lives_alone", "site", "Participant ID", "name", ""]
CELLS = st.one_of(
    st.sampled_from(["P1", "P2", "m1", "m2", "person", "place", "activity", "friend", "1", "2", "7", "8", "0", "-1",
                     "1.5", "inner", "yes", "no", "", "NA", "daily", "positive", "x@y.org", "SW1A 1AA", '"', "'"]),
    st.text(alphabet=string.printable + "éü€\u00a0\ufeff", max_size=12),
)
SEPARATORS = st.sampled_from([",", ";", "\t", "|"])


@st.composite
def csv_texts(draw) -> str:
    """Table-shaped text: a header from our vocabulary and rows of tricky cells, sometimes ragged or quoted."""
    sep = draw(SEPARATORS)
    headers = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=7))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(headers) + 2), max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(sep.join(row) for row in [headers, *rows])


@st.composite
def encoded(draw, texts) -> bytes:
    text = draw(texts)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


def _load(files: dict[str, bytes]) -> None:
    try:
        result = load_dataset(files)
    except DatasetError as error:
        assert error.problems, "a DatasetError must say what is wrong"
        assert all(str(problem) for problem in error.problems)
        assert "quenby" not in str(error).lower(), str(error)
    else:
        assert isinstance(result, Dataset)
        assert not [note for note in result.notes if "quenby" in note.lower()], result.notes


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(members=encoded(csv_texts()), participants=encoded(csv_texts()), ties=encoded(csv_texts()))
def test_random_tables_only_raise_dataset_error(members, participants, ties):
    _load({"participants.csv": participants, "members.csv": members, "ties.csv": ties})


@FAST
@given(members=encoded(csv_texts()))
def test_random_members_beside_good_participants_only_raise_dataset_error(members):
    _load({"participants.csv": PARTICIPANTS.encode(), "members.csv": members, "ties.csv": TIES.encode()})


@FAST
@given(data=st.binary(max_size=300), name=st.sampled_from(["members.csv", "data.zip", "data.xlsx"]))
def test_random_bytes_only_raise_dataset_error(data, name):
    files = {"participants.csv": PARTICIPANTS.encode(), "members.csv": MEMBERS.encode()}
    files = {name: data} if name != "members.csv" else {**files, name: data}
    _load(files)


@FAST
@given(position=st.integers(min_value=0, max_value=len(MEMBERS) - 1), junk=st.text(max_size=5))
def test_corrupting_one_spot_of_good_data_only_raises_dataset_error(position, junk):
    members = MEMBERS[:position] + junk + MEMBERS[position + 1:]
    _load({"participants.csv": PARTICIPANTS.encode(), "members.csv": members.encode(), "ties.csv": TIES.encode()})


GOOD = {"participants.csv": PARTICIPANTS, "members.csv": MEMBERS, "ties.csv": TIES}


@FAST
@given(data=st.data(), file=st.sampled_from(sorted(GOOD)))
def test_a_name_in_any_cell_of_good_data_is_never_quoted(data, file):
    lines = [line.split(",") for line in GOOD[file].splitlines()]
    row = data.draw(st.integers(min_value=1, max_value=len(lines) - 1))
    column = data.draw(st.integers(min_value=0, max_value=len(lines[0]) - 1))
    lines[row][column] = data.draw(st.sampled_from([PLANTED, f"{PLANTED} 2", PLANTED.upper()]))
    files = {name: text.encode() for name, text in GOOD.items()}
    files[file] = "\n".join(",".join(line) for line in lines).encode()
    _load(files)
