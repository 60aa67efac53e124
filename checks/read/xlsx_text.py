"""The `_xHHHH_` escapes of workbook text, decoded as Excel decodes them.

Office Open XML writes a character XML cannot hold (a carriage return kept in a cell,
other control characters) as `_xHHHH_`, its code in hexadecimal: `abc_x000D_` is
"abc" and a carriage return. An underscore that would start such an escape by
accident is itself escaped as `_x005F_`: `_x005F_x000D_` is the text "_x000D_".

openpyxl leaves inline strings escaped and only strips `x005F_` from shared strings
(which turns "_x005F_x000D_" into an escape it cannot tell from a real one), so the
reader takes the shared strings as written (`shared_strings`) and decodes every
text once (`decoded`).
"""

from __future__ import annotations

import re
from typing import IO

#: One escape: `_x`, four hexadecimal digits, `_`. Matched left to right without
#: overlap, so `_x005F_` consumes its underscore before what follows can use it.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ESCAPE_BYTES = re.compile(rb"_x[0-9A-Fa-f]{4}_")

#: The shared strings table's item (`si`) in the usual namespace.
_ITEM = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}si"


def decoded(text: str) -> str:
    """`text` with its `_xHHHH_` escapes replaced by the characters they stand for."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def has_escapes(content: bytes) -> bool:
    """Whether an XML part may hold an escape (then its strings are read again)."""
    return _ESCAPE_BYTES.search(content) is not None


def shared_strings(source: IO[bytes]) -> list[str]:
    """The shared strings table's texts with their escapes kept (the whole text of an
    item: rich text runs joined, phonetic guides left out, as openpyxl reads it)."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.functions import iterparse

    texts: list[str] = []
    for _event, node in iterparse(source):
        if node.tag == _ITEM:
            texts.append(Text.from_tree(node).content)
            node.clear()
    return texts

