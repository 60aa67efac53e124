"""`date_format`: Date custom fields take only `YYYY-MM-DD`, and a real calendar day.

Upflow's formatting guide says "YYYY-MM-DD format only", so a value is valid only
when it has exactly that shape *and* names a day that exists (2025-02-30 does not;
2024-02-29 does). Values are checked as text: pandas' date inference would happily
read "03/04/2025" one way or the other, which is precisely the guess this rule must
never make.

A fix (always `YYYY-MM-DD`) is proposed only when the day is certain:

* the value's own format is unambiguous: year first ("2025/12/31", "2025.12.31",
  "2025-1-5", "2025-12-31 00:00:00": a zero time only, since a real time may hide a
  time-zone shift); day or month above 12 ("31/12/2025" is day first, "12/31/2025"
  month first); both parts equal ("03/03/2025"); an English month name
  ("31 Dec 2025", "December 31, 2025");
* an Excel serial number: see `SERIAL_MIN`/`SERIAL_MAX`. In a Date field a bare
  five-digit integer can only be a spreadsheet's day count from 1899-12-30;
* an ambiguous "03/04/2025" only when the user chose the order (`CheckOptions`), or
  when other values of the same column prove it: some value can only be read day
  first and none only month first (or the reverse). When the column holds both
  kinds it contradicts itself, and ambiguous values get no fix.

Never fixed: two-digit years (the century would be a guess), impossible days
("31/02/2025"), times other than midnight, four-digit integers, anything else. The
detail then says why when it can, so the user knows what to change.

Everything runs once per distinct value (`per_unique`) with vectorised string and
numpy operations; a column of dates repeats a lot, so this stays fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.cells.base import (
    CellCheck,
    CheckOptions,
    ColumnContext,
    DateOrder,
    blank,
    on_failing,
)
from checks.check.implements import Implements
from checks.check.memo import remember
from checks.i18n import N_, _, language
from checks.text.patterns import fullmatch
from checks.text.templates import fill_arrow
from checks.text.vectorised import as_text, clean_spaces, per_unique, take_rows

RULE = "date_format"
#: The rule this module implements, and its rank among value rules.
IMPLEMENTS = (Implements(RULE, priority=130),)

ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

#: Excel serials accepted as dates: exactly five digits, 1927-05-18 … 2173-10-13.
#: Four-digit integers are left alone because they read as years ("2025" is serial
#: 1905-07-17), six or more digits as identifiers or YYYYMM(DD) codes; small
#: serials also cross Excel's fictitious 1900-02-29. Five digits covers every date a
#: customer field plausibly holds.
SERIAL_MIN, SERIAL_MAX = 10_000, 99_999
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")

AMBIGUOUS_DETAIL = N_(" (day and month order is ambiguous: choose day-first or month-first)")
TWO_DIGIT_YEAR_DETAIL = N_(" (write the year with four digits)")
NO_SUCH_DAY_DETAIL = N_(" (there is no such day in the calendar)")
TIME_DETAIL = N_(" (write the day only, without a time)")

_ZERO_TIME = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?"
_YEAR_FIRST = (r"^(?P<y>[0-9]{4})(?P<s1>[-/.])(?P<m>[0-9]{1,2})(?P<s2>[-/.])"
               rf"(?P<d>[0-9]{{1,2}}){_ZERO_TIME}$")
_YEAR_LAST = (r"^(?P<a>[0-9]{1,2})(?P<s1>[-/.])(?P<b>[0-9]{1,2})(?P<s2>[-/.])"
              rf"(?P<y>[0-9]{{4}}){_ZERO_TIME}$")
_SHORT_YEAR = r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2}"
_WITH_TIME = r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}[ T][0-9]{1,2}:[0-9]{2}.*"
_SERIAL = r"^(?P<n>[1-9][0-9]{4})(?:\.0+)?$"
_DAY_MONTH_NAME = r"^(?P<d>[0-9]{1,2})[ -](?P<mon>[A-Za-z]{3,9})\.?[ -](?P<y>[0-9]{4})$"
_MONTH_NAME_DAY = r"^(?P<mon>[A-Za-z]{3,9})\.? (?P<d>[0-9]{1,2}),? (?P<y>[0-9]{4})$"

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july",
                "august", "september", "october", "november", "december")
_MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_MONTH_KEYS = pa.array(list(_MONTHS), pa.large_string())
#: Month number of each of `_MONTH_KEYS`, then 0 for "not a month name" (index -1).
_MONTH_NUMBERS = np.array([*_MONTHS.values(), 0])
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def date_checks(options: CheckOptions | None = None) -> list[CellCheck]:
    """The value rules of a Date custom field column; `options.date_order` decides
    ambiguous days such as 03/04/2025, else the order other dates of the column prove
    (`_order_context`)."""
    order = (options or CheckOptions()).date_order

    def propose(values: pd.Series) -> pd.Series:
        return date_fix(values, order)

    def explain(values: pd.Series) -> pd.Series:
        return date_detail(values, order)

    return [CellCheck(RULE, passes=date_passes, propose=propose, explain=explain,
                      context=_order_context(order))]


def _order_context(order: DateOrder) -> ColumnContext:
    """The order a column's failing dates prove, kept as counts of the failing cells
    that can only be read day first and only month first (see `ColumnContext`)."""

    def tally(values: pd.Series) -> Counter[Hashable]:
        text = as_text(values)
        failing = ~date_passes(text).to_numpy(dtype=bool)
        counts: Counter[Hashable] = Counter({DateOrder.DAY_FIRST: 0, DateOrder.MONTH_FIRST: 0})
        if failing.any():
            proofs = per_unique(take_rows(text, failing), _proofs).to_numpy(dtype=np.int8)
            counts[DateOrder.DAY_FIRST] = int((proofs == 1).sum())
            counts[DateOrder.MONTH_FIRST] = int((proofs == 2).sum())
        return counts

    def decide(counts: Counter[Hashable]) -> Hashable:
        return _column_order(order, counts[DateOrder.DAY_FIRST] > 0,
                             counts[DateOrder.MONTH_FIRST] > 0)

    def bound(decided: Hashable) -> CellCheck:
        chosen = DateOrder(str(decided))

        def propose(values: pd.Series) -> pd.Series:
            return date_fix(values, chosen, prove=False)

        def explain(values: pd.Series) -> pd.Series:
            return date_detail(values, chosen, prove=False)

        return CellCheck(RULE, passes=date_passes, propose=propose, explain=explain)

    return ColumnContext(tally=tally, decide=decide, bound=bound, verdicts_own=True)


def date_passes(values: pd.Series) -> pd.Series:
    """True where the cell is empty or a real day written YYYY-MM-DD."""
    return per_unique(as_text(values), _iso_ok)


def date_fix(values: pd.Series, order: DateOrder = DateOrder.UNKNOWN, *,
             prove: bool = True) -> pd.Series:
    """The YYYY-MM-DD day each failing cell certainly means, else None (object).
    `prove`: whether the failing cells given may prove the order (they are the whole
    column's), or `order` is already what the column proves."""
    return on_failing(as_text(values), date_passes,
                      lambda uniques: _reading(uniques, order, prove)["fix"], None)


def date_detail(values: pd.Series, order: DateOrder = DateOrder.UNKNOWN, *,
                prove: bool = True) -> pd.Series:
    """The `{detail}` of each cell: the fix, or why there is none, or "" (`prove` as
    for `date_fix`)."""
    return on_failing(as_text(values), date_passes,
                      lambda uniques: _reading(uniques, order, prove)["detail"], "")


def real_day(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Whether (year, month, day) exists in the proleptic Gregorian calendar
    (years 1-9999), element-wise."""
    month_ok = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (leap & (month == 2))
    return (year >= 1) & (year <= 9999) & month_ok & (day >= 1) & (day <= last)




def _iso_ok(uniques: pd.Series) -> pd.Series:
    """Blank, or YYYY-MM-DD naming a real day. The shape is a regex; the calendar is
    pandas' C date parser (fast on a million distinct dates), minus year 0000 which
    it accepts but no calendar tool does."""
    shaped = fullmatch(uniques, ISO_DATE)
    ok = np.zeros(len(uniques), dtype=bool)
    if shaped.any():
        iso = uniques[shaped]
        parsed = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
        ok[shaped] = (parsed.notna() & ~iso.str.startswith("0000")).to_numpy(dtype=bool)
    return pd.Series(ok | blank(uniques).to_numpy(dtype=bool))


def _extract(text: pd.Series, pattern: str) -> dict[str, pa.Array]:
    """The named groups of `pattern` as Arrow arrays (null where it does not match).

    Arrow's RE2 `extract_regex` is several times faster than `Series.str.extract`,
    which matters when a whole column is written in another format."""
    found = pc.extract_regex(pa.array(text, type=pa.large_string()), pattern)
    return {name: pc.struct_field(found, name) for name in found.type.names}


def _ints(parts: pa.Array) -> np.ndarray:
    """Digit groups as int64, 0 where absent (0 is never a valid part)."""
    return pc.cast(pc.fill_null(parts, "0"), pa.int64()).to_numpy(zero_copy_only=False)


def _flags(mask: pa.Array) -> np.ndarray:
    """An Arrow boolean array as numpy, null → False."""
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)


def _iso(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD text of valid parts, by numpy's calendar arithmetic."""
    months = (year - 1970).astype("datetime64[Y]").astype("datetime64[M]")
    days = (months + (month - 1).astype("timedelta64[M]")).astype("datetime64[D]")
    return np.datetime_as_string(days + (day - 1).astype("timedelta64[D]"), unit="D")


def _did_you_mean(fixes: np.ndarray) -> np.ndarray:
    """" (did you mean 'X'?)" for each fix, joined by Arrow rather than a loop."""
    joined = fill_arrow(_(" (did you mean '{fix}'?)"), fix=pa.array(fixes, pa.string()))
    return joined.to_numpy(zero_copy_only=False)


def _column_order(order: DateOrder, day_first: bool, month_first: bool) -> DateOrder:
    """The order to read ambiguous values with: the user's choice, else what the
    column's other values prove (some can be read only day first, `day_first`, or
    only month first) when they do not contradict each other."""
    if order is not DateOrder.UNKNOWN:
        return order
    if day_first and not month_first:
        return DateOrder.DAY_FIRST
    if month_first and not day_first:
        return DateOrder.MONTH_FIRST
    return DateOrder.UNKNOWN


def _year_last(text: pd.Series) -> tuple[np.ndarray, ...]:
    """Per value, for day-month-year or month-day-year text: whether it has that shape,
    its first, second and year parts, and whether it reads as a real day day first,
    and month first."""
    parts = _extract(text, _YEAR_LAST)
    hit = _flags(pc.equal(parts["s1"], parts["s2"]))
    first, second, year = _ints(parts["a"]), _ints(parts["b"]), _ints(parts["y"])
    return (hit, first, second, year, hit & real_day(year, second, first),
            hit & real_day(year, first, second))


def _proofs(uniques: pd.Series) -> pd.Series:
    """Per distinct failing value: 1 when it can be read only day first, 2 only month
    first, else 0: what proves a column's order."""
    _hit, _first, _second, _year, day, month = _year_last(
        clean_spaces(uniques).reset_index(drop=True))
    proof = np.where(day & ~month, 1, np.where(month & ~day, 2, 0)).astype(np.int8)
    return pd.Series(proof, index=uniques.index)


def _reading(uniques: pd.Series, order: DateOrder, prove: bool) -> pd.DataFrame:
    """`_read`, once for a rule's fix and its message of the same failing values (in
    the language of the check: the message is worded in it)."""
    return remember(("date_read", order, prove, language()), uniques,
                    lambda: _read(uniques, order, prove))


def _read(uniques: pd.Series, order: DateOrder, prove: bool = True) -> pd.DataFrame:
    """Fix (object: str or None) and detail (str) of distinct failing values; with
    `prove`, these values are all the column's failing ones and may prove the order."""
    text = clean_spaces(uniques).reset_index(drop=True)
    size = len(text)
    fix = np.full(size, None, dtype=object)
    dated = np.zeros(size, dtype=bool)  # looks like a day, whether it exists or not

    def settle(hit: np.ndarray, year: np.ndarray, month: np.ndarray, day: np.ndarray) -> None:
        nonlocal dated
        good = hit & real_day(year, month, day)
        if good.any():
            fix[good] = _iso(year[good], month[good], day[good])
        dated = dated | hit

    # Year first: always year-month-day.
    parts = _extract(text, _YEAR_FIRST)
    hit = _flags(pc.equal(parts["s1"], parts["s2"]))
    settle(hit, _ints(parts["y"]), _ints(parts["m"]), _ints(parts["d"]))

    # Year last: day-month or month-day.
    hit, first, second, year, as_day_first, as_month_first = _year_last(text)
    both = as_day_first & as_month_first
    same = both & (first == second)
    chosen = (_column_order(order, bool((as_day_first & ~as_month_first).any()),
                            bool((as_month_first & ~as_day_first).any()))
              if prove else order)
    day_first = (as_day_first & ~as_month_first) | same
    month_first = as_month_first & ~as_day_first
    if chosen is DateOrder.DAY_FIRST:
        day_first = day_first | both
    elif chosen is DateOrder.MONTH_FIRST:
        month_first = month_first | (both & ~same)
    ambiguous = both & ~day_first & ~month_first
    settle(day_first, year, second, first)
    settle(month_first, year, first, second)
    dated = dated | hit

    # Excel serial number.
    serial = _ints(_extract(text, _SERIAL)["n"])
    hit = (serial >= SERIAL_MIN) & (serial <= SERIAL_MAX)
    if hit.any():
        days = EXCEL_EPOCH + serial[hit].astype("timedelta64[D]")
        fix[hit] = np.datetime_as_string(days, unit="D")

    # English month names.
    for pattern in (_DAY_MONTH_NAME, _MONTH_NAME_DAY):
        parts = _extract(text, pattern)
        found = pc.index_in(pc.utf8_lower(parts["mon"]), value_set=_MONTH_KEYS)
        month = _MONTH_NUMBERS[pc.fill_null(found, -1).to_numpy(zero_copy_only=False)]
        settle(month > 0, _ints(parts["y"]), month, _ints(parts["d"]))

    has_fix = pd.notna(fix)
    detail = np.full(size, "", dtype=object)
    detail[fullmatch(text, _WITH_TIME)] = _(TIME_DETAIL)
    detail[dated & ~has_fix] = _(NO_SUCH_DAY_DETAIL)
    detail[fullmatch(text, _SHORT_YEAR)] = _(TWO_DIGIT_YEAR_DETAIL)
    detail[ambiguous] = _(AMBIGUOUS_DETAIL)
    if has_fix.any():
        detail[has_fix] = _did_you_mean(fix[has_fix])
    return pd.DataFrame({"fix": pd.Series(fix, dtype=object),
                         "detail": pd.Series(detail, dtype="str")})
