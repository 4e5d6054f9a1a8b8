"""Refuse direct identifiers: the data must be anonymised before it reaches the dashboard.

Three checks, each computed once per column over its distinct values (never a Python loop over rows):
- headers that announce an identifier, read after splitting camelCase, digits and punctuation ("Phone1",
  "Postal code", "dateofbirth", "surname2", "NHS no.", "E Mail Address", "forename(s)", ...);
- headers that are themselves an identifying value (a phone or NHS number, an email address, a postcode): such a
  column is named by its position ("column 7"), never by its header;
- values that look like an email address, a full UK postcode, a UK phone number or an NHS number (valid check digit),
  in any column; and full dates in a column about birth ("year_of_birth", "born_in_uk", ...). Dates elsewhere (an
  interview's, a discharge's) are not identifiers and are kept.
Messages name the file, row and column but never repeat the identifying value itself.

Speed: simple patterns that the fast engine (RE2, via pyarrow) runs over a column's distinct values let through the
few candidates; only those are checked closely (grouping of a phone number, NHS check digit).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from netcore.problems import Problem

EMAIL = "an email address"
POSTCODE = "a UK postcode"
PHONE = "a phone number"
NHS = "an NHS number"
BIRTH_DATE = "a date of birth"

# ---- headers ------------------------------------------------------------------------------------------------------

# A header is identifying when one of its words, or some adjacent words written together ("e mail" -> "email",
# "date of birth" -> "dateofbirth", "d o b" -> "dob"), is one of these, or ends with "name(s)" or "address".
# Every word ending with "name" counts: nickname, username, place_name (a place's name can be a person's home or
# workplace, "Tesco Leyton"), member_name. "nhs" counts on its own: rename a column about an NHS trust "trust".
DOB_WORDS = frozenset({"dob", "dobs", "birthday", "birthdays", "birthdate", "dateofbirth", "bday"})
IDENTIFYING_WORDS = DOB_WORDS | frozenset({
    "initials", "nhs", "nhsno", "nhsnumber", "nino", "ninumber", "hospitalnumber", "mrn",
    "postcode", "postcodes", "zip", "zipcode", "postal", "postalcode", "addr", "street",
    "phone", "phones", "phoneno", "phonenumber", "telephone", "telephonenumber", "tel", "telno", "mobile", "mobileno",
    "mobilenumber", "homephone", "mobilephone", "cellphone", "workphone", "email", "emails",
})
IDENTIFYING_ENDINGS = ("name", "names", "address", "addresses")
# A column about birth ("birth", "born", "dob", ...) is refused by its header when it names the date (dob,
# birth_date, date_born, or "birth" with only words like these); one that does not (country_of_birth,
# year_of_birth, born_in_uk, birth_order) is kept, but a full date among its values is refused.
BIRTH_WORDS = frozenset({"birth", "births", "born"})
BIRTH_DATE_WORDS = frozenset({"date", "dates", "day", "dd", "dt"})
FILLER_WORDS = frozenset({"of", "the", "on", "at", "participant", "person", "ego", "alter", "member", "client",
                          "patient", "service", "user", "s"})
_LONGEST_GLUED = 4  # words joined to find a glued spelling: "d o b", "date of birth", "nhs no"

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"[0-9]+")


def header_words(header: object) -> list[str]:
    """The words of a header, lower case, digits and punctuation dropped: "Phone1" -> ["phone"], "firstName" ->
    ["first", "name"], "NHS no." -> ["nhs", "no"], "forename(s)" -> ["forename", "s"]."""
    text = _CAMEL.sub("_", str(header)).lower()
    text = _DIGITS.sub("_", text)
    return [word for word in _NON_WORD.split(text) if word]


def _spellings(words: list[str]) -> set[str]:
    """Each word and each run of up to _LONGEST_GLUED adjacent words written together."""
    return {"".join(words[start:start + length]) for length in range(1, _LONGEST_GLUED + 1)
            for start in range(len(words) - length + 1)}


def is_birth_header(header: object) -> bool:
    """Whether a header is about birth (its column's full dates are refused, and maybe the header itself)."""
    spellings = _spellings(header_words(header))
    return bool(spellings & (BIRTH_WORDS | DOB_WORDS))


def is_identifying_header(header: object) -> bool:
    """Whether a column name announces a direct identifier; takes raw ("Phone1", "firstName") or normalised names.

    A header that is itself an identifying value is `header_value_kind`'s business, so that callers which print
    refused headers never print one of those."""
    words = header_words(header)
    spellings = _spellings(words)
    if spellings & IDENTIFYING_WORDS or any(spelling.endswith(IDENTIFYING_ENDINGS) for spelling in spellings):
        return True
    if set(words) & BIRTH_WORDS:
        others = set(words) - BIRTH_WORDS - FILLER_WORDS
        return not others or bool(others & BIRTH_DATE_WORDS)
    return False


_TOP_LEVEL = frozenset({"com", "org", "net"})
_UK_SECOND_LEVEL = frozenset({"co", "org", "ac", "gov", "nhs", "ltd", "plc", "net", "me", "sch", "police"})


def header_value_kind(header: object) -> str | None:
    """What identifying value a header is itself ("9434765919", "07700 900123", "sw1a_1aa", "jo_example_org"), or
    None. Headers reach here normalised ("020_7946_0958"; "+" and "@" lost), so both spellings are tried and an
    email is also recognised by its ending ("..._example_org", "..._nhs_net", "..._co_uk")."""
    text = str(header)
    if sum(character.isdigit() for character in text) >= 9 or re.search(_POSTCODE_HINT, text):
        # Only a header with the digits of a phone or NHS number, or a postcode's digit-letter-letter, is looked at
        # closely: a wide table's ordinary headers cost nothing.
        spaced = text.replace("_", " ").strip()
        tries = [text, spaced] + (["+" + spaced] if spaced.startswith("44") else [])
        found = identifying_values(pd.Series(tries, dtype="str"))
        for kind in (NHS, PHONE, POSTCODE, EMAIL):
            if kind in found:
                return kind
    words = text.lower().split("_")
    if len(words) >= 3 and (words[-1] in _TOP_LEVEL or (words[-1] in {"uk", "ie"} and words[-2] in _UK_SECOND_LEVEL)):
        return EMAIL
    return None


# ---- values -------------------------------------------------------------------------------------------------------

# A value is looked at closely only if a cheap pattern lets it through (RE2 runs these over a column in one pass):
# an "@" for an email, a digit then two letters for a postcode, ten digits (not a plain decimal like 0.4233264491)
# for a phone or NHS number. Patterns run by RE2 have no look-around: where a number starts, the character before is
# not a letter or digit, and not a decimal point after a digit ("3.0123456789" is a number, not a phone).
_POSTCODE_HINT = r"[0-9][A-Za-z][A-Za-z]"
_TEN_DIGITS = r"[0-9]" + r"[^0-9]*[0-9]" * 9
_DECIMAL = r"^-?(?:0|[1-9][0-9]{0,8})?[.,][0-9]+$"
_START = r"(?:^|[^0-9A-Za-z.,]|(?:^|[^0-9])[.,])"
_END = r"(?:$|[^0-9A-Za-z.,]|[.,](?:$|[^0-9])|\.0+$)"  # "9434765919.0": a number a spreadsheet stored as a float
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# Full UK postcode, e.g. "SW1A 1AA", "m1 1ae", "EC1A1BB"; a district alone ("SW1A") or a road ("M1 motorway") is not.
_POSTCODE = r"(?i:\b[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][ABD-HJLNP-UW-Z]{2}\b)"
# UK phone: +44, 0044 or a trunk 0 (maybe in brackets), then 9-10 digits with spaces, dots, hyphens or brackets.
_PHONE_PREFIX = r"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)"
_PHONE_LOOSE = _START + _PHONE_PREFIX + r"[1-9](?:[\s.\-()]{0,2}[0-9]){8,9}" + _END
# The close look at a loose match: after the first group every group has 3 or more digits, so "01.02.2024 10:30"
# (a date and time) is not a phone number but "020 7946 0958", "07700.900.123" and "(020) 7946 0958" are.
_PHONE_STRICT = (r"(?<![0-9A-Za-z])(?<![0-9][.,])" + _PHONE_PREFIX
                 + r"(?=(?:[\s.\-()]{0,2}[0-9]){9,10}(?![\s.\-()]{0,2}[0-9]))"
                 + r"[1-9][0-9]{0,9}\)?(?:[\s.\-]{1,2}[0-9]{3,})*(?![0-9A-Za-z])(?![.,][0-9])")
# A mobile number a spreadsheet stored as a number, losing its 0 or its +: 7700900123, 447700900123.
_BARE_MOBILE = r"^(?:44)?7[0-9]{9}(?:\.0+)?$"
# NHS number: ten digits grouped by spaces or hyphens in any way ("943 476 5919", "NHS 9434765919"); the check
# digit decides.
_NHS_PLAIN = r"^[0-9]{10}$"
_NHS_LOOSE = r"(?:" + _START + r"|(?i:nhs))[0-9](?:[\s\-]?[0-9]){9}" + _END
_NHS_SPAN = r"(?<![0-9])[0-9](?:[\s\-]?[0-9]){9}(?![\s\-]?[0-9])"

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"[0-3]?[0-9](?:st|nd|rd|th)?"
# A full date: 12/03/1984, 12-3-84, 12.03.1984, 1984-03-12, 19840312, 12 March 1984, 12th of Mar 1984, March 12, 1984.
_FULL_DATE = (r"(?i:\b[0-3]?[0-9][/.\-][01]?[0-9][/.\-](?:[0-9]{4}|[0-9]{2})\b"
              r"|\b[12][0-9]{3}[/.\-][01]?[0-9][/.\-][0-3]?[0-9]\b"
              r"|\b(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])\b"
              rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+[0-9]{{2,4}}\b"
              rf"|\b{_MONTH}\s+{_DAY},?\s+[0-9]{{4}}\b)")


def nhs_checksum_ok(digits: pd.Series) -> pd.Series:
    """Modulus-11 check digit of ten-digit strings (vectorised); True where the string is a valid NHS number."""
    if digits.empty:
        return pd.Series(False, index=digits.index, dtype=bool)
    codes = np.frombuffer("".join(digits.astype(str)).encode("ascii"), dtype=np.uint8).reshape(-1, 10)
    matrix = codes.astype(np.int64) - ord("0")
    weighted = (matrix[:, :9] * np.arange(10, 1, -1)).sum(axis=1)
    check = 11 - weighted % 11
    check[check == 11] = 0
    return pd.Series((check != 10) & (check == matrix[:, 9]), index=digits.index)


def _having(texts: pd.Series, pattern: str, regex: bool = True) -> pd.Series:
    """The texts that contain `pattern`."""
    return texts[texts.str.contains(pattern, regex=regex)] if len(texts) else texts


def _nhs_numbers(texts: pd.Series) -> pd.Index:
    """Where `texts` hold ten digits, in any grouping, with a valid NHS check digit."""
    plain = _having(texts, _NHS_PLAIN)
    valid = [plain.index[nhs_checksum_ok(plain).to_numpy()]]
    spans = _having(texts.drop(plain.index), _NHS_LOOSE).str.findall(_NHS_SPAN).explode().dropna()
    if len(spans):
        ok = nhs_checksum_ok(spans.astype(str).str.replace(r"[^0-9]", "", regex=True))
        valid.append(spans.index[ok.to_numpy()].unique())
    return valid[0].append(valid[1:]) if len(valid) > 1 else valid[0]


def identifying_values(distinct: pd.Series) -> dict[str, pd.Series]:
    """For each kind of identifier found, a mask over `distinct` (text) of the values that look like it."""
    long = _having(distinct, _TEN_DIGITS)
    long = long[~long.str.contains(_DECIMAL)] if len(long) else long
    found = {
        EMAIL: _having(_having(distinct, "@", regex=False), _EMAIL).index,
        POSTCODE: _having(_having(distinct, _POSTCODE_HINT), _POSTCODE).index,
        PHONE: _having(_having(long, _PHONE_LOOSE), _PHONE_STRICT).index.append(_having(long, _BARE_MOBILE).index),
        NHS: _nhs_numbers(long),
    }
    return {kind: pd.Series(distinct.index.isin(index), index=distinct.index)
            for kind, index in found.items() if len(index)}


# ---- the check ----------------------------------------------------------------------------------------------------

def find_identifiers(file: str, frame: pd.DataFrame, rows: pd.Series, limit: int) -> list[Problem]:
    """Every identifying column name and the first `limit` identifying values per column and kind.

    The distinct values of all columns are checked together, in one pass of each pattern, so a wide table costs
    what a long one of the same size does (not a pattern scan per column); the rows holding a value found are those
    with one of the values found (looked up by hash only in a column where a value was found)."""
    distinct = [pd.Series(frame.iloc[:, index].unique(), dtype="str") for index in range(frame.shape[1])]
    owners = np.repeat(np.arange(len(distinct)), [len(values) for values in distinct])
    found = identifying_values(pd.concat(distinct, ignore_index=True)) if distinct else {}
    hits = {kind: (owners[bad.to_numpy()], bad.to_numpy()) for kind, bad in found.items() if bad.any()}
    starts = np.concatenate([[0], np.cumsum([len(values) for values in distinct])])
    problems: list[Problem] = []
    for index, column in enumerate(frame.columns):
        name = str(column)
        header_kind = header_value_kind(column)
        refused = header_kind is not None or is_identifying_header(column)
        if header_kind is not None:
            name = f"column {index + 1}"  # its header is the identifier: never repeat it
            problems.append(Problem(file, column=name, message=f"{name} looks like a direct identifier: its header "
                                                               f"looks like {header_kind}; remove it: the data must "
                                                               "be anonymised"))
        elif refused:
            problems.append(Problem(file, column=name, message=f"column '{name}' looks like a direct identifier; "
                                                               "remove it: the data must be anonymised"))
        shown = f"'{name}'" if header_kind is None else str(index + 1)  # "a value in column 7 ..."
        own = {kind: bad[starts[index]:starts[index + 1]] for kind, (columns, bad) in hits.items()
               if index in columns}
        if is_birth_header(column) and not refused:  # a dob column is refused whole already
            dates = distinct[index].str.contains(_FULL_DATE, regex=True).to_numpy()
            if dates.any():
                own[BIRTH_DATE] = dates
        values = frame.iloc[:, index].astype("str") if own else None
        for kind, bad in own.items():
            holding = values.isin(distinct[index][bad]).to_numpy(dtype=bool)
            problems += _value_problems(file, name, shown, rows[holding], kind, limit)
    return problems


def _value_problems(file: str, column: str, shown: str, rows: pd.Series, kind: str, limit: int) -> list[Problem]:
    message = f"a value in column {shown} looks like {kind}; the data must be anonymised"
    problems = [Problem(file, row=int(row), column=column, message=message) for row in rows.iloc[:limit]]
    if len(rows) > limit:
        problems.append(Problem(file, column=column, message=f"{len(rows) - limit} more values in column "
                                                             f"{shown} look like {kind}"))
    return problems
