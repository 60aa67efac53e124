"""A file of many columns on the pages (issue 20: Excel's widest sheet is 16,384
columns). One mapping picker per column and a grid of every column cost a 2,000-column
file 16 s to show and as long for every click; above `MANY_COLUMNS` the pages show one
picker for a chosen column and a window of columns at a time. What is shown must
still be the engine's: the far column's error is found, remapped and corrected."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from checks.map.headers import IGNORE
from checks.views.paging import MANY_COLUMNS, WINDOW, windows
from tests.read.files import csv_bytes
from ui import session

#: The file's columns: the customer, 198 extra columns, a workflow (position 200) and
#: 99 notes; line 3's workflow is unknown, the only error.
HEADERS = ["Customer name", "Customer ID", *(f"Extra {n}" for n in range(198)), "Workflow",
           *(f"Note {n}" for n in range(99))]
WORKFLOW = 200


def wide_file() -> bytes:
    lines = [[f"Customer {i}", f"C-{i}", *([f"x{i}"] * 198),
              "Gold plan" if i == 1 else "Standard", *(["n"] * 99)] for i in range(3)]
    return csv_bytes([HEADERS, *lines])


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def errors(at: AppTest) -> str:
    return next(metric.value for metric in at.metric if metric.label == "Errors")


def grid_columns(at: AppTest) -> list[str]:
    return list(at.dataframe(key="check_grid").value.columns)


@pytest.fixture
def wide(open_page: Callable[[str], AppTest]) -> AppTest:
    at = open_page("check")
    at.file_uploader(key="check_upload").set_value(("wide.csv", wide_file(), "text/csv"))
    return run(at)


def test_the_file_is_wide_enough_to_be_shown_a_window_at_a_time() -> None:
    assert len(HEADERS) > MANY_COLUMNS > WINDOW


def test_the_mapping_has_one_picker_for_the_column_chosen(wide: AppTest) -> None:
    pickers = [box for box in wide.selectbox if str(box.key).startswith("check_map_")]
    assert [box.key for box in pickers] == ["check_map_which", "check_map_2"]
    assert pickers[0].value == 2  # the first unknown column: "Extra 0"
    assert errors(wide) == "1"
    wide.selectbox(key="check_map_which").set_value(WORKFLOW)
    run(wide)
    assert wide.selectbox(key=f"check_map_{WORKFLOW}").value == "(as detected)"
    wide.selectbox(key=f"check_map_{WORKFLOW}").select("(ignore this column)")
    run(wide)
    assert wide.session_state[session.CHOICES].override_map == {WORKFLOW: IGNORE}
    assert errors(wide) == "0"


def test_the_grid_shows_a_window_of_columns_the_person_picks(wide: AppTest) -> None:
    assert grid_columns(wide) == ["Status", *HEADERS[:WINDOW]]
    far = next(number for number, window in enumerate(windows(len(HEADERS)))
               if window.start <= WORKFLOW < window.stop)
    wide.selectbox(key="check_window").select_index(far)
    run(wide)
    assert "Workflow" in grid_columns(wide)
    assert len(grid_columns(wide)) == 1 + WINDOW
    status = wide.dataframe(key="check_grid").value["Status"].tolist()
    assert sum("Workflow" in text for text in status) == 1  # line 3 says its problem


def test_the_columns_chosen_in_the_filter_are_the_ones_shown(wide: AppTest) -> None:
    wide.multiselect(key="check_columns").select("Workflow")
    run(wide)
    assert grid_columns(wide) == ["Status", "Workflow"]
    assert [int(row) for row in wide.dataframe(key="check_grid").value.index] == [3]


def test_the_fix_page_offers_the_column_to_correct(wide: AppTest) -> None:
    wide.switch_page("pages/fix.py")
    run(wide)
    editors = [e for e in wide.data_editor if e.key and e.key.startswith("fix_editor_")]
    assert len(editors) == 1
    columns = list(editors[0].value.columns)
    assert columns[2:] == ["Workflow"] and len(columns) == 3  # "To correct", "Status" first
    wide.session_state[editors[0].key] = {"edited_rows": {0: {"Workflow": "Standard"}},
                                          "added_rows": [], "deleted_rows": []}
    run(wide)
    grid = [e for e in wide.data_editor if e.key.startswith("fix_editor_")][0].value
    assert list(grid.columns[2:]) == ["Workflow"]  # the corrected column stays in view
    assert grid.loc[3, "Workflow"] == "Standard" and grid.loc[3, "To correct"] == ""
    wide.selectbox(key="fix_window").select_index(1)  # the first window of columns
    run(wide)
    grid = [e for e in wide.data_editor if e.key.startswith("fix_editor_")][0].value
    assert list(grid.columns[2:]) == HEADERS[:WINDOW]
