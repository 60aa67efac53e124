"""Header mapping: which Upflow column or custom field each header of a file is.

Exact names first, then tolerant matching (case, surrounding spaces, the 🚩 emoji,
accents, punctuation, common aliases), then the user's own choices. The mapping also
decides which import sections the file holds, and reports the column-level rules:
unknown, missing, synced and not-allowed columns, and a file with nothing to import.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from checks.definitions.document import Definitions, Managed
from checks.i18n import _
from checks.model.columns import (
    COLUMNS_BY_NAME,
    ID_COLUMNS,
    MANDATORY,
    SOURCE_SYSTEM_LABELS,
    UPFLOW_COLUMNS,
    Section,
    is_allowed,
    section_name,
)
from checks.model.findings import (
    POSITION,
    Finding,
    concat_findings,
    finding,
    findings_frame,
    headers_findings,
)
from checks.text.vectorised import key_of

#: Choose this target in an override to leave a column out of the checks.
IGNORE = ""

#: How alike (rapidfuzz's ratio, 0–100) a header must be to a name to suggest it.
_LEAST_ALIKE = 75
#: Headers compared with the names per call (bounds the table of scores).
_SLICE = 1_024


class Match(StrEnum):
    EXACT = "exact"          # the header is the name, character for character
    TOLERANT = "tolerant"    # same name ignoring case, spaces, 🚩, accents, or an alias
    USER = "user"            # chosen by the user
    UNKNOWN = "unknown"      # no Upflow column or custom field has this name
    IGNORED = "ignored"      # the user chose to leave it out
    DUPLICATE = "duplicate"  # an earlier column already has the same target


@dataclass(frozen=True)
class MappedColumn:
    position: int
    header: str
    target: str | None       # Upflow column name or custom field name
    match: Match
    suggestion: str | None = None  # closest known name, for unknown columns

    @property
    def is_custom_field(self) -> bool:
        return self.target is not None and self.target not in COLUMNS_BY_NAME

    @property
    def is_active(self) -> bool:
        """Whether the column's values are checked under its target's rules."""
        return self.target is not None and self.match not in (Match.DUPLICATE, Match.IGNORED)


@dataclass(frozen=True)
class ColumnMapping:
    columns: tuple[MappedColumn, ...]
    sections: frozenset[Section]

    @property
    def active(self) -> tuple[MappedColumn, ...]:
        return tuple(column for column in self.columns if column.is_active)

    @property
    def ignored(self) -> frozenset[int]:
        """The positions of the columns the person chose to leave out of the check: not
        checked, not counted as a repeated header, and left out of the corrected file
        unless the person keeps them."""
        return frozenset(column.position for column in self.columns
                         if column.match is Match.IGNORED)

    @property
    def targets(self) -> dict[str, MappedColumn]:
        return {column.target: column for column in self.active if column.target}

    def header_of(self, target: str) -> str:
        """The header as the user wrote it for a target (for findings)."""
        mapped = self.targets.get(target)
        return mapped.header if mapped else target

    @property
    def id_column(self) -> str | None:
        """The target holding the customer identifier, if the file has one."""
        return next((name for name in ID_COLUMNS if name in self.targets), None)


def header_key(header: str) -> str:
    return key_of(header.replace("🚩", ""))


def _known_names(definitions: Definitions) -> dict[str, str]:
    """Tolerant key → canonical name, Upflow columns (and aliases) before custom fields.

    A name without letters or digits (a custom field called "#") has an empty key:
    it is matched exactly only, or every empty header would be taken for it."""
    known: dict[str, str] = {}
    for column in UPFLOW_COLUMNS:
        for name in column.names:
            known.setdefault(header_key(name), column.name)
    for field in definitions.custom_fields:
        known.setdefault(header_key(field.name), field.name)
    known.pop("", None)
    return known


def _all_names(definitions: Definitions) -> list[str]:
    return [column.name for column in UPFLOW_COLUMNS] + [f.name for f in definitions.custom_fields]


def _spellings(definitions: Definitions) -> dict[str, str]:
    """Every spelling an unknown header is compared with (Upflow's names, their English
    and French aliases, the custom fields) → the name it stands for, so a suggestion
    comes from either language."""
    spellings = {name: column.name for column in UPFLOW_COLUMNS for name in column.names}
    for field in definitions.custom_fields:
        spellings.setdefault(field.name, field.name)
    return spellings


def map_headers(headers: tuple[str, ...] | list[str], definitions: Definitions,
                overrides: MappingType[int, str] | None = None) -> ColumnMapping:
    """Map each header to its target; `overrides` maps a position to a target name, or
    to IGNORE to leave the column out."""
    overrides = overrides or {}
    exact = {name: name for name in _all_names(definitions)}
    tolerant = _known_names(definitions)
    # The keys of the spellings an unknown header is compared with, made once (a file
    # with thousands of unknown columns would otherwise make them once per column).
    spellings = _spellings(definitions)
    choices = {spelling: header_key(spelling) for spelling in spellings}
    keys = [header_key(header) for header in headers]
    found = [_map_one(position, header, key, overrides, exact, tolerant)
             for position, (header, key) in enumerate(zip(headers, keys, strict=True))]
    unknown = [at for at, column in enumerate(found) if column.match is Match.UNKNOWN]
    suggested = _closest([keys[at] for at in unknown], choices)
    for at, closest in zip(unknown, suggested, strict=True):
        if closest is not None:
            found[at] = replace(found[at], suggestion=spellings[closest])
    seen: set[str] = set()
    mapped: list[MappedColumn] = []
    for column in found:
        if column.target is not None and column.is_active:
            if column.target in seen:
                column = MappedColumn(column.position, column.header, column.target,
                                      Match.DUPLICATE)
            seen.add(column.target)
        mapped.append(column)
    return ColumnMapping(tuple(mapped), _sections(mapped, definitions))


def _map_one(position: int, header: str, key: str, overrides: MappingType[int, str],
             exact: dict[str, str], tolerant: dict[str, str]) -> MappedColumn:
    """The header's target, or UNKNOWN (its suggestion is found for all of them at
    once, by `_closest`)."""
    if position in overrides:
        chosen = overrides[position]
        if chosen == IGNORE:
            return MappedColumn(position, header, None, Match.IGNORED)
        if chosen in exact:
            return MappedColumn(position, header, chosen, Match.USER)
    if header in exact:
        return MappedColumn(position, header, header, Match.EXACT)
    if key in tolerant:
        return MappedColumn(position, header, tolerant[key], Match.TOLERANT)
    return MappedColumn(position, header, None, Match.UNKNOWN)


def _closest(keys: list[str], choices: dict[str, str]) -> list[str | None]:
    """For each header's key, the spelling whose key is closest (choices: spelling →
    key), at least 75 % alike; None for an empty key. Compared all at once, in slices
    of headers that bound the table of scores: one comparison call per header cost a
    16,384-column file a quarter of a second."""
    spellings, spelling_keys = list(choices), list(choices.values())
    closest: list[str | None] = [None] * len(keys)
    asked = [at for at, key in enumerate(keys) if key]
    for start in range(0, len(asked) if spellings else 0, _SLICE):
        part = asked[start:start + _SLICE]
        scores = process.cdist([keys[at] for at in part], spelling_keys, scorer=fuzz.ratio,
                               score_cutoff=_LEAST_ALIKE, dtype=np.float64)
        best = scores.argmax(axis=1)  # the first of equal scores, as extractOne chooses
        for at, row, column in zip(part, range(len(part)), best, strict=True):
            if scores[row, column] >= _LEAST_ALIKE:
                closest[at] = spellings[column]
    return closest


def _sections(mapped: list[MappedColumn], definitions: Definitions) -> frozenset[Section]:
    sections: set[Section] = set()
    for column in mapped:
        if not column.is_active or column.target is None:
            continue
        upflow = COLUMNS_BY_NAME.get(column.target)
        if upflow is None:
            sections.add(Section.CUSTOM_FIELDS)
        elif upflow.marks_section:
            sections.add(upflow.section)
    return frozenset(sections)


def mapping_findings(mapping: ColumnMapping, definitions: Definitions, *,
                     usable: bool = True) -> pd.DataFrame:
    """The column-level findings of a mapping, in the order of the file's columns, then
    the missing columns, then whether the file has anything to import. `usable` is
    False when reading found the file empty or unreadable: that finding says it all,
    so the file does not also get `no_import_columns`."""
    unknown = [column for column in mapping.columns if column.match is Match.UNKNOWN]
    known = findings_frame(item for column in mapping.columns if column.match is not Match.UNKNOWN
                           for item in _column_findings(column, mapping, definitions))
    by_column = concat_findings([_unknown_columns(unknown), known])
    in_file_order = np.argsort(by_column[POSITION].to_numpy(dtype=np.int64), kind="stable")
    rest = [*_missing_columns(mapping), *(_no_import_columns(mapping) if usable else [])]
    return concat_findings([by_column.take(in_file_order), findings_frame(rest)])


def _unknown_columns(columns: list[MappedColumn]) -> pd.DataFrame:
    """`unknown_column` for each of `columns`, with the closest name when there is one,
    made together: a file can have thousands."""
    did_you_mean, empty = _(" (did you mean '{fix}'?)"), _(" (the header is empty)")
    suggestions = [column.suggestion for column in columns]
    details = [did_you_mean.format(fix=suggestion) if suggestion
               else "" if column.header.strip() else empty
               for column, suggestion in zip(columns, suggestions, strict=True)]
    return headers_findings("unknown_column", [column.header for column in columns],
                            [column.position for column in columns], suggestions, details)


def _no_import_columns(mapping: ColumnMapping) -> list[Finding]:
    """`no_import_columns` when the file has headers but no import section: no header
    is an Upflow column or a custom field, or the only ones are identifiers (which mark
    no section: they say which customer a line is about and change nothing)."""
    if mapping.sections or not mapping.columns:
        return []
    identifiers = [_("'{value}'").format(value=column.header) for column in mapping.active]
    if len(identifiers) == 1:
        detail = _("its only Upflow column, {column}, is an identifier, which says which "
                   "customer a line is about but changes nothing").format(column=identifiers[0])
    elif identifiers:
        detail = _("its only Upflow columns, {columns} and {last}, are identifiers, which say "
                   "which customer a line is about but change nothing").format(
                       columns=", ".join(identifiers[:-1]), last=identifiers[-1])
    elif any(column.match is Match.IGNORED for column in mapping.columns):
        detail = _("every column is either unknown to Upflow or set to be ignored")
    else:
        detail = _("no column is an Upflow column or a custom field of your organization")
    return [finding("no_import_columns", detail=detail)]


def _column_findings(column: MappedColumn, mapping: ColumnMapping,
                     definitions: Definitions) -> list[Finding]:
    """The findings of a column the file's mapping knows (`_unknown_columns`: the others)."""
    header = column.header
    if column.match is Match.DUPLICATE:
        first = mapping.targets[column.target or ""].header
        if first == header:
            return []  # identical headers: already reported when the file was read
        return [finding("duplicate_header", column=header, position=column.position,
                        detail=_(": '{first}' and '{header}' are both '{target}'").format(
                            first=first, header=header, target=column.target))]
    if not column.is_active or column.target is None:
        return []
    items: list[Finding] = []
    if column.match is Match.TOLERANT:
        items.append(finding("header_alias", column=header, fix=column.target,
                             position=column.position))
    upflow = COLUMNS_BY_NAME.get(column.target)
    if upflow is None:
        field = definitions.custom_field(column.target)
        if field is not None and field.managed is Managed.SYNCED:
            items.append(finding("synced_custom_field", column=header,
                                 position=column.position))
    elif not is_allowed(upflow.permission, definitions.source_system):
        items.append(finding("section_not_allowed", column=header, position=column.position,
                             detail=_(SOURCE_SYSTEM_LABELS[definitions.source_system])))
    return items


def _missing_columns(mapping: ColumnMapping) -> list[Finding]:
    items: list[Finding] = []
    reported: set[str] = set()
    for section in sorted(mapping.sections, key=list(Section).index):
        for name in MANDATORY[section]:
            present = (mapping.id_column is not None if name in ID_COLUMNS
                       else name in mapping.targets)
            if not present and name not in reported:
                reported.add(name)
                items.append(finding("missing_column", column=name,
                                     detail=section_name(section)))
    return items
