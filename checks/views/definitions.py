"""Definitions as editable tables, and back to a document the strict parser judges.

The Definitions page edits custom fields, members, workflows, customers and contact
positions as tables
(one row each). Turning those rows back into a document lives here, not in the page,
so it is tested without a browser, and so an edit goes through exactly the same
validation (`definitions_from_dict`) as a file or a URL: the editor never has rules
of its own that could drift from the parser's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from checks.definitions.document import Definitions, SourceSystem
from checks.i18n import N_, _, counted
from checks.model.columns import SOURCE_SYSTEM_LABELS, UPFLOW_COLUMNS, Permission, is_allowed

#: What the pages use (through `checks.views`).
__all__ = [
    "DefinitionsTables", "definitions_changes", "describe_definitions",
    "document_from_tables", "import_rights", "source_system_label", "to_tables",
]

FIELD_COLUMNS = ("name", "type", "options", "managed")
MEMBER_COLUMNS = ("email", "roles")
WORKFLOW_COLUMNS = ("workflow",)
CUSTOMER_COLUMNS = ("id", "name")
POSITION_COLUMNS = ("position",)

#: Each row of the import rights table, as people read it.
PERMISSION_NAMES = {
    Permission.DETAILS: N_("Details"),
    Permission.CONTACT_MAIN: N_("Contact main information"),
    Permission.CONTACT_POSITION: N_("Contact position"),
    Permission.MAIN_CONTACT: N_("Main contact"),
    Permission.ASSIGNMENT: N_("Account managers and workflows"),
}

#: What a save adds to or removes from each list, as a line of the preview.
_CHANGED_LISTS = (
    ("custom fields", N_("custom fields added: {items}"), N_("custom fields removed: {items}")),
    ("members", N_("members added: {items}"), N_("members removed: {items}")),
    ("workflows", N_("workflows added: {items}"), N_("workflows removed: {items}")),
    ("known customers", N_("known customers added: {items}"),
     N_("known customers removed: {items}")),
    ("contact positions", N_("contact positions added: {items}"),
     N_("contact positions removed: {items}")),
)


@dataclass(frozen=True)
class DefinitionsTables:
    """One table per list of the document; every cell is text (lists joined)."""

    custom_fields: pd.DataFrame
    members: pd.DataFrame
    workflows: pd.DataFrame
    customers: pd.DataFrame
    positions: pd.DataFrame


def to_tables(definitions: Definitions) -> DefinitionsTables:
    """The lists of a document as text tables, ready for an editor."""
    fields = [(f.name, f.type.value, join_list(f.options), f.managed.value)
              for f in definitions.custom_fields]
    members = [(m.email, join_list(m.roles)) for m in definitions.members]
    workflows = [(w,) for w in definitions.workflows]
    customers = [(c.id, c.name) for c in definitions.customers]
    positions = [(p,) for p in definitions.positions]
    return DefinitionsTables(_frame(fields, FIELD_COLUMNS), _frame(members, MEMBER_COLUMNS),
                             _frame(workflows, WORKFLOW_COLUMNS),
                             _frame(customers, CUSTOMER_COLUMNS),
                             _frame(positions, POSITION_COLUMNS))


def document_from_tables(organization: str, source_system: str,
                         tables: DefinitionsTables) -> dict[str, Any]:
    """The document the tables describe, for `definitions_from_dict` to validate.

    Rows left entirely empty (an added row never filled in) are dropped; anything
    else is passed on as typed, so the parser reports it rather than it vanishing.
    """
    custom_fields = []
    for row in _rows(tables.custom_fields, FIELD_COLUMNS):
        field: dict[str, Any] = {"name": row["name"], "type": row["type"]}
        if row["options"]:
            field["options"] = split_list(row["options"])
        if row["managed"]:
            field["managed"] = row["managed"]
        custom_fields.append(field)
    return {
        "organization": organization.strip(),
        "source_system": source_system,
        "custom_fields": custom_fields,
        "members": [{"email": row["email"], "roles": split_list(row["roles"])}
                    for row in _rows(tables.members, MEMBER_COLUMNS)],
        "workflows": [row["workflow"] for row in _rows(tables.workflows, WORKFLOW_COLUMNS)],
        "customers": [{"id": row["id"], "name": row["name"]}
                      for row in _rows(tables.customers, CUSTOMER_COLUMNS)],
        "positions": [row["position"] for row in _rows(tables.positions, POSITION_COLUMNS)],
    }


def split_list(text: str) -> list[str]:
    """Items typed in one cell: one per line when there are line breaks (so an option
    may hold a comma), otherwise separated by commas."""
    separator = "\n" if "\n" in text else ","
    return [item.strip() for item in text.split(separator) if item.strip()]


def join_list(items: tuple[str, ...] | list[str]) -> str:
    """The cell text for a list, which `split_list` reads back to the same items."""
    return "\n".join(items) if any("," in item for item in items) else ", ".join(items)


def import_rights(system: SourceSystem) -> pd.DataFrame:
    """What an organization on `system` may update by CSV, column by column (RULES.md),
    in the current language (Upflow's column names stay as they are)."""
    rows = [(_("Identifying columns"), _columns_of(Permission.IDENTIFYING), _("always"))]
    for permission in Permission:
        if permission is not Permission.IDENTIFYING:
            allowed = _("yes") if is_allowed(permission, system) else _("no")
            name = PERMISSION_NAMES.get(permission, permission.value.capitalize())
            rows.append((_(name), _columns_of(permission), allowed))
    rows.append((_("Custom fields"), _("each Upflow-managed custom field"),
                 _("yes (synced fields: no)")))
    return pd.DataFrame(rows, columns=[_("what"), _("columns"), _("can be updated by CSV")])


def source_system_label(system: SourceSystem) -> str:
    """The source system as people name it (translated when the label is marked where
    it is defined, `checks.model.columns`)."""
    return _(SOURCE_SYSTEM_LABELS[system])


def describe_definitions(definitions: Definitions) -> str:
    """One line that says what a document holds, for a preview before saving it."""
    fields = definitions.custom_fields
    synced = sum(1 for f in fields if f.managed.value == "synced")
    managers = sum(1 for m in definitions.members if m.is_account_manager)
    return _("{organization}: source system {system}; {fields} ({synced} synced); "
             "{members} ({managers} account managers); {workflows}; {customers}; "
             "{positions}.").format(
        organization=definitions.organization,
        system=source_system_label(definitions.source_system),
        fields=counted(len(fields), "{count} custom field", "{count} custom fields"),
        synced=synced,
        members=counted(len(definitions.members), "{count} member", "{count} members"),
        managers=managers,
        workflows=counted(len(definitions.workflows), "{count} workflow", "{count} workflows"),
        customers=counted(len(definitions.customers), "{count} known customer",
                          "{count} known customers"),
        positions=counted(len(definitions.positions), "{count} contact position",
                          "{count} contact positions"))


def definitions_changes(before: Definitions, after: Definitions) -> list[str]:
    """What saving `after` over `before` would change, one plain line per kind."""
    lines = []
    if before.organization != after.organization:
        lines.append(_("organization: {before} → {after}").format(
            before=before.organization, after=after.organization))
    if before.source_system != after.source_system:
        lines.append(_("source system: {before} → {after}").format(
            before=source_system_label(before.source_system),
            after=source_system_label(after.source_system)))
    items = {
        "custom fields": ([f.name for f in before.custom_fields],
                          [f.name for f in after.custom_fields]),
        "members": ([m.email for m in before.members], [m.email for m in after.members]),
        "workflows": (list(before.workflows), list(after.workflows)),
        "known customers": ([c.id for c in before.customers], [c.id for c in after.customers]),
        "contact positions": (list(before.positions), list(after.positions)),
    }
    for what, added_line, removed_line in _CHANGED_LISTS:
        old, new = items[what]
        added = [item for item in new if item not in old]
        removed = [item for item in old if item not in new]
        if added:
            lines.append(_(added_line).format(items=_listing(added)))
        if removed:
            lines.append(_(removed_line).format(items=_listing(removed)))
    changed = [f.name for f in after.custom_fields
               if (old_field := before.custom_field(f.name)) is not None and old_field != f]
    if changed:
        lines.append(_("custom fields changed: {items}").format(items=_listing(changed)))
    return lines


def _frame(rows: list[tuple[str, ...]], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns), dtype=object)


def _rows(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The frame's rows as stripped text (missing cells and columns are empty), minus
    the rows where every cell is empty."""
    rows = []
    for record in frame.to_dict("records"):
        row = {column: _text(record.get(column)) for column in columns}
        if any(row.values()):
            rows.append(row)
    return rows


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return re.sub(r"\r\n?", "\n", str(value)).strip()


def _columns_of(permission: Permission) -> str:
    return ", ".join(c.name for c in UPFLOW_COLUMNS if c.permission is permission)


def _listing(items: list[str], shown: int = 6) -> str:
    """Names separated by commas, cut short so a big import stays one readable line."""
    if len(items) <= shown:
        return ", ".join(items)
    return _("{names} and {count} more").format(names=", ".join(items[:shown]),
                                                count=len(items) - shown)
