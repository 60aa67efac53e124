"""Small builders shared by the tests: files are made in code, not kept as binaries."""

from __future__ import annotations

import pandas as pd

from checks import CheckOptions, Definitions, check_table, demo_definitions, read_table

DEFS = demo_definitions()


def check_text(text: str, definitions: Definitions = DEFS, *, name: str = "file.csv",
               options: CheckOptions | None = None, encoding: str = "utf-8") -> pd.DataFrame:
    table = read_table(text.encode(encoding), name)
    return check_table(table, definitions, options).findings


def check_bytes(data: bytes, definitions: Definitions = DEFS, *,
                name: str = "file.csv") -> pd.DataFrame:
    return check_table(read_table(data, name), definitions).findings


def flat(findings: pd.DataFrame) -> list[list]:
    """[[row, column, rule]]: the view tests assert on, readable like the spec."""
    rows = findings["row"].astype(object).where(findings["row"].notna(), None)
    return [[r, c, rule] for r, c, rule in zip(rows, findings["column"], findings["rule"],
                                               strict=True)]
