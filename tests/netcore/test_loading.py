"""The loader accepts every documented form of good data as the same dataset."""

import io
import string
import zipfile

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from netcore import DatasetError, load_dataset
from netcore.io.canonical import read_csv_bytes
from netcore.io.export import dataset_tables, write_folder, xlsx_bytes, zip_bytes
from netcore.io.limits import Limits
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, TIES, as_files


def _same(a, b) -> None:
    for table in ("participants", "members", "ties"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))


@pytest.fixture
def reference():
    return load_dataset(as_files())


def test_plain_csv_files_load(reference):
    assert list(reference.participants["participant_id"]) == ["P1", "P2", "P3"]
    assert len(reference.members) == 5
    assert len(reference.ties) == 2
    assert reference.covariates == ["site", "lives_alone", "housing_status"]


def test_utf8_bom_is_the_same_data(reference):
    files = {name: b"\xef\xbb\xbf" + data for name, data in as_files().items()}
    _same(load_dataset(files), reference)


def test_semicolon_delimited_is_the_same_data(reference):
    files = as_files(*(text.replace(",", ";") for text in (PARTICIPANTS, MEMBERS, TIES)))
    _same(load_dataset(files), reference)


def test_cp1252_text_is_read():
    members = MEMBERS.replace("Day centre", "Café")
    dataset = load_dataset(as_files(members=members, encoding="cp1252"))
    assert "Café" in set(dataset.members["label"])


def test_header_names_in_other_case_or_with_spaces(reference):
    participants = PARTICIPANTS.replace("participant_id", "Participant ID").replace("lives_alone", "Lives Alone")
    members = MEMBERS.replace("member_id", "Member ID").replace("circle", "CIRCLE")
    _same(load_dataset(as_files(participants, members)), reference)


def test_extra_columns_become_covariates_or_are_kept():
    participants = PARTICIPANTS.replace("housing_status\n", "housing_status,hobby_count,favourite_colour\n")
    lines = participants.splitlines()
    extra = ["1,blue", "2,green", "3,blue"]
    participants = "\n".join([lines[0]] + [f"{line},{e}" for line, e in zip(lines[1:], extra, strict=True)]) + "\n"
    members = MEMBERS.replace("label\n", "label,notes\n").replace("Sister\n", "Sister,anything\n")
    dataset = load_dataset(as_files(participants, members))
    assert dataset.covariates == ["site", "lives_alone", "housing_status", "hobby_count", "favourite_colour"]
    assert dataset.covariate_types["favourite_colour"] == "categorical"


def test_numeric_covariate_is_detected_when_many_distinct_numbers():
    rows = "\n".join(f"P{i},{20 + i * 3}" for i in range(1, 9))
    participants = f"participant_id,age_years\n{rows}\n"
    members = "participant_id,member_id,kind,category,circle\nP1,m1,person,friend,1\n"
    dataset = load_dataset(as_files(participants, members, ties=None))
    assert dataset.covariate_types["age_years"] == "numeric"
    assert dataset.participants["age_years"].tolist() == [20.0 + i * 3 for i in range(1, 9)]


def test_folder_zip_and_xlsx_give_the_same_data(tmp_path, reference):
    tables = dataset_tables(reference)
    write_folder(tables, tmp_path / "folder")
    (tmp_path / "data.zip").write_bytes(zip_bytes(tables))
    (tmp_path / "data.xlsx").write_bytes(xlsx_bytes(tables))
    for path in (tmp_path / "folder", tmp_path / "data.zip", tmp_path / "data.xlsx"):
        _same(load_dataset(path), reference)


def test_zip_of_a_folder_with_os_clutter_loads(reference):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in as_files().items():
            archive.writestr(f"my study/{name}", data)
        archive.writestr("__MACOSX/my study/._members.csv", b"\x00\x05binary")
        archive.writestr("my study/notes.docx", b"PK\x03\x04")
    _same(load_dataset({"upload.zip": buffer.getvalue()}), reference)


def test_participant_with_no_members_and_no_ties_file():
    members = "participant_id,member_id,kind,category,circle\nP1,m1,person,family,1\n"
    dataset = load_dataset(as_files(members=members, ties=None))
    assert len(dataset.participants) == 3
    assert dataset.ties.empty
    assert list(dataset.ties.columns) == ["participant_id", "member_a", "member_b"]


def test_header_only_members_file_means_every_map_is_empty():
    dataset = load_dataset(as_files(members="participant_id,member_id,kind,category,circle\n", ties=None))
    assert dataset.members.empty
    assert any("every map is empty" in note for note in dataset.notes)


def test_formal_comes_from_the_vocabulary_when_absent():
    members = "participant_id,member_id,kind,category,circle\nP1,m1,person,Care Coordinator,2\nP1,m2,person,Mum,1\n"
    dataset = load_dataset(as_files(members=members, ties=None))
    assert dataset.members["category"].tolist() == ["practitioner", "family"]
    assert dataset.members["formal"].tolist() == [True, False]


