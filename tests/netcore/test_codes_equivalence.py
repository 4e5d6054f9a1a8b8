"""Property tests: the steps rewritten to work on integer codes or distinct values (validation's ties checks, the
mapping's blanking of missing codes, is_missing_code, the places and activities common in each type) or on Arrow
(text_where) give what the plain text versions they replaced gave, on random small inputs."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcore.codes import text_where
from netcore.io.canonical import RawTable
from netcore.io.mapping import MISSING_CODES, _blank_missing, is_missing_code
from netcore.patterns import common_places_activities
from netcore.validation import _check_required_values, _flag, _ties

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IDS = st.sampled_from(["", "P1", "P2", "P3", "p1", "P10"])
MEMBERS = st.sampled_from(["", "m1", "m2", "m3", "M1", "m10", "a"])


def _plain_rows_among(rows: list[pd.Series], known: list[pd.Series]) -> pd.Series:
    pairs = set(zip(*[column.tolist() for column in known], strict=True))
    return pd.Series([pair in pairs for pair in zip(*[column.tolist() for column in rows], strict=True)],
                     index=rows[0].index)


def _plain_ties(table: RawTable, participants: pd.DataFrame | None, members: pd.DataFrame):
    """The text version: each check a lookup of text, the repeats dropped by drop_duplicates."""
    frame = table.frame
    problems = _check_required_values(table)
    ids = frame["participant_id"]
    listed = _plain_rows_among([ids], [participants["participant_id"]]) if participants is not None else True
    if participants is not None:
        problems += _flag(table, ids.ne("") & ~listed, "participant_id", "participant_id is not in participants.csv")
    known_participant = ids.ne("") & listed
    for end in ("member_a", "member_b"):
        known = _plain_rows_among([ids, frame[end]], [members["participant_id"], members["member_id"]])
        problems += _flag(table, frame[end].ne("") & known_participant & ~known, end,
                          f"{end} is not on this participant's map in members.csv")
    a, b = frame["member_a"], frame["member_b"]
    loops = a.eq(b)
    ties = pd.DataFrame({"participant_id": ids, "member_a": a.where(a < b, b), "member_b": b.where(a < b, a)})[~loops]
    distinct = ties.drop_duplicates()
    notes = []
    if loops.any():
        notes.append(f"ties.csv: ignored {int(loops.sum())} link(s) from a member to itself")
    if len(distinct) < len(ties):
        notes.append(f"ties.csv: counted {len(ties) - len(distinct)} repeated link(s) once")
    return distinct.reset_index(drop=True).astype("string"), problems, notes


def _text(values: list[str]) -> pd.Series:
    return pd.Series(values, dtype="str")


def _both_ways(rows: list[tuple[str, str, str]], members: list[tuple[str, str]], participants: list[str] | None):
    """`_ties` and its text version on the same ties, members and participants (None: participants.csv failed)."""
    frame = pd.DataFrame({column: _text([row[i] for row in rows])
                          for i, column in enumerate(["participant_id", "member_a", "member_b"])})
    table = RawTable("ties", "ties.csv", frame, pd.Series(range(2, len(rows) + 2)))
    member_frame = pd.DataFrame({"participant_id": pd.Series([m[0] for m in members], dtype="string"),
                                 "member_id": pd.Series([m[1] for m in members], dtype="string")})
    participant_frame = (None if participants is None
                         else pd.DataFrame({"participant_id": pd.Series(participants, dtype="string")}))
    return _ties(table, participant_frame, member_frame), _plain_ties(table, participant_frame, member_frame)


@FAST
@given(rows=st.lists(st.tuples(IDS, MEMBERS, MEMBERS), max_size=30),
       members=st.lists(st.tuples(IDS, MEMBERS), max_size=12),
       participants=st.one_of(st.none(), st.lists(IDS, max_size=4)))
def test_ties_on_codes_equal_the_text_version(rows, members, participants):
    (ties, problems, notes), (expected_ties, expected_problems, expected_notes) = _both_ways(rows, members,
                                                                                             participants)
    assert problems == expected_problems
    if not problems:  # with any problem, validate raises them: the ties and notes made are never used
        pd.testing.assert_frame_equal(ties, expected_ties)
        assert notes == expected_notes


@FAST
@given(members=st.lists(st.tuples(IDS.filter(bool), MEMBERS.filter(bool)), min_size=1, max_size=12, unique=True),
       data=st.data())
def test_valid_ties_on_codes_equal_the_text_version(members, data):
    """Ties only between members of one map (so no problem), with loops, repeats and mirrored pairs among them."""
    pairs = [(p, a, b) for p, a in members for q, b in members if p == q]
    rows = data.draw(st.lists(st.sampled_from(pairs), max_size=30))
    participants = sorted({p for p, _ in members})
    (ties, problems, notes), (expected_ties, expected_problems, expected_notes) = _both_ways(rows, members,
                                                                                             participants)
    assert problems == expected_problems == []
    pd.testing.assert_frame_equal(ties, expected_ties)
    assert notes == expected_notes


def _plain_blank_missing(table: pd.DataFrame, notes: list[str], label: str) -> pd.DataFrame:
    table = table.copy()
    coded = 0
    for column in [column for column in table.columns if not column.startswith("_")]:
        values = table[column].fillna("").astype(str)
        missing = values.str.strip().str.lower().isin(MISSING_CODES)
        coded += int((missing & values.str.strip().ne("")).sum())
        table[column] = values.where(~missing, "").str.strip()
    if coded:
        notes.append(f"{coded:,} {label} value(s) coded as missing (-1, NA, null) were read as missing")
    return table


CELLS = st.one_of(st.sampled_from(["", " ", "-1", " NA", "n/a ", "NaN", "null", "Missing", "x", " x ", "1", "0"]),
                  st.none(), st.text(alphabet=" aN/-1\t", max_size=4))


@FAST
@given(columns=st.lists(st.lists(CELLS, min_size=0, max_size=20), min_size=1, max_size=3),
       as_object=st.booleans())
def test_blank_missing_by_distinct_values_equals_the_text_version(columns, as_object):
    rows = min(len(column) for column in columns)
    table = pd.DataFrame({f"v{i}": pd.Series(column[:rows], dtype=object if as_object else "str")
                          for i, column in enumerate(columns)})
    table["_ego"] = pd.Series(np.arange(rows).astype(str), dtype="str")
    notes: list[str] = []
    expected_notes: list[str] = []
    pd.testing.assert_frame_equal(_blank_missing(table, notes, "node"),
                                  _plain_blank_missing(table, expected_notes, "node"))
    assert notes == expected_notes


@FAST
@given(cells=st.lists(CELLS, max_size=20), dtype=st.sampled_from(["str", "string", object]))
def test_missing_codes_by_distinct_values_equal_the_text_version(cells, dtype):
    values = pd.Series(cells, dtype=dtype)
    expected = values.str.strip().str.lower().isin(MISSING_CODES)
    pd.testing.assert_series_equal(is_missing_code(values), expected)


@FAST
@given(cells=st.lists(st.tuples(CELLS, CELLS, st.booleans()), max_size=20),
       dtypes=st.sampled_from([("str", "str"), ("string", "string"), (object, object), ("str", object)]))
def test_text_where_equals_pandas_where(cells, dtypes):
    yes = pd.Series([cell[0] for cell in cells], dtype=dtypes[0])
    no = pd.Series([cell[1] for cell in cells], dtype=dtypes[1])
    mask = np.array([cell[2] for cell in cells], dtype=bool)
    pd.testing.assert_series_equal(text_where(mask, yes, no), yes.where(mask, no))
    pd.testing.assert_series_equal(text_where(pd.Series(mask), yes, no), yes.where(pd.Series(mask), no))


def _plain_common_places_activities(members: pd.DataFrame, types: pd.DataFrame, top: int) -> pd.DataFrame:
    """The text version: filter by isin, drop_duplicates, merge, group."""
    own = members[members["kind"].isin(["place", "activity"])
                  & members["participant_id"].isin(types["participant_id"])]
    having = own.drop_duplicates(["participant_id", "category"]).merge(types, on="participant_id")
    counts = having.groupby(["network_type", "kind", "category"]).size().rename("participants").reset_index()
    sizes = types["network_type"].value_counts()
    counts["share"] = counts["participants"] / counts["network_type"].map(sizes).astype(float)
    ranked = counts.sort_values(["network_type", "participants", "category"], ascending=[True, False, True])
    return ranked.groupby("network_type").head(top).reset_index(drop=True)


@FAST
@given(rows=st.lists(st.tuples(IDS, st.sampled_from(["person", "place", "activity"]),
                               st.sampled_from(["cafe", "park", "gym", "church", None])), max_size=40),
       types=st.dictionaries(IDS, st.sampled_from(["diverse", "family", "formal"]), max_size=5),
       top=st.integers(1, 3))
def test_common_places_on_codes_equal_the_text_version(rows, types, top):
    members = pd.DataFrame({"participant_id": pd.Series([row[0] for row in rows], dtype="string"),
                            "kind": pd.Series([row[1] for row in rows], dtype="string"),
                            "category": pd.Series([row[2] for row in rows], dtype="string")})
    chosen = pd.DataFrame({"participant_id": pd.Series(list(types), dtype="string"),
                           "network_type": pd.Series(list(types.values()), dtype="str")})
    pd.testing.assert_frame_equal(common_places_activities(members, chosen, top),
                                  _plain_common_places_activities(members, chosen, top))
