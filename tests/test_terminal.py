"""The command line's text output: one line per line, and nothing a terminal obeys."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from checks.cli.main import main
from checks.text.terminal import ESCAPES, printable_lines


def test_control_characters_become_visible_escapes() -> None:
    assert printable_lines(["a\nb", "\x1b[31mred\x07", "tab\there\r", "x\u2028y\x85z",
                            "é ✓ 🚩 \\n stays"]) == [
        "a\\nb", "\\x1b[31mred\\x07", "tab\\there\\r", "x\\u2028y\\x85z", "é ✓ 🚩 \\n stays"]


def test_every_control_character_has_an_escape() -> None:
    """The translate table and the RE2 class that finds lines to rewrite agree: a
    character in one and not the other would slip through."""
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        is_control = (unicodedata.category(character) == "Cc"
                      or character in "\u2028\u2029")
        assert (code in ESCAPES) == is_control, hex(code)
        if is_control:
            assert printable_lines([f"a{character}b"]) == [f"a{ESCAPES[code]}b"]


@given(st.lists(st.text(), max_size=8))
def test_each_line_stays_one_line(lines: list[str]) -> None:
    printed = printable_lines(lines)
    assert len(printed) == len(lines)
    for before, after in zip(lines, printed, strict=True):
        assert after.splitlines() == ([after] if after else [])
        assert not any(ord(c) in ESCAPES for c in after)
        if not any(ord(c) in ESCAPES for c in before):
            assert after == before  # nothing else is touched


def _check_text(tmp_path: Path, content: bytes) -> tuple[int, str, str]:
    path = tmp_path / "customers.csv"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(path)], out, err)
    return status, out.getvalue(), err.getvalue()


def test_a_value_with_a_line_break_or_an_escape_sequence_stays_on_its_finding_line(
        tmp_path: Path) -> None:
    status, out, _ = _check_text(
        tmp_path, b'Customer ID;Name\nC1;" \x1b[2J\x1b[31mAcme "\nC2;"two\nlines"\n')
    assert status == 0
    assert "\x1b" not in out
    lines = out.splitlines()
    findings = [line for line in lines if "[whitespace]" in line]
    assert len(findings) == 2
    assert any("\\x1b[2J\\x1b[31mAcme" in line for line in findings)
    assert any("'two\\nlines'" in line for line in findings)
