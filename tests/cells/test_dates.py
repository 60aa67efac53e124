"""date_format: YYYY-MM-DD and a real day; fixes only when the day is certain."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.check.cells.base import CellCheck, CheckOptions, DateOrder
from checks.check.cells.dates import (
    AMBIGUOUS_DETAIL,
    NO_SUCH_DAY_DETAIL,
    RULE,
    SERIAL_MAX,
    SERIAL_MIN,
    TIME_DETAIL,
    TWO_DIGIT_YEAR_DETAIL,
    date_checks,
)

INDEX = [7, 3, 42]  # spreadsheet rows: not a default RangeIndex, not sorted
UNKNOWN, DAY_FIRST, MONTH_FIRST = DateOrder.UNKNOWN, DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST


def check_for(order: DateOrder = UNKNOWN) -> CellCheck:
    (check,) = date_checks(CheckOptions(date_order=order))
    return check


def run(values: list[str], order: DateOrder = UNKNOWN,
        index: list[int] | None = None) -> pd.DataFrame:
    """passes / fix / detail on `values`, asserting types and alignment."""
    check = check_for(order)
    column = pd.Series(values, index=index, dtype="str")
    passes, fix, detail = check.passes(column), check.propose(column), check.explain(column)
    assert passes.dtype == bool
    assert fix.dtype == object
    assert detail.dtype == "str"
    for result in (passes, fix, detail):
        assert result.index.equals(column.index)
    return pd.DataFrame({"passes": passes, "fix": fix, "detail": detail})


def one(value: str, order: DateOrder = UNKNOWN) -> tuple[bool, str | None, str]:
    row = run([value], order).iloc[0]
    return bool(row["passes"]), row["fix"], row["detail"]


def test_the_check() -> None:
    (check,) = date_checks()  # no options: the order is unknown
    assert check.rule == RULE == "date_format"
    assert one("03/04/2025")[1] is None


@pytest.mark.parametrize("value", [
    "2025-12-31", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "1970-01-01",
    "", "  ", "\u00a0",
])
def test_valid(value: str) -> None:
    assert one(value) == (True, None, "")


@pytest.mark.parametrize("value", [
    "2025-02-29", "1900-02-29", "2025-02-30", "2025-04-31", "2025-13-01", "2025-00-10",
    "2025-01-00", "0000-01-01",
])
def test_iso_shaped_but_no_such_day(value: str) -> None:
    assert one(value) == (False, None, NO_SUCH_DAY_DETAIL)


@pytest.mark.parametrize(("value", "fix"), [
    ("2025/12/31", "2025-12-31"),
    ("2025.12.31", "2025-12-31"),
    ("2025-1-5", "2025-01-05"),
    ("2025-12-31 00:00:00", "2025-12-31"),
    ("2025-12-31 00:00", "2025-12-31"),
    ("2025-12-31T00:00:00.000", "2025-12-31"),
    (" 2025-12-31 ", "2025-12-31"),
    ("2025-12-31\u00a0", "2025-12-31"),
    ("31/12/2025", "2025-12-31"),
    ("31.12.2025", "2025-12-31"),
    ("31-12-2025", "2025-12-31"),
    ("13/1/2025", "2025-01-13"),
    ("31/12/2025 00:00:00", "2025-12-31"),
    ("12/31/2025", "2025-12-31"),
    ("2/29/2024", "2024-02-29"),
    ("03/03/2025", "2025-03-03"),  # both readings are the same day
    ("45000", "2023-03-15"),  # Excel serial number
    ("45000.0", "2023-03-15"),
    (str(SERIAL_MIN), "1927-05-18"),
    (str(SERIAL_MAX), "2173-10-13"),
    ("31 Dec 2025", "2025-12-31"),
    ("31-Dec-2025", "2025-12-31"),
    ("1 january 2025", "2025-01-01"),
    ("December 31, 2025", "2025-12-31"),
    ("Sept 3 2025", "2025-09-03"),
    ("Feb. 29, 2024", "2024-02-29"),
])
def test_fixed_whatever_the_order(value: str, fix: str) -> None:
    for order in DateOrder:
        assert one(value, order) == (False, fix, f" (did you mean '{fix}'?)")


@pytest.mark.parametrize(("value", "order", "fix"), [
    ("03/04/2025", DAY_FIRST, "2025-04-03"),
    ("03/04/2025", MONTH_FIRST, "2025-03-04"),
    ("3.4.2025", DAY_FIRST, "2025-04-03"),
    ("12/1/2025", MONTH_FIRST, "2025-12-01"),
    # The value's own format wins over the chosen order: there is one reading only.
    ("31/12/2025", MONTH_FIRST, "2025-12-31"),
    ("12/31/2025", DAY_FIRST, "2025-12-31"),
])
def test_ambiguous_fixed_by_the_chosen_order(value: str, order: DateOrder, fix: str) -> None:
    assert one(value, order) == (False, fix, f" (did you mean '{fix}'?)")


def test_ambiguous_without_an_order() -> None:
    assert one("03/04/2025") == (False, None, AMBIGUOUS_DETAIL)


def test_other_values_prove_day_first() -> None:
    out = run(["03/04/2025", "25/12/2025", "2025-01-01", "03/04/2025"], index=[2, 3, 4, 5])
    assert out["fix"].to_dict() == {2: "2025-04-03", 3: "2025-12-25", 4: None,
                                     5: "2025-04-03"}


def test_other_values_prove_month_first() -> None:
    out = run(["03/04/2025", "12/25/2025"])
    assert out["fix"].tolist() == ["2025-03-04", "2025-12-25"]


def test_contradicting_values_prove_nothing() -> None:
    out = run(["03/04/2025", "25/12/2025", "12/25/2025"])
    assert out["fix"].tolist() == [None, "2025-12-25", "2025-12-25"]
    assert out["detail"].iloc[0] == AMBIGUOUS_DETAIL


def test_the_chosen_order_beats_the_column() -> None:
    out = run(["03/04/2025", "25/12/2025"], MONTH_FIRST)
    assert out["fix"].tolist() == ["2025-03-04", "2025-12-25"]


def test_impossible_days_do_not_prove_an_order() -> None:
    # 31/02 cannot be read either way: it says nothing about the column's order.
    out = run(["03/04/2025", "31/02/2025"])
    assert out["fix"].tolist() == [None, None]
    assert out["detail"].tolist() == [AMBIGUOUS_DETAIL, NO_SUCH_DAY_DETAIL]


@pytest.mark.parametrize(("value", "detail"), [
    ("31/02/2025", NO_SUCH_DAY_DETAIL),
    ("02/31/2025", NO_SUCH_DAY_DETAIL),
    ("31/13/2025", NO_SUCH_DAY_DETAIL),
    ("00/05/2025", NO_SUCH_DAY_DETAIL),
    ("29/02/2025", NO_SUCH_DAY_DETAIL),
    ("30 Feb 2025", NO_SUCH_DAY_DETAIL),
    ("31/12/25", TWO_DIGIT_YEAR_DETAIL),
    ("12/31/25", TWO_DIGIT_YEAR_DETAIL),
    ("3.4.25", TWO_DIGIT_YEAR_DETAIL),
    ("25-12-31", TWO_DIGIT_YEAR_DETAIL),
    ("2025-12-31 14:30", TIME_DETAIL),
    ("31/12/2025 08:00:00", TIME_DETAIL),
    ("2025-12-31T00:00:00Z", TIME_DETAIL),
    ("2025", ""),  # a year, not Excel's 1905-07-17
    ("9999", ""),
    (str(SERIAL_MIN - 1), ""),
    (str(SERIAL_MAX + 1), ""),
    ("20251231", ""),
    ("45000.5", ""),
    ("-45000", ""),
    ("2025/12-31", ""),  # two different separators
    ("31/12-2025", ""),
    ("2025-12", ""),
    ("Q4 2025", ""),
    ("31 Foo 2025", ""),
    ("31 décembre 2025", ""),
    ("hello", ""),
    ("1/2/3/2025", ""),
])
def test_invalid_without_fix(value: str, detail: str) -> None:
    for order in DateOrder:
        assert one(value, order) == (False, None, detail)


def test_alignment_non_default_index() -> None:
    out = run(["31/12/2025", "", "2025-12-31"], index=INDEX)
    assert out["passes"].tolist() == [False, True, True]
    assert out["fix"].tolist() == ["2025-12-31", None, None]
    assert out["detail"].tolist() == [" (did you mean '2025-12-31'?)", "", ""]


def test_alignment_with_repeated_values() -> None:
    values = ["31/12/2025", "x", "31/12/2025", "2025-12-31", "x", "03/04/2025"]
    out = run(values, index=[9, 8, 7, 1, 2, 3])
    assert out["fix"].to_dict() == {9: "2025-12-31", 8: None, 7: "2025-12-31", 1: None,
                                     2: None, 3: "2025-04-03"}


def test_empty_column() -> None:
    assert run([]).empty


# ── properties ─────────────────────────────────────────────────────────────────

DATES = st.dates(min_value=dt.date(1000, 1, 1))
SEPARATORS = st.sampled_from("/.-")
EPOCH = dt.date(1899, 12, 30)


def render(day: dt.date, style: str, separator: str, padded: bool) -> str:
    """`day` written year-last day first ("dmy"), month first ("mdy") or year first."""
    d, m = (f"{day.day:02}", f"{day.month:02}") if padded else (str(day.day), str(day.month))
    parts = {"dmy": (d, m, f"{day.year}"), "mdy": (m, d, f"{day.year}"),
             "ymd": (f"{day.year}", m, d)}[style]
    return separator.join(parts)


def reading(day: dt.date, style: str, order: DateOrder) -> dt.date | None:
    """The day a careful reader gets from `render(day, style, ...)`, None when the
    order is needed and unknown."""
    if style == "ymd" or day.day > 12 or day.day == day.month:
        return day
    if order is UNKNOWN:
        return None
    written_first, written_second = (day.day, day.month) if style == "dmy" else (
        day.month, day.day)
    if order is DAY_FIRST:
        return dt.date(day.year, written_second, written_first)
    return dt.date(day.year, written_first, written_second)


@given(DATES)
def test_any_iso_date_passes(day: dt.date) -> None:
    assert run([day.isoformat()])["passes"].all()


@given(DATES, st.sampled_from(["dmy", "mdy", "ymd"]), SEPARATORS, st.booleans(),
       st.sampled_from(list(DateOrder)))
def test_a_fix_is_the_day_under_the_applied_order(day: dt.date, style: str, separator: str,
                                                  padded: bool, order: DateOrder) -> None:
    value = render(day, style, separator, padded)
    passes, fix, detail = one(value, order)
    if passes:
        assert value == day.isoformat()
        return
    expected = reading(day, style, order)
    assert fix == (expected.isoformat() if expected else None)
    if expected is None:
        assert detail == AMBIGUOUS_DETAIL


@given(st.lists(DATES, min_size=1, max_size=8), st.sampled_from(["dmy", "mdy"]),
       SEPARATORS)
def test_a_column_in_one_order_is_read_in_that_order(days: list[dt.date], style: str,
                                                     separator: str) -> None:
    out = run([render(day, style, separator, True) for day in days])
    proven = any(day.day > 12 for day in days)
    for day, fix in zip(days, out["fix"], strict=True):
        assert fix in (day.isoformat(), None)
        assert fix is not None or (not proven and day.day != day.month)


@given(st.integers(SERIAL_MIN, SERIAL_MAX), st.sampled_from(["", ".0", ".00"]))
def test_excel_serials(serial: int, zeros: str) -> None:
    fix = one(f"{serial}{zeros}")[1]
    assert fix == (EPOCH + dt.timedelta(days=serial)).isoformat()


DATEISH = st.from_regex(r"\A ?[0-9]{1,4}[-/. ][0-9A-Za-z]{1,4}[-/. ,]{1,2}[0-9]{1,4}"
                        r"( 00:00(:00)?)?\Z")


@given(st.lists(st.one_of(DATEISH, st.text(max_size=20)), max_size=10),
       st.sampled_from(list(DateOrder)))
def test_every_fix_passes_and_ambiguity_has_no_fix(values: list[str],
                                                   order: DateOrder) -> None:
    out = run(values, order)
    fixes = [fix for fix in out["fix"] if fix is not None]
    assert run(fixes)["passes"].all()
    assert not out["passes"][out["fix"].notna()].any()
    ambiguous = out["detail"].eq(AMBIGUOUS_DETAIL)
    assert out["fix"][ambiguous].isna().all()
    if order is not UNKNOWN:
        assert not ambiguous.any()
