"""What the Check page shows, computed without the page: filters, paging, the colour of
every visible cell, the column-mapping table and what the file may update.

The page only draws. Everything here works on whole columns of the Findings table and
of the Table's index (no Python loop over rows), so a 100,000-row file filters and
pages in milliseconds and the page stays responsive; only the visible page is ever
turned into per-cell values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from checks.check.validate import CheckResult
from checks.definitions.document import Definitions
from checks.i18n import N_, _, number
from checks.map.headers import IGNORE, ColumnMapping, MappedColumn, Match, header_key
from checks.model.columns import (
    COLUMNS_BY_NAME,
    ID_COLUMNS,
    SOURCE_SYSTEM_LABELS,
    UPFLOW_COLUMNS,
    Section,
)
from checks.model.findings import POSITION, error_rows
from checks.model.rules import RULES, Severity
from checks.model.separators import SEPARATOR_NAMES
from checks.model.table import Table
from checks.read.common import column_letter
from checks.read.encoding import label_of
from checks.read.header import notices

#: What the pages use (through `checks.views`).
__all__ = [
    "GridFilter", "choice_for", "choice_label", "column_choices",
    "detection_summary", "display_headers", "filtered_rows", "findings_for_rows",
    "general_findings", "identifier_note", "mapping_choices", "mapping_table",
    "matching_findings",
    "page_data", "readable", "reading_notice", "rows_with_errors", "rule_choices",
    "rule_table", "separator_label", "severity_frame", "update_scope", "with_choice",
]

#: Worse severities rank higher, so a cell shows the worst of its findings.
SEVERITY_RANK: dict[str, int] = {
    Severity.INFO.value: 1, Severity.WARNING.value: 2, Severity.ERROR.value: 3}
_BY_RANK = np.array(["", Severity.INFO.value, Severity.WARNING.value, Severity.ERROR.value],
                    dtype=object)

#: Mapping choices besides the targets: keep what was detected, or leave the column out
#: (English values; `choice_label` shows them).
AUTOMATIC = N_("(as detected)")
IGNORED = N_("(ignore this column)")

MAPPING_COLUMNS: tuple[str, ...] = (
    N_("Column"), N_("Header"), N_("Understood as"), N_("How"), N_("Suggestion"))
SCOPE_COLUMNS: tuple[str, ...] = (N_("Section"), N_("Will update"), N_("Blocked"), N_("Why"))
RULE_COLUMNS: tuple[str, ...] = (N_("Rule"), N_("Title"), N_("Severity"), N_("Findings"))
#: The titles `readable` translates (findings go through `checks.views.people`).
_TITLES = frozenset((*MAPPING_COLUMNS, *SCOPE_COLUMNS, *RULE_COLUMNS))
#: The coded words the tables show: severities, and how a header was understood.
_WORDS = frozenset((N_("error"), N_("warning"), N_("info"), N_("exact"), N_("tolerant"),
                    N_("alias"), N_("override"), N_("ignored"), N_("duplicate"), N_("unknown")))

_BLOCKING_RULES = ("section_not_allowed", "synced_custom_field")


# ── filters ──────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class GridFilter:
    """Which rows the grid shows, and which findings the dashboard lists. Rules and
    columns narrow to findings of one of those rules in one of those columns (a
    column by its grid label, `column_labels`); none chosen means any."""

    only_problems: bool = False
    rules: frozenset[str] = frozenset()
    columns: frozenset[str] = frozenset()

    @property
    def narrows(self) -> bool:
        return self.only_problems or bool(self.rules) or bool(self.columns)

    def positions(self, headers: Sequence[str]) -> list[int]:
        """The positions of the columns chosen (named by their grid labels), in order."""
        return [position for position, label in enumerate(display_headers(headers))
                if label in self.columns]


def matching_findings(findings: pd.DataFrame, grid_filter: GridFilter,
                      headers: Sequence[str] = ()) -> pd.DataFrame:
    """The findings the filter's rules and columns select (all of them when none);
    `headers` are the file's, which give each column its label."""
    keep = np.ones(len(findings), dtype=bool)
    if grid_filter.rules:
        keep &= findings["rule"].isin(grid_filter.rules).to_numpy(dtype=bool)
    if grid_filter.columns:
        labels = column_labels(findings, headers)
        keep &= labels.isin(grid_filter.columns).to_numpy(dtype=bool)
    return findings[keep]


