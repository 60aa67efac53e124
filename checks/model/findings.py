"""The Findings table: the one structure everything downstream of validation reads.

One row per problem, with the columns of RULES.md. It is a pandas DataFrame so
pages, charts and exports can filter and group it without loops; `finding()` builds
the few file- and column-level rows by hand, `cell_findings()` builds cell rows in
bulk from vectorised results.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from operator import attrgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from checks.check.memo import array_data
from checks.i18n import _
from checks.model.rules import RULES, Severity

FINDING_COLUMNS: tuple[str, ...] = ("row", "column", "value", "rule", "severity", "message", "fix")

#: The column's position in the file (0 = first), or missing when a finding is about no
#: column of the file (the whole file, a line, a mandatory column that is absent). A
#: header can repeat or be empty, a position cannot: everything that puts a finding on
#: a cell (fixes, the grid, the error report, the dashboard) goes by it. Internal: the
#: JSON and CSV shapes of RULES.md are FINDING_COLUMNS only (`published`).
POSITION = "position"
FRAME_COLUMNS: tuple[str, ...] = (*FINDING_COLUMNS, POSITION)

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
    position: int | None = None


def _fill(template: str, *, column: object = "", value: object = "", fix: object = "",
          detail: object = "") -> str:
    return template.format(column=column, value=value, fix=fix, detail=detail)


def finding(rule_code: str, *, row: int | None = None, column: str | None = None,
            value: str | None = None, fix: str | None = None, detail: str = "",
            position: int | None = None) -> Finding:
    """A single finding with its message filled from the catalogue's template, in the
    current language."""
    entry = RULES[rule_code]
    message = _fill(_(entry.message), column=column or "", value=value or "", fix=fix or "",
                    detail=detail)
    return Finding(row, column, value, rule_code, entry.severity.value, message, fix, position)


def empty_findings() -> pd.DataFrame:
    """A findings table without findings (a copy: callers may add to it)."""
    return _EMPTY.copy()


_EMPTY = pd.DataFrame({
    "row": pd.Series(dtype="Int64"),
    **{name: pd.Series(dtype="object") for name in FINDING_COLUMNS[1:]},
    POSITION: pd.Series(dtype="Int64"),
})


def findings_frame(items: Iterable[Finding]) -> pd.DataFrame:
    # attrgetter gives each finding's fields as a tuple at C speed: `asdict` deep-copies
    # every field, which a file of 16,384 unknown columns paid 5 seconds for.
    rows = list(map(_FIELDS, items))
    if not rows:
        return empty_findings()
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    return _normalise(frame)


_FIELDS = attrgetter(*FRAME_COLUMNS)


def published(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings in the shape RULES.md publishes (CLI JSON, findings CSV): without
    the internal column position."""
    return findings[list(FINDING_COLUMNS)]


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Int64 rows and positions, object texts with None (never NaN) for a missing one,
    index 0..n-1. A column is rewritten only when it needs it (most are already object
    with None): the incremental re-check normalises a few findings per edit, where
    pandas' per-call cost of a cast that changes nothing is most of the work."""
    casts = {name: "Int64" for name in ("row", POSITION) if frame[name].dtype != "Int64"}
    frame = frame.astype(casts) if casts else frame.copy(deep=False)
    for name in FINDING_COLUMNS[1:]:
        column = frame[name]
        changed = column.dtype != object
        if changed:
            column = column.astype("object")
        values = column.to_numpy()
        missing = pd.isna(values)
        if missing.any() and not all(value is None for value in values[missing]):
            column, changed = column.where(~missing, None), True
        if changed:
            frame[name] = column
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return frame
    return frame.reset_index(drop=True)


def headers_findings(rule_code: str, headers: Sequence[str], positions: Sequence[int],
                     fixes: Sequence[str | None], details: Sequence[str]) -> pd.DataFrame:
    """Findings of one rule on many columns, one per header (no line, no value), in the
    order given: the rows `finding()` makes one at a time, made as whole columns (a
    file of 16,384 unknown columns paid a tenth of a second for a `Finding` each)."""
    entry = RULES[rule_code]
    template = _(entry.message)
    count = len(headers)
    messages = [_fill(template, column=header, fix=fix or "", detail=detail)
                for header, fix, detail in zip(headers, fixes, details, strict=True)]
    return pd.DataFrame({
        "row": pd.array([None] * count, dtype="Int64"),
        "column": object_column(headers),
        "value": object_column([None] * count),
        "rule": object_column([rule_code] * count),
        "severity": object_column([entry.severity.value] * count),
        "message": object_column(messages),
        "fix": object_column(fixes),
        POSITION: pd.array(np.asarray(positions, dtype=np.int64), dtype="Int64"),
    })


