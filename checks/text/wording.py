"""Counts in the sentences people read: "1 error", "2 errors", never "1 errors".

One place for it, so every page, message and export says counts the same way
(thousands separated, the noun agreeing with the number).
"""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """The noun as it goes after `count`: "line" for one, "lines" otherwise."""
    return noun if count == 1 else f"{noun}s"


def counted(count: int, noun: str) -> str:
    """`count` and its noun: "1 line", "1,250 lines"."""
    return f"{count:,} {plural(count, noun)}"
