"""A fix switched off or on again on the Fix page starts from the outcome before
(`switch_fixes`: only that fix's cells are written and re-checked), and the page shows
exactly what applying the chosen fixes from scratch gives."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from checks import ChangeLog, CheckResult, FixOutcome, apply_fixes, available_fixes
from tests.app.conftest import SAMPLES
from ui import memo, session

MESSY = "customers_messy.csv"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def switch(at: AppTest, off: set[str]) -> FixOutcome:
    log = at.session_state[session.CHANGES] if session.CHANGES in at.session_state \
        else ChangeLog()
    at.session_state[session.CHANGES] = log.with_fixes_off(off)
    at = run(at)
    return at.session_state[memo.PREFIX + "fixed"][1]


def test_switching_fixes_derives_the_outcome_and_equals_the_full_path(app: AppTest) -> None:
    app.switch_page("pages/check.py")
    at = run(app)
    at.file_uploader(key="check_upload").set_value(
        (MESSY, (SAMPLES / MESSY).read_bytes(), "text/csv"))
    at = run(at)
    at.switch_page("pages/fix.py")
    at = run(at)
    check: CheckResult = at.session_state[memo.PREFIX + "check"][1]
    every: FixOutcome = at.session_state[memo.PREFIX + "fixed"][1]
    offered = list(available_fixes(check.findings)["fix"])
    assert "whitespace" in offered, "the sample file has spaces to fix"
    without = switch(at, {"whitespace"})
    assert without is not every
    assert without.result.carried, "derived from the outcome before, not checked again"
    full = apply_fixes(check, [name for name in offered if name != "whitespace"])
    pd.testing.assert_frame_equal(without.result.findings, full.result.findings)
    pd.testing.assert_frame_equal(without.changes, full.changes)
    assert without.table.data.equals(full.table.data)
    again = switch(at, set())
    pd.testing.assert_frame_equal(again.result.findings, every.result.findings)
    pd.testing.assert_frame_equal(again.changes, every.changes)
    assert again.table.data.equals(every.table.data)
