"""Fix & export one can trust: every change can be undone, redone, taken back on its own
or reset; a column can be left out of the corrected file; the corrected file is the
one primary download; a reloaded tab says the file is gone."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from checks import (
    ExportOptions,
    apply_fixes,
    available_fixes,
    check_table,
    demo_definitions,
    export_csv,
    read_table,
    recheck_with_edits,
    split_by_errors,
)
from tests.app.conftest import APP, SAMPLES
from tests.app.downloads import download, record_media
from tests.app.test_fix_page import csv_of, editor, engine_check, open_fix, type_into
from ui import session

ALL_FIXES = None  # apply_fixes' default: every fix
RELOADED = ("This tab was reloaded, so the file you uploaded and your corrections are gone: "
            "Preflight keeps your file only while this tab is open. Upload it again; your "
            "column mapping and choices come back with the recipe.")
TWO_EMAILS = (b"Customer name;Customer ID;Email;Email\r\n"
              b"Acme;C1;a@acme.example;b@acme.example\r\n")


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def tooltip(at: AppTest, key: str) -> str:
    """A button's help as a person reads it (the page escapes it for Markdown)."""
    return at.button(key=key).proto.help.replace("\\", "")


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def corrected(at: AppTest, media: list, key: str = "fix_download_csv") -> bytes:
    return download(at, key, media).content


def listed(at: AppTest) -> list[str]:
    """The texts of the list of changes (markdown, escaped for Markdown)."""
    subheaders = [s.value for s in at.subheader]
    assert any(s.startswith("Your changes (") for s in subheaders), subheaders
    return [m.value.replace("\\", "") for m in at.markdown
            if m.value.replace("\\", "").startswith(("Row ", "Safe fix", "Column ", "2 cells"))]


def with_edits(edits: dict[tuple[int, int], str], fixes: list[str] | None = ALL_FIXES):
    return recheck_with_edits(apply_fixes(engine_check(), fixes), edits)


# ── undo and redo ───────────────────────────────────────────────────────────────────

def test_undo_takes_back_an_edit_and_redo_makes_it_again(app: AppTest, media: list) -> None:
    at = open_fix(app)
    assert at.button(key="fix_undo").disabled and at.button(key="fix_redo").disabled
    type_into(at, 1, "Customer name", "Initech")
    assert tooltip(at, "fix_undo") == "Undo: Row 5, Customer name: (empty) → “Initech”"
    click(at, "fix_undo")
    assert editor(at).value.loc[5, "Customer name"] == ""
    assert corrected(at, media) == csv_of(apply_fixes(engine_check()), separator=";")
    assert not at.button(key="fix_redo").disabled
    click(at, "fix_redo")
    assert editor(at).value.loc[5, "Customer name"] == "Initech"
    assert corrected(at, media) == csv_of(with_edits({(5, 0): "Initech"}), separator=";")


def test_undoing_a_second_edit_of_a_cell_gives_back_the_first(app: AppTest) -> None:
    at = type_into(open_fix(app), 1, "Customer name", "Initech")
    type_into(at, 1, "Customer name", "Initech SA")
    assert editor(at).value.loc[5, "Customer name"] == "Initech SA"
    click(at, "fix_undo")
    assert editor(at).value.loc[5, "Customer name"] == "Initech"
    assert at.session_state[session.CHANGES].edits == {(5, 0): "Initech"}


def test_undo_switches_a_fix_back_on(app: AppTest, media: list) -> None:
    at = open_fix(app)
    at.toggle(key="fix_toggle_dates").set_value(False).run()
    assert tooltip(at, "fix_undo") == "Undo: Safe fix “Write dates as YYYY-MM-DD” switched off"
    click(at, "fix_undo")
    assert at.toggle(key="fix_toggle_dates").value is True
    assert corrected(at, media) == csv_of(apply_fixes(engine_check()), separator=";")
    click(at, "fix_redo")
    assert at.toggle(key="fix_toggle_dates").value is False
    names = [n for n in available_fixes(engine_check().findings)["fix"] if n != "dates"]
    assert corrected(at, media) == csv_of(apply_fixes(engine_check(), names), separator=";")


def test_the_editor_starts_afresh_after_an_undo(app: AppTest) -> None:
    """What the grid kept typed must not type an undone edit again."""
    at = type_into(open_fix(app), 1, "Customer name", "Initech")
    before = editor(at).key
    click(at, "fix_undo")
    assert editor(at).key != before
    at.run()  # a rerun with nothing new: the edit stays undone
    assert editor(at).value.loc[5, "Customer name"] == ""
    assert at.session_state[session.CHANGES].edits == {}


# ── the list of changes ─────────────────────────────────────────────────────────────

def test_undo_this_one_takes_back_one_change_and_keeps_the_others(app: AppTest,
                                                                  media: list) -> None:
    at = type_into(open_fix(app), 0, "Account manager", "camille.martin@northwind.example")
    type_into(at, 1, "Customer name", "Initech")
    at.toggle(key="fix_toggle_dates").set_value(False).run()
    assert listed(at) == [
        "Safe fix “Write dates as YYYY-MM-DD” switched off",
        "Row 5, Customer name: (empty) → “Initech”",
        "Row 4, Account manager: “nobody@northwind.example” → "
        "“camille.martin@northwind.example”",
    ]
    oldest = [b.key for b in at.button if b.key.startswith("fix_undo_one_")][-1]
    click(at, oldest)
    assert len(listed(at)) == 2
    names = [n for n in available_fixes(engine_check().findings)["fix"] if n != "dates"]
    assert corrected(at, media) == csv_of(with_edits({(5, 0): "Initech"}, names),
                                          separator=";")
    assert tooltip(at, "fix_undo").startswith("Bring back: Row 4, Account manager")
    click(at, "fix_undo")
    assert len(listed(at)) == 3


