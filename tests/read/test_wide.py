"""A very wide file (issue 20): Excel's widest sheet, 16,384 columns, saved as CSV with
two lines, reads whole and checks correctly. How fast is `bench/wide.py`'s figure (cells
per second against a usual shape), not a test: nothing here is timed."""

from __future__ import annotations

from pathlib import Path

from bench.wide import Shape, csv_of
from checks.check.validate import check_table
from checks.definitions.document import demo_definitions
from checks.read import read_file, read_table

EXCEL_COLUMNS = 16_384


def test_the_widest_sheet_reads_whole(tmp_path: Path) -> None:
    data = csv_of(Shape(EXCEL_COLUMNS, 2))
    path = tmp_path / "wide.csv"
    path.write_bytes(data)
    for table in (read_table(data, "wide.csv"), read_file(path)):
        assert len(table.headers) == EXCEL_COLUMNS
        assert table.headers[:3] == ("Customer name", "Customer ID", "Town")
        assert table.headers[-1] == f"Extra {EXCEL_COLUMNS - 4}"
        assert table.data.shape == (2, EXCEL_COLUMNS)
        assert table.data.index.tolist() == [2, 3]
        assert table.data.iloc[1, -1] == "v2" and table.data.iloc[0, 0] == "Customer 1"
        assert table.findings.empty
        assert table.trailing_rows == ()


def test_a_wide_file_checks_correctly() -> None:
    columns = 2_000
    table = read_table(csv_of(Shape(columns, 2)), "wide.csv")
    result = check_table(table, demo_definitions())
    rules = result.findings["rule"].value_counts().to_dict()
    assert rules.pop("unknown_column") == columns - 3
    assert not (result.findings["severity"] == "error").any(), rules
    assert {"Customer name", "Customer ID", "Town"} <= {
        column.header for column in result.mapping.columns if column.target}