def column_labels(findings: pd.DataFrame, headers: Sequence[str]) -> pd.Series:
    """Each finding's column as the grid, the filters and the dashboard name it, None
    when it names none.

    A finding with a position gets that column's grid label, so the two columns of a
    repeated header stay apart (and a click on a bar, or a filter, finds the findings
    of that column only). One without a position, or with one beyond `headers`, keeps
    its column's name: a mandatory column the file lacks is named as the rule names it.
    """
    labels = np.array(display_headers(headers), dtype=object)
    positions = findings[POSITION].to_numpy(dtype="int64", na_value=-1)
    on_file = (positions >= 0) & (positions < len(labels))
    named = findings["column"].to_numpy(dtype=object, na_value=None).copy()
    named[on_file] = labels[positions[on_file]]
    return pd.Series(named, index=findings.index, dtype=object, name="column")


def _rows_of(findings: pd.DataFrame) -> np.ndarray:
    """Each finding's row number, -1 for file and column findings (they have none)."""
    return findings["row"].to_numpy(dtype="int64", na_value=-1)


def _row_numbers(findings: pd.DataFrame) -> np.ndarray:
    """The distinct row numbers findings point at."""
    rows = _rows_of(findings)
    return pd.unique(rows[rows >= 0])


def separator_label(separator: str) -> str:
    """A separator as a choice in a widget: "Semicolon (;)"."""
    return _(SEPARATOR_NAMES[separator]).capitalize()


def filtered_rows(index: pd.Index, findings: pd.DataFrame, grid_filter: GridFilter,
                  headers: Sequence[str] = ()) -> pd.Index:
    """The table's row numbers the filter keeps, in the file's order."""
    if not grid_filter.narrows:
        return index
    rows = _row_numbers(matching_findings(findings, grid_filter, headers))
    return index[index.isin(rows)]


def rows_with_errors(findings: pd.DataFrame) -> int:
    """How many lines have at least one error (a ragged line counts, with no column)."""
    return len(error_rows(findings))


def rule_choices(findings: pd.DataFrame) -> list[str]:
    """Rules found on some line, in catalogue order: what the rule filter offers."""
    found = set(findings["rule"][_rows_of(findings) >= 0].unique())
    return [code for code in RULES if code in found]


def column_choices(findings: pd.DataFrame, headers: Sequence[str]) -> list[str]:
    """The labels of the file's columns with a finding on some line, in the file's
    order: the column filter (a repeated header is two choices)."""
    on_lines = findings[_rows_of(findings) >= 0]
    found = set(column_labels(on_lines, headers).dropna())
    return [label for label in display_headers(headers) if label in found]


# ── the visible page ─────────────────────────────────────────────────────────────

def severity_frame(findings: pd.DataFrame, headers: Sequence[str], rows: pd.Index,
                   positions: Sequence[int] | None = None) -> pd.DataFrame:
    """For the given rows, each cell's worst severity ("error", "warning", "info") or
    "" when no finding names it. Index = those rows, columns = the positions asked
    for (default: every column), in that order: a page shows a window of a wide
    file's columns, and a frame of all 16,384 cost a third of the page's time."""
    width = len(headers)
    shown = np.arange(width) if positions is None else np.asarray(positions, dtype=np.int64)
    column_of = np.full(width + 1, -1, dtype=np.int64)  # the last: a finding on no column
    column_of[shown] = np.arange(len(shown))
    grid = np.zeros((len(rows), len(shown)), dtype=np.int8)
    if len(findings) and len(rows):
        # Rows first: the page's few findings are picked out of perhaps millions before
        # any per-finding work (header lookup, severity rank) is done.
        at = rows.get_indexer(_rows_of(findings))
        on_page = findings[at >= 0]
        at = at[at >= 0]
        position = on_page[POSITION].to_numpy(dtype="int64", na_value=-1)
        rank = on_page["severity"].map(SEVERITY_RANK).fillna(0).to_numpy(dtype=np.int8)
        column = column_of[np.where((position >= 0) & (position < width), position, width)]
        named = column >= 0
        # np.maximum.at keeps the worst severity where several findings name one cell.
        np.maximum.at(grid, (at[named], column[named]), rank[named])
    labels = pd.RangeIndex(width) if positions is None else pd.Index(shown)
    return pd.DataFrame(_BY_RANK[grid], index=rows, columns=labels)


