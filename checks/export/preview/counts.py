"""What Upflow will do with a file: the import preview, counted from the check.

Before the download, a finance person wants to know what the import will *do*: which
customers it changes and which it creates, how many contacts, which assignments, which
custom fields. Everything here is counted from the file as it will be downloaded (the
final, corrected check) and the organization's definitions, following how Upflow
reads an import (RULES.md; Upflow's import article):

* A line with an error is rejected by Upflow (`error_rows`): it changes nothing, so it
  is neither an update nor a creation. Errors that concern a whole column or the file
  (no row) are counted apart: they are not one line's.
* A customer is its ID; a line without an ID is its customer's by name ("Customers
  without an ID"), and an ID and a name are never the same key (as for
  `customer_conflict`). Lines with the same key are one customer: the same ID twice is
  one customer, counted once, however many lines (contacts) it has.
* A customer is updated when Upflow already has it (the definitions' known customers:
  by ID, or by name for a line without an ID), else created. When the definitions list
  no known customers nothing is known either way, and the preview says so rather than
  guess (`CustomerCounts.updated` and `created` are None).
* Contacts are told apart by customer and email (case ignored): the same contact twice
  is one contact. Account managers (several per cell, separated by commas) and
  workflows are counted per customer they are assigned to; a custom field per
  customer given a value. A column the organization may not update by CSV
  (`section_not_allowed`, `synced_custom_field`) sets nothing.

Only counts and the definitions' own names (members, workflows, custom fields) are
kept: no cell of the file. Everything is computed on whole columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from checks.check.memo import Memo, keep_columns_of, memo_scope
from checks.check.validate import CheckResult
from checks.definitions.document import Definitions, Managed
from checks.map.headers import ColumnMapping
from checks.model.columns import COLUMNS_BY_NAME, Section
from checks.model.findings import POSITION, error_rows
from checks.model.rules import Severity
from checks.text.vectorised import as_text, blank, clean_spaces, distinct, take_rows

#: How many customers each name (a member's email, a workflow, a custom field) is
#: given to: (name, customers), most customers first, then by name.
Tally = tuple[tuple[str, int], ...]

#: The columns whose value makes a line part of each section, besides custom fields
#: (identifiers say which customer a line is about, and mark no section).
_SECTION_COLUMNS: dict[Section, tuple[str, ...]] = {
    section: tuple(column.name for column in COLUMNS_BY_NAME.values()
                   if column.section is section and column.marks_section)
    for section in Section
}
NAME = "Customer name"
EMAIL = "Contact email address"
MANAGERS = "Account manager"
WORKFLOW = "Workflow"


@dataclass(frozen=True)
class CustomerCounts:
    """Distinct customers of some lines, and how many Upflow already has (updated) or
    not (created); both None when the definitions list no known customers."""

    customers: int
    updated: int | None
    created: int | None

    def to_dict(self) -> dict[str, int | None]:
        return {"total": self.customers, "updated": self.updated, "created": self.created}


@dataclass(frozen=True)
class SectionPreview:
    """One import section of the file: its accepted lines (those with a value in one of
    its columns) and the customers they are about."""

    section: Section
    lines: int
    customers: CustomerCounts


@dataclass(frozen=True)
class ImportPreview:
    """What Upflow will do with the file (module docstring). Every line of the file is
    exactly one of: a customer's (`customer_lines`), rejected (`rejected_lines`), or
    accepted but naming no customer (`unidentified_lines`)."""

    lines: int
    customer_lines: int
    rejected_lines: int
    unidentified_lines: int
    customers: CustomerCounts
    sections: tuple[SectionPreview, ...]
    contacts: int
    account_managers: Tally
    workflows: Tally
    custom_fields: Tally
    file_errors: int

    @property
    def known_customers_listed(self) -> bool:
        """Whether the definitions list known customers, so that updates and creations
        can be told apart."""
        return self.customers.updated is not None

    def section(self, section: Section) -> SectionPreview | None:
        """The part of `section`, None when the file does not hold that section."""
        return next((part for part in self.sections if part.section is section), None)


@dataclass(frozen=True)
class _Lines:
    """The file's lines as the preview sees them: which Upflow accepts, which customer
    each is (a code, -1 for none) and whether Upflow already has it."""

    accepted: np.ndarray
    codes: np.ndarray
    known: np.ndarray | None

    @property
    def counted(self) -> np.ndarray:
        """The lines that change a customer: accepted, and naming one."""
        return self.accepted & (self.codes >= 0)

    def customers(self, lines: np.ndarray) -> CustomerCounts:
        """The distinct customers of `lines` (among those that change a customer)."""
        chosen = lines & self.counted
        total = distinct_count(self.codes[chosen])
        if self.known is None:
            return CustomerCounts(total, None, None)
        updated = distinct_count(self.codes[chosen & self.known])
        return CustomerCounts(total, updated, total - updated)


def distinct_count(codes: np.ndarray) -> int:
    """How many distinct codes (non-negative integers) there are: a count per code,
    no sort."""
    return int(np.count_nonzero(np.bincount(codes))) if codes.size else 0


def import_preview(result: CheckResult, kept: Memo | None = None) -> ImportPreview:
    """The preview of `result`: compute it on the check of the file as it will be
    downloaded (after the fixes and edits), since that is what Upflow receives.

    `kept`: a memo the caller holds from one version of the file to the next (the
    page's, for the session's file): what the preview derives from each column (which
    cells are filled, the cleaned IDs and their codes) is found there again for the
    columns an edit or a fix did not change, and only the changed ones are read."""
    with memo_scope(None if kept is None else keep_columns_of(kept, result.table.data)):
        return _preview(result)


def _preview(result: CheckResult) -> ImportPreview:
    data = result.table.data
    size = len(data)
    rejected = np.isin(data.index.to_numpy(),
                       error_rows(result.findings).to_numpy(dtype=np.int64))
    columns = _importable(result)
    lines = _customers_of(data, result.mapping, result.definitions, ~rejected)
    filled = {target: ~blank(as_text(data[position])).to_numpy(dtype=bool)
              for target, position in columns.items()}
    fields = [target for target in columns if target not in COLUMNS_BY_NAME]
    sections = tuple(_section(section, filled, fields, lines)
                     for section in Section if section in result.mapping.sections)
    counted = lines.counted
    return ImportPreview(
        lines=size,
        customer_lines=int(counted.sum()),
        rejected_lines=int(rejected.sum()),
        unidentified_lines=int((lines.accepted & (lines.codes < 0)).sum()),
        customers=lines.customers(np.ones(size, dtype=bool)),
        sections=sections,
        contacts=_contacts(data, columns, filled, lines),
        account_managers=_assigned(data, columns, filled, lines, MANAGERS,
                                   {member.email for member in result.definitions.members}),
        workflows=_assigned(data, columns, filled, lines, WORKFLOW,
                            set(result.definitions.workflows)),
        custom_fields=_tally({field: distinct_count(lines.codes[filled[field] & counted])
                              for field in fields}),
        file_errors=_file_errors(result.findings),
    )


def _importable(result: CheckResult) -> dict[str, int]:
    """Target → position of the columns Upflow will import: active, not a synced custom
    field, and without an error of its own (a column the source system may not update)."""
    findings = result.findings
    column_errors = findings.loc[(findings["severity"] == Severity.ERROR.value)
                                 & findings["row"].isna() & findings[POSITION].notna(),
                                 POSITION]
    blocked = set(column_errors.astype("int64"))
    importable: dict[str, int] = {}
    for column in result.mapping.active:
        field = result.definitions.custom_field(column.target or "")
        if column.position in blocked or (field is not None
                                          and field.managed is not Managed.UPFLOW):
            continue
        importable[column.target or ""] = column.position
    return importable


def _customers_of(data: pd.DataFrame, mapping: ColumnMapping, definitions: Definitions,
                  accepted: np.ndarray) -> _Lines:
    """Each line's customer: its ID when it has one, else its name ("Customers without
    an ID"); an ID and a name are different keys even when the texts are equal (the
    names' codes come after every ID's). Only the lines without an ID have their names
    cleaned and counted: a customer file has few or none, and a million names hashed
    for nothing cost a second and a hundred megabytes."""
    size = len(data)
    targets = mapping.targets
    ids = _cleaned(data, targets[mapping.id_column].position if mapping.id_column else None,
                   size)
    by_id = (ids != "").to_numpy(dtype=bool)
    id_codes = distinct(ids)[0]
    codes = np.where(by_id, id_codes, -1)
    known_ids = [customer.id for customer in definitions.customers]
    known = (by_id & ids.isin(known_ids).to_numpy(dtype=bool)) if definitions.customers \
        else None
    no_id = np.flatnonzero(~by_id)
    if no_id.size and NAME in targets:
        names = clean_spaces(as_text(take_rows(data[targets[NAME].position], no_id)))
        named = (names != "").to_numpy(dtype=bool)
        name_codes = pd.factorize(names)[0] + id_codes.max(initial=-1) + 1
        codes[no_id[named]] = name_codes[named]
        if known is not None:
            known_names = [customer.name for customer in definitions.customers
                           if customer.name]
            known[no_id[named]] = names[named].isin(known_names).to_numpy(dtype=bool)
    return _Lines(accepted, codes, known)


def _cleaned(data: pd.DataFrame, position: int | None, size: int) -> pd.Series:
    """A column's values with their spaces cleaned (what Upflow matches on), on the
    lines' positions; "" throughout when the file has no such column."""
    if position is None:
        return pd.Series(np.full(size, "", dtype=object), dtype="str")
    return clean_spaces(as_text(data[position])).reset_index(drop=True)


