"""What can go wrong with a shared identifier's text, column at a time.

Upflow matches a billing customer and a Salesforce account when the identifier is
the same text on both sides. These helpers explain why two texts that a person reads
as the same value are not: spaces, case, leading zeros (a *near miss*), or a number
field or spreadsheet that rewrote `285` as `285.0` or `2.85E+02` (*numeric damage*).
Everything works on whole pandas columns of text.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.i18n import N_, _

#: Whitespace of every kind, including the non-breaking and zero-width spaces that
#: spreadsheets and web forms leave behind. Written out as characters rather than \s
#: so that pandas runs the regexes in pyarrow (RE2), many times faster than Python's
#: `re`, with the same meaning.
WHITESPACE = ("[ \t\n\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200d\u2028\u2029\u202f"
              "\u205f\u2060\u3000\ufeff]")
_LEADING_ZEROS = r"(^|[^0-9])0+([0-9])"
_DECIMAL_ZEROS = r"[0-9]+[.,]0+"
_SCIENTIFIC = r"[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+"
_NUMBER_PARTS = (r"^(?P<whole>[0-9]+)(?:[.,](?P<fraction>[0-9]+))?"
                 r"(?:[eE](?P<exponent>[+-]?[0-9]+))?$")
DIGITS = r"[0-9]+"
#: Rounding compares numbers of at most this many significant digits: what Excel keeps,
#: and what a float64 holds exactly.
_MAX_ROUNDED_DIGITS = 15


def without_spaces(values: pd.Series) -> pd.Series:
    return values.str.replace(WHITESPACE, "", regex=True)


def without_leading_zeros(values: pd.Series) -> pd.Series:
    """Drop the leading zeros of every run of digits: `000285` → `285`,
    `CUST-0042` → `CUST-42`, `000` → `0`."""
    return values.str.replace(_LEADING_ZEROS, r"\1\2", regex=True)


def near_key(values: pd.Series) -> pd.Series:
    """The text with spaces, case and leading zeros taken out: two values with the same
    key differ only in what Upflow's exact comparison cannot see past."""
    return without_leading_zeros(without_spaces(values).str.casefold())


def differences(left: pd.Series, right: pd.Series) -> pd.Series:
    """For pairs with the same `near_key`, what differs: "spaces", "case",
    "leading zeros", or several joined with ", ".

    A kind differs when leaving its normalisation out keeps the two apart.
    """
    left, right = left.reset_index(drop=True), right.reset_index(drop=True)
    kinds = {
        N_("spaces"): without_leading_zeros(left.str.casefold())
        .ne(without_leading_zeros(right.str.casefold())),
        N_("case"): without_leading_zeros(without_spaces(left))
        .ne(without_leading_zeros(without_spaces(right))),
        N_("leading zeros"): without_spaces(left).str.casefold()
        .ne(without_spaces(right).str.casefold()),
    }
    text = pd.Series("", index=left.index, dtype="str")
    for kind, differs in kinds.items():
        joined = text.where(text.eq(""), text + ", ") + _(kind)
        text = text.where(~differs, joined)
    return text.where(text.ne(""), _("formatting"))


def looks_damaged(values: pd.Series) -> pd.Series:
    """Whether each value looks like a number a number field or a spreadsheet wrote:
    `285.0`, `285,00`, `2.85E+02`, `2,85E+02`, `1.23457E+11`."""
    trimmed = without_spaces(values)
    return trimmed.str.fullmatch(_DECIMAL_ZEROS) | trimmed.str.fullmatch(_SCIENTIFIC)


def damaged_digits(values: pd.Series) -> pd.DataFrame:
    """What each damaged value (see `looks_damaged`) still tells of the original digits.

    Columns: `n` the number of digits of the original whole number, `known` the digits
    the damaged text still holds (the first `len(known)` of them, rounded when fewer
    than `n`), both missing when the value is not a whole number (`2.855E+02`).
    `285.0` → n 3, known `285`; `1.23457E+11` → n 12, known `123457`.
    """
    parts = _extract(without_spaces(values), _NUMBER_PARTS)
    whole, fraction = parts["whole"], parts["fraction"].fillna("")
    exponent = pd.to_numeric(parts["exponent"], errors="coerce")
    scientific = exponent.notna()
    mantissa = (whole + fraction.where(scientific, "")).str.lstrip("0")
    shift = (exponent.fillna(0) - fraction.str.len().where(scientific, 0)).astype("int64")
    # a negative shift (2.850E+02 is 2850 × 10⁻¹) is a whole number only when the
    # mantissa ends with enough zeros, which are then dropped
    trailing = mantissa.str.len() - mantissa.str.rstrip("0").str.len()
    whole_number = shift.ge(0) | trailing.ge(-shift)
    known = mantissa.copy()
    dropped = shift.lt(0) & whole_number
    known[dropped] = (mantissa[dropped].str.rstrip("0")
                      + _zeros(trailing[dropped] + shift[dropped]))
    known = known.where(known.ne(""), "0")
    digits = known.str.len() + shift.clip(lower=0)
    return pd.DataFrame({
        "n": digits.where(whole_number).astype("Int64"),
        "known": known.where(whole_number),
    }, index=values.index)


def _extract(values: pd.Series, pattern: str) -> pd.DataFrame:
    """The named groups of `pattern` as text columns ("" for a group that took no part,
    missing where the value does not match).

    pyarrow's RE2 directly: pandas' `str.extract` runs Python's `re` value by value.
    """
    parts = pc.extract_regex(pa.array(values.array), pattern)
    return pd.DataFrame({name: pd.array(parts.field(name), dtype="str")
                         for name in (field.name for field in parts.type)},
                        index=values.index)


def _zeros(counts: pd.Series) -> pd.Series:
    return pd.Series("0", index=counts.index, dtype="str").str.repeat(counts.tolist())


def rounded_key(digits: pd.Series, known: int) -> pd.Series:
    """`digits` (whole numbers without leading zeros) as a number shown with `known`
    significant digits would show them: "n:known digits", the key `damaged_key` gives
    the damaged value. Missing for numbers shorter than `known`, and when rounding would
    need more than `_MAX_ROUNDED_DIGITS` digits."""
    length = digits.str.len()
    exact = digits.where(length.eq(known))
    usable = length.gt(known) & (known <= _MAX_ROUNDED_DIGITS)
    head = pd.to_numeric(digits.str.slice(0, known).where(usable), errors="coerce")
    up = digits.str.slice(known, known + 1).ge("5").fillna(False)
    rounded = (head + up.astype("int64")).astype("Int64")
    carry = rounded.eq(10 ** known).fillna(False)
    rounded = rounded.where(~carry, 10 ** (known - 1))
    length = length + carry.astype("int64")
    lossy = length.astype("str") + ":" + rounded.astype("str")
    return (length.astype("str") + ":" + exact).where(exact.notna(), lossy.where(usable))


def damaged_key(frame: pd.DataFrame) -> pd.Series:
    """The key of a `damaged_digits` frame that `rounded_key` gives the originals."""
    return frame["n"].astype("str") + ":" + frame["known"]
