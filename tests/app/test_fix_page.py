"""Fix & export: switchable fixes, edits re-checked, and downloads equal to the engine's."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from checks import (
    FINDING_COLUMNS,
    RULES,
    ExportOptions,
    FixOutcome,
    apply_fixes,
    available_fixes,
    check_table,
    demo_definitions,
    error_rows,
    export_csv,
    read_table,
    recheck_with_edits,
    split_by_errors,
)
from checks.export.people import COLUMN_TITLES
from tests.app.conftest import SAMPLES
from tests.app.downloads import download, record_media
from ui import memo, session

FIXED = memo.PREFIX + "fixed"  # the session chain's fixed outcome: (inputs, FixOutcome)

MESSY = "customers_messy.csv"
CLEAN = "customers_clean.csv"
REMAINING_ERRORS_AFTER_ALL_FIXES = 8  # what no safe fix can change in the messy sample


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def open_fix(app: AppTest, sample: str | None = MESSY, data: bytes | None = None) -> AppTest:
    """The fix page with a file in the session, set directly (not through the check
    page, which is written separately)."""
    if sample is not None:
        data = (SAMPLES / sample).read_bytes() if data is None else data
        app.session_state[session.UPLOAD] = session.Upload(sample, data)
    app.switch_page("pages/fix.py").run()
    assert not app.exception, app.exception
    return app


def engine_check(sample: str = MESSY):
    table = read_table((SAMPLES / sample).read_bytes(), sample)
    return check_table(table, demo_definitions())


def preview(at: AppTest) -> pd.DataFrame:
    """The corrected lines shown under the change log (indexed by row number)."""
    frames = [d.value for d in at.dataframe
              if d.editing_mode == "read_only" and d.value.index.name == "Row"]
    assert len(frames) == 1
    return frames[0]


def change_log(at: AppTest) -> pd.DataFrame:
    return at.get_by_key("fix_changes").dataframe[0].value


def editor(at: AppTest):
    """The editor of the lines still in error (its key changes with each fresh grid)."""
    editors = [e for e in at.data_editor if e.key and e.key.startswith("fix_editor_")]
    assert len(editors) == 1
    return editors[0]


def type_into(at: AppTest, line: int, column: str, text: str) -> AppTest:
    """Type `text` in the editor's `line`-th line (0: the first shown), `column`, as the
    browser would send it, and run the page."""
    at.session_state[editor(at).key] = {"edited_rows": {line: {column: text}},
                                        "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception
    return at


def titled(codes: object) -> list[str]:
    """Rule codes as the tables name them: by title (a hand edit as such)."""
    return [RULES[code].title if code in RULES else "Corrected by hand" for code in codes]


def csv_of(outcome: FixOutcome, **options: object) -> bytes:
    return export_csv(outcome.table, outcome.result.mapping, ExportOptions(**options))


def test_without_a_checked_file_the_page_points_to_the_check_page(app: AppTest) -> None:
    at = open_fix(app, sample=None)
    assert [i.value for i in at.info] == [
        "Check a file first: the fixes and the corrected file are built from it."]
    links = at.get("page_link")
    assert len(links) == 1 and "check" in links[0].proto.page
    assert not at.toggle and not at.download_button


def test_an_unreadable_file_is_a_plain_message(app: AppTest) -> None:
    at = open_fix(app, "broken.xlsx", data=b"PK\x03\x04 this is not a workbook")
    assert [e.value for e in at.error] == [
        "This XLSX workbook cannot be opened: it is damaged or "
        "incomplete (perhaps cut off while downloading). Open it in Excel and save it again "
        "as XLSX or CSV UTF-8."]
    assert len(at.get("page_link")) == 1
    assert not at.download_button


def test_the_offered_fixes_are_the_engines_with_their_counts_and_examples(app: AppTest) -> None:
    at = open_fix(app)
    offer = available_fixes(engine_check().findings)
    toggles = {t.key: t for t in at.toggle if t.key.startswith("fix_toggle_")}
    assert list(toggles) == [f"fix_toggle_{name}" for name in offer["fix"]]
    for fix in offer.itertuples(index=False):
        toggle = toggles[f"fix_toggle_{fix.fix}"]
        assert toggle.value is True
        assert toggle.label.startswith(fix.title)
        unit = "cell" if fix.count == 1 else "cells"
        assert toggle.label.endswith(f"({fix.count} {unit})")
    shown = " ".join(t.value for t in at.text)
    for examples in offer["examples"]:
        for example in examples:
            assert example in shown


def test_all_fixes_leave_the_expected_errors_and_a_warning_not_a_block(app: AppTest,
                                                                        media: list) -> None:
    at = open_fix(app)
    expected = apply_fixes(engine_check())
    assert expected.result.summary.errors == REMAINING_ERRORS_AFTER_ALL_FIXES
    assert not at.success
    # the status, then the notice of the one formula-like cell (=HYPERLINK) above the export
    assert [w.value.split(" ")[0] for w in at.warning] == [str(REMAINING_ERRORS_AFTER_ALL_FIXES),
                                                           "1"]
    assert "errors remain on 2 lines" in at.warning[0].value
    assert change_log(at)["Problem"].tolist() == titled(expected.changes["rule"])
    assert list(change_log(at).columns) == ["Row", "Column", "Before", "After", "Problem"]
    served = download(at, "fix_download_csv", media)
    assert served.content == csv_of(expected, separator=";")
    assert served.file_name == "customers_messy_fixed.csv"
    assert served.mime == "text/csv"


def test_switching_a_fix_off_changes_the_preview_and_the_file(app: AppTest,
                                                              media: list) -> None:
    at = open_fix(app)
    before_preview = preview(at)
    before_csv = download(at, "fix_download_csv", media).content
    assert before_preview.loc[2, "Contract end"] == "2026-12-31"

    at.toggle(key="fix_toggle_dates").set_value(False).run()
    assert not at.exception
    after_preview = preview(at)
    after_csv = download(at, "fix_download_csv", media).content
    assert after_preview.loc[2, "Contract end"] == "31/12/2026"
    assert not after_preview.equals(before_preview)
    assert after_csv != before_csv
    names = [n for n in available_fixes(engine_check().findings)["fix"] if n != "dates"]
    assert after_csv == csv_of(apply_fixes(engine_check(), names), separator=";")
    assert RULES["date_format"].title not in change_log(at)["Problem"].tolist()
    assert at.warning[0].value.startswith(f"{REMAINING_ERRORS_AFTER_ALL_FIXES + 1} errors")


def test_the_fixed_outcome_is_kept_for_reruns(app: AppTest) -> None:
    at = open_fix(app)
    kept = at.session_state[FIXED][1]
    at.radio(key="fix_separator").set_value(",").run()
    assert at.session_state[FIXED][1] is kept
    at.toggle(key="fix_toggle_numbers").set_value(False).run()
    assert at.session_state[FIXED][1] is not kept


def test_a_clean_file_is_ready_for_upflow_and_still_downloadable(app: AppTest,
                                                                 media: list) -> None:
    at = open_fix(app, CLEAN)
    assert [s.value.startswith("Ready for Upflow") for s in at.success] == [True]
    assert not at.warning
    assert not at.data_editor
    served = download(at, "fix_download_csv", media).content
    clean = engine_check(CLEAN)
    assert served == export_csv(clean.table, clean.mapping, ExportOptions())


def test_a_file_with_nothing_to_import_is_never_ready(app: AppTest, media: list) -> None:
    """A French invoice export: no column is Upflow's, so no fix or edit makes it ready."""
    data = ("N° facture;Date;Montant TTC\r\nF-2025-0001;31/01/2025;1 200,00\r\n"
            "F-2025-0002;31/01/2025;540,00\r\n").encode()
    at = open_fix(app, "factures.csv", data=data)
    assert not at.success
    result = check_table(read_table(data, "factures.csv"), demo_definitions())
    assert result.nothing_to_import is not None
    assert [w.value for w in at.warning] == [
        f"Not ready for Upflow. {result.nothing_to_import} Correcting its lines will not "
        "change that: rename its columns to Upflow's, or choose what each column is on the "
        "Check a file page."]
    assert RULES["no_import_columns"].title in download(at, "fix_download_findings",
                                                        media).content.decode("utf-8-sig")


