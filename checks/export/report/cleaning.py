"""Text Excel can hold, and the record of what the report had to change for it.

The report is a view of the data, so it may alter what Excel cannot hold, but it says
so: every change made here is counted in `Notes`, which the Summary turns into notes.

* characters XML 1.0 forbids (control characters other than tab, line feed and
  carriage return; U+FFFE, U+FFFF) would make the file unreadable, so they are shown
  as `REPLACEMENT` (�);
* a cell holds at most `limits.MAX_CELL_CHARS` characters: longer text is cut, with a
  visible marker giving the full length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from checks.export.report import limits
from checks.i18n import N_, _, number

#: Shown in place of a character Excel cannot hold (the Unicode replacement character).
REPLACEMENT = "\ufffd"

#: Characters XML 1.0 forbids: openpyxl raises IllegalCharacterError on the C0 ones,
#: and U+FFFE/U+FFFF would make Excel call the file corrupt. (Literal characters, so
#: the same pattern works with Python's re and with pyarrow's RE2.)
ILLEGAL = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"

_MARKER = N_("… [cut: {count} characters in all; Excel cells hold at most 32,767]")


@dataclass
class Notes:
    """What the report had to change to fit in Excel, for the Summary. Counts are kept
    apart for the user's data (Data sheet) and the rest (a finding repeats its value);
    `lines` are the notes of the sheets that had to leave rows or columns out."""

    replaced: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})
    truncated: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})
    lines: list[str] = field(default_factory=list)

    def count(self, replaced: int, truncated: int, data: bool) -> None:
        self.replaced[data] += replaced
        self.truncated[data] += truncated


def clean(values: pd.Series, notes: Notes, data: bool) -> pd.Series:
    """Text Excel can hold: None → "", forbidden characters → �, long text cut with a
    marker. Vectorised; a copy is made only when something changes. `data`: whether
    the values are the user's cells (counted apart in `notes`)."""
    text = values if values.dtype == "str" else pd.Series(values, dtype="str")
    if text.hasnans:
        text = text.fillna("")
    illegal = text.str.contains(ILLEGAL, regex=True, na=False)
    replaced = int(illegal.sum())
    if replaced:
        text = text.where(~illegal, text.str.replace(ILLEGAL, REPLACEMENT, regex=True))
    lengths = text.str.len()
    long = lengths > limits.MAX_CELL_CHARS
    truncated = int(long.sum())
    if truncated:
        text = text.copy()
        for label in text.index[long.to_numpy()]:
            text[label] = cut(text[label])
    notes.count(replaced, truncated, data)
    return text


def cut(text: str) -> str:
    """`text` shortened to one cell's limit, the marker included."""
    marker = _(_MARKER).format(count=number(len(text)))
    return text[: limits.MAX_CELL_CHARS - len(marker)] + marker


def clean_one(value: object) -> str:
    """`clean` for one value of the Summary (not counted in the notes)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return clean(pd.Series([str(value)], dtype="str"), Notes(), data=False).iloc[0]
