"""The Findings table: the one structure everything downstream of validation reads.

One row per problem, with the columns of RULES.md. It is a pandas DataFrame so
pages, charts and exports can filter and group it without loops; `finding()` builds
the few file- and column-level rows by hand, `cell_findings()` builds cell rows in
bulk from vectorised results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

from checks.rules import RULES, VALUE_RULE_PRIORITY, Severity

FINDING_COLUMNS: tuple[str, ...] = ("row", "column", "value", "rule", "severity", "message", "fix")

_SEVERITY_ORDER = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}


@dataclass(frozen=True)
class Finding:
    """One problem; a row of the Findings table."""

    row: int | None
    column: str | None
    value: str | None
    rule: str
    severity: str
    message: str
    fix: str | None = None


def _fill(template: str, *, column: object = "", value: object = "", fix: object = "",
          detail: object = "") -> str:
    return template.format(column=column, value=value, fix=fix, detail=detail)


def finding(rule_code: str, *, row: int | None = None, column: str | None = None,
            value: str | None = None, fix: str | None = None, detail: str = "") -> Finding:
    """A single finding with its message filled from the catalogue's template."""
    entry = RULES[rule_code]
    message = _fill(entry.message, column=column or "", value=value or "", fix=fix or "",
                    detail=detail)
    return Finding(row, column, value, rule_code, entry.severity.value, message, fix)


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame({
        "row": pd.Series(dtype="Int64"),
        **{name: pd.Series(dtype="object") for name in FINDING_COLUMNS[1:]},
    })


def findings_frame(items: Iterable[Finding]) -> pd.DataFrame:
    rows = [asdict(item) for item in items]
    if not rows:
        return empty_findings()
    frame = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    return _normalise(frame)


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype({"row": "Int64"})
    for name in FINDING_COLUMNS[1:]:
        frame[name] = frame[name].astype("object").where(frame[name].notna(), None)
    return frame.reset_index(drop=True)


def cell_findings(rule_code: str, column: str, rows: pd.Index | pd.Series,
                  values: pd.Series, fixes: pd.Series | None = None,
                  details: pd.Series | None = None) -> pd.DataFrame:
    """Findings of one rule on one column, built without a Python loop over rows.

    The message template is split around its placeholders and joined with whole
    columns of values, so a million findings cost a few vectorised concatenations.
    """
    entry = RULES[rule_code]
    values = pd.Series(values, dtype="object").reset_index(drop=True)
    n = len(values)
    fixes = (pd.Series([None] * n, dtype="object") if fixes is None
             else pd.Series(fixes, dtype="object").reset_index(drop=True))
    details = (pd.Series([""] * n, dtype="object") if details is None
               else pd.Series(details, dtype="object").reset_index(drop=True).fillna(""))
    fixes = fixes.where(fixes.notna(), None)
    message = _vector_message(entry.message, column, values, fixes, details)
    frame = pd.DataFrame({
        "row": pd.array(list(rows), dtype="Int64") if n else pd.array([], dtype="Int64"),
        "column": [column] * n,
        "value": values,
        "rule": [rule_code] * n,
        "severity": [entry.severity.value] * n,
        "message": message,
        "fix": fixes,
    })
    return _normalise(frame)


def _vector_message(template: str, column: str, values: pd.Series, fixes: pd.Series,
                    details: pd.Series) -> pd.Series:
    import string

    parts = pd.Series([""] * len(values), dtype="object")
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        parts = parts + literal
        if field == "column":
            parts = parts + column
        elif field == "value":
            parts = parts + values.fillna("").astype(str)
        elif field == "fix":
            parts = parts + fixes.fillna("").astype(str)
        elif field == "detail":
            parts = parts + details.astype(str)
    return parts


def concat_findings(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return empty_findings()
    return _normalise(pd.concat(frames, ignore_index=True))


def keep_most_specific(findings: pd.DataFrame) -> pd.DataFrame:
    """One problem, one finding: where a cell fails several value rules, keep the most
    specific (RULES.md); relation rules between lines are kept besides."""
    if findings.empty:
        return findings
    rank = findings["rule"].map({code: i for i, code in enumerate(VALUE_RULE_PRIORITY)})
    is_value = rank.notna() & findings["row"].notna()
    value_rows = findings[is_value].assign(_rank=rank[is_value])
    value_rows = value_rows.sort_values("_rank", kind="stable")
    value_rows = value_rows.drop_duplicates(["row", "column"], keep="first").drop(columns="_rank")
    return _normalise(pd.concat([findings[~is_value], value_rows]).sort_index())


def sort_findings(findings: pd.DataFrame, column_order: list[str] | None = None) -> pd.DataFrame:
    """File-level first, then by row and by the column's position in the file."""
    if findings.empty:
        return findings
    order = {name: i for i, name in enumerate(column_order or [])}
    key = pd.DataFrame({
        "no_row": findings["row"].notna(),
        "row": findings["row"].fillna(0),
        "col": findings["column"].map(order).fillna(len(order)),
        "sev": findings["severity"].map(_SEVERITY_ORDER),
        "rule": findings["rule"],
    })
    index = key.sort_values(["no_row", "row", "col", "sev", "rule"], kind="stable").index
    return _normalise(findings.loc[index])


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    infos: int
    by_rule: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def summarise(findings: pd.DataFrame) -> Summary:
    counts = findings["severity"].value_counts()
    by_rule = findings["rule"].value_counts().sort_index()
    return Summary(
        errors=int(counts.get(Severity.ERROR.value, 0)),
        warnings=int(counts.get(Severity.WARNING.value, 0)),
        infos=int(counts.get(Severity.INFO.value, 0)),
        by_rule={str(code): int(count) for code, count in by_rule.items()},
    )
