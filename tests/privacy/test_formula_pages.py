"""The pages' downloads, fed the same formulas: what a person opens holds none live;
what goes to Upflow holds them exactly, after a visible notice; the report is text.
Also: the grids offer no download or copy of their own (their CSV would not be safe)."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from checks import ExportOptions, apply_fixes, check_table, demo_definitions, export_csv
from checks import read_table as read
from checks import split_by_errors as split
from tests.app.conftest import ROOT
from tests.app.downloads import download, record_media
from tests.privacy.formula_files import (
    ATTACKS,
    assert_for_people,
    assert_no_formula_in_workbook,
    billing_csv,
    customers_csv,
    live_formulas,
    salesforce_csv,
    workbook_texts,
)
from ui import session

NAME = "formulas.csv"
CELLS = 2 * len(ATTACKS)  # each attack in two columns


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def fix_page(app: AppTest) -> AppTest:
    app.session_state[session.UPLOAD] = session.Upload(NAME, customers_csv())
    return ok(app.switch_page("pages/fix.py").run())


def engine_fixed():
    return apply_fixes(check_table(read(customers_csv(), NAME), demo_definitions()))


def test_the_fix_page_says_formulas_remain_above_the_downloads(app: AppTest) -> None:
    at = fix_page(app)
    notices = [w.value for w in at.warning if "start with =, +, - or @" in w.value]
    assert notices == [
        f"{CELLS} cells start with =, +, - or @ (the *Looks like a formula* warnings): a "
        "spreadsheet program would run them as formulas if you open the corrected file in "
        "one. Upflow imports them as text, so the corrected file keeps them exactly as "
        "written."]
    toggle = at.toggle(key="fix_neutralise_formulas")
    assert toggle.value is False, "off unless asked for"


def test_the_fix_page_sends_upflow_files_exactly_and_people_files_safe(app: AppTest,
                                                                        media: list) -> None:
    at = fix_page(app)
    fixed = engine_fixed()
    options = ExportOptions(separator=";")
    corrected = download(at, "fix_download_csv", media).content
    assert corrected == export_csv(fixed.table, fixed.result.mapping, options)
    assert set(ATTACKS) <= set(read(corrected, NAME).data[2])
    accepted, rejected = split(fixed.table, fixed.result.findings)
    assert download(at, "fix_download_rejected", media).content == export_csv(
        rejected, fixed.result.mapping, options)
    assert download(at, "fix_download_clean", media).content == export_csv(
        accepted, fixed.result.mapping, options)

    assert_for_people(download(at, "fix_download_findings", media).content, ";")
    book = assert_no_formula_in_workbook(download(at, "fix_download_report", media).content)
    assert all(workbook_texts(book, "Data")[attack] == "s" for attack in ATTACKS)


def test_the_fix_page_neutralises_the_csv_files_when_asked(app: AppTest, media: list) -> None:
    at = fix_page(app)
    ok(at.toggle(key="fix_neutralise_formulas").set_value(True).run())
    fixed = engine_fixed()
    options = ExportOptions(separator=";", neutralise_formulas=True)
    for key in ("fix_download_csv", "fix_download_rejected", "fix_download_clean"):
        served = download(at, key, media).content
        assert live_formulas(served, ";") == [], key
    corrected = download(at, "fix_download_csv", media).content
    assert corrected == export_csv(fixed.table, fixed.result.mapping, options)
    assert {"'" + attack for attack in ATTACKS} <= set(read(corrected, NAME).data[2])


def test_the_history_download_neutralises_file_names(app: AppTest, media: list) -> None:
    # a file's name has no slash: the link is shortened to one that still runs
    names = tuple(f"{attack}.csv" for attack in ('=HYPERLINK("y")', *ATTACKS[1:]))
    for name in names:
        ok(app.file_uploader(key="check_upload").set_value(
            (name, b"Customer name;Customer ID\r\nAcme;C1\r\n", "text/csv")).run())
    at = ok(app.switch_page("pages/history.py").run())
    served = download(at, "history_download", media).content
    assert_for_people(served, ",", expect=names)


def test_the_match_downloads_neutralise_identifiers(app: AppTest, media: list) -> None:
    at = ok(app.switch_page("pages/match.py").run())
    at.file_uploader(key="match_left_upload").set_value(("billing.csv", billing_csv(),
                                                         "text/csv"))
    at.file_uploader(key="match_right_upload").set_value(("sf.csv", salesforce_csv(),
                                                          "text/csv"))
    ok(at.run())
    values = download(at, "match_download_values", media).content
    assert_for_people(values, ",")
    left = download(at, "match_download_left", media).content
    assert_for_people(left, ",", expect=tuple(a for a in ATTACKS if a != ATTACKS[3]))
    assert live_formulas(download(at, "match_download_right", media).content, ",") == []


def test_the_grids_offer_no_export_of_their_own() -> None:
    """Streamlit's grid download writes cells as they are, formulas live: it is off,
    and the pages' own downloads take its place. Uploads keep XSRF protection."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["disableDataExport"] is True
    assert config["server"]["enableXsrfProtection"] is True


def test_what_the_check_page_shows_is_the_cells_as_written(app: AppTest) -> None:
    """The grid is a view, not a file: the values are shown exactly (the person has to
    see what Upflow will import)."""
    at = ok(app.file_uploader(key="check_upload").set_value((NAME, customers_csv(),
                                                             "text/csv")).run())
    shown = pd.concat([frame.value.astype(str) for frame in at.dataframe])
    texts = set(shown.to_numpy().ravel())
    assert set(ATTACKS) <= texts