def test_blank_formal_cell_falls_back_to_vocabulary_but_stated_value_wins():
    members = ("participant_id,member_id,kind,category,circle,formal\n"
               "P1,m1,person,gp,2,\nP1,m2,person,friend,1,yes\nP1,m3,person,practitioner,1,no\n")
    dataset = load_dataset(as_files(members=members, ties=None))
    assert dataset.members["formal"].tolist() == [True, True, False]


def test_user_vocabulary_file_extends_categories():
    files = as_files(members="participant_id,member_id,kind,category,circle\nP1,m1,person,Befriender,2\n", ties=None)
    files["vocabulary.csv"] = b"term,category,group,formal\nbefriender,befriender,services,yes\n"
    dataset = load_dataset(files)
    assert dataset.members["group"].tolist() == ["services"]
    assert dataset.members["formal"].tolist() == [True]


def test_missing_words_in_covariates_are_missing_values():
    participants = "participant_id,lives_alone,education\nP1,N/A,\nP2,Yes,unknown\nP3,n,degree\n"
    dataset = load_dataset(as_files(participants=participants))
    assert dataset.participants["lives_alone"].tolist() == [pd.NA, "yes", "no"]
    assert dataset.participants["education"].isna().tolist() == [True, True, False]


def test_kind_plural_and_case_variants_are_accepted():
    members = "participant_id,member_id,kind,category,circle\nP1,a,People,friend,1\nP1,b,PLACES,park,2.0\n"
    dataset = load_dataset(as_files(members=members, ties=None))
    assert dataset.members["kind"].tolist() == ["person", "place"]
    assert dataset.members["circle"].tolist() == [1, 2]


def test_self_and_repeated_ties_are_counted_once_with_a_note():
    ties = "participant_id,member_a,member_b\nP1,m1,m2\nP1,m2,m1\nP1,m3,m3\n"
    dataset = load_dataset(as_files(ties=ties))
    assert dataset.ties.values.tolist() == [["P1", "m1", "m2"]]
    assert len(dataset.notes) >= 2


def test_trailing_blank_lines_and_empty_columns_are_ignored(reference):
    members = MEMBERS.replace("\n", ",\n") + "\n\n,,,,,,,,,\n"
    _same(load_dataset(as_files(members=members)), reference)


def test_missing_path_is_a_dataset_error(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_zip_with_damaged_compressed_data_names_the_table():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in as_files().items():
            archive.writestr(f"study/{name}", data * 20)
    payload = bytearray(buffer.getvalue())
    first = zipfile.ZipFile(io.BytesIO(bytes(payload))).infolist()[0]
    start = first.header_offset + 30 + len(first.filename)  # the local header is 30 bytes, then the name
    payload[start + 5:start + 25] = bytes(byte ^ 0xFF for byte in payload[start + 5:start + 25])
    with pytest.raises(DatasetError) as caught:
        load_dataset({"upload.zip": bytes(payload)})
    assert [str(p) for p in caught.value.problems] == [
        "upload.zip: the participants table in the .zip could not be read (it is damaged)"]


# Cells without a quote, a possible delimiter or a line break: spaces, formula starts and their protecting quote,
# other scripts, a no-break space, a byte-order mark inside a value.
PLAIN_CELLS = st.one_of(
    st.sampled_from(["", " ", "P1", "m 1", "person", "1", " 7 ", "-1", "'=1+2", "''@x", "'", "NA", "é", "€", "\u00a0x",
                     "x\ufeff"]),
    st.text(alphabet=string.ascii_letters + string.digits + " .-_'=+@éü€\u00a0", max_size=8),
)


def _outcome(data: bytes, limits: Limits) -> object:
    try:
        table = read_csv_bytes(data, "members", limits=limits)
    except DatasetError as error:
        return [str(problem) for problem in error.problems]
    return table.frame.to_dict("list"), table.rows.tolist(), list(table.frame.dtypes)


@settings(max_examples=150, deadline=None)
@given(header=st.lists(PLAIN_CELLS, min_size=2, max_size=4),
       rows=st.lists(st.lists(PLAIN_CELLS, min_size=1, max_size=4), max_size=8),
       sep=st.sampled_from([",", ";", "\t"]), newline=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), blank=st.booleans(),
       most=st.integers(min_value=1, max_value=8))
def test_a_csv_without_quotes_reads_as_the_same_csv_with_every_value_quoted(header, rows, sep, newline, encoding,
                                                                            blank, most):
    """The file without quotes is read by Arrow's CSV reader, the quoted one by pandas' C parser: the same table, or
    the same problems (rows of other lengths, a blank line, more rows than the limit)."""
    lines = [sep.join(row) for row in [header, *rows]]
    quoted = [sep.join(f'"{cell}"' for cell in row) for row in [header, *rows]]
    if blank:
        lines.insert(len(lines) // 2 + 1, "")
        quoted.insert(len(quoted) // 2 + 1, "")
    texts = [newline.join(lines) + newline, newline.join(quoted) + newline]
    assume(texts[0].strip())  # blanks and tabs only: the plain file is empty text, refused before parsing
    plain, every_quoted = (text.encode(encoding, errors="replace") for text in texts)
    limits = Limits(rows=most)
    assert _outcome(plain, limits) == _outcome(every_quoted, limits)
