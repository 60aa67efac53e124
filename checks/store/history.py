"""The check history: what one check leaves behind, as the store keeps it.

A check is kept as counts only (`CheckSummary`): the file's name, how many rows and
columns it had, how many errors, warnings and infos were found, and how many findings
each rule gave. One line per uploaded file and sheet: checking the same upload again
(another mapping, recipe or option) updates its line, keyed by a random token the
session made for that upload. Never a cell value, never a header: the history is shared by the whole
team and kept for as long as the database lives, while the file itself never leaves
the session of the person who checked it.

The store (`checks/store/database.py`) writes and queries it as the typed frame made
here; `checks/views/history.py` shapes that frame for the History page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PureWindowsPath
from typing import Any

import pandas as pd

from checks.check.validate import CheckResult

# The frame `Store.history` returns, newest check first.
HISTORY_COLUMNS: tuple[str, ...] = (
    "id", "checked_at", "file_name", "rows", "columns", "errors", "warnings", "infos",
    "by_rule", "organization", "revision")


@dataclass(frozen=True)
class CheckSummary:
    """One check as the history keeps it: counts and names, nothing from the cells."""

    file_name: str
    rows: int
    columns: int
    errors: int
    warnings: int
    infos: int
    organization: str
    revision: int | None = None
    by_rule: Mapping[str, int] = field(default_factory=dict)
    # The upload (file and sheet) checked: a random token, so that checking the same
    # upload again updates its line. None: a line of its own.
    upload: str | None = None

    @classmethod
    def of(cls, result: CheckResult, file_name: str, revision: int | None = None,
           upload: str | None = None) -> CheckSummary:
        """The summary of a check. Only the file's own name is kept (a browser may send
        a path); the definitions' revision says which rules the counts come from."""
        summary = result.summary
        return cls(file_name=PureWindowsPath(file_name).name, rows=result.table.rows,
                   columns=len(result.table.headers), errors=summary.errors,
                   warnings=summary.warnings, infos=summary.infos,
                   organization=result.definitions.organization, revision=revision,
                   by_rule=dict(sorted(summary.by_rule.items())), upload=upload)


def empty_history() -> pd.DataFrame:
    """The history frame with no check in it, typed like a full one."""
    return pd.DataFrame({
        "id": pd.Series(dtype="int64"),
        "checked_at": pd.Series(dtype="datetime64[us, UTC]"),
        "file_name": pd.Series(dtype="str"),
        **{name: pd.Series(dtype="int64")
           for name in ("rows", "columns", "errors", "warnings", "infos")},
        "by_rule": pd.Series(dtype="object"),
        "organization": pd.Series(dtype="str"),
        "revision": pd.Series(dtype="Int64"),
    })


def history_frame(records: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The store's rows (already decoded) as the typed history frame."""
    if not records:
        return empty_history()
    frame = pd.DataFrame(list(records), columns=list(HISTORY_COLUMNS))
    frame["checked_at"] = pd.to_datetime(frame["checked_at"], utc=True).astype(
        "datetime64[us, UTC]")
    return frame.astype(empty_history().dtypes.drop("checked_at").to_dict())


def history_record(row: Any, checked_at: datetime) -> dict[str, object]:
    """One stored line (a database row) as a history frame record, with its time read
    back as UTC by the store and its counts by rule decoded."""
    return {"id": row.id, "checked_at": checked_at, "file_name": row.file_name,
            "rows": row.row_count, "columns": row.column_count, "errors": row.errors,
            "warnings": row.warnings, "infos": row.infos, "by_rule": _by_rule(row.by_rule),
            "organization": row.organization, "revision": row.definitions_revision}


def _by_rule(document: str) -> dict[str, int]:
    """The stored counts per rule; a line edited by hand into something else counts
    nothing rather than hiding the whole history."""
    try:
        decoded = json.loads(document)
    except ValueError:
        return {}
    if not isinstance(decoded, dict):
        return {}
    return {str(rule): int(count) for rule, count in decoded.items()
            if isinstance(count, int)}
