"""The separators Upflow's importer reads: the one definition every step uses.

Reading detects one of them (or takes the person's choice), the export writes one,
the command line and the pages offer them, all from here.
"""

from __future__ import annotations

from checks.model.errors import UsageError

SEPARATORS: tuple[str, ...] = (";", ",", "|")

#: Each separator in words, for people (pages, messages).
SEPARATOR_NAMES: dict[str, str] = {";": "semicolon (;)", ",": "comma (,)", "|": "pipe (|)"}


def check_separator(separator: str) -> str:
    """`separator` when Upflow reads it, else the usage error people and the CLI see."""
    if separator not in SEPARATORS:
        raise UsageError(f"The separator must be one of {' '.join(SEPARATORS)}, "
                         f"not {separator!r}.")
    return separator
