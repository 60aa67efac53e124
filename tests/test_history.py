"""The history's views: local times and days, the listed table, its CSV, the trend."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from checks.i18n import use_language
from checks.store.history import HISTORY_COLUMNS, empty_history, history_frame
from checks.views.history import day_range, history_csv, history_table, time_zone, trend_figure

PARIS = ZoneInfo("Europe/Paris")


def frame() -> pd.DataFrame:
    """Two checks as the store returns them: newest first."""
    return history_frame([
        {"id": 2, "checked_at": datetime(2025, 7, 1, 22, 30, tzinfo=UTC),
         "file_name": "=HYPERLINK(x).csv", "rows": 10, "columns": 4, "errors": 0,
         "warnings": 2, "infos": 1, "by_rule": {"unknown_column": 2, "blank_line": 1},
         "organization": "Acme", "revision": 3},
        {"id": 1, "checked_at": datetime(2025, 6, 30, 8, 0, tzinfo=UTC),
         "file_name": "clients.csv", "rows": 12, "columns": 4, "errors": 5, "warnings": 0,
         "infos": 0, "by_rule": {"number_format": 5}, "organization": "Acme",
         "revision": None},
    ])


def test_the_frame_is_typed_whether_empty_or_not() -> None:
    full, empty = frame(), empty_history()
    assert list(full.columns) == list(empty.columns) == list(HISTORY_COLUMNS)
    assert dict(full.dtypes) == dict(empty.dtypes)
    assert full["revision"].tolist() == [3, pd.NA]


def test_the_browser_time_zone_is_used_when_valid() -> None:
    assert time_zone("Europe/Paris") == PARIS
    for unusable in (None, "", "Not/AZone", "../etc/passwd"):
        assert time_zone(unusable) is UTC


def test_chosen_days_are_whole_local_days_in_utc() -> None:
    assert day_range((), PARIS) == (None, None)
    assert day_range((date(2025, 7, 1),), PARIS) == (datetime(2025, 6, 30, 22, tzinfo=UTC),
                                                     None)
    assert day_range((date(2025, 7, 1), date(2025, 7, 2)), PARIS) == (
        datetime(2025, 6, 30, 22, tzinfo=UTC), datetime(2025, 7, 2, 22, tzinfo=UTC))
    assert day_range((date(2025, 7, 1), date(2025, 7, 1)), UTC) == (
        datetime(2025, 7, 1, tzinfo=UTC), datetime(2025, 7, 2, tzinfo=UTC))


def test_the_list_shows_local_times_and_the_counts() -> None:
    table = history_table(frame(), PARIS)
    assert list(table.columns) == ["Checked", "File", "Rows", "Columns", "Errors",
                                   "Warnings", "Infos", "Organization",
                                   "Definitions revision"]
    assert table["Checked"].tolist() == ["2025-07-02 00:30", "2025-06-30 10:00"]
    assert table["File"].tolist() == ["=HYPERLINK(x).csv", "clients.csv"]
    assert table[["Errors", "Warnings", "Infos"]].values.tolist() == [[0, 2, 1], [5, 0, 0]]


def test_the_csv_holds_the_list_with_offsets_and_rules_and_no_formula() -> None:
    data = history_csv(frame(), PARIS)
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so a spreadsheet reads UTF-8"
    read = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert read.to_dict("records") == [
        {"Checked": "2025-07-02T00:30:00+02:00", "File": "'=HYPERLINK(x).csv", "Rows": "10",
         "Columns": "4", "Errors": "0", "Warnings": "2", "Infos": "1",
         "Organization": "Acme", "Definitions revision": "3",
         "Findings by rule": "blank_line: 1; Unknown column: 2"},
        {"Checked": "2025-06-30T10:00:00+02:00", "File": "clients.csv", "Rows": "12",
         "Columns": "4", "Errors": "5", "Warnings": "0", "Infos": "0",
         "Organization": "Acme", "Definitions revision": "",
         "Findings by rule": "Not a number Upflow reads: 5"}]


def test_the_csv_names_rules_by_their_titles_in_the_chosen_language() -> None:
    """Rules by title for people (a code the catalogue no longer knows, from an old
    record, stays as it was); headings in French when the session speaks French."""
    with use_language("fr"):
        data = history_csv(frame(), PARIS)
    read = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert data.startswith(b"\xef\xbb\xbf")
    assert read.columns[-1] == "Problèmes par règle"
    assert read.iloc[:, -1].tolist() == ["blank_line: 1; Colonne inconnue: 2",
                                         "Nombre illisible pour Upflow: 5"]


def test_an_empty_list_is_a_csv_with_headings_only() -> None:
    data = history_csv(empty_history(), UTC).decode("utf-8-sig")
    assert data == ("Checked,File,Rows,Columns,Errors,Warnings,Infos,Organization,"
                    "Definitions revision,Findings by rule\r\n")


def test_the_trend_draws_errors_and_warnings_oldest_first() -> None:
    figure = trend_figure(frame(), PARIS)
    errors, warnings = figure.data
    assert (errors.name, warnings.name) == ("Errors", "Warnings")
    assert list(errors.y) == [5, 0] and list(warnings.y) == [0, 2]
    # told apart without colour too: line and point shapes differ
    assert errors.line.dash != warnings.line.dash
    assert errors.marker.symbol != warnings.marker.symbol
    assert list(pd.to_datetime(errors.x)) == [pd.Timestamp("2025-06-30 10:00"),
                                              pd.Timestamp("2025-07-02 00:30")], "Paris time"
    assert [row[0] for row in errors.customdata] == ["clients.csv", "=HYPERLINK(x).csv"]
