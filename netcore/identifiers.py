"""Refuse direct identifiers: the data must be anonymised before it reaches the dashboard.

Two checks, both vectorised over whole columns:
- column names that announce an identifier (name, surname, nhs_number, date_of_birth, postcode, address, phone,
  email, ...);
- values that look like an email address, a UK postcode, a UK phone number or an NHS number, in any column.
Messages name the file, row and column but never repeat the identifying value itself.
"""

from __future__ import annotations

import pandas as pd

from netcore.problems import Problem

# A header is identifying when one of its words is one of these ("first_name", "home_address", "nhs_no", ...).
IDENTIFYING_WORDS = frozenset({
    "name", "names", "surname", "forename", "firstname", "lastname", "fullname", "nhs", "dob", "birth",
    "birthday", "birthdate", "postcode", "postcodes", "zipcode", "address", "street", "phone", "telephone",
    "mobile", "email", "emails",
})
IDENTIFYING_HEADERS = frozenset({"e_mail", "date_of_birth", "post_code", "zip_code", "tel"})

_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# Full UK postcode, e.g. "SW1A 1AA", "m1 1ae", "PL48AA".
_POSTCODE = r"(?i:\b[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][ABD-HJLNP-UW-Z]{2}\b)"
# UK phone: +44 or 0, then 9-10 more digits, optionally grouped by spaces or hyphens.
_PHONE = r"(?:\+44\s?(?:\(0\)\s?)?|\b0)[1-9](?:[\s-]?[0-9]){8,9}\b"
# NHS number written in its usual 3-3-4 groups.
_NHS_GROUPED = r"\b[0-9]{3}[\s-][0-9]{3}[\s-][0-9]{4}\b"
_TEN_DIGITS = r"[0-9]{10}"

VALUE_PATTERNS: dict[str, str] = {
    "an email address": _EMAIL,
    "a UK postcode": _POSTCODE,
    "a phone number": _PHONE,
    "an NHS number": _NHS_GROUPED,
}


def is_identifying_header(header: str) -> bool:
    """Whether a normalised column name announces a direct identifier."""
    return header in IDENTIFYING_HEADERS or any(word in IDENTIFYING_WORDS for word in header.split("_"))


def nhs_checksum_ok(digits: pd.Series) -> pd.Series:
    """Modulus-11 check digit of ten-digit strings (vectorised); True where the string is a valid NHS number."""
    if digits.empty:
        return pd.Series(False, index=digits.index, dtype=bool)
    matrix = digits.str.split("", expand=True).iloc[:, 1:11].astype(int).to_numpy()
    weighted = (matrix[:, :9] * list(range(10, 1, -1))).sum(axis=1)
    check = 11 - weighted % 11
    check[check == 11] = 0
    return pd.Series((check != 10) & (check == matrix[:, 9]), index=digits.index)


def find_identifiers(file: str, frame: pd.DataFrame, rows: pd.Series, limit: int) -> list[Problem]:
    """Every identifying column name and the first `limit` identifying values per column and kind."""
    problems = [
        Problem(file, column=column,
                message=f"column '{column}' looks like a direct identifier; remove it: the data must be anonymised")
        for column in frame.columns
        if is_identifying_header(column)
    ]
    for column in frame.columns:
        values = frame[column]
        distinct = pd.Series(values.unique(), dtype=str)  # far fewer than rows in most columns
        for kind, pattern in VALUE_PATTERNS.items():
            bad = distinct.str.contains(pattern, regex=True)
            if kind == "an NHS number":
                bad = bad | nhs_checksum_ok(distinct[distinct.str.fullmatch(_TEN_DIGITS)]).reindex(
                    distinct.index, fill_value=False)
            if bad.any():
                problems += _value_problems(file, column, rows[values.isin(distinct[bad])], kind, limit)
    return problems


def _value_problems(file: str, column: str, rows: pd.Series, kind: str, limit: int) -> list[Problem]:
    message = f"a value in column '{column}' looks like {kind}; the data must be anonymised"
    problems = [Problem(file, row=int(row), column=column, message=message) for row in rows.iloc[:limit]]
    if len(rows) > limit:
        problems.append(Problem(file, column=column, message=f"{len(rows) - limit} more values in column "
                                                             f"'{column}' look like {kind}"))
    return problems
