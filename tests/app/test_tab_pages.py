"""Tab-separated text on the pages: the Check page reads it (and offers Tab in its
separator picker), the Fix page writes the corrected file with `;` and says why."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from checks import ExportOptions, apply_fixes, export_csv
from tests.app.downloads import download, record_media
from tests.app.test_check_page import (
    engine,
    expected_metrics,
    facts,
    grid_cells,
    metrics,
    run,
    shown,
    upload,
)
from tests.app.test_fix_page import open_fix

ROWS = [["Customer name", "Customer ID", "Town"],
        ["Société Générale", "C1", "Besançon, Doubs; France"],
        ["Café de la Gare", "C2", "Orléans"]]
TEXT = "".join("\t".join(row) + "\r\n" for row in ROWS)
#: Excel's "Unicode Text": UTF-16 LE with its BOM, tabs, CRLF.
UNICODE_TEXT = ("\ufeff" + TEXT).encode("utf-16-le")
FILES = {"tab.txt": TEXT.encode("utf-8"), "tab_cp1252.txt": TEXT.encode("cp1252"),
         "unicode.txt": UNICODE_TEXT}


@pytest.fixture
def check_page(open_page: Callable[[str], AppTest]) -> AppTest:
    return open_page("check")


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_check_page_reads_tab_separated_text(check_page: AppTest, name: str) -> None:
    data = FILES[name]
    at = upload(check_page, name, data, "text/plain")
    expected = engine(data, name)
    assert expected.table.separator == "\t"
    assert metrics(at) == expected_metrics(expected)
    assert list(shown(at, "check_mapping_table")["Header"]) == ROWS[0]
    assert grid_cells(at).values.tolist() == ROWS[1:]
    assert "Separator: tab" in facts(at)
    picker = at.selectbox(key="check_separator")
    assert picker.value == "auto"
    assert picker.options == ["Detect", "Semicolon (;)", "Comma (,)", "Pipe (|)", "Tab"]


def test_tab_can_be_picked_on_the_check_page(check_page: AppTest) -> None:
    data = b"Customer name;x\tCustomer ID\r\nAcme;1\tC1\r\n"
    at = upload(check_page, "odd.txt", data, "text/plain")
    assert "Separator: semicolon (;)" in facts(at)
    at.selectbox(key="check_separator").select("\t")
    run(at)
    forced = engine(data, "odd.txt", separator="\t")
    assert list(shown(at, "check_mapping_table")["Header"]) == list(forced.table.headers)
    assert forced.table.headers == ("Customer name;x", "Customer ID")
    assert metrics(at) == expected_metrics(forced)
    assert "Separator: tab" in facts(at)


def test_the_fix_page_writes_semicolons_for_a_tab_file(app: AppTest,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    media = record_media(monkeypatch)
    at = open_fix(app, "unicode.txt", UNICODE_TEXT)
    assert at.radio(key="fix_separator").value == ";"
    assert any(caption.value.startswith("Your file was tab-separated; Upflow reads ; , or |, "
                                        "so the corrected file uses ; unless you choose "
                                        "another.") for caption in at.caption)
    fixed = apply_fixes(engine(UNICODE_TEXT, "unicode.txt"))
    served = download(at, "fix_download_csv", media).content
    assert served == export_csv(fixed.table, fixed.result.mapping, ExportOptions())
    assert served == export_csv(fixed.table, fixed.result.mapping,
                                ExportOptions(separator=";"))
    assert served.decode("utf-8").splitlines()[1] == (
        'Société Générale;C1;"Besançon, Doubs; France"')
    at.radio(key="fix_separator").set_value("|").run()
    assert download(at, "fix_download_csv", media).content.startswith(
        b"Customer name|Customer ID|Town\r\n")


def test_the_fix_page_says_nothing_for_a_semicolon_file(app: AppTest) -> None:
    at = open_fix(app, "export.csv", TEXT.replace("\t", "|").encode("utf-8"))
    assert at.radio(key="fix_separator").value == "|"
    assert not any("tab-separated" in caption.value for caption in at.caption)
