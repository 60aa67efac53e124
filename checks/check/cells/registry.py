"""Which value rules apply to which column: the one place that decides it."""

from __future__ import annotations

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


def cell_checks(target: str | None, definitions: Definitions,
                check_options: CheckOptions) -> list[CellCheck]:
    """The value rules of a column: its target's rules, and formula safety for every
    column (also the ones Upflow does not know, since they are exported too)."""
    if target is None:
        return [formula_like.formula_check()]
    upflow = COLUMNS_BY_NAME.get(target)
    if upflow is not None:
        found = _upflow_checks(upflow.kind, definitions)
    else:
        field = definitions.custom_field(target)
        found = _custom_field_checks(field, check_options) if field else []
    return [*found, formula_like.formula_check()]


def _upflow_checks(kind: Kind, definitions: Definitions) -> list[CellCheck]:
    if kind is Kind.NAME:
        return [spaces.whitespace_check()]
    if kind is Kind.ID:
        return [id_damage.id_damaged_check(), spaces.whitespace_check()]
    if kind is Kind.EMAIL:
        return [*emails.contact_email_checks(), spaces.whitespace_check()]
    if kind is Kind.MEMBER_EMAILS:
        return [*emails.account_manager_checks(definitions.members),
                emails.account_manager_whitespace_check()]
    if kind is Kind.WORKFLOW:
        return [*options.workflow_checks(definitions.workflows), spaces.whitespace_check()]
    if kind is Kind.POSITION:
        return [*options.position_checks(), spaces.whitespace_check()]
    if kind is Kind.MAIN_CONTACT:
        return [*contacts.main_contact_checks()]
    return []


def _custom_field_checks(field: CustomField, check_options: CheckOptions) -> list[CellCheck]:
    if field.type is FieldType.TEXT:
        return [*text_fields.text_checks()]
    if field.type is FieldType.NUMBER:
        return [*numbers.number_checks()]
    if field.type is FieldType.DATE:
        return [*dates.date_checks(check_options)]
    if field.type is FieldType.BOOLEAN:
        return [*booleans.boolean_checks()]
    if field.type is FieldType.SINGLE_SELECT:
        return [*options.select_checks(field), spaces.whitespace_check()]
    return [*options.multi_select_checks(field), options.multi_select_whitespace_check()]
