"""What both CSV reading paths share: their result and the `ragged_row` finding."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from checks.i18n import ngettext
from checks.model.findings import Finding, finding


@dataclass(frozen=True)
class Parsed:
    """What a reading path read: header texts, the text frame (index = row numbers)
    and one `ragged_row` finding per record not as wide as the header."""

    headers: tuple[str, ...]
    frame: pd.DataFrame
    ragged: tuple[Finding, ...] = ()


def ragged_row(row: int, cells: int, header_cells: int) -> Finding:
    """The `ragged_row` finding: how many cells the record has against the header."""
    return finding("ragged_row", row=row, detail=ngettext(
        "{count} cell but the header has {header}", "{count} cells but the header has {header}",
        cells).format(count=cells, header=header_cells))
