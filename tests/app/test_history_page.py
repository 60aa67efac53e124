"""History: checks of the session land in the team's history, once each, and the page
lists them newest first, filters them, draws their trend and serves them as CSV."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from checks.store.database import Store, StoreError, check_history
from tests.app.conftest import SAMPLES
from tests.app.downloads import download, record_media

# Every cell holds "qwyxz" or "qx-77": neither may ever reach the database.
FIRST = (b"Customer name;Customer ID;Account manager;Credit limit\n"
         b"Qwyxz Holdings;QX-7781;zqx.nobody@qwyxz.example;lots-of-qwyxz\n"
         b"Qwyxz Sub;QX-7782;zqx.nobody2@qwyxz.example;12\n")
SECOND = b"Customer name;Customer ID\nAcme Holdings;000123\nGlobex SA;000124\n"
LISTED = ["Checked", "File", "Rows", "Columns", "Errors", "Warnings", "Infos",
          "Organization", "Definitions revision"]


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    return record_media(monkeypatch)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="check_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def two_checks(app: AppTest) -> AppTest:
    upload(app, "first.csv", FIRST)
    return upload(app, "second.csv", SECOND)


def open_history(at: AppTest) -> AppTest:
    at.switch_page("pages/history.py").run()
    assert not at.exception, at.exception
    return at


def listed(at: AppTest) -> pd.DataFrame:
    return at.get_by_key("history_list").dataframe[0].value


def stored_rows(url: str) -> list[tuple]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(sa.select(check_history))]
    engine.dispose()
    return rows


def test_an_empty_history_is_an_info(open_page) -> None:
    at = open_page("history")
    assert "No file has been checked yet" in at.info[0].value
    assert not at.get("plotly_chart")
    assert not at.get("download_button")


def test_two_checks_in_a_row_are_listed_newest_first_with_their_counts(
        app: AppTest) -> None:
    at = open_history(two_checks(app))
    table = listed(at)
    assert list(table.columns) == LISTED
    assert table[LISTED[1:]].values.tolist() == [
        ["second.csv", 2, 2, 0, 0, 0, "Northwind Trading", 1],
        ["first.csv", 2, 4, 3, 0, 0, "Northwind Trading", 1]]
    checked = pd.to_datetime(table["Checked"])
    assert checked.is_monotonic_decreasing
    assert (datetime.now(UTC).replace(tzinfo=None) - checked).max() < timedelta(minutes=5)
    assert at.subheader[-1].value == "Files checked (2)"
    assert len(at.get("plotly_chart")) == 1, "the trend chart"


def test_the_filters_narrow_the_list(app: AppTest) -> None:
    at = open_history(two_checks(app))
    at.text_input(key="history_file").input("SECOND").run()
    assert listed(at)["File"].tolist() == ["second.csv"]
    at.text_input(key="history_file").input("").run()
    organization = at.selectbox(key="history_organization")
    assert organization.options == ["Every organization", "Northwind Trading"]
    organization.select("Northwind Trading").run()
    assert listed(at)["File"].tolist() == ["second.csv", "first.csv"]
    today = datetime.now(UTC).date()
    at.date_input(key="history_days").set_value((today, today)).run()
    assert listed(at)["File"].tolist() == ["second.csv", "first.csv"]
    yesterday = today - timedelta(days=1)
    at.date_input(key="history_days").set_value((yesterday, yesterday)).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["No check matches these filters."]
    assert not at.get("plotly_chart")


def test_the_download_holds_the_filtered_list(app: AppTest, media: list) -> None:
    at = open_history(two_checks(app))
    served = download(at, "history_download", media)
    assert (served.file_name, served.mime) == ("preflight_history.csv", "text/csv")
    rows = pd.read_csv(io.BytesIO(served.content), encoding="utf-8-sig")
    assert rows["File"].tolist() == ["second.csv", "first.csv"]
    assert rows["Errors"].tolist() == [0, 3]
    assert rows["Findings by rule"].fillna("").tolist() == [
        "", "Account manager not found: 2; Not a number Upflow reads: 1"]
    at.text_input(key="history_file").input("first").run()
    rows = pd.read_csv(io.BytesIO(download(at, "history_download", media).content),
                       encoding="utf-8-sig")
    assert rows["File"].tolist() == ["first.csv"]


def test_reruns_and_other_pages_do_not_record_the_check_again(app: AppTest,
                                                              own_database: str) -> None:
    upload(app, "customers_messy.csv", (SAMPLES / "customers_messy.csv").read_bytes())
    app.run()
    app.switch_page("pages/fix.py").run()
    assert not app.exception, app.exception
    assert len(app.toggle) >= 2
    for toggle in app.toggle:  # a fix switched off re-checks the fixed table only
        toggle.set_value(False).run()
        assert not app.exception, app.exception
    app.switch_page("pages/check.py").run()
    assert len(stored_rows(own_database)) == 1
    assert listed(open_history(app))["File"].tolist() == ["customers_messy.csv"]


def test_a_check_against_new_definitions_is_recorded(app: AppTest,
                                                      own_database: str) -> None:
    """A teammate's edit makes the next run another check of the same upload: its line
    takes the new revision."""
    upload(app, "first.csv", FIRST)
    teammate = Store(sa.create_engine(own_database))
    active = teammate.active_definitions().definitions
    teammate.save_definitions(replace(active, organization="Renamed Co"), "teammate")
    teammate.engine.dispose()
    app.run()
    table = listed(open_history(app))
    assert table[["Organization", "Definitions revision"]].values.tolist() == [
        ["Renamed Co", 2]], "the same upload checked again: its line now says the new check"


def test_the_database_never_holds_a_value_of_the_file(app: AppTest,
                                                      own_database: str) -> None:
    two_checks(app)
    upload(app, "customers_messy.csv", (SAMPLES / "customers_messy.csv").read_bytes())
    rows = stored_rows(own_database)
    assert len(rows) == 3
    stored = " | ".join(str(cell) for row in rows for cell in row).lower()
    for secret in ("qwyxz", "qx-77", "acme holdings", "camille.martin", "250 000,00",
                   "hyperlink", "favourite colour"):
        assert secret not in stored


def test_a_history_that_cannot_be_written_does_not_stop_the_check(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Store, summary: object) -> int:
        raise StoreError("Could not save the check in the history database.")
    monkeypatch.setattr(Store, "record_check", broken)
    at = upload(app, "first.csv", FIRST)
    assert {m.label: m.value for m in at.metric}["Errors"] == "3"
    assert [t.value for t in at.toast] == ["This check could not be added to the history."]


def trend_points(at: AppTest) -> list[int]:
    """The number of points of each trace of the History page's trend."""
    import json
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [len(trace["x"]) for trace in figure["data"]]


