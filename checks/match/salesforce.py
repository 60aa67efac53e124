"""Salesforce record IDs: the 15-character form and its 18-character form.

Salesforce shows a record ID in two forms. The 15-character one is case-sensitive
(`001D000000IRFma` and `001D000000IRFMA` are two records); the 18-character one adds
three characters that encode the case of the first 15, so that tools which ignore
case (spreadsheets, many billing tools) still tell records apart. A billing tool often
holds one form and a Salesforce export the other: the same record, no exact match.

The suffix is Salesforce's documented checksum: split the 15 characters into three
groups of five; in each group, character i (0–4) that is an uppercase letter sets bit
i; each 5-bit number picks a character of `A…Z0…5`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ALPHABET_BYTES = np.frombuffer(_ALPHABET.encode("ascii"), dtype=np.uint8)
_WEIGHTS = np.array([1, 2, 4, 8, 16] * 3, dtype=np.uint8)
ID15_PATTERN = r"[0-9A-Za-z]{15}"
ID18_PATTERN = r"[0-9A-Za-z]{15}[A-Z0-5]{3}"
_ID15 = re.compile(ID15_PATTERN)
_ID18 = re.compile(ID18_PATTERN)


def salesforce_id_18(id15: str) -> str:
    """The 18-character form of a 15-character Salesforce ID."""
    if not _ID15.fullmatch(id15):
        raise ValueError(f"not a 15-character Salesforce ID: {id15!r}")
    return id15 + salesforce_suffixes(pd.Series([id15], dtype="str")).iloc[0]


def is_salesforce_id(value: str) -> bool:
    """Whether `value` can be a Salesforce ID: 15 letters or digits, or 18 whose last
    three are the checksum of the first 15.

    Any 15-character code passes the first test: the form alone cannot tell a
    15-character Salesforce ID from another code of that length.
    """
    if _ID15.fullmatch(value):
        return True
    return bool(_ID18.fullmatch(value)) and salesforce_id_18(value[:15]) == value


def salesforce_suffixes(ids15: pd.Series) -> pd.Series:
    """The three checksum characters of each 15-character ID, for a whole column.

    Every value must match `ID15_PATTERN` (ASCII letters and digits), which is what
    lets the characters be read as one byte each.
    """
    if ids15.empty:
        return pd.Series([], index=ids15.index, dtype="str")
    codes = np.frombuffer("".join(ids15.tolist()).encode("ascii"), dtype=np.uint8)
    codes = codes.reshape(len(ids15), 15)
    upper = (codes >= ord("A")) & (codes <= ord("Z"))
    bits = (upper * _WEIGHTS).reshape(len(ids15), 3, 5).sum(axis=2)
    letters = _ALPHABET_BYTES[bits]
    suffixes = letters.copy().view("S3").ravel().astype(str)
    return pd.Series(suffixes, index=ids15.index, dtype="str")


def has_valid_suffix(ids18: pd.Series) -> pd.Series:
    """Whether each 18-character ID (matching `ID18_PATTERN`) ends with its checksum."""
    return salesforce_suffixes(ids18.str.slice(0, 15)).eq(ids18.str.slice(15))
