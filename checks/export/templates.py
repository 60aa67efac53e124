"""Blank import templates: the header line Upflow expects, for one or more sections.

Built from the organization's definitions: its Upflow-managed custom fields become
columns (synced ones cannot be imported), and columns its source system does not
let it update by CSV are left out, so a template never invites a rejected column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from checks.definitions.document import Definitions, Managed
from checks.export.csv import ExportOptions, export_csv
from checks.i18n import _
from checks.model.columns import COLUMNS_BY_NAME, Section, is_allowed
from checks.model.errors import UsageError
from checks.model.table import Table


@dataclass(frozen=True)
class TemplateSection:
    name: str                    # as typed on the command line
    section: Section | None      # None: every section ("All of the above")
    columns: tuple[str, ...]     # Upflow columns, in Upflow's order


_DETAILS = ("Customer name", "Customer ID", "Accounting code", "VAT number", "Address",
            "Postal code", "Town", "State/Region", "Country")
_CONTACTS = ("Customer name", "Client ID (External ID)", "Contact email address",
             "First name", "Family name", "Phone number", "Position", "Main contact")

TEMPLATE_SECTIONS: dict[str, TemplateSection] = {
    "details": TemplateSection("details", Section.DETAILS, _DETAILS),
    "groups": TemplateSection("groups", Section.GROUPS,
                              ("Customer name", "Customer ID", "Parent name", "Parent ID")),
    "assignment": TemplateSection("assignment", Section.ASSIGNMENT,
                                  ("Customer name", "External ID", "Account manager",
                                   "Workflow")),
    "custom-fields": TemplateSection("custom-fields", Section.CUSTOM_FIELDS,
                                     ("Customer name", "External ID")),
    "contacts": TemplateSection("contacts", Section.CONTACTS, _CONTACTS),
    "all": TemplateSection("all", None, (*_DETAILS, "Parent name", "Parent ID",
                                         "Account manager", "Workflow",
                                         *_CONTACTS[2:])),
}

_ID_NAMES = ("Customer ID", "External ID", "Client ID (External ID)")


def template_columns(sections: Iterable[str], definitions: Definitions) -> list[str]:
    """The header of a template holding `sections`, in Upflow's order, each column
    once, with one name for the customer identifier."""
    chosen = _sections(sections)
    columns: list[str] = []
    for item in chosen:
        columns += [c for c in item.columns if c not in columns]
        if item.section in (Section.CUSTOM_FIELDS, None):
            columns += [f.name for f in definitions.custom_fields
                        if f.managed is Managed.UPFLOW and f.name not in columns]
    ids = [c for c in columns if c in _ID_NAMES]
    columns = [c for c in columns if c not in ids[1:]]  # one identifier column is enough
    return [c for c in columns if _allowed(c, definitions)]


def allowed_values(sections: Iterable[str], definitions: Definitions) -> list[str]:
    """What the organization allows in the template's closed-list columns (its contact
    positions, its workflows), one line each: a template is filled by hand, and these
    must be written exactly as the organization names them. The column's name is
    Upflow's, as in the header; the rest of the line is in the current language."""
    columns = template_columns(sections, definitions)
    lines = []
    if "Position" in columns:
        lines.append(_("{column}: {values}").format(column="Position",
                                                    values=_one_of(definitions.positions)))
    if "Workflow" in columns and definitions.workflows:
        lines.append(_("{column}: {values}").format(column="Workflow",
                                                    values=_one_of(definitions.workflows)))
    return lines


def _one_of(names: tuple[str, ...]) -> str:
    if len(names) == 1:
        return names[0]
    return _("one of {names} or {last}").format(names=", ".join(names[:-1]), last=names[-1])


def left_out(sections: Iterable[str], definitions: Definitions) -> list[str]:
    """Columns of those sections the organization's source system does not allow."""
    chosen = _sections(sections)
    names = dict.fromkeys(c for item in chosen for c in item.columns)
    return [c for c in names if not _allowed(c, definitions)]


def template_csv(sections: Iterable[str], definitions: Definitions, separator: str = ";",
                 line_ending: str = "\r\n", bom: bool = False) -> bytes:
    """The template as CSV bytes: the header line only, written by the export writer."""
    columns = template_columns(sections, definitions)
    table = Table(name="template", headers=tuple(columns),
                  data=pd.DataFrame({i: pd.Series([], dtype="str") for i in range(len(columns))}))
    options = ExportOptions(separator=separator, line_ending=line_ending, bom=bom,
                            canonical_headers=False)
    return export_csv(table, None, options)


def _allowed(column: str, definitions: Definitions) -> bool:
    upflow = COLUMNS_BY_NAME.get(column)
    return upflow is None or is_allowed(upflow.permission, definitions.source_system)


def _sections(names: Iterable[str]) -> list[TemplateSection]:
    chosen = []
    for name in names:
        key = name.strip().lower().replace(" ", "-").replace("_", "-")
        if key not in TEMPLATE_SECTIONS:
            raise UsageError(_("unknown section '{name}' (choose from: {sections})").format(
                name=name, sections=", ".join(TEMPLATE_SECTIONS)))
        chosen.append(TEMPLATE_SECTIONS[key])
    if not chosen:
        raise UsageError(_("name at least one section"))
    return chosen