def _section(section: Section, filled: dict[str, np.ndarray], fields: Sequence[str],
             lines: _Lines) -> SectionPreview:
    """The accepted lines holding a value of `section`, and their customers."""
    names = fields if section is Section.CUSTOM_FIELDS else [
        name for name in _SECTION_COLUMNS[section] if name in filled]
    holds = np.zeros(len(lines.codes), dtype=bool)
    for name in names:  # a few columns, each a whole-column operation
        holds |= filled[name]
    return SectionPreview(section, int((holds & lines.counted).sum()),
                          lines.customers(holds))


def _contacts(data: pd.DataFrame, columns: dict[str, int], filled: dict[str, np.ndarray],
              lines: _Lines) -> int:
    """Distinct (customer, email) of the accepted lines with a contact email, the case
    of the email ignored (the same contact twice is one contact). Only a customer on
    several such lines can repeat a contact, so only those lines' emails are cleaned
    and compared (every other line is a contact of its own)."""
    if EMAIL not in columns:
        return 0
    rows = np.flatnonzero(filled[EMAIL] & lines.counted)
    if not rows.size:
        return 0
    customers = lines.codes[rows]
    shared = np.bincount(customers)[customers] > 1
    if not shared.any():
        return len(rows)
    emails = clean_spaces(as_text(take_rows(data[columns[EMAIL]], rows[shared]))).str.lower()
    email_codes, uniques = pd.factorize(emails)
    pairs = customers[shared] * max(len(uniques), 1) + email_codes
    return int(len(rows) - shared.sum()) + len(pd.unique(pairs))


