"""Excel's limits, in one place, and when the Data sheet's zip entry needs ZIP64.

The other modules of the report read these as attributes of this module
(`limits.MAX_ROWS`), never as copies made by `from … import`: lowering a limit here
(the tests do, with monkeypatch) then changes every sheet at once, as Excel's real
limit does.
"""

from __future__ import annotations

import pandas as pd

#: Excel's limits (rows include the header row).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767

#: Longest comment text: Excel holds more, but nobody reads a longer comment.
MAX_COMMENT_CHARS = 8_000


def is_huge(data: pd.DataFrame) -> bool:
    """Whether the Data sheet's XML may pass 2 GiB, so that its zip entry needs ZIP64
    (only then: ZIP64 headers are left out of ordinary files). About 80 bytes of XML
    a cell plus its text."""
    if data.size * 80 < 1_000_000_000 and data.size * MAX_CELL_CHARS < 1_000_000_000:
        return False
    chars = sum(int(data[name].str.len().sum()) for name in data.columns)
    return data.size * 80 + chars * 1.2 > 1_800_000_000