def test_the_lines_that_still_have_errors_are_offered_for_editing(app: AppTest) -> None:
    at = open_fix(app)
    grid = editor(at)
    fixed = apply_fixes(engine_check())
    assert grid.value.index.name == "Row"
    assert grid.value.index.tolist() == [4, 5]
    assert list(grid.value.columns) == ["To correct", "Status", *fixed.table.headers]
    assert grid.value.loc[5].tolist()[2:] == fixed.table.data.loc[5].tolist()


def test_the_editor_names_each_cell_to_correct_and_why(app: AppTest) -> None:
    """Editable cells cannot be coloured: the pinned "To correct" column names them with
    their problem, and each column to correct says so in its title and tooltip."""
    at = open_fix(app)
    grid = editor(at)
    assert grid.value.loc[4, "To correct"] == "Account manager: Account manager not found"
    assert grid.value.loc[5, "To correct"].startswith(
        "Customer name: Mandatory value missing · Parent ID: ")
    columns = json.loads(grid.proto.columns)
    assert columns["Account manager"]["label"] == "Account manager · 2 to correct"
    assert "Account manager not found (row 4)" in columns["Account manager"]["help"]
    assert "Fill in the value." in columns["Customer name"]["help"]
    assert "Segment" not in columns  # nothing to correct there
    for title in ("To correct", "Status"):
        assert columns[title]["pinned"] and columns[title]["disabled"]