def cell_findings(rule_code: str, column: str, position: int,
                  rows: pd.Index | pd.Series | np.ndarray, values: pd.Series,
                  fixes: pd.Series | None = None,
                  details: pd.Series | None = None) -> pd.DataFrame:
    """Findings of one rule on one column, built without a Python loop over rows.

    The message template is split around its placeholders and joined with whole
    columns of values by Arrow (`binary_join_element_wise`), so a million findings
    cost a few vectorised concatenations; the texts become Python strings once, for
    the table's object columns. The template is translated once, in the current
    language.
    """
    entry = RULES[rule_code]
    n = len(values)
    value_text = _text_array(values)
    fix_text = None if fixes is None else _text_array(fixes)
    detail_text = None if details is None else _text_array(details)
    message = _vector_message(_(entry.message), column, value_text, fix_text, detail_text, n)
    return pd.DataFrame({
        "row": pd.array(np.asarray(rows, dtype=np.int64), dtype="Int64"),
        "column": object_column(np.full(n, column, dtype=object)),
        "value": object_column(_objects(value_text)),
        "rule": object_column(np.full(n, rule_code, dtype=object)),
        "severity": object_column(np.full(n, entry.severity.value, dtype=object)),
        "message": object_column(_objects(message)),
        "fix": object_column(np.full(n, None, dtype=object) if fix_text is None
                              else _objects(fix_text)),
        POSITION: pd.array(np.full(n, position, dtype=np.int64), dtype="Int64"),
    })


_TEXT = pa.large_string()


def object_column(values: Sequence[object] | np.ndarray) -> pd.Series:
    """Python strings kept as an object column, as findings and change logs hold them:
    pandas would otherwise infer its "str" dtype from them, which would have to be
    converted back (`_normalise`), or cast when logs are joined, at a cost per column."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object, copy=False)


def _text_array(values: pd.Series | np.ndarray) -> pa.ChunkedArray:
    """Texts as Arrow (nulls where missing: None or NaN), without going through Python
    objects when they already are Arrow text."""
    array = array_data(getattr(values, "array", None))
    if array is not None and pa.types.is_large_string(array.type):
        return array
    objects = np.asarray(values, dtype=object)
    return pa.chunked_array([pa.array(objects, _TEXT, from_pandas=True)], _TEXT)


def _objects(array: pa.ChunkedArray) -> np.ndarray:
    """Arrow texts as an object array of Python strings, None where null."""
    if array.num_chunks == 0:
        return np.empty(0, dtype=object)
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=object)


def _vector_message(template: str, column: str, values: pa.ChunkedArray,
                    fixes: pa.ChunkedArray | None, details: pa.ChunkedArray | None,
                    size: int) -> pa.ChunkedArray:
    """The message of each finding: the template's literal parts and fields joined,
    a missing value, fix or detail reading as ""."""
    import string

    empty = pa.scalar("", _TEXT)
    pieces: list[pa.ChunkedArray | pa.Scalar] = []
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        if literal:
            pieces.append(pa.scalar(literal, _TEXT))
        if field == "column":
            pieces.append(pa.scalar(column, _TEXT))
        elif field == "value":
            pieces.append(pc.fill_null(values, empty))
        elif field == "fix":
            pieces.append(empty if fixes is None else pc.fill_null(fixes, empty))
        elif field == "detail":
            pieces.append(empty if details is None else pc.fill_null(details, empty))
    arrays = [piece for piece in pieces if isinstance(piece, pa.ChunkedArray)]
    if not arrays:  # a template without a per-cell field: one text for every cell
        text = "".join(piece.as_py() for piece in pieces)  # type: ignore[union-attr]
        return pa.chunked_array([pa.array([text] * size, _TEXT)], _TEXT)
    return pc.binary_join_element_wise(*pieces, empty)


def concat_findings(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return empty_findings()
    return _normalise(pd.concat(frames, ignore_index=True))


def keep_most_specific(findings: pd.DataFrame, priority: tuple[str, ...]) -> pd.DataFrame:
    """One problem, one finding: where a cell (row, column position) fails several value
    rules, keep the most specific (RULES.md); relation rules between lines are kept
    besides. `priority` is the value rules, most specific first:
    `checks.check.priority.VALUE_RULE_PRIORITY`, declared by the rule modules (the model
    does not import them)."""
    if findings.empty:
        return findings
    rank = looked_up(findings["rule"], {code: i for i, code in enumerate(priority)})
    is_value = ~np.isnan(rank) & findings["row"].notna().to_numpy(dtype=bool)
    keep = ~is_value
    at = np.flatnonzero(is_value)
    if at.size:
        # Per cell (row, column), the value finding of lowest rank, the first one on a
        # tie: a stable sort by cell then rank, and the first of each cell.
        rows = findings["row"].to_numpy(dtype="float64", na_value=np.nan)[at]
        columns = findings[POSITION].to_numpy(dtype="float64", na_value=-1.0)[at]
        order = np.lexsort((rank[at], columns, rows))
        first = np.ones(at.size, dtype=bool)
        first[1:] = (np.diff(rows[order]) != 0) | (np.diff(columns[order]) != 0)
        keep[at[order[first]]] = True
    kept = findings.iloc[np.flatnonzero(keep)]  # rows of a findings table: one still
    return (kept if kept.index.is_monotonic_increasing else kept.sort_index()
            ).reset_index(drop=True)


def looked_up(values: pd.Series, table: dict[str, int]) -> np.ndarray:
    """`values.map(table)` as float64 (NaN where a value is not in `table`), looked up
    once per distinct value: pandas' `map` of a dict costs a few hundred microseconds
    even on the one finding of an edit, and more per value on a large table."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    found = np.array([*(table.get(value, np.nan) for value in distinct), np.nan],
                     dtype="float64")
    return found[codes]  # a missing value's code, -1, is the last: NaN


