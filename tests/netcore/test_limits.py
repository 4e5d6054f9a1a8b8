"""Limits hold while reading, never after: hostile files, built here in memory, stop early with one plain problem that
names the limit (never a value, nor a name from inside a .zip), in little time and memory.

The hostile cases run as a user runs them (`python -m netcore validate`, default limits) in a child process whose
peak memory is measured (os.wait4); the rest run in-process, most with limits lowered through `Limits`.
"""

import io
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore import DatasetError, load_dataset
from netcore.io import read_dataset
from netcore.io.canonical import open_workbook, read_csv_bytes, read_files, read_xlsx_bytes
from netcore.io.egor import read_egor
from netcore.io.files import collect, unzip
from netcore.io.graphml import read_graphml
from netcore.io.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from netcore.io.mapping import Conversion, ImportOptions
from netcore.io.networkcanvas import read_networkcanvas
from tests.netcore.datasets import MEMBERS, PARTICIPANTS, TIES, as_files

ROOT = Path(__file__).resolve().parents[2]
MEMORY_KB = 1 << 20  # 1 GB, as ru_maxrss counts on Linux
SECRET = "Jon Snow"  # a name in a folder or file name inside a .zip: never in a message
MANY_FILES = DEFAULT_LIMITS.files + 1


# ------------------------------------------------------------------------------------------------------- builders


def rows_of(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb(size: int, names: tuple[str, ...] = ("participants.csv",)) -> bytes:
    """A .zip of the dataset whose files named in `names` hold `size` bytes each of a repeated CSV row (~1000:1)."""
    buffer = io.BytesIO()
    row = b"1,1\n" * 262_144  # 1 MiB
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in as_files().items():
            if name not in names:
                archive.writestr(f"{SECRET}/{name}", data)
        for name in names:
            with archive.open(f"{SECRET}/{name}", "w", force_zip64=True) as stream:
                stream.write(b"participant_id,site\n")
                for _ in range(size // len(row) + 1):
                    stream.write(row)
    return buffer.getvalue()


def workbook(sheets: dict[str, list[list[object]]], far: dict[str, str] | None = None) -> bytes:
    """An .xlsx of the sheets (rows of values); `far` puts one cell at a reference ("XFD1048576") of a sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for name, reference in (far or {}).items():
        (book[name] if name in book.sheetnames else book.create_sheet(name))[reference] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dataset_workbook(**far: str) -> bytes:
    return workbook({"participants": rows_of(PARTICIPANTS), "members": rows_of(MEMBERS)}, far)


def with_part(data: bytes, part: str, xml: bytes) -> bytes:
    """The workbook `data` with one of its parts replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, xml if info.filename == part else source.read(info))
    return buffer.getvalue()


def huge_sheet_workbook(rows: int = 300_000) -> bytes:
    """The dataset's sheets and a third, unrelated one ("notes") of `rows` rows of five cells (~50 MB of XML)."""
    data = workbook({"participants": rows_of(PARTICIPANTS), "members": rows_of(MEMBERS), "notes": [["note"]]})
    cells = "".join(f'<c r="{column}{{0}}" t="inlineStr"><is><t>note {{0}}</t></is></c>' for column in "ABCDE")
    body = "".join(f'<row r="{row}">{cells.format(row)}</row>' for row in range(1, rows + 1))
    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           f"{body}</sheetData></worksheet>").encode()
    return with_part(data, "xl/worksheets/sheet3.xml", xml)