# ── reset ───────────────────────────────────────────────────────────────────────────

def test_reset_returns_to_the_uploaded_file_and_undo_brings_it_back(app: AppTest,
                                                                    media: list) -> None:
    at = type_into(open_fix(app), 1, "Customer name", "Initech")
    at.toggle(key="fix_toggle_dates").set_value(False).run()
    at.multiselect(key="fix_leave_out").set_value([14]).run()
    changed = corrected(at, media)
    click(at, "fix_reset")
    assert "Back to the file as you uploaded it. Undo brings your changes back." in [
        i.value for i in at.info]
    assert at.toggle(key="fix_toggle_dates").value is True
    assert at.multiselect(key="fix_leave_out").value == []
    assert editor(at).value.loc[5, "Customer name"] == ""
    assert listed(at) == []
    assert corrected(at, media) == csv_of(apply_fixes(engine_check()), separator=";")
    assert at.button(key="fix_reset").disabled
    click(at, "fix_undo")
    assert corrected(at, media) == changed
    assert at.multiselect(key="fix_leave_out").value == [14]


# ── leaving a column out ────────────────────────────────────────────────────────────

def test_a_column_left_out_is_in_no_csv_download(app: AppTest, media: list) -> None:
    at = open_fix(app)
    at.multiselect(key="fix_leave_out").set_value([13, 14]).run()
    assert not at.exception, at.exception
    fixed = apply_fixes(engine_check())
    options = ExportOptions(separator=";", leave_out=frozenset({13, 14}))
    assert corrected(at, media) == csv_of(fixed, separator=";", leave_out=frozenset({13, 14}))
    header = corrected(at, media).split(b"\r\n", 1)[0].decode()
    assert "Collector notes" not in header and "Favourite colour" not in header
    accepted, rejected = split_by_errors(fixed.table, fixed.result.findings)
    assert corrected(at, media, "fix_download_rejected") == export_csv(
        rejected, fixed.result.mapping, options)
    assert corrected(at, media, "fix_download_clean") == export_csv(
        accepted, fixed.result.mapping, options)
    assert listed(at)[0] == ("Column N · Collector notes left out of the corrected file; "
                             "Column O · Favourite colour left out of the corrected file")


def test_an_ignored_duplicate_is_left_out_at_first_and_no_longer_repeats(
        app: AppTest, media: list) -> None:
    app.session_state[session.CHOICES] = session.CheckChoices(overrides=((3, ""),))
    at = open_fix(app, "contacts.csv", data=TWO_EMAILS)
    assert at.multiselect(key="fix_leave_out").value == [3]
    served = pd.read_csv(io.BytesIO(corrected(at, media)), sep=";", dtype=str)
    assert served.columns.tolist() == ["Customer name", "Customer ID", "Contact email address"]
    findings = download(at, "fix_download_findings", media).content.decode("utf-8-sig")
    assert "Column appears twice" not in findings
    at.multiselect(key="fix_leave_out").set_value([]).run()  # the person keeps it
    assert corrected(at, media).split(b"\r\n", 1)[0] == (
        b"Customer name;Customer ID;Contact email address;Email")
    result = check_table(read_table(TWO_EMAILS, "contacts.csv"), demo_definitions())
    assert "duplicate_header" in set(result.findings["rule"])  # not ignored: it repeats


# ── downloads ───────────────────────────────────────────────────────────────────────

def test_the_corrected_file_is_the_one_primary_download(app: AppTest) -> None:
    at = open_fix(app)
    kinds = {b.key: b.proto.type for b in at.download_button}
    assert kinds.pop("fix_download_csv") == "primary"
    assert set(kinds.values()) == {"secondary"} and len(kinds) == 4
    assert [e.label for e in at.expander if e.label.startswith("For people")] == [
        "For people: reports and parts of the file"]
    people = next(e for e in at.expander if e.label.startswith("For people"))
    inside = {b.key for b in people.get("download_button")}
    assert inside == set(kinds)
    assert any(c.value.startswith("The file to import into Upflow") for c in at.caption)


# ── a reloaded tab ──────────────────────────────────────────────────────────────────

def test_a_file_marks_the_address_and_a_reloaded_tab_says_the_file_is_gone() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/check.py").run()
    assert "file" not in at.query_params
    assert not at.warning
    assert any(c.value.startswith("Your file stays only while this tab is open")
               for c in at.caption)
    name = "customers_messy.csv"
    at.file_uploader(key="check_upload").set_value(
        (name, (SAMPLES / name).read_bytes(), "text/csv")).run()
    assert at.query_params == {"file": "1"}  # no name, no data
    assert RELOADED not in [w.value for w in at.warning]

    reloaded = AppTest.from_file(APP, default_timeout=60)  # a new session, same address
    reloaded.query_params["file"] = "1"
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert [t.value for t in reloaded.title] == ["Check a file"]
    assert [w.value for w in reloaded.warning] == [RELOADED]
    reloaded.switch_page("pages/fix.py").run()
    assert [w.value for w in reloaded.warning] == [RELOADED]
    assert [i.value for i in reloaded.info] == [
        "Check a file first: the fixes and the corrected file are built from it."]