def test_a_file_remapped_and_rechecked_is_one_line_and_one_point(
        app: AppTest, own_database: str) -> None:
    """Nine mapping changes used to give nine lines and a trend rising as columns were
    mapped: the upload is one file, so one line with the latest counts."""
    upload(app, "first.csv", FIRST)
    errors = [{m.label: m.value for m in app.metric}["Errors"]]
    for position, choice in ((3, "(ignore this column)"), (2, "(ignore this column)"),
                             (3, "(as detected)")):
        app.selectbox(key=f"check_map_{position}").select(choice).run()
        assert not app.exception, app.exception
        errors.append({m.label: m.value for m in app.metric}["Errors"])
    app.selectbox(key="check_date_order").select_index(1).run()
    assert len(set(errors)) > 1, "the mapping changes did change the check"
    rows = stored_rows(own_database)
    assert len(rows) == 1
    at = open_history(app)
    table = listed(at)
    assert table[["File", "Errors"]].values.tolist() == [["first.csv", int(errors[-1])]]
    assert trend_points(at) == [1, 1]


def test_another_upload_of_the_same_file_is_another_line(app: AppTest,
                                                         own_database: str) -> None:
    upload(app, "first.csv", FIRST)
    app.selectbox(key="check_map_3").select("(ignore this column)").run()
    upload(app, "first.csv", FIRST + b"Qwyxz Third;QX-7783;;\n")
    table = listed(open_history(app))
    assert table[["File", "Rows"]].values.tolist() == [["first.csv", 3], ["first.csv", 2]]


def test_each_sheet_of_a_workbook_is_a_line_of_its_own(app: AppTest,
                                                       own_database: str) -> None:
    from tests.read.files import xlsx_bytes
    workbook = xlsx_bytes({
        "March": [["Customer name", "Customer ID"], ["Acme Holdings", "C1"]],
        "April": [["Customer name", "Customer ID"], ["Globex SA", "C2"], ["Initech", "C3"]]})
    app.file_uploader(key="check_upload").set_value(
        ("clients.xlsx", workbook, "application/octet-stream")).run()
    assert not app.exception, app.exception
    app.selectbox(key="check_sheet").select("April").run()
    app.selectbox(key="check_sheet").select("March").run()
    assert not app.exception, app.exception
    table = listed(open_history(app))
    assert sorted(table["Rows"].tolist()) == [1, 2], "one line per sheet, not per visit"
