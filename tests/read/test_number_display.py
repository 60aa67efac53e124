"""How a workbook's number display is read: zero padding applied, a rounded or percent
display noted, everything else the stored number (`checks.read.number_display`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.read.number_display import (
    PERCENT,
    ROUNDED,
    NumberDisplay,
    display_of,
    ods_display,
    read_number,
)


@pytest.mark.parametrize(("code", "display"), [
    (None, None),
    ("General", None),
    ("@", None),
    ("DD/MM/YYYY", None),
    ("[$-40C]d mmmm yyyy", None),
    ("h:mm:ss", None),
    ("000000", NumberDisplay(pad=6)),
    ("00000", NumberDisplay(pad=5)),
    ("0", NumberDisplay(decimals=0)),
    ("0.00", NumberDisplay(decimals=2)),
    ("#,##0.00 €", NumberDisplay(decimals=2)),
    ('#,##0.00\\ "€";[Red]\\-#,##0.00\\ "€"', NumberDisplay(decimals=2)),
    ("_-* #,##0.00_-;-* #,##0.00_-", NumberDisplay(decimals=2)),
    ("0%", NumberDisplay(decimals=0, percent=True)),
    ("0.0%", NumberDisplay(decimals=1, percent=True)),
    ("0.00E+00", NumberDisplay(decimals=2, scientific=True)),
    ('"Client "0', NumberDisplay(decimals=0)),
    ('"Total"', None),
])
def test_format_codes(code: str | None, display: NumberDisplay | None) -> None:
    assert display_of(code) == display


@pytest.mark.parametrize(("value", "code", "text", "kind", "shown"), [
    (201, "000000", "000201", None, ""),
    (-201, "000000", "-000201", None, ""),
    (123456789012, "000000", "123456789012", None, ""),
    (201.4, "000000", "201.4", ROUNDED, "000201"),
    (12.3456, "0.00", "12.3456", ROUNDED, "12.35"),
    (12.5, "0.00", "12.5", None, ""),
    (1234.5, "#,##0.00 €", "1234.5", None, ""),
    (30000, "0", "30000", None, ""),
    (0.15, "0%", "0.15", PERCENT, "15%"),
    (0.125, "0.0%", "0.125", PERCENT, "12.5%"),
    (123456789012, "0.00E+00", "123456789012", ROUNDED, "1.23E+11"),
    (1000, "0.00E+00", "1000", None, ""),
    (12.3456, "General", "12.3456", None, ""),
])
def test_read_number(value: float, code: str, text: str, kind: str | None, shown: str) -> None:
    reading = read_number(value, display_of(code))
    assert (reading.text, reading.kind, reading.shown) == (text, kind, shown)


@given(st.integers(min_value=-10**14, max_value=10**14), st.integers(min_value=2, max_value=12))
def test_zero_padding_keeps_the_number(number: int, pad: int) -> None:
    """A padded whole number is at least `pad` digits and still the same number."""
    text = read_number(number, NumberDisplay(pad=pad)).text
    assert int(text) == number
    assert len(text.lstrip("-")) == max(pad, len(str(abs(number))))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       st.integers(min_value=0, max_value=6))
def test_the_stored_number_is_always_the_text(value: float, decimals: int) -> None:
    """Whatever the decimals shown, the text read is the stored number, and a rounded
    display is said exactly when it is not that number."""
    reading = read_number(value, NumberDisplay(decimals=decimals))
    assert float(reading.text) == pytest.approx(value, rel=1e-14, abs=1e-300)
    if reading.kind == ROUNDED:
        assert float(reading.shown) != float(reading.text)
    else:
        assert round(value, decimals) == pytest.approx(value, rel=1e-14, abs=1e-300)


@pytest.mark.parametrize(("value", "kind", "shown", "text", "noted"), [
    (201.0, "float", "000201", "000201", None),
    (12.3456, "float", "12,35", "12.3456", ROUNDED),
    (12.3456, "float", "12.35", "12.3456", ROUNDED),
    (1234.5, "float", "1 234,50 €", "1234.5", None),
    (1234.5, "currency", "$1,234.50", "1234.5", None),
    (1234.0, "float", "1,234", "1234", None),
    (0.15, "percentage", "15 %", "0.15", PERCENT),
    (123456789012.0, "float", "1,23457E+11", "123456789012", ROUNDED),
    (5.0, "float", "", "5", None),
    (5.0, "float", "cinq", "5", None),
])
def test_ods_display(value: float, kind: str, shown: str, text: str, noted: str | None
                     ) -> None:
    reading = ods_display(value, kind, shown)
    assert (reading.text, reading.kind) == (text, noted)
