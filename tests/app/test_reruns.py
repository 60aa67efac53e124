"""A rerun with nothing changed redraws every page from what the session remembers
(`ui.memo`), and anything that does change (an edit, a fix switched, a mapping, the
language, the definitions, a teammate's check) shows at once, or, for the History,
on the next visit or Refresh."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.runtime.caching import cache_data_api
from streamlit.testing.v1 import AppTest

import checks.views
from checks import RULES, CheckSummary, Store
from checks.i18n import _, use_language
from tests.app.conftest import APP, SAMPLES
from ui import memo

MESSY = "customers_messy.csv"
#: What the pages build from the chain on a run: none of it may be built again on a
#: rerun with nothing changed.
BUILDERS = ("findings_for_people", "people_table", "rules_for_people", "row_status",
            "to_correct", "column_marks", "mapping_table", "update_scope",
            "detection_summary", "filtered_rows", "build_dashboard", "dashboard_figures",
            "matching_findings", "preview_view", "change_lines", "history_table",
            "trend_figure", "severity_frame", "general_findings", "rule_table")


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How many times each view builder ran, as the pages call them (they import them
    from `checks.views` on every run)."""
    calls: Counter[str] = Counter()
    for name in BUILDERS:
        original = getattr(checks.views, name)

        def counted(*args: Any, _name: str = name, _original: Callable[..., Any] = original,
                    **kwargs: Any) -> Any:
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(checks.views, name, counted)
    yield calls


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def checked(app: AppTest, sample: str = MESSY) -> AppTest:
    app.switch_page("pages/check.py")
    run(app).file_uploader(key="check_upload").set_value(
        (sample, (SAMPLES / sample).read_bytes(), "text/csv"))
    return run(app)


def table(at: AppTest, key: str) -> pd.DataFrame:
    return at.get_by_key(key).dataframe[0].value


@pytest.mark.parametrize("page", ["check", "fix", "dashboard", "history", "definitions",
                                  "help"])
def test_a_rerun_with_nothing_changed_builds_nothing_again(app: AppTest, built: Counter[str],
                                                           page: str) -> None:
    at = checked(app)
    at.switch_page(f"pages/{page}.py")
    run(at)
    run(at)  # a page's first rerun may settle its widgets' defaults
    built.clear()
    run(at)
    assert not built, f"built again on a rerun of {page}: {dict(built)}"


