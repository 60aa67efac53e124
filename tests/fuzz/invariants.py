"""What every table the reader hands back must look like, whatever it was given."""

from __future__ import annotations

from checks.model.findings import FRAME_COLUMNS
from checks.model.table import Table
from checks.read.common import TEXT_DTYPE

READ_RULES = {"file_unreadable", "file_empty", "encoding_converted", "ragged_row",
              "duplicate_header"}


def assert_well_formed(table: Table) -> None:
    """The shape every reader promises (checks/read/common.py), whatever the input."""
    assert isinstance(table.headers, tuple)
    assert all(isinstance(header, str) for header in table.headers)
    data = table.data
    assert list(data.columns) == list(range(len(table.headers)))
    assert all(data[position].dtype == TEXT_DTYPE for position in data.columns)
    assert not data.isna().any().any()
    assert data.index.is_unique and data.index.is_monotonic_increasing
    assert data.empty or data.index[0] >= 2  # row 1 at least is the header
    findings = table.findings
    assert list(findings.columns) == list(FRAME_COLUMNS)  # RULES.md's, then position
    rules = set(findings["rule"])
    assert rules <= READ_RULES
    assert findings["message"].map(lambda text: isinstance(text, str) and text != "").all()
    if "file_unreadable" in rules:
        assert table.headers == () and data.empty and len(findings) == 1
    assert set(findings["row"].dropna()) <= set(data.index)  # ragged rows are kept