#: The name Streamlit's grids give their index column.
GRID_INDEX = "_index"


def display_headers(headers: Sequence[str]) -> list[str]:
    """Headers as the grid's column labels: the user's own, made unique (a repeated or
    empty header gets its column letter) because a table cannot have two columns of
    the same name, nor one named like the grid's own index column."""
    counts = Counter(headers)
    labels: list[str] = []
    for position, header in enumerate(headers):
        if not header.strip():
            labels.append(_("(column {letter})").format(letter=column_letter(position)))
        elif counts[header] > 1 or header == GRID_INDEX:
            labels.append(f"{header} ({column_letter(position)})")
        else:
            labels.append(header)
    return labels


def page_data(data: pd.DataFrame, headers: Sequence[str], rows: pd.Index,
              positions: Sequence[int] | None = None) -> pd.DataFrame:
    """The cells of the visible rows (and columns: all by default) under the user's
    headers, index = row numbers."""
    labels = display_headers(headers)
    page = data.loc[rows] if positions is None else data.loc[rows, list(positions)]
    page.columns = labels if positions is None else [labels[p] for p in positions]
    page.index.name = _("Row")
    return page


def findings_for_rows(findings: pd.DataFrame, rows: pd.Index,
                      grid_filter: GridFilter = GridFilter(),
                      headers: Sequence[str] = ()) -> pd.DataFrame:
    """The findings on the given rows that the filter selects, in the engine's order."""
    chosen = matching_findings(findings, grid_filter, headers)
    on_rows = chosen["row"].isin(rows).fillna(False).to_numpy(dtype=bool)
    return chosen[on_rows].reset_index(drop=True)


