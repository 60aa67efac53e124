"""The session owns the chain upload → Table → check → fixed → edited: every page sees
the same objects, each computed once per change of its inputs, kept in the session only
and gone with it. (The sidebar naming the file just uploaded is a browser test,
tests/browser/test_journey.py: AppTest does not render app.py's sidebar on reruns.)"""

from __future__ import annotations

import gc
import json
import weakref

import pandas as pd
from streamlit.runtime.caching import cache_data_api
from streamlit.testing.v1 import AppTest

from checks import ChangeLog, CheckResult, FixOutcome, MatchResult, Table
from tests.app.conftest import APP, SAMPLES
from ui import memo, session

MESSY = "customers_messy.csv"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str) -> AppTest:
    at.file_uploader(key="check_upload").set_value(
        (name, (SAMPLES / name).read_bytes(), "text/csv"))
    return run(at)


def test_pages_share_one_check_and_one_fixed_outcome(app: AppTest) -> None:
    app.switch_page("pages/check.py")
    at = upload(run(app), MESSY)
    check = at.session_state[memo.PREFIX + "check"][1]
    at.switch_page("pages/fix.py")
    at = run(at)
    fixed = at.session_state[memo.PREFIX + "fixed"][1]
    final = at.session_state[memo.PREFIX + "final"][1]
    at.switch_page("pages/dashboard.py")
    at = run(at)
    assert at.session_state[memo.PREFIX + "check"][1] is check
    assert at.session_state[memo.PREFIX + "fixed"][1] is fixed
    assert at.session_state[memo.PREFIX + "final"][1] is final
    at.switch_page("pages/check.py")
    at = run(at)
    assert at.session_state[memo.PREFIX + "check"][1] is check  # nothing re-checked


def test_the_dashboard_shows_the_hand_edits(app: AppTest) -> None:
    """A cell corrected by hand on the Fix page counts in the dashboard's "after"."""
    app.switch_page("pages/check.py")
    at = upload(run(app), MESSY)
    at.switch_page("pages/fix.py")
    at = run(at)
    outcome: FixOutcome = at.session_state[memo.PREFIX + "fixed"][1]
    findings = outcome.result.findings
    missing = findings[findings["rule"] == "required_missing"].iloc[0]
    row, position = int(missing["row"]), int(missing["position"])
    before = int((findings["rule"] == "required_missing").sum())
    log = at.session_state[session.CHANGES] if session.CHANGES in at.session_state \
        else ChangeLog()
    at.session_state[session.CHANGES] = log.with_edits(outcome.table,
                                                       {(row, position): "Typed by hand"})
    at = run(at)
    at.switch_page("pages/dashboard.py")
    at = run(at)
    figure = next(json.loads(chart.proto.spec) for chart in at.get("plotly_chart")
                  if chart.key == "dashboard_before_after")
    _, after = figure["data"]
    counts = dict(zip(after["y"], after["x"], strict=True))
    assert counts.get("required_missing", 0) == before - 1
    caption = " ".join(c.value for c in at.caption)
    assert "1 cell corrected by hand" in caption


def test_nothing_of_the_file_is_in_a_cache_shared_by_the_server(app: AppTest) -> None:
    cache_data_api._data_caches.clear_all()
    app.switch_page("pages/check.py")
    at = upload(run(app), MESSY)
    for page in ("fix", "dashboard", "history", "help"):
        at.switch_page(f"pages/{page}.py")
        at = run(at)
    assert not any(cache_data_api._data_caches._function_caches.values())


def test_a_finished_session_leaves_nothing_behind() -> None:
    """Every table, check, fixed outcome and match of a whole journey is freed with the
    session: nothing outside it (a cache, a module) keeps any of them."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/check.py")
    at = upload(run(at), MESSY)
    for page in ("fix", "dashboard"):
        at.switch_page(f"pages/{page}.py")
        at = run(at)
    at.switch_page("pages/match.py")
    at = run(at)
    for side, name in (("left", "billing_export.csv"), ("right", "salesforce_export.csv")):
        at.file_uploader(key=f"match_{side}_upload").set_value(
            (name, (SAMPLES / name).read_bytes(), "text/csv"))
        at = run(at)
    kept = [at.session_state[key] for key in at.session_state
            if str(key).startswith(memo.PREFIX)]
    held = [item for _inputs, value in kept
            for item in (value if isinstance(value, tuple) else (value,))
            if isinstance(item, Table | CheckResult | FixOutcome | MatchResult | pd.DataFrame)]
    kinds = {type(item) for item in held}
    assert {Table, CheckResult, FixOutcome, MatchResult} <= kinds, kinds
    watched = [weakref.ref(item) for item in held]
    del at, kept, held
    gc.collect()
    assert [ref() for ref in watched if ref() is not None] == []
