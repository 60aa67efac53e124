"""The check page finds the table below a title and says so: the "Header found on row"
notice, the Header row field that re-reads the file, and the sheet chosen by its
header (checks/read/header.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from checks import RULES
from tests.app.test_check_page import XLSX, facts, listed, metrics, run, upload
from tests.read.files import xlsx_bytes
from tests.read.test_header import HEADER, RECORDS, TITLE, french_excel_csv
from ui import session


@pytest.fixture
def check_page(open_page: Callable[[str], AppTest]) -> AppTest:
    return open_page("check")


def notices(at: AppTest) -> list[str]:
    return [info.value.replace("\\", "") for info in at.info]


def test_a_title_above_the_header_is_skipped_and_said(check_page: AppTest) -> None:
    at = upload(check_page, "clients.csv", french_excel_csv())
    assert any("Header found on row 3; rows 1–2 are skipped." in text
               for text in notices(at))
    assert at.number_input(key="check_header_row").value == 3
    assert metrics(at)["Rows"] == "2"
    found = listed(at)
    assert RULES["unknown_column"].title not in set(found["Problem"])
    assert 4 in {int(row) for row in found["Row"].dropna()}
    assert not any("Ready for Upflow" in success.value for success in at.success)


def test_the_header_row_field_re_reads_the_file(check_page: AppTest) -> None:
    at = upload(check_page, "clients.csv", french_excel_csv())
    at.number_input(key="check_header_row").set_value(1)
    run(at)
    assert at.session_state[session.UPLOAD].header_row == 1
    assert metrics(at)["Rows"] == "3"
    assert not any("Header found" in text for text in notices(at))
    at.number_input(key="check_header_row").set_value(3)
    run(at)
    assert metrics(at)["Rows"] == "2"
    assert any("Header found on row 3" in text for text in notices(at))


def test_the_sheet_with_the_table_is_read_and_the_choice_said(check_page: AppTest) -> None:
    data = xlsx_bytes({"Lisez-moi": [["Ce classeur contient l'export des clients."]],
                       "Clients": [[TITLE], [], HEADER, *RECORDS]})
    at = upload(check_page, "export.xlsx", data, XLSX)
    assert at.selectbox(key="check_sheet").value == "Clients"
    said = " ".join(notices(at))
    assert ("Sheet Clients was read: its header has 5 Upflow columns; Lisez-moi has none."
            in said)
    assert "Header found on row 3; rows 1–2 are skipped." in said
    assert "Sheet: Clients" in facts(at)
    at.selectbox(key="check_sheet").select("Lisez-moi")
    run(at)
    assert at.session_state[session.UPLOAD].sheet == "Lisez-moi"
    assert at.number_input(key="check_header_row").value == 1


def test_the_fix_page_says_what_the_corrected_file_leaves_out(
        open_page: Callable[[str], AppTest]) -> None:
    at = upload(open_page("check"), "clients.csv",
                french_excel_csv(tail=[["", "", "", "", ""], ["Total", "", "", "", "2"]]))
    assert any("Row 7 (a total line) below the table is not a customer" in text
               for text in notices(at))
    at.switch_page("pages/fix.py")
    run(at)
    said = " ".join(notices(at))
    assert "Header found on row 3; rows 1–2 are skipped." in said
    assert "left out of the corrected file" in said


def test_a_workbook_number_shown_rounded_is_said(check_page: AppTest) -> None:
    from tests.read.files import Formatted

    rows = [["Customer name", "Customer ID", "Credit limit"],
            ["Acme", Formatted(201, "000000", ""), Formatted(12.3456, "#,##0.00 €", "")],
            ["Beta", Formatted(202, "000000", ""), Formatted(300, "#,##0.00 €", "")]]
    at = upload(check_page, "clients.xlsx", xlsx_bytes({"Clients": rows}), XLSX)
    said = " ".join(notices(at))
    assert ("Credit limit: 1 cell is shown rounded in the workbook (row 2 shows 12.35 for "
            "12.3456); the value stored in the cell is what is checked and exported.") in said
    assert "Customer ID" not in said
    at.switch_page("pages/fix.py")
    run(at)
    assert "Credit limit: 1 cell is shown rounded" in " ".join(notices(at))