def test_a_rerun_of_the_history_does_not_read_the_store_again(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[str] = Counter()
    for name in ("history", "history_organizations"):
        original = getattr(Store, name)

        def counted(self: Store, *args: Any, _name: str = name,
                    _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
            reads[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Store, name, counted)
    at = checked(app)
    at.switch_page("pages/history.py")
    run(at)
    assert reads["history"] == 1
    run(at)
    assert reads["history"] == 1, "a rerun with nothing changed reuses what was read"
    at.text_input(key="history_file").input("messy").run()
    assert reads["history"] == 2, "a filter changed: read again"
    at.button(key="history_refresh").click().run()
    assert reads["history"] == 3, "Refresh reads again"


def test_a_teammates_check_shows_on_refresh_and_on_the_next_visit(
        app: AppTest, own_database: str) -> None:
    at = checked(app)
    at.switch_page("pages/history.py")
    run(at)
    assert table(at, "history_list")["File"].tolist() == [MESSY]
    teammate = Store(sa.create_engine(own_database))
    result = at.session_state[memo.PREFIX + "check"][1]
    teammate.record_check(CheckSummary.of(result, "teammate.csv", 1, "another-upload"))
    teammate.engine.dispose()
    run(at)
    assert table(at, "history_list")["File"].tolist() == [MESSY], "not under the reader's eyes"
    at.button(key="history_refresh").click().run()
    assert table(at, "history_list")["File"].tolist() == ["teammate.csv", MESSY]

    teammate = Store(sa.create_engine(own_database))
    teammate.record_check(CheckSummary.of(result, "third.csv", 1, "a-third-upload"))
    teammate.engine.dispose()
    at.switch_page("pages/help.py")
    run(at)
    at.switch_page("pages/history.py")
    run(at)
    assert table(at, "history_list")["File"].tolist()[0] == "third.csv", "a new visit reads"


def test_an_edit_and_a_fix_switched_off_show_at_once(app: AppTest) -> None:
    at = checked(app)
    at.switch_page("pages/fix.py")
    run(run(at))
    editor = next(e for e in at.data_editor if e.key and e.key.startswith("fix_editor_"))
    at.session_state[editor.key] = {"edited_rows": {1: {"Customer name": "Typed by hand"}},
                                    "added_rows": [], "deleted_rows": []}
    run(at)
    assert "Typed by hand" in table(at, "fix_changes")["After"].tolist()
    editor = next(e for e in at.data_editor if e.key and e.key.startswith("fix_editor_"))
    assert editor.value.loc[5, "Customer name"] == "Typed by hand"
    assert "Your changes (1)" in at.subheader.values

    toggle = at.toggle[0]
    before = len(table(at, "fix_changes"))
    toggle.set_value(False).run()
    assert not at.exception, at.exception
    assert len(table(at, "fix_changes")) < before, "the fix's changes are gone"
    assert "Typed by hand" in table(at, "fix_changes")["After"].tolist()
    assert "Your changes (2)" in at.subheader.values


def test_a_mapping_change_shows_at_once(app: AppTest) -> None:
    at = run(checked(app))
    before = table(at, "check_mapping_table")
    findings = table(at, "check_by_rule")
    picker = at.selectbox(key="check_map_0")
    ignore = next(option for option in picker.options if "not check" in option.lower()
                  or "ignore" in option.lower())
    picker.select(ignore).run()
    assert not at.exception, at.exception
    after = table(at, "check_mapping_table")
    assert not after.equals(before), "the mapping table says the new choice"
    assert not table(at, "check_by_rule").equals(findings), "the findings follow it"


def test_a_language_switch_shows_at_once(app: AppTest) -> None:
    """On the Dashboard (AppTest cannot switch the language of a page whose select boxes
    already hold a value in the other language: it formats their options in the test's
    thread; tests/app/test_pages_in_french.py opens the other pages in French)."""
    page, key = "dashboard", "dashboard_findings"
    at = checked(app)
    at.switch_page(f"pages/{page}.py")
    run(run(at))
    assert "Problem" in table(at, key).columns
    with use_language("fr"):
        at.session_state["language"] = "fr"
        run(at)
        french = _("Problem")
        assert french != "Problem"
        assert french in table(at, key).columns


def test_a_definitions_change_shows_at_once(app: AppTest, own_database: str) -> None:
    at = run(checked(app))
    title = RULES["workflow_not_found"].title
    assert title in table(at, "check_by_rule").iloc[:, 0].tolist()
    result = at.session_state[memo.PREFIX + "check"][1]
    findings = result.findings
    unknown = findings.loc[findings["rule"] == "workflow_not_found", "value"].unique()
    teammate = Store(sa.create_engine(own_database))
    active = teammate.active_definitions().definitions
    teammate.save_definitions(replace(active, workflows=(*active.workflows, *unknown)),
                              "teammate")
    teammate.engine.dispose()
    run(at)
    assert title not in table(at, "check_by_rule").iloc[:, 0].tolist()
    at.switch_page("pages/definitions.py")
    run(at)
    revisions = next(frame.value for frame in at.dataframe if "revision" in frame.value.columns)
    assert len(revisions) == 2, "the teammate's revision is listed"


def test_what_the_pages_remember_stays_in_the_session(app: AppTest) -> None:
    """The views are remembered in this session's state, never in a cache the server
    shares between sessions (they hold the file's values)."""
    cache_data_api._data_caches.clear_all()
    at = checked(app)
    for page in ("fix", "dashboard", "history", "definitions", "help", "check"):
        at.switch_page(f"pages/{page}.py")
        run(run(at))
    assert not any(cache_data_api._data_caches._function_caches.values())
    kept = [key for key in at.session_state if str(key).startswith(memo.PREFIX)]
    assert any(key.startswith(memo.PREFIX + "fix_view_") for key in kept)
    assert any(key.startswith(memo.PREFIX + "check_view_") for key in kept)
    other = AppTest.from_file(APP, default_timeout=60)
    run(other)
    assert not [key for key in other.session_state if str(key).startswith(memo.PREFIX)
                and key.endswith("_view_editor")], "another session starts with nothing"