def wide_csv(columns: int, rows: int = 150) -> bytes:
    header = ",".join(["participant_id", *(f"c{number}" for number in range(columns))])
    lines = [header] + [",".join([f"P{row}", *(str((row * number) % 7) for number in range(columns))])
                        for row in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


def members_for(participants: int) -> bytes:
    return ("participant_id,member_id,kind,category,circle\n"
            + "".join(f"P{row},m1,person,family,1\n" for row in range(1, participants + 1))).encode()


def problems_of(action) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        action()
    return [str(problem) for problem in caught.value.problems]


# ---------------------------------------------------------------------------------- hostile files, as users run them


def run_validate(tmp_path: Path, source: bytes | dict[str, bytes], name: str) -> tuple[int, str, int]:
    """`python -m netcore validate` on a file (or a folder of files) in a child process: exit code, standard output
    and error, and the child's own peak memory in KB."""
    path = tmp_path / name
    if isinstance(source, dict):
        path.mkdir()
        for file, data in source.items():
            (path / file).write_bytes(data)
    else:
        path.write_bytes(source)
    output = tmp_path / "output.txt"
    with output.open("wb") as handle:
        child = subprocess.Popen([sys.executable, "-m", "netcore", "validate", str(path)], cwd=ROOT,
                                 stdout=handle, stderr=subprocess.STDOUT)
        timer = threading.Timer(300, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, output.read_text(), usage.ru_maxrss


HOSTILE = {
    # A 13 KB workbook whose unrelated sheet holds one cell at XFD1048576: pandas' reader filled 512 GB and aborted.
    "far cell on an unrelated sheet": (lambda: dataset_workbook(notes="XFD1048576"), "data.xlsx", 0, "Valid."),
    # The same cell on a sheet that is read, beside A1: streamed, it stops at the column limit.
    "far cell on the participants sheet": (lambda: dataset_workbook(participants="XFD1048576"), "data.xlsx", 1,
                                           "sheet 'participants': has more than 500 columns, the most the dashboard "
                                           "reads in one table"),
    # Far down but within the columns: one more (far) row, nothing filled up to it.
    "far row on the members sheet": (lambda: dataset_workbook(members="A1048576"), "data.xlsx", 1,
                                     "sheet 'members' row 1048576: participant_id is not in participants.csv"),
    "huge unrelated sheet": (huge_sheet_workbook, "data.xlsx", 0, "Valid."),
    # A 0.2 MB .zip whose participants.csv unpacks to 210 MB; reading stops at 200 MB (the default limit).
    "zip bomb": (lambda: bomb(210_000_000), "bomb.zip", 1,
                 "bomb.zip: the participants table in it unpacks to more than 200 MB, the most the dashboard reads "
                 "from one file"),
    "too many files in a zip": (lambda: zip_of({f"{SECRET}/{number}.csv": b"" for number in range(MANY_FILES)}
                                               | {name: data for name, data in as_files().items()}),
                                "many.zip", 1, f"many.zip: holds more than {DEFAULT_LIMITS.files:,} files, the most "
                                               "the dashboard reads from one .zip"),
    "nested zip": (lambda: zip_of({f"{SECRET}.zip": zip_of(as_files())}), "nested.zip", 1,
                   "participants.csv: is missing"),
    "path traversal": (lambda: zip_of({f"../{SECRET}/participants.csv": PARTICIPANTS.encode(),
                                       f"/etc/{SECRET}/members.csv": MEMBERS.encode()}), "escape.zip", 1,
                       "escape.zip: the participants table in the .zip has a name that leads out of the .zip"),
    "20,000 columns": (lambda: {"participants.csv": wide_csv(20_000, 2), "members.csv": members_for(2)}, "wide", 1,
                       "participants.csv: has more than 500 columns, the most the dashboard reads in one table"),
    "100,000-character value": (lambda: as_files(members=MEMBERS.replace("Sister", "x" * 100_000)), "long", 1,
                                "members.csv row 2: column 9 has a value longer than 10,000 characters, the most the "
                                "dashboard reads in one value"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_stops_early_in_little_memory_with_one_plain_problem(tmp_path, case):
    build, name, code, message = HOSTILE[case]
    exit_code, output, peak = run_validate(tmp_path, build(), name)
    assert exit_code == code, output  # never killed by a signal (an abort), never a traceback (exit 1 is data)
    assert "Traceback" not in output
    assert message in output
    assert peak < MEMORY_KB, f"{case}: peak memory {peak / 1024:.0f} MB"
    assert SECRET not in output and "/etc" not in output and ".." not in output.replace("...", "")
    if exit_code:  # a limit is one problem, alone
        assert "(1 problem)" in output or "more than" not in message


def test_far_cell_alone_on_a_sheet_or_beside_a1_costs_one_cell(tmp_path):
    """calamine fills a sheet's rectangle: from its first cell when one cell is at XFD1048576 (cheap), but from A1
    when A1 holds a value too (17 billion cells, an abort). The reader streams such a sheet: both cost one cell."""
    alone = workbook({"notes": []}, {"notes": "XFD1048576"})
    beside = workbook({"notes": [["a"]]}, {"notes": "XFD1048576"})
    for data in (alone, beside):
        with open_workbook(data, "notes.xlsx", Limits(columns=20_000)) as book:
            grid, rows = book.grid("notes", "notes")
        assert rows[-1] == 1_048_576 and grid.shape[0] == len(rows) <= 2
        assert grid.iat[-1, 16_383] == "x"


# --------------------------------------------------------------------------------------------------- .zip files


def test_a_zip_bomb_stops_at_the_total_unpacked_with_lowered_limits():
    data = bomb(6_000_000, ("participants.csv", "members.csv"))  # 12 MB unpacked, 12 KB packed
    limits = Limits(total_bytes=10_000_000, file_bytes=8_000_000)
    assert problems_of(lambda: read_files({"study.zip": data}, limits)) == [
        "study.zip: unpacks to more than 10 MB, the most the dashboard unpacks from one .zip or workbook"]


def test_one_file_of_a_zip_stops_at_the_file_limit_naming_what_it_holds():
    limits = Limits(file_bytes=1_000_000)
    assert problems_of(lambda: read_files({"study.zip": bomb(3_000_000)}, limits)) == [
        "study.zip: the participants table in it unpacks to more than 1 MB, the most the dashboard reads from one "
        "file"]


def claiming(data: bytes, name: str, size: int) -> bytes:
    """The .zip `data` with its directory claiming `size` bytes for the file `name` (unpacked)."""
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name.encode()))
    return data[:entry + 24] + size.to_bytes(4, "little") + data[entry + 28:]


def test_the_bytes_counted_are_those_unpacked_never_the_size_the_zip_claims():
    """A .zip that claims a small or a huge size for a 3 MB file: the claim is never trusted (zipfile stops at a small
    one and the check sum fails), nor used to allocate; the bytes that come out are counted."""
    data, name = bomb(3_000_000), f"{SECRET}/participants.csv"
    assert problems_of(lambda: read_files({"study.zip": claiming(data, name, 1_000)})) == [
        "study.zip: the participants table in the .zip could not be read (it is damaged)"]
    assert problems_of(lambda: read_files({"study.zip": claiming(data, name, 4_000_000_000)},
                                          Limits(file_bytes=1_000_000))) == [
        "study.zip: the participants table in it unpacks to more than 1 MB, the most the dashboard reads from one "
        "file"]


def test_a_zip_of_too_many_files_is_refused_before_anything_is_unpacked():
    data = zip_of({f"{number}.csv": b"" for number in range(11)})
    assert problems_of(lambda: unzip(data, "many.zip", lambda _: "a file", Limits(files=10))) == [
        "many.zip: holds more than 10 files, the most the dashboard reads from one .zip"]
    many = zip_of({f"{n}.csv": b"" for n in range(2_001)})
    assert problems_of(lambda: read_dataset({"many.zip": many}, limits=Limits(files=2_000))) == [
        "many.zip: holds more than 2,000 files, the most the dashboard reads from one .zip"]


def test_nested_zips_and_folders_are_never_opened():
    inner = zip_of(as_files())
    asked: list[str] = []
    files = unzip(zip_of({"inner.zip": inner, "data/": b"", "data/participants.csv": b"x"}), "outer.zip",
                  lambda path: asked.append(path) or "a file")
    assert list(files) == ["data/participants.csv"] and asked == ["data/participants.csv"]


def test_names_that_lead_out_of_the_zip_are_never_read_and_a_table_among_them_is_a_problem():
    files = {"../notes.txt": b"x", "C:/x/ties.csv": TIES.encode(), "ok/participants.csv": PARTICIPANTS.encode(),
             "a/../../members.csv": MEMBERS.encode()}
    problems = problems_of(lambda: read_files({"up.zip": zip_of(files)}))
    assert problems == [
        f"up.zip: the {table} table in the .zip has a name that leads out of the .zip (up past its top folder, or from "
        "the top of a disk), so it was not read" for table in ("ties", "members")]


# ----------------------------------------------------------------------------------------- folders and uploads


def test_uploads_and_folders_are_within_the_byte_and_file_limits(tmp_path):
    assert problems_of(lambda: collect({"members.csv": b"x" * 11}, Limits(upload_bytes=10))) == [
        "members.csv: is larger than 10 bytes, the most the dashboard reads from one uploaded file"]
    for name, data in as_files().items():
        (tmp_path / name).write_bytes(data)
    assert problems_of(lambda: collect(tmp_path, Limits(files=2))) == [
        f"{tmp_path}: holds more than 2 files, the most the dashboard reads from one folder"]
    assert problems_of(lambda: load_dataset(tmp_path, limits=Limits(file_bytes=100))) == [
        "members.csv: is larger than 100 bytes, the most the dashboard reads from one file"]
    assert DEFAULT_LIMITS.upload_bytes == 50_000_000  # server.maxUploadSize = 50 (MB) in .streamlit/config.toml
    assert "maxUploadSize = 50\n" in (ROOT / ".streamlit" / "config.toml").read_text()


# ----------------------------------------------------------------------------------------------------- CSV files


def test_the_header_is_counted_before_the_rest_is_parsed():
    assert problems_of(lambda: read_csv_bytes(wide_csv(20_000, 2), "participants")) == [
        "participants.csv: has more than 500 columns, the most the dashboard reads in one table"]
    quoted = b'"a,b,c",d\n1,2\n'  # delimiters inside quotes do not count
    assert list(read_csv_bytes(quoted, "x", limits=Limits(columns=2)).frame.columns) == ["a_b_c", "d"]


def test_rows_stop_at_the_row_limit_and_at_the_cell_limit():
    members = MEMBERS.encode()  # 9 columns, 5 rows
    assert len(read_csv_bytes(members, "members", limits=Limits(rows=5)).frame) == 5
    assert problems_of(lambda: read_csv_bytes(members, "members", limits=Limits(rows=4))) == [
        "members.csv: has more than 4 rows, the most the dashboard reads in one table"]
    assert problems_of(lambda: read_csv_bytes(members, "members", limits=Limits(cells=40))) == [
        "members.csv: has more than 40 cells, the most the dashboard reads in one table"]


def test_a_long_value_names_its_row_and_column_never_the_value():
    members = MEMBERS.replace("CPN", "y" * 10_001)
    problems = problems_of(lambda: load_dataset(as_files(members=members)))
    assert problems == ["members.csv row 5: column 9 has a value longer than 10,000 characters, the most the "
                        "dashboard reads in one value"]
    assert len(load_dataset(as_files(members=MEMBERS.replace("CPN", "y" * 10_000))).members) == 5


def test_the_value_limit_counts_characters_not_bytes():
    # Lengths are first read in bytes: a value of more bytes than the limit but not more characters is within it,
    # and the first value of more characters is the one named, even after one long only in bytes.
    within = MEMBERS.replace("Sister", "é" * 100)  # 200 bytes, 100 characters
    assert len(read_csv_bytes(within.encode(), "members", limits=Limits(field_chars=100)).frame) == 5
    beyond = within.replace("CPN", "€" * 101)
    assert problems_of(lambda: read_csv_bytes(beyond.encode(), "members", limits=Limits(field_chars=100))) == [
        "members.csv row 5: column 9 has a value longer than 100 characters, the most the dashboard reads in one "
        "value"]


def test_two_thousand_columns_validate_with_the_column_limit_raised():
    """Reading and validation are linear in the cells: per-column work is done once over all columns. (Timed in the
    report, not here: a loaded machine must not fail a test.)"""
    files = {"participants.csv": wide_csv(2_000), "members.csv": members_for(150)}
    dataset = load_dataset(files, limits=Limits(columns=2_001))
    assert dataset.participants.shape == (150, 2_001) and len(dataset.covariates) == 2_000
    assert dataset.covariate_types["c1"] == "numeric" and dataset.covariate_types["c0"] == "categorical"


# ------------------------------------------------------------------------------------------------------ workbooks


def test_only_the_dataset_sheets_of_a_workbook_are_read():
    tables = read_xlsx_bytes(huge_sheet_workbook(1_000), "data.xlsx", Limits(rows=10))
    assert sorted(tables) == ["members", "participants"]


def test_a_workbook_stops_at_the_row_cell_and_unpacked_limits():
    data = dataset_workbook()
    assert problems_of(lambda: read_xlsx_bytes(data, "data.xlsx", Limits(rows=4))) == [
        "data.xlsx sheet 'members': has more than 4 rows, the most the dashboard reads in one table"]
    assert problems_of(lambda: read_xlsx_bytes(data, "data.xlsx", Limits(cells=50))) == [
        "data.xlsx: has more than 50 cells, the most the dashboard reads in one workbook"]
    assert problems_of(lambda: read_xlsx_bytes(data, "data.xlsx", Limits(total_bytes=5_000))) == [
        "data.xlsx: unpacks to more than 5 KB, the most the dashboard unpacks from one .zip or workbook"]


def test_egor_reads_only_the_first_row_of_a_sheet_without_id_columns():
    egos = [[".egoID", "age"], ["1", "30"], ["2", "40"]]
    alters = [[".egoID", ".altID", "kind"], ["1", "1", "person"], ["1", "2", "person"], ["2", "1", "person"]]
    data = workbook({"egos": egos, "alters": alters, "notes": [["written by hand"]]}, {"notes": "XFD1048576"})
    data = with_part(data, "xl/worksheets/sheet3.xml", zipfile.ZipFile(io.BytesIO(huge_sheet_workbook(50_000)))
                     .read("xl/worksheets/sheet3.xml"))
    capture = read_egor({"study.xlsx": data}, ImportOptions(), Limits(rows=10))
    assert len(capture.nodes) == 3
    assert any("have none of the id columns" in note for note in capture.notes)


def test_the_streamed_reader_reads_as_calamine_does():
    """Sheets read by calamine and sheets streamed here (far cells, cells without a reference) give the same text."""
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "typed"
    values = [1, 1.5, 0.1, -3, 1e20, True, False, "  text ", "=1+2", "#N/A", datetime.date(2020, 1, 2),
              datetime.datetime(2020, 1, 2, 13, 45, 30), datetime.time(12, 30), datetime.timedelta(hours=30), 1 / 3]
    for number, value in enumerate(values, start=1):
        sheet.cell(row=number, column=1, value=value)
    for number, code in enumerate(["dd/mm/yyyy", "h:mm", "0.00%", "[h]:mm:ss", '"day"0', "yyyy-mm-dd", "General"],
                                  start=1):
        cell = sheet.cell(row=number, column=2, value=[44197, 0.75, 45, 1.25, 3, 59, 2][number - 1])
        cell.number_format = code
    sheet.cell(row=1, column=3, value="line\nbreak")
    buffer = io.BytesIO()
    book.save(buffer)
    expected = pd.read_excel(io.BytesIO(buffer.getvalue()), header=None, dtype=str, engine="calamine").fillna("")
    with open_workbook(buffer.getvalue(), "typed.xlsx") as opened:
        grid, rows, _ = opened.sheet("typed")  # only the rows with a value: a formula or an error is none
        by_calamine, none = opened.grid("typed", "typed")
    assert none is None and 9 not in rows and 10 not in rows
    streamed = grid.set_axis(rows).reindex(range(1, len(values) + 1), fill_value="").reset_index(drop=True)
    pd.testing.assert_frame_equal(streamed.astype(str), expected.astype(str), check_dtype=False)
    pd.testing.assert_frame_equal(by_calamine.fillna("").astype(str), expected.astype(str), check_dtype=False)


def test_a_sheet_whose_cells_have_no_reference_is_streamed_to_the_same_table():
    import re

    data = dataset_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    bare = with_part(data, "xl/worksheets/sheet2.xml", re.sub(r'<c r="[A-Z]+[0-9]+"', "<c", xml).encode())
    assert bare != data
    ordinary, streamed = (read_xlsx_bytes(book, "data.xlsx")["members"] for book in (data, bare))
    pd.testing.assert_frame_equal(ordinary.frame, streamed.frame)
    assert ordinary.rows.tolist() == streamed.rows.tolist()


def test_a_damaged_or_hostile_workbook_is_one_plain_problem():
    entity = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
              b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')
    for data in (b"PK\x03\x04 not a workbook", with_part(dataset_workbook(), "xl/workbook.xml", entity),
                 with_part(dataset_workbook(), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c r='A")):
        assert problems_of(lambda data=data: read_xlsx_bytes(data, "data.xlsx")) == [
            "data.xlsx: could not be read as an Excel workbook (it is damaged, protected by a password, or not an "
            ".xlsx)"]


# ------------------------------------------------------------------------------------------ other tools' exports


def graphml_of(nodes: int, value: str = "x") -> bytes:
    body = "".join(f'<node id="n{number}"><data key="v">{value}</data></node>' for number in range(nodes))
    return ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="v" for="node" attr.name="note"/>'
            f'<graph id="g" edgedefault="undirected">{body}</graph></graphml>').encode()


def test_graphml_is_read_as_a_stream_within_the_limits():
    assert len(read_graphml({"a.graphml": graphml_of(10)}, Limits(rows=10)).nodes) == 10
    assert problems_of(lambda: read_graphml({"a.graphml": graphml_of(11)}, Limits(rows=10))) == [
        "GraphML: has more than 10 nodes, the most the dashboard reads in one table"]
    assert problems_of(lambda: read_graphml({"a.graphml": graphml_of(2, "y" * 101)}, Limits(field_chars=100))) == [
        "GraphML file 1: has a value longer than 100 characters, the most the dashboard reads in one value"]


def test_network_canvas_files_are_read_within_the_limits():
    ego = "networkCanvasEgoUUID,networkCanvasCaseID,age\ne1,case 1,30\n"
    nodes = "nodeID,networkCanvasEgoUUID,networkCanvasUUID,closeness\n" + "".join(
        f"{number},e1,u{number},1\n" for number in range(5))
    files = {"case 1_s_ego.csv": ego.encode(), "case 1_s_attributeList_Person.csv": nodes.encode()}
    assert len(read_networkcanvas(files, Limits(rows=5)).nodes) == 5
    assert problems_of(lambda: read_networkcanvas({"export.zip": zip_of(files)}, Limits(rows=4))) == [
        "Person node file 1: has more than 4 rows, the most the dashboard reads in one table"]


def test_a_limit_is_one_problem_even_where_readers_collect_every_problem():
    files = as_files(participants=PARTICIPANTS.replace("London", "x" * 200), members="not,a\n" + "1,2\n" * 3)
    with pytest.raises(LimitExceeded) as caught:
        read_files(files, Limits(field_chars=100))
    assert len(caught.value.problems) == 1


# --------------------------------------------------------------------------------------------- random .zip files


NAMES = st.one_of(
    st.sampled_from(["participants.csv", "members.csv", "ties.csv", "vocabulary.csv", "data/participants.csv",
                     "../participants.csv", "/etc/members.csv", "a/../../ties.csv", "C:/x/members.csv", "inner.zip",
                     "dir/", "__MACOSX/._members.csv", "~$members.csv", "x_ego.csv", "x_attributeList_Person.csv",
                     "g.graphml", "egos.csv", "book.xlsx", "..", "./members.csv"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz./\\_-", min_size=1, max_size=20),
)
CONTENTS = st.one_of(
    st.sampled_from([PARTICIPANTS.encode(), MEMBERS.encode(), TIES.encode(), b"", b"PK\x03\x04", b"\x00\x01\x02",
                     b"<graphml><graph><node id='a'/></graph></graphml>", zip_of(as_files())]),
    st.binary(max_size=64),
)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(members=st.lists(st.tuples(NAMES, CONTENTS, st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])),
                        max_size=8))
def test_any_zip_is_read_or_refused_in_plain_words(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, compression in members:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    try:
        result = read_dataset({"upload.zip": buffer.getvalue()}, limits=Limits(files=6, file_bytes=10_000))
    except DatasetError as error:
        assert error.problems and all(str(problem) for problem in error.problems)
        assert "/etc" not in str(error) and "C:/" not in str(error)
    else:
        assert isinstance(result, Conversion)


def test_the_readme_lists_every_limit_with_its_default():
    from dataclasses import fields

    from netcore.io.limits import size_words

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Limits"):]
    section = section[: section.find("\n## ")] if "\n## " in section else section
    for limit in fields(Limits):
        value = getattr(DEFAULT_LIMITS, limit.name)
        shown = size_words(value) if limit.name.endswith("bytes") else f"{value:,}"
        assert f"| {shown} |" in section, limit.name
