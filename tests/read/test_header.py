"""Finding the table: titles, blank lines and notes above the header, empty leading
columns, totals and notes below the table, the sheet chosen by its content, and the
header row a person gives (checks/read/header.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks import UsageError, check_table
from checks.read import notices, read_table
from tests.fuzz.budget import examples
from tests.helpers import DEFS
from tests.read.files import csv_bytes, ods_bytes, xls_bytes, xlsx_bytes

HEADER = ["Customer name", "Customer ID", "Email", "Town", "Segment"]
RECORDS = [["Acme", "C-001", "not-an-email", "Paris", "SMB"],
           ["Beta", "C-002", "b@beta.example", "Lyon", "SMB"]]
TITLE = "Export clients – 03/12/2026"
FIELDS = [field.name for field in DEFS.custom_fields]


def french_excel_csv(*, tail: list[list[str]] = ()) -> bytes:
    """What Excel (French) saves: `;`, Windows-1252, a title and a blank line first."""
    rows = [[TITLE, "", "", "", ""], ["", "", "", "", ""], HEADER, *RECORDS, *tail]
    return csv_bytes(rows, ";", encoding="cp1252")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_a_title_and_a_blank_line_above_the_header_are_skipped(encoding: str) -> None:
    data = french_excel_csv().decode("cp1252").encode(encoding)
    table = read_table(data, "clients.csv", custom_fields=FIELDS)
    assert table.headers == tuple(HEADER)
    assert table.data.values.tolist() == RECORDS
    assert list(table.data.index) == [4, 5]
    assert table.header_row == 3 and table.separator == ";"
    assert notices(table) == ["Header found on row 3; rows 1–2 are skipped."]


def test_a_finding_on_the_first_customer_line_has_its_spreadsheet_row() -> None:
    result = check_table(read_table(french_excel_csv(), "clients.csv"), DEFS)
    assert set(result.findings["rule"]) & {"unknown_column"} == set()
    bad_email = result.findings[result.findings["column"] == "Email"]
    assert list(bad_email["row"].dropna()) == [4]


def test_a_title_without_separators_does_not_narrow_the_table() -> None:
    data = b"Export clients\n\nCustomer name,Email,Town\nAcme,a@acme.example,Paris\n"
    table = read_table(data, "clients.csv")
    assert table.separator == ","
    assert table.headers == ("Customer name", "Email", "Town")
    assert table.data.values.tolist() == [["Acme", "a@acme.example", "Paris"]]
    assert list(table.data.index) == [4]
    assert not (table.findings["rule"] == "ragged_row").any()


def test_a_note_line_above_the_header_is_skipped() -> None:
    rows = [["Clients actifs", "", ""], ["Source: Sage 100, extrait du 03/12", "", ""],
            ["Customer name", "Email", "Town"], ["Acme", "a@acme.example", "Paris"]]
    table = read_table(csv_bytes(rows), "clients.csv")
    assert table.header_row == 3 and list(table.data.index) == [4]
    assert notices(table)[0] == "Header found on row 3; rows 1–2 are skipped."


def test_the_same_file_from_disk_reads_the_same(tmp_path) -> None:
    from checks.read import read_file

    path = tmp_path / "clients.csv"
    path.write_bytes(french_excel_csv().decode("cp1252").encode("utf-8"))
    on_disk = read_file(path)
    in_memory = read_table(path.read_bytes(), "clients.csv")
    assert on_disk.headers == in_memory.headers and on_disk.header_row == 3
    assert on_disk.data.equals(in_memory.data)


def test_a_header_on_row_1_is_kept_even_when_a_later_line_names_columns() -> None:
    rows = [["Name", "Notes"], ["Acme", "Email"], ["Customer name", "Email"]]
    table = read_table(csv_bytes(rows), "x.csv")
    assert table.header_row == 1 and table.headers == ("Name", "Notes")
    assert list(table.data.index) == [2, 3]


def test_no_known_header_anywhere_keeps_row_1() -> None:
    rows = [["Titre", "", ""], ["a", "b", "c"], ["d", "e", "f"]]
    table = read_table(csv_bytes(rows), "x.csv")
    assert table.header_row == 1 and table.headers == ("Titre", "", "")
    assert notices(table) == []


def test_the_header_row_given_overrides_detection() -> None:
    table = read_table(french_excel_csv(), "clients.csv", header_row=1)
    assert table.header_row == 1 and table.headers[0] == TITLE
    assert list(table.data.index) == [3, 4, 5]
    again = read_table(french_excel_csv(), "clients.csv", header_row=4)
    assert again.header_row == 4 and again.headers == tuple(RECORDS[0])
    assert list(again.data.index) == [5]


@pytest.mark.parametrize("row", [0, -2])
def test_a_header_row_that_is_not_a_row_is_misuse(row: int) -> None:
    with pytest.raises(UsageError):
        read_table(french_excel_csv(), "clients.csv", header_row=row)


def test_custom_fields_count_in_the_score() -> None:
    rows = [["Clients actifs", ""], ["Segment", "Tags"], ["SMB", "vip"]]
    assert read_table(csv_bytes(rows), "x.csv").header_row == 1
    table = read_table(csv_bytes(rows), "x.csv", custom_fields=["Segment", "Tags"])
    assert table.header_row == 2 and table.headers == ("Segment", "Tags")


# ── XLSX ────────────────────────────────────────────────────────────────────────────

def test_a_workbook_title_blank_row_and_margin_column_are_skipped() -> None:
    sheet = [[None, TITLE], [], [None, *HEADER], *([None, *record] for record in RECORDS)]
    table = read_table(xlsx_bytes({"Clients": sheet}), "clients.xlsx")
    assert table.headers == tuple(HEADER)
    assert table.data.values.tolist() == RECORDS
    assert list(table.data.index) == [4, 5]
    assert (table.header_row, table.skipped_columns) == (3, 1)
    assert notices(table) == ["Header found on row 3; rows 1–2 are skipped.",
                              "Column A is empty and skipped."]


def test_the_sheet_whose_header_names_upflow_columns_is_read() -> None:
    readme = [["Lisez-moi"], ["Ce classeur contient l'export des clients."]]
    clients = [[TITLE], [], HEADER, *RECORDS]
    data = xlsx_bytes({"Lisez-moi": readme, "Clients": clients})
    table = read_table(data, "export.xlsx", custom_fields=FIELDS)
    assert table.sheet == "Clients" and table.header_row == 3
    assert list(table.data.index) == [4, 5]
    assert notices(table)[0] == ("Sheet Clients was read: its header has 5 Upflow "
                                 "columns; Lisez-moi has none.")
    chosen = read_table(data, "export.xlsx", sheet="Lisez-moi")
    assert chosen.sheet == "Lisez-moi" and chosen.sheet_scores == ()


def test_on_a_tie_the_first_sheet_is_read() -> None:
    data = xlsx_bytes({"A": [["Email"], ["a@a.example"]], "B": [["Email"], ["b@b.example"]]})
    assert read_table(data, "two.xlsx").sheet == "A"


def test_a_workbook_header_row_given_overrides_detection() -> None:
    data = xlsx_bytes({"Clients": [[TITLE], [], HEADER, *RECORDS]})
    table = read_table(data, "clients.xlsx", header_row=1)
    assert table.header_row == 1 and table.headers[0] == TITLE
    assert list(table.data.index) == [3, 4, 5]


# ── below the table ─────────────────────────────────────────────────────────────────

def test_a_totals_line_at_the_end_is_set_aside() -> None:
    header = ["Customer name", "Customer ID", "Credit limit"]
    rows = [header, ["Acme", "C-1", "1 000,50"], ["Beta", "C-2", "2 000"],
            ["Totaux", "", "3 000,50"]]
    table = read_table(csv_bytes(rows), "x.csv")
    assert list(table.data.index) == [2, 3]
    assert [(line.row, line.kind) for line in table.trailing_rows] == [(4, "total")]
    assert notices(table) == ["Row 4 (a total line) below the table is not a customer: it "
                              "is not checked and left out of the corrected file."]


def test_empty_first_cells_and_column_sums_are_a_totals_line() -> None:
    rows = [["Customer name", "Credit limit", "Days"], ["Acme", "10", "1"],
            ["Beta", "20", "2"], ["", "30", "3"], ["", "", ""],
            ["Exporté par Sage le 03/12", "", ""]]
    table = read_table(csv_bytes(rows), "x.csv")
    assert list(table.data.index) == [2, 3]
    assert [(line.row, line.kind) for line in table.trailing_rows] == [(4, "total"),
                                                                       (6, "note")]


def test_a_record_that_only_looks_short_is_kept() -> None:
    rows = [["Customer name", "Credit limit", "Days"], ["Acme", "10", "1"],
            ["Beta", "", ""], ["", "7", ""]]
    table = read_table(csv_bytes(rows), "x.csv")
    assert list(table.data.index) == [2, 3, 4] and table.trailing_rows == ()


# ── the property ────────────────────────────────────────────────────────────────────

UPFLOW_HEADERS = ["Customer name", "Customer ID", "Email", "Town", "Country", "Workflow",
                  "Account manager", "VAT number", "Parent customer ID"]
PLAIN = st.text(st.characters(whitelist_categories=("L", "Nd"), max_codepoint=0x24f),
                min_size=1, max_size=8)
JUNK = st.one_of(st.just("blank"), st.sampled_from(["Export clients – 03/12/2026",
                                                    "Liste des clients actifs",
                                                    "Note : montants en euros",
                                                    "Source: Sage 100"]))


@examples(under_ci=60)
@given(headers=st.lists(st.sampled_from(UPFLOW_HEADERS), min_size=1, max_size=4, unique=True),
       data=st.data(), junk=st.lists(JUNK, max_size=5), sep=st.sampled_from([";", ",", "|"]),
       workbook=st.booleans())
def test_junk_above_any_header_only_moves_the_row_numbers(headers, data, junk, sep,
                                                          workbook) -> None:
    width = len(headers)
    rows = data.draw(st.lists(st.lists(PLAIN, min_size=width, max_size=width), min_size=1,
                              max_size=4))
    above = [[""] * width if line == "blank" else [line, *[""] * (width - 1)]
             for line in junk]
    if workbook:
        plain = read_table(xlsx_bytes({"S": [headers, *rows]}), "x.xlsx")
        table = read_table(xlsx_bytes({"S": [[cell or None for cell in line]
                                             for line in above] + [headers, *rows]}),
                           "x.xlsx")
    else:
        plain = read_table(csv_bytes([headers, *rows], sep), "x.csv")
        table = read_table(csv_bytes([*above, headers, *rows], sep), "x.csv")
    assert table.headers == plain.headers == tuple(headers)
    assert table.data.values.tolist() == plain.data.values.tolist() == rows
    assert list(table.data.index) == [number + len(junk) for number in plain.data.index]
    assert table.header_row == 1 + len(junk)


@pytest.mark.parametrize("workbook", [False, True])
def test_a_header_row_past_the_end_says_so(workbook: bool) -> None:
    rows = [HEADER, *RECORDS]
    data = xlsx_bytes({"S": rows}) if workbook else csv_bytes(rows)
    table = read_table(data, "x.xlsx" if workbook else "x.csv", header_row=40)
    assert table.header_row == 40 and table.headers == ()
    (reason,) = table.unusable_reasons
    assert "nothing on row 40 or below it" in reason


def test_a_header_row_given_in_a_workbook_of_several_sheets() -> None:
    data = xlsx_bytes({"Lisez-moi": [["Lisez-moi"]], "Clients": [[TITLE], [], HEADER,
                                                                 *RECORDS]})
    table = read_table(data, "export.xlsx", header_row=3)
    assert table.sheet == "Clients" and table.headers == tuple(HEADER)


@pytest.mark.parametrize("rows", [
    [["0"], ["EMAIL"], ["a@b.example"]],                    # one cell that is no title
    [["Acme SAS"], ["Email"]],                              # a name: it may be the header
    [["Notes", "x"], ["Customer name", "Email"], ["A", "a@b.example"]],  # two cells above
])
def test_row_1_stays_the_header_unless_what_is_above_is_clearly_not_one(rows) -> None:
    table = read_table(csv_bytes(rows), "x.csv")
    assert table.header_row == 1 and table.headers == tuple(rows[0])


def test_a_title_that_reads_like_one_is_skipped_above_a_one_column_table() -> None:
    table = read_table(csv_bytes([["Liste des clients"], ["Email"], ["a@b.example"]]), "x.csv")
    assert table.header_row == 2 and table.headers == ("Email",)


@pytest.mark.parametrize("write", [ods_bytes, xls_bytes], ids=["ods", "xls"])
def test_old_and_libreoffice_workbooks_find_the_table_too(write) -> None:
    """.xls and .ods go through the same sheet choice and header finding as XLSX
    (checks/read/sheets.py): a read-me sheet first, a title and a blank row above."""
    readme = [["Lisez-moi"], ["Ce classeur contient l'export des clients."]]
    clients = [[TITLE], [], HEADER, *RECORDS]
    table = read_table(write({"Lisez-moi": readme, "Clients": clients}), "export.bin",
                       custom_fields=FIELDS)
    assert table.sheet == "Clients" and table.header_row == 3
    assert table.headers == tuple(HEADER)
    assert table.data.values.tolist() == RECORDS
    assert list(table.data.index) == [4, 5]
