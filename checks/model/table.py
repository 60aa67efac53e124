"""The Table: an uploaded file as text cells, with where every record came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from checks.model.findings import empty_findings, rule_messages

#: The reading findings that leave nothing to check.
UNUSABLE_RULES: tuple[str, ...] = ("file_unreadable", "file_empty")


@dataclass(frozen=True)
class SetAside:
    """A line below the table that is not a record (a totals line, a note): reported,
    never checked as a customer, and left out of the corrected file."""

    row: int                 # its spreadsheet row number
    cells: tuple[str, ...]   # its cells, as written
    kind: str                # "total" or "note"


@dataclass(frozen=True)
class ShownDifferently:
    """Number cells of one column that a workbook displays in a way that changes their
    meaning (rounded, or as a percentage): the stored value is what is checked and
    exported, and the person is told so (`checks.read.number_display`)."""

    position: int   # the column's position in the Table
    kind: str       # "rounded" or "percent"
    cells: int      # how many of its records
    row: int        # the spreadsheet row of the example
    shown: str      # the example as the workbook showed it ("12.35", "15%")
    stored: str     # and as it is read and exported ("12.3456", "0.15")


@dataclass(frozen=True)
class Table:
    """Every cell as text, exactly as written.

    `data` has one column per header *position* (0, 1, 2, …) so that duplicate or
    empty headers never collide; `headers` holds the header texts as written (a BOM
    excluded). `data.index` holds the spreadsheet row number of each record
    (the header's row, `header_row`, excluded). `findings` holds what reading found
    (file-level rules).

    Finding the table (`checks.read.header`): `header_row` is the spreadsheet row of
    the header (1 when nothing above it was skipped; the rows above it are not read),
    `skipped_columns` how many empty leading columns were left out, `trailing_rows`
    the lines below the table that are not records, and `sheet_scores` how many
    Upflow columns each sheet's header has, when the sheet was chosen by content.
    `shown_differently` lists the workbook number cells whose display (rounded, a
    percentage) is not the value that is exported. `number_formats_lost`: the
    workbook's stylesheet could not be used, so its numbers were read without their
    number formats (a date shows as its serial number, an ID may lose leading zeros).
    """

    name: str
    headers: tuple[str, ...]
    data: pd.DataFrame
    separator: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    findings: pd.DataFrame = field(default_factory=empty_findings)
    header_row: int = 1
    skipped_columns: int = 0
    trailing_rows: tuple[SetAside, ...] = ()
    sheet_scores: tuple[tuple[str, int], ...] = ()
    shown_differently: tuple[ShownDifferently, ...] = ()
    number_formats_lost: bool = False

    @property
    def rows(self) -> int:
        return len(self.data)

    @property
    def unreadable_reason(self) -> str | None:
        """Why the file could not be read at all (its `file_unreadable` finding), or
        None when it was read."""
        reasons = rule_messages(self.findings, "file_unreadable")
        return reasons[0] if reasons else None

    @property
    def unusable_reasons(self) -> list[str]:
        """Why there is nothing to check in the file (it cannot be read, or it holds no
        header or no line), in the reader's words; empty when it can be checked."""
        return rule_messages(self.findings, *UNUSABLE_RULES)

    def column(self, position: int) -> pd.Series:
        return self.data[position]

    def with_data(self, data: pd.DataFrame) -> Table:
        from dataclasses import replace

        return replace(self, data=data)
