"""Lines for a terminal: each line the command line prints stays one line, and nothing
in it drives the terminal.

Cell values reach the text output inside messages ('{value}'). A line break in one
would split a finding over two lines (breaking the one-line-per-finding layout that
people grep), and an escape sequence (ESC [ ...) would be obeyed by the terminal,
which can recolour, hide or rewrite what was printed. Every control character
(C0, DEL, C1, and the Unicode line and paragraph separators) is therefore shown as a
Python-style escape (\\n, \\x1b, \\u2028), as the JSON output escapes them too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_CONTROL_CODES = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
#: str.translate table: each control character to its visible escape.
ESCAPES: dict[int, str] = {
    code: _NAMED.get(chr(code), f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    for code in _CONTROL_CODES
}
#: The same characters as an RE2 class, to find the lines that need escaping.
_CONTROL_PATTERN = r"[\x00-\x1f\x7f-\x9f\x{2028}\x{2029}]"


def printable_lines(lines: Sequence[str]) -> list[str]:
    """The lines with their control characters escaped.

    Arrow finds the lines holding one (usually none, so 200,000 findings cost no
    Python loop); only those are rewritten.
    """
    if not lines:
        return []
    array = pa.array(lines, pa.large_string())
    flagged = np.flatnonzero(pc.match_substring_regex(array, _CONTROL_PATTERN)
                             .to_numpy(zero_copy_only=False))
    result = list(lines)
    for position in flagged.tolist():
        result[position] = result[position].translate(ESCAPES)
    return result