def _assigned(data: pd.DataFrame, columns: dict[str, int], filled: dict[str, np.ndarray],
              lines: _Lines, target: str, defined: set[str]) -> Tally:
    """How many customers each of the `defined` names (the organization's members or
    workflows) is assigned to on the accepted lines. A cell may name several, separated
    by commas (Upflow's way for account managers; a workflow has no comma to split on
    unless its name has one, so a workflow cell is taken whole).

    Each distinct cell is split once (a column of members or workflows has few), then
    every (customer, cell) pair stands for the names of its cell: a customer given the
    same name on two lines, even in two different cells, counts once for it. Only
    defined names are counted: any other is an error of its line, which is rejected."""
    if target not in columns:
        return ()
    rows = filled[target] & lines.counted
    # The whole column's distinct cells (a few), cleaned: no copy of its million cells.
    raw_codes, raw_cells = distinct(as_text(data[columns[target]]))
    cleaned_codes, cells = pd.factorize(clean_spaces(as_text(raw_cells)))
    cell_codes = cleaned_codes[raw_codes[rows]]
    if not len(cell_codes):
        return ()
    split = [[str(cell)] if str(cell) in defined
             else [part.strip() for part in str(cell).split(",")]
             for cell in cells]  # per distinct cell, not per line
    names = sorted({name for parts in split for name in parts if name in defined})
    number = {name: code for code, name in enumerate(names)}
    per_cell = [[number[name] for name in dict.fromkeys(parts) if name in number]
                for parts in split]
    lengths = np.array([len(codes) for codes in per_cell], dtype=np.int64)
    flat = np.array([code for codes in per_cell for code in codes], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    customers = lines.codes[rows]
    pairs = pd.unique(customers * len(cells) + cell_codes)
    customer, cell = np.divmod(pairs, len(cells))
    repeat = lengths[cell]
    offsets = np.repeat(starts[cell] - np.cumsum(repeat) + repeat, repeat)
    name_codes = flat[offsets + np.arange(repeat.sum())]
    given = pd.unique(np.repeat(customer, repeat) * max(len(names), 1) + name_codes)
    counts = np.bincount(given % max(len(names), 1), minlength=len(names))
    return _tally(dict(zip(names, counts.tolist(), strict=True)))


def _tally(counts: dict[str, int]) -> Tally:
    """Most customers first, then by name; names given to no customer are left out."""
    return tuple(sorted(((name, count) for name, count in counts.items() if count),
                        key=lambda item: (-item[1], item[0])))


def _file_errors(findings: pd.DataFrame) -> int:
    """Errors about the whole file or a column rather than a line."""
    return int(((findings["severity"] == Severity.ERROR.value)
                & findings["row"].isna()).sum())
