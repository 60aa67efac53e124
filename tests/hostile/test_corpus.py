"""Every hostile case, read and checked whole under a memory and time limit: the
expected findings with plain messages, never an exception, a hang or a blow-up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.bounded import CaseFailed, run_bounded
from tests.hostile.corpus import CASES, Case, readme_table

README = Path(__file__).parents[2] / "README.md"

#: What a message a person reads must not hold: a traceback, a Python exception
#: name, a repr (b'…', None, \x escapes, <class …>), an unfilled template.
_NOT_PLAIN = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception|Forbidden)\b|\bNone\b|b'|"
                        r"\\x[0-9a-f]{2}|<class|\{\w*\}")


def assert_plain(message: str) -> None:
    """One or a few sentences a non-technical person can act on."""
    assert message[:1].isupper(), message
    assert message.endswith("."), message
    assert not _NOT_PLAIN.search(message), message
    assert len(message) <= 400, message


def test_the_corpus_is_large_and_named_uniquely() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)
    assert len({case.title for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case) -> None:
    outcome = run_bounded(case.name)
    assert tuple(dict.fromkeys(outcome.read_rules)) == case.rules, outcome.read_messages
    for message in (*outcome.read_messages, *outcome.check_messages):
        assert_plain(message)
    if case.says:
        assert case.says in outcome.read_messages[0]
    if case.shape is not None:
        assert outcome.shape == case.shape
    assert set(case.also) <= set(outcome.check_rules), outcome.check_rules
    if "file_unreadable" in case.rules:
        assert outcome.shape == (0, 0)
    expected_exit = 2 if "file_unreadable" in case.rules else int(outcome.has_errors)
    assert case.exit_status == expected_exit


def test_readme_table_is_the_corpus() -> None:
    """README.md's table is generated: `python -m tests.hostile.corpus` prints it."""
    text = README.read_text("utf-8")
    section = text.split("### Hostile input", 1)[1].split("\n## ", 1)[0]
    assert readme_table() in section


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_readme_row_names_the_rules(case: Case) -> None:
    """The README's "what Preflight does" names the rules the case asserts."""
    for rule in (*case.rules, *case.also):
        assert f"`{rule}`" in case.does


# ── the bounds themselves: a case that blows up or hangs must fail ──────────────────

def test_a_blow_up_fails() -> None:
    with pytest.raises(CaseFailed, match="MemoryError"):
        run_bounded("allocate_beyond_the_bound")


def test_a_hang_fails() -> None:
    with pytest.raises(CaseFailed, match="no result within 2 s"):
        run_bounded("hang", seconds=2)


def test_the_zip_bomb_is_real() -> None:
    """Without the ZIP directory check, the corpus's ZIP bomb does exhaust memory:
    under a 512 MB bound, reading it ends in the out-of-memory message (or kills the
    process), where with the check it is refused at once (`test_case[zip_bomb]`)."""
    try:
        outcome = run_bounded("zip_bomb_unguarded", memory=512 << 20)
    except CaseFailed as failure:
        assert "MemoryError" in str(failure) or "died" in str(failure)
        return
    assert outcome.read_rules == ("file_unreadable",)
    assert "too large to open with the memory available" in outcome.read_messages[0]


def test_openpyxl_parses_with_defusedxml() -> None:
    """What refuses the entity bombs above: openpyxl's XML functions are defusedxml's."""
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")