def general_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings about the whole file or a whole column (no row): always worth showing."""
    return findings[findings["row"].isna().to_numpy(dtype=bool)].reset_index(drop=True)


def rule_table(findings: pd.DataFrame) -> pd.DataFrame:
    """One line per rule found: code, title, severity and how many findings."""
    counts = findings["rule"].value_counts()
    codes = [code for code in RULES if code in counts.index]
    return pd.DataFrame({
        "Rule": codes,
        "Title": [_(RULES[code].title) for code in codes],
        "Severity": [RULES[code].severity.value for code in codes],
        "Findings": [int(counts[code]) for code in codes],
    }, columns=list(RULE_COLUMNS))


# ── detection and scope ──────────────────────────────────────────────────────────

def detection_summary(result: CheckResult) -> dict[str, str]:
    """What reading found, in words (labels: English keys, shown with `_`): the facts a
    user checks first when results look odd (a wrong separator, sheet, a lost column)."""
    table = result.table
    summary = {N_("File"): table.name}
    if table.sheet is not None:
        summary[N_("Sheet")] = table.sheet
    else:
        separator = SEPARATOR_NAMES.get(table.separator or "")
        summary[N_("Separator")] = _(separator) if separator else _("none detected")
        summary[N_("Encoding")] = label_of(table.encoding) if table.encoding else _("unknown")
    sections = [_(section.value) for section in Section if section in result.mapping.sections]
    summary[N_("Rows")] = number(table.rows)
    summary[N_("Columns")] = number(len(table.headers))
    summary[N_("Sections found")] = ", ".join(sections) or _("none")
    summary[N_("Source system")] = _(SOURCE_SYSTEM_LABELS[result.definitions.source_system])
    return summary


def reading_notice(table: Table) -> str | None:
    """How the table was found in the file, when not simply on row 1 of its only sheet
    (the header's row, lines skipped or set aside, the sheet chosen), and the workbook
    numbers displayed otherwise than they are exported, as plain text; None when there
    is nothing to say."""
    said = notices(table)
    return " ".join(said) if said else None


def _section_of(column: MappedColumn) -> Section:
    upflow = COLUMNS_BY_NAME.get(column.target or "")
    return upflow.section if upflow is not None else Section.CUSTOM_FIELDS


def update_scope(result: CheckResult) -> pd.DataFrame:
    """Per section the file touches: the columns it will update, those the
    organization may not update by CSV, and why in the engine's own words (the
    `section_not_allowed` and `synced_custom_field` findings)."""
    findings = result.findings
    blocking = findings[findings["rule"].isin(_BLOCKING_RULES).to_numpy(dtype=bool)]
    reasons = dict(zip(blocking["column"], blocking["message"], strict=True))
    rows = []
    for section in Section:
        headers = [c.header for c in result.mapping.active if _section_of(c) is section]
        if not headers:
            continue
        blocked = [header for header in headers if header in reasons]
        rows.append({
            "Section": _(section.value),
            "Will update": ", ".join(h for h in headers if h not in reasons) or _("nothing"),
            "Blocked": ", ".join(blocked),
            "Why": " ".join(dict.fromkeys(reasons[header] for header in blocked)),
        })
    return pd.DataFrame(rows, columns=list(SCOPE_COLUMNS))


# ── column mapping ───────────────────────────────────────────────────────────────

def how_matched(column: MappedColumn) -> str:
    """How a header was understood, in the words the mapping table uses: an exact
    name, the same name written differently (tolerant), another name for it (alias),
    the user's choice (override, ignored), a second column for the same target
    (duplicate), or nothing known (unknown)."""
    if column.match is Match.TOLERANT:
        same_name = header_key(column.header) == header_key(column.target or "")
        return "tolerant" if same_name else "alias"
    return {Match.EXACT: "exact", Match.USER: "override", Match.IGNORED: "ignored",
            Match.DUPLICATE: "duplicate", Match.UNKNOWN: "unknown"}[column.match]


def mapping_table(mapping: ColumnMapping) -> pd.DataFrame:
    """One line per column of the file: how its header was understood."""
    columns = mapping.columns
    return pd.DataFrame({
        "Column": [column_letter(c.position) for c in columns],
        "Header": [c.header for c in columns],
        "Understood as": [c.target or (_("ignored") if c.match is Match.IGNORED else
                                       _("unknown")) for c in columns],
        "How": [how_matched(c) for c in columns],
        "Suggestion": [c.suggestion or "" for c in columns],
    }, columns=list(MAPPING_COLUMNS))


def identifier_note() -> str:
    """Upflow names the customer's ID per import section: seeing three names, a finance
    user would think three columns are needed. This says they are one."""
    return _("{names} and {last} are one identifier: the customer's ID in your billing "
             "tool. Upflow names it after the kind of import; map your ID column to any of "
             "them.").format(names=", ".join(ID_COLUMNS[:-1]), last=ID_COLUMNS[-1])


def mapping_targets(definitions: Definitions) -> tuple[str, ...]:
    """Every name a column can be mapped to: Upflow's columns, then the
    organization's custom fields (synced ones too: mapping to one reports why it
    cannot be imported)."""
    names = [column.name for column in UPFLOW_COLUMNS]
    names += [field.name for field in definitions.custom_fields]
    return tuple(dict.fromkeys(names))


def mapping_choices(definitions: Definitions) -> tuple[str, ...]:
    """What a column's mapping picker offers: as detected, ignore, then every target
    (a custom field that happens to be named like a choice is left out rather than
    being confused with it)."""
    targets = [name for name in mapping_targets(definitions) if name not in (AUTOMATIC, IGNORED)]
    return (AUTOMATIC, IGNORED, *targets)


def choice_for(overrides: Mapping[int, str], position: int, choices: Sequence[str]) -> str:
    """The picker's value for a column given the overrides; a choice that no longer
    exists (a custom field since deleted) shows as detected, as the check treats it."""
    if position not in overrides:
        return AUTOMATIC
    chosen = IGNORED if overrides[position] == IGNORE else overrides[position]
    return chosen if chosen in choices else AUTOMATIC


def choice_label(choice: str) -> str:
    """A mapping choice as the picker shows it (a target's name is never translated)."""
    return _(choice) if choice in (AUTOMATIC, IGNORED) else choice


def with_choice(overrides: Mapping[int, str], position: int, choice: str) -> dict[int, str]:
    """The overrides after choosing `choice` for the column at `position`."""
    updated = {key: value for key, value in overrides.items() if key != position}
    if choice == IGNORED:
        updated[position] = IGNORE
    elif choice != AUTOMATIC:
        updated[position] = choice
    return updated


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A view or findings table with its titles and coded words (severities, how a header
    was understood) in the session's language; codes and the file's values unchanged."""
    out = frame.copy(deep=False)
    for name in ("How", "Severity", "severity"):
        if name in out.columns:
            out[name] = out[name].map(lambda word: _(word) if word in _WORDS else word)
    return out.rename(columns={name: _(name) for name in out.columns if name in _TITLES})
