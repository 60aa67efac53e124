"""A workbook cell's value as the text Upflow needs, whatever the workbook format: one
conversion for XLSX, XLS and ODS, so that the same sheet saved in each reads the same
(an ID 123456789012 is `123456789012`, never `1.23457E+11` or `123456789012.0`; a
date is `YYYY-MM-DD`; a boolean is `true` or `false`, Upflow's form, where a French
Excel shows VRAI or FAUX)."""

from __future__ import annotations

import datetime as dt


def cell_text(value: object) -> str:
    """The cell's value as text: what a person sees in General format, but a real
    boolean in Upflow's form (`true`/`false`), since the corrected file must hold that
    whatever language the spreadsheet displays it in."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.timedelta):
        return _duration_text(value)
    return str(value)


def _number_text(value: float) -> str:
    """No ".0" on whole numbers; 15 significant digits otherwise, as Excel stores
    and shows them (0.1 + 0.2 is 0.3, not 0.30000000000000004)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def _datetime_text(value: dt.datetime) -> str:
    """A date alone when the time is midnight; seconds rounded (Excel stores times as
    fractions of a day, which come back a microsecond off)."""
    try:
        rounded = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    except OverflowError:  # the last second of year 9999
        rounded = value.replace(microsecond=0)
    if rounded.time() == dt.time(0):
        return rounded.date().isoformat()
    return rounded.strftime("%Y-%m-%d %H:%M:%S")


def _duration_text(value: dt.timedelta) -> str:
    """A duration as Excel's [h]:mm:ss."""
    seconds = round(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