def sort_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """File-level first, then by row and by the column's position in the file (a
    finding about no column of the file after those that have one)."""
    if findings.empty:
        return findings
    return _normalise(findings.iloc[sort_order(findings)])


def sort_order(findings: pd.DataFrame) -> np.ndarray:
    """The positions that put `findings` in `sort_findings`' order."""
    rule_codes = pd.factorize(findings["rule"].to_numpy(dtype=object), sort=True)[0]
    keys = (  # np.lexsort sorts by the last key first; it is stable, like sort_values
        rule_codes,
        looked_up(findings["severity"], _SEVERITY_ORDER),
        findings[POSITION].to_numpy(dtype="float64", na_value=np.inf),
        findings["row"].fillna(0).to_numpy(dtype="float64"),
        findings["row"].notna().to_numpy(),
    )
    return np.lexsort(keys)


def merge_sorted(kept: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """`kept` (in `sort_findings`' order) and `new` together in that order, as
    `sort_order` of `kept` then `new` would put them (a new finding after the kept ones
    it ties with), index 0..n-1. An edit's few findings are spliced in by their row
    (binary search, then the few kept findings of that row compared in Python) instead
    of the whole table being sorted again; a new finding without a row (about the file)
    sorts them all."""
    if new.empty or not len(kept) or new["row"].hasnans:
        merged = pd.concat([kept, new], ignore_index=True) if len(kept) else new
        return merged.iloc[sort_order(merged)].reset_index(drop=True)
    if len(new) > 1:
        new = new.iloc[sort_order(new)]
    kept_rows = kept["row"].to_numpy(dtype="float64", na_value=-np.inf)  # file-level first
    new_rows = new["row"].to_numpy(dtype="float64")
    low = np.searchsorted(kept_rows, new_rows, side="left")
    high = np.searchsorted(kept_rows, new_rows, side="right")
    tie = _TieKeys(kept)
    at = np.empty(len(new), dtype=np.int64)
    for number, mine in enumerate(_TieKeys(new).all()):
        place, stop = int(low[number]), int(high[number])
        while place < stop and not mine < tie.at(place):
            place += 1
        at[number] = place
    order = np.insert(np.arange(len(kept)), at, len(kept) + np.arange(len(new)))
    return pd.concat([kept, new], ignore_index=True).iloc[order].reset_index(drop=True)


class _TieKeys:
    """What orders findings of the same row (`sort_order`'s other keys): the column's
    position (none last), the severity, the rule code; read for the few compared."""

    def __init__(self, findings: pd.DataFrame) -> None:
        self.positions = findings[POSITION].to_numpy(dtype="float64", na_value=np.inf)
        self.severities = findings["severity"].to_numpy(dtype=object)
        self.rules = findings["rule"].to_numpy(dtype=object)

    def at(self, place: int) -> tuple[float, float, str]:
        return (float(self.positions[place]),
                _SEVERITY_ORDER.get(self.severities[place], np.inf), self.rules[place])

    def all(self) -> list[tuple[float, float, str]]:
        return [self.at(place) for place in range(len(self.rules))]


def rule_messages(findings: pd.DataFrame, *rules: str) -> list[str]:
    """The messages of the findings of `rules`, in the findings' order: what a page or
    the command line says when one of them decides what can be done with the file."""
    return [str(message) for message in findings.loc[findings["rule"].isin(rules), "message"]]


def error_rows(findings: pd.DataFrame) -> pd.Index:
    """The row numbers with at least one error finding (a ragged line counts, though it
    names no column), in the order of the findings (the file's, once sorted)."""
    errors = findings.loc[(findings["severity"] == Severity.ERROR.value)
                          & findings["row"].notna(), "row"]
    return pd.Index(errors.astype("int64").unique())


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
