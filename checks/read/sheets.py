"""What every workbook reader (XLSX, XLS, ODS) shares once it has a sheet's rows as
text: which sheet to read, and how the rows become a Table.

Row numbers are the sheet's own: the header is the first row with a value, empty rows
are skipped without renumbering, and trailing columns with neither header nor data
are dropped (formatting often makes sheets look wider than their data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checks.model.errors import UnreadableFileError
from checks.model.findings import findings_frame
from checks.model.table import Table
from checks.read.common import fit, header_findings, text_frame


@dataclass(frozen=True)
class SheetRows:
    """The non-empty rows of a sheet as text, with their sheet row numbers."""

    rows: list[list[str]]
    numbers: list[int]


NO_ROWS = SheetRows([], [])


def trim_cells(cells: list[str]) -> list[str]:
    """The row cut after its last non-empty cell (in place)."""
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def choose_sheet(names: tuple[str, ...], sheet: str | None, file_name: str, *,
                 rows_of: Callable[[str], SheetRows],
                 hidden: Callable[[str], bool]) -> tuple[str | None, SheetRows]:
    """The requested sheet, or the first visible sheet with data (then the first
    hidden one: a workbook whose only data is hidden is still that data)."""
    if sheet is not None:
        chosen = resolve_sheet_name(sheet, names, file_name)
        return chosen, rows_of(chosen)
    for title in sorted(names, key=hidden):
        content = rows_of(title)
        if content.rows:
            return title, content
    return (names[0] if names else None), NO_ROWS


def resolve_sheet_name(sheet: str, names: Sequence[str], file_name: str) -> str:
    """The exact sheet name, else the one sheet equal ignoring case and surrounding
    spaces (people type sheet names on the command line)."""
    if sheet in names:
        return sheet
    loose = [title for title in names if title.strip().casefold() == sheet.strip().casefold()]
    if len(loose) == 1:
        return loose[0]
    available = ", ".join(f"'{title}'" for title in names) or "none"
    raise UnreadableFileError(
        f"The sheet '{sheet}' does not exist in {file_name}. Its sheets are: {available}.")


def sheet_table(name: str, sheets: tuple[str, ...], sheet: str | None,
                content: SheetRows) -> Table:
    """Header = first non-empty row; width = the widest non-empty row."""
    if not content.rows:
        headers: tuple[str, ...] = ()
        frame = text_frame([], 0, [])
    else:
        width = max(len(row) for row in content.rows)
        headers = tuple(fit(content.rows[0], width))
        body = [fit(row, width) for row in content.rows[1:]]
        frame = text_frame(body, width, content.numbers[1:])
    what = f"sheet '{sheet}'" if sheet is not None else "workbook"
    findings = header_findings(headers, frame, what=what)
    return Table(name=name, headers=headers, data=frame, sheet=sheet, sheets=sheets,
                 findings=findings_frame(findings))
