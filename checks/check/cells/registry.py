"""Which value rules apply to which column: the one place that decides it.

Two explicit tables, one entry per member of `Kind` (Upflow's columns) and of
`FieldType` (custom fields), checked at import: a new kind or field type that nobody
mapped stops the engine from loading instead of being checked by another type's
rules, or by none, without a word.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from types import ModuleType
from typing import TypeVar

from checks.check.cells import (
    booleans,
    contacts,
    dates,
    emails,
    formula_like,
    id_damage,
    numbers,
    options,
    spaces,
    text_fields,
)
from checks.check.cells.base import CellCheck, CheckOptions
from checks.definitions.document import CustomField, Definitions, FieldType
from checks.model.columns import COLUMNS_BY_NAME, Kind

#: Every module of value rules; each declares the codes it implements (`IMPLEMENTS`).
CELL_MODULES: tuple[ModuleType, ...] = (
    booleans, contacts, dates, emails, formula_like, id_damage, numbers, options, spaces,
    text_fields,
)

KindChecks = Callable[[Definitions], list[CellCheck]]
FieldChecks = Callable[[CustomField, CheckOptions], list[CellCheck]]
E = TypeVar("E", bound=Enum)


def require_every_member(table: Mapping[E, object], members: type[E], name: str) -> None:
    """Raise LookupError unless `table` has an entry for every member of `members`:
    called at import on the tables below, so an unmapped member fails loudly."""
    missing = [f"{members.__name__}.{member.name}" for member in members if member not in table]
    if missing:
        raise LookupError(f"{name} has no entry for {', '.join(missing)}")


def _free_text(_definitions: Definitions) -> list[CellCheck]:
    """Free text and phone numbers: Upflow enforces no format, only formula safety
    (added to every column) applies."""
    return []


#: The value rules of each kind of Upflow column (checks.model.columns).
UPFLOW_CHECKS: dict[Kind, KindChecks] = {
    Kind.NAME: lambda _definitions: [spaces.whitespace_check()],
    Kind.ID: lambda _definitions: [id_damage.id_damaged_check(), spaces.whitespace_check()],
    Kind.TEXT: _free_text,
    Kind.EMAIL: lambda _definitions: [*emails.contact_email_checks(),
                                      spaces.whitespace_check()],
    Kind.MEMBER_EMAILS: lambda definitions: [
        *emails.account_manager_checks(definitions.members),
        emails.account_manager_whitespace_check()],
    Kind.WORKFLOW: lambda definitions: [*options.workflow_checks(definitions.workflows),
                                        spaces.whitespace_check()],
    Kind.POSITION: lambda definitions: [*options.position_checks(definitions.positions),
                                        spaces.whitespace_check()],
    Kind.MAIN_CONTACT: lambda _definitions: [*contacts.main_contact_checks()],
    Kind.PHONE: _free_text,
}

#: The value rules of each type of custom field.
FIELD_CHECKS: dict[FieldType, FieldChecks] = {
    FieldType.TEXT: lambda _field, _options: [*text_fields.text_checks()],
    FieldType.NUMBER: lambda _field, _options: [*numbers.number_checks()],
    FieldType.DATE: lambda _field, check_options: [*dates.date_checks(check_options)],
    FieldType.BOOLEAN: lambda _field, _options: [*booleans.boolean_checks()],
    FieldType.SINGLE_SELECT: lambda field, _options: [*options.select_checks(field),
                                                      spaces.whitespace_check()],
    FieldType.MULTI_SELECT: lambda field, _options: [
        *options.multi_select_checks(field), options.multi_select_whitespace_check()],
}

require_every_member(UPFLOW_CHECKS, Kind, "UPFLOW_CHECKS")
require_every_member(FIELD_CHECKS, FieldType, "FIELD_CHECKS")


def cell_checks(target: str | None, definitions: Definitions,
                check_options: CheckOptions) -> list[CellCheck]:
    """The value rules of a column: its target's rules, and formula safety for every
    column (also the ones Upflow does not know, since they are exported too)."""
    if target is None:
        return [formula_like.formula_check()]
    upflow = COLUMNS_BY_NAME.get(target)
    if upflow is not None:
        found = UPFLOW_CHECKS[upflow.kind](definitions)
    else:
        field = definitions.custom_field(target)
        found = FIELD_CHECKS[field.type](field, check_options) if field else []
    return [*found, formula_like.formula_check()]