def test_correcting_a_line_empties_its_to_correct_cell(app: AppTest) -> None:
    at = type_into(open_fix(app), 0, "Account manager", "camille.martin@northwind.example")
    engine = recheck_with_edits(apply_fixes(engine_check()),
                                {(4, 6): "camille.martin@northwind.example"})
    assert 4 not in error_rows(engine.result.findings)  # the edit clears line 4's error
    grid = editor(at)
    assert grid.value.loc[4, "To correct"] == ""
    assert grid.value.loc[4, "Account manager"] == "camille.martin@northwind.example"


def test_an_edit_is_checked_again_logged_and_exported(app: AppTest, media: list) -> None:
    # row 5 (position 1 in the grid) has no customer name
    at = type_into(open_fix(app), 1, "Customer name", "Initech")
    expected = recheck_with_edits(apply_fixes(engine_check()), {(5, 0): "Initech"})
    assert expected.result.summary.errors == REMAINING_ERRORS_AFTER_ALL_FIXES - 1
    assert at.warning[0].value.startswith(f"{REMAINING_ERRORS_AFTER_ALL_FIXES - 1} errors")
    log = change_log(at)
    assert log.iloc[-1].tolist() == [5, "Customer name", "", "Initech", "Corrected by hand"]
    assert preview(at).loc[5, "Customer name"] == "Initech"
    assert download(at, "fix_download_csv", media).content == csv_of(expected, separator=";")


def test_an_edit_survives_a_fix_switched_off(app: AppTest, media: list) -> None:
    at = type_into(open_fix(app), 1, "Customer name", "Initech")
    at.toggle(key="fix_toggle_dates").set_value(False).run()  # row 2 gets an error again
    grid = editor(at)
    assert grid.value.index.tolist() == [2, 4, 5]
    assert grid.value.loc[5, "Customer name"] == "Initech"
    names = [n for n in available_fixes(engine_check().findings)["fix"] if n != "dates"]
    expected = recheck_with_edits(apply_fixes(engine_check(), names), {(5, 0): "Initech"})
    assert download(at, "fix_download_csv", media).content == csv_of(expected, separator=";")


def test_the_export_options_reach_the_file(app: AppTest, media: list) -> None:
    at = open_fix(app)
    at.radio(key="fix_separator").set_value(",").run()
    at.radio(key="fix_line_ending").set_value("\n").run()
    at.toggle(key="fix_bom").set_value(True).run()
    at.toggle(key="fix_keep_headers").set_value(True).run()
    served = download(at, "fix_download_csv", media).content
    expected = csv_of(apply_fixes(engine_check()), separator=",", line_ending="\n", bom=True,
                      canonical_headers=False)
    assert served == expected
    assert served.startswith(b"\xef\xbb\xbf") and b"\r\n" not in served


def test_rejected_and_clean_lines_are_the_engines_split(app: AppTest, media: list) -> None:
    at = open_fix(app)
    fixed = apply_fixes(engine_check())
    accepted, rejected = split_by_errors(fixed.table, fixed.result.findings)
    mapping, options = fixed.result.mapping, ExportOptions(separator=";")
    rejected_file = download(at, "fix_download_rejected", media)
    clean_file = download(at, "fix_download_clean", media)
    assert rejected_file.content == export_csv(rejected, mapping, options)
    assert clean_file.content == export_csv(accepted, mapping, options)
    assert rejected_file.file_name == "customers_messy_rejected.csv"
    assert clean_file.file_name == "customers_messy_clean.csv"
    assert at.download_button(key="fix_download_rejected").label.endswith("(2)")


def test_the_error_report_and_the_findings_describe_the_final_file(app: AppTest,
                                                                   media: list) -> None:
    at = open_fix(app)
    fixed = apply_fixes(engine_check())
    report = download(at, "fix_download_report", media)
    assert report.file_name == "customers_messy_report.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(report.content))
    changes = list(workbook["Changes"].iter_rows(min_row=2, values_only=True))
    assert [line[-1] for line in changes] == fixed.changes["rule"].tolist()
    findings = download(at, "fix_download_findings", media)
    assert findings.file_name == "customers_messy_findings.csv"
    # A file for people: a BOM for Excel, plain titles, each rule by its title.
    assert findings.content.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(findings.content), sep=";", dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    assert table["Problem"].tolist() == titled(fixed.result.findings["rule"])
    assert list(table.columns) == [COLUMN_TITLES[name] for name in FINDING_COLUMNS]


def test_every_widget_key_of_the_page_is_prefixed(app: AppTest) -> None:
    at = open_fix(app)
    keys = [w.key for kind in ("toggle", "radio", "download_button", "button", "multiselect")
            for w in at.get(kind)] + [at.data_editor[0].key]
    assert keys and all(key.startswith("fix_") for key in keys)
    own = [k for k in at.session_state if not k.startswith("fix_")]
    assert all(key in session.SHARED_KEYS or key.startswith(memo.PREFIX) for key in own)
